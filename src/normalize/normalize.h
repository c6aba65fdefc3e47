/*
 * normalize.h
 *		Stage 2: normalized text for display, folded text for matching, and
 *		the 64-bit fingerprint of the folded text.
 *
 * Display form: repaired, NFC, Latin ligatures and fullwidth letters and
 *	digits made plain, every kind of horizontal space turned into one ASCII
 *	space, lines trimmed, blank-line runs cut to one blank line (paragraph
 *	breaks kept), leading and trailing white space removed.
 * Folded form: repaired, NFKC_Casefold, quotes, apostrophes and dashes
 *	unified to ' " -, all white space runs (line breaks too) made one space,
 *	trimmed; optionally accents removed from Latin letters (ICU Latin-ASCII).
 *	fold(normalize(x)) = fold(x), so a stored display form folds to the same
 *	key as the text it came from.
 */
#ifndef PGA_NORMALIZE_H
#define PGA_NORMALIZE_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include <unicode/utypes.h>

#define PGA_FOLD_ACCENTS	0x01	/* also strip accents from Latin letters */
#define PGA_FOLD_REPAIRED	0x02	/* input is repaired already (a display form) */

/*
 * pg_article.icu_only: when set, every step uses ICU (normalizer, break
 * iterator) instead of the fast paths that give the same results.
 */
extern bool pga_icu_only;

/* White-space state carried from one piece of a long text to the next. */
typedef struct PgaSpaceState
{
	bool		started;		/* something was emitted already */
	bool		pending_space;
	int			pending_newlines;
} PgaSpaceState;

#define PGA_SPACE_STATE_INIT {false, false, 0}

/* Whole-text entry points (piece by piece, interruptible). */
extern void pga_normalize_display(const char *s, int len, StringInfo out);
extern void pga_fold(const char *s, int len, int flags, StringInfo out);
extern uint64 pga_fold_fingerprint(const char *s, int len, int flags);
/* Fingerprint of text that is already folded (as stored in ntext). */
extern uint64 pga_fingerprint_folded(const char *folded, Size len);

/*
 * Piece-level folding to UTF-16, for stages that work on ICU's native
 * encoding (tokenize).  s[0..len) is one piece of unrepaired UTF-8 (at most
 * PGA_CHUNK_MAX bytes).  Returns a palloc'd buffer and its length in *len16.
 */
extern UChar *pga_fold_piece16(const char *s, int len, int flags,
							   PgaSpaceState *state, int32 *len16);

/* ICU helpers shared with later stages (normalize/icu.c). */
extern UChar *pga_utf8_to_utf16(const char *s, int len, int32 *len16);
extern void pga_utf16_append_utf8(const UChar *s, int32 len, StringInfo out);
extern void pga_icu_check(UErrorCode status, const char *what);
extern UChar *pga_icu_normalize(const char *which, const UChar *s, int32 len, int32 *outlen);
extern UChar *pga_icu_strip_accents(UChar *s, int32 len, int32 *outlen);

#endif
