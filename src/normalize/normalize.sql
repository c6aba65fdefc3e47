-- Stage 2: normalized text for display, folded text and fingerprints for matching.

CREATE FUNCTION normalize_text(input text) RETURNS text
AS 'MODULE_PATHNAME', 'pga_normalize_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION normalize_text(text) IS
'Display form of a text: repaired (see repair_text), Unicode NFC, Latin ligatures and fullwidth letters/digits made plain, every space made one ASCII space, lines trimmed, at most one blank line between paragraphs';

CREATE FUNCTION fold_text(input text, strip_accents boolean DEFAULT false) RETURNS text
AS 'MODULE_PATHNAME', 'pga_fold_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fold_text(text, boolean) IS
'Matching form of a text: repaired, NFKC_Casefold, quotes/apostrophes/dashes unified, all white space collapsed to one space; strip_accents => true also folds Latin letters to ASCII (ICU Latin-ASCII)';

CREATE FUNCTION fingerprint_text(input text, strip_accents boolean DEFAULT false) RETURNS bigint
AS 'MODULE_PATHNAME', 'pga_fingerprint_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fingerprint_text(text, boolean) IS
'64-bit fingerprint (seeded XXH3) of fold_text(input, strip_accents): texts differing only in case, typography, white space or encoding accidents get the same value';
