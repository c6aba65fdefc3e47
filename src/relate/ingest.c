/*
 * ingest.c
 *		The ingest trigger and story assignment.
 *
 * article_ingest() is a BEFORE INSERT OR UPDATE row trigger for a user's
 * articles table.  Its arguments name the columns ('body=content',
 * 'source=site', ...; see the defaults below and article_setup()).  For each
 * row it cleans the body (with the source's profile), stores the cleaned
 * body, its fingerprint, its MinHash sketch and its entity keys (when
 * pg_article has entity_keys()), records the page in the source's profile,
 * and gives the row a story:
 *
 *	- candidates are near duplicates (the sketch's GIN index, resemblance at
 *	  least 0.5) and articles sharing an entity key (the keys' GIN index),
 *	  published within pg_article.story_window days;
 *	- every candidate whose relatedness reaches pg_article.story_threshold
 *	  links the new row to its story; the row takes the smallest story id
 *	  among them (its own id when there is none), and the other stories are
 *	  merged into it, so a story id is the id of its first article.
 *
 * Concurrent sessions cannot see each other's uncommitted rows, so two
 * related articles inserted at the same time could both start stories.
 * article_story_recheck(), a deferred constraint trigger on rows that started
 * a story, runs the assignment again at commit under a per-table advisory
 * lock: the second of two concurrent transactions to commit sees the first's
 * rows and merges.  (This relies on READ COMMITTED, where each query sees
 * what committed before it.)
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "parser/parse_func.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/varlena.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "pg_article.h"
#include "clean/clean.h"
#include "util/spi_cache.h"
#include "normalize/normalize.h"
#include "relate/relate.h"
#include "sketch/sketch.h"

#define DUP_THRESHOLD		0.5		/* near duplicates found through the sketch index */
#define MAX_ENTITY_CANDIDATES 50
#define CANDIDATE_KEYS		8		/* the rarest keys of an article look for candidates */
#define CANDIDATE_MAX_SPAN	5000	/* at most so many ids looked through first for entity candidates */
#define STORY_LOCK_KEY		0x50474153	/* second key of the per-table advisory lock */

typedef struct IngestArgs
{
	const char *body;
	const char *source;
	const char *published;
	const char *format;
	const char *id;
	const char *clean;
	const char *fingerprint;
	const char *sketch;
	const char *keys;
	const char *words;
	const char *numbers;
	const char *story;
	bool		learn;
} IngestArgs;

static void
parse_arg_list(int nargs, char **argv, IngestArgs *a)
{
	a->body = "body";
	a->source = "source";
	a->published = "published";
	a->format = "auto";
	a->id = "id";
	a->clean = "clean_body";
	a->fingerprint = "fingerprint";
	a->sketch = "sketch";
	a->keys = "entity_keys";
	a->words = "word_sketch";
	a->numbers = "numbers";
	a->story = "story_id";
	a->learn = true;
	for (int i = 0; i < nargs; i++)
	{
		char	   *arg = pstrdup(argv[i]);
		char	   *eq = strchr(arg, '=');
		const char *v;

		if (eq == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("article_ingest argument \"%s\" is not of the form name=value", arg),
					 errhint("Use arguments such as 'body=content' or 'source=site'; see article_setup().")));
		*eq = '\0';
		v = eq + 1;
		if (strcmp(arg, "body") == 0)
			a->body = v;
		else if (strcmp(arg, "source") == 0)
			a->source = v;
		else if (strcmp(arg, "published") == 0)
			a->published = v;
		else if (strcmp(arg, "format") == 0)
			a->format = v;
		else if (strcmp(arg, "id") == 0)
			a->id = v;
		else if (strcmp(arg, "clean") == 0)
			a->clean = v;
		else if (strcmp(arg, "fingerprint") == 0)
			a->fingerprint = v;
		else if (strcmp(arg, "sketch") == 0)
			a->sketch = v;
		else if (strcmp(arg, "keys") == 0)
			a->keys = v;
		else if (strcmp(arg, "story") == 0)
			a->story = v;
		else if (strcmp(arg, "words") == 0)
			a->words = v;
		else if (strcmp(arg, "numbers") == 0)
			a->numbers = v;
		else if (strcmp(arg, "learn") == 0)
		{
			if (!parse_bool(v, &a->learn))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("article_ingest argument learn=%s is not a boolean", v)));
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown article_ingest argument \"%s\"", arg),
					 errhint("Known: body, source, published, format, id, clean, fingerprint, sketch, keys, words, numbers, story, learn.")));
	}
}

static void
parse_args(Trigger *tg, IngestArgs *a)
{
	parse_arg_list(tg->tgnargs, tg->tgargs, a);
}

/* Column number of a named column, or 0 when optional and absent. */
static int
column(Relation rel, const char *name, bool required, const char *role)
{
	int			att = SPI_fnumber(RelationGetDescr(rel), name);

	if (att > 0)
		return att;
	if (required)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("table \"%s\" has no column \"%s\" (the %s column of article_ingest)",
						RelationGetRelationName(rel), name, role),
				 errhint("Run SELECT article_setup('%s') to add the columns, or name yours in the trigger's arguments.",
						 RelationGetRelationName(rel))));
	return 0;
}

static Oid
extension_type(Oid schema, const char *name)
{
	Oid			t = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name),
									ObjectIdGetDatum(schema));

	if (!OidIsValid(t))
		elog(ERROR, "type %s of pg_article not found", name);
	return t;
}

