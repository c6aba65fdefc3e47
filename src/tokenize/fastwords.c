/*
 * fastwords.c
 *		Word segmentation for text in space-delimited scripts, without the
 *		break iterator.
 *
 * ICU's rule-based break iterator is the reference (tokenize.c) but costs
 * about as much as all the rest of sketching.  For a piece of folded text
 * that holds no character needing dictionary segmentation (Han, kana,
 * Thai, Lao, Khmer, Burmese, ...), no Hangul (which the rules keep apart
 * from other letters), no surrogate pair and no Katakana, the
 * UAX #29 word rules reduce to a few joins over each character's
 * Word_Break class, taken from ICU's own property data.  This file applies
 * them, with the tailoring of ICU's root rules (colon does not join
 * letters; '@' counts as a letter).  A piece with anything else goes to the break iterator.
 * pg_article.icu_only forces the iterator everywhere; the regression tests
 * check that both give the same words.
 */
#include "postgres.h"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "tokenize/tokenize.h"

#include "tokenize/wordbreak.h"

static uint8 ascii_class[128];
static bool ascii_ready = false;

WbClass
pga_wb_class(UChar32 c)
{
	if (c == ':' || c == 0xFE13 || c == 0xFE55 || c == 0xFF1A)
		return WB_OTHER;		/* root rules drop colons from MidLetter */
	if (c == '@')
		return WB_LETTER;		/* root rules count @ as a letter: @handles, e-mail addresses */
	switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK))
	{
		case U_WB_ALETTER:
			return WB_LETTER;
		case U_WB_HEBREW_LETTER:
			return WB_HEBREW;
		case U_WB_NUMERIC:
			return WB_NUMERIC;
		case U_WB_EXTENDNUMLET:
			return WB_EXTENDNUMLET;
		case U_WB_MIDLETTER:
			return WB_MIDLETTER;
		case U_WB_MIDNUM:
			return WB_MIDNUM;
		case U_WB_MIDNUMLET:
			return WB_MIDNUMLET;
		case U_WB_SINGLE_QUOTE:
			return WB_SINGLE_QUOTE;
		case U_WB_DOUBLE_QUOTE:
			return WB_DOUBLE_QUOTE;
		case U_WB_EXTEND:
		case U_WB_FORMAT:
		case U_WB_ZWJ:
			return WB_EXTEND;
		case U_WB_KATAKANA:
		case U_WB_REGIONAL_INDICATOR:
			return WB_FALLBACK;
		default:
			return WB_OTHER;
	}
}

static inline WbClass
char_class(UChar c)
{
	return c < 0x80 ? (WbClass) ascii_class[c] : pga_wb_class(c);
}

static inline bool
is_ahletter(WbClass c)
{
	return c == WB_LETTER || c == WB_HEBREW;
}

static inline bool
is_wordchar(WbClass c)
{
	return c == WB_LETTER || c == WB_HEBREW || c == WB_NUMERIC || c == WB_EXTENDNUMLET;
}

/*
 * Reads the unit at s[i]: a base character with the Extend/Format/ZWJ
 * characters after it (rule WB4).  Returns its end and stores its class; a
 * lone extender (at the start, after a space) counts as Other.
 */
static inline int32
read_unit(const UChar *s, int32 len, int32 i, WbClass *cls)
{
	WbClass		c = char_class(s[i]);
	int32		j = i + 1;

	while (j < len && s[j] >= 0x80 && char_class(s[j]) == WB_EXTEND)
		j++;
	*cls = (c == WB_EXTEND) ? WB_OTHER : c;
	return j;
}

/*
 * Segments s[0..len) and calls fn for each word.  Returns false, having
 * called nothing, if the piece needs the break iterator.
 */
bool
pga_segment_words_fast(const UChar *s, int32 len, PgaWordFn fn, void *arg)
{
	int32		i;

	if (!ascii_ready)
	{
		for (i = 0; i < 128; i++)
			ascii_class[i] = (uint8) pga_wb_class(i);
		ascii_ready = true;
	}
	/* everything that needs the iterator is found before any word is reported */
	for (i = 0; i < len; i++)
		if (s[i] >= 0x0E00 && pga_wb_needs_dictionary(s[i]))
			return false;

	for (i = 0; i < len;)
	{
		WbClass		cls;
		int32		end = read_unit(s, len, i, &cls);
		int32		wstart = i;
		int32		last_start = i;	/* last unit of the word */
		WbClass		last = cls;
		int			nunits = 1;
		bool		after_quote = false;	/* WB7a took a quote: only a letter may follow */

		if (!is_wordchar(cls))
		{
			i = end;
			continue;
		}
		while (end < len)
		{
			WbClass		next,
						after;
			int32		next_end = read_unit(s, len, end, &next),
						after_end;

			if (after_quote ? is_ahletter(next) : is_wordchar(next))
			{
				/* WB5, WB8-10, WB13a/b */
				last_start = end;
				last = next;
				end = next_end;
				nunits++;
				after_quote = false;
				continue;
			}
			if (after_quote)
				break;
			if (last == WB_HEBREW && next == WB_SINGLE_QUOTE)
			{
				/* WB7a: the quote belongs to the word */
				last_start = end;
				last = next;
				end = next_end;
				nunits++;
				after_quote = true;
				continue;
			}
			if (!(next == WB_MIDLETTER || next == WB_MIDNUMLET || next == WB_SINGLE_QUOTE ||
				  next == WB_MIDNUM || next == WB_DOUBLE_QUOTE) || next_end >= len)
				break;
			after_end = read_unit(s, len, next_end, &after);
			if ((is_ahletter(last) && is_ahletter(after) && next != WB_MIDNUM && next != WB_DOUBLE_QUOTE) ||	/* WB6/7 */
				(last == WB_HEBREW && next == WB_DOUBLE_QUOTE && after == WB_HEBREW) ||	/* WB7b/c */
				(last == WB_NUMERIC && after == WB_NUMERIC && next != WB_MIDLETTER && next != WB_DOUBLE_QUOTE))	/* WB11/12 */
			{
				last_start = next_end;
				last = after;
				end = after_end;
				nunits += 2;
				continue;
			}
			break;
		}

		/*
		 * ICU gives no word status to a lone connector ("_"; "__" is a word),
		 * nor to a segment ending in a connector or quote that carries a mark
		 * ("a_\u0301", Hebrew letter + ' + mark).
		 */
		if (!(nunits == 1 && cls == WB_EXTENDNUMLET) &&
			!(!is_ahletter(last) && last != WB_NUMERIC && end - last_start > 1))
			fn(arg, wstart, end);
		i = end;
	}
	return true;
}
