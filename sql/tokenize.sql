-- tokenize_text: folded words by ICU word segmentation.

SELECT tokenize_text('It’s the U.S. economy: GDP up 3.5% in 2022, says O''Brien — “really”!') AS english;
SELECT tokenize_text('Die Straße ist GRÜN; l’été à Paris; ¿Qué tal?') AS european;
-- Languages without spaces: dictionary segmentation.
SELECT tokenize_text('北京欢迎你。') AS chinese,
       tokenize_text('東京は日本の首都です。') AS japanese,
       tokenize_text('ภาษาไทยง่ายนิดเดียว') AS thai;
SELECT tokenize_text('مرحبا بالعالم') AS arabic, tokenize_text('Привет, мир!') AS russian;
-- Punctuation, symbols and emoji are not words.
SELECT tokenize_text('... — !!! 😀 👍🏽 $ % &') AS no_words,
       tokenize_text('Café déjà', strip_accents => true) AS stripped;
-- Tokens are folded, so variants give the same tokens.
SELECT tokenize_text('ＩＴ’S “A” TEST') = tokenize_text('it''s a test') AS folded_tokens;
SELECT tokenize_text('') AS empty, tokenize_text(NULL) IS NULL AS null_in;