/* entity_keys(text) of the extension, when this pg_article has it (looked up once per schema). */
static Oid
entity_keys_function(Oid schema)
{
	static Oid	cached_schema = InvalidOid;
	static Oid	cached_fn = InvalidOid;
	Oid			argtypes[1] = {TEXTOID};

	/* recheck after DROP/CREATE EXTENSION in the same session */
	if (schema != cached_schema ||
		(OidIsValid(cached_fn) && !SearchSysCacheExists1(PROCOID, ObjectIdGetDatum(cached_fn))))
	{
		List	   *name = list_make2(makeString(get_namespace_name(schema)), makeString("entity_keys"));

		cached_fn = LookupFuncName(name, 1, argtypes, true);
		cached_schema = schema;
	}
	return cached_fn;
}

typedef struct StoryCtx
{
	Relation	rel;
	Oid			schema;
	const IngestArgs *a;
	const char *tbl;			/* quoted, qualified table name */
	Oid			sketch_type;
	int64		id;
	PgaSketch  *sketch;
	PgaSketch  *words;			/* word-set sketch, or NULL */
	ArrayType  *keys;
	ArrayType  *numbers;		/* number words, or NULL */
	bool		has_time;
	TimestampTz time;
	bool		keys_column;
	bool		pub_column;
	bool		words_column;
	bool		numbers_column;
} StoryCtx;

static char *
qi(const char *s)
{
	return (char *) quote_identifier(s);
}

/* The time window condition on the published column, with $n the time and $n+1 the window. */
static char *
window_sql(const StoryCtx *c, int n)
{
	if (!c->pub_column)
		return pstrdup("true");
	return psprintf("($%d::timestamptz IS NULL OR %s IS NULL OR %s::timestamptz BETWEEN $%d - $%d AND $%d + $%d)",
					n, qi(c->a->published), qi(c->a->published), n, n + 1, n, n + 1);
}

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

/*
 * Rarity statistics of entity keys (entity_key_stats), gathered in memory and
 * written at commit under the per-table lock, for the same reasons as source
 * profiles (see pga_profile_learn_later): the count of all articles, key '',
 * would otherwise be updated once per row, and concurrent sessions would wait
 * for each other's uncommitted counts.
 */
/* past pg_article.ingest_flush_rows rows gathered, the evidence is written before commit */

typedef struct StatsKey
{
	Oid			relid;
	char		key[200];
} StatsKey;

typedef struct StatsEntry
{
	StatsKey	k;
	int64		articles;
} StatsEntry;

static HTAB *pending_stats = NULL;
static Oid	stats_schema = InvalidOid;
static int	stats_articles = 0;
static bool stats_callback = false;

static void
stats_reset(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_PREPARE)
	{
		pending_stats = NULL;
		stats_articles = 0;
		stats_schema = InvalidOid;
	}
}

