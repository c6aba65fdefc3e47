-- Stage 1: repair of scraped text.

CREATE FUNCTION repair_text(input text, html boolean DEFAULT true, mojibake boolean DEFAULT true)
RETURNS text
AS 'MODULE_PATHNAME', 'pga_repair_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION repair_text(text, boolean, boolean) IS
'Repairs scraped text: mojibake (UTF-8 read as Windows-1252/Latin-1, once or twice), HTML character references (html => false keeps them), C0/C1 controls, zero-width characters, BOMs, soft hyphens, CR/LF; correct text is returned unchanged';
