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
	return c >= 0 && unorm2_hasBoundaryBefore(nfc, c) && unorm2_hasBoundaryBefore(nfkc_cf, c);
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
	 * ... else before a character that starts a new normalization unit for
	 * both NFC and NFKC_Casefold (not a combining mark, not a conjoining
	 * jamo vowel or final), so that no composition spans the cut.
	 */
	for (i = PGA_CHUNK_MAX; i > 0; i--)
	{
		int			n;

		if (!is_lead_byte((unsigned char) s[i]))
			continue;
		if (boundary_before(s + i, len - i, &n))
			return i;
	}
	/* a run of 64 kB of combining marks: cut anywhere */
	for (i = PGA_CHUNK_MAX; i > 0; i--)
		if (is_lead_byte((unsigned char) s[i]))
			return i;
	return len;					/* not reached for valid UTF-8 */
}
