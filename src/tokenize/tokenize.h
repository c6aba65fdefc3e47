/*
 * tokenize.h
 *		Stage 3: the words of a text, by ICU word segmentation (UAX #29 with
 *		dictionaries for Chinese, Japanese, Thai, Lao, Khmer and Burmese).
 *
 * Later stages (shingles, entities) call these.  Tokens come as spans into
 * one UTF-8 arena, so hashing them needs no further copying.
 */
#ifndef PGA_TOKENIZE_H
#define PGA_TOKENIZE_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include <unicode/utypes.h>

typedef struct PgaToken
{
	int32		start;			/* byte offset in PgaTokens.arena */
	int32		len;			/* bytes */
} PgaToken;

typedef struct PgaTokens
{
	StringInfoData arena;		/* token bytes, back to back */
	PgaToken   *tokens;
	int			ntokens;
	int			maxtokens;
} PgaTokens;

extern void pga_tokens_init(PgaTokens *t);
extern void pga_tokens_free(PgaTokens *t);

/*
 * Appends the folded words of s[0..len) (unrepaired UTF-8 of any length) to
 * out.  fold_flags as for pga_fold (PGA_FOLD_ACCENTS, PGA_FOLD_REPAIRED).
 * Only segments that ICU marks as words (letters, numbers, kana, ideographs)
 * are kept; punctuation, symbols and emoji are not words.
 */
extern void pga_tokenize_folded(const char *s, int len, int fold_flags, PgaTokens *out);

/*
 * Streaming form: calls fn(arg, word, len) with each folded word as UTF-8
 * (valid only during the call), in order.  Bounded memory for any length.
 */
typedef void (*PgaTokenFn) (void *arg, const char *word, int len);
extern void pga_tokenize_stream(const char *s, int len, int fold_flags, PgaTokenFn fn, void *arg);

/*
 * The same, but where a whole piece's words are at hand at once (the one-pass
 * lanes) they go to bfn in one call: words[i] are spans of base.  Other
 * words go to fn one by one.  Either way, in order.
 */
typedef void (*PgaTokenBatchFn) (void *arg, const char *base, const PgaToken *words, int n);
extern void pga_tokenize_stream_batch(const char *s, int len, int fold_flags, PgaTokenFn fn,
									  PgaTokenBatchFn bfn, void *arg);

/*
 * Calls fn(arg, start, end) for each word in the UTF-16 text s[0..len),
 * offsets in UTF-16 units.  For stages that need words of unfolded text.
 */
typedef void (*PgaWordFn) (void *arg, int32 start, int32 end);
extern void pga_segment_words16(const UChar *s, int32 len, PgaWordFn fn, void *arg);
/* the same, always with ICU's break iterator */
extern void pga_segment_words16_icu(const UChar *s, int32 len, PgaWordFn fn, void *arg);

/* simplewords.c: folded words of a repaired piece of simple text in one pass, where possible */
extern bool pga_words_simple_utf8(const char *s, int len, PgaTokenFn fn, void *arg);
/* ... and whether a piece is simple text in that sense */
extern bool pga_all_simple_utf8(const char *s, int len);

/*
 * utf8words.c: the same for a repaired piece of any text whose characters
 * fold one by one and that needs no dictionary; st as for pga_fold_piece16.
 */
struct PgaSpaceState;
extern bool pga_words_utf8(const char *s, int len, struct PgaSpaceState *st, PgaTokenFn fn,
						   PgaTokenBatchFn bfn, void *arg);

/* fastwords.c: the same words without the break iterator, where possible */
extern bool pga_segment_words_fast(const UChar *s, int32 len, PgaWordFn fn, void *arg);

extern void pga_tokenize_define_gucs(void);

#endif
