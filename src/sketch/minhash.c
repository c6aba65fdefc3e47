/*
 * minhash.c
 *		One-permutation MinHash with optimal densification.
 *
 * Each shingle hash is mixed with the seed; its high bits choose one of k
 * slots and its low 32 bits compete for that slot's minimum.  That is one
 * hash and one compare per shingle (classic MinHash needs k).  Slots no
 * shingle fell into are filled by optimal densification (Shrivastava,
 * ICML 2017): empty slot i copies the value of the first non-empty slot on
 * its own seeded probe sequence, which keeps the fraction of equal slots an
 * unbiased estimate of resemblance even for short texts.
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "pg_article.h"
#include "sketch/sketch.h"

static void densify(PgaSketch *sk);

void
pga_check_sketch_params(int nslots, int w)
{
	if (nslots < PGA_MIN_SLOTS || nslots > PGA_MAX_SLOTS || nslots % 8 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sketch slot count %d is out of range", nslots),
				 errhint("Use a multiple of 8 between %d and %d; %d is the default.",
						 PGA_MIN_SLOTS, PGA_MAX_SLOTS, PGA_DEFAULT_SLOTS)));
	if (w < 1 || w > PGA_MAX_SHINGLE_W)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shingle width %d is out of range", w),
				 errhint("Use a width between 1 and %d words; %d is the default.",
						 PGA_MAX_SHINGLE_W, PGA_DEFAULT_SHINGLE_W)));
}

/*
 * Counts the distinct values among the mixed shingle hashes x =
 * mix64(h ^ seedmix) (mix64 is a bijection, so distinct x means distinct
 * shingles) with an open-addressing set at most a quarter full.  For texts
 * of up to DSET_KEEP / 4 shingles the table is kept per backend and cleared
 * after each use through the list of the positions it filled, so a text
 * costs no allocation and no clearing of the whole table; longer texts get
 * a table of their own.  0 marks a free position (x == 0 counts as 1,
 * which mixing makes vanishingly rare).
 */
#define DSET_KEEP	(1 << 16)

static uint64 *dset_keys = NULL;
static uint32 *dset_used = NULL;

