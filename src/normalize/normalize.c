/*
 * normalize.c
 *		Display normalization, folding and fingerprints (see normalize.h).
 *
 * Every entry point works piece by piece (util/chunk.h): repair the piece,
 * convert it to UTF-16 for ICU, normalize, then one pass (tidy16) that maps
 * characters and tidies white space with state carried across pieces, and
 * one bulk conversion back to UTF-8.  Pure-ASCII pieces skip ICU: NFC leaves
 * them alone and NFKC_Casefold only lowercases them.
 */
#include "postgres.h"

#include "miscadmin.h"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "repair/repair.h"
#include "util/chunk.h"

bool		pga_icu_only = false;

/* Fingerprints are seeded so they do not collide with plain xxh3 of the same bytes. */
#define PGA_FINGERPRINT_SEED	UINT64CONST(0x70675f6172746963)	/* "pg_artic" */

/* Display-only mappings on top of NFC: Latin ligatures and fullwidth letters/digits. */
static inline int
display_map(UChar c, UChar *rep)
{
	if (c < 0xFB00)
		return 0;
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

/*
 * The one pass after ICU: maps characters (display or fold mappings) and
 * tidies white space.  Spaces and line breaks are held back in *st until the
 * next visible character shows whether they are inside the text (written as
 * one space, or for display one or two line breaks) or trailing (dropped),
 * so pieces of a long text join seamlessly.  Works per UTF-16 unit: no
 * mapped or space character is outside the BMP.  out needs room for
 * 3 * len + 2 units; returns the number written.
 */
/* Stores the loop's white-space locals into *st and returns st (for a nested pass). */
static inline PgaSpaceState *
st_snapshot(PgaSpaceState *st, bool started, bool pending_space, int pending_newlines)
{
	st->started = started;
	st->pending_space = pending_space;
	st->pending_newlines = pending_newlines;
	return st;
}

typedef enum TidyMode
{
	TIDY_DISPLAY,				/* after display_map16 and NFC: paragraphs kept */
	TIDY_FOLD,					/* after ICU NFKC_Casefold: fold mappings */
	TIDY_FOLD_SIMPLE			/* raw text: simple_casefold here, or give up (-1) */
} TidyMode;

static int32
tidy16(const UChar *in, int32 len, TidyMode mode, PgaSpaceState *st, UChar *out)
{
	bool		display = (mode == TIDY_DISPLAY);
	int32		n = 0;
	int32		i;
	/* the state lives in locals inside the loop */
	bool		started = st->started;
	bool		pending_space = st->pending_space;
	int			pending_newlines = st->pending_newlines;

	for (i = 0; i < len; i++)
	{
		UChar		c = in[i];

		/* most characters: printable ASCII inside a run of them */
		if (c > ' ' && c < 0x7F && c != '`' && !(pending_space | (pending_newlines > 0)))
		{
			if (mode == TIDY_FOLD_SIMPLE && c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			out[n++] = c;
			started = true;
			continue;
		}
		if (mode == TIDY_FOLD_SIMPLE && c >= 0x80)
		{
			UChar		cf[3];
			int			k2 = pga_simple_casefold(c, cf);

			if (k2 < 0)
				return -1;		/* the caller asks ICU instead */
			if (k2 > 1)
			{
				/* ß and … expand: run the mapped characters through the same pass */
				int32		m = tidy16(cf, k2, TIDY_FOLD, st_snapshot(st, started, pending_space, pending_newlines), out + n);

				n += m;
				started = st->started;
				pending_space = st->pending_space;
				pending_newlines = st->pending_newlines;
				continue;
			}
			c = cf[0];
		}
		else if (mode == TIDY_FOLD_SIMPLE && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c == '\n' || c == '\r')
		{
			if (display)
			{
				pending_newlines++;
				pending_space = false;
			}
			else
				pending_space = true;
			continue;
		}
		if (pga_is_hspace(c))
		{
			if (pending_newlines == 0)
				pending_space = true;
			continue;
		}
		if (unlikely(pending_space | (pending_newlines > 0)))
		{
			if (started)
			{
				if (pending_newlines > 0)
				{
					out[n++] = '\n';
					if (pending_newlines > 1)
						out[n++] = '\n';
				}
				else
					out[n++] = ' ';
			}
			pending_space = false;
			pending_newlines = 0;
		}
		started = true;
		/* display mappings were applied before NFC (display_map16); folding maps typography here */
		out[n++] = display ? c : pga_fold_map(c);
	}
	st->started = started;
	st->pending_space = pending_space;
	st->pending_newlines = pending_newlines;
	return n;
}


/* Is s[0..len) made only of characters simple_casefold knows (all of them NFC-stable)? */
static bool
nfc_stable_simple16(const UChar *s, int32 len)
{
	UChar		tmp[3];
	int32		i;

	if (pga_icu_only)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] >= 0x80 && pga_simple_casefold(s[i], tmp) < 0)
			return false;
	return true;
}

