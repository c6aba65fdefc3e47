-- Indexes on ntext: answers equal sequential scans; indexes are valid.

CREATE TEMP TABLE docs AS
SELECT g AS id,
       (CASE g % 4 WHEN 0 THEN upper(t) WHEN 1 THEN replace(t, '''', '’') WHEN 2 THEN '  ' || t || E'\n' ELSE t END)::ntext AS title
FROM generate_series(1, 4000) g,
     LATERAL (SELECT 'Headline ' || (g % 1000) || ' it''s about topic ' || (g % 37) AS t) s;
CREATE INDEX docs_title_btree ON docs (title);
ANALYZE docs;

CREATE TEMP TABLE probes(q ntext);
INSERT INTO probes VALUES ('HEADLINE 7 IT’S ABOUT TOPIC 7'), ('headline 500 it''s about topic 19'), ('nothing like it'), ('Headline 999 it’s about topic 0');

-- sequential scan answers
SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq_eq AS SELECT p.q, array_agg(d.id ORDER BY d.id) ids FROM probes p LEFT JOIN docs d ON d.title = p.q GROUP BY p.q;
CREATE TEMP TABLE seq_range AS SELECT array_agg(id ORDER BY id) ids FROM docs WHERE title >= 'headline 10' AND title < 'headline 11';
RESET enable_indexscan; RESET enable_bitmapscan;

-- B-tree
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM docs WHERE title = 'headline 7 it''s about topic 7';
SELECT p.q, (SELECT array_agg(d.id ORDER BY d.id) FROM docs d WHERE d.title = p.q) = s.ids
            OR ((SELECT count(*) FROM docs d WHERE d.title = p.q) = 0 AND s.ids = '{NULL}') AS btree_equals_seqscan
FROM probes p JOIN seq_eq s USING (q) ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT id FROM docs WHERE title >= 'headline 10' AND title < 'headline 11';
SELECT (SELECT array_agg(id ORDER BY id) FROM docs WHERE title >= 'headline 10' AND title < 'headline 11') = ids AS range_equals_seqscan,
       cardinality(ids) AS n FROM seq_range;
EXPLAIN (COSTS OFF) SELECT title FROM docs ORDER BY title LIMIT 3;
SELECT title FROM docs ORDER BY title LIMIT 3;

-- Hash
DROP INDEX docs_title_btree;
CREATE INDEX docs_title_hash ON docs USING hash (title);
EXPLAIN (COSTS OFF) SELECT id FROM docs WHERE title = 'headline 7 it''s about topic 7';
SELECT p.q, (SELECT array_agg(d.id ORDER BY d.id) FROM docs d WHERE d.title = p.q) = s.ids
            OR ((SELECT count(*) FROM docs d WHERE d.title = p.q) = 0 AND s.ids = '{NULL}') AS hash_equals_seqscan
FROM probes p JOIN seq_eq s USING (q) ORDER BY 1;
RESET enable_seqscan; RESET enable_bitmapscan;

-- amcheck: the B-tree is well ordered and holds every heap tuple; the operator classes validate.
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE INDEX docs_title_btree ON docs (title);
SELECT bt_index_check('docs_title_btree', true);
SELECT bt_index_parent_check('docs_title_btree', true);
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcname = 'ntext_ops' ORDER BY 2;
