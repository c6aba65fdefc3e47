-- Relating: the ingest trigger, stories, relatedness, explanations.
\set txt `cat test/fixtures/clean/wire_text.txt`
\set page `cat test/fixtures/clean/wire_page.html`

CREATE TABLE news (id bigserial PRIMARY KEY, source text, published timestamptz, body text);
SELECT article_setup('news');
\d news

-- The trigger fills every derived column; the page and the scraped text are one story.
INSERT INTO news (source, published, body) VALUES
  ('coastal', '2024-03-02 09:00+00', :'page'),
  ('scraper', '2024-03-02 12:00+00', :'txt');
SELECT id, source, story_id, fingerprint IS NOT NULL AS has_fingerprint,
       (sketch_info(sketch)).slots AS slots, left(clean_body, 45) AS clean_body
FROM news ORDER BY id;
SELECT clean_body = clean_article(body, source => source) AS clean_body_is_clean_article,
       fingerprint = fingerprint_text(clean_body) AS fingerprint_of_clean_body,
       sketch::text = sketch(clean_body)::text AS sketch_of_clean_body
FROM news ORDER BY id;
SELECT source, articles FROM source_profile ORDER BY source;
SELECT id, entity_keys FROM news ORDER BY id;
SELECT key, articles FROM entity_key_stats WHERE relid = 'news'::regclass ORDER BY key;

-- Multi-row inserts and COPY go through the trigger too; an unrelated article starts its own story.
COPY news (source, published, body) FROM stdin;
council	2024-03-03 08:00:00+00	The city council approved the budget for the new library on Tuesday evening after a debate that lasted almost four hours, and the mayor said construction would begin in the spring.
\.
SELECT id, story_id = id AS own_story FROM news WHERE source = 'council';

-- Bridging: B resembles A and C, which were separate stories; they merge into the smallest id.
\set a 'Firefighters fought a large blaze at the old paper mill on the river bank through the night, and the fire service said the roof of the main hall had collapsed shortly after midnight.'
\set c 'Residents living near the paper mill were told to keep their windows closed because of the smoke, and the police closed the river road until the morning.'
INSERT INTO news (source, published, body) VALUES ('a', '2024-03-04 06:00+00', :'a') RETURNING id AS id_a \gset
INSERT INTO news (source, published, body) VALUES ('c', '2024-03-04 07:00+00', :'c') RETURNING id AS id_c \gset
SELECT story_id = :id_c AS c_own_story FROM news WHERE id = :id_c;
INSERT INTO news (source, published, body) VALUES ('b', '2024-03-04 08:00+00', :'a' || ' ' || :'c') RETURNING id AS id_b \gset
SELECT id - :id_a AS article, story_id = :id_a AS in_story_of_a FROM news WHERE id IN (:id_a, :id_b, :id_c) ORDER BY id;

-- Outside the time window (pg_article.story_window, 7 days) a copy starts a new story.
INSERT INTO news (source, published, body) VALUES ('late', '2024-06-01 00:00+00', :'a');
SELECT story_id = id AS late_copy_own_story FROM news WHERE source = 'late';
-- Reclustering from scratch gives the stories the inserts gave (in order of publication).
CREATE TEMP TABLE before AS SELECT id, story_id FROM news;
SELECT article_recluster('news') AS stories, count(DISTINCT story_id) AS counted FROM news;
SELECT count(*) AS changed FROM news n JOIN before b USING (id) WHERE n.story_id IS DISTINCT FROM b.story_id;

-- A wider window lets the late copy join.
SET pg_article.story_window = 365;
INSERT INTO news (source, published, body) VALUES ('late2', '2024-06-01 00:00+00', :'a');
SELECT story_id = :id_a AS joins_with_a_wide_window FROM news WHERE source = 'late2';
RESET pg_article.story_window;

-- Updating the body recomputes: the council article now copies c, so its story (the smaller id) absorbs a's.
UPDATE news SET body = :'c' WHERE source = 'council';
SELECT left(clean_body, 30), story_id = id AS own_story,
       (SELECT count(*) FROM news n WHERE n.story_id = news.id) AS articles_in_its_story
FROM news WHERE source = 'council';
-- a NULL body clears the derived columns (stories only merge: the others stay together)
UPDATE news SET body = NULL WHERE source = 'council';
SELECT clean_body IS NULL, fingerprint IS NULL, sketch IS NULL, story_id = id AS own_story FROM news WHERE source = 'council';

