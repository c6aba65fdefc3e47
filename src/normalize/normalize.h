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

/*
 * NFKC_Casefold of the characters most news text is made of, without ICU:
 * ASCII, the Latin-1 letters, and common punctuation that has no
 * compatibility mapping (or, for NBSP and the ellipsis, a fixed one).  None
 * of them is a combining mark or composes with its neighbours, and every
 * other character (a combining mark included) makes the caller use ICU, so
 * results equal ICU's; the regression tests compare the two on every build.
 * Returns the number of units written to out, or -1 for "ask ICU".
 */
static inline int
pga_simple_casefold(UChar c, UChar *out)
{
	if (c < 0x80)
	{
		out[0] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
		return 1;
	}
	if (c >= 0xC0 && c <= 0xFF)
	{
		if (c == 0xDF)
		{
			out[0] = 's';
			out[1] = 's';
			return 2;
		}
		out[0] = (c <= 0xDE && c != 0xD7) ? c + 0x20 : c;
		return 1;
	}
	switch (c)
	{
		case 0x00A0:			/* no-break space */
			out[0] = ' ';
			return 1;
		case 0x2026:			/* ellipsis */
			out[0] = out[1] = out[2] = '.';
			return 3;
		case 0x2122:			/* trade mark sign */
			out[0] = 't';
			out[1] = 'm';
			return 2;
		case 0x00A1: case 0x00A3: case 0x00A7: case 0x00A9: case 0x00AB:
		case 0x00AE: case 0x00B0: case 0x00B1: case 0x00B6: case 0x00B7:
		case 0x00BB: case 0x00BF: case 0x2013: case 0x2014: case 0x2018:
		case 0x2019: case 0x201C: case 0x201D: case 0x2022: case 0x20AC:
			out[0] = c;
			return 1;
		default:
			return -1;
	}
}

/* Typographic variants left after NFKC_Casefold, unified for matching. */
static inline UChar
pga_fold_map(UChar c)
{
	if (c < 0x2010)
	{
		switch (c)
		{
			case 0x60:			/* ` */
			case 0xB4:			/* ´ */
			case 0x2BC:			/* modifier letter apostrophe */
				return '\'';
			case 0xAB:			/* « » */
			case 0xBB:
				return '"';
			default:
				return c;
		}
	}
	if (c <= 0x2015)			/* hyphen, non-breaking hyphen, figure dash, en, em, bar */
		return '-';
	switch (c)
	{
		case 0x2018: case 0x2019: case 0x201A: case 0x201B:
		case 0x2032: case 0x2035: case 0x2039: case 0x203A:
			return '\'';
		case 0x201C: case 0x201D: case 0x201E: case 0x201F:
		case 0x2033: case 0x2036: case 0x301D: case 0x301E: case 0x301F:
			return '"';
		case 0x2212: case 0x2E3A: case 0x2E3B: case 0xFE58:
			return '-';
		default:
			return c;
	}
}

/*
 * Horizontal white space: tab and the space separators (General_Category Zs,
 * the same 17 characters in every Unicode version so far).
 */
static inline bool
pga_is_hspace(UChar c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t';
	return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
		c == 0x202F || c == 0x205F || c == 0x3000;
}

/*
 * What the check "could repairing this folded UTF-16 text change it?" sees
 * in one unit: PGA_RT_ALWAYS for what repair acts on by itself ('&' before
 * a reference, controls other than tab and line feed, C1 characters, the
 * invisible characters repair removes); PGA_RT_LEAD for a possible mojibake
 * lead (Â..ô), which counts only when a PGA_RT_TRAIL unit (a character of a
 * Windows-1252 byte 0x80..0xBF) follows it directly.
 */
#define PGA_RT_ALWAYS	0x01
#define PGA_RT_LEAD		0x02
#define PGA_RT_TRAIL	0x04

static inline int
pga_repair_trigger16(UChar c)
{
	int			t = 0;

	if (c < 0x20)
		return (c != '\n' && c != '\t') ? PGA_RT_ALWAYS : 0;
	if (c == '&' || (c >= 0x7F && c <= 0x9F) ||
		c == 0xAD || c == 0x180E || c == 0x200B || c == 0x2028 || c == 0x2029 ||
		(c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0xFFFC)
		t |= PGA_RT_ALWAYS;
	if (c >= 0xC2 && c <= 0xF4)
		t |= PGA_RT_LEAD;
	if ((c >= 0x80 && c <= 0xBF) || (c >= 0x152 && c <= 0x2122))
		t |= PGA_RT_TRAIL;
	return t;
}

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
