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

/* Would a cut at s[i] split an HTML reference ("&eac|ute;")?  Names are at most 32 bytes. */
static bool
inside_reference(const char *s, int i)
{
	int			j;

	for (j = i - 1; j >= 0 && j >= i - 33; j--)
	{
		if (s[j] == ';' || s[j] == ' ' || s[j] == '\n')
			return false;
		if (s[j] == '&')
			return true;
	}
	return false;
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

/* Does the code point at s start a unit that neither NFC nor NFKC_Casefold joins with what precedes? */
static bool
boundary_before(const char *s, int len, int *n)
{
	static const UNormalizer2 *nfc = NULL;
	static const UNormalizer2 *nfkc_cf = NULL;
	UChar32		c;
	int32		i = 0;

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
	U8_NEXT(s, i, len, c);
	*n = i;
	return c >= 0 && !mojibake_continuation(c) &&
		unorm2_hasBoundaryBefore(nfc, c) && unorm2_hasBoundaryBefore(nfkc_cf, c);
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
	/*
	 * ... else between two ASCII characters outside an HTML reference (no
	 * mojibake sequence has ASCII in it) ...
	 */
	for (i = PGA_CHUNK_MAX; i > PGA_CHUNK_TARGET; i--)
		if ((unsigned char) s[i] < 0x80 && (unsigned char) s[i - 1] < 0x80 && !inside_reference(s, i))
			return i;

	/*
	 * ... else before a character that starts a new normalization unit for
	 * both NFC and NFKC_Casefold (not a combining mark, not a conjoining
	 * jamo vowel or final), so that no composition spans the cut, and that
	 * cannot continue a mojibake sequence.
	 */
	for (i = PGA_CHUNK_MAX; i > 0; i--)
	{
		int			n;

		if (!is_lead_byte((unsigned char) s[i]))
			continue;
		if (boundary_before(s + i, len - i, &n) && !inside_reference(s, i))
			return i;
	}
	/* a run of 64 kB of combining marks: cut anywhere */
	for (i = PGA_CHUNK_MAX; i > 0; i--)
		if (is_lead_byte((unsigned char) s[i]))
			return i;
	return len;					/* not reached for valid UTF-8 */
}
