/*
 * wordbreak.h
 *		Word_Break classes as the fast segmenters use them (fastwords.c,
 *		utf8words.c): ICU's property data with the tailoring of ICU's root
 *		rules, reduced to what the UAX #29 word rules need.
 */
#ifndef PGA_WORDBREAK_H
#define PGA_WORDBREAK_H

#include "postgres.h"

#include <unicode/utf16.h>
#include <unicode/utypes.h>

/* Word_Break classes, reduced to what the word rules need */
typedef enum WbClass
{
	WB_OTHER = 0,
	WB_LETTER,					/* ALetter, Hebrew_Letter handled apart */
	WB_HEBREW,
	WB_NUMERIC,
	WB_EXTENDNUMLET,
	WB_MIDLETTER,
	WB_MIDNUM,
	WB_MIDNUMLET,
	WB_SINGLE_QUOTE,
	WB_DOUBLE_QUOTE,
	WB_EXTEND,					/* Extend, Format, ZWJ: attach to the previous character */
	WB_FALLBACK					/* needs the break iterator */
} WbClass;

/* The class of c (root rules: colons are Other, '@' is a letter). */
extern WbClass pga_wb_class(UChar32 c);

/* Characters the fast rules cannot segment: dictionary scripts and the like. */
static inline bool
pga_wb_needs_dictionary(UChar c)
{
	return (c >= 0x0E00 && c <= 0x0EFF) ||	/* Thai, Lao */
		(c >= 0x1000 && c <= 0x109F) || /* Myanmar */
		(c >= 0x1780 && c <= 0x17FF) || /* Khmer */
		(c >= 0x1950 && c <= 0x19DF) || /* Tai Le, New Tai Lue */
		(c >= 0x1A20 && c <= 0x1AAF) || /* Tai Tham */
		(c >= 0x2E80 && c <= 0x2FDF) || /* CJK radicals */
		(c >= 0x3000 && c <= 0x9FFF) || /* CJK symbols, kana, ideographs */
		(c >= 0x1100 && c <= 0x11FF) || /* Hangul jamo: the rules keep Hangul apart */
		(c >= 0xA960 && c <= 0xA97F) ||
		(c >= 0xAC00 && c <= 0xD7FF) || /* Hangul syllables, jamo extended-B */
		(c >= 0xA9E0 && c <= 0xA9FF) || /* Myanmar extended-B */
		(c >= 0xAA60 && c <= 0xAADF) || /* Myanmar extended-A, Tai Viet */
		(c >= 0xF900 && c <= 0xFAFF) || /* CJK compatibility ideographs */
		(c >= 0xFF66 && c <= 0xFF9F) || /* halfwidth katakana */
		U16_IS_SURROGATE(c);
}

static inline bool
pga_wb_is_ahletter(WbClass c)
{
	return c == WB_LETTER || c == WB_HEBREW;
}

static inline bool
pga_wb_is_wordchar(WbClass c)
{
	return c == WB_LETTER || c == WB_HEBREW || c == WB_NUMERIC || c == WB_EXTENDNUMLET;
}

#endif
