/*
 * sketch.h
 *		Stage 4: shingle sets and MinHash sketches of folded words.
 *
 * A text's folded words (tokenize stage) are hashed, w consecutive word
 * hashes make one shingle hash, and a text becomes either
 *	- a shingle set: the sorted, distinct 64-bit shingle hashes (exact
 *	  resemblance and containment), or
 *	- a sketch: a fixed number of 32-bit slots filled by one-permutation
 *	  MinHash with optimal densification, plus the shingle count (estimated
 *	  resemblance and containment, size filtering, LSH band keys for GIN,
 *	  signatures for GiST).  A bitmap records which slots hold their own
 *	  minimum rather than a densified copy, so that the union of two sketches
 *	  is exactly the sketch of the union of their shingle sets.
 * Texts with fewer than w words are represented by their word set instead
 * (flag PGA_SKETCH_WORDSET), so headlines still compare meaningfully.
 *
 * Both types stamp their parameters; comparing values built with different
 * parameters is an error that names the mismatch.
 */
#ifndef PGA_SKETCH_H
#define PGA_SKETCH_H

#include "postgres.h"
#include "fmgr.h"

#define PGA_SKETCH_FORMAT		1
#define PGA_SKETCH_SCHEME_OPH	1	/* one-permutation hashing, optimal densification */

#define PGA_SKETCH_WORDSET		0x01	/* fewer words than w: shingles are the words */

#define PGA_DEFAULT_SLOTS		128
#define PGA_DEFAULT_SHINGLE_W	5
#define PGA_MIN_SLOTS			16
#define PGA_MAX_SLOTS			1024
#define PGA_MAX_SHINGLE_W		16

#define PGA_SLOT_EMPTY			PG_UINT32_MAX

/* On-disk sketch (int4-aligned varlena, fixed size for a given slot count). */
typedef struct PgaSketch
{
	int32		vl_len_;
	uint8		format;			/* PGA_SKETCH_FORMAT */
	uint8		scheme;			/* PGA_SKETCH_SCHEME_* */
	uint8		shingle_w;
	uint8		norm_version;	/* PGA_NORMALIZATION_VERSION of the words */
	uint16		nslots;
	uint16		flags;			/* PGA_SKETCH_* */
	uint32		seed;
	uint32		cardinality;	/* distinct shingles (saturates at UINT32_MAX) */
	uint32		slots[FLEXIBLE_ARRAY_MEMBER];
	/* followed by nslots / 8 bytes: bit i set when slot i holds its own minimum */
} PgaSketch;

#define PGA_SKETCH_HDRSZ		offsetof(PgaSketch, slots)
#define PGA_SKETCH_SIZE(k)		(PGA_SKETCH_HDRSZ + sizeof(uint32) * (k) + (k) / 8)
#define PGA_SKETCH_OWNMAP(sk)	((uint8 *) ((sk)->slots + (sk)->nslots))
#define PGA_SKETCH_OWNS(sk, i)	((PGA_SKETCH_OWNMAP(sk)[(i) / 8] >> ((i) % 8)) & 1)

/* On-disk shingle set (double-aligned varlena). */
typedef struct PgaShingleSet
{
	int32		vl_len_;
	uint8		format;
	uint8		shingle_w;
	uint8		norm_version;
	uint8		flags;
	uint32		nhashes;
	uint64		hashes[FLEXIBLE_ARRAY_MEMBER];	/* sorted ascending, distinct */
} PgaShingleSet;

#define PGA_SHINGLESET_HDRSZ	offsetof(PgaShingleSet, hashes)

/* A query operand: a sketch and the threshold to apply to it. */
typedef struct PgaSketchQuery
{
	int32		vl_len_;
	float4		threshold;
	PgaSketch	sketch;			/* embedded, with its own varlena header */
} PgaSketchQuery;

#define DatumGetSketchP(d)		((PgaSketch *) PG_DETOAST_DATUM(d))
#define PG_GETARG_SKETCH_P(n)	DatumGetSketchP(PG_GETARG_DATUM(n))
#define DatumGetShingleSetP(d)	((PgaShingleSet *) PG_DETOAST_DATUM(d))
#define PG_GETARG_SHINGLESET_P(n) DatumGetShingleSetP(PG_GETARG_DATUM(n))
#define DatumGetSketchQueryP(d)	((PgaSketchQuery *) PG_DETOAST_DATUM(d))
#define PG_GETARG_SKETCHQUERY_P(n) DatumGetSketchQueryP(PG_GETARG_DATUM(n))

/* Collected shingle hashes of a text (not yet sorted or deduplicated). */
typedef struct PgaShingles
{
	uint64	   *hashes;
	int			n;
	int			cap;
	bool		wordset;		/* fewer words than w */
} PgaShingles;

/* 64-bit finalizer (a bijection) that spreads hashes: slot choice, band keys. */
static inline uint64
pga_mix64(uint64 x)
{
	x ^= x >> 33;
	x *= UINT64CONST(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64CONST(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

/* shingle.c */
extern void pga_shingle_text(const char *s, int len, int w, int fold_flags, PgaShingles *out);
/* a text's word hashes once, then shingles of any width from them (= pga_shingle_text) */
extern void pga_word_hashes(const char *s, int len, int fold_flags, PgaShingles *out);
extern void pga_shingle_word_hashes(const uint64 *words, int n, int w, PgaShingles *out);
extern int	pga_sort_unique_u64(uint64 *a, int n);
extern PgaShingleSet *pga_shingleset_build(const char *s, int len, int w, int fold_flags);
extern double pga_shingleset_resemblance(const PgaShingleSet *a, const PgaShingleSet *b);
extern double pga_shingleset_containment(const PgaShingleSet *a, const PgaShingleSet *b);
extern void pga_shingleset_check_compatible(const PgaShingleSet *a, const PgaShingleSet *b);

/* minhash.c */
extern PgaSketch *pga_sketch_from_hashes(const uint64 *hashes, int n, bool distinct, int nslots,
										 uint32 seed, int w, bool wordset);
extern PgaSketch *pga_sketch_build(const char *s, int len, int nslots, int w, uint32 seed, int fold_flags);
extern PgaSketch *pga_sketch_from_word_hashes(const uint64 *words, int n, int nslots, int w, uint32 seed);
extern void pga_sketch_check_compatible(const PgaSketch *a, const PgaSketch *b);
extern int	pga_sketch_matches(const PgaSketch *a, const PgaSketch *b);
extern double pga_sketch_resemblance(const PgaSketch *a, const PgaSketch *b);
extern double pga_sketch_containment(const PgaSketch *a, const PgaSketch *b);
extern bool pga_sketch_is_empty(const PgaSketch *s);
extern void pga_check_sketch_params(int nslots, int w);
extern PgaSketch *pga_sketch_union(const PgaSketch *a, const PgaSketch *b);
extern void pga_sketch_validate(const PgaSketch *s, Size size);

/* sketch_ops.c: the decision behind % and <%, shared by operators and index rechecks */
extern double pga_similarity_threshold;
extern double pga_containment_threshold;
extern bool pga_recall_margin;
extern double pga_effective_threshold(double t, int nslots);
extern bool pga_sketch_similar(const PgaSketch *a, const PgaSketch *b, double t);
extern bool pga_sketch_contained(const PgaSketch *a, const PgaSketch *b, double t);
extern void pga_sketch_define_gucs(void);

#endif
