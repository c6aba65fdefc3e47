/*
 * mojibake.c
 *		Undoing UTF-8 that was decoded as Windows-1252 or Latin-1.
 *
 * "Itâ€™s" is "It’s" whose UTF-8 bytes E2 80 99 were read as the three
 * Windows-1252 characters â € ™.  We map each character back to the byte it
 * came from and look for byte runs that form one valid, plausible UTF-8
 * sequence.  Being conservative matters more than catching everything, since
 * correct text in any language must come out unchanged:
 *
 *	- sequences of three or four bytes, and two-byte ones led by Â or Ã (the
 *	  leads of U+0080..U+00FF, by far the most common damage), are accepted;
 *	- other two-byte sequences, such as "ß“" in correct German or "É’",
 *	  could be real text.  They are accepted only when the second character is
 *	  not punctuation that commonly follows a letter (or is, but a letter
 *	  follows it, as in "Å›wiat" for "świat"), when they touch another
 *	  candidate (Cyrillic and Greek words come out as runs of them), or when the
 *	  piece holds two other repairs into the same Unicode block;
 *	- decoded results must be printable: no controls, surrogates,
 *	  noncharacters or private-use characters.
 *
 * Text damaged twice ("Ã¢â‚¬â„¢") is repaired by running the pass again until
 * nothing changes (each pass shortens the text; at most MAX_PASSES), so that
 * repairing a repaired text changes nothing.  A lost final byte ("â€" for ”, whose 0x9D byte
 * Windows-1252 does not define) is restored only in pieces that already show
 * other damage.
 */
#include "postgres.h"

#include <unicode/uchar.h>

#include "pg_article.h"
#include "repair/repair.h"

#define MAX_PASSES	8

typedef struct Candidate
{
	int			start;			/* byte offset of the lead character */
	int			end;			/* byte offset just past the sequence */
	uint32		decoded;
	bool		strong;
	bool		trailing_punct; /* 2-byte whose second char is trailing punctuation */
	bool		lost_byte;		/* "â€" whose third byte was lost */
	bool		accepted;
} Candidate;

/* The byte a character came from under Windows-1252 or Latin-1, or -1. */
static inline int
char_to_byte(uint32 c)
{
	if (c < 0x100)
		return (int) c;
	switch (c)
	{
		case 0x20AC: return 0x80;
		case 0x201A: return 0x82;
		case 0x0192: return 0x83;
		case 0x201E: return 0x84;
		case 0x2026: return 0x85;
		case 0x2020: return 0x86;
		case 0x2021: return 0x87;
		case 0x02C6: return 0x88;
		case 0x2030: return 0x89;
		case 0x0160: return 0x8A;
		case 0x2039: return 0x8B;
		case 0x0152: return 0x8C;
		case 0x017D: return 0x8E;
		case 0x2018: return 0x91;
		case 0x2019: return 0x92;
		case 0x201C: return 0x93;
		case 0x201D: return 0x94;
		case 0x2022: return 0x95;
		case 0x2013: return 0x96;
		case 0x2014: return 0x97;
		case 0x02DC: return 0x98;
		case 0x2122: return 0x99;
		case 0x0161: return 0x9A;
		case 0x203A: return 0x9B;
		case 0x0153: return 0x9C;
		case 0x017E: return 0x9E;
		case 0x0178: return 0x9F;
		default: return -1;
	}
}

/* Punctuation that often follows a word-final letter in correct text. */
static bool
is_trailing_punct(uint32 c)
{
	switch (c)
	{
		case 0x2018: case 0x2019: case 0x201C: case 0x201D:
		case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
		case 0x2026: case 0x2013: case 0x2014: case 0x2022:
		case 0x2020: case 0x2021: case 0x2030: case 0x2122:
		case 0x00A0: case 0x00A6: case 0x00A7: case 0x00A8:
		case 0x00A9: case 0x00AA: case 0x00AE: case 0x00AF:
		case 0x00B0: case 0x00B1: case 0x00B2: case 0x00B3:
		case 0x00B4: case 0x00B6: case 0x00B7: case 0x00B9:
		case 0x00BA:
			return true;
		default:
			return false;
	}
}

/* A letter or digit of any script (fullwidth ones too, which display mapping makes ASCII). */
static bool
is_letter_like(uint32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return u_isalnum((UChar32) c);
}

static bool
is_plausible(uint32 c)
{
	if (c < 0xA0)
		return false;
	if (c >= 0xD800 && c <= 0xDFFF)
		return false;
	if (c >= 0xE000 && c <= 0xF8FF)
		return false;
	if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
		return false;
	if (c >= 0xF0000)
		return false;
	return true;
}

/*
 * Tries to read, at byte offset off of s, characters whose Windows-1252 or
 * Latin-1 bytes form one valid, plausible UTF-8 sequence.  The lead
 * character is one of Â..ô.  Fills cd and returns true on success.
 */
