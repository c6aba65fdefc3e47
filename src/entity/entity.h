/*
 * entity.h
 *		Stage 5 (beside sketches): people, organisations and places named in
 *		an article, with canonical names and language-independent keys.
 *
 * Pipeline, for each piece of a text (src/util/chunk.h):
 *	tokens		words from the tokenize stage (pga_segment_words16) plus one
 *				token per punctuation character, possessive 's split off;
 *	features	hashed (shape, word, affixes, neighbours, capitalisation runs,
 *				gazetteer, title and head words, acronyms), entity/features.c:
 *				the same code serves training and tagging;
 *	tagger		averaged structured perceptron, Viterbi over BIO labels
 *				(entity/tagger.c), model loaded once per backend from
 *				$sharedir/extension/pg_article_entity.model;
 *	linking		per article: titles and possessives stripped, acronyms defined
 *				in parentheses, short person names tied to the full name,
 *				gazetteer canonical names for places and organisations in any
 *				language, keys folded and transliterated to Latin (link.c).
 */
#ifndef PGA_ENTITY_H
#define PGA_ENTITY_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include <unicode/utypes.h>

/* kinds */
#define PGA_ENT_PER		0
#define PGA_ENT_ORG		1
#define PGA_ENT_LOC		2
#define PGA_ENT_NKINDS	3

extern const char *const pga_entity_kind_names[PGA_ENT_NKINDS];

/* BIO labels: O, then B and I for each kind */
#define PGA_NER_O		0
#define PGA_NER_NLABELS	7
#define PGA_NER_B(kind)	(1 + 2 * (kind))
#define PGA_NER_I(kind)	(2 + 2 * (kind))
#define PGA_NER_KIND(l)	(((l) - 1) / 2)
#define PGA_NER_IS_B(l)	((l) > 0 && ((l) & 1) == 1)

/* ---- tokens (tokens.c) */

#define NT_WORD		0x0001		/* a word of the tokenize stage (else one punctuation character) */
#define NT_CAP		0x0002		/* first letter upper or title case */
#define NT_ALLCAPS	0x0004		/* every letter upper case (at least one letter) */
#define NT_LOWER	0x0008		/* first letter lower case */
#define NT_DIGIT	0x0010		/* has a digit */
#define NT_NL		0x0020		/* line break before (or first token) */
#define NT_SPACE	0x0040		/* white space before */
#define NT_SSTART	0x0080		/* first token of a sentence */
#define NT_CASELESS	0x0100		/* letters of a script without case (Han, Arabic, ...) */
#define NT_POSS		0x0200		/* possessive 's / ’s split off a word */
#define NT_HEADLINE	0x0400		/* on a line whose words are mostly capitalised */
#define NT_DOT		0x0800		/* word with an inner period ("U.S") */
#define NT_SEENLOW	0x1000		/* the same word starts lower case elsewhere in the piece */
#define NT_SEENCAP	0x2000		/* the same word is capitalised mid-sentence elsewhere */
#define NT_ACRDEF	0x4000		/* an acronym defined in parentheses in the piece */
#define NT_ACRPAREN	0x8000		/* the run before this token's "(" defines it */

typedef struct PgaNerTok
{
	int32		s,
				e;				/* UTF-16 offsets in the piece */
	int32		cs,
				ce;				/* code point offsets in the piece */
	uint32		flags;
	uint64		lh;				/* hash of the lower-case form */
	uint32		shape;			/* hash of the word shape (runs cut to 2) */
	uint32		sshape;			/* hash of the short shape (runs cut to 1) */
	int16		gaz;			/* gazetteer: 0, or 1 + 2*kind (begins a match) / 2 + 2*kind (inside) */
	int16		gazlen;			/* tokens in the match that begins here, 0 if none */
	int32		gazent;			/* gazetteer entry of the match that begins here, or -1 */
	uint16		lex;			/* lexicon flags (LEX_*) */
	uint16		run;			/* capitalised run: position and facts (RUN_*) */
} PgaNerTok;

typedef struct PgaNerDoc
{
	const UChar *u;				/* the piece in UTF-16 */
	int32		ulen;
	PgaNerTok  *toks;
	int			ntoks;
	int			maxtoks;
} PgaNerDoc;

