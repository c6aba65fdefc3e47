/*
 * normalize.c
 *		Display normalization, folding and fingerprints (see normalize.h).
 *
 * Every entry point works piece by piece (util/chunk.h): repair the piece,
 * convert it to UTF-16 for ICU, normalize, then one pass that maps
 * characters and tidies white space with state carried across pieces.
 * Pure-ASCII pieces skip ICU: NFC leaves them alone and NFKC_Casefold only
 * lowercases them.
 */
#include "postgres.h"

#include "miscadmin.h"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "repair/repair.h"
#include "util/chunk.h"

/* Fingerprints are seeded so they do not collide with plain xxh3 of the same bytes. */
#define PGA_FINGERPRINT_SEED	UINT64CONST(0x70675f6172746963)	/* "pg_artic" */

static bool
is_ascii(const char *s, int len)
{
	int			i;

	for (i = 0; i < len; i++)
		if ((unsigned char) s[i] >= 0x80)
			return false;
	return true;
}

/* Horizontal white space: tab and every space separator (Zs). */
static inline bool
is_hspace(UChar32 c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t';
	return c == 0xA0 || u_charType(c) == U_SPACE_SEPARATOR;
}

/*
 * Writes one character through the white-space state: spaces and line
 * breaks are held back until the next visible character shows whether they
 * are inside the text (emitted, as one space or one/two line breaks) or
 * trailing (dropped).  With keep_lines false every break is a space.
 */
static inline void
emit_char(UChar32 c, PgaSpaceState *st, bool keep_lines, StringInfo out)
{
	if (c == '\n' || c == '\r')
	{
		if (keep_lines)
		{
			st->pending_newlines++;
			st->pending_space = false;
		}
		else
			st->pending_space = true;
		return;
	}
	if (is_hspace(c))
	{
		if (st->pending_newlines == 0)
			st->pending_space = true;
		return;
	}
	if (st->started)
	{
		if (st->pending_newlines >= 2)
			pga_buf_append(out, "\n\n", 2);
		else if (st->pending_newlines == 1)
			pga_buf_append_byte(out, '\n');
		else if (st->pending_space)
			pga_buf_append_byte(out, ' ');
	}
	st->started = true;
	st->pending_space = false;
	st->pending_newlines = 0;
	if (c < 0x80)
		pga_buf_append_byte(out, (char) c);
	else
	{
		unsigned char enc[4];

		pga_buf_append(out, (const char *) enc, pga_utf8_encode((uint32) c, enc));
	}
}

/* Display-only mappings on top of NFC: Latin ligatures and fullwidth letters/digits. */
static int
display_map(UChar32 c, UChar32 *rep)
{
	if (c >= 0xFF10 && c <= 0xFF5A &&
		(c <= 0xFF19 || (c >= 0xFF21 && c <= 0xFF3A) || c >= 0xFF41))
	{
		rep[0] = c - 0xFEE0;
		return 1;
	}
	switch (c)
	{
		case 0xFB00: rep[0] = 'f'; rep[1] = 'f'; return 2;
		case 0xFB01: rep[0] = 'f'; rep[1] = 'i'; return 2;
		case 0xFB02: rep[0] = 'f'; rep[1] = 'l'; return 2;
		case 0xFB03: rep[0] = 'f'; rep[1] = 'f'; rep[2] = 'i'; return 3;
		case 0xFB04: rep[0] = 'f'; rep[1] = 'f'; rep[2] = 'l'; return 3;
		case 0xFB05:
		case 0xFB06: rep[0] = 's'; rep[1] = 't'; return 2;
		default: return 0;
	}
}

static void
display_piece(const char *s, int len, PgaSpaceState *st, StringInfo out)
{
	StringInfoData rep;

	initStringInfo(&rep);
	pga_repair_piece(s, len, PGA_REPAIR_DEFAULT, &rep);
	if (is_ascii(rep.data, rep.len))
	{
		int			i;

		for (i = 0; i < rep.len; i++)
			emit_char((unsigned char) rep.data[i], st, true, out);
	}
	else
	{
		int32		len16,
					nlen;
		UChar	   *u16 = pga_utf8_to_utf16(rep.data, rep.len, &len16);
		UChar	   *n16 = pga_icu_normalize("c", u16, len16, &nlen);
		int32		i = 0;

		while (i < nlen)
		{
			UChar32		c,
						m[3];
			int			k,
						j;

			U16_NEXT(n16, i, nlen, c);
			k = display_map(c, m);
			if (k == 0)
				emit_char(c, st, true, out);
			else
				for (j = 0; j < k; j++)
					emit_char(m[j], st, true, out);
		}
		if (n16 != u16)
			pfree(n16);
		pfree(u16);
	}
	pfree(rep.data);
}

void
pga_normalize_display(const char *s, int len, StringInfo out)
{
	PgaSpaceState st = PGA_SPACE_STATE_INIT;

	while (len > 0)
	{
		int			n = pga_next_chunk(s, len);

		CHECK_FOR_INTERRUPTS();
		display_piece(s, n, &st, out);
		s += n;
		len -= n;
	}
}