static uint32
count_distinct(const uint64 *hashes, int n, uint64 seedmix)
{
	uint64	   *keys;
	uint32	   *used = NULL;
	Size		cap = 1024;
	Size		mask;
	uint32		count = 0;
	int			i;

	while (cap < (Size) n * 4)
		cap <<= 1;
	if (cap * sizeof(uint64) > MaxAllocHugeSize / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text has too many shingles")));
	if (cap <= DSET_KEEP)
	{
		if (dset_keys == NULL)
		{
			dset_keys = MemoryContextAllocZero(TopMemoryContext, DSET_KEEP * sizeof(uint64));
			dset_used = MemoryContextAlloc(TopMemoryContext, (DSET_KEEP / 4) * sizeof(uint32));
		}
		keys = dset_keys;
		used = dset_used;
	}
	else
		keys = palloc_extended(cap * sizeof(uint64), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	mask = cap - 1;
	for (i = 0; i < n; i++)
	{
		uint64		key = pga_mix64(hashes[i] ^ seedmix);
		Size		pos;

		key = key ? key : 1;
		pos = (Size) (key >> 20) & mask;
		while (keys[pos] != 0 && keys[pos] != key)
			pos = (pos + 1) & mask;
		if (keys[pos] == 0)
		{
			keys[pos] = key;
			if (used)
				used[count] = (uint32) pos;
			count++;
		}
	}
	if (used)
	{
		for (i = 0; i < (int) count; i++)
			keys[used[i]] = 0;
	}
	else
		pfree(keys);
	return count;
}

PgaSketch *
pga_sketch_from_hashes(const uint64 *hashes, int n, bool distinct, int nslots,
					   uint32 seed, int w, bool wordset)
{
	PgaSketch  *sk;
	uint64		seedmix = pga_mix64((uint64) seed + UINT64CONST(0x632be59bd9b4e019));
	uint32	   *slots;
	int			i;
	int			filled = 0;

	pga_check_sketch_params(nslots, w);
	sk = palloc0(PGA_SKETCH_SIZE(nslots));
	SET_VARSIZE(sk, PGA_SKETCH_SIZE(nslots));
	sk->format = PGA_SKETCH_FORMAT;
	sk->scheme = PGA_SKETCH_SCHEME_OPH;
	sk->shingle_w = (uint8) w;
	sk->norm_version = PGA_NORMALIZATION_VERSION;
	sk->nslots = (uint16) nslots;
	sk->flags = wordset ? PGA_SKETCH_WORDSET : 0;
	sk->seed = seed;
	slots = sk->slots;
	for (i = 0; i < nslots; i++)
		slots[i] = PGA_SLOT_EMPTY;
	sk->cardinality = (uint32) n;
	if (n == 0)
		return sk;

	/*
	 * Each slot keeps the least value that falls into it: a branch-free
	 * minimum, since whether a value is the least so far is a coin toss for
	 * the first few values of every slot.
	 */
	for (i = 0; i < n; i++)
	{
		uint64		x = pga_mix64(hashes[i] ^ seedmix);
		uint32		slot = (uint32) (((x >> 32) * (uint64) nslots) >> 32);
		uint32		value = (uint32) x;
		uint32		old = slots[slot];

		value -= (value == PGA_SLOT_EMPTY); /* keep the sentinel free */
		slots[slot] = value < old ? value : old;
	}
	if (!distinct)
		sk->cardinality = count_distinct(hashes, n, seedmix);
	for (i = 0; i < nslots; i++)
		if (slots[i] != PGA_SLOT_EMPTY)
		{
			PGA_SKETCH_OWNMAP(sk)[i / 8] |= (uint8) (1 << (i % 8));
			filled++;
		}
	if (filled < nslots)
		densify(sk);
	return sk;
}

/*
 * Optimal densification: each slot without its own minimum copies the value
 * of the first owning slot on its own seeded probe sequence.  Needs at least
 * one owning slot.
 */
static void
densify(PgaSketch *sk)
{
	uint64		seedmix = pga_mix64((uint64) sk->seed + UINT64CONST(0x632be59bd9b4e019));
	int			nslots = sk->nslots;
	int			i;

	for (i = 0; i < nslots; i++)
	{
		uint64		attempt;

		if (PGA_SKETCH_OWNS(sk, i))
			continue;
		for (attempt = 1;; attempt++)
		{
			uint64		x = pga_mix64(seedmix ^ ((uint64) i << 32) ^ attempt);
			uint32		j = (uint32) (((x >> 32) * (uint64) nslots) >> 32);

			if (PGA_SKETCH_OWNS(sk, j))
			{
				sk->slots[i] = sk->slots[j];
				break;
			}
		}
	}
}

/*
 * The sketch of A ∪ B: per slot, the smaller of the owned minima, then
 * densification again.  Its cardinality is estimated from the resemblance,
 * |A ∪ B| = (|A| + |B|) / (1 + J).
 */
PgaSketch *
pga_sketch_union(const PgaSketch *a, const PgaSketch *b)
{
	PgaSketch  *u;
	int			i;
	double		card;

	pga_sketch_check_compatible(a, b);
	if (pga_sketch_is_empty(a) || pga_sketch_is_empty(b))
	{
		const PgaSketch *src = pga_sketch_is_empty(a) ? b : a;

		u = palloc(VARSIZE(src));
		memcpy(u, src, VARSIZE(src));
		return u;
	}
	card = ((double) a->cardinality + b->cardinality) / (1.0 + pga_sketch_resemblance(a, b));
	u = palloc0(VARSIZE(a));
	memcpy(u, a, PGA_SKETCH_HDRSZ);
	u->flags = (a->flags & b->flags) & PGA_SKETCH_WORDSET;
	u->cardinality = (uint32) Min(Max(card, Max(a->cardinality, b->cardinality)), (double) PG_UINT32_MAX);
	for (i = 0; i < a->nslots; i++)
	{
		bool		oa = PGA_SKETCH_OWNS(a, i),
					ob = PGA_SKETCH_OWNS(b, i);

		if (!oa && !ob)
		{
			u->slots[i] = PGA_SLOT_EMPTY;
			continue;
		}
		u->slots[i] = (oa && ob) ? Min(a->slots[i], b->slots[i]) : (oa ? a->slots[i] : b->slots[i]);
		PGA_SKETCH_OWNMAP(u)[i / 8] |= (uint8) (1 << (i % 8));
	}
	densify(u);
	return u;
}

/* Checks a sketch read from outside (input, receive) for consistency. */
void
pga_sketch_validate(const PgaSketch *s, Size size)
{
	int			i,
				owned = 0;

	if (size < PGA_SKETCH_HDRSZ || s->format != PGA_SKETCH_FORMAT ||
		s->scheme != PGA_SKETCH_SCHEME_OPH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid sketch: unknown format or scheme")));
	pga_check_sketch_params(s->nslots, s->shingle_w);
	if (size != PGA_SKETCH_SIZE(s->nslots))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid sketch: %zu bytes for %d slots", size, s->nslots)));
	for (i = 0; i < s->nslots; i++)
		owned += PGA_SKETCH_OWNS(s, i);
	if ((s->cardinality == 0) != (owned == 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid sketch: cardinality %u does not match its slots", s->cardinality)));
}

PgaSketch *
pga_sketch_build(const char *s, int len, int nslots, int w, uint32 seed, int fold_flags)
{
	PgaShingles sh = {0};
	PgaSketch  *sk;

	pga_check_sketch_params(nslots, w);
	pga_shingle_text(s, len, w, fold_flags, &sh);
	sk = pga_sketch_from_hashes(sh.hashes, sh.n, false, nslots, seed, w, sh.wordset);
	if (sh.hashes)
		pfree(sh.hashes);
	return sk;
}

/* The sketch of a text from its word hashes (pga_word_hashes): = pga_sketch_build of the text. */
PgaSketch *
pga_sketch_from_word_hashes(const uint64 *words, int n, int nslots, int w, uint32 seed)
{
	PgaShingles sh = {0};
	PgaSketch  *sk;

	pga_check_sketch_params(nslots, w);
	pga_shingle_word_hashes(words, n, w, &sh);
	sk = pga_sketch_from_hashes(sh.hashes, sh.n, false, nslots, seed, w, sh.wordset);
	if (sh.hashes)
		pfree(sh.hashes);
	return sk;
}

bool
pga_sketch_is_empty(const PgaSketch *s)
{
	return s->cardinality == 0;
}

void
pga_sketch_check_compatible(const PgaSketch *a, const PgaSketch *b)
{
	if (a->nslots != b->nslots || a->shingle_w != b->shingle_w || a->seed != b->seed ||
		a->scheme != b->scheme || a->norm_version != b->norm_version || a->format != b->format)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare sketches built with different parameters"),
				 errdetail("Left: %d slots, shingle width %d, seed %u, scheme %d, normalization version %d; right: %d slots, shingle width %d, seed %u, scheme %d, normalization version %d.",
						   a->nslots, a->shingle_w, a->seed, a->scheme, a->norm_version,
						   b->nslots, b->shingle_w, b->seed, b->scheme, b->norm_version),
				 errhint("Build both sketches with the same sketch(text, slots, width, seed) arguments.")));
}

int
pga_sketch_matches(const PgaSketch *a, const PgaSketch *b)
{
	int			i,
				m = 0;

	for (i = 0; i < a->nslots; i++)
		m += (a->slots[i] == b->slots[i]);
	return m;
}

/* Estimated Jaccard resemblance; 0 when either text had no words. */
double
pga_sketch_resemblance(const PgaSketch *a, const PgaSketch *b)
{
	pga_sketch_check_compatible(a, b);
	if (pga_sketch_is_empty(a) || pga_sketch_is_empty(b))
		return 0.0;
	return (double) pga_sketch_matches(a, b) / a->nslots;
}

/*
 * Estimated containment of a in b, |A ∩ B| / |A|, from the resemblance
 * estimate J and the stored sizes: |A ∩ B| = J (|A| + |B|) / (1 + J).
 */
double
pga_sketch_containment(const PgaSketch *a, const PgaSketch *b)
{
	double		j = pga_sketch_resemblance(a, b);
	double		c;

	if (a->cardinality == 0)
		return 0.0;
	c = j * ((double) a->cardinality + b->cardinality) / ((1.0 + j) * a->cardinality);
	return Min(c, 1.0);
}
