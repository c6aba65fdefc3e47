/*
 * relatedness.c
 *		How related two articles are: text overlap, shared entities weighted
 *		by rarity, shared words and numbers, and time apart, combined into one score in
 *		(0, 1): an estimate of the probability that two articles report the
 *		same event.
 *
 *	text      max(resemblance, containment of a in b, of b in a) of the 5-word
 *	          shingle sketches: 1 for copies, high for wire copy inside a
 *	          longer piece.
 *	entities  weighted Jaccard of the entity keys: sum of the weights of shared
 *	          keys over the sum of the weights of all keys, a key weighing
 *	          ln(1 + N / df) (N articles, df of them with the key), so sharing
 *	          "LOC:united states" says little and sharing a person says much.
 *	          Keys are language-independent, so this part relates translations.
 *	words     resemblance of the word-set sketches (shingle width 1): the
 *	          vocabulary two reports of one event share.
 *	numbers   Jaccard of the number words (numbers.c: figures, years, dates,
 *	          scores), with a term for "both mention numbers": two reports of
 *	          one event quote the same figures, and a report of a similar event
 *	          in another year shares none of them although both have some.
 *	time      exp(-|days apart| / pg_article.story_time_scale); 1 when either
 *	          time is unknown.
 *	score     time x 1 / (1 + exp(-(B0 + BE entities + BW words + BT text
 *	          + BN numbers + BB [both have numbers]))).
 *
 * The constants are a logistic regression of "same event" on those parts
 * over the document pairs of the ECB+ topics on the dev side of
 * data/entities/split.tsv (both subtopics of a topic: the hard negatives),
 * refitted by test/eval/relate/run --fit.  Nothing is fitted on SemEval.
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/guc.h"

#include "relate/relate.h"
#include "util/spi_cache.h"

#define B0	(-1.98)
#define BE	9.11
#define BW	9.37
#define BT	10.21
#define BN	11.02
#define BB	(-1.37)

static double story_threshold = 0.7;
static double story_merge_threshold = 0.9;
static double story_support = 0.25;
static double story_window_days = 7;
static double story_time_scale_days = 3;
static int	ingest_flush_rows = 20000;

void
pga_relate_define_gucs(void)
{
	DefineCustomRealVariable("pg_article.story_threshold",
							 "Relatedness at which an article joins a story.",
							 NULL, &story_threshold, 0.7, 0.0, 1.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_merge_threshold",
							 "Relatedness at which an article merges two stories it relates to (else it joins the closer one).",
							 NULL, &story_merge_threshold, 0.9, 0.0, 1.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_support",
							 "Share of a story's articles an article must be related to, to join it through related articles.",
							 "Near duplicates join regardless.", &story_support, 0.25, 0.0, 1.0,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_window",
							 "Days before and after an article in which its story is looked for.",
							 NULL, &story_window_days, 7, 0, 36500, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_time_scale",
							 "Days over which relatedness decays by a factor e.",
							 NULL, &story_time_scale_days, 3, 0.01, 36500, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("pg_article.ingest_flush_rows",
							"Rows after which the ingest trigger writes the evidence it gathered before commit.",
							"Source profile evidence and entity key counts are kept in memory and written at commit; "
							"a statement or transaction loading more rows than this writes them as it goes.",
							&ingest_flush_rows, 20000, 1, INT_MAX, PGC_USERSET, 0, NULL, NULL, NULL);
}

int
pga_ingest_flush_rows(void)
{
	return ingest_flush_rows;
}

double
pga_story_threshold(void)
{
	return story_threshold;
}

double
pga_story_merge_threshold(void)
{
	return story_merge_threshold;
}

double
pga_story_support(void)
{
	return story_support;
}

double
pga_story_window_days(void)
{
	return story_window_days;
}

double
pga_story_time_scale_days(void)
{
	return story_time_scale_days;
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The distinct non-empty keys of a text[] (NULLs skipped), sorted. */
static char **
sorted_keys(ArrayType *arr, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	char	  **out;
	int			m = 0;

	*n = 0;
	if (arr == NULL)
		return NULL;
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	out = palloc(sizeof(char *) * Max(count, 1));
	for (int i = 0; i < count; i++)
		if (!nulls[i])
		{
			char	   *k = TextDatumGetCString(elems[i]);

			if (k[0])
				out[m++] = k;
		}
	qsort(out, m, sizeof(char *), cmp_cstr);
	*n = 0;
	for (int i = 0; i < m; i++)
		if (*n == 0 || strcmp(out[*n - 1], out[i]) != 0)
			out[(*n)++] = out[i];
	return out;
}