-- Relatedness: its parts, its range, entity rarity, time.
SELECT * FROM article_relatedness(sketch(:'a'), sketch(:'a'));
SELECT round(score::numeric, 3) AS score, round(text_overlap::numeric, 3) AS text, entity_overlap, time_factor
FROM article_relatedness(sketch(:'a'), sketch(:'c'));
SELECT round(entity_overlap::numeric, 3) AS entities, shared_keys, round(score::numeric, 3) AS score
FROM article_relatedness(sketch('one text'), sketch('another text entirely'),
                         ARRAY['PER:chen xu', 'LOC:china', 'ORG:un'], ARRAY['PER:chen xu', 'LOC:china', 'LOC:geneva']);
SELECT round(time_factor::numeric, 3) AS one_day, round(score::numeric, 3) AS score
FROM article_relatedness(sketch(:'a'), sketch(:'a'), NULL, NULL, '2024-03-01', '2024-03-02');
-- rare keys weigh more than common ones
CREATE TABLE stats_demo (id int);
INSERT INTO entity_key_stats VALUES ('stats_demo'::regclass, '', 100), ('stats_demo'::regclass, 'LOC:china', 90), ('stats_demo'::regclass, 'PER:chen xu', 2);
SELECT (SELECT entity_overlap FROM article_relatedness(NULL, NULL, ARRAY['PER:chen xu','LOC:china'], ARRAY['PER:chen xu','LOC:geneva'], NULL, NULL, 'stats_demo'))
     > (SELECT entity_overlap FROM article_relatedness(NULL, NULL, ARRAY['PER:chen xu','LOC:china'], ARRAY['LOC:china','LOC:geneva'], NULL, NULL, 'stats_demo'))
     AS rare_shared_key_counts_more;

-- Numbers: the figures, years and dates an article mentions (digits of any width, folded).
SELECT article_numbers('In 2008 the Angels offered $160 million (or 1,500.5 m), their 3rd offer since １９９９.');
SELECT article_numbers('No figures here.') AS none, article_numbers(NULL) IS NULL AS null_in_null_out;
SELECT count(*) FILTER (WHERE numbers = article_numbers(clean_body)) AS numbers_of_clean_body, count(*) AS articles
FROM news WHERE body IS NOT NULL;
SELECT number_overlap FROM article_relatedness(NULL, NULL, a_numbers => '{1,2,3}', b_numbers => '{2,3,4}');
-- shared figures raise the score, other figures lower it, no figures on one side changes nothing
SELECT (SELECT score FROM article_relatedness(sketch(:'a'), sketch(:'c'), a_numbers => '{12,2024}', b_numbers => '{12,2024}'))
     > (SELECT score FROM article_relatedness(sketch(:'a'), sketch(:'c'))) AS shared_numbers_raise,
       (SELECT score FROM article_relatedness(sketch(:'a'), sketch(:'c'), a_numbers => '{12,2024}', b_numbers => '{2019,7}'))
     < (SELECT score FROM article_relatedness(sketch(:'a'), sketch(:'c'))) AS other_numbers_lower,
       (SELECT score FROM article_relatedness(sketch(:'a'), sketch(:'c'), a_numbers => '{2024}', b_numbers => '{}'))
     = (SELECT score FROM article_relatedness(sketch(:'a'), sketch(:'c'))) AS one_side_without_numbers_neutral;

-- Rows of one statement see each other's entity keys (the rarity counts are written at commit):
-- y shares only Maria Delgado with x, and its four alphabetically first keys are its own.
\set x 'Maria Delgado, the mayor of Valparaiso, said on Monday that the harbour bridge would close for repairs in 2025. Delgado told reporters in Valparaiso that 1,200 workers would rebuild the deck.'
\set y 'Officials in Antofagasta, Arica, Calama and Iquique watched as Maria Delgado announced on Monday that Valparaiso would close its harbour bridge for repairs, with 1,200 workers rebuilding the deck from 2025.'
CREATE TABLE bridge (id bigserial PRIMARY KEY, source text, published timestamptz, body text);
SELECT article_setup('bridge') IS NOT NULL AS set_up;
INSERT INTO bridge (source, published, body) VALUES ('x', '2024-05-01 08:00+00', :'x'), ('y', '2024-05-01 09:00+00', :'y');
SELECT source, story_id = (SELECT min(id) FROM bridge) AS first_story, numbers, entity_keys FROM bridge ORDER BY id;
SELECT resemblance(x.sketch, y.sketch) AS text_resemblance FROM bridge x, bridge y WHERE x.source = 'x' AND y.source = 'y';
SELECT key, articles FROM entity_key_stats WHERE relid = 'bridge'::regclass ORDER BY key;

