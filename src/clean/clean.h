/*
 * clean.h
 *		Stage 4: the cleaned body.  Decides which blocks (stage 2) are article
 *		text, from the blocks' own features, their neighbours, the page's
 *		structure and, when a source is named, what the database has learned
 *		about that source's other articles (source profiles).
 */
#ifndef PGA_CLEAN_H
#define PGA_CLEAN_H

#include "postgres.h"
#include "lib/stringinfo.h"
#include "datatype/timestamp.h"

#include "segment/segment.h"

/* ---- stop words (stopwords.c): PostgreSQL's tsearch_data/<language>.stop files */

#define PGA_MAX_STOP_LANGS 32

/* Bit mask of the languages whose stop list holds the folded word w, or 0. */
extern uint32 pga_stopword_langs(const char *w, int len);
extern int	pga_stop_language_count(void);
extern const char *pga_stop_language_name(int i);

/* ---- features (features.c) */

/* Per-block text statistics. */
typedef struct PgaBlockStats
{
	int32		words;
	int32		stops;			/* in the page's language (see PgaPageInfo) */
	int32		caps;			/* words starting with an upper-case letter */
	int32		letters;
	int32		upper;			/* upper-case letters */
	int32		digits;
	int32		puncts;			/* , . ; : */
	int32		separators;		/* | · » • › */
	float		repetition;		/* share of repeated word pairs in the block */
	bool		sentence_end;	/* ends like a sentence */
	bool		phrase;			/* holds a stock boilerplate phrase */
	bool		credit;			/* looks like a photo credit or gallery label */
	bool		icons;			/* a run of icon descriptions */
	bool		byline;			/* "By Jane Doe" */
	bool		placeholder;	/* a template placeholder like [[title]] */
	bool		artifact;		/* a widget's trace in a text rendering: [img.jpg], (BUTTON) */
	bool		ellipsis;		/* ends in "..." or an ellipsis: a cut teaser */
	bool		credit_tail;	/* ends with a photo credit ("(Photo by X/Getty Images)") */
	bool		contact;		/* holds an e-mail address, a URL or a handle */
	bool		bio;			/* "Jane Doe is a staff writer at ..." */
	bool		pointer;		/* starts "Read more:", "Related:", "Also on ..." */
	int8		nphrases;		/* distinct stock phrases anywhere in it (at most 3) */
	uint64		fingerprint;	/* folded text, digits masked */
} PgaBlockStats;

typedef struct PgaPageInfo
{
	int			language;		/* index of the stop list used, or -1 */
	int64		total_chars;
} PgaPageInfo;

#define PGA_NFEATURES 101
extern const char *const pga_feature_names[PGA_NFEATURES];

extern PgaBlockStats *pga_block_stats(const PgaBlocks *b, PgaPageInfo *page);
extern float *pga_page_features(const PgaBlocks *b, const PgaBlockStats *st,
							    const PgaPageInfo *page);
extern void pga_max_sum_run(const double *v, int n, int *lo, int *hi);
extern void pga_mark_dense_run(PgaBlocks *b, const PgaBlockStats *st, const PgaPageInfo *page);
/* A block of running text: what jusText calls "good" (also used for profiles). */
extern bool pga_block_is_prose(const PgaBlockStats *st, const PgaPageInfo *page);

/* ---- source profiles (profile.c) */

typedef struct PgaProfileHit
{
	int32		articles;		/* articles of the source that had this block */
	int32		days;			/* distinct days it was seen on */
	float		mean_position;	/* mean relative position in those articles */
} PgaProfileHit;

typedef struct PgaProfile
{
	bool		found;
	int64		articles;		/* articles learned for the source */
	PgaProfileHit *hits;		/* per block; articles = 0 when never seen */
} PgaProfile;

extern void pga_profile_lookup(Oid schema, const char *source, const PgaBlocks *b,
							   const PgaBlockStats *st, PgaProfile *out);
extern int	pga_profile_learn(Oid schema, const char *source, const PgaBlocks *b, const PgaBlockStats *st,
							  const PgaPageInfo *page, TimestampTz seen_at);
/* The ingest trigger's batched form: kept in memory until pga_profile_flush(). */
extern void pga_profile_learn_later(Oid schema, const char *source, const PgaBlocks *b,
									const PgaBlockStats *st, const PgaPageInfo *page, TimestampTz seen_at);
extern void pga_profile_flush(void);
extern int	pga_profile_pending_articles(void);
extern void pga_profile_define_gucs(void);

/* ---- the decision (classify.c) */

typedef struct PgaCleanOptions
{
	float		threshold;		/* keep a block whose probability reaches this */
	bool		keep_captions;
	bool		keep_headline;
	const char *source;			/* profile to use, or NULL */
	Oid			schema;			/* where the profile tables are (the extension's schema) */
} PgaCleanOptions;

typedef struct PgaDecision
{
	float		p_text;			/* the model's probability of article text */
	float		p_context;		/* after neighbours and profile */
	bool		keep;
	bool		vetoed;			/* dropped by a rule whatever its score */
	const char *label;			/* body, boilerplate, navigation, caption, ... */
	StringInfoData reasons;		/* human-readable, for clean_explain */
} PgaDecision;

typedef struct PgaCleaned
{
	PgaBlocks	blocks;
	PgaPageInfo page;
	PgaBlockStats *stats;
	PgaProfile	profile;
	PgaDecision *decisions;
	float	   *features;		/* nblocks x PGA_NFEATURES */
	bool		keep_headline;
} PgaCleaned;

extern void pga_clean(const char *s, int len, PgaInputFormat format,
					  const PgaCleanOptions *opt, bool explain, PgaCleaned *out);
extern void pga_cleaned_body(const PgaCleaned *c, StringInfo out);

#endif
