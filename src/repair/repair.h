/*
 * repair.h
 *		Stage 1: repair of scraped text.
 *
 * Conservative fixes for accidents of scraping: mojibake (UTF-8 read as
 * Windows-1252 or Latin-1, once or twice), HTML character references, C0/C1
 * control characters, zero-width characters, BOMs, soft hyphens and mixed
 * line breaks.  Correct text in any script passes through unchanged.
 */
#ifndef PGA_REPAIR_H
#define PGA_REPAIR_H

#include "postgres.h"
#include "lib/stringinfo.h"

#define PGA_REPAIR_HTML		0x01	/* decode &amp; &#8217; &eacute; ... */
#define PGA_REPAIR_MOJIBAKE	0x02	/* undo UTF-8 read as Windows-1252/Latin-1 */
#define PGA_REPAIR_DEFAULT	(PGA_REPAIR_HTML | PGA_REPAIR_MOJIBAKE)

/*
 * Appends the repair of s[0..len) to out.  Works piece by piece (see
 * util/chunk.h) and checks for interrupts between pieces, so any length up to
 * 1 GB is fine.
 */
extern void pga_repair(const char *s, int len, int flags, StringInfo out);

/*
 * Appends the repair of one piece of at most PGA_CHUNK_MAX bytes to out.
 * Later stages that already work piece by piece call this directly.
 */
extern void pga_repair_piece(const char *s, int len, int flags, StringInfo out);

/* Could repairing change s[0..len)?  A cheap scan; false means it surely would not. */
extern bool pga_may_need_repair(const char *s, int len);

/* The steps, exposed for the piece loop and for tests of each step. */
extern bool pga_decode_html_entities(const char *s, int len, StringInfo out);
extern bool pga_fix_mojibake(const char *s, int len, StringInfo out);
extern bool pga_fix_controls(const char *s, int len, StringInfo out);

/* Windows-1252 meaning of a byte 0x80..0x9F, or 0 where it has none. */
extern uint32 pga_cp1252_high(unsigned char b);

/* Encodes code point c as UTF-8 into buf (4 bytes room), returns the length. */
static inline int
pga_utf8_encode(uint32 c, unsigned char *buf)
{
	if (c < 0x80)
	{
		buf[0] = (unsigned char) c;
		return 1;
	}
	if (c < 0x800)
	{
		buf[0] = 0xC0 | (c >> 6);
		buf[1] = 0x80 | (c & 0x3F);
		return 2;
	}
	if (c < 0x10000)
	{
		buf[0] = 0xE0 | (c >> 12);
		buf[1] = 0x80 | ((c >> 6) & 0x3F);
		buf[2] = 0x80 | (c & 0x3F);
		return 3;
	}
	buf[0] = 0xF0 | (c >> 18);
	buf[1] = 0x80 | ((c >> 12) & 0x3F);
	buf[2] = 0x80 | ((c >> 6) & 0x3F);
	buf[3] = 0x80 | (c & 0x3F);
	return 4;
}

/* Decodes the (valid) UTF-8 code point at s, storing its length in *n. */
static inline uint32
pga_utf8_decode(const unsigned char *s, int *n)
{
	unsigned char c = s[0];

	if (c < 0x80)
	{
		*n = 1;
		return c;
	}
	if (c < 0xE0)
	{
		*n = 2;
		return ((uint32) (c & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (c < 0xF0)
	{
		*n = 3;
		return ((uint32) (c & 0x0F) << 12) | ((uint32) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	*n = 4;
	return ((uint32) (c & 0x07) << 18) | ((uint32) (s[1] & 0x3F) << 12) |
		((uint32) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

#endif