static void
stats_flush(void)
{
	HASH_SEQ_STATUS seq;
	StatsEntry *e;
	int			cap = 256,
				m = 0;
	Datum	   *rel,
			   *key,
			   *cnt;
	Datum		args[3];
	Oid			types[3] = {OIDARRAYOID, TEXTARRAYOID, INT8ARRAYOID};

	if (pending_stats == NULL || stats_articles == 0)
		return;
	rel = palloc(sizeof(Datum) * cap);
	key = palloc(sizeof(Datum) * cap);
	cnt = palloc(sizeof(Datum) * cap);
	hash_seq_init(&seq, pending_stats);
	while ((e = hash_seq_search(&seq)) != NULL)
	{
		if (m >= cap)
		{
			cap *= 2;
			rel = repalloc(rel, sizeof(Datum) * cap);
			key = repalloc(key, sizeof(Datum) * cap);
			cnt = repalloc(cnt, sizeof(Datum) * cap);
		}
		rel[m] = ObjectIdGetDatum(e->k.relid);
		key[m] = CStringGetTextDatum(e->k.key);
		cnt[m] = Int64GetDatum(e->articles);
		m++;
	}
	args[0] = PointerGetDatum(construct_array(rel, m, OIDOID, 4, true, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(key, m, TEXTOID, -1, false, TYPALIGN_INT));
	args[2] = PointerGetDatum(construct_array(cnt, m, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (pga_spi_execute_cached(psprintf("INSERT INTO %s.entity_key_stats AS s (relid, key, articles) "
										"SELECT r, k, n FROM unnest($1, $2, $3) AS u(r, k, n) "
										"ON CONFLICT (relid, key) DO UPDATE SET articles = s.articles + excluded.articles",
										qi(get_namespace_name(stats_schema))),
							   3, types, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "updating entity_key_stats failed");
	SPI_finish();
	hash_destroy(pending_stats);
	pending_stats = NULL;
	stats_articles = 0;
}

/* One more article of table relid with these keys. */
static void
stats_add(Oid relid, Oid schema, ArrayType *keys)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	StatsKey	k;
	StatsEntry *e;
	bool		found;

	if (!stats_callback)
	{
		RegisterXactCallback(stats_reset, NULL);
		stats_callback = true;
	}
	if (pending_stats != NULL && stats_schema != schema)
		stats_flush();
	if (pending_stats == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(StatsKey);
		ctl.entrysize = sizeof(StatsEntry);
		ctl.hcxt = TopTransactionContext;
		pending_stats = hash_create("pg_article pending key statistics", 1024, &ctl,
									HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		stats_schema = schema;
	}
	deconstruct_array(keys, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = -1; i < n; i++)
	{
		char	   *s;

		if (i >= 0 && nulls[i])
			continue;
		s = i < 0 ? "" : TextDatumGetCString(elems[i]);	/* '' counts every article */
		if (strlen(s) >= sizeof(k.key))
			continue;			/* absurdly long keys are not counted */
		memset(&k, 0, sizeof(k));
		k.relid = relid;
		strlcpy(k.key, s, sizeof(k.key));
		e = hash_search(pending_stats, &k, HASH_ENTER, &found);
		if (!found)
			e->articles = 0;
		e->articles++;
	}
	stats_articles++;
}

/* Articles of table relid with key ('' : all) gathered in memory, not yet written. */
static int64
pending_key_count(Oid relid, const char *key)
{
	StatsKey	k;
	StatsEntry *e;

	if (pending_stats == NULL || strlen(key) >= sizeof(k.key))
		return 0;
	memset(&k, 0, sizeof(k));
	k.relid = relid;
	strlcpy(k.key, key, sizeof(k.key));
	e = hash_search(pending_stats, &k, HASH_FIND, NULL);
	return e ? e->articles : 0;
}

/*
 * Key weights for the keys of c from entity_key_stats and what this
 * transaction gathered but has not written: a large COPY is one transaction,
 * and its rows must see each other's keys.  (A candidate's keys that c lacks
 * weigh as rare as a key gets: reading them too cost more than it gave.)
 */
static PgaKeyWeights *
load_weights(const StoryCtx *c)
{
	if (c->keys == NULL)
		return palloc0(sizeof(PgaKeyWeights));
	return pga_load_key_weights(c->schema, RelationGetRelid(c->rel), c->keys, NULL, pending_key_count);
}

/*
 * Writes what the ingest trigger gathered (profile evidence, key statistics)
 * under the table's story lock, held to the end of the transaction: at commit
 * that makes concurrent writers take turns instead of waiting on each other's
 * rows; mid-transaction (very large loads) it makes later writers wait.
 */
static void
flush_gathered(Oid relid)
{
	if (pga_profile_pending_articles() == 0 && stats_articles == 0)
		return;
	DirectFunctionCall2(pg_advisory_xact_lock_int4,
						Int32GetDatum((int32) relid), Int32GetDatum(STORY_LOCK_KEY));
	pga_profile_flush();
	stats_flush();
}

PG_FUNCTION_INFO_V1(pga_article_ingest_flush);
Datum
pga_article_ingest_flush(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("article_ingest_flush() must be called as a trigger"),
				 errhint("Use SELECT article_setup('your_table') to create the triggers.")));
	flush_gathered(RelationGetRelid(((TriggerData *) fcinfo->context)->tg_relation));
	return PointerGetDatum(NULL);
}

typedef struct WeightedKey
{
	const char *key;
	double		weight;
} WeightedKey;

static int
cmp_weighted(const void *a, const void *b)
{
	const WeightedKey *x = a;
	const WeightedKey *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->key, y->key);
}

/*
 * The CANDIDATE_KEYS rarest keys of an article, leaving out keys on more
 * than 2 % of the table's articles (once it has 500): "LOC:united states"
 * would fetch half the table and decide nothing; and keys counted on this
 * article alone (the statistics include it), which would fetch nothing.
 * NULL when none is left.
 */
static ArrayType *
rare_keys(ArrayType *keys, const PgaKeyWeights *w)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	WeightedKey *wk;
	int			m = 0;
	Datum	   *out;
	double		common = (w->total >= 500) ? log(1.0 + 1.0 / 0.02) : 0;

	deconstruct_array(keys, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	wk = palloc(sizeof(WeightedKey) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		char	   *k;
		double		weight = log(1.0 + Max(w->total, 1.0));	/* unseen: rarest */

		if (nulls[i])
			continue;
		k = TextDatumGetCString(elems[i]);
		if (k[0] == '\0')
			continue;
		for (int j = 0; j < w->nkeys; j++)
			if (strcmp(w->keys[j], k) == 0)
			{
				weight = w->weights[j];
				if (w->df[j] == 1.0)
					weight = -1;	/* no other article has it */
				break;
			}
		if (weight < common || weight < 0)
			continue;
		wk[m].key = k;
		wk[m].weight = weight;
		m++;
	}
	if (m == 0)
		return NULL;
	qsort(wk, m, sizeof(WeightedKey), cmp_weighted);
	m = Min(m, CANDIDATE_KEYS);
	out = palloc(sizeof(Datum) * m);
	for (int i = 0; i < m; i++)
		out[i] = CStringGetTextDatum(wk[i].key);
	return construct_array(out, m, TEXTOID, -1, false, TYPALIGN_INT);
}

/*
 * How far back (in ids) to look first for entity candidates: about twice the
 * span expected to hold MAX_ENTITY_CANDIDATES matches, from the keys' share
 * of the table's articles (w counts written statistics and this
 * transaction's pending ones); 0 to look through everything at once (rare
 * keys).  Only a matter of speed: the candidates found are the same.
 */
static int64
candidate_span(ArrayType *probe, const PgaKeyWeights *w)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	double		df = 0;

	if (w->total < 1)
		return 0;
	deconstruct_array(probe, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *key = TextDatumGetCString(elems[i]);

		for (int j = 0; j < w->nkeys; j++)
			if (strcmp(w->keys[j], key) == 0)
			{
				df += w->df[j];
				break;
			}
	}
	if (df <= 0)
		return 0;
	{
		double		span = 2.0 * MAX_ENTITY_CANDIDATES * w->total / df;

		return span > CANDIDATE_MAX_SPAN ? 0 : (int64) ceil(span);
	}
}

/*
 * The stories the row belongs with: story ids of candidates whose
 * relatedness reaches the threshold.  Returns their number; *stories is
 * sorted and distinct.
 */