static UChar *
alloc16(int32 len)
{
	return palloc(sizeof(UChar) * ((Size) len * 3 + 2));
}

/*
 * Could repairing the UTF-16 text s[0..len) change it?  Looks for what the
 * repair steps act on: '&' before a reference, a mojibake lead (Â..ô)
 * before a character of a Windows-1252 byte 0x80..0xBF, controls and the
 * invisible characters repair removes.  False means surely not.
 */
static bool
may_need_repair16(const UChar *s, int32 len)
{
	int32		i;

	for (i = 0; i < len; i++)
	{
		int			t = pga_repair_trigger16(s[i]);

		if (t == 0)
			continue;
		if (t & PGA_RT_ALWAYS)
			return true;
		if ((t & PGA_RT_LEAD) && i + 1 < len && (pga_repair_trigger16(s[i + 1]) & PGA_RT_TRAIL))
			return true;
	}
	return false;
}

/* Repairs UTF-16 text; returns NULL when repair changes nothing. */
static UChar *
repair16(const UChar *s, int32 len, int32 *outlen)
{
	StringInfoData u8,
				rep;
	UChar	   *r = NULL;

	initStringInfo(&u8);
	pga_utf16_append_utf8(s, len, &u8);
	initStringInfo(&rep);
	pga_repair_piece(u8.data, u8.len, PGA_REPAIR_DEFAULT, &rep);
	if (rep.len != u8.len || memcmp(rep.data, u8.data, u8.len) != 0)
		r = pga_utf8_to_utf16(rep.data, rep.len, outlen);
	pfree(u8.data);
	pfree(rep.data);
	return r;
}

/* Latin ligatures and fullwidth letters/digits made plain (before NFC, so "Ａ" + mark composes). */
static UChar *
display_map16(const UChar *s, int32 len, int32 *outlen)
{
	UChar	   *out = NULL;
	int32		i,
				n = 0;

	for (i = 0; i < len; i++)
	{
		UChar		rep[3];
		int			k = (s[i] >= 0xFB00) ? display_map(s[i], rep) : 0;

		if (k > 0 && out == NULL)
		{
			out = palloc(sizeof(UChar) * ((Size) len * 3 + 2));
			memcpy(out, s, sizeof(UChar) * i);
			n = i;
		}
		if (out == NULL)
			continue;
		if (k == 0)
			out[n++] = s[i];
		else
		{
			int			j;

			for (j = 0; j < k; j++)
				out[n++] = rep[j];
		}
	}
	*outlen = n;
	return out;
}

/*
 * Repaired text in NFC, with the display mappings first when asked: NFC can
 * compose new text that needs repair ("A" + combining tilde + "©" makes
 * "Ã©"), so the steps repeat until repair has nothing left to do.  Both the
 * display form and folding start from this, so that normalizing a display
 * form changes nothing and fold(normalize(x)) = fold(x).  Takes ownership of
 * u16; returns the result (possibly u16 itself).
 */
static UChar *
repair_nfc16(UChar *u16, int32 *len16, bool with_display_map)
{
	int32		round,
				nlen;

	for (round = 0; round < 4; round++)
	{
		int32		mlen;
		UChar	   *m16 = with_display_map ? display_map16(u16, *len16, &mlen) : NULL;
		UChar	   *n16;
		UChar	   *r16;
		bool		composed;

		if (m16)
		{
			pfree(u16);
			u16 = m16;
			*len16 = mlen;
		}
		/* NFC leaves ASCII, Latin-1 letters and common punctuation alone */
		n16 = nfc_stable_simple16(u16, *len16) ? u16 : pga_icu_normalize("c", u16, *len16, &nlen);
		composed = (n16 != u16);
		if (composed)
		{
			pfree(u16);
			u16 = n16;
			*len16 = nlen;
		}
		if (!(composed || m16) || !may_need_repair16(u16, *len16) ||
			(r16 = repair16(u16, *len16, &nlen)) == NULL)
			break;
		pfree(u16);
		u16 = r16;
		*len16 = nlen;
	}
	return u16;
}

