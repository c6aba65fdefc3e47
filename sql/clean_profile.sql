-- Source profiles: what the database learns from a source's other articles.

-- Pages of one source: the same menu, site blurb and footer around a different
-- article each time (paragraphs built from varied sentence parts).
CREATE TEMP TABLE page AS
SELECT i,
       format(E'Home\nNews\nCoast\n\n'
              'Coastal News is an independent daily paper founded in 1887 and published in the harbour town every morning except Sunday.\n\n'
              '%s council members met on %s and voted %s to %s the plan for the %s, after a debate that lasted %s hours.\n\n'
              'The mayor, %s, said the decision would cost about %s million euros and that the work would start %s.\n\n'
              'Residents who spoke at the meeting asked for %s, and the council promised an answer before %s.\n\n'
              'Follow us on social media\n© Coastal News',
              (ARRAY['Twelve','Nine','Eleven','Fourteen','Seven','Ten'])[1 + i % 6],
              (ARRAY['Monday','Tuesday','Wednesday','Thursday','Friday'])[1 + i % 5],
              (ARRAY['narrowly','unanimously','by a wide margin'])[1 + i % 3],
              (ARRAY['approve','reject','delay','review'])[1 + i % 4],
              (ARRAY['new bridge','old harbour wall','ferry terminal','school roof','cycle path','fish market','library'])[1 + i % 7],
              2 + i % 5,
              (ARRAY['Ana Ribeiro','Tom Walsh','Ines Costa','Karl Berg'])[1 + i % 4],
              3 + i,
              (ARRAY['next spring','in the autumn','after the summer','within a year'])[1 + i % 4],
              (ARRAY['more parking','a public survey','lower fees','a second meeting','better lighting'])[1 + i % 5],
              (ARRAY['the end of the month','Easter','the summer holidays','the next election'])[1 + i % 4]) AS body,
       timestamptz '2024-03-01 08:00+00' + (i || ' days')::interval AS seen
FROM generate_series(1, 13) i;

SELECT sum(source_profile_learn('coastal', body, 'text', seen)) > 0 AS learned
FROM (SELECT * FROM page WHERE i <= 12 ORDER BY i) p;
SELECT source, articles, blocks > 0 AS has_blocks, first_seen, last_seen FROM source_profile;

-- The site blurb reads like a sentence: without the profile it is kept; with it,
-- it is recognised as the source's furniture.  The article stays either way.
SELECT e.block, e.keep AS keep_alone, p.keep AS keep_with_profile, p.label, left(e.text, 50) AS text
FROM clean_explain((SELECT body FROM page WHERE i = 13)) e
JOIN clean_explain((SELECT body FROM page WHERE i = 13), source => 'coastal') p USING (block)
ORDER BY block;
SELECT reasons FROM clean_explain((SELECT body FROM page WHERE i = 13), source => 'coastal')
WHERE text LIKE 'Coastal News is%';
SELECT clean_article((SELECT body FROM page WHERE i = 13), source => 'coastal')
     = clean_article((SELECT body FROM page WHERE i = 13), source => 'coastal') AS deterministic,
       clean_article((SELECT body FROM page WHERE i = 13), source => 'unknown source')
     = clean_article((SELECT body FROM page WHERE i = 13)) AS unknown_source_changes_nothing;

-- Legitimate repetition: a wire sentence in three articles on one day is not furniture.
\set wire 'The regional government said in a statement that the evacuation order would remain in place until the river level falls below the warning mark.'
SELECT source_profile_learn('coastal', replace(body, 'Residents who spoke', :'wire' || E'\n\nResidents who spoke'),
                            'text', timestamptz '2024-03-20 09:00+00')
FROM page WHERE i IN (2, 5, 7);
SELECT keep, label, reasons LIKE '%not enough to count%' AS seen_but_not_counted
FROM clean_explain(replace((SELECT body FROM page WHERE i = 13), 'Residents who spoke', :'wire' || E'\n\nResidents who spoke'),
                   source => 'coastal')
WHERE text = :'wire';

-- A story the source printed before (the same wire copy on three days, then again): its
-- paragraphs recur with the rest of the story, which is not what furniture does; the site
-- blurb, on every article of the source, is still furniture.
SELECT sum(source_profile_learn('coastal', body, 'text', timestamptz '2024-04-01 09:00+00' + (k || ' days')::interval))
FROM page, generate_series(1, 3) k WHERE i = 3;
SELECT block, keep, label, left(text, 40) AS text,
       reasons LIKE '%a story printed before%' AS recognised_as_repeated_story
FROM clean_explain((SELECT body FROM page WHERE i = 3), source => 'coastal')
ORDER BY block;

-- Bounded: at most pg_article.profile_max_blocks fingerprints per source.
SET pg_article.profile_max_blocks = 100;
-- (digits are masked in fingerprints, so the lines differ in letters)
SELECT source_profile_learn('big', string_agg('Line ' || md5(g::text), E'\n'), 'text')
FROM generate_series(1, 300) g;
SELECT source_profile_learn('big', string_agg('Another line ' || md5(g::text || 'x'), E'\n'), 'text')
FROM generate_series(1, 300) g;
SELECT blocks <= 100 AS bounded, blocks = (SELECT count(*) FROM source_profile_block b WHERE b.source = 'big') AS counted
FROM source_profile WHERE source = 'big';
RESET pg_article.profile_max_blocks;

-- Roles: a role sees only the sources of roles it is a member of.
CREATE ROLE regress_pga_alice;
CREATE ROLE regress_pga_bob;
GRANT SELECT ON page TO PUBLIC;
SET ROLE regress_pga_alice;
SELECT source_profile_learn('alice news', body, 'text', seen) FROM page WHERE i = 1;
SELECT source, owner FROM source_profile ORDER BY source;
SET ROLE regress_pga_bob;
SELECT count(*) AS bob_sees FROM source_profile;
SELECT count(*) AS bob_sees_blocks FROM source_profile_block;
SELECT clean_article((SELECT body FROM page WHERE i = 13), source => 'alice news')
     = clean_article((SELECT body FROM page WHERE i = 13)) AS bob_gets_no_profile;
SELECT source_profile_learn('alice news', body, 'text', seen) FROM page WHERE i = 2;
RESET ROLE;
GRANT regress_pga_alice TO regress_pga_bob;
SET ROLE regress_pga_bob;
SELECT source, articles FROM source_profile ORDER BY source;
RESET ROLE;

-- Forgetting a source drops its blocks too.
SELECT source_profile_forget('alice news') AS forgotten, source_profile_forget('alice news') AS again;
SELECT count(*) FROM source_profile_block WHERE source = 'alice news';
DROP ROLE regress_pga_bob;
DROP ROLE regress_pga_alice;

-- The profile tables follow the extension to another schema.
CREATE SCHEMA other;
ALTER EXTENSION pg_article SET SCHEMA other;
SELECT other.source_profile_learn('coastal', body, 'text', seen) > 0 AS learned_after_move FROM page WHERE i = 13;
SELECT articles FROM other.source_profile WHERE source = 'coastal';
ALTER EXTENSION pg_article SET SCHEMA public;
DROP SCHEMA other;

-- pg_dump keeps the profiles (extension configuration tables).
SELECT c.relname
FROM pg_extension e, unnest(e.extconfig) t(oid) JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'pg_article' ORDER BY 1;

-- Bad input to learning.
SELECT source_profile_learn(NULL, 'x') AS null_source, source_profile_learn('s', NULL) AS null_input;
SELECT source_profile_learn('s', 'x', 'pdf');
SELECT source_profile_forget('coastal'), source_profile_forget('big');
