-- Stage 2 and 4: blocks and the cleaned body, with per-source profiles.

CREATE FUNCTION article_format(input text)
RETURNS text
AS 'MODULE_PATHNAME', 'pga_article_format'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION article_format(text) IS
'What format => ''auto'' reads the input as: ''html'' (starts with a tag, doctype or comment, or has at least five common tags in its first 4 kB) or ''text''';

-- Source profiles.  Owned by the extension (pg_dump saves their rows);
-- row-level security shows a role only the sources of roles it is a member of.
CREATE TABLE source_profile (
	source		text PRIMARY KEY,
	owner		name NOT NULL DEFAULT current_user,
	articles	bigint NOT NULL DEFAULT 0,
	blocks		bigint NOT NULL DEFAULT 0,
	first_seen	timestamptz,
	last_seen	timestamptz
);
COMMENT ON TABLE source_profile IS
'One row per source whose articles were learned with source_profile_learn (or the ingest trigger): articles learned, distinct blocks kept, time span. Rows are visible to members of the owner role only';

CREATE TABLE source_profile_block (
	source		text NOT NULL REFERENCES source_profile (source) ON DELETE CASCADE ON UPDATE CASCADE,
	fingerprint	bigint NOT NULL,
	owner		name NOT NULL DEFAULT current_user,
	articles	integer NOT NULL,
	days		integer NOT NULL,
	first_seen	timestamptz NOT NULL,
	last_seen	timestamptz NOT NULL,
	position_sum real NOT NULL,
	prose		boolean NOT NULL,
	PRIMARY KEY (source, fingerprint)
);
COMMENT ON TABLE source_profile_block IS
'Per source and block fingerprint (folded text, digits masked): on how many articles and days the block appeared, where on the page (position_sum / articles = mean relative position), and whether it ever looked like running text';

ALTER TABLE source_profile ENABLE ROW LEVEL SECURITY;
ALTER TABLE source_profile_block ENABLE ROW LEVEL SECURITY;
CREATE POLICY source_profile_owner ON source_profile
	USING (pg_has_role(owner, 'MEMBER')) WITH CHECK (owner = current_user OR pg_has_role(owner, 'MEMBER'));
CREATE POLICY source_profile_block_owner ON source_profile_block
	USING (pg_has_role(owner, 'MEMBER')) WITH CHECK (owner = current_user OR pg_has_role(owner, 'MEMBER'));
COMMENT ON POLICY source_profile_owner ON source_profile IS
'A role sees and changes only sources owned by a role it is a member of (GRANT owner TO reader shares a source)';
COMMENT ON POLICY source_profile_block_owner ON source_profile_block IS
'Block statistics follow the visibility of their source''s owner';
GRANT SELECT, INSERT, UPDATE, DELETE ON source_profile, source_profile_block TO PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('source_profile', '');
SELECT pg_catalog.pg_extension_config_dump('source_profile_block', '');

CREATE FUNCTION clean_article(input text, format text DEFAULT 'auto', source text DEFAULT NULL,
							  threshold real DEFAULT 0.5, keep_captions boolean DEFAULT false,
							  headline boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'pga_clean_article'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION clean_article(text, text, text, real, boolean, boolean) IS
'The article body of a raw page (format ''html''), of extracted plain text (''text'') or either (''auto''): paragraphs kept, separated by blank lines; navigation, widgets, bylines, captions, prompts, placeholders, related lists and bios removed. source names a source profile to use; threshold (0..1, default 0.5) trades recall (lower) for precision (higher); keep_captions keeps photo captions; headline puts the headline first. Deterministic for the same input and profile';

CREATE FUNCTION clean_explain(input text, format text DEFAULT 'auto', source text DEFAULT NULL,
							  threshold real DEFAULT 0.5, keep_captions boolean DEFAULT false,
							  OUT block integer, OUT keep boolean, OUT label text, OUT score real,
							  OUT text_score real, OUT tag text, OUT text text, OUT reasons text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pga_clean_explain'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION clean_explain(text, text, text, real, boolean) IS
'Every block clean_article considers, in page order: kept or not, a label (body, heading, navigation, caption, byline, related, share, comments, subscription, advertising, placeholder, source boilerplate, ...), the final score and the block-only score (probabilities of article text), the element, the text, and the reasons: the features that moved the score most, the neighbours'' scores and the source profile''s evidence';

CREATE FUNCTION clean_blocks(input text, format text DEFAULT 'auto',
							 OUT block integer, OUT text text, OUT features real[], OUT score real)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pga_clean_blocks'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION clean_blocks(text, text) IS
'The blocks of a page with the cleaner''s feature vectors (names in clean_feature_names()) and scores without a profile: for analysis and for retraining the model (test/eval/clean/train.py)';

CREATE FUNCTION clean_feature_names()
RETURNS text[]
AS 'MODULE_PATHNAME', 'pga_clean_feature_names'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION clean_feature_names() IS
'Names of the features in clean_blocks().features, in order';

CREATE FUNCTION source_profile_learn(source text, input text, format text DEFAULT 'auto',
									 seen_at timestamptz DEFAULT NULL)
RETURNS integer
AS 'MODULE_PATHNAME', 'pga_source_profile_learn'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION source_profile_learn(text, text, text, timestamptz) IS
'Adds one article (raw page or text) of a source to its profile: the source''s article count and, per distinct block, its article count, days seen, position and shape; seen_at defaults to the transaction start. Bounded by pg_article.profile_max_blocks per source. Returns the number of distinct blocks recorded';

CREATE FUNCTION source_profile_forget(source text)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $$ WITH gone AS (DELETE FROM source_profile p WHERE p.source = $1 RETURNING 1) SELECT count(*) > 0 FROM gone $$;
COMMENT ON FUNCTION source_profile_forget(text) IS
'Deletes a source''s profile (its blocks go with it); true when there was one visible to the caller';
