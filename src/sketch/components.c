/*
 * components.c
 *		Connected components of a pair list (union-find), for turning
 *		near-duplicate pairs into clusters.
 *
 * Each component is labelled by its smallest id, so the labels do not depend
 * on the order of the pairs or of the rows.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"

typedef struct IdEntry
{
	int64		id;				/* hash key */
	int32		index;
} IdEntry;

static int32
find(int32 *parent, int32 i)
{
	while (parent[i] != i)
	{
		parent[i] = parent[parent[i]];	/* path halving */
		i = parent[i];
	}
	return i;
}

static int64 *
array_int8_values(ArrayType *a, int *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int64	   *v;
	int			i;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, n);
	v = palloc(sizeof(int64) * Max(*n, 1));
	for (i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULLs", what)));
		v[i] = DatumGetInt64(elems[i]);
	}
	return v;
}

static int32
index_of(HTAB *ids, int64 id, int64 **byindex, int32 *nids, int32 *cap)
{
	bool		found;
	IdEntry    *e = hash_search(ids, &id, HASH_ENTER, &found);

	if (!found)
	{
		if (*nids == *cap)
		{
			*cap *= 2;
			*byindex = repalloc_huge(*byindex, sizeof(int64) * (Size) *cap);
		}
		e->index = (*nids)++;
		(*byindex)[e->index] = id;
	}
	return e->index;
}

PG_FUNCTION_INFO_V1(pga_connected_components);
Datum
pga_connected_components(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64	   *a,
			   *b;
	int			na,
				nb,
				i;
	HASHCTL		ctl;
	HTAB	   *ids;
	int64	   *byindex;
	int32	   *parent;
	int64	   *label;
	int32		nids = 0,
				cap = 1024;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	a = array_int8_values(PG_GETARG_ARRAYTYPE_P(0), &na, "id1");
	b = array_int8_values(PG_GETARG_ARRAYTYPE_P(1), &nb, "id2");
	if (na != nb)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("id1 and id2 must have the same length (%d and %d)", na, nb),
				 errhint("Pass the two columns of one pair list, e.g. array_agg(id1), array_agg(id2).")));

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(IdEntry);
	ctl.hcxt = CurrentMemoryContext;
	ids = hash_create("pg_article components", Max(2 * na, 64), &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	byindex = palloc(sizeof(int64) * cap);
	for (i = 0; i < na; i++)
	{
		index_of(ids, a[i], &byindex, &nids, &cap);
		index_of(ids, b[i], &byindex, &nids, &cap);
	}
	parent = palloc(sizeof(int32) * Max(nids, 1));
	for (i = 0; i < nids; i++)
		parent[i] = i;
	for (i = 0; i < na; i++)
	{
		int32		ra,
					rb;
		bool		found;

		CHECK_FOR_INTERRUPTS();
		ra = find(parent, ((IdEntry *) hash_search(ids, &a[i], HASH_FIND, &found))->index);
		rb = find(parent, ((IdEntry *) hash_search(ids, &b[i], HASH_FIND, &found))->index);
		if (ra != rb)
			parent[Max(ra, rb)] = Min(ra, rb);
	}
	/* label = smallest id in the component */
	label = palloc(sizeof(int64) * Max(nids, 1));
	for (i = 0; i < nids; i++)
		label[i] = PG_INT64_MAX;
	for (i = 0; i < nids; i++)
	{
		int32		r = find(parent, i);

		label[r] = Min(label[r], byindex[i]);
	}
	for (i = 0; i < nids; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int64GetDatum(byindex[i]);
		values[1] = Int64GetDatum(label[find(parent, i)]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
