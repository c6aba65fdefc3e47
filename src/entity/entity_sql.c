/*
 * entity_sql.c
 *		SQL entry points of the entity stage.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "pg_article.h"
#include "entity/entity.h"

static text *
txt(const char *s)
{
	return cstring_to_text(s);
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

typedef struct KeyIdx
{
	const char *key;
	int			idx;
} KeyIdx;

static int
cmp_keyidx(const void *a, const void *b)
{
	const KeyIdx *x = a,
			   *y = b;
	int			c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

static void
mentions_of(FunctionCallInfo fcinfo, PgaMentions *ms)
{
	text	   *body = PG_GETARG_TEXT_PP(0);

	pga_require_utf8();
	pga_entity_mentions(VARDATA_ANY(body), VARSIZE_ANY_EXHDR(body), ms);
}

PG_FUNCTION_INFO_V1(pga_entity_mentions_sql);
Datum
pga_entity_mentions_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PgaMentions ms;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	mentions_of(fcinfo, &ms);
	for (i = 0; i < ms.n; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {0};
		PgaMention *m = &ms.m[i];

		values[0] = PointerGetDatum(txt(pga_entity_kind_names[m->kind]));
		values[1] = PointerGetDatum(txt(m->name));
		values[2] = PointerGetDatum(txt(m->key));
		values[3] = Int32GetDatum(m->start);
		values[4] = Int32GetDatum(m->end);
		values[5] = PointerGetDatum(txt(m->surface));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

typedef struct KeyGroup
{
	int			first;			/* first mention */
	int			count;
	int			from,
				to;				/* range in the sorted KeyIdx array */
} KeyGroup;

