-- Writes the predictions of the current entity model for the documents of table docs(id, text)
-- as JSONL lines (one per document) on stdout; used by tools/ner/train_model and test/eval/entities/run.
\pset format unaligned
\pset tuples_only on
\if :{?model_table}
SELECT entity_model_load(m) FROM :model_table \gset
\endif
SELECT json_build_object('id', d.id, 'entities',
	COALESCE((SELECT json_agg(json_build_object('start', m.start, 'end', m."end", 'type', m.kind, 'text', m.surface)
	                          ORDER BY m.start)
	          FROM entity_mentions(d.text) m), '[]'::json))
FROM docs d ORDER BY d.id;
