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

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
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

/* Distinct fingerprints of the page as an int8[] datum. */
static Datum
fingerprint_array(const PgaBlockStats *st, int n, FpSlot *slots, int *ndistinct)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			m = 0;

	for (int i = 0; i < n; i++)
	{
		slots[i].fp = st[i].fingerprint;
		slots[i].block = i;
	}
	qsort(slots, n, sizeof(FpSlot), cmp_slot);
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
		rc = pga_spi_execute_cached(psprintf("SELECT fingerprint, articles, days, position_sum / articles "
											"FROM %s WHERE source = $1 AND fingerprint = ANY ($2)",
											blk_table),
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
 * Records one article of a source: the source's article count, and for each
 * distinct block fingerprint its article count, days, position and shape.
 * Returns the number of distinct blocks recorded.
 */
int
pga_profile_learn(Oid schema, const char *source, const PgaBlocks *b, const PgaBlockStats *st,
				  const PgaPageInfo *page, TimestampTz seen_at)
{
	int			n = b->nblocks;
	FpSlot	   *slots = palloc(sizeof(FpSlot) * Max(n, 1));
	char	   *src_table = profile_table(schema, "source_profile");
	char	   *blk_table = profile_table(schema, "source_profile_block");
	Datum	   *fps = palloc(sizeof(Datum) * Max(n, 1));
	Datum	   *pos = palloc(sizeof(Datum) * Max(n, 1));
	Datum	   *prose = palloc(sizeof(Datum) * Max(n, 1));
	int			m = 0;
	Datum		args[5];
	Oid			types[5] = {TEXTOID, TIMESTAMPTZOID, INT8ARRAYOID, FLOAT4ARRAYOID, BOOLARRAYOID};
	int64		inserted = 0;
	int64		total = 0;
	int			rc;

	for (int i = 0; i < n; i++)
	{
		slots[i].fp = st[i].fingerprint;
		slots[i].block = i;
	}
	qsort(slots, n, sizeof(FpSlot), cmp_slot);
	for (int i = 0; i < n; i++)
	{
		int			blk = slots[i].block;

		if (i > 0 && slots[i].fp == slots[i - 1].fp)
			continue;			/* first occurrence only (the sort keeps block order) */
		fps[m] = Int64GetDatum((int64) slots[i].fp);
		pos[m] = Float4GetDatum(n > 1 ? (float) blk / (n - 1) : 0);
		prose[m] = BoolGetDatum(pga_block_is_prose(&st[blk], page));
		m++;
	}
	args[0] = CStringGetTextDatum(source);
	args[1] = TimestampTzGetDatum(seen_at);
	args[2] = PointerGetDatum(construct_array(fps, m, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[3] = PointerGetDatum(construct_array(pos, m, FLOAT4OID, 4, true, TYPALIGN_INT));
	args[4] = PointerGetDatum(construct_array(prose, m, BOOLOID, 1, true, TYPALIGN_CHAR));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = pga_spi_execute_cached(psprintf(
										"INSERT INTO %s AS p (source, articles, first_seen, last_seen) "
										"VALUES ($1, 1, $2, $2) ON CONFLICT (source) DO UPDATE SET "
										"articles = p.articles + 1, "
										"first_seen = least(p.first_seen, excluded.first_seen), "
										"last_seen = greatest(p.last_seen, excluded.last_seen)",
										src_table),
							   2, types, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "updating the source profile failed");

	rc = pga_spi_execute_cached(psprintf(
										"INSERT INTO %s AS b (source, fingerprint, articles, days, first_seen, last_seen, position_sum, prose) "
										"SELECT $1, f, 1, 1, $2, $2, p, r FROM unnest($3, $4, $5) AS u(f, p, r) "
										"ON CONFLICT (source, fingerprint) DO UPDATE SET "
										"articles = b.articles + 1, "
										"days = b.days + (date_trunc('day', excluded.last_seen) NOT IN "
										"(date_trunc('day', b.first_seen), date_trunc('day', b.last_seen)))::int, "
										"first_seen = least(b.first_seen, excluded.first_seen), "
										"last_seen = greatest(b.last_seen, excluded.last_seen), "
										"position_sum = b.position_sum + excluded.position_sum, "
										"prose = b.prose OR excluded.prose "
										"RETURNING (xmax = 0)",
										blk_table),
							   5, types, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "updating the source profile failed");
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		if (DatumGetBool(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull)))
			inserted++;
	}

	{
		Oid			t2[2] = {TEXTOID, INT8OID};
		Datum		a2[2] = {args[0], Int64GetDatum(inserted)};

		rc = pga_spi_execute_cached(psprintf("UPDATE %s SET blocks = blocks + $2 WHERE source = $1 RETURNING blocks",
											 src_table),
									2, t2, a2, NULL, false, 0);
	}
	if (rc == SPI_OK_UPDATE_RETURNING && SPI_processed == 1)
	{
		bool		isnull;

		total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}

	/* bounded: forget the rarest, least recently seen blocks (down to 90 % of the limit) */
	if (total > profile_max_blocks)
	{
		int64		excess = total - (int64) profile_max_blocks * 9 / 10;
		Oid			t2[2] = {TEXTOID, INT8OID};
		Datum		a2[2] = {args[0], Int64GetDatum(excess)};

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
	pfree(slots);
	return m;
}
