-- Entities on bad input: never an error for text, never a crash, bounded work.

SELECT count(*) FROM entities('');
SELECT count(*) FROM entity_mentions(E' \n\t ');
SELECT entity_keys('!!! ??? ... --- (((');
SELECT entities(NULL) IS NULL AS strict;
-- control characters, replacement characters, emoji, private use, lone combining marks
SELECT count(*) >= 0 AS ok FROM entities(E'\x01\x02\x7f\u0080\ufffd\ufffd Berlin \U0001F600\U0001F600 \ue000\u0301\u0301 Paris\x0b\x0c');
SELECT kind, name FROM entities(E'\ufffdAngela Merkel\ufffd visited Paris\U0001F600.') ORDER BY 2;
-- a very long token, and very long names
SELECT count(*) FROM entities(repeat('A', 300000));
SELECT count(*) FROM entities(repeat('Xy', 100000) || ' met Angela Merkel.');
SELECT count(*) FROM entities(repeat('Alpha Beta ', 20000));
-- a long article: pieces are tagged one at a time, offsets stay right across them
SELECT count(*) AS mentions, count(DISTINCT key) AS keys,
       bool_and(substr(b, start + 1, "end" - start) = surface) FILTER (WHERE start > 70000) AS offsets_ok_late
FROM (SELECT repeat('Angela Merkel met Emmanuel Macron in Paris on Monday. ', 1500) AS b) t, entity_mentions(b);
-- characters beyond the BMP before a name: offsets count characters, not UTF-16 units
SELECT start, "end", surface FROM entity_mentions(E'\U0001F600\U0001F600 Angela Merkel spoke.');
-- similarity arguments
SELECT entity_similarity(ARRAY[NULL]::text[], ARRAY[NULL]::text[]);
SELECT entity_similarity(ARRAY[['PER:a']], ARRAY['PER:a']);
-- a corrupt model is refused with a clear error, and the installed one stays in use
SELECT entity_model_load('\x00010203'::bytea);
SELECT entity_model_load(decode(repeat('50474145', 100), 'hex'));
SELECT count(*) > 0 AS still_works FROM entities('Angela Merkel visited Paris.');
-- training input is checked
SELECT entity_train(ARRAY['Angela Merkel spoke.'], ARRAY[1], ARRAY[0], ARRAY[13], ARRAY['XYZ']);
SELECT entity_train(ARRAY['Angela Merkel spoke.'], ARRAY[2], ARRAY[0], ARRAY[13], ARRAY['PER']);
SELECT entity_train(ARRAY['Angela Merkel spoke.'], ARRAY[1], ARRAY[0], ARRAY[13], ARRAY['PER'], 0);
SELECT length(entity_train(ARRAY['Angela Merkel spoke.'], ARRAY[1], ARRAY[0], ARRAY[13], ARRAY['PER'], 1, 1, 10)) > 0 AS trains;
-- an article repeating its names many times: short person names are linked per distinct name, so the cost
-- stays linear in the mentions (it was quadratic); the names still link to the full name
SELECT count(*) AS mentions, count(*) FILTER (WHERE surface = 'Merkel' AND name = 'Angela Merkel') AS linked
FROM entity_mentions(repeat('Angela Merkel met Emmanuel Macron in Paris on Monday. Merkel said so. ', 6000));