-- Support (pg_article.story_support): a related article joins a story only when it relates to enough of it.
-- The fire story below has four articles, three of them (put there by hand) unrelated to the newcomer, which
-- relates to one: 1 of 4 is below a support of 0.5 and at least 0.2.
\set fire 'Firefighters fought a large blaze at the old Hartwell paper mill in Dunmore through the night, and fire chief Maria Okafor said the roof of the main hall had collapsed shortly after midnight on Sunday.'
\set follow 'Fire chief Maria Okafor said on Sunday that the blaze at the Hartwell paper mill in Dunmore started in a storage shed, and investigators from the state fire marshal office will examine the ruins of the main hall this week.'
CREATE TABLE support (id bigserial PRIMARY KEY, source text, published timestamptz, body text);
SELECT article_setup('support') IS NOT NULL AS set_up;
INSERT INTO support (source, published, body) VALUES
  ('x', '2024-05-01 08:00+00', 'The central bank left interest rates unchanged on Thursday and said inflation was expected to ease over the coming year as energy prices fall back.'),
  ('y', '2024-05-01 09:00+00', 'The national football team named a new captain ahead of the summer tournament, choosing the veteran goalkeeper who has played more than ninety matches.'),
  ('z', '2024-05-01 10:00+00', 'Heavy rain flooded several streets in the harbour district overnight, and the council opened an emergency shelter in the school gymnasium for families.');
INSERT INTO support (source, published, body) VALUES ('fire', '2024-05-01 11:00+00', :'fire') RETURNING id AS id_fire \gset
UPDATE support SET story_id = :id_fire WHERE source IN ('x', 'y', 'z');
SELECT count(*) AS fire_story_articles FROM support WHERE story_id = :id_fire;
SET pg_article.story_support = 0.5;
INSERT INTO support (source, published, body) VALUES ('follow', '2024-05-01 12:00+00', :'follow') RETURNING id AS id_follow \gset
SELECT story_id = :id_fire AS joins_at_support_half FROM support WHERE id = :id_follow;
SELECT part, detail FROM article_explain('support', :id_fire, :id_follow) WHERE part IN ('score', 'shared entity');
DELETE FROM support WHERE id = :id_follow;
SET pg_article.story_support = 0.2;
INSERT INTO support (source, published, body) VALUES ('follow', '2024-05-01 12:00+00', :'follow') RETURNING id AS id_follow \gset
SELECT story_id = :id_fire AS joins_at_support_fifth FROM support WHERE id = :id_follow;
RESET pg_article.story_support;

-- Writing the gathered evidence before commit (pg_article.ingest_flush_rows, for large loads) changes nothing:
-- the same rows loaded with a flush after every row get the same cleaned bodies, stories and key counts.
CREATE TABLE load1 (id bigserial PRIMARY KEY, source text, published timestamptz, body text);
CREATE TABLE load2 (id bigserial PRIMARY KEY, source text, published timestamptz, body text);
SELECT article_setup('load1') IS NOT NULL AS set_up, article_setup('load2') IS NOT NULL AS set_up;
CREATE TEMP TABLE pages AS
SELECT g, timestamptz '2024-06-01 08:00+00' + g * interval '1 day' AS published,
       'The Valley Courier has served the towns of the river valley since 1887 with local news, sport and weather.' || E'\n\n' ||
       format('The %s commission met in %s to debate the plan for the new %s, and commissioner Ana Ruiz said the vote would come after a public hearing in %s.',
              (ARRAY['county','city','harbour','school','parish','water','transport','health'])[g],
              (ARRAY['Ashford','Bexley','Carlow','Dunmore','Elgin','Fenwick','Garston','Hexham'])[g],
              (ARRAY['library','bridge','clinic','depot','stadium','market','ferry','museum'])[g],
              (ARRAY['January','February','March','April','May','June','July','August'])[g]) || E'\n\n' ||
       format('Residents of %s told the meeting that %s on the old road had doubled since the %s opened, and several asked for %s to be added to the design.',
              (ARRAY['Northgate','Southend','Westbury','Eastleigh','Highfield','Lowmoor','Kingsway','Queensbury'])[g],
              (ARRAY['traffic','noise','flooding','parking','litter','dust','congestion','speeding'])[g],
              (ARRAY['factory','warehouse','quarry','airport','mall','brewery','sawmill','dairy'])[g],
              (ARRAY['a footpath','a cycle lane','street lights','a crossing','speed bumps','trees','benches','a bus stop'])[g]) AS body
FROM generate_series(1, 8) g;
INSERT INTO load1 (source, published, body) SELECT 'courier-1', published, body FROM pages ORDER BY g;
SET pg_article.ingest_flush_rows = 1;
INSERT INTO load2 (source, published, body) SELECT 'courier-2', published, body FROM pages ORDER BY g;
RESET pg_article.ingest_flush_rows;
SELECT count(*) AS rows, count(*) FILTER (WHERE l1.clean_body = l2.clean_body) AS same_clean_body,
       count(*) FILTER (WHERE l1.story_id - m1 = l2.story_id - m2) AS same_story,
       count(*) FILTER (WHERE l1.entity_keys = l2.entity_keys) AS same_keys
