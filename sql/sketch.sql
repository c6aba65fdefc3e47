-- Shingle sets and MinHash sketches.

CREATE TEMP TABLE src(id serial, source text, url text, published date, title text, body text);
\copy src(source, url, published, title, body) FROM 'data/sample/articles.tsv'
SELECT count(*) AS articles, min(length(body)) > 200 AS all_long FROM src;

-- Exact resemblance and containment on shingle sets.
SELECT shingle_count(shingles('a b c d e f g')) AS three_5shingles,
       shingle_count(shingles('a b c d e f g', 3)) AS five_3shingles,
       resemblance(shingles('a b c d e f g'), shingles('a b c d e f g')) AS identical,
       resemblance(shingles('a b c d e f g'), shingles('A B C D E F X')) AS one_of_four_kept,
       containment(shingles('b c d e f'), shingles('a b c d e f g')) AS contained,
       containment(shingles('a b c d e f g'), shingles('b c d e f')) AS containing;
-- Shingles are built on folded words: case, typography and mojibake do not matter.
SELECT resemblance(shingles(body), shingles(upper(replace(body, '’', ''''))))= 1 AS folded
FROM src WHERE id = 1;
-- Fewer words than the width: the word set, so short texts still compare.
SELECT shingles('UN chief resigns')::text ~ 'set=words' AS word_set,
       resemblance(shingles('UN chief resigns'), shingles('UN chief resigns today')) AS headline_overlap,
       shingle_count(shingles('')) AS empty, resemblance(shingles(''), shingles('')) AS empty_resemblance;

-- Sketches estimate the shingle-set figures.
SELECT (sketch_info(sketch(body))).* FROM src WHERE id = 1;
SELECT count(*) AS pairs,
       round(avg(abs(resemblance(sketch(a.body), sketch(b.body)) - resemblance(shingles(a.body), shingles(b.body))))::numeric, 2) < 0.03 AS mean_error_small,
       max(abs(resemblance(sketch(a.body), sketch(b.body)) - resemblance(shingles(a.body), shingles(b.body)))) < 0.2 AS max_error_bounded
FROM src a JOIN src b ON a.id < b.id;
-- Edited copies: estimate within 4 standard deviations of the exact value.
WITH edits AS (
  SELECT id, body AS a, regexp_replace(body, '\m(the|a|of)\M', 'THE', 'g') AS b FROM src)
SELECT count(*) FILTER (WHERE abs(resemblance(sketch(a), sketch(b)) - resemblance(shingles(a), shingles(b)))
                              <= 4 * sqrt(greatest(resemblance(shingles(a), shingles(b)) * (1 - resemblance(shingles(a), shingles(b))), 0.01) / 128))
       = count(*) AS estimates_within_4sd
FROM edits;
-- A sketch of a shingle set is the sketch of its text.
SELECT sketch(shingles(body))::text = sketch(body)::text AS same FROM src WHERE id = 2;
-- Sketches of ntext skip repair but give the same sketch.
SELECT sketch(body::ntext)::text = sketch(body)::text AS ntext_same FROM src WHERE id = 3;
-- Containment estimates follow the exact values (a long article and its opening third).
WITH t AS (SELECT body AS whole, left(body, length(body) / 3) AS part FROM src ORDER BY length(body) DESC LIMIT 1)
SELECT abs(containment(sketch(part), sketch(whole)) - containment(shingles(part), shingles(whole))) < 0.15 AS part_in_whole_close,
       abs(containment(sketch(whole), sketch(part)) - containment(shingles(whole), shingles(part))) < 0.15 AS whole_in_part_close,
       containment(shingles(part), shingles(whole)) > 0.9 AS part_contained,
       containment(shingles(whole), shingles(part)) < 0.5 AS whole_not_contained
FROM t;
-- Parameters: slots, width, seed.
SELECT sketch_info(sketch('one two three four five six', 64, 3, 7)) AS params;
SELECT resemblance(sketch(body, 256), sketch(body, 256)) AS self_256 FROM src WHERE id = 1;

-- Operators.
SET pg_article.similarity_threshold = 0.8;
SELECT sketch('the quick brown fox jumps over the lazy dog near the river bank today') %
       sketch('the quick brown fox jumps over the lazy dog near the river bank today!') AS similar,
       sketch('the quick brown fox jumps over the lazy dog') % sketch('completely different words here and there now') AS dissimilar;
SELECT a.id, b.id, round((sketch(a.body) <-> sketch(b.body))::numeric, 2) AS distance
FROM src a, src b WHERE a.id = 1 AND b.id IN (1, 2, 30) ORDER BY b.id;
-- Thresholds in the query override the setting.
SELECT sketch(body) % sketch_query(sketch(left(body, length(body) * 3 / 4)), 0.5) AS at_half,
       sketch(body) % sketch_query(sketch(left(body, length(body) * 3 / 4)), 0.95) AS at_095
FROM src WHERE id = 5;
-- The recall margin: % accepts an estimate r at a threshold slightly above r, unless the margin is off.
-- (A same-size edit, so that the exact size filter of % does not decide instead.)
WITH p AS (SELECT sketch(body) AS a, sketch(regexp_replace(body, '\m(the)\M', 'a', 'g')) AS b FROM src WHERE id = 3)
SELECT resemblance(a, b) BETWEEN 0.5 AND 0.95 AS estimate_in_range,
       a % sketch_query(b, (resemblance(a, b) + 0.02)::real) AS with_margin,
       a % sketch_query(b, least(resemblance(a, b) + 0.15, 1.0)::real) AS beyond_margin FROM p;
SET pg_article.recall_margin = off;
WITH p AS (SELECT sketch(body) AS a, sketch(regexp_replace(body, '\m(the)\M', 'a', 'g')) AS b FROM src WHERE id = 3)
SELECT a % sketch_query(b, (resemblance(a, b) + 0.02)::real) AS strict_above,
       a % sketch_query(b, (resemblance(a, b) - 0.001)::real) AS strict_below FROM p;
RESET pg_article.recall_margin;
-- Sizes are exact: a text and its first 60 % cannot resemble more than about 0.6, whatever the estimate says.
WITH p AS (SELECT sketch(body) AS a, sketch(left(body, length(body) * 6 / 10)) AS b FROM src WHERE id = 6)
SELECT (sketch_info(b)).shingles::float / (sketch_info(a)).shingles < 0.7 AS sizes_differ,
       a % sketch_query(b, 0.9) AS similar_at_090 FROM p;
-- Containment operators (a long article and its opening third).
WITH t AS (SELECT sketch(body) AS whole, sketch(left(body, length(body) / 3)) AS part FROM src ORDER BY length(body) DESC LIMIT 1)
SELECT whole %> sketch_query(part, 0.7) AS whole_contains_part,
       part <% sketch_query(whole, 0.7) AS part_contained_in_whole,
       part %> sketch_query(whole, 0.7) AS part_does_not_contain_whole,
       whole <% part AS whole_not_in_part
FROM t;
-- Union: idempotent, commutative, and the union of a story's sketches is (nearly) the sketch of
-- all its text (only shingles spanning two articles differ).
SELECT sketch_union(sketch(body), sketch(body))::text = sketch(body)::text AS idempotent FROM src WHERE id = 8;
SELECT sketch_union(a, b)::text = sketch_union(b, a)::text AS commutative
FROM (SELECT sketch(x.body) AS a, sketch(y.body) AS b FROM src x, src y WHERE x.id = 8 AND y.id = 9) p;
SELECT resemblance(sketch_union(sketch(body)), sketch(string_agg(body, E'\n\n'))) > 0.95 AS story_union,
       (sketch_info(sketch_union(sketch(body)))).shingles BETWEEN 0.8 * sum(shingle_count(shingles(body))) AND 1.05 * sum(shingle_count(shingles(body))) AS union_count_estimated
FROM src WHERE source = 'ecbplus-1_ecb';

-- Text and binary forms round-trip.
-- (binary send/receive is exercised by COPY ... (FORMAT binary) in test/t/002_roundtrip.pl)
SELECT sketch(body)::text::minhash::text = sketch(body)::text AS text_roundtrip FROM src WHERE id = 1;
SELECT shingles(body)::text::shingleset::text = shingles(body)::text AS shingleset_roundtrip FROM src WHERE id = 1;
SELECT sketch_query(sketch('a b c d e f'), 0.7)::text::minhash_query::text ~ '^threshold=0.7 k=128' AS query_roundtrip;

-- Errors: mismatched parameters, bad options, bad input.
SELECT resemblance(sketch('a b c d e f'), sketch('a b c d e f', 64));
SELECT sketch('a b c d e f', 64, 5, 1) % sketch('a b c d e f', 64, 5, 2);
SELECT resemblance(shingles('a b c d e f', 3), shingles('a b c d e f', 4));
SELECT sketch('x', 100);
SELECT sketch('x', 128, 0);
SELECT sketch('x', 128, 5, -1);
SELECT sketch_query(sketch('x'), 1.5);
SELECT 'k=128 w=5 seed=0 n=1 nv=1 scheme=oph set=shingles data=00'::minhash;
SELECT 'hello'::minhash;
SELECT 'w=5 nv=1 n=2 set=shingles data=00000000000000020000000000000001'::shingleset;

-- Empty texts are similar to nothing.
SELECT resemblance(sketch(''), sketch('')) AS empty_resemblance, sketch('') % sketch('') AS empty_similar,
       sketch('!!! ...') % sketch('a b c d e') AS punctuation_only;
