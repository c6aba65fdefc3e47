/*
 * shingle.c
 *		Word shingles of folded text, and the shingle-set type's set algebra.
 */
#include "postgres.h"

#include "miscadmin.h"

/* word hashes are of short strings, where the inlined XXH3 is much faster than a call */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "sketch/sketch.h"
#include "tokenize/tokenize.h"

#define TOKEN_SEED		UINT64CONST(0x9e3779b97f4a7c15)
#define SHINGLE_SEED	UINT64CONST(0x6a09e667f3bcc909)

/*
 * A shingle's hash is a polynomial in its word hashes, sum of h_i * B^(w-1-i)
 * (mod 2^64), which slides by one word in O(1): subtract the oldest word's
 * term, multiply by B, add the new word.  A 64-bit finalizer then spreads
 * it.  Word hashes are XXH3 of the folded UTF-8 bytes, so shingle hashes,
 * and so stored sketches, are the same on every platform.
 */
#define SHINGLE_BASE	UINT64CONST(0x9e3779b97f4a7c15)

typedef struct ShingleState
{
	int			w;
	int64		nwords;
	uint64		ring[PGA_MAX_SHINGLE_W];	/* the last w word hashes */
	int			oldest;			/* ring index of the oldest of them */
	uint64		poly;			/* the polynomial of the last w words */
	uint64		top;			/* B^(w-1) */
	PgaShingles *out;
} ShingleState;

static pg_noinline void
grow_hashes(PgaShingles *out, int more)
{
	Size		newcap = out->cap ? (Size) out->cap * 2 : 256;

	while (newcap < (Size) out->n + more)
		newcap *= 2;
	if (newcap * sizeof(uint64) > MaxAllocHugeSize / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text has too many shingles")));
	out->hashes = out->hashes ? repalloc_huge(out->hashes, newcap * sizeof(uint64))
		: palloc(newcap * sizeof(uint64));
	out->cap = (int) newcap;
}

static inline void
push_hash(PgaShingles *out, uint64 h)
{
	if (unlikely(out->n == out->cap))
		grow_hashes(out, 1);
	out->hashes[out->n++] = h;
}

static inline uint64
finalize(uint64 h)
{
	h ^= h >> 32;
	h *= UINT64CONST(0xd6e8feb86659fd93);
	h ^= h >> 32;
	return h;
}

static void
on_word(void *arg, const char *word, int len)
{
	ShingleState *st = (ShingleState *) arg;
	uint64		h = (uint64) XXH3_64bits_withSeed(word, len, TOKEN_SEED);

	if (st->nwords < st->w)
	{
		st->ring[st->nwords] = h;
		st->poly = st->poly * SHINGLE_BASE + h;
	}
	else
	{
		st->poly = (st->poly - st->ring[st->oldest] * st->top) * SHINGLE_BASE + h;
		st->ring[st->oldest] = h;
		st->oldest = (st->oldest + 1 == st->w) ? 0 : st->oldest + 1;
	}
	st->nwords++;
	if (st->nwords >= st->w)
		push_hash(st->out, finalize(st->poly ^ SHINGLE_SEED));
}

/* on_word for a batch of words: the same steps, with the state in locals */
static void
on_words(void *arg, const char *base, const PgaToken *words, int n)
{
	ShingleState *st = (ShingleState *) arg;
	PgaShingles *out = st->out;
	const int	w = st->w;
	const uint64 top = st->top;
	int64		nwords = st->nwords;
	int			oldest = st->oldest;
	uint64		poly = st->poly;
	uint64	   *dst;
	int			i;

	if (out->cap - out->n < n)
		grow_hashes(out, n);
	dst = out->hashes + out->n;
	for (i = 0; i < n; i++)
	{
		uint64		h = (uint64) XXH3_64bits_withSeed(base + words[i].start, words[i].len, TOKEN_SEED);

		if (nwords < w)
		{
			st->ring[nwords] = h;
			poly = poly * SHINGLE_BASE + h;
		}
		else
		{
			poly = (poly - st->ring[oldest] * top) * SHINGLE_BASE + h;
			st->ring[oldest] = h;
			oldest = (oldest + 1 == w) ? 0 : oldest + 1;
		}
		nwords++;
		if (nwords >= w)
			*dst++ = finalize(poly ^ SHINGLE_SEED);
	}
	out->n = (int) (dst - out->hashes);
	st->nwords = nwords;
	st->oldest = oldest;
	st->poly = poly;
}

void
pga_shingle_text(const char *s, int len, int w, int fold_flags, PgaShingles *out)
{
	ShingleState st;
	int			k;

	Assert(w >= 1 && w <= PGA_MAX_SHINGLE_W);
	memset(&st, 0, sizeof(st));
	st.w = w;
	st.out = out;
	st.top = 1;
	for (k = 1; k < w; k++)
		st.top *= SHINGLE_BASE;
	out->n = 0;
	out->wordset = false;
	pga_tokenize_stream_batch(s, len, fold_flags, on_word, on_words, &st);

	/* Fewer words than w: the words themselves are the shingles. */
	if (st.nwords < w)
	{
		int64		i;

		out->wordset = true;
		for (i = 0; i < st.nwords; i++)
			push_hash(out, st.ring[i]);
	}
}

/*
 * The hashes of a text's folded words, in order: what pga_shingle_text
 * shingles.  Texts that need several shingle widths are tokenized once
 * (pga_shingle_word_hashes).
 */
static void
collect_word_hash(void *arg, const char *word, int len)
{
	push_hash((PgaShingles *) arg, (uint64) XXH3_64bits_withSeed(word, len, TOKEN_SEED));
}

static void
collect_word_hashes(void *arg, const char *base, const PgaToken *words, int n)
{
	PgaShingles *out = (PgaShingles *) arg;

	if (out->cap - out->n < n)
		grow_hashes(out, n);
	for (int i = 0; i < n; i++)
		out->hashes[out->n++] = (uint64) XXH3_64bits_withSeed(base + words[i].start, words[i].len, TOKEN_SEED);
}

void
pga_word_hashes(const char *s, int len, int fold_flags, PgaShingles *out)
{
	out->n = 0;
	out->wordset = false;
	pga_tokenize_stream_batch(s, len, fold_flags, collect_word_hash, collect_word_hashes, out);
}

/* Shingles of width w from word hashes: exactly what pga_shingle_text gives for their text. */
void
pga_shingle_word_hashes(const uint64 *words, int n, int w, PgaShingles *out)
{
	ShingleState st;

	Assert(w >= 1 && w <= PGA_MAX_SHINGLE_W);
	memset(&st, 0, sizeof(st));
	st.w = w;
	st.out = out;
	st.top = 1;
	for (int k = 1; k < w; k++)
		st.top *= SHINGLE_BASE;
	out->n = 0;
	out->wordset = false;
	if (n >= w)
	{
		uint64	   *dst;

		if (out->cap < n - w + 1)
			grow_hashes(out, n - w + 1);
		dst = out->hashes;
		for (int i = 0; i < n; i++)
		{
			uint64		h = words[i];

			if (st.nwords < w)
			{
				st.ring[st.nwords] = h;
				st.poly = st.poly * SHINGLE_BASE + h;
			}
			else
			{
				st.poly = (st.poly - st.ring[st.oldest] * st.top) * SHINGLE_BASE + h;
				st.ring[st.oldest] = h;
				st.oldest = (st.oldest + 1 == w) ? 0 : st.oldest + 1;
			}
			st.nwords++;
			if (st.nwords >= w)
				*dst++ = finalize(st.poly ^ SHINGLE_SEED);
		}
		out->n = (int) (dst - out->hashes);
	}
	else
	{
		/* fewer words than w: the words themselves are the shingles */
		out->wordset = true;
		for (int i = 0; i < n; i++)
			push_hash(out, words[i]);
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64		x = *(const uint64 *) a;
	uint64		y = *(const uint64 *) b;

	return (x > y) - (x < y);
}

/* Sorts a[0..n) and removes duplicates in place; returns the new length. */
int
pga_sort_unique_u64(uint64 *a, int n)
{
	int			i,
				m;

	if (n <= 1)
		return n;
	qsort(a, n, sizeof(uint64), cmp_u64);
	for (i = 1, m = 1; i < n; i++)
		if (a[i] != a[m - 1])
			a[m++] = a[i];
	return m;
}

PgaShingleSet *
pga_shingleset_build(const char *s, int len, int w, int fold_flags)
{
	PgaShingles sh = {0};
	PgaShingleSet *set;
	int			n;
	Size		size;

	pga_shingle_text(s, len, w, fold_flags, &sh);
	n = pga_sort_unique_u64(sh.hashes, sh.n);
	size = PGA_SHINGLESET_HDRSZ + sizeof(uint64) * (Size) n;
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("shingle set of %d shingles is too large", n),
				 errhint("Use a sketch for texts this long.")));
	set = palloc0(size);
	SET_VARSIZE(set, size);
	set->format = PGA_SKETCH_FORMAT;
	set->shingle_w = (uint8) w;
	set->norm_version = PGA_NORMALIZATION_VERSION;
	set->flags = sh.wordset ? PGA_SKETCH_WORDSET : 0;
	set->nhashes = (uint32) n;
	if (n > 0)
		memcpy(set->hashes, sh.hashes, sizeof(uint64) * n);
	if (sh.hashes)
		pfree(sh.hashes);
	return set;
}

