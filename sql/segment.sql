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
-- multilingual news-like text (the one-pass UTF-8 lane, and runs of dictionary scripts inside other text),
-- as written and in upper case
CREATE TEMP TABLE multi(x text);
INSERT INTO multi VALUES
 (E'Die Bundesregierung hat am Mittwoch ein neues Klimagesetz beschlossen. „Wir müssen schneller handeln“, sagte die Ministerin in Berlin – die Opposition übte scharfe Kritik.\n\nDer Entwurf soll im Frühjahr 2024 in Kraft treten; Details (z. B. zur Förderung) folgen.'),
 (E'Le président a annoncé jeudi une réforme des retraites. « C’est une étape nécessaire », a-t-il déclaré à l’Élysée, où les syndicats ont protesté. Coût estimé : 3,5 milliards d’euros.'),
 (E'El Gobierno aprobó el martes un plan de vivienda. ¿Será suficiente? Según el ministerio, el 12,5 % de los jóvenes no puede pagar el alquiler en Madrid y Barcelona.'),
 (E'Il sindaco di Milano ha presentato ieri il nuovo piano per il traffico. «È una svolta», ha detto, ma l’opposizione parla di un’occasione persa.'),
 (E'Prezydent podpisał w środę ustawę o ochronie środowiska. Również minister zdrowia zapowiedział zmiany – podróże służbowe będą ograniczone. Źródło: PAP, 15.03.2023 r.'),
 (E'Cumhurbaşkanı, İstanbul''da düzenlenen törende konuştu. Ağrı''da ve Iğdır''da şiddetli yağış bekleniyor; ŞİŞLİ ve ÇANKAYA''da okullar tatil edildi.'),
 (E'Правительство России в четверг одобрило новый бюджет. «Это важный шаг», — заявил министр. Расходы вырастут на 3,5% — до 29 трлн руб. Т.е. больше, чем ожидалось.'),
 (E'Верховна Рада ухвалила закон про освіту. Київ, Львів і Одеса отримають додаткове фінансування; ґрунтовні зміни почнуться з 1 вересня.'),
 (E'Η κυβέρνηση ανακοίνωσε νέα μέτρα για την ακρίβεια. «Είναι απαραίτητο», δήλωσε ο υπουργός στην Αθήνα· ΟΙ ΣΥΝΔΙΚΑΛΙΣΤΈΣ ΑΝΤΙΔΡΟΎΝ. Ο.Η.Ε. και ΕΕ ζητούν διάλογο.'),
 (E'أعلنت الحكومة يوم الخميس عن خطة جديدة للإسكان. وقال الوزير إن المشروع سيكلف ٣٫٥ مليار دولار، وسيبدأ في عام 2024.'),
 (E'قال الرئيسُ إنَّ الاتفاقَ مهمٌّ جداً للمنطقة.'),
 (E'הממשלה אישרה ביום שלישי את התקציב החדש. לדברי השר, ״זהו צעד חשוב״; צה''ל ומשרד האוצר יחתמו על ההסכם.'),
 (E'सरकार ने बुधवार को नई शिक्षा नीति की घोषणा की। मंत्री ने कहा कि यह एक ऐतिहासिक कदम है।'),
 (E'国务院总理周三在北京主持召开常务会议，研究部署稳经济措施。会议指出，2023年第一季度GDP增长4.5%。'),
 (E'Reuters reported that 习近平 met President Biden in San Francisco; the talks (会谈) lasted four hours. Tokyo-based ソニー and 東京電力 were also mentioned.'),
 (E'東京は日本の首都です。新しいスマートフォンは9月に発売され、価格は12万円からです。iPhone 15 と Pixel 8 を比較しました。'),
 (E'서울시는 목요일 새로운 교통 정책을 발표했다. 시장은 "시민의 안전이 최우선"이라고 말했다. Seoul Metro 2호선'),
 (E'รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจ ในปี 2566 Bangkok Post รายงาน'),
 (E'Chính phủ Việt Nam đã thông qua kế hoạch phát triển kinh tế. Thủ tướng nói rằng đây là bước quan trọng.'),
 (E'Fans cheered 🎉 as the team won 3–1! Ticket prices rose to €45 ™ — see https://example.com/news?id=42&lang=en for details.'),
 (E'The CEO of AT&T said Q&A sessions for R&D staff will resume. Profits rose 3.5 % year-on-year to $1,234.56 million; ﬁnancial ﬁgures: ½ and ¾.'),
 (E'Caf\u0065\u0301 society: the ﬁrst Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and ㈱ ㎏ ℃ № Ⅳ ⑦ appear in scanned copy.');
INSERT INTO texts(x) SELECT x FROM multi;
INSERT INTO texts(x) SELECT upper(x) FROM multi;
INSERT INTO texts(x) SELECT string_agg(x, E'\n\n') FROM multi;
SELECT max(id) AS nonrandom FROM texts \gset

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
-- sketches do not depend on the segmenter either (the sample corpus, the tricky strings, the multilingual text)
CREATE TEMP TABLE sk_fast AS SELECT id, sketch(x)::text AS s, sketch(x, 64, 2, 7)::text AS s2 FROM texts WHERE id <= :nonrandom;
SET pg_article.icu_only = on;
CREATE TEMP TABLE sk_icu AS SELECT id, sketch(x)::text AS s, sketch(x, 64, 2, 7)::text AS s2 FROM texts WHERE id <= :nonrandom;
RESET pg_article.icu_only;
SELECT count(*) AS sketches, count(*) FILTER (WHERE f.s = i.s AND f.s2 = i.s2) AS same FROM sk_fast f JOIN sk_icu i USING (id);
-- the multilingual text has words in every script, and its sketches are what they were before the UTF-8 lane
SELECT count(*) AS multilingual, count(*) FILTER (WHERE cardinality(tokenize_text(x)) >= 7) AS with_words FROM multi;
SELECT md5(string_agg(sketch(x)::text, ',' ORDER BY md5(x))) AS multilingual_sketches FROM multi;
SELECT md5(string_agg(sketch(upper(x))::text, ',' ORDER BY md5(x))) AS multilingual_sketches_upper FROM multi;
-- simple text (ASCII, Latin-1 letters, common punctuation) keeps its folding without the check for repair after
-- folding, as it always had: '&Amp;' folds to '&amp;' and stays a word there (ICU alone repairs it to '&')
SELECT tokenize_text('x &Amp; y') AS simple_text, tokenize_text('x &Amp; y ж') AS other_text;
