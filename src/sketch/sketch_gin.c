/*
 * sketch_gin.c
 *		GIN operator class on LSH band keys of sketches.
 *
 * The slots are cut into `bands` bands of `rows` slots; each band's values
 * hash to one int4 key.  Two sketches share a key when all slots of one band
 * agree, which for resemblance J happens with probability J^rows per band,
 * so a pair is a candidate with probability 1 - (1 - J^rows)^bands.  The
 * defaults (32 bands x 4 rows of a 128-slot sketch) make that 0.9998 at
 * J = 0.7 and 0.988 at J = 0.6: biased toward recall.  Every candidate is
 * rechecked by the operator itself on the stored sketch (size filter, then
 * slot comparison), never on the article text.
 *
 * The index also knows which sketches it holds (options slots, width, seed,
 * defaulting to sketch()'s): a row or query built otherwise is refused with
 * an error, where comparing band keys would silently find nothing.
 */
#include "postgres.h"

#include "access/gin.h"
#include "access/reloptions.h"
#include "access/stratnum.h"
#include "fmgr.h"

#include "sketch/sketch.h"

#define SKETCH_SIMILAR_STRATEGY			1	/* sketch % sketch */
#define SKETCH_SIMILAR_QUERY_STRATEGY	2	/* sketch % sketchquery */

#define DEFAULT_BANDS	32
#define DEFAULT_ROWS	4

typedef struct SketchGinOptions
{
	int32		vl_len_;
	int			bands;
	int			rows;
	int			slots;			/* the sketches this index holds: */
	int			width;			/* a query built otherwise is refused, */
	int			seed;			/* not silently matched against nothing */
} SketchGinOptions;

PG_FUNCTION_INFO_V1(sketch_gin_options);
Datum
sketch_gin_options(PG_FUNCTION_ARGS)
{
	local_relopts *relopts = (local_relopts *) PG_GETARG_POINTER(0);

	init_local_reloptions(relopts, sizeof(SketchGinOptions));
	add_local_int_reloption(relopts, "bands", "number of LSH bands (index keys per row)",
							DEFAULT_BANDS, 1, 256, offsetof(SketchGinOptions, bands));
	add_local_int_reloption(relopts, "rows", "sketch slots per LSH band",
							DEFAULT_ROWS, 1, 16, offsetof(SketchGinOptions, rows));
	add_local_int_reloption(relopts, "slots", "slot count of the indexed sketches",
							PGA_DEFAULT_SLOTS, PGA_MIN_SLOTS, PGA_MAX_SLOTS, offsetof(SketchGinOptions, slots));
	add_local_int_reloption(relopts, "width", "shingle width of the indexed sketches",
							PGA_DEFAULT_SHINGLE_W, 1, PGA_MAX_SHINGLE_W, offsetof(SketchGinOptions, width));
	add_local_int_reloption(relopts, "seed", "seed of the indexed sketches",
							0, 0, PG_INT32_MAX, offsetof(SketchGinOptions, seed));
	PG_RETURN_VOID();
}

typedef struct GinParams
{
	int			bands;
	int			rows;
	int			slots;
	int			width;
	uint32		seed;
} GinParams;

static void
get_options(FunctionCallInfo fcinfo, GinParams *p)
{
	p->bands = DEFAULT_BANDS;
	p->rows = DEFAULT_ROWS;
	p->slots = PGA_DEFAULT_SLOTS;
	p->width = PGA_DEFAULT_SHINGLE_W;
	p->seed = 0;
	if (PG_HAS_OPCLASS_OPTIONS())
	{
		SketchGinOptions *opts = (SketchGinOptions *) PG_GET_OPCLASS_OPTIONS();

		p->bands = opts->bands;
		p->rows = opts->rows;
		p->slots = opts->slots;
		p->width = opts->width;
		p->seed = (uint32) opts->seed;
	}
}

