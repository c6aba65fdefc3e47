-- Stage 4: shingle sets, MinHash sketches, operators and index support.

-- ---- shingleset ----
CREATE TYPE shingleset;
CREATE FUNCTION shingleset_in(cstring) RETURNS shingleset AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION shingleset_out(shingleset) RETURNS cstring AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION shingleset_recv(internal) RETURNS shingleset AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION shingleset_send(shingleset) RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE shingleset (
	INPUT = shingleset_in, OUTPUT = shingleset_out, RECEIVE = shingleset_recv, SEND = shingleset_send,
	INTERNALLENGTH = VARIABLE, STORAGE = extended, ALIGNMENT = double
);
COMMENT ON TYPE shingleset IS
'Sorted distinct 64-bit hashes of the word w-shingles of a text''s folded words, stamped with w and the normalization version (exact resemblance and containment)';

CREATE FUNCTION shingles(input text, width integer DEFAULT 5) RETURNS shingleset
AS 'MODULE_PATHNAME', 'shingles_from_text_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shingles(text, integer) IS
'Shingle set of a text: hashes of every run of width consecutive folded words (texts with fewer words than width: the word set)';
CREATE FUNCTION shingles(input ntext, width integer DEFAULT 5) RETURNS shingleset
AS 'MODULE_PATHNAME', 'shingles_from_ntext_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shingles(ntext, integer) IS 'Shingle set of an ntext (skips repair: the stored form is repaired)';
CREATE FUNCTION shingle_count(shingleset) RETURNS integer
AS 'MODULE_PATHNAME', 'shingleset_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shingle_count(shingleset) IS 'Number of distinct shingles in a shingle set';
CREATE FUNCTION resemblance(shingleset, shingleset) RETURNS double precision
AS 'MODULE_PATHNAME', 'shingleset_resemblance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resemblance(shingleset, shingleset) IS 'Exact Jaccard resemblance |A ∩ B| / |A ∪ B| (0 when either set is empty)';
CREATE FUNCTION containment(shingleset, shingleset) RETURNS double precision
AS 'MODULE_PATHNAME', 'shingleset_containment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION containment(shingleset, shingleset) IS 'Exact Broder containment of the first set in the second, |A ∩ B| / |A|';

-- ---- minhash ----
CREATE TYPE minhash;
CREATE FUNCTION sketch_in(cstring) RETURNS minhash AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_out(minhash) RETURNS cstring AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_recv(internal) RETURNS minhash AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_send(minhash) RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE minhash (
	INPUT = sketch_in, OUTPUT = sketch_out, RECEIVE = sketch_recv, SEND = sketch_send,
	INTERNALLENGTH = VARIABLE, STORAGE = main, ALIGNMENT = int4
);
COMMENT ON TYPE minhash IS
'MinHash sketch of a text''s word shingles (one-permutation hashing with optimal densification), stamped with slots, shingle width, seed, scheme and normalization version, and carrying the shingle count';

CREATE FUNCTION sketch(input text, slots integer DEFAULT 128, width integer DEFAULT 5, seed bigint DEFAULT 0) RETURNS minhash
AS 'MODULE_PATHNAME', 'sketch_from_text_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch(text, integer, integer, bigint) IS
'MinHash sketch of a text: slots (multiple of 8, 16..1024), shingle width in words (1..16), seed; texts with fewer words than width are sketched as word sets';
CREATE FUNCTION sketch(input ntext, slots integer DEFAULT 128, width integer DEFAULT 5, seed bigint DEFAULT 0) RETURNS minhash
AS 'MODULE_PATHNAME', 'sketch_from_ntext_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch(ntext, integer, integer, bigint) IS 'MinHash sketch of an ntext (skips repair: the stored form is repaired)';
CREATE FUNCTION sketch(input shingleset, slots integer DEFAULT 128, seed bigint DEFAULT 0) RETURNS minhash
AS 'MODULE_PATHNAME', 'sketch_from_shingleset_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch(shingleset, integer, bigint) IS 'MinHash sketch of a shingle set (equal to sketching its text)';

