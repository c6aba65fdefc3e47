/*
 * profile.c
 *		Source profiles: what the database has seen of a source's pages.
 *
 * For every source the extension keeps, in its own tables
 * (source_profile and source_profile_block, see clean.sql), how many
 * articles were learned, and for every block fingerprint (folded text,
 * digits masked) on how many of them it appeared, over how many days and
 * where on the page.  Rows carry their owner role; row-level security lets a
 * role see only sources of roles it is a member of.
 *
 * The tables live in the extension's schema, found at run time so that
 * ALTER EXTENSION ... SET SCHEMA keeps working.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "clean/clean.h"
#include "util/spi_cache.h"

static int	profile_max_blocks = 50000;

void
pga_profile_define_gucs(void)
{
	DefineCustomIntVariable("pg_article.profile_max_blocks",
							"Most block fingerprints kept per source profile.",
							"When a source holds more, the rarest and least recently seen are forgotten.",
							&profile_max_blocks, 50000, 100, 10000000,
							PGC_USERSET, 0, NULL, NULL, NULL);
}

/* "schema".name of an extension table, quoted; schema is the extension's (that of the calling function). */
static char *
profile_table(Oid schema, const char *name)
{
	char	   *nsp = get_namespace_name(schema);

	if (nsp == NULL)
		elog(ERROR, "schema %u of pg_article not found", schema);
	return psprintf("%s.%s", quote_identifier(nsp), quote_identifier(name));
}

typedef struct FpSlot
{
	uint64		fp;
	int			block;
} FpSlot;

static int
cmp_slot(const void *a, const void *b)
{
	const FpSlot *x = a;
	const FpSlot *y = b;

	if (x->fp != y->fp)
		return x->fp < y->fp ? -1 : 1;
	return x->block - y->block;
}

/* The page's blocks sorted by fingerprint, then by position (so a fingerprint's first slot is its first block). */
static void
sort_slots(const PgaBlockStats *st, int n, FpSlot *slots)
{
	for (int i = 0; i < n; i++)
	{
		slots[i].fp = st[i].fingerprint;
		slots[i].block = i;
	}
	qsort(slots, n, sizeof(FpSlot), cmp_slot);
}

