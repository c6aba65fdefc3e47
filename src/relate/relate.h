/*
 * relate.h
 *		Stage 6: relating articles.  The ingest trigger (cleaned body,
 *		fingerprint, sketch, entity keys, source profile, story), story
 *		assignment through the indexes, the relatedness score and shared
 *		passages for explanations.
 */
#ifndef PGA_RELATE_H
#define PGA_RELATE_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "sketch/sketch.h"
#include "utils/array.h"

/* The parts of a relatedness score (see relatedness.c for what they mean). */
typedef struct PgaRelatedness
{
	double		text;			/* max(resemblance, containment either way) of the sketches */
	double		entities;		/* rarity-weighted Jaccard of the entity keys, or 0 */
	double		words;			/* resemblance of the word-set sketches (width 1), or 0 */
	double		numbers;		/* Jaccard of the number words, or 0 */
	bool		both_numbers;	/* both articles mention numbers */
	double		time;			/* exp(-|days apart| / time scale), 1 when a time is unknown */
	double		score;			/* time x logistic(entities, words, text): see relatedness.c */
	int			shared_keys;
} PgaRelatedness;

/*
 * Key weights: ln(1 + N / df) with df the number of articles of the table
 * having the key and N all articles with keys (from entity_key_stats).  NULL
 * weights: every key weighs 1.
 */
typedef struct PgaKeyWeights
{
	double		total;			/* N */
	int			nkeys;
	char	  **keys;			/* sorted */
	double	   *weights;
	double	   *df;				/* articles with the key (the weight's df) */
} PgaKeyWeights;

/*
 * Counts not yet in entity_key_stats (the ingest trigger gathers them in
 * memory until commit): articles of table relid with key, or with any key
 * for "".  NULL: none.
 */
typedef int64 (*PgaKeyCountFn) (Oid relid, const char *key);

/*
 * An article's entity keys and number words, sorted and distinct: made once
 * per article (pga_relatedness_sets) and compared with many others.  A NULL
 * array (unknown) leaves that part of the score at 0.
 */
typedef struct PgaRelSets
{
	bool		has_keys;
	int			nkeys;
	char	  **keys;
	bool		has_numbers;
	int			nnumbers;
	char	  **numbers;
} PgaRelSets;

extern void pga_relatedness_sets(ArrayType *keys, ArrayType *numbers, PgaRelSets *out);
extern void pga_relatedness(const PgaSketch *a, const PgaSketch *b,
							const PgaSketch *words_a, const PgaSketch *words_b,
							const PgaRelSets *sa, const PgaRelSets *sb, const PgaKeyWeights *w,
							bool has_ta, TimestampTz ta, bool has_tb, TimestampTz tb,
							PgaRelatedness *out);
extern PgaKeyWeights *pga_load_key_weights(Oid schema, Oid relid, ArrayType *a, ArrayType *b,
											 PgaKeyCountFn pending);
extern double pga_story_time_scale_days(void);
extern double pga_story_threshold(void);
extern double pga_story_merge_threshold(void);
extern double pga_story_support(void);
extern double pga_story_window_days(void);
extern int	pga_ingest_flush_rows(void);
extern void pga_relate_define_gucs(void);

/* numbers.c: the number words of a text (see there) */
#define PGA_MAX_NUMBERS 200
extern ArrayType *pga_text_numbers(const char *s, int len, int fold_flags, int max);

#endif