CREATE FUNCTION resemblance(minhash, minhash) RETURNS double precision
AS 'MODULE_PATHNAME', 'sketch_resemblance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resemblance(minhash, minhash) IS 'Estimated Jaccard resemblance: fraction of equal slots (standard deviation sqrt(J(1-J)/slots)); 0 when either text has no words';
CREATE FUNCTION containment(minhash, minhash) RETURNS double precision
AS 'MODULE_PATHNAME', 'sketch_containment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION containment(minhash, minhash) IS 'Estimated containment of the first text in the second, from the resemblance estimate and the stored shingle counts';
CREATE FUNCTION sketch_distance(minhash, minhash) RETURNS double precision
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_distance(minhash, minhash) IS 'implementation of <->: 1 - resemblance';
CREATE FUNCTION shingle_count(minhash) RETURNS bigint
AS 'SELECT (sketch_info($1)).shingles' LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_info(minhash, OUT slots integer, OUT width integer, OUT seed bigint, OUT shingles bigint,
                            OUT word_set boolean, OUT normalization_version integer, OUT scheme text)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_info(minhash) IS 'Parameters of a sketch and the number of distinct shingles it summarizes';
COMMENT ON FUNCTION shingle_count(minhash) IS 'Number of distinct shingles a sketch summarizes';

CREATE FUNCTION sketch_union(minhash, minhash) RETURNS minhash
AS 'MODULE_PATHNAME', 'sketch_union_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_union(minhash, minhash) IS 'Sketch of the union of two texts'' shingle sets (exact for the slots; shingle count estimated)';
CREATE AGGREGATE sketch_union(minhash) (SFUNC = sketch_union, STYPE = minhash, COMBINEFUNC = sketch_union, PARALLEL = SAFE);
COMMENT ON AGGREGATE sketch_union(minhash) IS 'Union sketch of a group, e.g. the sketch of a whole story';

-- ---- minhash_query: a minhash with its own threshold ----
CREATE TYPE minhash_query;
CREATE FUNCTION sketchquery_in(cstring) RETURNS minhash_query AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketchquery_out(minhash_query) RETURNS cstring AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketchquery_recv(internal) RETURNS minhash_query AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketchquery_send(minhash_query) RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE minhash_query (
	INPUT = sketchquery_in, OUTPUT = sketchquery_out, RECEIVE = sketchquery_recv, SEND = sketchquery_send,
	INTERNALLENGTH = VARIABLE, STORAGE = main, ALIGNMENT = int4
);
COMMENT ON TYPE minhash_query IS 'Query operand of % and %>: a sketch and the threshold to use with it (instead of the pg_article.* setting)';
CREATE FUNCTION sketch_query(query minhash, threshold real) RETURNS minhash_query
AS 'MODULE_PATHNAME', 'sketchquery_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_query(minhash, real) IS 'A query operand carrying its own threshold: WHERE col % sketch_query(q, 0.7)';
CREATE FUNCTION sketch_query(query text, threshold real) RETURNS minhash_query
AS 'SELECT sketch_query(sketch($1), $2)' LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_query(text, real) IS 'A query operand from a text, sketched with the default parameters';

-- ---- operators ----
CREATE FUNCTION sketch_similar(minhash, minhash) RETURNS boolean
AS 'MODULE_PATHNAME', 'sketch_similar_op' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_similar(minhash, minhash_query) RETURNS boolean
AS 'MODULE_PATHNAME', 'sketch_similar_query_op' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_contains(minhash, minhash) RETURNS boolean
AS 'MODULE_PATHNAME', 'sketch_contains_op' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_contains(minhash, minhash_query) RETURNS boolean
AS 'MODULE_PATHNAME', 'sketch_contains_query_op' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_contained(minhash, minhash) RETURNS boolean
AS 'MODULE_PATHNAME', 'sketch_contained_op' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_contained(minhash, minhash_query) RETURNS boolean
AS 'MODULE_PATHNAME', 'sketch_contained_query_op' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sketch_similar(minhash, minhash) IS 'implementation of %: resemblance at least pg_article.similarity_threshold (less the recall margin)';
COMMENT ON FUNCTION sketch_similar(minhash, minhash_query) IS 'implementation of %: resemblance at least the query''s threshold (less the recall margin)';
COMMENT ON FUNCTION sketch_contains(minhash, minhash) IS 'implementation of %>: the right text is contained in the left one';
COMMENT ON FUNCTION sketch_contains(minhash, minhash_query) IS 'implementation of %>: the query text is contained in the left one';
COMMENT ON FUNCTION sketch_contained(minhash, minhash) IS 'implementation of <%: the left text is contained in the right one';
COMMENT ON FUNCTION sketch_contained(minhash, minhash_query) IS 'implementation of <%: the left text is contained in the query text';

