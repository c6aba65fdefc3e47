-- Entities: people, organisations and places, with canonical names and keys.
-- Fixture sentences are our own, written around the names of the seed articles.

CREATE TEMP TABLE fx (id int PRIMARY KEY, body text);
INSERT INTO fx VALUES
(1, E'UN rights chief under pressure over Xinjiang report\n'
    'China''s ambassador Chen Xu told the Human Rights Council in Geneva on Tuesday that the report was "fabricated". '
    'The Office of the High Commissioner for Human Rights (OHCHR) has delayed it for months. '
    'Mr Chen said Michelle Bachelet should not publish it before her term ends. '
    'Bachelet, a former president of Chile, visited Xinjiang in May. '
    'OHCHR staff said the delay hurt the office''s credibility.'),
(2, E'Volker Türk takes over as UN human rights chief\n'
    'Volker Türk of Austria was confirmed by the General Assembly after Secretary-General Antonio Guterres proposed him. '
    'Mr Türk, who worked for the United Nations refugee agency for decades, said he would speak to China about Xinjiang. '
    'Guterres praised his experience. The Security Council was not involved.'),
(3, E'Diplomats form a group on human rights at the UN\n'
    'A group of ambassadors launched the Association of Central Asian Nations for the UN (ACANU) in New York. '
    'ACANU members said they would brief the Security Council. Kazakhstan and Uzbekistan joined.'),
(4, E'Microsoft Corp. said on Monday that Satya Nadella would visit Berlin. '
    'Nadella met German officials. Microsoft''s shares rose.');

-- every distinct entity, with canonical names, keys, counts and surface forms
SELECT id, kind, name, key, mentions, first_offset, surface_forms
FROM fx, entities(body) ORDER BY id, first_offset;

-- mentions: offsets are characters, end exclusive, and give back the surface
SELECT id, kind, start, "end", surface, name
FROM fx, entity_mentions(body) ORDER BY id, start;
SELECT count(*) AS mentions, count(*) FILTER (WHERE substr(body, start + 1, "end" - start) <> surface) AS offset_errors
FROM fx, entity_mentions(body);

-- seed patterns, one by one
SELECT name, surface_forms FROM entities('China''s ambassador Chen Xu spoke first. Mr Chen then left.') WHERE kind = 'PER';
SELECT name, surface_forms FROM entities('Bachelet arrived late. Michelle Bachelet, the High Commissioner, spoke.') WHERE kind = 'PER';
SELECT kind, name FROM entities('The Office of the High Commissioner for Human Rights (OHCHR) replied. OHCHR declined.') ;
SELECT kind, name FROM entities('Beijing''s envoy met Austria''s foreign minister.') ORDER BY 1, 2;
SELECT kind, name, key FROM entities('The U.S. and the United States of America are one place; so are the UK and Britain.') ORDER BY 3;

-- keys: sorted, distinct, and indexable with core GIN array_ops
SELECT id, entity_keys(body) FROM fx ORDER BY id;
CREATE TEMP TABLE art AS SELECT id, body, entity_keys(body) AS keys FROM fx;
CREATE INDEX art_keys ON art USING gin (keys);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM art WHERE keys && ARRAY['LOC:xinjiang'];
SELECT id FROM art WHERE keys && ARRAY['LOC:xinjiang'] ORDER BY id;
SELECT id FROM art WHERE keys @> ARRAY['ORG:un security council', 'PER:antonio guterres'] ORDER BY id;
RESET enable_seqscan;
SELECT id FROM fx WHERE entity_keys(body) @> ARRAY['LOC:china'] ORDER BY id;

-- similarity of key sets (Jaccard)
SELECT a.id, b.id, round(entity_similarity(a.keys, b.keys)::numeric, 3) AS sim
FROM art a JOIN art b ON a.id < b.id ORDER BY 1, 2;
SELECT entity_similarity(ARRAY['PER:a', 'LOC:b'], ARRAY['LOC:b', 'ORG:c']),
       entity_similarity(ARRAY['PER:a', 'PER:a', NULL], ARRAY['PER:a']),
       entity_similarity('{}', '{}');

-- the model is loaded once per backend and reports its size
SELECT file_bytes > 100000 AS has_model, feature_rows, used_rows > 10000 AS trained, memory_bytes FROM entity_model_info();
-- issue 5 rules: "X administration" names a person; department titles are not names; organisation
-- names cut at a connector are joined; titles after an organisation's head word stay out
SELECT kind, surface FROM entity_mentions('The Bush administration issued the rule before Bush left office.') ORDER BY start;
SELECT kind, surface FROM entity_mentions('Interior Secretary Ken Salazar and Commerce Secretary Gary Locke spoke. The Interior and Commerce departments agreed.') ORDER BY start;
SELECT kind, surface FROM entity_mentions('Scientists at the Center for Biological Diversity and the Office of Management and Budget disagreed with the Fish and Wildlife Service.') ORDER BY start;
SELECT kind, surface FROM entity_mentions('The House Natural Resources Committee Chairman Rep. Nick Rahall said so.') ORDER BY start;
-- the organisation gazetteer: teams named by their nickname, companies by their name
SELECT kind, surface, name FROM entity_mentions('The Saints beat the Colts in New Orleans; Kraft Foods and Hewlett-Packard reported earnings.') ORDER BY start;
-- sports news names teams by their city: the team after "lost to", "beat", as a subject; the city "in Seattle"
SELECT kind, surface FROM entity_mentions('The Saints lost to Atlanta in the last game of the season. New Orleans plays at Seattle on Saturday, and the coach said the game in Seattle will be loud. The U.S. league has 32 teams.') ORDER BY start;
-- without sports words the same city stays a place
SELECT kind, surface FROM entity_mentions('Police in Atlanta arrested a man. Atlanta officials said the suspect had lived in Seattle.') ORDER BY start;
-- demonyms and measures are no names; a given name makes a person; a role inside a span is cut out;
-- a company's name before its product is the company alone
SELECT kind, surface FROM entity_mentions('Israeli and Western officials said the laptop has 4GB of memory and a 250GB drive.') ORDER BY start;
SELECT kind, surface FROM entity_mentions('Apple CEO Steve Jobs showed the Nvidia GeForce 9400M chip; Manager Ed Stefanski and Eddie Jordan watched.') ORDER BY start;
-- a cased script other than Latin: two capitalised words the tagger left out are a person
SELECT kind, surface, key FROM entity_mentions('Ο Αντόνιο Γκουτέρες μίλησε στη Γενεύη.') ORDER BY start;
-- in sports news any place beaten or played against is a team; nicknames inside a name; tickers
SELECT kind, surface FROM entity_mentions('Creighton beat Evansville 71-58 on Saturday, the coach said after the game; the season ends in Omaha. The league standings favour Creighton.') ORDER BY start;
SELECT kind, surface FROM entity_mentions('Vincent "the Chin" Gigante died. Kimani (Kiki) Gray was 16.') ORDER BY start;
SELECT kind, surface FROM entity_mentions('Shares of Intel (NASDAQ: INTC) and Hewlett-Packard (nyse: HPQ) rose.') ORDER BY start;
