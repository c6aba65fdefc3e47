-- The normalized-text type: stored display form, folded comparison.

CREATE TYPE ntext;

CREATE FUNCTION ntext_in(cstring) RETURNS ntext
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ntext_out(ntext) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ntext_recv(internal) RETURNS ntext
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ntext_send(ntext) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE ntext (
	INPUT = ntext_in,
	OUTPUT = ntext_out,
	RECEIVE = ntext_recv,
	SEND = ntext_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended,
	ALIGNMENT = int4,
	CATEGORY = 'S',
	PREFERRED = false,
	COLLATABLE = false
);
COMMENT ON TYPE ntext IS
'Normalized text: stores the display form of normalize_text() plus its folded form, so =, <, hashing, UNIQUE and ORDER BY follow fold_text() without running ICU at comparison time';

-- casts
CREATE FUNCTION ntext(text) RETURNS ntext
AS 'MODULE_PATHNAME', 'ntext_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ntext(text) IS 'Normalizes a text into an ntext (the cast text -> ntext)';
CREATE FUNCTION text(ntext) RETURNS text
AS 'MODULE_PATHNAME', 'ntext_to_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION text(ntext) IS 'Display form of an ntext (the cast ntext -> text: copies stored bytes, runs no normalization)';

CREATE CAST (text AS ntext) WITH FUNCTION ntext(text) AS ASSIGNMENT;
CREATE CAST (varchar AS ntext) WITH FUNCTION ntext(text) AS ASSIGNMENT;
CREATE CAST (ntext AS text) WITH FUNCTION text(ntext) AS IMPLICIT;
CREATE CAST (ntext AS varchar) WITH FUNCTION text(ntext) AS IMPLICIT;

-- stored parts
CREATE FUNCTION fold_text(ntext) RETURNS text
AS 'MODULE_PATHNAME', 'ntext_folded' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fold_text(ntext) IS 'Stored folded form of an ntext (equals fold_text() of its text, without recomputing)';
CREATE FUNCTION fingerprint(ntext) RETURNS bigint
AS 'MODULE_PATHNAME', 'ntext_fingerprint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fingerprint(ntext) IS 'Stored 64-bit fingerprint of an ntext (equals fingerprint_text() of its text, read from a 16-byte header)';
CREATE FUNCTION normalization_version(ntext) RETURNS integer
AS 'MODULE_PATHNAME', 'ntext_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION normalization_version(ntext) IS 'pg_article normalization version a value was stored with; values older than pg_article_normalization_version() can be refreshed with col = col::text::ntext';

-- comparison
CREATE FUNCTION ntext_eq(ntext, ntext) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_ne(ntext, ntext) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_lt(ntext, ntext) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_le(ntext, ntext) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_gt(ntext, ntext) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_ge(ntext, ntext) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_cmp(ntext, ntext) RETURNS integer
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_sortsupport(internal) RETURNS void
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ntext_hash(ntext) RETURNS integer
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_hash_extended(ntext, bigint) RETURNS bigint
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION ntext_larger(ntext, ntext) RETURNS ntext
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ntext_smaller(ntext, ntext) RETURNS ntext
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ntext_eq(ntext, ntext) IS 'implementation of = for ntext (folded forms equal)';
COMMENT ON FUNCTION ntext_ne(ntext, ntext) IS 'implementation of <> for ntext';
COMMENT ON FUNCTION ntext_lt(ntext, ntext) IS 'implementation of < for ntext (code point order of folded forms)';
COMMENT ON FUNCTION ntext_le(ntext, ntext) IS 'implementation of <= for ntext';
COMMENT ON FUNCTION ntext_gt(ntext, ntext) IS 'implementation of > for ntext';
COMMENT ON FUNCTION ntext_ge(ntext, ntext) IS 'implementation of >= for ntext';
COMMENT ON FUNCTION ntext_cmp(ntext, ntext) IS 'B-tree comparison support for ntext';
COMMENT ON FUNCTION ntext_sortsupport(internal) IS 'B-tree sort support for ntext';
COMMENT ON FUNCTION ntext_hash(ntext) IS 'hash support for ntext (low 32 bits of the stored fingerprint)';
COMMENT ON FUNCTION ntext_hash_extended(ntext, bigint) IS 'extended hash support for ntext';
COMMENT ON FUNCTION ntext_larger(ntext, ntext) IS 'larger of two ntext values (for max)';
COMMENT ON FUNCTION ntext_smaller(ntext, ntext) IS 'smaller of two ntext values (for min)';

CREATE OPERATOR = (
	LEFTARG = ntext, RIGHTARG = ntext, PROCEDURE = ntext_eq,
	COMMUTATOR = =, NEGATOR = <>,
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = ntext, RIGHTARG = ntext, PROCEDURE = ntext_ne,
	COMMUTATOR = <>, NEGATOR = =,
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = ntext, RIGHTARG = ntext, PROCEDURE = ntext_lt,
	COMMUTATOR = >, NEGATOR = >=,
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = ntext, RIGHTARG = ntext, PROCEDURE = ntext_le,
	COMMUTATOR = >=, NEGATOR = >,
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = ntext, RIGHTARG = ntext, PROCEDURE = ntext_gt,
	COMMUTATOR = <, NEGATOR = <=,
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = ntext, RIGHTARG = ntext, PROCEDURE = ntext_ge,
	COMMUTATOR = <=, NEGATOR = <,
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR = (ntext, ntext) IS 'equal after folding (case, typography, white space, encoding accidents ignored)';
COMMENT ON OPERATOR <> (ntext, ntext) IS 'not equal after folding';
COMMENT ON OPERATOR < (ntext, ntext) IS 'less than, in code point order of folded forms';
COMMENT ON OPERATOR <= (ntext, ntext) IS 'less than or equal, in code point order of folded forms';
COMMENT ON OPERATOR > (ntext, ntext) IS 'greater than, in code point order of folded forms';
COMMENT ON OPERATOR >= (ntext, ntext) IS 'greater than or equal, in code point order of folded forms';

CREATE OPERATOR CLASS ntext_ops
DEFAULT FOR TYPE ntext USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 ntext_cmp(ntext, ntext),
	FUNCTION 2 ntext_sortsupport(internal);

CREATE OPERATOR CLASS ntext_ops
DEFAULT FOR TYPE ntext USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 ntext_hash(ntext),
	FUNCTION 2 ntext_hash_extended(ntext, bigint);

CREATE AGGREGATE min(ntext) (SFUNC = ntext_smaller, STYPE = ntext, SORTOP = <, COMBINEFUNC = ntext_smaller, PARALLEL = SAFE);
CREATE AGGREGATE max(ntext) (SFUNC = ntext_larger, STYPE = ntext, SORTOP = >, COMBINEFUNC = ntext_larger, PARALLEL = SAFE);
COMMENT ON AGGREGATE min(ntext) IS 'smallest ntext in folded order';
COMMENT ON AGGREGATE max(ntext) IS 'largest ntext in folded order';
