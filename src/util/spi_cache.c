/*
 * spi_cache.c
 *		SPI statements prepared once per backend (see spi_cache.h).
 */
#include "postgres.h"

#include "access/relation.h"
#include "executor/spi.h"
#include "storage/bufmgr.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "util/spi_cache.h"

#include "nodes/parsenodes.h"

#define MAX_SQL_KEY 1024

typedef struct CachedStmt
{
	char		sql[MAX_SQL_KEY];
	SPIPlanPtr	plan;
	BlockNumber planned_blocks;	/* size of the watched relation when planned */
} CachedStmt;

static HTAB *stmts = NULL;

/* Blocks of relation relid (locked as a query on it would lock it). */
static BlockNumber
relation_blocks(Oid relid)
{
	Relation	r = relation_open(relid, AccessShareLock);
	BlockNumber n = RelationGetNumberOfBlocks(r);

	relation_close(r, NoLock);
	return n;
}

static int
execute_cached(const char *sql, int nargs, Oid *argtypes, Datum *values,
			   const char *nulls, bool read_only, long count, int cursor_options,
			   Oid watch)
{
	CachedStmt *e;
	bool		found;
	char		key[MAX_SQL_KEY];
	BlockNumber blocks = 0;

	/* statements too long to key (never ours today) are simply not kept */
	if (strlen(sql) >= MAX_SQL_KEY)
		return SPI_execute_with_args(sql, nargs, argtypes, values, nulls, read_only, count);

	if (stmts == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = MAX_SQL_KEY;
		ctl.entrysize = sizeof(CachedStmt);
		stmts = hash_create("pg_article SPI statements", 64, &ctl, HASH_ELEM | HASH_STRINGS);
	}
	memset(key, 0, sizeof(key));
	strlcpy(key, sql, sizeof(key));
	e = hash_search(stmts, key, HASH_ENTER, &found);
	if (OidIsValid(watch))
	{
		blocks = relation_blocks(watch);
		/* grown past twice its size at planning: plan again */
		if (found && e->plan != NULL && blocks > 2 * e->planned_blocks + 8)
		{
			SPIPlanPtr	old = e->plan;

			e->plan = NULL;
			hash_search(stmts, key, HASH_REMOVE, NULL);
			SPI_freeplan(old);
			e = hash_search(stmts, key, HASH_ENTER, &found);
		}
	}
	if (!found)
	{
		SPIPlanPtr	plan;

		e->plan = NULL;
		plan = SPI_prepare_cursor(sql, nargs, argtypes, cursor_options);
		if (plan == NULL)
		{
			hash_search(stmts, key, HASH_REMOVE, NULL);
			elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql, SPI_result_code_string(SPI_result));
		}
		if (SPI_keepplan(plan) != 0)
		{
			hash_search(stmts, key, HASH_REMOVE, NULL);
			elog(ERROR, "SPI_keepplan failed");
		}
		e->plan = plan;
		e->planned_blocks = blocks;
	}
	return SPI_execute_plan(e->plan, values, nulls, read_only, count);
}

int
pga_spi_execute_cached(const char *sql, int nargs, Oid *argtypes, Datum *values,
					   const char *nulls, bool read_only, long count)
{
	return execute_cached(sql, nargs, argtypes, values, nulls, read_only, count, 0, InvalidOid);
}

int
pga_spi_execute_cached_custom(const char *sql, int nargs, Oid *argtypes, Datum *values,
							  const char *nulls, bool read_only, long count)
{
	return execute_cached(sql, nargs, argtypes, values, nulls, read_only, count, CURSOR_OPT_CUSTOM_PLAN,
						  InvalidOid);
}

int
pga_spi_execute_cached_growing(const char *sql, Oid relid, int nargs, Oid *argtypes, Datum *values,
							   const char *nulls, bool read_only, long count)
{
	return execute_cached(sql, nargs, argtypes, values, nulls, read_only, count, CURSOR_OPT_GENERIC_PLAN,
						  relid);
}
