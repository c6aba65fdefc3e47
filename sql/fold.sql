-- fold_text and fingerprint_text: the matching form.

SELECT fold_text('“Hello” — World… It’s ＡＢＣ Straße «x» ‹y› a–b 10−2') AS folded;
SELECT fold_text(E'  Many\n\n  lines\tand\u00a0spaces  ') AS collapsed;
-- Case folding is full Unicode case folding, not lower().
SELECT fold_text('STRASSE') = fold_text('Straße') AS sharp_s,
       fold_text('ΟΔΟΣ') = fold_text('οδος') AND fold_text('ὈΔΌΣ') = fold_text('ὀδός') AS greek_sigma,
       fold_text('İstanbul') AS turkish_dotted_i;
-- Invisible and compatibility differences vanish.
SELECT fold_text(E'co\u00adop\u200beration') = fold_text('cooperation') AS invisibles,
       fold_text('ﬁle') = 'file' AS ligature,
       fold_text('e' || chr(769)) = fold_text('é') AS canonical;
-- Accents are kept unless asked; then Latin letters become ASCII.
SELECT fold_text('Ça déjà Łódź Ærø') AS accents_kept,
       fold_text('Ça déjà Łódź Ærø', strip_accents => true) AS accents_stripped,
       fold_text('Москва 北京', true) AS other_scripts_untouched;

-- Fingerprints: equal for texts differing in case, typography, white space or encoding accidents...
SELECT count(DISTINCT fingerprint_text(s)) AS distinct_fingerprints
FROM (VALUES ('It’s a “test” — really.'),
             ('IT''S A "TEST" - REALLY.'),
             (E'  it’s   a\n\n“test”\u00a0—\treally.  '),
             ('Itâ€™s a â€œtestâ€' || chr(157) || ' â€” really.'),   -- Latin-1 reading keeps 0x9D as U+009D
             ('Itâ€™s a â€œtestâ€ â€” really.'),                  -- Windows-1252 reading lost it
             ('It&#8217;s a &ldquo;test&rdquo; &mdash; really.'),
             ('It’s a “test” — really.')) v(s);
-- ...and different for different texts.
SELECT count(DISTINCT fingerprint_text(s)) AS distinct_fingerprints
FROM (VALUES ('It’s a test.'), ('It’s a test!'), ('It’s a best.'), ('Its a test.'), ('It’s a test'), ('')) v(s);
SELECT fingerprint_text('Café') = fingerprint_text('Cafe') AS accents_differ,
       fingerprint_text('Café', true) = fingerprint_text('Cafe', true) AS accents_folded;

-- fold(normalize(x)) = fold(x): a stored display form folds like its source.
SELECT count(*) FILTER (WHERE fold_text(normalize_text(s)) <> fold_text(s)) AS mismatches
FROM (VALUES ('It’s “quoted”'), (E'  A \n\n\n B  '), ('日本語 テキスト'), ('ﬁ ＡＢ ½'), ('Itâ€™s &amp;'),
             ('e' || chr(769)), ('İstanbul'), ('Straße'), ('')) v(s);
-- Folding is idempotent.
SELECT count(*) FILTER (WHERE fold_text(fold_text(s)) <> fold_text(s)) AS not_idempotent
FROM (VALUES ('It’s “quoted”'), ('ΟΔΟΣ'), ('ﬁ ＡＢ ½ ㎏'), ('İstanbul'), ('Straße'), ('ǅ')) v(s);

SELECT fold_text('') = '' AS empty, fingerprint_text('') = fingerprint_text(E' \n ') AS blank_same,
       fold_text(NULL) IS NULL AS null_in, fingerprint_text('x', NULL) IS NULL AS null_option;