static int
find_stories(StoryCtx *c, int64 **stories)
{
	int			max = 16;
	int			n = 0;
	int64	   *out = palloc(sizeof(int64) * max);
	double	   *score = palloc(sizeof(double) * max);
	Interval   *window = palloc0(sizeof(Interval));
	char	   *sql;
	int			rc;
	PgaKeyWeights *weights;
	ArrayType  *probe;
	int			n_dups = 0;
	SPITupleTable *cands;
	uint64		ncands;
	PgaRelSets	own;

	window->time = (int64) (pga_story_window_days() * USECS_PER_DAY);

	/* near duplicates, through the sketch's GIN index */
	if (c->sketch && !pga_sketch_is_empty(c->sketch))
	{
		Datum		args[5];
		Oid			types[5] = {c->sketch_type, FLOAT4OID, INT8OID, TIMESTAMPTZOID, INTERVALOID};
		char		nulls[5] = {' ', ' ', ' ', c->has_time ? ' ' : 'n', ' '};

		sql = psprintf("SELECT DISTINCT %s FROM %s WHERE %s OPERATOR(%s.%%) %s.sketch_query($1, $2) "
					   "AND %s <> $3 AND %s IS NOT NULL AND %s",
					   qi(c->a->story), c->tbl, qi(c->a->sketch), qi(get_namespace_name(c->schema)),
					   qi(get_namespace_name(c->schema)), qi(c->a->id), qi(c->a->story), window_sql(c, 4));
		args[0] = PointerGetDatum(c->sketch);
		args[1] = Float4GetDatum(DUP_THRESHOLD);
		args[2] = Int64GetDatum(c->id);
		args[3] = TimestampTzGetDatum(c->time);
		args[4] = IntervalPGetDatum(window);
		/*
		 * Planned for each row: whether the sketch's index (LSH, recall just
		 * under 1) or a scan (exact) answers % depends on the table's size,
		 * and the stories with it.
		 */
		rc = pga_spi_execute_cached_custom(sql, 5, types, args, nulls, false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "story lookup failed");
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			Datum		d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull);

			if (isnull)
				continue;
			if (n >= max)
			{
				max *= 2;
				out = repalloc(out, sizeof(int64) * max);
				score = repalloc(score, sizeof(double) * max);
			}
			score[n] = 1.0;		/* a near duplicate */
			out[n++] = DatumGetInt64(d);
		}
	}

	n_dups = n;

	/* articles sharing an entity key, scored */
	if (c->keys_column && c->keys && ArrayGetNItems(ARR_NDIM(c->keys), ARR_DIMS(c->keys)) > 0)
	{
		Datum		args[5];
		int64		span;
		Oid			types[5] = {TEXTARRAYOID, INT8OID, TIMESTAMPTZOID, INTERVALOID, INT8OID};
		char		nulls[5] = {' ', ' ', c->has_time ? ' ' : 'n', ' ', ' '};

		weights = load_weights(c);
		probe = rare_keys(c->keys, weights);
		if (probe == NULL)
			goto done;
		args[0] = PointerGetDatum(probe);
		args[1] = Int64GetDatum(c->id);
		args[2] = TimestampTzGetDatum(c->time);
		args[3] = IntervalPGetDatum(window);
		span = candidate_span(probe, weights);
		args[4] = Int64GetDatum(c->id - span);

		/*
		 * Candidates through the keys' GIN index first, then the most recent
		 * of them.  Only the row and its id go through the sort: the columns
		 * scored are read for the chosen rows alone (in row order, which
		 * does not change the outcome).
		 *
		 * Common keys match thousands of rows, each read from the table to
		 * check the window.  So first only rows from id - span on are asked
		 * for (the id index and the keys' index are combined before any row
		 * is read): when they hold MAX_ENTITY_CANDIDATES matches, these are
		 * the most recent matches of all; otherwise the question is asked
		 * again without the bound.
		 */
		for (int pass = (span > 0 && c->id > 2 * span) ? 0 : 1; pass < 2; pass++)
		{
			bool		bounded = (pass == 0);

			sql = psprintf("WITH c AS MATERIALIZED (SELECT ctid AS r, %s AS k "
						   "FROM %s WHERE %s && $1 AND %s <> $2%s AND %s IS NOT NULL AND %s) "
						   "SELECT %s, %s, %s, %s, %s, %s FROM %s "
						   "WHERE ctid = ANY (ARRAY(SELECT r FROM c ORDER BY k DESC LIMIT %d))",
						   qi(c->a->id),
						   c->tbl, qi(c->a->keys), qi(c->a->id),
						   bounded ? psprintf(" AND %s >= $5", qi(c->a->id)) : "",
						   qi(c->a->story), window_sql(c, 3),
						   qi(c->a->story), qi(c->a->sketch), qi(c->a->keys),
						   c->pub_column ? psprintf("%s::timestamptz", qi(c->a->published)) : "NULL::timestamptz",
						   c->words_column ? qi(c->a->words) : "NULL::text",
						   c->numbers_column ? qi(c->a->numbers) : "NULL::text[]",
						   c->tbl, MAX_ENTITY_CANDIDATES);
			rc = pga_spi_execute_cached_growing(sql, RelationGetRelid(c->rel), bounded ? 5 : 4,
												types, args, nulls, false, 0);
			if (rc != SPI_OK_SELECT)
				elog(ERROR, "story lookup failed");
			if (SPI_processed >= MAX_ENTITY_CANDIDATES || !bounded)
				break;
			SPI_freetuptable(SPI_tuptable);
		}
		cands = SPI_tuptable;
		ncands = SPI_processed;
		pga_relatedness_sets(c->keys, c->numbers, &own);	/* once, for every candidate */
		for (uint64 r = 0; r < ncands; r++)
		{
			HeapTuple	tup = cands->vals[r];
			TupleDesc	td = cands->tupdesc;
			bool		n1,
						n2,
						n3,
						n4,
						n5,
						n6;
			Datum		story = SPI_getbinval(tup, td, 1, &n1);
			Datum		sk = SPI_getbinval(tup, td, 2, &n2);
			Datum		keys = SPI_getbinval(tup, td, 3, &n3);
			Datum		t = SPI_getbinval(tup, td, 4, &n4);
			Datum		wsk = SPI_getbinval(tup, td, 5, &n5);
			Datum		nums = SPI_getbinval(tup, td, 6, &n6);
			PgaRelatedness rel;
			PgaRelSets	other;

			CHECK_FOR_INTERRUPTS();
			if (n1)
				continue;
			pga_relatedness_sets(n3 ? NULL : DatumGetArrayTypeP(keys),
								 (n6 || !c->numbers_column) ? NULL : DatumGetArrayTypeP(nums), &other);
			pga_relatedness(c->sketch, n2 ? NULL : DatumGetSketchP(sk),
							c->words, (n5 || !c->words_column) ? NULL : DatumGetSketchP(wsk),
							&own, &other, weights,
							c->has_time, c->time, !n4, n4 ? 0 : DatumGetTimestampTz(t), &rel);
			if (rel.score >= pga_story_threshold())
			{
				if (n >= max)
				{
					max *= 2;
					out = repalloc(out, sizeof(int64) * max);
					score = repalloc(score, sizeof(double) * max);
				}
				score[n] = rel.score;
				out[n++] = DatumGetInt64(story);
			}
		}
	}

	/*
	 * A story is joined through related members only when they are a good
	 * share of it (pg_article.story_support): otherwise one article that
	 * shares a place with a few members of a large story would chain the
	 * story to everything it relates to.  Near duplicates need no support.
	 */
	if (n > n_dups)
	{
		int			nd = 0;
		Datum	   *ids = palloc(sizeof(Datum) * (n - n_dups));
		Datum		args[1];
		Oid			types[1] = {INT8ARRAYOID};
		int			m = n_dups;

		for (int i = n_dups; i < n; i++)
			ids[nd++] = Int64GetDatum(out[i]);
		args[0] = PointerGetDatum(construct_array(ids, nd, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		rc = pga_spi_execute_cached_growing(psprintf("SELECT %s, count(*) FROM %s WHERE %s = ANY ($1) GROUP BY 1",
													 qi(c->a->story), c->tbl, qi(c->a->story)),
											RelationGetRelid(c->rel), 1, types, args, NULL, false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "story sizes failed");
		for (int i = n_dups; i < n; i++)
		{
			int			related = 0;
			int64		size = 1;

			for (int j = n_dups; j < n; j++)
				related += (out[j] == out[i]);
			for (uint64 r = 0; r < SPI_processed; r++)
			{
				bool		isnull;

				if (DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull)) == out[i])
					size = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));
			}
			if ((double) related / (double) Max(size, 1) >= pga_story_support())
			{
				out[m] = out[i];
				score[m] = score[i];
				m++;
			}
		}
		n = m;
	}