static int
cmp_group(const void *a, const void *b)
{
	const KeyGroup *x = a,
			   *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

PG_FUNCTION_INFO_V1(pga_entities_sql);
Datum
pga_entities_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PgaMentions ms;
	KeyIdx	   *ki;
	KeyGroup	   *groups;
	int			ngroups = 0,
				i,
				g;

	InitMaterializedSRF(fcinfo, 0);
	mentions_of(fcinfo, &ms);
	if (ms.n == 0)
		return (Datum) 0;
	ki = palloc(sizeof(KeyIdx) * ms.n);
	for (i = 0; i < ms.n; i++)
	{
		ki[i].key = ms.m[i].key;
		ki[i].idx = i;
	}
	qsort(ki, ms.n, sizeof(KeyIdx), cmp_keyidx);
	groups = palloc(sizeof(KeyGroup) * ms.n);
	for (i = 0; i < ms.n; i++)
	{
		if (i == 0 || strcmp(ki[i].key, ki[i - 1].key) != 0)
		{
			groups[ngroups].first = ki[i].idx;
			groups[ngroups].count = 0;
			groups[ngroups].from = i;
			ngroups++;
		}
		groups[ngroups - 1].count++;
		groups[ngroups - 1].to = i + 1;
	}
	qsort(groups, ngroups, sizeof(KeyGroup), cmp_group);
	for (g = 0; g < ngroups; g++)
	{
		Datum		values[6];
		bool		nulls[6] = {0};
		PgaMention *m = &ms.m[groups[g].first];
		Datum	   *forms = palloc(sizeof(Datum) * groups[g].count);
		const char **seen = palloc(sizeof(char *) * groups[g].count);
		int			nforms = 0,
					j,
					k;

		/* surface forms, distinct, in text order (the group's mentions are in index order) */
		for (j = groups[g].from; j < groups[g].to; j++)
		{
			const char *s = ms.m[ki[j].idx].surface;

			for (k = 0; k < nforms; k++)
				if (strcmp(seen[k], s) == 0)
					break;
			if (k == nforms)
			{
				seen[nforms] = s;
				forms[nforms++] = PointerGetDatum(txt(s));
			}
		}
		values[0] = PointerGetDatum(txt(pga_entity_kind_names[m->kind]));
		values[1] = PointerGetDatum(txt(m->name));
		values[2] = PointerGetDatum(txt(m->key));
		values[3] = Int32GetDatum(groups[g].count);
		values[4] = Int32GetDatum(m->start);
		values[5] = PointerGetDatum(construct_array(forms, nforms, TEXTOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		if ((g & 255) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pga_entity_keys_sql);
Datum
pga_entity_keys_sql(PG_FUNCTION_ARGS)
{
	PgaMentions ms;
	char	  **keys;
	Datum	   *elems;
	int			i,
				n = 0;

	mentions_of(fcinfo, &ms);
	keys = palloc(sizeof(char *) * Max(ms.n, 1));
	for (i = 0; i < ms.n; i++)
		keys[i] = ms.m[i].key;
	qsort(keys, ms.n, sizeof(char *), cmp_cstr);
	elems = palloc(sizeof(Datum) * Max(ms.n, 1));
	for (i = 0; i < ms.n; i++)
		if (i == 0 || strcmp(keys[i], keys[i - 1]) != 0)
			elems[n++] = PointerGetDatum(txt(keys[i]));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* distinct non-null elements of a text[], sorted */
static char **
key_set(ArrayType *a, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			ne,
				i,
				k = 0;
	char	  **out;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("entity key arrays must be one-dimensional"),
				 errhint("Pass the result of entity_keys().")));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &ne);
	out = palloc(sizeof(char *) * Max(ne, 1));
	for (i = 0; i < ne; i++)
		if (!nulls[i])
			out[k++] = text_to_cstring(DatumGetTextPP(elems[i]));
	qsort(out, k, sizeof(char *), cmp_cstr);
	*n = 0;
	for (i = 0; i < k; i++)
		if (i == 0 || strcmp(out[i], out[i - 1]) != 0)
			out[(*n)++] = out[i];
	return out;
}

PG_FUNCTION_INFO_V1(pga_entity_similarity);
Datum
pga_entity_similarity(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	int			na,
				nb,
				i = 0,
				j = 0,
				inter = 0;
	char	  **x = key_set(a, &na);
	char	  **y = key_set(b, &nb);

	while (i < na && j < nb)
	{
		int			c = strcmp(x[i], y[j]);

		if (c == 0)
		{
			inter++;
			i++;
			j++;
		}
		else if (c < 0)
			i++;
		else
			j++;
	}
	if (na + nb - inter == 0)
		PG_RETURN_FLOAT4(0);
	PG_RETURN_FLOAT4((float4) inter / (float4) (na + nb - inter));
}

/*
 * entity_train(docs text[], ent_doc int[], ent_start int[], ent_end int[],
 *				ent_kind text[], epochs int, seed int, bits int) -> bytea
 */
PG_FUNCTION_INFO_V1(pga_entity_train);
Datum
pga_entity_train(PG_FUNCTION_ARGS)
{
	ArrayType  *docs_a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *doc_a = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *start_a = PG_GETARG_ARRAYTYPE_P(2);
	ArrayType  *end_a = PG_GETARG_ARRAYTYPE_P(3);
	ArrayType  *kind_a = PG_GETARG_ARRAYTYPE_P(4);
	int32		epochs = PG_GETARG_INT32(5);
	int32		seed = PG_GETARG_INT32(6);
	int32		bits = PG_GETARG_INT32(7);
	Datum	   *docs,
			   *edoc,
			   *estart,
			   *eend,
			   *ekind;
	bool	   *n0,
			   *n1,
			   *n2,
			   *n3,
			   *n4;
	int			ndocs,
				ne,
				ne2,
				ne3,
				ne4,
				i;
	PgaNerTrainDoc *td;

	pga_require_utf8();
	if (epochs < 1 || epochs > 100 || bits < 10 || bits > 24)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("entity_train: epochs must be 1..100 and bits 10..24")));
	deconstruct_array(docs_a, TEXTOID, -1, false, TYPALIGN_INT, &docs, &n0, &ndocs);
	deconstruct_array(doc_a, INT4OID, 4, true, TYPALIGN_INT, &edoc, &n1, &ne);
	deconstruct_array(start_a, INT4OID, 4, true, TYPALIGN_INT, &estart, &n2, &ne2);
	deconstruct_array(end_a, INT4OID, 4, true, TYPALIGN_INT, &eend, &n3, &ne3);
	deconstruct_array(kind_a, TEXTOID, -1, false, TYPALIGN_INT, &ekind, &n4, &ne4);
	if (ne != ne2 || ne != ne3 || ne != ne4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("entity_train: the entity arrays must have the same length")));
	td = palloc0(sizeof(PgaNerTrainDoc) * Max(ndocs, 1));
	for (i = 0; i < ndocs; i++)
	{
		text	   *t;

		if (n0[i])
			continue;
		t = DatumGetTextPP(docs[i]);
		td[i].text = VARDATA_ANY(t);
		td[i].len = VARSIZE_ANY_EXHDR(t);
		td[i].starts = palloc(sizeof(int32) * Max(ne, 1));
		td[i].ends = palloc(sizeof(int32) * Max(ne, 1));
		td[i].kinds = palloc(sizeof(int) * Max(ne, 1));
	}
	for (i = 0; i < ne; i++)
	{
		int			d,
					k;
		char	   *kind;
		PgaNerTrainDoc *x;

		if (n1[i] || n2[i] || n3[i] || n4[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("entity_train: null in the entity arrays")));
		d = DatumGetInt32(edoc[i]) - 1;
		if (d < 0 || d >= ndocs || n0[d])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("entity_train: entity %d names document %d, which does not exist", i + 1, d + 1)));
		kind = text_to_cstring(DatumGetTextPP(ekind[i]));
		for (k = 0; k < PGA_ENT_NKINDS; k++)
			if (strcmp(kind, pga_entity_kind_names[k]) == 0)
				break;
		if (k == PGA_ENT_NKINDS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("entity_train: unknown entity kind \"%s\"", kind),
					 errhint("Kinds are PER, ORG and LOC.")));
		x = &td[d];
		x->starts[x->nspans] = DatumGetInt32(estart[i]);
		x->ends[x->nspans] = DatumGetInt32(eend[i]);
		x->kinds[x->nspans] = k;
		x->nspans++;
	}
	PG_RETURN_BYTEA_P(pga_ner_train(td, ndocs, epochs, (uint32) seed, bits));
}

PG_FUNCTION_INFO_V1(pga_entity_model_load);
Datum
pga_entity_model_load(PG_FUNCTION_ARGS)
{
	bytea	   *m = PG_GETARG_BYTEA_PP(0);

	pga_gazetteer_load();
	pga_ner_model_use(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m));
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(pga_entity_model_info);
Datum
pga_entity_model_info(PG_FUNCTION_ARGS)
{
	const PgaNerModel *m = pga_ner_model();
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum((int64) m->filesize);
	values[1] = Int32GetDatum(1 << m->bits);
	values[2] = Int32GetDatum(m->nrows);
	values[3] = Int64GetDatum((int64) sizeof(int16) * 8 * ((int64) 1 << m->bits));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