static int	find_key(char **keys, int n, const char *k);

static double
key_weight(const PgaKeyWeights *w, const char *k)
{
	int			i;

	if (w == NULL)
		return 1.0;
	i = find_key(w->keys, w->nkeys, k);
	if (i >= 0)
		return w->weights[i];
	return log(1.0 + Max(w->total, 1.0));	/* on no other article yet: as rare as a key gets */
}

void
pga_relatedness_sets(ArrayType *keys, ArrayType *numbers, PgaRelSets *out)
{
	out->has_keys = keys != NULL;
	out->keys = sorted_keys(keys, &out->nkeys);
	out->has_numbers = numbers != NULL;
	out->numbers = sorted_keys(numbers, &out->nnumbers);
}

/* Words in both of two sorted, distinct lists. */
static int
count_shared(char **x, int nx, char **y, int ny)
{
	int			i = 0,
				j = 0,
				inter = 0;

	while (i < nx && j < ny)
	{
		int			c = strcmp(x[i], y[j]);

		inter += (c == 0);
		i += (c <= 0);
		j += (c >= 0);
	}
	return inter;
}

void
pga_relatedness(const PgaSketch *a, const PgaSketch *b,
				const PgaSketch *words_a, const PgaSketch *words_b,
				const PgaRelSets *sa, const PgaRelSets *sb, const PgaKeyWeights *w,
				bool has_ta, TimestampTz ta, bool has_tb, TimestampTz tb,
				PgaRelatedness *out)
{
	memset(out, 0, sizeof(*out));
	if (a && b)
	{
		pga_sketch_check_compatible(a, b);
		out->text = Max(pga_sketch_resemblance(a, b),
						Max(pga_sketch_containment(a, b), pga_sketch_containment(b, a)));
		out->text = Min(Max(out->text, 0.0), 1.0);
	}
	if (words_a && words_b)
	{
		pga_sketch_check_compatible(words_a, words_b);
		out->words = Min(Max(pga_sketch_resemblance(words_a, words_b), 0.0), 1.0);
	}
	if (sa->has_keys && sb->has_keys)
	{
		/* rarity-weighted Jaccard: the shared keys' weights over the weights of either's keys */
		char	  **ka = sa->keys,
				  **kb = sb->keys;
		int			na = sa->nkeys,
					nb = sb->nkeys,
					i = 0,
					j = 0;
		double		inter = 0;
		double		uni = 0;

		while (i < na || j < nb)
		{
			int			c = (i >= na) ? 1 : (j >= nb) ? -1 : strcmp(ka[i], kb[j]);

			if (c == 0)
			{
				double		wk = key_weight(w, ka[i]);

				inter += wk;
				uni += wk;
				out->shared_keys++;
				i++;
				j++;
			}
			else if (c < 0)
				uni += key_weight(w, ka[i++]);
			else
				uni += key_weight(w, kb[j++]);
		}
		out->entities = uni > 0 ? inter / uni : 0;
	}
	if (sa->has_numbers && sb->has_numbers)
	{
		int			inter = count_shared(sa->numbers, sa->nnumbers, sb->numbers, sb->nnumbers);

		out->both_numbers = (sa->nnumbers > 0 && sb->nnumbers > 0);
		out->numbers = out->both_numbers ?
			(double) inter / (double) (sa->nnumbers + sb->nnumbers - inter) : 0;
	}
	out->time = 1.0;
	if (has_ta && has_tb)
	{
		double		days = fabs((double) (ta - tb)) / (double) USECS_PER_DAY;

		out->time = exp(-days / story_time_scale_days);
	}
	out->score = out->time / (1.0 + exp(-(B0 + BE * out->entities + BW * out->words + BT * out->text +
										  BN * out->numbers + (out->both_numbers ? BB : 0))));
}