done:

	/*
	 * Join the best story; merge in others only on strong evidence (near
	 * duplicates, or relatedness at pg_article.story_merge_threshold), so
	 * that one loosely related article cannot chain stories together.
	 */
	{
		int			best = -1;
		int			m = 0;

		for (int i = 0; i < n; i++)
			if (best < 0 || score[i] > score[best] || (score[i] == score[best] && out[i] < out[best]))
				best = i;
		for (int i = 0; i < n; i++)
			if (i == best || score[i] >= pga_story_merge_threshold())
				out[m++] = out[i];
		n = m;
	}
	qsort(out, n, sizeof(int64), cmp_int64);
	{
		int			m = 0;

		for (int i = 0; i < n; i++)
			if (m == 0 || out[m - 1] != out[i])
				out[m++] = out[i];
		n = m;
	}
	*stories = out;
	return n;
}

/* Moves every row of the given stories (other than target) to target. */
/* Whether merge_stories(c, target, stories, n) would move any row. */
static bool
stories_to_merge(int64 target, const int64 *stories, int n)
{
	for (int i = 0; i < n; i++)
		if (stories[i] != target)
			return true;
	return false;
}

static void
merge_stories(StoryCtx *c, int64 target, const int64 *stories, int n)
{
	Datum	   *d;
	int			m = 0;
	Datum		args[2];
	Oid			types[2] = {INT8OID, INT8ARRAYOID};

	d = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
		if (stories[i] != target)
			d[m++] = Int64GetDatum(stories[i]);
	if (m == 0)
		return;
	args[0] = Int64GetDatum(target);
	args[1] = PointerGetDatum(construct_array(d, m, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	if (pga_spi_execute_cached_growing(psprintf("UPDATE %s SET %s = $1 WHERE %s = ANY ($2)",
											   c->tbl, qi(c->a->story), qi(c->a->story)),
									  RelationGetRelid(c->rel), 2, types, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "merging stories failed");
}

/* The number words in column att of a fetched row, or NULL. */
static ArrayType *
story_numbers(HeapTuple tup, TupleDesc td, int att, const StoryCtx *c)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, att, &isnull);

	return (isnull || !c->numbers_column) ? NULL : DatumGetArrayTypeP(d);
}

static bool
get_time(HeapTuple tup, TupleDesc td, int att, TimestampTz *out)
{
	bool		isnull;
	Datum		d;
	Oid			t;

	if (att <= 0)
		return false;
	d = SPI_getbinval(tup, td, att, &isnull);
	if (isnull)
		return false;
	t = SPI_gettypeid(td, att);
	if (t == TIMESTAMPTZOID)
		*out = DatumGetTimestampTz(d);
	else if (t == TIMESTAMPOID)
		*out = DatumGetTimestampTz(DirectFunctionCall1(timestamp_timestamptz, d));
	else if (t == DATEOID)
		*out = DatumGetTimestampTz(DirectFunctionCall1(date_timestamptz, d));
	else
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" must be a timestamptz, timestamp or date", SPI_fname(td, att))));
	return true;
}

