/*
 * repair.c
 *		Control characters, invisible characters and line breaks; and the
 *		order in which the repair steps run.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "pg_article.h"
#include "repair/repair.h"
#include "util/chunk.h"

/*
 * What the controls step does with one code point: keep it, drop it, or
 * replace it.  Returns the replacement's UTF-8 length, 0 to drop, -1 to keep.
 */
static int
control_replacement(uint32 c, const unsigned char *next, const unsigned char *end,
					unsigned char *rep)
{
	if (c < 0x20 || c == 0x7F)
	{
		switch (c)
		{
			case '\t':
			case '\n':
				return -1;
			case '\r':
				/* CR LF and lone CR become LF */
				if (next < end && *next == '\n')
					return 0;
				rep[0] = '\n';
				return 1;
			case '\v':
			case '\f':
				rep[0] = '\n';
				return 1;
			default:
				return 0;
		}
	}
	if (c >= 0x80 && c <= 0x9F)
	{
		/* C1 controls in web text are Windows-1252 read as Latin-1 */
		uint32		w = pga_cp1252_high((unsigned char) c);

		return w ? pga_utf8_encode(w, rep) : 0;
	}
	switch (c)
	{
		case 0x00AD:			/* soft hyphen */
		case 0x180E:			/* Mongolian vowel separator (was a space) */
		case 0x200B:			/* zero width space */
		case 0x2060:			/* word joiner */
		case 0x2061:			/* invisible math operators */
		case 0x2062:
		case 0x2063:
		case 0x2064:
		case 0xFEFF:			/* BOM / zero width no-break space */
		case 0xFFFC:			/* object replacement (a lost image) */
			return 0;
		case 0x2028:			/* line separator */
			rep[0] = '\n';
			return 1;
		case 0x2029:			/* paragraph separator */
			rep[0] = '\n';
			rep[1] = '\n';
			return 2;
		default:
			return -1;
	}
}

/*
 * Bytes that can start a code point the controls step changes: C0 controls
 * but tab and LF, DEL, and the lead bytes of C1 controls and soft hyphen
 * (C2), U+180E (E1), U+200B..U+2064 (E2), U+FEFF and U+FFFC (EF).
 */
static const bool suspect_byte[256] = {
	[0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x7F] = 1, [0xC2] = 1, [0xE1] = 1, [0xE2] = 1, [0xEF] = 1
};

static inline bool
is_suspect_byte(unsigned char b)
{
	return suspect_byte[b];
}

/* Is any of the eight bytes at p flagged in tab? */
static inline bool
any_flagged8(const unsigned char *p, const bool *tab)
{
	return (tab[p[0]] | tab[p[1]] | tab[p[2]] | tab[p[3]] |
			tab[p[4]] | tab[p[5]] | tab[p[6]] | tab[p[7]]) != 0;
}

bool
pga_fix_controls(const char *s, int len, StringInfo out)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	const unsigned char *done = p;
	bool		changed = false;

	while (p < end)
	{
		int			n;
		uint32		c;
		unsigned char rep[4];
		int			r;

		/* most text has nothing here: skip eight bytes at a time */
		if (end - p >= 8 && !any_flagged8(p, suspect_byte))
		{
			p += 8;
			continue;
		}
		if (!is_suspect_byte(*p))
		{
			p++;
			continue;
		}
		c = pga_utf8_decode(p, &n);
		r = control_replacement(c, p + n, end, rep);
		if (r >= 0)
		{
			pga_buf_append(out, (const char *) done, p - done);
			pga_buf_append(out, (const char *) rep, r);
			done = p + n;
			changed = true;
		}
		p += n;
	}
	pga_buf_append(out, (const char *) done, end - done);
	return changed;
}

/* The three steps once; returns true if any changed something. */
static bool
repair_once(const char *s, int len, int flags, StringInfo out)
{
	StringInfoData tmp1,
				tmp2;
	const char *cur = s;
	int			curlen = len;
	bool		changed = false;

	initStringInfo(&tmp1);
	initStringInfo(&tmp2);

	/* references first: "&Atilde;&copy;" is mojibake too, and &#146; a C1 byte */
	if ((flags & PGA_REPAIR_HTML) && memchr(cur, '&', curlen) != NULL &&
		pga_decode_html_entities(cur, curlen, &tmp1))
	{
		cur = tmp1.data;
		curlen = tmp1.len;
		changed = true;
	}
	/* then mojibake, which needs to see C1 characters before they are mapped */
	if (flags & PGA_REPAIR_MOJIBAKE)
	{
		StringInfo	dst = (cur == tmp1.data) ? &tmp2 : &tmp1;

		resetStringInfo(dst);
		if (pga_fix_mojibake(cur, curlen, dst))
		{
			cur = dst->data;
			curlen = dst->len;
			changed = true;
		}
	}
	if (pga_fix_controls(cur, curlen, out))
		changed = true;
	pfree(tmp1.data);
	pfree(tmp2.data);
	return changed;
}

