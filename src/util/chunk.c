/*
 * chunk.c
 *		Choosing where to cut long texts (see chunk.h).
 */
#include "postgres.h"

#include "util/chunk.h"

/* true for a byte that starts a UTF-8 code point */
static inline bool
is_lead_byte(unsigned char c)
{
	return (c & 0xC0) != 0x80;
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
	/* ... else any code point boundary that is not before a combining byte sequence. */
	for (i = PGA_CHUNK_MAX; i > PGA_CHUNK_TARGET; i--)
		if (is_lead_byte((unsigned char) s[i]) && (unsigned char) s[i] < 0xCC)
			return i;
	for (i = PGA_CHUNK_MAX; i > 0; i--)
		if (is_lead_byte((unsigned char) s[i]))
			return i;
	return len;					/* not reached for valid UTF-8 */
}