static int64
get_id(HeapTuple tup, TupleDesc td, int att, Relation rel, const char *name)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, att, &isnull);
	Oid			t = SPI_gettypeid(td, att);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("article id column \"%s\" is NULL", name),
				 errhint("Give %s a default (bigserial or an identity column) so that rows have an id before the trigger runs.",
						 RelationGetRelationName(rel))));
	if (t == INT8OID)
		return DatumGetInt64(d);
	if (t == INT4OID)
		return DatumGetInt32(d);
	if (t == INT2OID)
		return DatumGetInt16(d);
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("article id column \"%s\" must be bigint, integer or smallint", name)));
	return 0;
}

static void
check_trigger(FunctionCallInfo fcinfo, const char *fn, bool before)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s() must be called as a trigger", fn),
				 errhint("Use SELECT article_setup('your_table') to create the trigger.")));
	if (!TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		(before != TRIGGER_FIRED_BEFORE(td->tg_event)) ||
		!(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s() must be a %s INSERT OR UPDATE ... FOR EACH ROW trigger", fn,
						before ? "BEFORE" : "deferred AFTER"),
				 errhint("Use SELECT article_setup('your_table') to create the triggers.")));
}

static void
setup_story_ctx(StoryCtx *c, Relation rel, const IngestArgs *a, Oid schema)
{
	memset(c, 0, sizeof(*c));
	c->rel = rel;
	c->a = a;
	c->schema = schema;
	c->tbl = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
										RelationGetRelationName(rel));
	c->sketch_type = extension_type(schema, "minhash");
	c->keys_column = column(rel, a->keys, false, "keys") > 0;
	c->pub_column = column(rel, a->published, false, "published") > 0;
	c->words_column = column(rel, a->words, false, "words") > 0;
	c->numbers_column = column(rel, a->numbers, false, "numbers") > 0;
}

