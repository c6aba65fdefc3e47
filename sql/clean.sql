-- Cleaning: article bodies from HTML and from plain text, explanations, knobs.
-- Fixtures in test/fixtures/clean/ are written for these tests; they carry the
-- patterns of the seeds (icon alt-text runs, repeated captions, placeholders,
-- "Already a subscriber? Sign in", "More from World" lists, bios, "Check Also").
\set txt `cat test/fixtures/clean/wire_text.txt`
\set page `cat test/fixtures/clean/wire_page.html`

-- What 'auto' reads an input as.
SELECT article_format(:'page') AS page,
       article_format(:'txt') AS text,
       article_format('He wrote <b>bold</b> claims about <p> tags.') AS text_with_two_tags,
       article_format('  <!-- comment --><div>x</div>') AS leading_comment,
       article_format('') AS empty;

-- The paragraphs every cleaner must keep, and the furniture it must drop.
CREATE TEMP TABLE must (kind text, fragment text);
INSERT INTO must VALUES
  ('keep', 'The harbour authority has suspended dredging'),
  ('keep', 'Ana Ribeiro, who has run the port office for six years'),
  ('keep', 'We cannot ask people who have fished here for generations'),
  ('keep', 'association welcomed the decision'),
  ('keep', 'The dredging contract, worth about four million euros'),
  ('keep', 'Local councillors have asked the regional government'),
  ('drop', 'An icon of'),
  ('drop', '[[title]]'),
  ('drop', '[[text]]'),
  ('drop', 'Already a subscriber'),
  ('drop', 'More from World'),
  ('drop', 'Storm closes schools'),
  ('drop', 'Check Also'),
  ('drop', '(Photo:'),
  ('drop', 'Staff Reporter is a correspondent'),
  ('drop', 'Sign up for our newsletter'),
  ('drop', 'All rights reserved'),
  ('drop', 'By Staff Reporter');

CREATE TEMP TABLE cleaned AS
SELECT 'text' AS input, clean_article(:'txt') AS body
UNION ALL SELECT 'html', clean_article(:'page');

SELECT c.input, m.kind, m.fragment
FROM cleaned c, must m
WHERE (m.kind = 'keep') <> (position(m.fragment IN c.body) > 0)
ORDER BY 1, 2, 3;   -- no rows: every fragment kept or dropped as it should

-- HTML-only furniture: cookie banner, navigation, share tools, comments, advertisement.
SELECT fragment FROM (VALUES ('We use cookies'), ('Opinion'), ('Share on Facebook'), ('3 comments'),
                             ('Finally someone listens'), ('Advertisement'), ('Privacy policy'),
                             ('tracking'), ('color: red')) f(fragment)
WHERE position(fragment IN (SELECT body FROM cleaned WHERE input = 'html')) > 0;

-- Paragraphs come out separated by one blank line, trimmed, entities and quotes repaired.
SELECT input,
       array_length(string_to_array(body, E'\n\n'), 1) AS paragraphs,
       body ~ E'\n\n\n' AS triple_newline,
       body <> btrim(body, E' \n') AS untrimmed,
       position('“We cannot' IN body) > 0 AS curly_quote_from_entity   -- the text fixture has straight quotes
FROM cleaned ORDER BY 1;

-- Every block with a label and reasons; dropped blocks say why.
SELECT block, keep, label, left(text, 40) AS text
FROM clean_explain(:'page') ORDER BY block;
SELECT label, count(*) FROM clean_explain(:'txt') GROUP BY label ORDER BY label;
SELECT count(*) FILTER (WHERE reasons = '') AS blocks_without_reasons,
       count(*) FILTER (WHERE score < 0 OR score > 1 OR text_score < 0 OR text_score > 1) AS scores_out_of_range
FROM clean_explain(:'page');
SELECT reasons LIKE '%template placeholder%' AS says_placeholder
FROM clean_explain(:'txt') WHERE text = '[[title]]';

-- Deterministic: the same input gives the same output (also in another session state).
SELECT md5(clean_article(:'page')) = md5(clean_article(:'page')) AS same_html,
       md5(clean_article(:'txt', 'text')) = (SELECT md5(body) FROM cleaned WHERE input = 'text') AS same_text;

-- Knobs.
SELECT (SELECT count(*) FROM clean_explain(:'page', threshold => 0.05) WHERE keep)
         >= (SELECT count(*) FROM clean_explain(:'page') WHERE keep) AS low_threshold_keeps_more,
       (SELECT count(*) FROM clean_explain(:'page', threshold => 0.99) WHERE keep)
         <= (SELECT count(*) FROM clean_explain(:'page') WHERE keep) AS high_threshold_keeps_less;
-- ... at every step, on every input (a page with no clear article text included)
SELECT input, bool_and(kept <= prev) AS never_keeps_more_at_a_higher_threshold
FROM (SELECT input, t, kept, lag(kept, 1, 1000000) OVER (PARTITION BY input ORDER BY t) AS prev
      FROM (VALUES ('page', :'page'), ('text', :'txt'),
                   ('no article', E'Home\nAbout us\nOur team works on bridges and roads in the valley since 1990.\nContact')) AS i(input, body),
           generate_series(0.0, 1.0, 0.1) AS t,
           LATERAL (SELECT count(*) AS kept FROM clean_explain(body, threshold => t::real) WHERE keep) AS k) AS x