FROM (SELECT *, (SELECT min(id) FROM load1) AS m1 FROM load1) l1
JOIN (SELECT *, (SELECT min(id) FROM load2) AS m2 FROM load2) l2 ON l1.id - m1 = l2.id - m2;
SELECT (SELECT array_agg(key || ':' || articles ORDER BY key) FROM entity_key_stats WHERE relid = 'load1'::regclass)
     = (SELECT array_agg(key || ':' || articles ORDER BY key) FROM entity_key_stats WHERE relid = 'load2'::regclass) AS same_key_counts,
       (SELECT count(*) FROM entity_key_stats WHERE relid = 'load2'::regclass) > 1 AS counted,
       (SELECT articles FROM source_profile WHERE source = 'courier-1') AS profile_1,
       (SELECT articles FROM source_profile WHERE source = 'courier-2') AS profile_2;

-- The rows of one statement were cleaned before their source had a profile (evidence counts once written):
-- re-setting the body re-cleans them with the profile learned since, and an update is not counted again.
SELECT count(*) FILTER (WHERE position('since 1887' IN clean_body) > 0) AS masthead_kept FROM load1;
SELECT articles AS key_total_before FROM entity_key_stats WHERE relid = 'load1'::regclass AND key = '' \gset
-- (the stories are split by hand first: an UPDATE of many rows that merges stories must not trip over the
-- rows it has still to update; the merges are made after the statement)
UPDATE load1 SET story_id = id WHERE id > (SELECT min(id) + 3 FROM load1);
SELECT count(DISTINCT story_id) > 1 AS split FROM load1;
UPDATE load1 SET body = body;
SELECT count(DISTINCT l1.story_id) AS stories_after_update,
       count(*) FILTER (WHERE l1.story_id - m1 = l2.story_id - m2) AS same_as_untouched_load
FROM (SELECT *, (SELECT min(id) FROM load1) AS m1 FROM load1) l1
JOIN (SELECT *, (SELECT min(id) FROM load2) AS m2 FROM load2) l2 ON l1.id - m1 = l2.id - m2;
SELECT count(*) FILTER (WHERE position('since 1887' IN clean_body) > 0) AS masthead_kept_after_reclean,
       count(*) FILTER (WHERE position('Ana Ruiz' IN clean_body) > 0) AS article_text_kept FROM load1;
SELECT (SELECT articles FROM source_profile WHERE source = 'courier-1') AS profile_articles,
       (SELECT articles FROM entity_key_stats WHERE relid = 'load1'::regclass AND key = '') = :key_total_before AS key_total_unchanged;

-- Explanations.
SELECT part, left(detail, 60) AS detail, left(a_value, 20) AS a, left(b_value, 20) AS b
FROM article_explain('news', :id_a, :id_b);
SELECT a_start, a_end, b_start, b_end, words FROM shared_passages(:'a', 'Breaking: ' || :'a', 8);
SELECT passage FROM shared_passages('The mayor said that the bridge would reopen in May after repairs.',
                                    'Officials said the bridge would reopen in May after repairs to its deck.', 5);
SELECT story_id AS story_of_a FROM news WHERE id = :id_a \gset
SELECT id, source, representative, round(relatedness::numeric, 2) AS relatedness FROM story_articles('news', :story_of_a) ORDER BY id;
SELECT articles, sources, representative FROM latest_stories('news', 50) WHERE story = :story_of_a;
SELECT source, articles, exact_copies, in_shared_stories FROM source_duplicates('news') WHERE source IN ('a', 'b', 'late', 'late2') ORDER BY source;

-- Bad use says what to do.
SELECT article_ingest();
SELECT article_setup('news', body => 'content');
CREATE TABLE noid (body text);
SELECT article_setup('noid');
CREATE TABLE wrongargs (id bigserial PRIMARY KEY, body text, clean_body text, fingerprint bigint, sketch minhash, story_id bigint);
CREATE TRIGGER t BEFORE INSERT ON wrongargs FOR EACH ROW EXECUTE FUNCTION article_ingest('colour=blue');
INSERT INTO wrongargs (body) VALUES ('x');
DROP TRIGGER t ON wrongargs;
CREATE TRIGGER t BEFORE INSERT ON wrongargs FOR EACH ROW EXECUTE FUNCTION article_ingest('body=text');
INSERT INTO wrongargs (body) VALUES ('x');
SELECT article_recluster('wrongargs');
SELECT * FROM article_explain('news', 1, 999999);
SELECT * FROM shared_passages('a', 'b', 0);
DROP TABLE news, noid, wrongargs, stats_demo, bridge;