/* Typographic variants left after NFKC_Casefold, unified for matching. */
static inline UChar32
fold_map(UChar32 c)
{
	if (c < 0x2010)
	{
		switch (c)
		{
			case 0x60:			/* ` */
			case 0xB4:			/* ´ */
			case 0x2BC:			/* modifier letter apostrophe */
				return '\'';
			case 0xAB:			/* « » */
			case 0xBB:
				return '"';
			default:
				return c;
		}
	}
	if (c <= 0x2015)			/* hyphen, non-breaking hyphen, figure dash, en, em, bar */
		return '-';
	switch (c)
	{
		case 0x2018: case 0x2019: case 0x201A: case 0x201B:
		case 0x2032: case 0x2035: case 0x2039: case 0x203A:
			return '\'';
		case 0x201C: case 0x201D: case 0x201E: case 0x201F:
		case 0x2033: case 0x2036: case 0x301D: case 0x301E: case 0x301F:
			return '"';
		case 0x2212: case 0x2E3A: case 0x2E3B: case 0xFE58:
			return '-';
		default:
			return c;
	}
}

/* Folds one repaired piece r[0..rlen) to UTF-16. */
static UChar *
fold_repaired16(const char *r, int rlen, int flags, PgaSpaceState *st, int32 *len16)
{
	StringInfoData mapped;
	UChar	   *u16;
	UChar	   *n16;
	int32		ulen,
				nlen,
				i = 0;

	u16 = pga_utf8_to_utf16(r, rlen, &ulen);
	n16 = pga_icu_normalize("kc_cf", u16, ulen, &nlen);

	/*
	 * Map and collapse into UTF-8 scratch, then back to UTF-16: simpler than
	 * a second white-space machine for UTF-16, and cheap next to ICU.
	 */
	initStringInfo(&mapped);
	while (i < nlen)
	{
		UChar32		c;

		U16_NEXT(n16, i, nlen, c);
		emit_char(fold_map(c), st, false, &mapped);
	}
	if (n16 != u16)
		pfree(n16);
	pfree(u16);

	u16 = pga_utf8_to_utf16(mapped.data, mapped.len, &ulen);
	pfree(mapped.data);
	if ((flags & PGA_FOLD_ACCENTS) && ulen > 0)
	{
		UChar	   *t = pga_icu_strip_accents(u16, ulen, &ulen);

		pfree(u16);
		u16 = t;
	}
	*len16 = ulen;
	return u16;
}

/* Repairs one piece unless the caller says it is repaired; *r is s or palloc'd. */
static void
repair_unless_repaired(const char *s, int len, int flags, const char **r, int *rlen)
{
	StringInfoData rep;

	if (flags & PGA_FOLD_REPAIRED)
	{
		*r = s;
		*rlen = len;
		return;
	}
	initStringInfo(&rep);
	pga_repair_piece(s, len, PGA_REPAIR_DEFAULT, &rep);
	*r = rep.data;
	*rlen = rep.len;
}

UChar *
pga_fold_piece16(const char *s, int len, int flags, PgaSpaceState *st, int32 *len16)
{
	const char *r;
	int			rlen;
	UChar	   *u16;

	repair_unless_repaired(s, len, flags, &r, &rlen);
	u16 = fold_repaired16(r, rlen, flags, st, len16);
	if (r != s)
		pfree((char *) r);
	return u16;
}

/* Folds one piece, appending UTF-8 to out. */
static void
fold_piece(const char *s, int len, int flags, PgaSpaceState *st, StringInfo out)
{
	const char *r;
	int			rlen;

	repair_unless_repaired(s, len, flags, &r, &rlen);
	if (!(flags & PGA_FOLD_ACCENTS) && is_ascii(r, rlen))
	{
		int			i;

		/* NFKC_Casefold of ASCII is ASCII lowercase; ` is the only mapped quote */
		for (i = 0; i < rlen; i++)
		{
			unsigned char c = (unsigned char) r[i];

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			else if (c == '`')
				c = '\'';
			emit_char(c, st, false, out);
		}
	}
	else
	{
		int32		len16;
		UChar	   *u16 = fold_repaired16(r, rlen, flags, st, &len16);

		pga_utf16_append_utf8(u16, len16, out);
		pfree(u16);
	}
	if (r != s)
		pfree((char *) r);
}

void
pga_fold(const char *s, int len, int flags, StringInfo out)
{
	PgaSpaceState st = PGA_SPACE_STATE_INIT;

	while (len > 0)
	{
		int			n = pga_next_chunk(s, len);

		CHECK_FOR_INTERRUPTS();
		fold_piece(s, n, flags, &st, out);
		s += n;
		len -= n;
	}
}

uint64
pga_fingerprint_folded(const char *folded, Size len)
{
	return (uint64) XXH3_64bits_withSeed(folded, len, PGA_FINGERPRINT_SEED);
}

/* Streams the folded pieces into the hash, so memory stays bounded. */
uint64
pga_fold_fingerprint(const char *s, int len, int flags)
{
	PgaSpaceState st = PGA_SPACE_STATE_INIT;
	XXH3_state_t hs;
	StringInfoData piece;

	XXH3_64bits_reset_withSeed(&hs, PGA_FINGERPRINT_SEED);
	initStringInfo(&piece);
	while (len > 0)
	{
		int			n = pga_next_chunk(s, len);

		CHECK_FOR_INTERRUPTS();
		resetStringInfo(&piece);
		fold_piece(s, n, flags, &st, &piece);
		XXH3_64bits_update(&hs, piece.data, piece.len);
		s += n;
		len -= n;
	}
	pfree(piece.data);
	return (uint64) XXH3_64bits_digest(&hs);
}