/*
 * Repairs until nothing changes: removing a control or zero-width character
 * can join the halves of an entity or of mojibake ("&am\u200Bp;"), which a
 * second round then repairs, so that repairing a repaired text changes
 * nothing.  Every changing round shortens or settles the text; a handful of
 * rounds is always enough in practice, and the bound only guards against
 * surprises.
 */
void
pga_repair_piece(const char *s, int len, int flags, StringInfo out)
{
	StringInfoData a,
				b;
	const char *cur = s;
	int			curlen = len;
	int			round;

	/* most text needs nothing: one cheap scan, one copy */
	if (flags == PGA_REPAIR_DEFAULT && !pga_may_need_repair(s, len))
	{
		pga_buf_append(out, s, len);
		return;
	}
	initStringInfo(&a);
	initStringInfo(&b);
	for (round = 0; round < 8; round++)
	{
		StringInfo	dst = (round % 2 == 0) ? &a : &b;

		resetStringInfo(dst);
		if (!repair_once(cur, curlen, flags, dst))
			break;
		cur = dst->data;
		curlen = dst->len;
	}
	pga_buf_append(out, cur, curlen);
	pfree(a.data);
	pfree(b.data);
}

/*
 * Could repairing s[0..len) change it?  False means surely not.  Eight bytes
 * at a time skip printable ASCII other than '&'; the rest is checked
 * precisely: a possible mojibake lead (C3 82..C3 B4), C0/C1 controls and
 * DEL, soft hyphen, and the three-byte invisibles and separators repair
 * removes (curly quotes and dashes, also E2-led, are left alone).
 */
/*
 * Bytes where the check below has something to look at: C0 controls but tab
 * and LF, '&', DEL, and the lead bytes C2, C3, E1, E2 and EF.
 */
static const bool repair_lead_byte[256] = {
	[0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['&'] = 1, [0x7F] = 1, [0xC2] = 1, [0xC3] = 1, [0xE1] = 1, [0xE2] = 1, [0xEF] = 1
};

bool
pga_may_need_repair(const char *s, int len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;

	while (p < end)
	{
		if (end - p >= 8)
		{
			uint64		w;

			memcpy(&w, p, 8);
			/* no byte >= 0x7F, none < 0x20, none equal to '&' */
			if (((w | (w + UINT64CONST(0x0101010101010101))) & UINT64CONST(0x8080808080808080)) == 0 &&
				(((w - UINT64CONST(0x2020202020202020)) & ~w) & UINT64CONST(0x8080808080808080)) == 0 &&
				((((w ^ UINT64CONST(0x2626262626262626)) - UINT64CONST(0x0101010101010101)) &
				  ~(w ^ UINT64CONST(0x2626262626262626))) & UINT64CONST(0x8080808080808080)) == 0)
			{
				p += 8;
				continue;
			}
			/* other scripts: none of the bytes the switch acts on */
			if (!any_flagged8(p, repair_lead_byte))
			{
				p += 8;
				continue;
			}
		}
		if (!repair_lead_byte[*p])
		{
			p++;
			continue;
		}
		switch (*p)
		{
			case '&':
				return true;
			case 0xC2:
				if (p + 1 < end && (p[1] <= 0x9F || p[1] == 0xAD))
					return true;	/* C1 control or soft hyphen */
				break;
			case 0xC3:
				if (p + 1 < end && p[1] >= 0x82 && p[1] <= 0xB4)
					return true;	/* Â..ô: a possible mojibake lead */
				break;
			case 0xE1:
				if (p + 2 < end && p[1] == 0xA0 && p[2] == 0x8E)
					return true;	/* U+180E */
				break;
			case 0xE2:
				if (p + 2 < end && ((p[1] == 0x80 && (p[2] == 0x8B || p[2] == 0xA8 || p[2] == 0xA9)) ||
									(p[1] == 0x81 && p[2] >= 0xA0 && p[2] <= 0xA4)))
					return true;	/* U+200B, U+2028/9, U+2060..2064 */
				break;
			case 0xEF:
				if (p + 2 < end && ((p[1] == 0xBB && p[2] == 0xBF) || (p[1] == 0xBF && p[2] == 0xBC)))
					return true;	/* BOM, U+FFFC */
				break;
			default:
				if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F)
					return true;
				break;
		}
		p++;
	}
	return false;
}

void
pga_repair(const char *s, int len, int flags, StringInfo out)
{
	while (len > 0)
	{
		int			n = pga_next_chunk(s, len);

		CHECK_FOR_INTERRUPTS();
		pga_repair_piece(s, n, flags, out);
		s += n;
		len -= n;
	}
}
