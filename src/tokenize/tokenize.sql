-- Stage 3: words.

CREATE FUNCTION tokenize_text(input text, strip_accents boolean DEFAULT false) RETURNS text[]
AS 'MODULE_PATHNAME', 'pga_tokenize_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION tokenize_text(text, boolean) IS
'Folded words of a text in order, by ICU word segmentation (dictionaries for Chinese, Japanese, Thai, Lao, Khmer, Burmese); punctuation, symbols and emoji are not words';
