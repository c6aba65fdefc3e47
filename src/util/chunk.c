/*
 * chunk.c
 *		Choosing where to cut long texts (see chunk.h).
 */
#include "postgres.h"

#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include "util/chunk.h"

/* true for a byte that starts a UTF-8 code point */
static inline bool
is_lead_byte(unsigned char c)
{
	return (c & 0xC0) != 0x80;
}

/* Could the code point c stand for a byte 0x80..0xBF of UTF-8 read as Windows-1252 or Latin-1? */
static bool
mojibake_continuation(UChar32 c)
{
	if (c >= 0x80 && c <= 0xBF)
		return true;
	switch (c)
	{
		case 0x20AC: case 0x201A: case 0x0192: case 0x201E: case 0x2026: case 0x2020:
		case 0x2021: case 0x02C6: case 0x2030: case 0x0160: case 0x2039: case 0x0152:
		case 0x017D: case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x2022:
		case 0x2013: case 0x2014: case 0x02DC: case 0x2122: case 0x0161: case 0x203A:
		case 0x0153: case 0x017E: case 0x0178:
			return true;
		default:
			return false;
	}
}

/* Characters that repair removes or rewrites, which could join what stands on either side. */
static bool
removable(UChar32 c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x180E || c == 0x200B ||
		(c >= 0x2028 && c <= 0x2029) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0xFFFC;
}

/* The code point starting at s[i] (a lead byte), and the one ending just before it. */
static UChar32
cp_at(const char *s, int len, int i)
{
	UChar32		c;

	U8_NEXT(s, i, len, c);
	return c;
}

static UChar32
cp_before(const char *s, int i)
{
	UChar32		c;

	U8_PREV(s, 0, i, c);
	return c;
}

/*
 * May a run without spaces be cut before s[i]?  Only where no repair or
 * normalization step could join the two sides: no '&' within the 40 bytes
 * up to the cut (references, also escaped twice, stay whole), no mojibake
 * lead (Â..ô) before nor continuation after, no character that repair
 * removes on either side, and a boundary for both NFC and NFKC_Casefold.
 */
static bool
good_cut(const char *s, int len, int i)
{
	static const UNormalizer2 *nfc = NULL;
	static const UNormalizer2 *nfkc_cf = NULL;
	UChar32		after,
				before;
	int			j;

	if (i <= 0 || i >= len || !is_lead_byte((unsigned char) s[i]))
		return false;
	for (j = Max(0, i - 40); j <= i; j++)
		if (s[j] == '&')
			return false;
	after = cp_at(s, len, i);
	before = cp_before(s, i);
	if (after < 0 || before < 0 || removable(after) || removable(before) ||
		mojibake_continuation(after) || (before >= 0xC2 && before <= 0xF4))
		return false;
	if (after < 0x80)
		return true;			/* ASCII starts a normalization unit */
	if (nfc == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;

		nfc = unorm2_getNFCInstance(&status);
		nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
		if (U_FAILURE(status))
		{
			nfc = nfkc_cf = NULL;
			return false;
		}
	}
	return unorm2_hasBoundaryBefore(nfc, after) && unorm2_hasBoundaryBefore(nfkc_cf, after);
}

int
pga_next_chunk(const char *s, int len)
{
	int			i;

	if (len <= PGA_CHUNK_MAX)
		return len;

	/* Prefer a line break between TARGET and MAX ... */
	for (i = PGA_CHUNK_MAX - 1; i >= PGA_CHUNK_TARGET; i--)
		if (s[i] == '\n')
			return i + 1;
	/* ... then a space ... */
	for (i = PGA_CHUNK_MAX - 1; i >= PGA_CHUNK_TARGET; i--)
		if (s[i] == ' ')
			return i + 1;
	/* ... then an ideographic full stop or comma (U+3002, U+FF0C), for CJK ... */
	for (i = PGA_CHUNK_MAX - 3; i >= PGA_CHUNK_TARGET; i--)
		if ((unsigned char) s[i] == 0xE3 && (unsigned char) s[i + 1] == 0x80 &&
			(unsigned char) s[i + 2] == 0x82)
			return i + 3;
	/* ... else where nothing can join across the cut (good_cut) ... */
	for (i = PGA_CHUNK_MAX - 1; i >= PGA_CHUNK_TARGET; i--)
		if (good_cut(s, len, i))
			return i;
	/* ... looking further, up to PGA_CHUNK_LIMIT, for such a place ... */
	for (i = PGA_CHUNK_MAX; i < len && i < PGA_CHUNK_LIMIT; i++)
		if (good_cut(s, len, i))
			return i;
	if (len <= PGA_CHUNK_LIMIT)
		return len;
	/* ... and in a megabyte with no such place at all, at a code point boundary. */
	for (i = PGA_CHUNK_LIMIT; i > 0; i--)
		if (is_lead_byte((unsigned char) s[i]))
			return i;
	return len;					/* not reached for valid UTF-8 */
}
