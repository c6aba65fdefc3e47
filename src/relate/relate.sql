-- Stage 6: relating articles: the ingest trigger, stories, relatedness, explanations.

CREATE TABLE entity_key_stats (
	relid		oid NOT NULL,
	key			text NOT NULL,
	articles	bigint NOT NULL,
	PRIMARY KEY (relid, key)
);
COMMENT ON TABLE entity_key_stats IS
'Per articles table (relid) and entity key: how many articles had the key (key '''' counts all articles with keys); the rarity weights of relatedness. Kept by the ingest trigger';
GRANT SELECT, INSERT, UPDATE ON entity_key_stats TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('entity_key_stats', '');

CREATE FUNCTION article_ingest()
RETURNS trigger
AS 'MODULE_PATHNAME', 'pga_article_ingest'
LANGUAGE C;
COMMENT ON FUNCTION article_ingest() IS
'BEFORE INSERT OR UPDATE row trigger for an articles table: fills the cleaned body, fingerprint, sketch, word sketch, entity keys, numbers and story id, and learns the source profile. Arguments name columns: body=, source=, published=, format=, id=, clean=, fingerprint=, sketch=, words=, keys=, numbers=, story=, learn=on|off (defaults: body, source, published, auto, id, clean_body, fingerprint, sketch, word_sketch, entity_keys, numbers, story_id, on). article_setup() creates it';

CREATE FUNCTION article_ingest_flush()
RETURNS trigger
AS 'MODULE_PATHNAME', 'pga_article_ingest_flush'
LANGUAGE C;
COMMENT ON FUNCTION article_ingest_flush() IS
'Deferred constraint trigger: at commit, under the table''s story lock, writes what article_ingest gathered in memory (source profile evidence, entity key statistics), so concurrent sessions never wait on each other''s uncommitted counts; article_ingest also writes it past pg_article.ingest_flush_rows rows in one transaction';

CREATE FUNCTION article_story_recheck()
RETURNS trigger
AS 'MODULE_PATHNAME', 'pga_article_story_recheck'
LANGUAGE C;
COMMENT ON FUNCTION article_story_recheck() IS
'Deferred constraint trigger: at commit, under a per-table lock, a row that started its own story looks again for related rows committed meanwhile by other sessions and merges stories, so concurrent inserts never leave one story split in two';

CREATE FUNCTION article_recluster_with(tbl regclass, args text[])
RETURNS bigint
AS 'MODULE_PATHNAME', 'pga_article_recluster'
LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION article_recluster_with(regclass, text[]) IS
'Recomputes every story of a table from scratch with the given article_ingest arguments; returns the number of stories. article_recluster(tbl) reads the arguments from the table''s trigger';

CREATE FUNCTION article_recluster(tbl regclass)
RETURNS bigint
LANGUAGE plpgsql VOLATILE STRICT
AS $$
DECLARE
	args text[];
BEGIN
	SELECT coalesce(string_to_array(rtrim(encode(t.tgargs, 'escape'), '\000'), '\000'), '{}')
	  INTO args
	  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
	 WHERE t.tgrelid = tbl AND p.proname = 'article_ingest' AND NOT t.tgisinternal
	 ORDER BY t.tgname LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'table % has no article_ingest trigger', tbl
			USING ERRCODE = 'undefined_object', HINT = 'Run SELECT article_setup(''' || tbl || ''') first.';
	END IF;
	RETURN article_recluster_with(tbl, args);
END
$$;
COMMENT ON FUNCTION article_recluster(regclass) IS
'Recomputes every story of a table from scratch, in order of publication, with the settings of its article_ingest trigger; returns the number of stories';

CREATE FUNCTION article_relatedness(a minhash, b minhash, a_keys text[] DEFAULT NULL, b_keys text[] DEFAULT NULL,
									a_time timestamptz DEFAULT NULL, b_time timestamptz DEFAULT NULL,
									stats_for regclass DEFAULT NULL, a_words minhash DEFAULT NULL, b_words minhash DEFAULT NULL,
									a_numbers text[] DEFAULT NULL, b_numbers text[] DEFAULT NULL,
									OUT score real, OUT text_overlap real, OUT entity_overlap real,
									OUT time_factor real, OUT shared_keys integer, OUT word_overlap real,
									OUT number_overlap real)
RETURNS record
AS 'MODULE_PATHNAME', 'pga_article_relatedness'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION article_relatedness(minhash, minhash, text[], text[], timestamptz, timestamptz, regclass, minhash, minhash, text[], text[]) IS
'How related two articles are, 0..1, an estimate of the probability that they report the same event: score = time_factor / (1 + exp(-(-2.72 + 9.74 entity_overlap + 10.62 word_overlap + 12.8 text_overlap))), where text_overlap = max(resemblance, containment either way) of the 5-word sketches, entity_overlap = weighted Jaccard of the entity keys (weights ln(1 + N/df) from entity_key_stats of stats_for, else 1), word_overlap = resemblance of the word-set sketches (sketch(text, width => 1)), time_factor = exp(-days apart / pg_article.story_time_scale) (1 when a time is NULL). Weights fitted on ECB+ dev topics. Articles join a story at pg_article.story_threshold';

CREATE FUNCTION article_numbers(body text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'pga_article_numbers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION article_numbers(text) IS
'The distinct folded words of a text that contain a digit (figures, years, dates, scores: {12,160,2008,8th}), sorted, at most 200: what the ingest trigger stores in the numbers column and article_relatedness compares';

CREATE FUNCTION shared_passages(a text, b text, min_words integer DEFAULT 8,
								OUT a_start integer, OUT a_end integer, OUT b_start integer, OUT b_end integer,
								OUT words integer, OUT passage text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pga_shared_passages'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION shared_passages(text, text, integer) IS
'Passages of at least min_words words (folded) that two texts share in the same order, longest first from left to right in a: character offsets in each text (0-based, end exclusive) and the passage as a has it';

CREATE FUNCTION article_setup(tbl regclass, body name DEFAULT 'body', source name DEFAULT 'source',
							  published name DEFAULT 'published', format text DEFAULT 'auto',
							  id name DEFAULT 'id')
RETURNS text
LANGUAGE plpgsql VOLATILE STRICT
SET client_min_messages = warning
AS $$
DECLARE
	ext name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
				 WHERE e.extname = 'pg_article');
	t text := tbl::text;
	base text := (SELECT relname FROM pg_class WHERE oid = tbl);
	args text;
	done text[] := '{}';
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = body AND NOT attisdropped) THEN
		RAISE EXCEPTION 'table % has no column %', tbl, body
			USING ERRCODE = 'undefined_column', HINT = 'Name the article text column: article_setup(''' || t || ''', body => ''content'').';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = id AND NOT attisdropped) THEN
		RAISE EXCEPTION 'table % has no id column %', tbl, id
			USING ERRCODE = 'undefined_column', HINT = 'Add one: ALTER TABLE ' || t || ' ADD COLUMN id bigserial PRIMARY KEY.';
	END IF;
	EXECUTE format('ALTER TABLE %s ADD COLUMN IF NOT EXISTS clean_body text, ADD COLUMN IF NOT EXISTS fingerprint bigint, '
				   'ADD COLUMN IF NOT EXISTS sketch %I.minhash, ADD COLUMN IF NOT EXISTS word_sketch %I.minhash, '
				   'ADD COLUMN IF NOT EXISTS entity_keys text[], ADD COLUMN IF NOT EXISTS numbers text[], '
				   'ADD COLUMN IF NOT EXISTS story_id bigint', t, ext, ext);
	done := done || 'columns clean_body, fingerprint, sketch, word_sketch, entity_keys, numbers, story_id'::text;
	-- fastupdate off: the trigger queries these indexes for every row, and a GIN pending list
	-- (unsorted until vacuum) would be scanned in full by every one of those queries
	EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (sketch %I.minhash_lsh_ops) WITH (fastupdate = off)', base || '_sketch_idx', t, ext);
	EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (fingerprint)', base || '_fingerprint_idx', t);
	EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (entity_keys) WITH (fastupdate = off)', base || '_entity_keys_idx', t);
	EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (story_id)', base || '_story_id_idx', t);
	done := done || 'indexes on sketch (GIN, LSH), fingerprint, entity_keys (GIN), story_id'::text;
	args := format('%L, %L, %L, %L, %L', 'body=' || body, 'source=' || source, 'published=' || published,
				   'format=' || format, 'id=' || id);
	EXECUTE format('DROP TRIGGER IF EXISTS pg_article_ingest ON %s', t);
	EXECUTE format('CREATE TRIGGER pg_article_ingest BEFORE INSERT OR UPDATE OF %I ON %s FOR EACH ROW '
				   'EXECUTE FUNCTION %I.article_ingest(%s)', body, t, ext, args);
	EXECUTE format('DROP TRIGGER IF EXISTS pg_article_ingest_flush ON %s', t);
	EXECUTE format('CREATE CONSTRAINT TRIGGER pg_article_ingest_flush AFTER INSERT OR UPDATE OF %I ON %s '
				   'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION %I.article_ingest_flush()', body, t, ext);
	EXECUTE format('DROP TRIGGER IF EXISTS pg_article_story_recheck ON %s', t);
	EXECUTE format('CREATE CONSTRAINT TRIGGER pg_article_story_recheck AFTER INSERT OR UPDATE OF %I ON %s '
				   'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.story_id = NEW.%I) '
				   'EXECUTE FUNCTION %I.article_story_recheck(%s)', body, t, id, ext, args);
	done := done || 'triggers pg_article_ingest, pg_article_ingest_flush and pg_article_story_recheck'::text;
	RETURN array_to_string(done, '; ');
END
$$;
COMMENT ON FUNCTION article_setup(regclass, name, name, name, text, name) IS
'One call to make a table an article store: adds clean_body, fingerprint, sketch, word_sketch, entity_keys, numbers and story_id, their indexes, the ingest trigger and the deferred story recheck. Name your columns: body (required), source and published (optional: a missing column means no profile / no time window), id (bigint, integer or smallint with a default). Rerunnable';

-- ---- explanations and views for analysts ----

CREATE FUNCTION article_columns(tbl regclass)
RETURNS jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
	SELECT jsonb_build_object('body', 'body', 'source', 'source', 'published', 'published', 'id', 'id',
							  'clean', 'clean_body', 'fingerprint', 'fingerprint', 'sketch', 'sketch', 'words', 'word_sketch',
							  'keys', 'entity_keys', 'numbers', 'numbers', 'story', 'story_id')
		   || coalesce((SELECT jsonb_object_agg(split_part(a, '=', 1), substr(a, strpos(a, '=') + 1))
						FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid,
							 unnest(string_to_array(rtrim(encode(t.tgargs, 'escape'), '\000'), '\000')) a
						WHERE t.tgrelid = tbl AND p.proname = 'article_ingest' AND NOT t.tgisinternal
						  AND a LIKE '%=%'), '{}')
$$;
COMMENT ON FUNCTION article_columns(regclass) IS
'The column names the article_ingest trigger of a table uses (body, source, published, id, clean, fingerprint, sketch, keys, story), as jsonb';

CREATE FUNCTION article_explain(tbl regclass, a bigint, b bigint, min_words integer DEFAULT 8)
RETURNS TABLE (part text, detail text, a_value text, b_value text)
LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
	c jsonb := article_columns(tbl);
	ra record;
	rb record;
	rel record;
	q text;
BEGIN
	q := format('SELECT %I AS id, %I AS clean, %I AS sketch, %s AS words, %s AS keys, %s AS published, %s AS source, %I AS story, %s AS numbers FROM %s WHERE %I = $1',
				c->>'id', c->>'clean', c->>'sketch',
				CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = coalesce(c->>'words', 'word_sketch') AND NOT attisdropped)
					 THEN quote_ident(coalesce(c->>'words', 'word_sketch')) ELSE 'NULL::minhash' END,
				CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'keys' AND NOT attisdropped)
					 THEN quote_ident(c->>'keys') ELSE 'NULL::text[]' END,
				CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'published' AND NOT attisdropped)
					 THEN quote_ident(c->>'published') || '::timestamptz' ELSE 'NULL::timestamptz' END,
				CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'source' AND NOT attisdropped)
					 THEN quote_ident(c->>'source') || '::text' ELSE 'NULL::text' END,
				c->>'story',
				CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = coalesce(c->>'numbers', 'numbers') AND NOT attisdropped)
					 THEN quote_ident(coalesce(c->>'numbers', 'numbers')) ELSE 'NULL::text[]' END,
				tbl, c->>'id');
	EXECUTE q INTO ra USING a;
	EXECUTE q INTO rb USING b;
	IF ra.id IS NULL OR rb.id IS NULL THEN
		RAISE EXCEPTION 'article % not found in %', CASE WHEN ra.id IS NULL THEN a ELSE b END, tbl
			USING ERRCODE = 'no_data_found', HINT = 'Give two ids of rows of the table.';
	END IF;
	rel := article_relatedness(ra.sketch, rb.sketch, ra.keys, rb.keys, ra.published, rb.published, tbl, ra.words, rb.words,
							   ra.numbers, rb.numbers);
	part := 'score'; detail := format('%s (joins a story at %s)', round(rel.score::numeric, 3), current_setting('pg_article.story_threshold'));
	a_value := ra.story::text; b_value := rb.story::text; RETURN NEXT;
	part := 'text overlap'; detail := round(rel.text_overlap::numeric, 3)::text;
	a_value := format('%s characters', length(ra.clean)); b_value := format('%s characters', length(rb.clean)); RETURN NEXT;
	part := 'entity overlap'; detail := format('%s (%s shared keys, weighted by rarity)', round(rel.entity_overlap::numeric, 3), rel.shared_keys);
	a_value := cardinality(ra.keys)::text; b_value := cardinality(rb.keys)::text; RETURN NEXT;
	part := 'word overlap'; detail := round(rel.word_overlap::numeric, 3)::text;
	a_value := NULL; b_value := NULL; RETURN NEXT;
	part := 'number overlap';
	detail := format('%s (shared: %s)', round(rel.number_overlap::numeric, 3),
					 coalesce((SELECT string_agg(x, ' ' ORDER BY x) FROM unnest(ra.numbers) x WHERE x = ANY (rb.numbers)), ''));
	a_value := cardinality(ra.numbers)::text; b_value := cardinality(rb.numbers)::text; RETURN NEXT;
	part := 'time factor'; detail := round(rel.time_factor::numeric, 3)::text;
	a_value := ra.published::text; b_value := rb.published::text; RETURN NEXT;
	part := 'source'; detail := NULL; a_value := ra.source; b_value := rb.source; RETURN NEXT;
	FOR part, detail, a_value, b_value IN
		SELECT 'shared entity', k, NULL, NULL
		FROM unnest(ra.keys) k WHERE k = ANY (rb.keys) ORDER BY k
	LOOP
		RETURN NEXT;
	END LOOP;
	FOR part, detail, a_value, b_value IN
		SELECT 'shared passage', p.passage, format('%s..%s', p.a_start, p.a_end), format('%s..%s', p.b_start, p.b_end)
		FROM shared_passages(coalesce(ra.clean, ''), coalesce(rb.clean, ''), min_words) p
	LOOP
		RETURN NEXT;
	END LOOP;
END
$$;
COMMENT ON FUNCTION article_explain(regclass, bigint, bigint, integer) IS
'Why two articles of a table are (or are not) related: the score and each of its parts (text overlap, entity overlap, time factor) with the articles'' own figures, their stories and sources, the entity keys they share, and the passages of at least min_words words they share, with character offsets in each cleaned body';

CREATE FUNCTION story_articles(tbl regclass, story bigint)
RETURNS TABLE (id bigint, source text, published timestamptz, representative boolean, relatedness real, excerpt text)
LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
	c jsonb := article_columns(tbl);
	has_pub boolean := EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'published' AND NOT attisdropped);
	has_src boolean := EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'source' AND NOT attisdropped);
BEGIN
	-- the representative: the member most related, on text, to the others (the first 200 by id)
	RETURN QUERY EXECUTE format($q$
		WITH m AS (
			SELECT %1$I::bigint AS id, %2$s AS source, %3$s AS published, %4$I AS sketch, %5$I AS clean
			FROM %6$s WHERE %7$I = $1 ORDER BY %1$I LIMIT 200),
		r AS (
			SELECT x.id, avg((article_relatedness(x.sketch, y.sketch)).text_overlap) AS rel
			FROM m x LEFT JOIN m y ON y.id <> x.id GROUP BY x.id)
		SELECT m.id, m.source, m.published,
			   m.id = (SELECT r.id FROM r ORDER BY r.rel DESC NULLS LAST, r.id LIMIT 1),
			   coalesce(r.rel, 1)::real, left(regexp_replace(m.clean, '\s+', ' ', 'g'), 120)
		FROM m JOIN r USING (id) ORDER BY m.published NULLS LAST, m.id $q$,
		c->>'id', CASE WHEN has_src THEN quote_ident(c->>'source') || '::text' ELSE 'NULL::text' END,
		CASE WHEN has_pub THEN quote_ident(c->>'published') || '::timestamptz' ELSE 'NULL::timestamptz' END,
		c->>'sketch', c->>'clean', tbl, c->>'story')
	USING story;
END
$$;
COMMENT ON FUNCTION story_articles(regclass, bigint) IS
'The articles of a story in order of publication, with their source, the mean text relatedness of each to the others, and which one is the representative (the most related to the rest)';

CREATE FUNCTION latest_stories(tbl regclass, lim integer DEFAULT 20)
RETURNS TABLE (story bigint, articles bigint, sources bigint, first_seen timestamptz, last_seen timestamptz,
			   representative bigint, excerpt text)
LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
	c jsonb := article_columns(tbl);
	has_pub boolean := EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'published' AND NOT attisdropped);
	has_src boolean := EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = c->>'source' AND NOT attisdropped);
BEGIN
	RETURN QUERY EXECUTE format($q$
		WITH s AS (
			SELECT %1$I AS story, count(*) AS articles, count(DISTINCT %2$s) AS sources,
				   min(%3$s) AS first_seen, max(%3$s) AS last_seen
			FROM %4$s WHERE %1$I IS NOT NULL GROUP BY %1$I
			ORDER BY max(%3$s) DESC NULLS LAST, count(*) DESC, %1$I LIMIT $1)
		SELECT s.story, s.articles, s.sources, s.first_seen, s.last_seen, r.id, r.excerpt
		FROM s LEFT JOIN LATERAL (SELECT a.id, a.excerpt FROM story_articles(%5$L::regclass, s.story) a
								  WHERE a.representative) r ON true
		ORDER BY s.last_seen DESC NULLS LAST, s.articles DESC, s.story $q$,
		c->>'story', CASE WHEN has_src THEN quote_ident(c->>'source') ELSE 'NULL::text' END,
		CASE WHEN has_pub THEN quote_ident(c->>'published') || '::timestamptz' ELSE 'NULL::timestamptz' END,
		tbl, tbl::text)
	USING lim;
END
$$;
COMMENT ON FUNCTION latest_stories(regclass, integer) IS
'The most recently active stories of a table: article and source counts, first and last seen, and the representative article with an excerpt';

CREATE FUNCTION source_duplicates(tbl regclass)
RETURNS TABLE (source text, articles bigint, exact_copies bigint, in_shared_stories bigint, stories bigint)
LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
	c jsonb := article_columns(tbl);
BEGIN
	RETURN QUERY EXECUTE format($q$
		SELECT %1$I::text, count(*),
			   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM %2$s o WHERE o.%3$I = t.%3$I AND o.%4$I < t.%4$I)),
			   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM %2$s o WHERE o.%5$I = t.%5$I AND o.%4$I <> t.%4$I)),
			   count(DISTINCT t.%5$I)
		FROM %2$s t GROUP BY 1 ORDER BY 2 DESC, 1 $q$,
		c->>'source', tbl, c->>'fingerprint', c->>'id', c->>'story');
END
$$;
COMMENT ON FUNCTION source_duplicates(regclass) IS
'Per source: articles, exact copies of an earlier article (same fingerprint of the cleaned body), articles in a story with other articles, and stories';

CREATE FUNCTION trending_entities(tbl regclass, since timestamptz DEFAULT now() - interval '1 day', lim integer DEFAULT 20)
RETURNS TABLE (key text, articles bigint, stories bigint, sources bigint)
LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
	c jsonb := article_columns(tbl);
BEGIN
	RETURN QUERY EXECUTE format($q$
		SELECT k, count(*), count(DISTINCT %1$I), count(DISTINCT %2$I::text)
		FROM %3$s, unnest(%4$I) k WHERE %5$I::timestamptz >= $1
		GROUP BY k ORDER BY count(*) DESC, k LIMIT $2 $q$,
		c->>'story', c->>'source', tbl, c->>'keys', c->>'published')
	USING since, lim;
END
$$;
COMMENT ON FUNCTION trending_entities(regclass, timestamptz, integer) IS
'The entity keys in the most articles published since a time, with how many stories and sources mention them';