GROUP BY input ORDER BY input;
SELECT position('Harbour master Ana Ribeiro' IN clean_article(:'page', keep_captions => true)) > 0 AS caption_kept,
       position('Harbour master Ana Ribeiro' IN clean_article(:'page')) > 0 AS caption_by_default;
SELECT split_part(clean_article(:'page', headline => true), E'\n\n', 1) AS html_headline,
       split_part(clean_article(:'txt', headline => true), E'\n\n', 1) AS text_headline;

-- Explicit formats: HTML read as text keeps its markup out of nothing; text read as HTML still works.
\set para 'The council met on Monday and agreed to the plan after a long debate about the cost of the new bridge, which the mayor said would be shared with the region.'
SELECT position('<p>' IN clean_article('<p>' || :'para' || '</p>', 'text')) > 0 AS tags_are_text_in_text_mode,
       clean_article(:'para', 'html') = :'para' AS text_as_html,
       clean_article(:'para') = :'para' AS clean_text_unchanged,
       clean_article('<p>' || :'para' || '</p>') = :'para' AS one_paragraph_page;

-- Languages: stop lists from tsearch_data where PostgreSQL has one, none needed where it has not.
SELECT clean_article(E'Startseite\nPolitik\nSport\n\nDer Stadtrat hat am Montag beschlossen, die alte Brücke über den Fluss bis zum Sommer für den Verkehr zu sperren, weil die Gutachter Risse gefunden haben.\n\nDie Bürgermeisterin sagte, dass die Reparatur etwa zwei Jahre dauern werde und dass die Stadt eine Fähre für Fußgänger einrichten wolle.\n\n© 2024 Stadtanzeiger') AS german;
SELECT clean_article(E'首页\n新闻\n体育\n\n市政府星期一宣布，老桥将从明天起封闭，直到夏季结束，因为工程师在桥墩上发现了多处裂缝，需要进行全面检修。\n\n市长表示，维修工作预计需要两年时间，在此期间，市政府将为行人开通一条渡轮航线，并增加公共汽车的班次。\n\n版权所有') AS chinese;

-- Edge cases: nothing to clean, broken markup, deep nesting, widgets only, control bytes.
SELECT clean_article(NULL) IS NULL AS null_in_null_out,
       clean_article('') AS empty,
       clean_article(E' \n\t\n ') AS blank,
       clean_article('<html><body></body></html>') AS empty_page,
       clean_article('<html><body><script>alert(1)</script><style>p{}</style></body></html>') AS only_code;
SELECT clean_article('<p>' || :'para' || '<div><p>Unclosed <b>tags <i>everywhere', 'html') LIKE 'The council met on Monday%'
       AS broken_markup;
-- 20,000 unclosed levels: deeper than libxml2's default limit and than the walker's stack
SELECT clean_article(repeat('<div>', 20000) || :'para' || repeat('</div>', 20000), 'html') = :'para' AS deep_nesting;
SELECT clean_article(E'<p>Text with a \x01 control, a soft\u00ADhyphen and caf\u00C3\u00A9 mojibake in a paragraph of running text, as it should be in a test.</p>')
       AS repaired;
SELECT count(*) AS blocks FROM clean_blocks(:'page');
SELECT array_length(clean_feature_names(), 1) = (SELECT array_length(features, 1) FROM clean_blocks(:'page') LIMIT 1)
       AS features_named;

-- A wire dateline "(AP) —" is not a photo credit; "Read more: ..." points to another page.
SELECT clean_explain.label, left(text, 50) AS text
FROM clean_explain(E'Menu\nWorld\n\nSANTA FE, N.M. (AP) — A cat who has been missing for five years in Portland, Oregon, has been found in Santa Fe.\n\nThe owner said she had given up hope of ever seeing the animal again after searching the neighbourhood for months.\n\nRead more: Dog found after three years in a neighbouring town\n\nShelter staff scanned the microchip and called the number that was still registered to the family in Oregon.\n\nThe family plans to drive down to collect the cat next week, a trip of more than a thousand miles.', 'text')
ORDER BY block;
-- A gallery caption printed once per slide and again under the photo.
\set gallery '<html><body><article><div class="gallery"><ul><li><div class="caption">The mayor speaks with residents at the harbour on Tuesday, before the council meeting in the town hall.</div></li></ul><div class="caption-remote"><div class="caption">The mayor speaks with residents at the harbour on Tuesday, before the council meeting in the town hall.</div></div></div><p>The council voted on Tuesday to close the old harbour bridge to traffic until the summer, after engineers found cracks in two of its piers.</p><p>The mayor said the repairs would take about two years and that a ferry for pedestrians would run in the meantime, paid for by the regional government.</p><p>Shop owners on both banks of the river said they feared losing customers, and asked the council to lower their rates while the bridge is closed.</p></article></body></html>'
SELECT position('The mayor speaks' IN clean_article(:'gallery', 'html')) > 0 AS caption_kept,
       position('The mayor speaks' IN clean_article(:'gallery', 'html', keep_captions => true)) > 0 AS caption_kept_on_request;

-- Bad arguments say what to do.
SELECT clean_article('x', 'pdf');
SELECT clean_article('x', threshold => 1.5);
SELECT clean_article('x', threshold => 'NaN');
