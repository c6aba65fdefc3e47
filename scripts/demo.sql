-- What pg_article makes of the sample articles.
--
-- Run by ./scripts/demo (psql -f) after it created the extension and loaded
-- data/sample/articles.tsv (40 ECB+ news stories, see data/sample/README.md)
-- into articles(id, source, url, published, title, body).  It changes
-- nothing outside pg_temp, so it can be rerun in the same database:
--     ./scripts/demo psql -v root="$PWD" -f scripts/demo.sql

\set ON_ERROR_STOP 1
\pset pager off
\pset null '-'
SET client_min_messages = notice;

-- Display helpers, gone when the session ends.
-- excerpt: one line, paragraph breaks shown as ¶, at most n characters.
CREATE FUNCTION pg_temp.excerpt(t text, n int DEFAULT 70) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT CASE WHEN length(s) > n THEN left(s, n - 1) || '…' ELSE s END
	FROM (SELECT regexp_replace(t, '\s*\n\s*', ' ¶ ', 'g') AS s) AS x
$$;
-- visible: names the invisible characters, so a reader can see them go.
CREATE FUNCTION pg_temp.visible(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT replace(replace(replace(replace(replace(replace(replace(replace(t,
		U&'\200B', '⟨ZWSP⟩'), U&'\00AD', '⟨SHY⟩'), U&'\FEFF', '⟨BOM⟩'),
		U&'\00A0', '⟨NBSP⟩'), E'\r', '⟨CR⟩'), E'\n', '⟨LF⟩'), E'\t', '⟨TAB⟩'),
		U&'\0007', '⟨BEL⟩')
$$;
-- mojibake: UTF-8 bytes decoded as Windows-1252, the way a mislabelled page
-- shows up.  Like browsers, keep the five bytes Windows-1252 leaves undefined
-- (0x81 0x8D 0x8F 0x90 0x9D) as C1 controls: plain
-- convert_from(convert_to(t, 'UTF8'), 'WIN1252') raises an error on the 0x9D
-- inside every ” (E2 80 9D).
CREATE FUNCTION pg_temp.mojibake(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT translate(convert_from(convert_to(t, 'UTF8'), 'LATIN1'),
		U&'\0080\0082\0083\0084\0085\0086\0087\0088\0089\008A\008B\008C\008E'
		  || U&'\0091\0092\0093\0094\0095\0096\0097\0098\0099\009A\009B\009C\009E\009F',
		'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
$$;

\echo
\echo '=== 1. Versions: ICU and Unicode in use, and the normalization version stored with ntext values'
SELECT pg_article_icu_version()            AS icu,
       pg_article_unicode_version()        AS unicode,
       pg_article_normalization_version()  AS normalization;

\echo
\echo '=== 2. repair_text: encoding accidents, HTML references, invisible and control characters'
SELECT problem,
       pg_temp.visible(input)              AS input,
       pg_temp.visible(repair_text(input)) AS repaired
FROM (VALUES
	('mojibake',            'Itâ€™s a CafÃ© in SÃ£o Paulo â€“ â€œniceâ€'),
	('mojibake, from Latin-1', convert_from(convert_to('Ærø, Zürich, naïve', 'UTF8'), 'LATIN1')),
	('HTML references',     'Tom &amp; Jerry &ndash; &quot;caf&eacute;&quot; for &#8364;5 &#x2014; &hellip;'),
	('invisible characters', U&'\FEFFsoft' || U&'\00AD' || 'ware up' || U&'\200B' || 'date'),
	('controls, CRLF',      E'first line\r\nsecond' || U&'\0007' || E' line\r\n')
) AS t(problem, input);

\echo
\echo '=== 3. The sample corpus: news from ECB+; source = ECB+ subtopic, i.e. one real-world event'
SELECT count(*)                  AS articles,
       count(DISTINCT source)    AS events,
       count(published)          AS dated,
       min(published)            AS first_date,
       max(published)            AS last_date,
       sum(length(body))         AS characters,
       sum(cardinality(tokenize_text(body))) AS words
FROM articles;

SELECT source                              AS event,
       count(*)                            AS articles,
       min(published)                      AS published,
       pg_temp.excerpt(min(title), 60)     AS a_title
FROM articles
GROUP BY source
ORDER BY min(id);

\echo
\echo '=== 4. normalize_text (display form) and fold_text (matching form)'
SELECT form, pg_temp.visible(text) AS text
FROM (SELECT 'Cafe' || U&'\0301' || '  au  lait,' || U&'\00A0' || '“ﬁne” — 12 €  '
             || E'\r\n\r\n\r\n\t Second   paragraph. ' AS input) AS t,
LATERAL (VALUES (1, 'input', input),
                (2, 'normalize_text', normalize_text(input)),
                (3, 'fold_text', fold_text(input)),
                (4, 'fold_text, strip_accents', fold_text(input, strip_accents => true))) AS v(n, form, text)
ORDER BY n;

SELECT input, fold_text(input) AS folded, fold_text(input, strip_accents => true) AS "folded, no accents"
FROM (VALUES ('Ærø, ZÜRICH, naïve ﬁnance, Ｆｕｌｌ－ｗｉｄｔｈ ２０２４')) AS t(input);

\echo 'The sample bodies were cleaned when the sample was made; how many normalize_text leaves as they are:'
SELECT count(*) AS articles, count(*) FILTER (WHERE normalize_text(body) = body) AS unchanged FROM articles;

\echo
\echo '=== 5. Dirty duplicates: the same article, damaged five ways, keeps its fingerprint'
CREATE TEMP TABLE copies AS
SELECT a.id AS original, v.damage, v.body,
       normalize_text(v.body) = normalize_text(a.body) AS same_display,
       -- where the original first leaves ASCII: the damage shows from there
       greatest(regexp_instr(a.body, '[^\x01-\x7e]') - 30, 1) AS shown_from
FROM articles AS a,
LATERAL (VALUES
	('as published',          a.body),
	('UPPER CASE',            upper(a.body)),
	('straight quotes',       translate(a.body, '“”‘’', '""''''')),
	('mojibake (cp1252)',     pg_temp.mojibake(a.body)),
	('white space mangled',   regexp_replace(replace(a.body, ' ', U&'  \00A0'), E'\n\n', E'\r\n  \r\n', 'g')),
	('HTML-escaped, ZWSPs',   replace(replace(replace(replace(replace(replace(a.body,
	                              '&', '&amp;'), '“', '&ldquo;'), '”', '&rdquo;'), '’', '&rsquo;'),
	                              '"', '&quot;'), ' the ', U&' the\200B '))
) AS v(damage, body)
WHERE a.id IN (2, 25, 35);

SELECT original, damage,
       fingerprint_text(body)           AS fingerprint,
       same_display AS "normalize_text = original",
       pg_temp.visible(pg_temp.excerpt(
           regexp_replace(substr(body, shown_from), CASE WHEN shown_from > 1 THEN '^\S*\s+' ELSE '^' END, ''),
           46)) AS text
FROM copies
ORDER BY original, damage <> 'as published', damage;

\echo 'Grouped by fingerprint_text: one group per original article, six copies each.'
SELECT fingerprint_text(body)                       AS fingerprint,
       count(*)                                     AS copies,
       count(DISTINCT body)                         AS distinct_texts,
       array_agg(DISTINCT original)                 AS original_ids
FROM copies
GROUP BY 1
ORDER BY 4;

\echo 'And the 40 different articles keep 40 different fingerprints:'
SELECT count(*) AS articles, count(DISTINCT fingerprint_text(body)) AS fingerprints FROM articles;

\echo
\echo '=== 6. ntext: a UNIQUE column that compares folded forms'
CREATE TEMP TABLE headlines (title ntext UNIQUE);
-- Two outlets ran the very same headline (articles 22 and 23): one is skipped.
INSERT INTO headlines SELECT title FROM articles ORDER BY id ON CONFLICT DO NOTHING;
SELECT (SELECT count(*) FROM articles) AS titles, count(*) AS stored FROM headlines;

\echo 'Looking one up with different case and spacing (= compares folded forms):'
SELECT title, fingerprint(title) AS fingerprint
FROM headlines
WHERE title = 'LAWYER:  LINDSAY LOHAN CHECKS INTO REHAB FACILITY'::ntext;

\echo 'Storing a variant of a stored headline:'
DO $$
BEGIN
	INSERT INTO headlines VALUES ('‘DOCTOR WHO’: Peter Capaldi  announced as the new Doctor');
	RAISE NOTICE 'unexpected: the variant was stored';
EXCEPTION WHEN unique_violation THEN
	RAISE NOTICE 'rejected, as it should be: %', SQLERRM;
END
$$;

\echo
\echo '=== 7. tokenize_text: ICU word segmentation, folded words (also where words have no spaces)'
SELECT lang, input, tokenize_text(input) AS words
FROM (VALUES
	('zh', '北京是中华人民共和国的首都。'),
	('ja', '東京都は日本の首都です。'),
	('th', 'ภาษาไทยง่ายนิดเดียว'),
	('en', 'It’s the Twelfth Doctor’s first episode – on BBC One!')
) AS t(lang, input);

\echo
\echo '=== 8. Near duplicates: MinHash sketches, the % operator and its indexes'
-- Wire copy is rarely verbatim: each article also arrives trimmed, re-edited or with a tagline added.
CREATE TEMP TABLE wire AS
SELECT row_number() OVER (ORDER BY a.id, v.edit) AS id, a.id AS original, v.edit, v.body
FROM articles AS a,
LATERAL (VALUES
	('0 as published',   a.body),
	('1 last paragraph dropped', regexp_replace(a.body, E'\n\n[^\n]*$', '')),
	('2 words changed',  regexp_replace(a.body, '\m(said|says|told)\M', 'stated', 'g')),
	('3 tagline added',  a.body || E'\n\n(Reporting by our staff; editing by the desk.)')
) AS v(edit, body);
ALTER TABLE wire ADD COLUMN sk minhash;
UPDATE wire SET sk = sketch(body);
CREATE INDEX ON wire USING gin (sk);
CREATE INDEX ON wire USING gist (sk);
ANALYZE wire;

\echo 'Rows similar to article 25 at resemblance 0.8, through the GIN index (estimate beside the exact figure):'
SELECT w.id, w.original, w.edit,
       round(resemblance(w.sk, q.sk)::numeric, 2) AS estimated,
       round(resemblance(shingles(w.body), shingles(q.body))::numeric, 2) AS exact
FROM wire AS w, (SELECT sk, body FROM wire WHERE original = 25 AND edit LIKE '0%') AS q
WHERE w.sk % sketch_query(q.sk, 0.8)
ORDER BY estimated DESC, w.id;

\echo 'The five nearest rows to one edited copy, through the GiST index (ORDER BY <->):'
SELECT w.id, w.original, w.edit, round((w.sk <-> q.sk)::numeric, 2) AS distance
FROM wire AS w, (SELECT sk FROM wire WHERE original = 7 AND edit LIKE '2%') AS q
ORDER BY w.sk <-> q.sk
LIMIT 5;

\echo 'Two reports of the same event by different outlets are not near duplicates (relating them is another stage):'
SELECT a.id, b.id, a.source,
       round(resemblance(sketch(a.body), sketch(b.body))::numeric, 2) AS resemblance
FROM articles a JOIN articles b ON a.source = b.source AND a.id < b.id
ORDER BY a.id, b.id
LIMIT 4;

\echo 'Clusters of near duplicates (union-find over the pairs; representative = the copy with most shingles):'
SELECT count(*) AS rows, count(DISTINCT cluster_id) AS clusters,
       count(*) FILTER (WHERE cluster_size = 4) AS rows_in_full_clusters
FROM near_duplicate_clusters('wire', 'id', 'sk', 0.8);
SELECT c.cluster_id, c.cluster_size, c.representative, array_agg(w.edit ORDER BY w.edit) AS members
FROM near_duplicate_clusters('wire', 'id', 'sk', 0.8) c JOIN wire w USING (id)
WHERE w.original IN (2, 25)
GROUP BY 1, 2, 3 ORDER BY 1;

\echo
\echo '=== 9. Cleaning: article bodies out of pages and scraped text'
\set page `cat :'root'/test/fixtures/clean/wire_page.html`
\set scraped `cat :'root'/test/fixtures/clean/wire_text.txt`
\echo 'A news page (test/fixtures/clean/wire_page.html), block by block: what clean_article keeps, and why the rest goes:'
SELECT block, keep, label, round(score::numeric, 2) AS score, pg_temp.excerpt(text, 60) AS text
FROM clean_explain(:'page') ORDER BY block;
\echo 'The reasons behind two decisions:'
SELECT block, label, reasons FROM clean_explain(:'page') WHERE block IN (10, 21);
\echo 'What the page says about itself (JSON-LD, OpenGraph and meta tags):'
SELECT jsonb_pretty(article_metadata(:'page'));
\echo 'Scraped plain text with icon alt-texts, captions, placeholders, prompts, a "More from" list and a bio:'
SELECT pg_temp.excerpt(:'scraped', 400) AS scraped;
SELECT clean_article(:'scraped') AS cleaned;

\echo 'Source profiles: 12 pages of one site (sample articles in the same template) are learned, then a 13th is cleaned.'
CREATE TEMP TABLE site_pages AS
SELECT id, published,
       E'Home\nLocal\nWorld\n\nThe Daily Courier has been the independent voice of the valley since 1921 and is published every day of the year.\n\n'
       || title || E'\n\n' || body ||
       E'\n\nMost read\n' || (SELECT string_agg(title, E'\n') FROM (SELECT title FROM articles b WHERE b.id <> a.id ORDER BY b.id LIMIT 3) t) ||
       E'\n\nSubscribe to the morning briefing\n© The Daily Courier' AS page
FROM articles a ORDER BY id LIMIT 13;
SELECT sum(source_profile_learn('courier', page, 'text', published + (id || ' hours')::interval)) AS blocks_learned
FROM (SELECT * FROM site_pages ORDER BY id LIMIT 12) p;
SELECT source, articles, blocks FROM source_profile WHERE source = 'courier';
\echo 'The 13th page, without and with the profile (the site blurb reads like a sentence; the profile knows better):'
SELECT e.block, e.keep AS without_profile, p.keep AS with_profile, p.label, pg_temp.excerpt(e.text, 60) AS text
FROM clean_explain((SELECT page FROM site_pages ORDER BY id OFFSET 12 LIMIT 1), 'text') e
JOIN clean_explain((SELECT page FROM site_pages ORDER BY id OFFSET 12 LIMIT 1), 'text', source => 'courier') p USING (block)
WHERE e.keep <> p.keep OR e.block <= 4
ORDER BY block;
SELECT source_profile_forget('courier') AS profile_removed;

\echo
\echo '=== 10. Stories: the sample articles through the ingest trigger (article_setup)'
CREATE TEMP TABLE news (id bigserial PRIMARY KEY, source text, published timestamptz, body text);
SELECT article_setup('news') AS setup;
-- each sample article once, and the wire copies of section 8 a day later
INSERT INTO news (source, published, body) SELECT source, published, body FROM articles ORDER BY id;
INSERT INTO news (source, published, body)
SELECT 'wire copy', a.published + interval '1 day', w.body FROM wire w JOIN articles a ON a.id = w.original
WHERE w.edit LIKE '2%' ORDER BY w.id;
\echo 'The largest stories (representative article and its first words):'
SELECT story, articles, sources, representative, pg_temp.excerpt(excerpt, 60) AS representative_text
FROM latest_stories('news', 100) ORDER BY articles DESC, story LIMIT 5;
\echo 'Entities of one article (canonical names, keys shared across languages):'
SELECT kind, name, key, mentions FROM entities((SELECT clean_body FROM news WHERE id = 9)) ORDER BY first_offset LIMIT 8;
\echo 'Why two articles are in one story:'
SELECT part, pg_temp.excerpt(detail, 70) AS detail, a_value, b_value
FROM article_explain('news', (SELECT min(id) FROM news WHERE source <> 'wire copy' AND story_id = (SELECT story_id FROM news WHERE source = 'wire copy' ORDER BY id LIMIT 1)),
                             (SELECT id FROM news WHERE source = 'wire copy' ORDER BY id LIMIT 1));