static bool
match_sequence(const char *s, int len, int off, Candidate *cd)
{
	const unsigned char *u = (const unsigned char *) s;
	int			n;
	int			b0 = (int) pga_utf8_decode(u + off, &n);
	int			pos = off + n;
	int			need;
	uint32		cp;
	uint32		second = 0;
	int			k;

	if (b0 >= 0xC2 && b0 <= 0xDF)
	{
		need = 2;
		cp = b0 & 0x1F;
	}
	else if (b0 >= 0xE0 && b0 <= 0xEF)
	{
		need = 3;
		cp = b0 & 0x0F;
	}
	else if (b0 >= 0xF0 && b0 <= 0xF4)
	{
		need = 4;
		cp = b0 & 0x07;
	}
	else
		return false;
	for (k = 1; k < need; k++)
	{
		uint32		c;
		int			b;

		if (pos < len)
		{
			c = pga_utf8_decode(u + pos, &n);
			b = char_to_byte(c);
		}
		else
		{
			c = 0;
			b = -1;
			n = 0;
		}
		if (b < 0x80 || b > 0xBF)
		{
			/* "â€" followed by something else: ” whose 0x9D byte was dropped */
			if (k == 2 && b0 == 0xE2 && second == 0x20AC)
			{
				cd->start = off;
				cd->end = pos + ((c == 0xFFFD) ? n : 0);
				cd->decoded = 0x201D;
				cd->strong = false;
				cd->trailing_punct = false;
				cd->lost_byte = true;
				return true;
			}
			return false;
		}
		if (k == 1)
			second = c;
		cp = (cp << 6) | (b & 0x3F);
		pos += n;
	}
	/* reject overlong forms and values past U+10FFFF */
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return false;
	if (!is_plausible(cp))
		return false;
	cd->start = off;
	cd->end = pos;
	cd->decoded = cp;
	cd->strong = (need > 2 || b0 == 0xC2 || b0 == 0xC3);
	cd->lost_byte = false;
	/* closing punctuation is followed by space or more punctuation, not a letter */
	cd->trailing_punct = (need == 2 && is_trailing_punct(second) &&
						  !(pos < len && is_letter_like(pga_utf8_decode(u + pos, &n))));
	return true;
}

/*
 * One pass over a piece; returns true and fills out if anything was
 * repaired.  Only the neighbourhood of each possible lead character (bytes
 * C3 82..C3 B4) is decoded, so correct text with the odd accented letter
 * costs a memchr.
 */
static bool
mojibake_pass(const char *s, int len, StringInfo out)
{
	const unsigned char *u = (const unsigned char *) s;
	Candidate  *cands = NULL;
	int			ncands = 0,
				maxcands = 0,
				naccepted = 0,
				c;
	int			block_evidence[16] = {0};	/* 2-byte results are < U+0800 */
	const unsigned char *p = u;
	const unsigned char *end = u + len;
	int			done;

	while ((p = memchr(p, 0xC3, end - p)) != NULL && p + 1 < end)
	{
		Candidate	cd;

		if (p[1] < 0x82 || p[1] > 0xB4 || !match_sequence(s, len, p - u, &cd))
		{
			p++;
			continue;
		}
		if (ncands == maxcands)
		{
			maxcands = maxcands ? maxcands * 2 : 16;
			cands = cands ? repalloc(cands, sizeof(Candidate) * maxcands)
				: palloc(sizeof(Candidate) * maxcands);
		}
		cands[ncands++] = cd;
		p = u + cd.end;
	}
	if (ncands == 0)
		return false;

	/* decide: strong ones, weak ones by their own shape or by touching a neighbour */
	for (c = 0; c < ncands; c++)
	{
		Candidate  *cd = &cands[c];
		bool		touches = (c > 0 && cands[c - 1].end == cd->start) ||
			(c + 1 < ncands && cd->end == cands[c + 1].start);

		cd->accepted = !cd->lost_byte && (cd->strong || !cd->trailing_punct || touches);
		if (cd->accepted)
		{
			naccepted++;
			if (cd->decoded < 0x800)
				block_evidence[cd->decoded >> 7]++;
		}
	}

	/*
	 * A lone weak candidate is still accepted when the piece shows two or more
	 * repairs into the same 128-code-point block (Cyrillic "Ð²" = в beside other
	 * damaged Cyrillic), but never on the strength of damage in another script.
	 * A lost final byte is restored only where other damage shows.
	 */
	for (c = 0; c < ncands; c++)
	{
		Candidate  *cd = &cands[c];

		if (cd->accepted)
			continue;
		if (cd->lost_byte ? naccepted > 0 : block_evidence[cd->decoded >> 7] >= 2)
			cd->accepted = true;
	}

	/* emit */
	done = 0;
	for (c = 0; c < ncands; c++)
	{
		unsigned char enc[4];

		if (!cands[c].accepted)
			continue;
		if (done == 0)
			pga_buf_reserve(out, len);
		pga_buf_append(out, s + done, cands[c].start - done);
		pga_buf_append(out, (const char *) enc, pga_utf8_encode(cands[c].decoded, enc));
		done = cands[c].end;
	}
	pfree(cands);
	if (done == 0)
		return false;
	pga_buf_append(out, s + done, len - done);
	return true;
}

bool
pga_fix_mojibake(const char *s, int len, StringInfo out)
{
	StringInfoData a,
				b;
	const char *cur = s;
	int			curlen = len;
	int			pass;
	bool		changed = false;

	/* cheap exit for the common case: no possible lead character at all */
	if (memchr(s, 0xC3, len) == NULL)
	{
		pga_buf_append(out, s, len);
		return false;
	}
	initStringInfo(&a);
	initStringInfo(&b);
	for (pass = 0; pass < MAX_PASSES; pass++)
	{
		StringInfo	dst = (pass % 2 == 0) ? &a : &b;

		resetStringInfo(dst);
		if (!mojibake_pass(cur, curlen, dst))
			break;
		changed = true;
		cur = dst->data;
		curlen = dst->len;
	}
	pga_buf_append(out, cur, curlen);
	pfree(a.data);
	pfree(b.data);
	return changed;
}