/* Distinct fingerprints of the page as an int8[] datum. */
static Datum
fingerprint_array(const PgaBlockStats *st, int n, FpSlot *slots, int *ndistinct)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			m = 0;

	sort_slots(st, n, slots);
	for (int i = 0; i < n; i++)
		if (i == 0 || slots[i].fp != slots[i - 1].fp)
			d[m++] = Int64GetDatum((int64) slots[i].fp);
	*ndistinct = m;
	return PointerGetDatum(construct_array(d, m, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

void
pga_profile_lookup(Oid schema, const char *source, const PgaBlocks *b,
				   const PgaBlockStats *st, PgaProfile *out)
{
	int			n = b->nblocks;
	FpSlot	   *slots = palloc(sizeof(FpSlot) * Max(n, 1));
	char	   *src_table = profile_table(schema, "source_profile");
	char	   *blk_table = profile_table(schema, "source_profile_block");
	Datum		args[2];
	Oid			types[2] = {TEXTOID, INT8ARRAYOID};
	int			ndistinct;
	int			rc;

	out->found = false;
	out->articles = 0;
	out->hits = palloc0(sizeof(PgaProfileHit) * Max(n, 1));
	args[0] = CStringGetTextDatum(source);
	args[1] = fingerprint_array(st, n, slots, &ndistinct);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = pga_spi_execute_cached(psprintf("SELECT articles FROM %s WHERE source = $1", src_table),
							   1, types, args, NULL, true, 1);
	if (rc == SPI_OK_SELECT && SPI_processed == 1)
	{
		bool		isnull;
		Datum		v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		out->found = !isnull;
		out->articles = isnull ? 0 : DatumGetInt64(v);
	}
	if (out->found && ndistinct > 0)
	{
		/*
		 * One index probe per fingerprint: with "fingerprint = ANY ($2)" the
		 * planner, short of fresh statistics, reads all of the source's
		 * blocks and filters them.  The plan is made again as the table
		 * grows (one made while it was empty would scan it).
		 */
		rc = pga_spi_execute_cached_growing(psprintf("SELECT f, b.articles, b.days, b.pos FROM unnest($2) AS f, "
													"LATERAL (SELECT articles, days, position_sum / articles AS pos "
													"FROM %s WHERE source = $1 AND fingerprint = f LIMIT 1) AS b",
													blk_table),
										   get_relname_relid("source_profile_block", schema),
										   2, types, args, NULL, true, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "reading the source profile failed");
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull;
			uint64		fp = (uint64) DatumGetInt64(SPI_getbinval(tup, td, 1, &isnull));
			int32		articles = DatumGetInt32(SPI_getbinval(tup, td, 2, &isnull));
			int32		days = DatumGetInt32(SPI_getbinval(tup, td, 3, &isnull));
			float		pos = DatumGetFloat4(SPI_getbinval(tup, td, 4, &isnull));
			int			lo = 0;
			int			hi = n;

			/* first slot with this fingerprint, then every block that has it */
			while (lo < hi)
			{
				int			mid = (lo + hi) / 2;

				if (slots[mid].fp < fp)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < n && slots[lo].fp == fp; lo++)
			{
				PgaProfileHit *h = &out->hits[slots[lo].block];

				h->articles = articles;
				h->days = days;
				h->mean_position = pos;
			}
		}
	}
	SPI_finish();
	pfree(slots);
}

/*
 * Writes learned evidence: n_articles more articles of a source seen between
 * first and last, and per distinct block fingerprint how many more articles
 * and days it appeared on, when, its summed position and shape.  Returns the
 * number of block rows written.
 */
static int
write_profile(Oid schema, const char *source, int64 n_articles, TimestampTz first, TimestampTz last,
			  int m, Datum *fps, Datum *arts, Datum *days, Datum *firsts, Datum *lasts,
			  Datum *pos, Datum *prose)
{
	char	   *src_table = profile_table(schema, "source_profile");
	char	   *blk_table = profile_table(schema, "source_profile_block");
	Datum		sargs[4];
	Oid			stypes[4] = {TEXTOID, INT8OID, TIMESTAMPTZOID, TIMESTAMPTZOID};
	Datum		args[8];
	Oid			types[8] = {TEXTOID, INT8ARRAYOID, INT4ARRAYOID, INT4ARRAYOID, TIMESTAMPTZARRAYOID,
							TIMESTAMPTZARRAYOID, FLOAT4ARRAYOID, BOOLARRAYOID};
	int64		inserted = 0;
	int64		total = 0;
	int			rc;
	Datum		types_args[2];
	Oid			t2[2] = {TEXTOID, INT8OID};

	sargs[0] = CStringGetTextDatum(source);
	sargs[1] = Int64GetDatum(n_articles);
	sargs[2] = TimestampTzGetDatum(first);
	sargs[3] = TimestampTzGetDatum(last);
	args[0] = sargs[0];
	args[1] = PointerGetDatum(construct_array(fps, m, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[2] = PointerGetDatum(construct_array(arts, m, INT4OID, 4, true, TYPALIGN_INT));
	args[3] = PointerGetDatum(construct_array(days, m, INT4OID, 4, true, TYPALIGN_INT));
	args[4] = PointerGetDatum(construct_array(firsts, m, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[5] = PointerGetDatum(construct_array(lasts, m, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[6] = PointerGetDatum(construct_array(pos, m, FLOAT4OID, 4, true, TYPALIGN_INT));
	args[7] = PointerGetDatum(construct_array(prose, m, BOOLOID, 1, true, TYPALIGN_CHAR));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = pga_spi_execute_cached(psprintf(
										"INSERT INTO %s AS p (source, articles, first_seen, last_seen) "
										"VALUES ($1, $2, $3, $4) ON CONFLICT (source) DO UPDATE SET "
										"articles = p.articles + excluded.articles, "
										"first_seen = least(p.first_seen, excluded.first_seen), "
										"last_seen = greatest(p.last_seen, excluded.last_seen)",
										src_table),
								4, stypes, sargs, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "updating the source profile failed");

	rc = pga_spi_execute_cached(psprintf(
										"INSERT INTO %s AS b (source, fingerprint, articles, days, first_seen, last_seen, position_sum, prose) "
										"SELECT $1, f, a, d, fs, ls, p, r FROM unnest($2, $3, $4, $5, $6, $7, $8) AS u(f, a, d, fs, ls, p, r) "
										"ON CONFLICT (source, fingerprint) DO UPDATE SET "
										"articles = b.articles + excluded.articles, "
										"days = b.days + excluded.days - (date_trunc('day', excluded.first_seen) IN "
										"(date_trunc('day', b.first_seen), date_trunc('day', b.last_seen)))::int, "
										"first_seen = least(b.first_seen, excluded.first_seen), "
										"last_seen = greatest(b.last_seen, excluded.last_seen), "
										"position_sum = b.position_sum + excluded.position_sum, "
										"prose = b.prose OR excluded.prose "
										"RETURNING (xmax = 0)",
										blk_table),
								8, types, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "updating the source profile failed");
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		if (DatumGetBool(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull)))
			inserted++;
	}

	types_args[0] = sargs[0];
	types_args[1] = Int64GetDatum(inserted);
	rc = pga_spi_execute_cached(psprintf("UPDATE %s SET blocks = blocks + $2 WHERE source = $1 RETURNING blocks",
										 src_table),
								2, t2, types_args, NULL, false, 0);
	if (rc == SPI_OK_UPDATE_RETURNING && SPI_processed == 1)
	{
		bool		isnull;

		total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}

	/* bounded: forget the rarest, least recently seen blocks (down to 90 % of the limit) */
	if (total > profile_max_blocks)
	{
		int64		excess = total - (int64) profile_max_blocks * 9 / 10;
		Datum		a2[2] = {sargs[0], Int64GetDatum(excess)};

		rc = pga_spi_execute_cached(psprintf(
											"WITH gone AS (DELETE FROM %s WHERE ctid IN ("
											"SELECT ctid FROM %s WHERE source = $1 "
											"ORDER BY articles, last_seen, fingerprint LIMIT $2) RETURNING 1) "
											"UPDATE %s SET blocks = blocks - (SELECT count(*) FROM gone) WHERE source = $1",
											blk_table, blk_table, src_table),
								   2, t2, a2, NULL, false, 0);
		if (rc != SPI_OK_UPDATE)
			elog(ERROR, "bounding the source profile failed");
	}
	SPI_finish();
	return m;
}

/* The distinct blocks of a page: fingerprints, relative positions, shapes (first occurrence of each). */
static int
page_blocks(const PgaBlocks *b, const PgaBlockStats *st, const PgaPageInfo *page,
			uint64 *fps, float *pos, bool *prose)
{
	int			n = b->nblocks;
	FpSlot	   *slots = palloc(sizeof(FpSlot) * Max(n, 1));
	int			m = 0;

	sort_slots(st, n, slots);
	for (int i = 0; i < n; i++)
	{
		int			blk = slots[i].block;

		if (i > 0 && slots[i].fp == slots[i - 1].fp)
			continue;			/* first occurrence only (the sort keeps block order) */
		fps[m] = slots[i].fp;
		pos[m] = n > 1 ? (float) blk / (n - 1) : 0;
		prose[m] = pga_block_is_prose(&st[blk], page);
		m++;
	}
	pfree(slots);
	return m;
}

/*
 * Records one article of a source at once: the source's article count, and
 * for each distinct block fingerprint its article count, days, position and
 * shape.  Returns the number of distinct blocks recorded.
 */
int
pga_profile_learn(Oid schema, const char *source, const PgaBlocks *b, const PgaBlockStats *st,
				  const PgaPageInfo *page, TimestampTz seen_at)
{
	int			n = Max(b->nblocks, 1);
	uint64	   *fps = palloc(sizeof(uint64) * n);
	float	   *pos = palloc(sizeof(float) * n);
	bool	   *prose = palloc(sizeof(bool) * n);
	int			m = page_blocks(b, st, page, fps, pos, prose);
	Datum	   *d[7];

	for (int k = 0; k < 7; k++)
		d[k] = palloc(sizeof(Datum) * Max(m, 1));
	for (int i = 0; i < m; i++)
	{
		d[0][i] = Int64GetDatum((int64) fps[i]);
		d[1][i] = Int32GetDatum(1);
		d[2][i] = Int32GetDatum(1);
		d[3][i] = TimestampTzGetDatum(seen_at);
		d[4][i] = TimestampTzGetDatum(seen_at);
		d[5][i] = Float4GetDatum(pos[i]);
		d[6][i] = BoolGetDatum(prose[i]);
	}
	write_profile(schema, source, 1, seen_at, seen_at, m, d[0], d[1], d[2], d[3], d[4], d[5], d[6]);
	return m;
}

/* ---------------------------------------------------------------- batched learning
 *
 * The ingest trigger learns every row of a bulk load.  Updating the same rows
 * (the source's, its furniture blocks') once per article inside one
 * transaction leaves chains of dead versions that every later update must
 * walk, and holds row locks that make concurrent sessions wait.  So the
 * trigger gathers evidence in memory and the relate stage writes it at commit
 * (or when much has gathered) under its per-table lock.  Cleaning within a
 * transaction sees the profile as of the last write.
 */

typedef struct PendingKey
{
	char		source[NAMEDATALEN * 2];
	uint64		fp;
} PendingKey;

typedef struct PendingBlock
{
	PendingKey	key;
	int32		articles;
	int32		days;
	TimestampTz first;
	TimestampTz last;
	float		pos_sum;
	bool		prose;
} PendingBlock;

typedef struct PendingSource
{
	char		source[NAMEDATALEN * 2];
	int64		articles;
	TimestampTz first;
	TimestampTz last;
} PendingSource;

static HTAB *pending_blocks = NULL;
static HTAB *pending_sources = NULL;
static Oid	pending_schema = InvalidOid;
static int	pending_articles = 0;
static bool xact_callback_registered = false;

static void
pending_reset(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_PREPARE)
	{
		/* the tables lived in TopTransactionContext, which is going away */
		pending_blocks = NULL;
		pending_sources = NULL;
		pending_articles = 0;
		pending_schema = InvalidOid;
	}
}

typedef struct FlushArrays
{
	PendingSource *src;
	int			m;
	int			cap;
	Datum	   *d[7];
} FlushArrays;

void
pga_profile_flush(void)
{
	HASH_SEQ_STATUS seq;
	PendingSource *ps;
	PendingBlock *pb;
	FlushArrays *fa;
	int			nsrc = 0;
	int			cap;

	if (pending_sources == NULL || pending_articles == 0)
		return;
	cap = hash_get_num_entries(pending_sources);
	fa = palloc0(sizeof(FlushArrays) * Max(cap, 1));
	hash_seq_init(&seq, pending_sources);
	while ((ps = hash_seq_search(&seq)) != NULL)
	{
		fa[nsrc].src = ps;
		fa[nsrc].cap = 64;
		for (int k = 0; k < 7; k++)
			fa[nsrc].d[k] = palloc(sizeof(Datum) * 64);
		nsrc++;
	}

	/* one pass over the blocks, each to its source's arrays */
	hash_seq_init(&seq, pending_blocks);
	while ((pb = hash_seq_search(&seq)) != NULL)
	{
		FlushArrays *f = NULL;

		for (int i = 0; i < nsrc && f == NULL; i++)
			if (strcmp(fa[i].src->source, pb->key.source) == 0)
				f = &fa[i];
		if (f == NULL)
			continue;
		if (f->m >= f->cap)
		{
			f->cap *= 2;
			for (int k = 0; k < 7; k++)
				f->d[k] = repalloc(f->d[k], sizeof(Datum) * f->cap);
		}
		f->d[0][f->m] = Int64GetDatum((int64) pb->key.fp);
		f->d[1][f->m] = Int32GetDatum(pb->articles);
		f->d[2][f->m] = Int32GetDatum(pb->days);
		f->d[3][f->m] = TimestampTzGetDatum(pb->first);
		f->d[4][f->m] = TimestampTzGetDatum(pb->last);
		f->d[5][f->m] = Float4GetDatum(pb->pos_sum);
		f->d[6][f->m] = BoolGetDatum(pb->prose);
		f->m++;
	}
	for (int i = 0; i < nsrc; i++)
		write_profile(pending_schema, fa[i].src->source, fa[i].src->articles, fa[i].src->first,
					  fa[i].src->last, fa[i].m, fa[i].d[0], fa[i].d[1], fa[i].d[2], fa[i].d[3],
					  fa[i].d[4], fa[i].d[5], fa[i].d[6]);
	hash_destroy(pending_blocks);
	hash_destroy(pending_sources);
	pending_blocks = NULL;
	pending_sources = NULL;
	pending_articles = 0;
}

void
pga_profile_learn_later(Oid schema, const char *source, const PgaBlocks *b, const PgaBlockStats *st,
						const PgaPageInfo *page, TimestampTz seen_at)
{
	int			n = Max(b->nblocks, 1);
	uint64	   *fps;
	float	   *pos;
	bool	   *prose;
	int			m;
	PendingSource *ps;
	bool		found;
	char		skey[NAMEDATALEN * 2];

	if (strlen(source) >= sizeof(skey))
	{
		/* very long source names are learned at once rather than keyed */
		pga_profile_learn(schema, source, b, st, page, seen_at);
		return;
	}
	fps = palloc(sizeof(uint64) * n);
	pos = palloc(sizeof(float) * n);
	prose = palloc(sizeof(bool) * n);
	m = page_blocks(b, st, page, fps, pos, prose);
	if (!xact_callback_registered)
	{
		RegisterXactCallback(pending_reset, NULL);
		xact_callback_registered = true;
	}
	if (pending_sources != NULL && pending_schema != schema)
		pga_profile_flush();
	if (pending_sources == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(PendingKey);
		ctl.entrysize = sizeof(PendingBlock);
		ctl.hcxt = TopTransactionContext;
		pending_blocks = hash_create("pg_article pending profile blocks", 1024, &ctl,
									 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(skey);
		ctl.entrysize = sizeof(PendingSource);
		ctl.hcxt = TopTransactionContext;
		pending_sources = hash_create("pg_article pending profile sources", 64, &ctl,
									  HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
		pending_schema = schema;
	}
	memset(skey, 0, sizeof(skey));
	strlcpy(skey, source, sizeof(skey));
	ps = hash_search(pending_sources, skey, HASH_ENTER, &found);
	if (!found)
	{
		ps->articles = 0;
		ps->first = ps->last = seen_at;
	}
	ps->articles++;
	ps->first = Min(ps->first, seen_at);
	ps->last = Max(ps->last, seen_at);
	for (int i = 0; i < m; i++)
	{
		PendingKey	k;
		PendingBlock *pb;

		memset(&k, 0, sizeof(k));
		strlcpy(k.source, source, sizeof(k.source));
		k.fp = fps[i];
		pb = hash_search(pending_blocks, &k, HASH_ENTER, &found);
		if (!found)
		{
			pb->articles = 0;
			pb->days = 0;
			pb->first = pb->last = seen_at;
			pb->pos_sum = 0;
			pb->prose = false;
		}
		/* a new day when this article's day is neither end of what the batch saw */
		if (pb->articles == 0 ||
			(seen_at / USECS_PER_DAY != pb->first / USECS_PER_DAY &&
			 seen_at / USECS_PER_DAY != pb->last / USECS_PER_DAY))
			pb->days++;
		pb->articles++;
		pb->first = Min(pb->first, seen_at);
		pb->last = Max(pb->last, seen_at);
		pb->pos_sum += pos[i];
		pb->prose |= prose[i];
	}
	pending_articles++;
}

int
pga_profile_pending_articles(void)
{
	return pending_sources ? pending_articles : 0;
}