/* The display form of one piece: repair, display mappings, NFC (to a fixed point), tidy. */
static void
display_piece(const char *s, int len, PgaSpaceState *st, StringInfo out)
{
	StringInfoData rep;
	int32		len16;
	UChar	   *u16;
	UChar	   *t16;

	initStringInfo(&rep);
	pga_repair_piece(s, len, PGA_REPAIR_DEFAULT, &rep);
	u16 = pga_utf8_to_utf16(rep.data, rep.len, &len16);
	pfree(rep.data);
	u16 = repair_nfc16(u16, &len16, true);
	t16 = alloc16(len16);
	pga_utf16_append_utf8(t16, tidy16(u16, len16, TIDY_DISPLAY, st, t16), out);
	pfree(t16);
	pfree(u16);
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

/* ASCII letters to lowercase, in place (after Latin-ASCII, which writes "(C)" for ©). */
static void
lower_ascii16(UChar *s, int32 len)
{
	int32		i;

	for (i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] += 'a' - 'A';
}

static bool
all_ascii16(const UChar *s, int32 len)
{
	int32		i;

	for (i = 0; i < len; i++)
		if (s[i] >= 0x80)
			return false;
	return true;
}

/* The folding steps once, on repaired UTF-16 text; the result is palloc'd. */
static UChar *
fold_core16(const UChar *u16, int32 ulen, int flags, PgaSpaceState *st, int32 *outlen)
{
	UChar	   *t16 = alloc16(ulen);
	UChar	   *n16;
	int32		nlen = -1;

	/* one pass for text made of characters simple_casefold knows, else ICU first */
	if (!pga_icu_only && !(flags & PGA_FOLD_ACCENTS))
	{
		PgaSpaceState saved = *st;

		nlen = tidy16(u16, ulen, TIDY_FOLD_SIMPLE, st, t16);
		if (nlen < 0)
			*st = saved;
	}
	if (nlen < 0)
	{
		n16 = pga_icu_normalize("kc_cf", u16, ulen, &nlen);
		if ((flags & PGA_FOLD_ACCENTS) && nlen > 0 && !all_ascii16(n16, nlen))
		{
			/* accents go before the tidy pass; Latin-ASCII may write capitals and spaces */
			UChar	   *a16 = pga_icu_strip_accents(n16, nlen, &nlen);

			if (n16 != u16)
				pfree(n16);
			n16 = a16;
			lower_ascii16(n16, nlen);
		}
		pfree(t16);
		t16 = alloc16(nlen);
		nlen = tidy16(n16, nlen, TIDY_FOLD, st, t16);
		if (n16 != u16)
			pfree(n16);
	}
	*outlen = nlen;
	return t16;
}

/*
 * Folds one repaired piece r[0..rlen) to UTF-16.  Case folding and NFKC can
 * make new text that needs repair ("Â€Œ" folds to the mojibake "â€œ",
 * "&#８;" to "&#8;"), so folding repeats until repair has nothing left to do:
 * folding a folded text then changes nothing.
 */
static UChar *
fold_repaired16(const char *r, int rlen, int flags, PgaSpaceState *st, int32 *len16)
{
	int32		ulen,
				nlen,
				round;
	UChar	   *u16 = pga_utf8_to_utf16(r, rlen, &ulen);
	PgaSpaceState before = *st;
	PgaSpaceState after;
	UChar	   *t16;

	/* mojibake is told by case ("Ã©", not "ã©"): settle repair and NFC before folding case */
	u16 = repair_nfc16(u16, &ulen, false);
	t16 = fold_core16(u16, ulen, flags, st, &nlen);
	after = *st;

	for (round = 0; round < 4 && may_need_repair16(t16, nlen); round++)
	{
		int32		rlen16;
		UChar	   *r16 = repair16(t16, nlen, &rlen16);

		if (r16 == NULL)
			break;
		pfree(t16);

		/*
		 * Fold the repaired result again, from the white-space state before
		 * this piece; the white space the piece ended with is held in the
		 * state, not in the folded text, so it is carried over as it was.
		 */
		*st = before;
		t16 = fold_core16(r16, rlen16, flags, st, &nlen);
		st->pending_space = after.pending_space;
		st->pending_newlines = after.pending_newlines;
		st->started |= after.started;
		pfree(r16);
	}
	pfree(u16);
	*len16 = nlen;
	return t16;
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
	int32		len16;
	UChar	   *u16 = pga_fold_piece16(s, len, flags, st, &len16);

	pga_utf16_append_utf8(u16, len16, out);
	pfree(u16);
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
