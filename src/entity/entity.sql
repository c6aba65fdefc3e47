-- Stage 5: entities (people, organisations, places).

CREATE FUNCTION entities(body text,
	OUT kind text, OUT name text, OUT key text, OUT mentions integer,
	OUT first_offset integer, OUT surface_forms text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pga_entities_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION entities(text) IS
'Distinct people (PER), organisations (ORG) and places (LOC) named in a text: canonical name, key (KIND:folded Latin canonical name), number of mentions, character offset of the first, and the surface forms seen; in order of first mention';

CREATE FUNCTION entity_mentions(body text,
	OUT kind text, OUT name text, OUT key text, OUT start integer, OUT "end" integer, OUT surface text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pga_entity_mentions_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 50;
COMMENT ON FUNCTION entity_mentions(text) IS
'Every mention of a person, organisation or place in a text, with its canonical name and key, and its character offsets (start inclusive, end exclusive, counted in characters as substr() does: substr(body, start + 1, "end" - start) = surface)';

CREATE FUNCTION entity_keys(body text) RETURNS text[]
AS 'MODULE_PATHNAME', 'pga_entity_keys_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION entity_keys(text) IS
'Sorted distinct entity keys of a text (''PER:michelle bachelet'', ''LOC:china''), for GIN array_ops indexes: WHERE entity_keys(body) && ARRAY[...] or @> ARRAY[...]';

CREATE FUNCTION entity_similarity(a text[], b text[]) RETURNS real
AS 'MODULE_PATHNAME', 'pga_entity_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION entity_similarity(text[], text[]) IS
'Jaccard similarity of two entity key sets, |A ∩ B| / |A ∪ B| over distinct non-null keys; 0 when both are empty';

CREATE FUNCTION entity_train(docs text[], ent_doc integer[], ent_start integer[], ent_end integer[],
	ent_kind text[], epochs integer DEFAULT 15, seed integer DEFAULT 1, bits integer DEFAULT 18)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pga_entity_train'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION entity_train(text[], integer[], integer[], integer[], text[], integer, integer, integer) IS
'Trains an entity model (averaged perceptron, fixed seed and order: reproducible) on documents and their entity spans (1-based document number, start and end in characters, end exclusive, kind PER/ORG/LOC); returns the model file; used by make entity-model';

CREATE FUNCTION entity_model_load(model bytea) RETURNS void
AS 'MODULE_PATHNAME', 'pga_entity_model_load'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION entity_model_load(bytea) IS
'Replaces, for this session only, the entity model with one returned by entity_train (for training and evaluation; new sessions load the installed model)';

CREATE FUNCTION entity_model_info(OUT file_bytes bigint, OUT feature_rows integer, OUT used_rows integer,
	OUT memory_bytes bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'pga_entity_model_info'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION entity_model_info() IS
'Size of the entity model in use: file bytes, feature rows (hashed), rows with weights, memory per backend';
REVOKE ALL ON FUNCTION entity_model_load(bytea) FROM PUBLIC;