/* ---------------------------------------------------------------- SQL */

#include "access/htup_details.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/lsyscache.h"

typedef struct KeyDf
{
	char	   *key;
	double		df;
} KeyDf;

static int
cmp_keydf(const void *a, const void *b)
{
	return strcmp(((const KeyDf *) a)->key, ((const KeyDf *) b)->key);
}

/* Sorts w's keys (with their df) in strcmp order. */
static void
sort_weights(PgaKeyWeights *w)
{
	KeyDf	   *t = palloc(sizeof(KeyDf) * Max(w->nkeys, 1));

	for (int i = 0; i < w->nkeys; i++)
	{
		t[i].key = w->keys[i];
		t[i].df = w->df[i];
	}
	qsort(t, w->nkeys, sizeof(KeyDf), cmp_keydf);
	for (int i = 0; i < w->nkeys; i++)
	{
		w->keys[i] = t[i].key;
		w->df[i] = t[i].df;
	}
	pfree(t);
}

/* Index of k in the strcmp-sorted keys[0..n), or -1. */
static int
find_key(char **keys, int n, const char *k)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(keys[mid], k);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Weights of the keys of a and b (either may be NULL) from entity_key_stats of
 * table relid, plus the counts pending() reports (not yet written), allocated
 * in the caller's memory context.
 */
PgaKeyWeights *
pga_load_key_weights(Oid schema, Oid relid, ArrayType *a, ArrayType *b, PgaKeyCountFn pending)
{
	PgaKeyWeights *w = palloc0(sizeof(PgaKeyWeights));
	Datum		args[3];
	Oid			types[3] = {OIDOID, TEXTARRAYOID, TEXTARRAYOID};
	char		nulls[3] = {' ', a ? ' ' : 'n', b ? ' ' : 'n'};
	MemoryContext outer = CurrentMemoryContext;
	int			na = 0,
				nb = 0,
				cap;
	char	  **ka = NULL,
			  **kb = NULL;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	args[0] = ObjectIdGetDatum(relid);
	args[1] = PointerGetDatum(a);
	args[2] = PointerGetDatum(b);
	/*
	 * One index probe per distinct key: with "key = ANY (...)" the planner,
	 * short of fresh statistics, reads all of the table's keys and filters
	 * them.  The plan is made again as the statistics grow (one made while
	 * they were empty would scan them).
	 */
	if (pga_spi_execute_cached_growing(psprintf("SELECT k, s.articles FROM "
											   "(SELECT DISTINCT unnest(coalesce($2, '{}') || coalesce($3, '{}') || ''::text) AS k) AS u, "
											   "LATERAL (SELECT articles FROM %s.entity_key_stats WHERE relid = $1 AND key = u.k LIMIT 1) AS s "
											   "ORDER BY k",
											   quote_identifier(get_namespace_name(schema))),
									  get_relname_relid("entity_key_stats", schema),
									  3, types, args, nulls, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading entity_key_stats failed");
	{
		MemoryContext spi = MemoryContextSwitchTo(outer);

		if (pending)
		{
			ka = sorted_keys(a, &na);
			kb = sorted_keys(b, &nb);
		}
		cap = (int) SPI_processed + na + nb + 1;
		w->keys = palloc(sizeof(char *) * cap);
		w->weights = palloc(sizeof(double) * cap);
		w->df = palloc(sizeof(double) * cap);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			char	   *k = pstrdup(SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1));
			int64		df = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));

			if (k[0] == '\0')
				w->total = (double) df;
			else
			{
				w->keys[w->nkeys] = k;
				w->df[w->nkeys++] = (double) df;
			}
		}
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	sort_weights(w);			/* strcmp order, whatever the database's collation */
	if (pending)
	{
		/* the keys written so far get their pending counts, and pending-only keys are added */
		int			nstored = w->nkeys;

		w->total += (double) pending(relid, "");
		for (int i = 0; i < nstored; i++)
			w->df[i] += (double) pending(relid, w->keys[i]);
		for (int side = 0; side < 2; side++)
		{
			char	  **k = side ? kb : ka;
			int			n = side ? nb : na;

			for (int i = 0; i < n; i++)
			{
				int64		p;

				if (find_key(w->keys, nstored, k[i]) >= 0)
					continue;
				p = pending(relid, k[i]);
				if (p > 0 && (side == 0 || find_key(ka, na, k[i]) < 0))
				{
					w->keys[w->nkeys] = k[i];
					w->df[w->nkeys++] = (double) p;
				}
			}
		}
		if (w->nkeys > nstored)
			sort_weights(w);
	}
	for (int i = 0; i < w->nkeys; i++)
		w->weights[i] = log(1.0 + Max(w->total, 1.0) / Max(w->df[i], 1.0));
	return w;
}