extern void pga_ner_tokenize(const UChar *u, int32 ulen, PgaNerDoc *doc);
extern void pga_ner_doc_free(PgaNerDoc *doc);
/* lower-case a UTF-16 unit string into out (room for 2 * len); apostrophes unified; returns units */
extern int32 pga_ner_lower(const UChar *s, int32 len, UChar *out);

/* ---- lexicons and gazetteer (gazetteer.c) */

#define LEX_TITLE	0x0001		/* Mr, President, Frau, Sr., ... */
#define LEX_ORGHEAD	0x0002		/* Ministry, Council, University, Inc, ... */
#define LEX_LOCHEAD	0x0004		/* River, Island, Street, County, ... */
#define LEX_CONNECT	0x0008		/* of, the, for, and, de, van, von, ... */
#define LEX_DEMONYM	0x0010		/* a demonym or adjective of place ("Israeli", "Western") */
#define LEX_STOP	0x0020		/* a common function word in en, de, es, fr */
#define LEX_MONTHDAY	0x0040	/* month and weekday names */
#define LEX_FIRSTNAME	0x0080	/* a common given name */

typedef struct PgaGazEntry
{
	int			kind;
	const char *canonical;		/* UTF-8, NUL-terminated */
} PgaGazEntry;

extern void pga_gazetteer_load(void);
extern int	pga_gazetteer_lookup(uint64 h);	/* entry index or -1 */
extern const PgaGazEntry *pga_gazetteer_entry(int i);
extern int	pga_gazetteer_maxtoks(void);
extern int	pga_gazetteer_find(const char *s, int len);	/* entry of a UTF-8 name, or -1 */
extern uint16 pga_lexicon_flags(uint64 lh);
/* hash of lower-cased text, continued one unit at a time (shared by gazetteer and tokens) */
#define PGA_NER_HASH_INIT	UINT64CONST(0xcbf29ce484222325)
static inline uint64
pga_ner_hash_unit(uint64 h, UChar c)
{
	return (h ^ (uint64) c) * UINT64CONST(0x100000001b3);
}
extern void pga_gazetteer_mark(PgaNerDoc *doc);

/* Key form of a name: Latin (transliterated), no accents, lower case, letters and digits. */
extern char *pga_entity_keyfold(const char *name, int len);

/* ---- features (features.c) */

#define PGA_NER_MAXFEAT 48
extern int	pga_ner_features(const PgaNerDoc *doc, int i, uint32 *out, uint32 mask);
extern void pga_ner_doc_prepare(PgaNerDoc *doc);	/* lexicon, gazetteer, runs, document facts */
extern bool pga_ner_acronym_match(const PgaNerDoc *doc, int first, int last, int acr);

/* ---- model and tagger (tagger.c) */

typedef struct PgaNerModel
{
	int			bits;			/* log2 of the number of feature rows */
	float		scale;			/* weights are int16 * scale */
	float		trans[PGA_NER_NLABELS + 1][PGA_NER_NLABELS];	/* last row: start */
	int16	   *w;				/* (1 << bits) rows of 8 (7 used) */
	Size		filesize;
	int			nrows;			/* rows that are not all zero */
} PgaNerModel;

extern const PgaNerModel *pga_ner_model(void);
extern void pga_ner_model_use(const char *data, Size len);	/* replace the backend's model */
extern void pga_ner_tag(const PgaNerModel *m, const PgaNerDoc *doc, uint8 *labels);

typedef struct PgaNerTrainDoc
{
	const char *text;
	int			len;
	int			nspans;
	int32	   *starts,
			   *ends;			/* code points */
	int		   *kinds;
} PgaNerTrainDoc;

extern bytea *pga_ner_train(PgaNerTrainDoc *docs, int ndocs, int epochs, uint32 seed, int bits);

/* ---- mentions and entities (link.c) */

typedef struct PgaMention
{
	int32		start,
				end;			/* code point offsets in the whole text */
	int			kind;
	char	   *surface;
	char	   *name;			/* canonical */
	char	   *key;			/* KIND:folded canonical */
	int			ntoks;			/* tokens of the name after stripping */
	bool		fromgaz;		/* canonical name from the gazetteer or an acronym definition */
	int			link;			/* mention whose canonical name this one takes, or -1 */
	int32		defstart;		/* acronym: start of the mention that defines it, or -1 */
} PgaMention;

typedef struct PgaMentions
{
	PgaMention *m;
	int			n,
				max;
} PgaMentions;

extern void pga_entity_mentions(const char *s, int len, PgaMentions *out);

#endif
