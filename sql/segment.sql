-- pg_article's fast paths give exactly what ICU gives (pg_article.icu_only = on): the fast word
-- segmenter finds the words of ICU's break iterator, and the simple case folding equals ICU's
-- NFKC_Casefold, on real text, on tricky strings and on random strings from a wide pool.

CREATE TEMP TABLE texts(id serial, x text);
CREATE TEMP TABLE src(id serial, source text, url text, published date, title text, body text);
\copy src(source, url, published, title, body) FROM 'data/sample/articles.tsv'
INSERT INTO texts(x) SELECT body FROM src;
INSERT INTO texts(x) SELECT upper(body) FROM src;
INSERT INTO texts(x) VALUES ('ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ ªº µ ¹²³ ¼½¾ ´¨¯¸ ¡¿«» ‘’“”–—… x' || chr(160) || 'y'),
 ('STRASSE Straße STRAẞE ǅungla ΣΟΦΙΑ σοφια ﬁ ﬂ ＡＢＣ'), ('É' || chr(769) || ' e' || chr(769) || ' E' || chr(771) || ' ñ' || chr(803));
INSERT INTO texts(x) VALUES
 ('___ a_b _x x_ 9_9 _ __'), ('e-mail u.s. u.s.a 3.5% 3,000.50 1.2.3 a.b.c'), ('o''brien don''t ''quoted'' rock''n''roll'),
 ('a:b a·b a.b. 12:30 12:30:45'), ('שלום עליכם ז"ל ג''ורג'' ש''1'), ('café naïve ﬁ x²y ½ ¾ 1⁄2'), ('안녕하세요 세계 abc123각각'),
 ('a' || chr(769) || 'b ' || chr(769) || 'x'), ('foo.bar,baz;qux'), ('x.' || chr(769) || 'y'), ('1,2 a,b 1;2 a;b'), ('ab''cd''ef'),
 ('a..b a.,b 1..2 1.,2 a''.b .a. ''a'' "a" a" "b'), ('Arabic: مرحبا، بالعالم. ٣٫٥ ١٢٣'), ('हिन्दी भाषा क्षेत्र'),
 ('Ελληνικά: ά έ ή; Ο.Η.Ε.'), ('Русский: т.е. 3,5 мл.'), ('a﹒b a．b a＇b'), ('ａｂｃ １２３'), ('₂₃ x² ⁴ ⅷ ⑦'),
 ('#hash @user http://example.com/a_b?c=d&e=f user@mail.com'), ('1e10 0x1F $5 5$ €5 5€ 10% -5 +5'), ('A.B.C. U.N.-led'),
 ('ab_' || chr(769) || ' a_' || chr(769) || 'b __' || chr(769) || ' 1_' || chr(769)), ('ש''' || chr(2367) || ' x'),
 ('日本 mixed with latin'), ('ไทย mixed'), ('😀 a😀b 👨‍👩‍👧 🇫🇷x'), ('ԱԲԳ աբգ ქართული ܐܒܓ ދިވެހި ⵜⴰⵎⴰⵣⵉⵖⵜ');
-- random strings (fixed seed) from a pool of letters, digits, punctuation of every word-break class,
-- marks, joiners, and characters that need the break iterator
SELECT setseed(0.3);
CREATE TEMP TABLE pool AS SELECT unnest(string_to_array(
 'a b c x y z A Q É Ö ß Ø Ÿ ÿ ª µ ½ ´ 0 1 9 . , ; : '' " ! ? ( ) - / & % $ # * + = [ ] { } < > ~ ^ | \ _ ` @ é ü ß ñ ç œ Ø ı İ ǅ ά ω Ж щ ё ש ל ם ׳ ״ ، ؛ ٫ ٬ ٣ م ر ह ि ् क ष ़ ₂ ² ½ ⁄ ′ ’ ‘ ‛ “ ” „ · ‧ ‐ – — … ･ ﹒ ﹐ ﹔ ． ， ＇ ＿ ‿ ⁀ ́ ̈ ̧ ‌ ‍ ­ ​ 😀 👍 🏽 ️ 𝐀 𝟙 中 文 の カ ｶ 한 ᄀ ก ် ☃ ♥ ℃ № ™ Ⅳ ⑦ ᐁ ꓮ ߊ ܐ ⴰ Ա ქ',
 ' ')) AS c;
INSERT INTO pool VALUES (' '), (' '), (' '), (E'\n');
INSERT INTO texts(x)
SELECT (SELECT string_agg(c, '') FROM (SELECT (SELECT c FROM pool WHERE g > 0 ORDER BY random() LIMIT 1) c
                                        FROM generate_series(1, 4 + (g % 14))) s)
FROM generate_series(1, 3000) g;

-- random strings from the characters the one-pass lane handles (ASCII, Latin-1 letters, common punctuation)
CREATE TEMP TABLE simple_pool AS SELECT unnest(string_to_array(
 'a b z A Z 0 5 9 . , ; : '' " ! ? ( ) - / & % $ # * + = [ ] _ ` À É Ö Ø Þ ß à é ö ø þ ÿ × ÷ · ‘ ’ “ ” – — … « » ¡ ¿ € £ © ® ° ± ¶ • §',
 ' ')) AS c;
INSERT INTO simple_pool VALUES (' '), (' '), (E'\n'), (chr(160));
INSERT INTO texts(x)
SELECT (SELECT string_agg(c, '') FROM (SELECT (SELECT c FROM simple_pool WHERE g > 0 ORDER BY random() LIMIT 1) c
                                        FROM generate_series(1, 4 + (g % 14))) s)
FROM generate_series(1, 3000) g;

SET pg_article.icu_only = off;
CREATE TEMP TABLE fast AS SELECT id, tokenize_text(x) AS w, fold_text(x) AS f, normalize_text(x) AS n FROM texts;
SET pg_article.icu_only = on;
CREATE TEMP TABLE icu AS SELECT id, tokenize_text(x) AS w, fold_text(x) AS f, normalize_text(x) AS n FROM texts;
RESET pg_article.icu_only;
SELECT count(*) AS texts, count(*) FILTER (WHERE f.w = i.w) AS same_words, count(*) FILTER (WHERE f.f = i.f) AS same_folds,
       count(*) FILTER (WHERE f.n = i.n) AS same_display, sum(cardinality(i.w)) > 10000 AS many_words
FROM fast f JOIN icu i USING (id);
-- any difference, shown in full
SELECT t.x, f.w AS fast, i.w AS icu FROM fast f JOIN icu i USING (id) JOIN texts t USING (id) WHERE f.w <> i.w;
SELECT t.x, f.f AS fast, i.f AS icu FROM fast f JOIN icu i USING (id) JOIN texts t USING (id) WHERE f.f <> i.f;
-- sketches do not depend on the segmenter either
CREATE TEMP TABLE sk_fast AS SELECT id, sketch(x)::text AS s FROM texts WHERE id <= 80;
SET pg_article.icu_only = on;
CREATE TEMP TABLE sk_icu AS SELECT id, sketch(x)::text AS s FROM texts WHERE id <= 80;
RESET pg_article.icu_only;
SELECT count(*) AS sketches, count(*) FILTER (WHERE f.s = i.s) AS same FROM sk_fast f JOIN sk_icu i USING (id);
