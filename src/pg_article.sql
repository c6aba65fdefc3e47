-- Versions that stored normalized values depend on.

CREATE FUNCTION pg_article_icu_version() RETURNS text
AS 'MODULE_PATHNAME', 'pga_icu_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pg_article_icu_version() IS
'ICU library version used for normalization and segmentation (after an ICU upgrade, REINDEX indexes on ntext and on fold_text/fingerprint_text expressions)';

CREATE FUNCTION pg_article_unicode_version() RETURNS text
AS 'MODULE_PATHNAME', 'pga_unicode_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pg_article_unicode_version() IS
'Unicode version of the ICU library in use';

CREATE FUNCTION pg_article_normalization_version() RETURNS integer
AS 'MODULE_PATHNAME', 'pga_normalization_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pg_article_normalization_version() IS
'Version of pg_article''s repair, normalization and folding rules, stamped into every ntext value';