void
pga_shingleset_check_compatible(const PgaShingleSet *a, const PgaShingleSet *b)
{
	if (a->shingle_w != b->shingle_w || a->norm_version != b->norm_version ||
		a->format != b->format)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare shingle sets built with different parameters"),
				 errdetail("Left: shingle width %d, normalization version %d; right: shingle width %d, normalization version %d.",
						   a->shingle_w, a->norm_version, b->shingle_w, b->norm_version),
				 errhint("Build both with the same shingle width, e.g. shingles(text, %d).", a->shingle_w)));
}

/* |A ∩ B| by merging the sorted arrays. */
static uint32
intersection_size(const PgaShingleSet *a, const PgaShingleSet *b)
{
	uint32		i = 0,
				j = 0,
				common = 0;

	while (i < a->nhashes && j < b->nhashes)
	{
		if (a->hashes[i] == b->hashes[j])
		{
			common++;
			i++;
			j++;
		}
		else if (a->hashes[i] < b->hashes[j])
			i++;
		else
			j++;
	}
	return common;
}

double
pga_shingleset_resemblance(const PgaShingleSet *a, const PgaShingleSet *b)
{
	uint32		common;

	pga_shingleset_check_compatible(a, b);
	if (a->nhashes == 0 || b->nhashes == 0)
		return 0.0;
	common = intersection_size(a, b);
	return (double) common / ((double) a->nhashes + b->nhashes - common);
}

/* Broder containment of a in b: |A ∩ B| / |A|. */
double
pga_shingleset_containment(const PgaShingleSet *a, const PgaShingleSet *b)
{
	pga_shingleset_check_compatible(a, b);
	if (a->nhashes == 0)
		return 0.0;
	return (double) intersection_size(a, b) / a->nhashes;
}
