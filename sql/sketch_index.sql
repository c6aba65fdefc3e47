-- Index support for sketches: answers equal sequential scans; plans use the indexes.

CREATE TEMP TABLE src(id serial, source text, url text, published date, title text, body text);
\copy src(source, url, published, title, body) FROM 'data/sample/articles.tsv'
-- Each article with three edited copies: retyped, shortened by its last sentence, and words replaced.
CREATE TEMP TABLE docs(id bigserial PRIMARY KEY, orig int, body text, sk minhash);
INSERT INTO docs(orig, body)
SELECT id, v.body FROM src, LATERAL (VALUES
	(body),
	(upper(replace(body, '“', '"'))),
	(regexp_replace(body, '[^.]+\.\s*$', '')),
	(regexp_replace(body, '\m(said|says|the)\M', 'X', 'g'))) v(body)
ORDER BY id;
UPDATE docs SET sk = sketch(body);
ANALYZE docs;

CREATE TEMP TABLE probes AS SELECT id, sk FROM docs WHERE id % 7 = 1;
CREATE FUNCTION pg_temp.answers(t real) RETURNS TABLE(probe bigint, ids bigint[]) LANGUAGE sql AS $$
	SELECT p.id, (SELECT array_agg(d.id ORDER BY d.id) FROM docs d WHERE d.sk % sketch_query(p.sk, t)) FROM probes p ORDER BY p.id
$$;

-- sequential answers
SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq_answers AS SELECT t, a.* FROM unnest(ARRAY[0.6, 0.7, 0.8, 0.9]::real[]) t, pg_temp.answers(t) a;
CREATE TEMP TABLE seq_knn AS
	SELECT p.id AS probe, (SELECT array_agg(id ORDER BY dist, id) FROM (SELECT d.id, d.sk <-> p.sk AS dist FROM docs d ORDER BY 2, 1 LIMIT 5) k) AS ids
	FROM probes p;
RESET enable_indexscan; RESET enable_bitmapscan;
-- index answers for each threshold, compared with the sequential ones
CREATE FUNCTION pg_temp.compare() RETURNS TABLE(t real, equal bigint, probes bigint) LANGUAGE sql AS $$
	SELECT s.t, count(*) FILTER (WHERE s.ids IS NOT DISTINCT FROM g.ids), count(*)
	FROM (SELECT DISTINCT seq_answers.t FROM seq_answers) ts
	CROSS JOIN LATERAL pg_temp.answers(ts.t) g
	JOIN seq_answers s ON s.t = ts.t AND s.probe = g.probe
	GROUP BY s.t ORDER BY s.t
$$;

SELECT t, count(*) AS probes, sum(cardinality(ids)) AS matches FROM seq_answers GROUP BY t ORDER BY t;

-- GIN on LSH band keys
CREATE INDEX docs_sk_gin ON docs USING gin (sk);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM docs WHERE sk % sketch_query((SELECT sk FROM docs WHERE id = 1), 0.8);
SELECT * FROM pg_temp.compare();
-- the bare operator uses pg_article.similarity_threshold
SET pg_article.similarity_threshold = 0.9;
SELECT count(*) FILTER (WHERE (SELECT array_agg(d.id ORDER BY d.id) FROM docs d WHERE d.sk % p.sk) IS NOT DISTINCT FROM s.ids) AS guc_equal,
       count(*) AS probes
FROM probes p JOIN seq_answers s ON s.probe = p.id AND s.t = 0.9::real;
RESET pg_article.similarity_threshold;
RESET enable_seqscan;
DROP INDEX docs_sk_gin;

-- GIN options
CREATE INDEX docs_sk_gin_opts ON docs USING gin (sk minhash_lsh_ops (bands = 42, rows = 3));
SET enable_seqscan = off;
SELECT * FROM pg_temp.compare();
RESET enable_seqscan;
DROP INDEX docs_sk_gin_opts;
CREATE INDEX docs_sk_gin_bad ON docs USING gin (sk minhash_lsh_ops (bands = 64, rows = 4));
-- A query sketch built with other parameters is refused, not compared.
CREATE INDEX docs_sk_gin ON docs USING gin (sk);
SET enable_seqscan = off;
SELECT count(*) FROM docs WHERE sk % sketch_query(sketch('a b c d e f g', 256), 0.8);
SELECT count(*) FROM docs WHERE sk % sketch_query(sketch('a b c d e f g', 128, 5, 9), 0.8);
RESET enable_seqscan;
DROP INDEX docs_sk_gin;
-- An index for sketches with other parameters says so.
CREATE INDEX docs_sk_gin_256 ON docs USING gin (sk minhash_lsh_ops (slots = 256));

