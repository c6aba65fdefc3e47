/*
 * spi_cache.h
 *		SPI statements prepared once per backend and kept, keyed by their text.
 *
 * The per-row work of the ingest trigger and of source profiles runs the same
 * few statements for every row; planning them each time cost more than
 * running them.  Kept plans are revalidated by PostgreSQL's plan cache when
 * the tables they use change.
 */
#ifndef PGA_SPI_CACHE_H
#define PGA_SPI_CACHE_H

#include "postgres.h"

/* Like SPI_execute_with_args, with the plan of sql prepared on first use and kept. */
extern int	pga_spi_execute_cached(const char *sql, int nargs, Oid *argtypes, Datum *values,
								   const char *nulls, bool read_only, long count);

/*
 * The same, planned for each execution with its parameters: for lookups in a
 * table that grows (a plan made when it was empty would scan it forever).
 */
extern int	pga_spi_execute_cached_custom(const char *sql, int nargs, Oid *argtypes, Datum *values,
										  const char *nulls, bool read_only, long count);

/*
 * The same with one generic plan, made again whenever relation relid (the
 * table looked up) has grown past twice its size in blocks when planned: as
 * robust as custom plans for a table that grows during a load, without
 * planning every execution (at most about log2 of its growth plans).
 */
extern int	pga_spi_execute_cached_growing(const char *sql, Oid relid, int nargs, Oid *argtypes,
										   Datum *values, const char *nulls, bool read_only,
										   long count);

#endif