/* Refuses a sketch (indexed row or query) built with other parameters than the index's. */
static void
check_params(const PgaSketch *sk, const GinParams *p, bool is_query)
{
	if (sk->nslots != p->slots || sk->shingle_w != p->width || sk->seed != p->seed)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s sketch does not match the index: it has %d slots, shingle width %d, seed %u; the index holds %d slots, width %d, seed %u",
						is_query ? "query" : "indexed", sk->nslots, sk->shingle_w, sk->seed,
						p->slots, p->width, p->seed),
				 is_query ? errhint("Build the query with sketch(text, %d, %d, %u).", p->slots, p->width, p->seed)
				 : errhint("Create the index with matching options, e.g. USING gin (col minhash_lsh_ops (slots = %d, width = %d, seed = %u)).",
						   sk->nslots, sk->shingle_w, sk->seed)));
	if (p->bands * p->rows > sk->nslots)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("index needs %d x %d = %d slots, but the sketches have %d",
						p->bands, p->rows, p->bands * p->rows, sk->nslots),
				 errhint("Create the index with bands * rows at most the sketches' slot count, e.g. (bands = %d, rows = %d).",
						 sk->nslots / DEFAULT_ROWS, DEFAULT_ROWS)));
}

/*
 * The band keys of a sketch; none for an empty sketch.  The normalization
 * version is hashed in, so sketches of differently folded words never meet.
 */
static Datum *
band_keys(const PgaSketch *sk, const GinParams *p, bool is_query, int32 *nkeys)
{
	Datum	   *keys;
	int			b;

	*nkeys = 0;
	check_params(sk, p, is_query);
	if (pga_sketch_is_empty(sk))
		return NULL;
	keys = palloc(sizeof(Datum) * p->bands);
	for (b = 0; b < p->bands; b++)
	{
		/* the band number is hashed in, so equal values in different bands differ */
		uint64		h = pga_mix64(((uint64) sk->norm_version << 32) + (uint64) b + UINT64CONST(0x2545f4914f6cdd1d));
		int			r;

		for (r = 0; r < p->rows; r++)
			h = pga_mix64(h ^ sk->slots[b * p->rows + r]);
		keys[b] = Int32GetDatum((int32) (uint32) h);
	}
	*nkeys = p->bands;
	return keys;
}

PG_FUNCTION_INFO_V1(sketch_gin_extract_value);
Datum
sketch_gin_extract_value(PG_FUNCTION_ARGS)
{
	PgaSketch  *sk = PG_GETARG_SKETCH_P(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	GinParams	p;

	get_options(fcinfo, &p);
	PG_RETURN_POINTER(band_keys(sk, &p, false, nkeys));
}

PG_FUNCTION_INFO_V1(sketch_gin_extract_query);
Datum
sketch_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	const PgaSketch *sk;
	GinParams	p;

	get_options(fcinfo, &p);
	if (strategy == SKETCH_SIMILAR_QUERY_STRATEGY)
		sk = &((PgaSketchQuery *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0)))->sketch;
	else
		sk = PG_GETARG_SKETCH_P(0);
	/* an empty sketch is similar to nothing: no keys, default mode, no match */
	*searchMode = GIN_SEARCH_MODE_DEFAULT;
	PG_RETURN_POINTER(band_keys(sk, &p, true, nkeys));
}

/* Any shared band makes a candidate; the operator decides on the heap tuple. */
PG_FUNCTION_INFO_V1(sketch_gin_consistent);
Datum
sketch_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	int32		i;

	*recheck = true;
	for (i = 0; i < nkeys; i++)
		if (check[i])
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
}

PG_FUNCTION_INFO_V1(sketch_gin_triconsistent);
Datum
sketch_gin_triconsistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	int32		i;

	for (i = 0; i < nkeys; i++)
		if (check[i] != GIN_FALSE)
			PG_RETURN_GIN_TERNARY_VALUE(GIN_MAYBE);
	PG_RETURN_GIN_TERNARY_VALUE(GIN_FALSE);
}
