-- ntext: stored display form, comparisons by folded form.

SELECT 'Itâ€™s  a “Test”'::ntext AS display,
       'Itâ€™s  a “Test”'::ntext::text AS as_text,
       fold_text('Itâ€™s  a “Test”'::ntext) AS folded;

-- Input and the cast from text normalize; output is the display form.
SELECT ntext(E'  two\n\n\n\nparagraphs  ')::text = E'two\n\nparagraphs' AS cast_normalizes,
       (E'  two\n\n\n\nparagraphs  '::text)::ntext::text = normalize_text(E'  two\n\n\n\nparagraphs  ') AS same_as_normalize_text;

-- Equality follows the folded form.
SELECT 'Hello “World”'::ntext = 'HELLO "world"'::ntext AS typography_case,
       'CafÃ©'::ntext = 'café'::ntext AS mojibake,
       E'a\n\nb'::ntext = 'a b'::ntext AS white_space,
       'Café'::ntext = 'Cafe'::ntext AS accents_matter,
       'a'::ntext <> 'b'::ntext AS ne;

-- Ordering is code point order of folded forms.
SELECT s FROM (VALUES ('banana'::ntext), ('Apple'), ('cherry'), ('apple pie'), ('Äpfel'), ('Zebra'), ('')) v(s) ORDER BY s;
SELECT 'a'::ntext < 'B'::ntext AS lt, 'B'::ntext <= 'b'::ntext AS le, 'b'::ntext >= 'B'::ntext AS ge, 'c'::ntext > 'B'::ntext AS gt,
       ntext_cmp('x', 'X') AS cmp_equal, ntext_cmp('a', 'b') AS cmp_less, ntext_cmp('b', 'a') AS cmp_greater;
SELECT min(s), max(s) FROM (VALUES ('banana'::ntext), ('Apple'), ('cherry')) v(s);

-- Stored fingerprint and folded form equal the functions on the source text.
SELECT fingerprint(s::ntext) = fingerprint_text(s) AS fingerprint_same,
       fold_text(s::ntext) = fold_text(s) AS fold_same
FROM (VALUES ('It’s “quoted”'), (E'A\n\n\nB'), ('日本語'), ('Itâ€™s &amp;'), ('')) v(s);
SELECT normalization_version('x'::ntext) = pg_article_normalization_version() AS stamped;

-- Hashing agrees with equality: GROUP BY and DISTINCT by hash and by sort.
CREATE TEMP TABLE variants(id serial, body ntext);
INSERT INTO variants(body) VALUES
  ('It’s a “test” — really.'), ('IT''S A "TEST" - REALLY.'), (E'  it’s   a\n\n“test”\u00a0—\treally.  '),
  ('Itâ€™s a â€œtestâ€ â€” really.'), ('It&#8217;s a &ldquo;test&rdquo; &mdash; really.'),
  ('Something else'), ('SOMETHING   ELSE'), ('third');
SET enable_hashagg = on;
SELECT count(DISTINCT body) AS distinct_values FROM variants;
SELECT min(id) AS first_id, count(*) FROM variants GROUP BY body ORDER BY 1;
SET enable_hashagg = off;
SELECT min(id) AS first_id, count(*) FROM variants GROUP BY body ORDER BY 1;
RESET enable_hashagg;
SELECT ntext_hash('ABC') = ntext_hash('abc') AS hash_folds,
       ntext_hash_extended('ABC', 0) = ntext_hash_extended('abc', 0) AS ext0_folds,
       ntext_hash_extended('ABC', 42) = ntext_hash_extended('abc', 42) AS ext42_folds,
       ntext_hash_extended('ABC', 42) <> ntext_hash_extended('ABC', 0) AS seed_matters,
       (ntext_hash_extended('ABC', 0) & 4294967295) = (ntext_hash('ABC')::bigint & 4294967295) AS low_bits_match;

-- UNIQUE rejects an article differing only in case, typography, white space or encoding accidents.
CREATE TEMP TABLE articles(id serial PRIMARY KEY, title ntext UNIQUE);
INSERT INTO articles(title) VALUES ('China shuns co-operation with UN human rights office');
INSERT INTO articles(title) VALUES ('CHINA SHUNS CO‐OPERATION WITH UN  HUMAN RIGHTS OFFICE');
INSERT INTO articles(title) VALUES ('China shuns co-operation with UN human rights office over Xinjiang report');
-- For long bodies (B-tree entries are limited to about 2.7 kB), an exclusion constraint on a hash index does the same.
CREATE TEMP TABLE bodies(id serial, body ntext, EXCLUDE USING hash (body WITH =));
INSERT INTO bodies(body) SELECT string_agg('Sentence number ' || g || ' of a long “article”.', ' ') FROM generate_series(1, 2000) g;
\set VERBOSITY terse
INSERT INTO bodies(body) SELECT upper(string_agg('Sentence number ' || g || ' of a long "article".', E'\n')) FROM generate_series(1, 2000) g;
\set VERBOSITY default
SELECT count(*), min(length(body::text)) > 50000 AS long, min(pg_column_size(body)) > 2000 AS toasted FROM bodies;
-- Stored (TOASTed, compressed) values read their header correctly.
INSERT INTO bodies(body) SELECT string_agg('Another ' || g || ' sentence', ' ') FROM generate_series(1, 3000) g;
SELECT count(*) FILTER (WHERE fingerprint(body) = fingerprint_text(body::text)) AS fingerprints_ok,
       count(*) FILTER (WHERE normalization_version(body) = pg_article_normalization_version()) AS versions_ok,
       count(*) FILTER (WHERE ntext_hash(body) = ntext_hash(body::text::ntext)) AS hashes_ok
FROM bodies;

-- Text functions work through the implicit cast to text.
SELECT length('Café'::ntext), upper('Café'::ntext), 'Café au lait'::ntext LIKE 'Café%' AS like_works,
       position('au' IN 'Café au lait'::ntext) AS pos;
-- A literal compared with an ntext column is read as ntext (folded comparison).
SELECT id FROM articles WHERE title = 'china shuns co-operation with un human rights office';

-- Empty, NULL, casts from varchar.
SELECT ''::ntext = ' '::ntext AS empty_equals_blank, NULL::ntext IS NULL AS null_ok,
       'x'::varchar::ntext = 'X'::ntext AS from_varchar, ('Y'::ntext)::varchar AS to_varchar;