PG_FUNCTION_INFO_V1(pga_article_ingest);
Datum
pga_article_ingest(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	tup;
	IngestArgs	a;
	Oid			schema = get_func_namespace(fcinfo->flinfo->fn_oid);
	int			att_body,
				att_source,
				att_id,
				att_clean,
				att_fp,
				att_sketch,
				att_keys,
				att_story,
				att_pub,
				att_words,
				att_numbers;
	bool		isnull;
	Datum		body;
	int			cols[8];
	Datum		vals[8];
	bool		nulls[8];
	int			ncols = 0;
	StoryCtx	c;
	int64	   *stories;
	int			nstories;
	int64		story;

	check_trigger(fcinfo, "article_ingest", true);
	pga_require_utf8();
	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	parse_args(td->tg_trigger, &a);

	att_body = column(rel, a.body, true, "body");
	att_id = column(rel, a.id, true, "id");
	att_clean = column(rel, a.clean, true, "clean");
	att_fp = column(rel, a.fingerprint, true, "fingerprint");
	att_sketch = column(rel, a.sketch, true, "sketch");
	att_story = column(rel, a.story, true, "story");
	att_source = column(rel, a.source, false, "source");
	att_keys = column(rel, a.keys, false, "keys");
	att_pub = column(rel, a.published, false, "published");
	att_words = column(rel, a.words, false, "words");
	att_numbers = column(rel, a.numbers, false, "numbers");

	body = SPI_getbinval(tup, desc, att_body, &isnull);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	setup_story_ctx(&c, rel, &a, schema);
	c.id = get_id(tup, desc, att_id, rel, a.id);
	c.has_time = get_time(tup, desc, att_pub, &c.time);
	if (!c.has_time)
	{
		c.has_time = true;
		c.time = GetCurrentTransactionStartTimestamp();
	}

	if (isnull)
	{
		for (int k = 0; k < 8; k++)
			nulls[k] = true;
		cols[0] = att_clean;
		cols[1] = att_fp;
		cols[2] = att_sketch;
		cols[3] = att_story;
		vals[3] = Int64GetDatum(c.id);
		nulls[3] = false;
		ncols = 4;
		if (att_words > 0)
			cols[ncols++] = att_words;
		if (att_numbers > 0)
			cols[ncols++] = att_numbers;
	}
	else
	{
		text	   *in = DatumGetTextPP(body);
		char	   *source = NULL;
		PgaCleanOptions opt = {0.5f, false, false, NULL, schema};
		PgaCleaned	cl;
		StringInfoData out;
		Datum		clean_text;
		PgaShingles words = {0};

		if (att_source > 0)
		{
			Datum		s = SPI_getbinval(tup, desc, att_source, &isnull);

			if (!isnull)
				source = TextDatumGetCString(s);
		}
		opt.source = source;
		pga_clean(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), pga_format_from_name(a.format), &opt, false, &cl);
		pga_buf_init(&out, VARSIZE_ANY_EXHDR(in) / 2);
		pga_cleaned_body(&cl, &out);
		/* evidence is counted once per article, when it arrives: an update re-cleans, it is not a new article */
		if (source && a.learn && TRIGGER_FIRED_BY_INSERT(td->tg_event))
			pga_profile_learn_later(schema, source, &cl.blocks, cl.stats, &cl.page,
									c.has_time ? c.time : GetCurrentTransactionStartTimestamp());

		/* the cleaned body's words once, for both sketches */
		pga_word_hashes(out.data, out.len, PGA_FOLD_REPAIRED, &words);
		c.sketch = pga_sketch_from_word_hashes(words.hashes, words.n, PGA_DEFAULT_SLOTS, 5, 0);
		clean_text = PointerGetDatum(pga_buf_to_text(&out));
		cols[ncols] = att_clean;
		vals[ncols] = clean_text;
		nulls[ncols++] = false;
		cols[ncols] = att_fp;
		vals[ncols] = Int64GetDatum((int64) pga_fold_fingerprint(out.data, out.len, PGA_FOLD_REPAIRED));
		nulls[ncols++] = false;
		cols[ncols] = att_sketch;
		vals[ncols] = PointerGetDatum(c.sketch);
		nulls[ncols++] = false;
		if (att_words > 0)
		{
			c.words = pga_sketch_from_word_hashes(words.hashes, words.n, PGA_DEFAULT_SLOTS, 1, 0);
			cols[ncols] = att_words;
			vals[ncols] = PointerGetDatum(c.words);
			nulls[ncols++] = false;
		}
		if (att_numbers > 0)
		{
			c.numbers = pga_text_numbers(out.data, out.len, PGA_FOLD_REPAIRED, PGA_MAX_NUMBERS);
			cols[ncols] = att_numbers;
			vals[ncols] = PointerGetDatum(c.numbers);
			nulls[ncols++] = false;
		}

		if (att_keys > 0)
		{
			Oid			fn = entity_keys_function(schema);

			if (OidIsValid(fn))
			{
				Datum		k = OidFunctionCall1(fn, clean_text);

				c.keys = DatumGetArrayTypeP(k);
				cols[ncols] = att_keys;
				vals[ncols] = PointerGetDatum(c.keys);
				nulls[ncols++] = false;
			}
			else
			{
				Datum		k = SPI_getbinval(tup, desc, att_keys, &isnull);

				c.keys = isnull ? NULL : DatumGetArrayTypeP(k);	/* the row's own keys */
			}
			if (c.keys && TRIGGER_FIRED_BY_INSERT(td->tg_event))
				stats_add(RelationGetRelid(rel), schema, c.keys);
		}

		if (pga_profile_pending_articles() + stats_articles >= pga_ingest_flush_rows())
			flush_gathered(RelationGetRelid(rel));

		nstories = find_stories(&c, &stories);
		story = c.id;
		if (nstories > 0 && stories[0] < story)
			story = stories[0];
		if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) && stories_to_merge(story, stories, nstories))
		{
			/*
			 * Merging moves other rows, which the UPDATE running this trigger
			 * may still have to reach (PostgreSQL refuses that).  The row
			 * takes a story of its own, and the deferred story recheck, which
			 * runs after the statement, joins and merges as here.
			 */
			story = c.id;
		}
		else
			merge_stories(&c, story, stories, nstories);
		cols[ncols] = att_story;
		vals[ncols] = Int64GetDatum(story);
		nulls[ncols++] = false;
	}

	tup = heap_modify_tuple_by_cols(tup, desc, ncols, cols, vals, nulls);
	tup = SPI_copytuple(tup);
	SPI_finish();
	return PointerGetDatum(tup);
}

/*
 * Deferred recheck, at commit, of a row that started its own story: under a
 * per-table lock, with what other sessions have committed by now.
 */