PG_FUNCTION_INFO_V1(pga_article_relatedness);
Datum
pga_article_relatedness(PG_FUNCTION_ARGS)
{
	TupleDesc	td;
	Datum		values[7];
	bool		nulls[7] = {0};
	PgaRelatedness r;
	PgaRelSets	sa,
				sb;
	PgaSketch  *a = PG_ARGISNULL(0) ? NULL : PG_GETARG_SKETCH_P(0);
	PgaSketch  *b = PG_ARGISNULL(1) ? NULL : PG_GETARG_SKETCH_P(1);
	ArrayType  *ka = PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2);
	ArrayType  *kb = PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3);
	PgaKeyWeights *w = NULL;
	PgaSketch  *wa = PG_NARGS() > 7 && !PG_ARGISNULL(7) ? PG_GETARG_SKETCH_P(7) : NULL;
	PgaSketch  *wb = PG_NARGS() > 8 && !PG_ARGISNULL(8) ? PG_GETARG_SKETCH_P(8) : NULL;
	ArrayType  *xa = PG_NARGS() > 9 && !PG_ARGISNULL(9) ? PG_GETARG_ARRAYTYPE_P(9) : NULL;
	ArrayType  *xb = PG_NARGS() > 10 && !PG_ARGISNULL(10) ? PG_GETARG_ARRAYTYPE_P(10) : NULL;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (!PG_ARGISNULL(6) && (ka || kb))
		w = pga_load_key_weights(get_func_namespace(fcinfo->flinfo->fn_oid), PG_GETARG_OID(6), ka, kb, NULL);
	pga_relatedness_sets(ka, xa, &sa);
	pga_relatedness_sets(kb, xb, &sb);
	pga_relatedness(a, b, wa, wb, &sa, &sb, w,
					!PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_TIMESTAMPTZ(4),
					!PG_ARGISNULL(5), PG_ARGISNULL(5) ? 0 : PG_GETARG_TIMESTAMPTZ(5), &r);
	values[0] = Float4GetDatum((float4) r.score);
	values[1] = Float4GetDatum((float4) r.text);
	values[2] = Float4GetDatum((float4) r.entities);
	values[3] = Float4GetDatum((float4) r.time);
	values[4] = Int32GetDatum(r.shared_keys);
	values[5] = Float4GetDatum((float4) r.words);
	values[6] = Float4GetDatum((float4) r.numbers);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}
