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

#include "pg_article.h"
#include "repair/repair.h"

#define MAX_PASSES	8

typedef struct Candidate
{
	int			start;			/* index of the lead character */
	int			nchars;			/* characters consumed */
	uint32		decoded;
	bool		strong;
	bool		trailing_punct; /* 2-byte whose second char is trailing punctuation */
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

/* Letters and digits of the scripts whose damage we undo (rough, no tables). */
static bool
is_letter_like(uint32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7;
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
 * Tries to read a UTF-8 sequence from the bytes that chars[i..] came from.
 * Returns the number of characters consumed (2..4) or 0.
 */
static int
match_sequence(const uint32 *chars, const int16 *bytes, int n, int i, uint32 *decoded)
{
	int			b0 = bytes[i];
	int			need;
	uint32		cp;
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
		return 0;
	if (i + need > n)
		return 0;
	for (k = 1; k < need; k++)
	{
		int			b = bytes[i + k];

		if (b < 0x80 || b > 0xBF)
			return 0;
		cp = (cp << 6) | (b & 0x3F);
	}
	/* reject overlong forms and values past U+10FFFF */
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	if (!is_plausible(cp))
		return 0;
	*decoded = cp;
	return need;
}

/* One pass over a piece; returns true and fills out if anything was repaired. */
static bool
mojibake_pass(const char *s, int len, StringInfo out)
{
	uint32	   *chars;
	int16	   *bytes;
	int		   *offsets;
	Candidate  *cands;
	int			nchars = 0,
				ncands = 0,
				naccepted = 0,
				i,
				c;
	bool		changed = false;
	int			done;
	int			block_evidence[16] = {0};	/* 2-byte results are < U+0800 */

	chars = palloc(sizeof(uint32) * (len + 1));
	bytes = palloc(sizeof(int16) * (len + 1));
	offsets = palloc(sizeof(int) * (len + 1));
	for (i = 0; i < len;)
	{
		int			n;

		chars[nchars] = pga_utf8_decode((const unsigned char *) s + i, &n);
		bytes[nchars] = (int16) char_to_byte(chars[nchars]);
		offsets[nchars] = i;
		nchars++;
		i += n;
	}
	offsets[nchars] = len;

	cands = palloc(sizeof(Candidate) * (nchars / 2 + 1));
	for (i = 0; i < nchars;)
	{
		uint32		decoded;
		int			k;

		if (bytes[i] < 0xC2 || (k = match_sequence(chars, bytes, nchars, i, &decoded)) == 0)
		{
			i++;
			continue;
		}
		cands[ncands].start = i;
		cands[ncands].nchars = k;
		cands[ncands].decoded = decoded;
		cands[ncands].strong = (k > 2 || chars[i] == 0xC2 || chars[i] == 0xC3);
		/* closing punctuation is followed by space or more punctuation, not a letter */
		cands[ncands].trailing_punct = (k == 2 && is_trailing_punct(chars[i + 1]) &&
										!(i + 2 < nchars && is_letter_like(chars[i + 2])));
		cands[ncands].accepted = false;
		ncands++;
		i += k;
	}

	/* decide: strong ones, weak ones by their own shape or by touching a neighbour */
	for (c = 0; c < ncands; c++)
	{
		Candidate  *cd = &cands[c];
		bool		touches = (c > 0 && cands[c - 1].start + cands[c - 1].nchars == cd->start) ||
			(c + 1 < ncands && cd->start + cd->nchars == cands[c + 1].start);

		if (cd->strong || !cd->trailing_punct || touches)
		{
			cd->accepted = true;
			naccepted++;
		}
	}
	/*
	 * A lone weak candidate is still accepted when the piece shows two or more
	 * repairs into the same 128-code-point block (Cyrillic "Ð²" = в beside other
	 * damaged Cyrillic), but never on the strength of damage in another script.
	 */
	for (c = 0; c < ncands; c++)
		if (cands[c].accepted && cands[c].nchars == 2)
			block_evidence[cands[c].decoded >> 7]++;
	for (c = 0; c < ncands; c++)
		if (!cands[c].accepted && block_evidence[cands[c].decoded >> 7] >= 2)
		{
			cands[c].accepted = true;
			naccepted++;
		}

	/* emit */
	done = 0;
	c = 0;
	for (i = 0; i < nchars; i++)
	{
		unsigned char enc[4];
		int			skip = 0;
		uint32		value = 0;

		while (c < ncands && cands[c].start < i)
			c++;
		if (c < ncands && cands[c].start == i && cands[c].accepted)
		{
			value = cands[c].decoded;
			skip = cands[c].nchars;
		}
		else if (naccepted > 0 && chars[i] == 0xE2 && i + 1 < nchars && chars[i + 1] == 0x20AC &&
				 (i + 2 >= nchars || chars[i + 2] == 0xFFFD ||
				  bytes[i + 2] < 0x80 || bytes[i + 2] > 0xBF))
		{
			/* "â€" whose third byte was lost: almost always a closing quote */
			value = 0x201D;
			skip = (i + 2 < nchars && chars[i + 2] == 0xFFFD) ? 3 : 2;
		}
		if (skip == 0)
			continue;
		if (!changed)
		{
			pga_buf_reserve(out, len);
			changed = true;
		}
		pga_buf_append(out, s + done, offsets[i] - done);
		pga_buf_append(out, (const char *) enc, pga_utf8_encode(value, enc));
		done = offsets[i + skip];
		i += skip - 1;
	}
	if (changed)
		pga_buf_append(out, s + done, len - done);

	pfree(chars);
	pfree(bytes);
	pfree(offsets);
	pfree(cands);
	return changed;
}

/* Could s hold damage at all?  Every lead byte we undo is one of Â..ô (C3 82..C3 B4). */
static bool
may_hold_mojibake(const char *s, int len)
{
	const char *p = s,
			   *end = s + len;

	while ((p = memchr(p, 0xC3, end - p)) != NULL && p + 1 < end)
	{
		unsigned char next = (unsigned char) p[1];

		if (next >= 0x82 && next <= 0xB4)
			return true;
		p++;
	}
	return false;
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

	if (!may_hold_mojibake(s, len))
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
		if (!may_hold_mojibake(cur, curlen) || !mojibake_pass(cur, curlen, dst))
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