PG_FUNCTION_INFO_V1(pga_article_story_recheck);
Datum
pga_article_story_recheck(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	IngestArgs	a;
	Oid			schema = get_func_namespace(fcinfo->flinfo->fn_oid);
	StoryCtx	c;
	Datum		args[1];
	Oid			types[1] = {INT8OID};
	int64	   *stories;
	int			n;
	int64		current;
	int64		target;
	bool		isnull;
	HeapTuple	row;
	TupleDesc	rd;

	check_trigger(fcinfo, "article_story_recheck", false);
	rel = td->tg_relation;
	flush_gathered(RelationGetRelid(rel));
	parse_args(td->tg_trigger, &a);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	setup_story_ctx(&c, rel, &a, schema);

	/* one transaction at a time per table past this point, until commit */
	DirectFunctionCall2(pg_advisory_xact_lock_int4,
						Int32GetDatum((int32) RelationGetRelid(rel)), Int32GetDatum(STORY_LOCK_KEY));

	c.id = get_id(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple,
				  RelationGetDescr(rel), column(rel, a.id, true, "id"), rel, a.id);
	args[0] = Int64GetDatum(c.id);
	if (pga_spi_execute_cached_growing(psprintf("SELECT %s, %s, %s, %s, %s, %s FROM %s WHERE %s = $1",
									   qi(a.story), qi(a.sketch),
									   c.keys_column ? qi(a.keys) : "NULL::text[]",
									   c.pub_column ? psprintf("%s::timestamptz", qi(a.published)) : "NULL::timestamptz",
									   c.words_column ? qi(a.words) : "NULL::text",
									   c.numbers_column ? qi(a.numbers) : "NULL::text[]",
									   c.tbl, qi(a.id)),
									  RelationGetRelid(rel), 1, types, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "story recheck failed");
	if (SPI_processed == 0)
	{
		SPI_finish();
		return PointerGetDatum(NULL);	/* deleted since */
	}
	row = SPI_copytuple(SPI_tuptable->vals[0]);
	rd = SPI_tuptable->tupdesc;
	current = DatumGetInt64(SPI_getbinval(row, rd, 1, &isnull));
	if (isnull)
	{
		SPI_finish();
		return PointerGetDatum(NULL);
	}
	{
		Datum		sk = SPI_getbinval(row, rd, 2, &isnull);

		c.sketch = isnull ? NULL : DatumGetSketchP(sk);
	}
	{
		Datum		k = SPI_getbinval(row, rd, 3, &isnull);

		c.keys = isnull ? NULL : DatumGetArrayTypeP(k);
	}
	{
		Datum		wsk = SPI_getbinval(row, rd, 5, &isnull);

		c.words = (isnull || !c.words_column) ? NULL : DatumGetSketchP(wsk);
	}
	c.numbers = story_numbers(row, rd, 6, &c);
	c.has_time = get_time(row, rd, 4, &c.time);
	if (!c.has_time)
	{
		c.has_time = true;
		c.time = GetCurrentTransactionStartTimestamp();
	}

	n = find_stories(&c, &stories);
	target = current;
	if (n > 0 && stories[0] < target)
		target = stories[0];
	{
		int64	   *all = palloc(sizeof(int64) * (n + 1));

		memcpy(all, stories, sizeof(int64) * n);
		all[n] = current;
		merge_stories(&c, target, all, n + 1);
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * Stories from scratch: every row in order of publication (then id) takes
 * its story from the rows before it, exactly as if the table were loaded
 * again through the trigger.  Returns the number of stories.
 */
PG_FUNCTION_INFO_V1(pga_article_recluster);
Datum
pga_article_recluster(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	ArrayType  *argarr = PG_GETARG_ARRAYTYPE_P(1);
	Oid			schema = get_func_namespace(fcinfo->flinfo->fn_oid);
	Datum	   *elems;
	bool	   *enulls;
	int			nargs;
	char	  **argv;
	IngestArgs	a;
	Relation	rel;
	StoryCtx	c;
	Portal		cur;
	int64		stories = 0;
	SPIPlanPtr	plan;

	deconstruct_array(argarr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &nargs);
	argv = palloc(sizeof(char *) * Max(nargs, 1));
	for (int i = 0; i < nargs; i++)
		argv[i] = enulls[i] ? "" : TextDatumGetCString(elems[i]);
	parse_arg_list(nargs, argv, &a);

	rel = table_open(relid, ShareRowExclusiveLock);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	setup_story_ctx(&c, rel, &a, schema);
	(void) column(rel, a.body, true, "body");
	(void) column(rel, a.id, true, "id");
	(void) column(rel, a.sketch, true, "sketch");
	(void) column(rel, a.story, true, "story");
	if (SPI_execute(psprintf("UPDATE %s SET %s = NULL", c.tbl, qi(a.story)), false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "clearing stories failed");

	plan = SPI_prepare(psprintf("SELECT %s::bigint, %s, %s, %s, %s, %s FROM %s ORDER BY %s NULLS LAST, %s",
								qi(a.id), qi(a.sketch),
								c.keys_column ? qi(a.keys) : "NULL::text[]",
								c.pub_column ? psprintf("%s::timestamptz", qi(a.published)) : "NULL::timestamptz",
								c.words_column ? qi(a.words) : "NULL::text",
								c.numbers_column ? qi(a.numbers) : "NULL::text[]",
								c.tbl, c.pub_column ? qi(a.published) : "1", qi(a.id)),
					   0, NULL);
	cur = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		SPI_cursor_fetch(cur, true, 100);
		if (SPI_processed == 0)
			break;
		{
			SPITupleTable *batch = SPI_tuptable;
			uint64		nrows = SPI_processed;

			for (uint64 r = 0; r < nrows; r++)
			{
				HeapTuple	tup = batch->vals[r];
				TupleDesc	td = batch->tupdesc;
				bool		isnull;
				int64	   *found;
				int			n;
				int64		target;
				Datum		args[2];
				Oid			types[2] = {INT8OID, INT8OID};

				CHECK_FOR_INTERRUPTS();
				c.id = DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));
				{
					Datum		sk = SPI_getbinval(tup, td, 2, &isnull);

					c.sketch = isnull ? NULL : DatumGetSketchP(sk);
				}
				{
					Datum		k = SPI_getbinval(tup, td, 3, &isnull);

					c.keys = isnull ? NULL : DatumGetArrayTypeP(k);
				}
				{
					Datum		wsk = SPI_getbinval(tup, td, 5, &isnull);

					c.words = (isnull || !c.words_column) ? NULL : DatumGetSketchP(wsk);
				}
				c.numbers = story_numbers(tup, td, 6, &c);
				c.has_time = get_time(tup, td, 4, &c.time);
				n = find_stories(&c, &found);
				target = (n > 0 && found[0] < c.id) ? found[0] : c.id;
				merge_stories(&c, target, found, n);
				args[0] = Int64GetDatum(target);
				args[1] = Int64GetDatum(c.id);
				if (pga_spi_execute_cached_growing(psprintf("UPDATE %s SET %s = $1 WHERE %s = $2", c.tbl, qi(a.story), qi(a.id)),
												  relid, 2, types, args, NULL, false, 0) != SPI_OK_UPDATE)
					elog(ERROR, "assigning a story failed");
			}
			SPI_freetuptable(batch);
		}
	}
	SPI_cursor_close(cur);
	if (SPI_execute(psprintf("SELECT count(DISTINCT %s) FROM %s", qi(a.story), c.tbl), true, 0) == SPI_OK_SELECT &&
		SPI_processed == 1)
	{
		bool		isnull;

		stories = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_finish();
	table_close(rel, NoLock);
	PG_RETURN_INT64(stories);
}
