/*
 * relatedness.c
 *		How related two articles are: text overlap, shared entities weighted
 *		by rarity, shared words, and time apart, combined into one score in
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
 *	time      exp(-|days apart| / pg_article.story_time_scale); 1 when either
 *	          time is unknown.
 *	score     time x 1 / (1 + exp(-(B0 + BE entities + BW words + BT text))).
 *
 * The four constants are a logistic regression of "same event" on the three
 * overlaps over the document pairs of the ECB+ topics on the dev side of
 * data/entities/split.tsv (both subtopics of a topic: the hard negatives),
 * refitted by test/eval/relate/run --fit.  Nothing is fitted on SemEval.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/guc.h"

#include "relate/relate.h"
#include "util/spi_cache.h"

#define B0	(-2.72)
#define BE	9.74
#define BW	10.62
#define BT	12.80

static double story_threshold = 0.6;
static double story_merge_threshold = 0.9;
static double story_support = 0.4;
static double story_window_days = 7;
static double story_time_scale_days = 3;

void
pga_relate_define_gucs(void)
{
	DefineCustomRealVariable("pg_article.story_threshold",
							 "Relatedness at which an article joins a story.",
							 NULL, &story_threshold, 0.6, 0.0, 1.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_merge_threshold",
							 "Relatedness at which an article merges two stories it relates to (else it joins the closer one).",
							 NULL, &story_merge_threshold, 0.9, 0.0, 1.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_support",
							 "Share of a story's articles an article must be related to, to join it through related articles.",
							 "Near duplicates join regardless.", &story_support, 0.4, 0.0, 1.0,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_window",
							 "Days before and after an article in which its story is looked for.",
							 NULL, &story_window_days, 7, 0, 36500, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.story_time_scale",
							 "Days over which relatedness decays by a factor e.",
							 NULL, &story_time_scale_days, 3, 0.01, 36500, PGC_USERSET, 0, NULL, NULL, NULL);
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

static double
key_weight(const PgaKeyWeights *w, const char *k)
{
	int			lo = 0;
	int			hi;

	if (w == NULL)
		return 1.0;
	hi = w->nkeys - 1;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(w->keys[mid], k);

		if (c == 0)
			return w->weights[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return log(1.0 + Max(w->total, 1.0));	/* on no other article yet: as rare as a key gets */
}

void
pga_relatedness(const PgaSketch *a, const PgaSketch *b,
				const PgaSketch *words_a, const PgaSketch *words_b,
				ArrayType *keys_a, ArrayType *keys_b, const PgaKeyWeights *w,
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
	if (keys_a && keys_b)
	{
		int			na,
					nb;
		char	  **ka = sorted_keys(keys_a, &na);
		char	  **kb = sorted_keys(keys_b, &nb);
		double		inter = 0;
		double		uni = 0;
		int			i = 0,
					j = 0;

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
	out->time = 1.0;
	if (has_ta && has_tb)
	{
		double		days = fabs((double) (ta - tb)) / (double) USECS_PER_DAY;

		out->time = exp(-days / story_time_scale_days);
	}
	out->score = out->time / (1.0 + exp(-(B0 + BE * out->entities + BW * out->words + BT * out->text)));
}

/* ---------------------------------------------------------------- SQL */

#include "access/htup_details.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/lsyscache.h"

/*
 * Weights of the keys of a and b (either may be NULL) from entity_key_stats of
 * table relid, allocated in the caller's memory context.
 */
PgaKeyWeights *
pga_load_key_weights(Oid schema, Oid relid, ArrayType *a, ArrayType *b)
{
	PgaKeyWeights *w = palloc0(sizeof(PgaKeyWeights));
	Datum		args[3];
	Oid			types[3] = {OIDOID, TEXTARRAYOID, TEXTARRAYOID};
	char		nulls[3] = {' ', a ? ' ' : 'n', b ? ' ' : 'n'};
	MemoryContext outer = CurrentMemoryContext;

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

		w->keys = palloc(sizeof(char *) * Max(SPI_processed, 1));
		w->weights = palloc(sizeof(double) * Max(SPI_processed, 1));
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
				w->weights[w->nkeys++] = (double) df;
			}
		}
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	for (int i = 0; i < w->nkeys; i++)
		w->weights[i] = log(1.0 + Max(w->total, 1.0) / Max(w->weights[i], 1.0));
	return w;
}

PG_FUNCTION_INFO_V1(pga_article_relatedness);
Datum
pga_article_relatedness(PG_FUNCTION_ARGS)
{
	TupleDesc	td;
	Datum		values[6];
	bool		nulls[6] = {0};
	PgaRelatedness r;
	PgaSketch  *a = PG_ARGISNULL(0) ? NULL : PG_GETARG_SKETCH_P(0);
	PgaSketch  *b = PG_ARGISNULL(1) ? NULL : PG_GETARG_SKETCH_P(1);
	ArrayType  *ka = PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2);
	ArrayType  *kb = PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3);
	PgaKeyWeights *w = NULL;
	PgaSketch  *wa = PG_NARGS() > 7 && !PG_ARGISNULL(7) ? PG_GETARG_SKETCH_P(7) : NULL;
	PgaSketch  *wb = PG_NARGS() > 8 && !PG_ARGISNULL(8) ? PG_GETARG_SKETCH_P(8) : NULL;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (!PG_ARGISNULL(6) && (ka || kb))
		w = pga_load_key_weights(get_func_namespace(fcinfo->flinfo->fn_oid), PG_GETARG_OID(6), ka, kb);
	pga_relatedness(a, b, wa, wb, ka, kb, w,
					!PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_TIMESTAMPTZ(4),
					!PG_ARGISNULL(5), PG_ARGISNULL(5) ? 0 : PG_GETARG_TIMESTAMPTZ(5), &r);
	values[0] = Float4GetDatum((float4) r.score);
	values[1] = Float4GetDatum((float4) r.text);
	values[2] = Float4GetDatum((float4) r.entities);
	values[3] = Float4GetDatum((float4) r.time);
	values[4] = Int32GetDatum(r.shared_keys);
	values[5] = Float4GetDatum((float4) r.words);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}