CREATE OPERATOR % (LEFTARG = minhash, RIGHTARG = minhash, PROCEDURE = sketch_similar,
                   COMMUTATOR = %, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR % (LEFTARG = minhash, RIGHTARG = minhash_query, PROCEDURE = sketch_similar,
                   RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR %> (LEFTARG = minhash, RIGHTARG = minhash, PROCEDURE = sketch_contains,
                    COMMUTATOR = <%, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR <% (LEFTARG = minhash, RIGHTARG = minhash, PROCEDURE = sketch_contained,
                    COMMUTATOR = %>, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR %> (LEFTARG = minhash, RIGHTARG = minhash_query, PROCEDURE = sketch_contains,
                    RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR <% (LEFTARG = minhash, RIGHTARG = minhash_query, PROCEDURE = sketch_contained,
                    RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR <-> (LEFTARG = minhash, RIGHTARG = minhash, PROCEDURE = sketch_distance, COMMUTATOR = <->);
COMMENT ON OPERATOR % (minhash, minhash) IS 'near duplicates: estimated resemblance at least pg_article.similarity_threshold';
COMMENT ON OPERATOR % (minhash, minhash_query) IS 'near duplicates: estimated resemblance at least the query''s threshold';
COMMENT ON OPERATOR %> (minhash, minhash) IS 'contains: the right text is (mostly) contained in the left one, at least pg_article.containment_threshold';
COMMENT ON OPERATOR <% (minhash, minhash) IS 'contained: the left text is (mostly) contained in the right one, at least pg_article.containment_threshold';
COMMENT ON OPERATOR %> (minhash, minhash_query) IS 'contains: the query text is contained in the left one, at least the query''s threshold';
COMMENT ON OPERATOR <% (minhash, minhash_query) IS 'contained: the left text is contained in the query text, at least the query''s threshold';
COMMENT ON OPERATOR <-> (minhash, minhash) IS 'distance: 1 - estimated resemblance';

-- ---- GIN: LSH band keys ----
CREATE FUNCTION sketch_gin_extract_value(minhash, internal, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gin_extract_query(minhash, internal, int2, internal, internal, internal, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gin_consistent(internal, int2, minhash, int4, internal, internal, internal, internal) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gin_triconsistent(internal, int2, minhash, int4, internal, internal, internal) RETURNS "char"
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gin_options(internal) RETURNS void
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sketch_gin_extract_value(minhash, internal, internal) IS 'GIN support: LSH band keys of a sketch';
COMMENT ON FUNCTION sketch_gin_extract_query(minhash, internal, int2, internal, internal, internal, internal) IS 'GIN support: LSH band keys of a query';
COMMENT ON FUNCTION sketch_gin_consistent(internal, int2, minhash, int4, internal, internal, internal, internal) IS 'GIN support: a shared band makes a candidate (always rechecked)';
COMMENT ON FUNCTION sketch_gin_triconsistent(internal, int2, minhash, int4, internal, internal, internal) IS 'GIN support: ternary consistent';
COMMENT ON FUNCTION sketch_gin_options(internal) IS 'GIN support: bands and rows options';

CREATE OPERATOR CLASS minhash_lsh_ops
DEFAULT FOR TYPE minhash USING gin AS
	OPERATOR 1 % (minhash, minhash),
	OPERATOR 2 % (minhash, minhash_query),
	FUNCTION 1 btint4cmp(int4, int4),
	FUNCTION 2 sketch_gin_extract_value(minhash, internal, internal),
	FUNCTION 3 sketch_gin_extract_query(minhash, internal, int2, internal, internal, internal, internal),
	FUNCTION 4 sketch_gin_consistent(internal, int2, minhash, int4, internal, internal, internal, internal),
	FUNCTION 6 sketch_gin_triconsistent(internal, int2, minhash, int4, internal, internal, internal),
	FUNCTION 7 sketch_gin_options(internal),
	STORAGE int4;

-- ---- GiST: KNN and % with fixed-size keys ----
CREATE TYPE gsketch;
CREATE FUNCTION gsketch_in(cstring) RETURNS gsketch AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gsketch_out(gsketch) RETURNS cstring AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE gsketch (INPUT = gsketch_in, OUTPUT = gsketch_out, INTERNALLENGTH = VARIABLE, STORAGE = plain, ALIGNMENT = int4);
COMMENT ON TYPE gsketch IS 'GiST index key of minhash_gist_ops (a sketch at leaves, a signature inside); not for use in tables';

CREATE FUNCTION sketch_gist_consistent(internal, minhash, smallint, oid, internal) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_distance(internal, minhash, smallint, oid, internal) RETURNS double precision
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_compress(internal) RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_decompress(internal) RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_penalty(internal, internal, internal) RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_picksplit(internal, internal) RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_union(internal, internal) RETURNS gsketch AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_same(gsketch, gsketch, internal) RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sketch_gist_options(internal) RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sketch_gist_consistent(internal, minhash, smallint, oid, internal) IS 'GiST support: % on leaves, signature and size bound inside';
COMMENT ON FUNCTION sketch_gist_distance(internal, minhash, smallint, oid, internal) IS 'GiST support: exact distance on leaves, lower bound inside';
COMMENT ON FUNCTION sketch_gist_compress(internal) IS 'GiST support: leaf key';
COMMENT ON FUNCTION sketch_gist_decompress(internal) IS 'GiST support: detoast key';
COMMENT ON FUNCTION sketch_gist_penalty(internal, internal, internal) IS 'GiST support: signature bits added';
COMMENT ON FUNCTION sketch_gist_picksplit(internal, internal) IS 'GiST support: split by signature distance';
COMMENT ON FUNCTION sketch_gist_union(internal, internal) IS 'GiST support: OR of signatures, range of shingle counts';
COMMENT ON FUNCTION sketch_gist_same(gsketch, gsketch, internal) IS 'GiST support: key equality';
COMMENT ON FUNCTION sketch_gist_options(internal) IS 'GiST support: siglen option';
COMMENT ON FUNCTION gsketch_in(cstring) IS 'input of gsketch (not supported)';
COMMENT ON FUNCTION gsketch_out(gsketch) IS 'output of gsketch (not supported)';

CREATE OPERATOR CLASS minhash_gist_ops
DEFAULT FOR TYPE minhash USING gist AS
	OPERATOR 1 % (minhash, minhash),
	OPERATOR 2 % (minhash, minhash_query),
	OPERATOR 3 <-> (minhash, minhash) FOR ORDER BY float_ops,
	FUNCTION 1 sketch_gist_consistent(internal, minhash, smallint, oid, internal),
	FUNCTION 2 sketch_gist_union(internal, internal),
	FUNCTION 3 sketch_gist_compress(internal),
	FUNCTION 4 sketch_gist_decompress(internal),
	FUNCTION 5 sketch_gist_penalty(internal, internal, internal),
	FUNCTION 6 sketch_gist_picksplit(internal, internal),
	FUNCTION 7 sketch_gist_same(gsketch, gsketch, internal),
	FUNCTION 8 sketch_gist_distance(internal, minhash, smallint, oid, internal),
	FUNCTION 10 sketch_gist_options(internal),
	STORAGE gsketch;

-- ---- pairs and clusters ----
CREATE FUNCTION connected_components(id1 bigint[], id2 bigint[], OUT id bigint, OUT component bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pga_connected_components' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION connected_components(bigint[], bigint[]) IS
'Connected components of the graph whose edges are (id1[i], id2[i]); each component is labelled by its smallest id (union-find, independent of order)';

CREATE FUNCTION near_duplicate_pairs(tbl regclass, id_column name, sketch_column name, threshold real DEFAULT NULL)
RETURNS TABLE (id1 bigint, id2 bigint, resemblance double precision)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	idtype regtype;
	sktype regtype;
BEGIN
	SELECT atttypid INTO idtype FROM pg_attribute WHERE attrelid = tbl AND attname = id_column AND NOT attisdropped;
	SELECT atttypid INTO sktype FROM pg_attribute WHERE attrelid = tbl AND attname = sketch_column AND NOT attisdropped;
	IF idtype IS NULL OR sktype IS NULL THEN
		RAISE EXCEPTION 'table % has no column %', tbl, CASE WHEN idtype IS NULL THEN id_column ELSE sketch_column END
			USING ERRCODE = 'undefined_column', HINT = 'Name the id column and the minhash column of the table.';
	END IF;
	IF idtype NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
		RAISE EXCEPTION 'id column %.% must be smallint, integer or bigint, not %', tbl, id_column, idtype
			USING ERRCODE = 'datatype_mismatch', HINT = 'Use the table''s integer key, e.g. a bigserial id.';
	END IF;
	IF sktype <> 'minhash'::regtype THEN
		RAISE EXCEPTION 'column %.% must be of type minhash, not %', tbl, sketch_column, sktype
			USING ERRCODE = 'datatype_mismatch', HINT = 'Store sketch(body) in a column, e.g. a generated column.';
	END IF;
	-- each row probes the index (GIN minhash_lsh_ops or GiST minhash_gist_ops) with its own minhash
	RETURN QUERY EXECUTE format(
		'SELECT a.%1$I::bigint, b.%1$I::bigint, resemblance(a.%2$I, b.%2$I)
		   FROM %3$s a
		   JOIN LATERAL (SELECT x.%1$I, x.%2$I FROM %3$s x
		                  WHERE x.%2$I OPERATOR(%4$s.%%) %4$s.sketch_query(a.%2$I, $1) AND x.%1$I > a.%1$I) b ON true
		  WHERE a.%2$I IS NOT NULL',
		id_column, sketch_column, tbl, (SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		                                WHERE p.proname = 'sketch_query' LIMIT 1))
	USING coalesce(threshold, current_setting('pg_article.similarity_threshold')::real);
END
$$;
COMMENT ON FUNCTION near_duplicate_pairs(regclass, name, name, real) IS
'All pairs (id1 < id2) of rows whose sketches are similar at threshold (default pg_article.similarity_threshold), found through the index on the minhash column, with their estimated resemblance';

CREATE FUNCTION near_duplicate_clusters(tbl regclass, id_column name, sketch_column name, threshold real DEFAULT NULL)
RETURNS TABLE (id bigint, cluster_id bigint, representative bigint, cluster_size bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
	RETURN QUERY EXECUTE format(
		'WITH pairs AS (SELECT * FROM near_duplicate_pairs($1, $2, $3, $4)),
		      comp AS (SELECT * FROM connected_components((SELECT array_agg(p.id1) FROM pairs p), (SELECT array_agg(p.id2) FROM pairs p))),
		      rows AS (SELECT t.%1$I::bigint AS id, coalesce(c.component, t.%1$I::bigint) AS cluster_id,
		                      shingle_count(t.%2$I) AS n
		                 FROM %3$s t LEFT JOIN comp c ON c.id = t.%1$I::bigint)
		 SELECT r.id, r.cluster_id,
		        first_value(r.id) OVER w, count(*) OVER (PARTITION BY r.cluster_id)
		   FROM rows r
		 WINDOW w AS (PARTITION BY r.cluster_id ORDER BY r.n DESC NULLS LAST, r.id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
		id_column, sketch_column, tbl)
	USING tbl, id_column, sketch_column, threshold;
END
$$;
COMMENT ON FUNCTION near_duplicate_clusters(regclass, name, name, real) IS
'Every row with its near-duplicate cluster: cluster_id is the smallest id in the cluster, representative the member with the most shingles (ties: smallest id); deterministic whatever the row order';