-- GiST: % and ORDER BY <->
CREATE INDEX docs_sk_gist ON docs USING gist (sk);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM docs ORDER BY sk <-> (SELECT sk FROM docs WHERE id = 1) LIMIT 5;
SELECT count(*) FILTER (WHERE s.ids = k.ids) AS knn_equal, count(*) AS probes
FROM seq_knn s JOIN probes p ON p.id = s.probe,
     LATERAL (SELECT array_agg(id ORDER BY dist, id) AS ids
              FROM (SELECT d.id, d.sk <-> p.sk AS dist FROM docs d ORDER BY d.sk <-> p.sk, d.id LIMIT 5) x) k;
EXPLAIN (COSTS OFF) SELECT id FROM docs WHERE sk % sketch_query((SELECT sk FROM docs WHERE id = 1), 0.8);
SELECT * FROM pg_temp.compare();
RESET enable_seqscan;
DROP INDEX docs_sk_gist;
-- a mismatched query is refused by GiST too, at inner pages
SET enable_seqscan = off;
SELECT id FROM docs ORDER BY sk <-> sketch('a b c d e f g', 64) LIMIT 1;
RESET enable_seqscan;
-- small signatures still give exact answers (only slower)
CREATE INDEX docs_sk_gist_small ON docs USING gist (sk minhash_gist_ops (siglen = 16));
SET enable_seqscan = off;
SELECT count(*) FILTER (WHERE s.ids = k.ids) AS knn_equal_small_siglen, count(*) AS probes
FROM seq_knn s JOIN probes p ON p.id = s.probe,
     LATERAL (SELECT array_agg(id ORDER BY dist, id) AS ids
              FROM (SELECT d.id, d.sk <-> p.sk AS dist FROM docs d ORDER BY d.sk <-> p.sk, d.id LIMIT 5) x) k;
RESET enable_seqscan;

-- Operator classes validate.
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcname IN ('minhash_lsh_ops', 'minhash_gist_ops') ORDER BY 1;

-- Near-duplicate pairs and clusters.
CREATE INDEX docs_sk_gin ON docs USING gin (sk);
SELECT count(*) AS pairs, count(*) FILTER (WHERE d1.orig = d2.orig) AS same_original,
       bool_and(p.id1 < p.id2) AS ordered, min(p.resemblance) >= 0.8 - 2.326 * sqrt(0.16 / 128) AS above_margin
FROM near_duplicate_pairs('docs', 'id', 'sk', 0.8) p JOIN docs d1 ON d1.id = p.id1 JOIN docs d2 ON d2.id = p.id2;
CREATE TEMP TABLE clusters AS SELECT * FROM near_duplicate_clusters('docs', 'id', 'sk', 0.8);
SELECT count(*) AS rows, count(DISTINCT cluster_id) AS clusters,
       bool_and(cluster_id <= id) AS labelled_by_smallest_id,
       bool_and(representative IN (SELECT c2.id FROM clusters c2 WHERE c2.cluster_id = c.cluster_id)) AS representative_in_cluster
FROM clusters c;
-- The same clusters whatever the row order.
CREATE TEMP TABLE docs_shuffled AS SELECT * FROM docs ORDER BY md5(id::text);
CREATE INDEX ON docs_shuffled USING gist (sk);
SELECT count(*) AS differing FROM clusters c
JOIN near_duplicate_clusters('docs_shuffled', 'id', 'sk', 0.8) s USING (id)
WHERE (c.cluster_id, c.representative, c.cluster_size) IS DISTINCT FROM (s.cluster_id, s.representative, s.cluster_size);
SELECT * FROM connected_components(ARRAY[5, 3, 9, 20]::bigint[], ARRAY[3, 1, 20, 21]::bigint[]) ORDER BY id;
SELECT * FROM connected_components(ARRAY[1]::bigint[], ARRAY[1, 2]::bigint[]);
SELECT * FROM near_duplicate_pairs('docs', 'body', 'sk');
SELECT * FROM near_duplicate_pairs('docs', 'id', 'nope');
