/*
 * utf8words.c
 *		Folded words of a repaired UTF-8 piece in one pass, for text in any
 *		space-delimited script whose characters fold one by one.
 *
 * The general path folds a piece to UTF-16 with ICU (NFC, then
 * NFKC_Casefold, then the tidy pass that maps typography and white space),
 * checks that repair has nothing left to do on the result, segments it with
 * fastwords.c and converts each word back to UTF-8.  For most text every
 * character can be folded on its own: it is NFC already whatever surrounds
 * it (NFC quick check Yes, combining class 0) and has a normalization
 * boundary before it under NFKC_Casefold, so the folded piece is the
 * concatenation of the characters' own foldings.  This file folds such a
 * piece with a table of those foldings (built from ICU on first use, 256
 * code points at a time, so it is ICU's data and nothing else), applies the
 * tidy pass's mappings and white-space rules, and runs fastwords.c's rules
 * as a state machine over the folded characters, writing UTF-8 directly.
 *
 * A piece with a character that does not fold on its own (a combining mark
 * that may compose, a character outside the BMP) or that needs the break
 * iterator (dictionary scripts, Hangul, Katakana) returns false before any
 * word is reported and takes the general path.  Where the general path
 * would check for repair after folding, this one checks the same folded
 * text the same way (and gives up if repair would change it).  Words are
 * reported only once the whole piece has been read, so a late give-up
 * reports nothing.  The regression tests compare the words, folds and
 * sketches of both paths, and of ICU's break iterator, on every build.
 */
#include "postgres.h"

#include "utils/memutils.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "repair/repair.h"
#include "tokenize/tokenize.h"
#include "tokenize/wordbreak.h"

/* What a character folds to */
typedef enum LaneKind
{
	LK_BAIL = 0,				/* the piece needs the general path */
	LK_SINGLE,					/* one character, not white space */
	LK_SPACE,					/* white space */
	LK_EMPTY,					/* nothing (default ignorables) */
	LK_MULTI					/* several: see expansions[] */
} LaneKind;

typedef struct LaneEntry
{
	union
	{
		uint8		bytes[4];	/* LK_SINGLE: the folded character in UTF-8 */
		uint32		index;		/* LK_MULTI: first element in expansions[] */
	}			u;
	uint8		len;			/* LK_SINGLE: bytes; LK_MULTI: elements */
	uint8		kind;			/* LaneKind */
	uint8		cls;			/* LK_SINGLE: WbClass of the folded character */
	uint8		rflags;			/* LK_SINGLE: pga_repair_trigger16() of it */
} LaneEntry;

#define LANE_MAX_EXPANSION	8	/* longer foldings (a handful of ligatures) take the general path;
										 * 8 elements of at most 3 bytes and a space */

/* The BMP in blocks of 256 code points, each built on first use. */
static LaneEntry *lane_blocks[256];
static LaneEntry *expansions = NULL;	/* elements of LK_MULTI foldings (LK_SINGLE or LK_SPACE) */
static uint32 nexpansions = 0;
static uint32 maxexpansions = 0;

/* One folded UTF-16 unit (after NFKC_Casefold) as the tidy pass and the segmenter see it. */
static bool
make_element(UChar y, LaneEntry *e)
{
	UChar		z;
	WbClass		cls;
	int			n;

	memset(e, 0, sizeof(*e));
	if (y == '\n' || y == '\r' || pga_is_hspace(y))
	{
		e->kind = LK_SPACE;
		return true;
	}
	z = pga_fold_map(y);
	if (U16_IS_SURROGATE(z) || pga_wb_needs_dictionary(z))
		return false;
	cls = pga_wb_class(z);
	if (cls == WB_FALLBACK)
		return false;
	n = pga_utf8_encode(z, e->u.bytes);
	Assert(n <= 3);
	e->len = (uint8) n;
	e->kind = LK_SINGLE;
	e->cls = (uint8) cls;
	e->rflags = (uint8) pga_repair_trigger16(z);
	return true;
}

static void
build_entry(UChar c, LaneEntry *e)
{
	static const UNormalizer2 *nfc = NULL;
	static const UNormalizer2 *nfkc_cf = NULL;
	UErrorCode	status = U_ZERO_ERROR;
	UChar		folded[32];
	LaneEntry	el[LANE_MAX_EXPANSION];
	int32		n;
	int			i;

	memset(e, 0, sizeof(*e));	/* LK_BAIL */
	if (nfc == NULL)
	{
		nfc = unorm2_getNFCInstance(&status);
		pga_icu_check(status, "unorm2_getNFCInstance");
		nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
		pga_icu_check(status, "unorm2_getNFKCCasefoldInstance");
	}
	if (U16_IS_SURROGATE(c))
		return;
	/* NFC leaves it alone in any context */
	if (u_getCombiningClass(c) != 0 || unorm2_quickCheck(nfc, &c, 1, &status) != UNORM_YES)
		return;
	pga_icu_check(status, "unorm2_quickCheck");
	/* NFKC_Casefold of a text of such characters is the concatenation of their own */
	if (!unorm2_hasBoundaryBefore(nfkc_cf, c))
		return;
	n = unorm2_normalize(nfkc_cf, &c, 1, folded, lengthof(folded), &status);
	if (U_FAILURE(status) || n > LANE_MAX_EXPANSION)
		return;
	for (i = 0; i < n; i++)
		if (!make_element(folded[i], &el[i]))
			return;
	if (n == 0)
		e->kind = LK_EMPTY;
	else if (n == 1)
		*e = el[0];
	else
	{
		if (nexpansions + n > maxexpansions)
		{
			uint32		newmax = Max(maxexpansions * 2, 256);

			expansions = expansions ? repalloc(expansions, sizeof(LaneEntry) * newmax)
				: MemoryContextAlloc(TopMemoryContext, sizeof(LaneEntry) * newmax);
			maxexpansions = newmax;
		}
		memcpy(expansions + nexpansions, el, sizeof(LaneEntry) * n);
		e->kind = LK_MULTI;
		e->u.index = nexpansions;
		e->len = (uint8) n;
		nexpansions += n;
	}
}

static pg_noinline LaneEntry *
build_block(uint32 block)
{
	LaneEntry  *b = MemoryContextAlloc(TopMemoryContext, sizeof(LaneEntry) * 256);
	uint32		i;

	for (i = 0; i < 256; i++)
		build_entry((UChar) ((block << 8) | i), &b[i]);
	lane_blocks[block] = b;
	return b;
}

static inline const LaneEntry *
lane_entry(uint32 c)
{
	LaneEntry  *b = lane_blocks[c >> 8];

	if (unlikely(b == NULL))
		b = build_block(c >> 8);
	return &b[c & 0xFF];
}

/*
 * The segmenter: fastwords.c's rules as a state machine fed one folded
 * character at a time.  A unit of fastwords.c (a character with the
 * Extend/Format/ZWJ characters after it) is its first character here, and
 * its extenders only move the end of the word it belongs to.
 */
typedef enum SegState
{
	SEG_IDLE,					/* not in a word */
	SEG_WORD,					/* in a word */
	SEG_PENDING					/* a word, then a mid character waiting for its right neighbour */
} SegState;

typedef struct Seg
{
	SegState	state;
	bool		after_quote;	/* WB7a took a quote: only a letter may follow */
	uint8		first;			/* class of the word's first unit */
	uint8		last;			/* class of its last unit */
	uint8		pend;			/* class of the pending mid unit */
	int			nunits;			/* units in the word (1 or more) */
	int			last_len;		/* characters in its last unit */
	int			wstart;			/* the word, bytes of the folded buffer */
	int			wend;
} Seg;

typedef struct LaneBuf
{
	char	   *fb;				/* the folded piece, as the tidy pass writes it */
	int			fbcap;
	PgaToken   *words;
	int			nwords;
	int			maxwords;
} LaneBuf;

static LaneBuf lanebuf = {NULL, 0, NULL, 0, 0};

static pg_noinline void
grow_words(LaneBuf *lb)
{
	int			newmax = Max(lb->maxwords * 2, 1024);

	if ((Size) newmax * sizeof(PgaToken) > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many words in one piece of text")));
	lb->words = lb->words ? repalloc(lb->words, sizeof(PgaToken) * newmax)
		: MemoryContextAlloc(TopMemoryContext, sizeof(PgaToken) * newmax);
	lb->maxwords = newmax;
}

static pg_noinline void
grow_fb(LaneBuf *lb, int need)
{
	int			newcap = Max(lb->fbcap * 2, need + 4096);

	if ((Size) newcap > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("piece of text too long to fold")));
	lb->fb = lb->fb ? repalloc(lb->fb, newcap) : MemoryContextAlloc(TopMemoryContext, newcap);
	lb->fbcap = newcap;
}

/* Ends the current word, recording it if ICU would give it word status. */
static inline void
seg_end_word(Seg *g, LaneBuf *lb)
{
	Assert(g->state != SEG_IDLE);
	/* as fastwords.c: not a lone connector, not a connector or quote carrying a mark */
	if (!(g->nunits == 1 && g->first == WB_EXTENDNUMLET) &&
		!(!pga_wb_is_ahletter(g->last) && g->last != WB_NUMERIC && g->last_len > 1))
	{
		if (unlikely(lb->nwords >= lb->maxwords))
			grow_words(lb);
		lb->words[lb->nwords].start = g->wstart;
		lb->words[lb->nwords].len = g->wend - g->wstart;
		lb->nwords++;
	}
	g->state = SEG_IDLE;
}

/* A character that starts a unit, of class cls, at fb[start..end). */
static pg_attribute_always_inline void
seg_base(Seg *g, LaneBuf *lb, WbClass cls, int start, int end)
{
	for (;;)
	{
		switch (g->state)
		{
			case SEG_IDLE:
				if (pga_wb_is_wordchar(cls))
				{
					g->state = SEG_WORD;
					g->after_quote = false;
					g->first = g->last = (uint8) cls;
					g->nunits = 1;
					g->last_len = 1;
					g->wstart = start;
					g->wend = end;
				}
				return;
			case SEG_WORD:
				if (g->after_quote ? pga_wb_is_ahletter(cls) : pga_wb_is_wordchar(cls))
				{
					/* WB5, WB8-10, WB13a/b */
					g->last = (uint8) cls;
					g->last_len = 1;
					g->nunits++;
					g->wend = end;
					g->after_quote = false;
					return;
				}
				if (g->after_quote)
					break;		/* end the word, then look at this one again */
				if (g->last == WB_HEBREW && cls == WB_SINGLE_QUOTE)
				{
					/* WB7a: the quote belongs to the word */
					g->last = (uint8) cls;
					g->last_len = 1;
					g->nunits++;
					g->wend = end;
					g->after_quote = true;
					return;
				}
				if (cls == WB_MIDLETTER || cls == WB_MIDNUMLET || cls == WB_SINGLE_QUOTE ||
					cls == WB_MIDNUM || cls == WB_DOUBLE_QUOTE)
				{
					g->state = SEG_PENDING;
					g->pend = (uint8) cls;
					return;
				}
				seg_end_word(g, lb);
				return;			/* not a word character: nothing starts here */
			case SEG_PENDING:
				if ((pga_wb_is_ahletter(g->last) && pga_wb_is_ahletter(cls) &&
					 g->pend != WB_MIDNUM && g->pend != WB_DOUBLE_QUOTE) ||	/* WB6/7 */
					(g->last == WB_HEBREW && g->pend == WB_DOUBLE_QUOTE && cls == WB_HEBREW) ||	/* WB7b/c */
					(g->last == WB_NUMERIC && cls == WB_NUMERIC &&
					 g->pend != WB_MIDLETTER && g->pend != WB_DOUBLE_QUOTE))	/* WB11/12 */
				{
					g->state = SEG_WORD;
					g->last = (uint8) cls;
					g->last_len = 1;
					g->nunits += 2;
					g->wend = end;
					return;
				}
				break;			/* end the word before the mid character, then look at this one again */
		}
		seg_end_word(g, lb);
	}
}

/* An Extend/Format/ZWJ character ending at fb[end]: part of the unit before it. */
static pg_attribute_always_inline void
seg_extend(Seg *g, int end)
{
	if (g->state == SEG_WORD)
	{
		g->wend = end;
		g->last_len++;
	}
	/* pending: it belongs to the mid character; idle: to a non-word unit */
}

static const uint8 ascii_alnum[256] = {
	['0'] = 1,['1'] = 1,['2'] = 1,['3'] = 1,['4'] = 1,['5'] = 1,['6'] = 1,['7'] = 1,['8'] = 1,['9'] = 1,
	['a'] = 1,['b'] = 1,['c'] = 1,['d'] = 1,['e'] = 1,['f'] = 1,['g'] = 1,['h'] = 1,['i'] = 1,['j'] = 1,
	['k'] = 1,['l'] = 1,['m'] = 1,['n'] = 1,['o'] = 1,['p'] = 1,['q'] = 1,['r'] = 1,['s'] = 1,['t'] = 1,
	['u'] = 1,['v'] = 1,['w'] = 1,['x'] = 1,['y'] = 1,['z'] = 1,
	['A'] = 1,['B'] = 1,['C'] = 1,['D'] = 1,['E'] = 1,['F'] = 1,['G'] = 1,['H'] = 1,['I'] = 1,['J'] = 1,
	['K'] = 1,['L'] = 1,['M'] = 1,['N'] = 1,['O'] = 1,['P'] = 1,['Q'] = 1,['R'] = 1,['S'] = 1,['T'] = 1,
	['U'] = 1,['V'] = 1,['W'] = 1,['X'] = 1,['Y'] = 1,['Z'] = 1,
};

bool
pga_words_utf8(const char *s, int len, PgaSpaceState *st, PgaTokenFn fn, void *arg)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	LaneBuf    *lb = &lanebuf;
	Seg			g;
	char	   *fb;
	int			pos = 0;
	int			fbcap;
	bool		started = st->started;
	bool		pending_space = st->pending_space;
	bool		prev_lead = false;	/* the last folded character is a possible mojibake lead */
	bool		check_repair = false;
	int			i;

	Assert(st->pending_newlines == 0);
	/*
	 * Room: an ASCII character folds to at most one byte and a space before
	 * it, so pos + 2 * (bytes left) + 32 stays within the buffer; other
	 * characters check it as they come.
	 */
	if (lb->fbcap < len * 2 + 64)
		grow_fb(lb, len * 2 + 64);
	fb = lb->fb;
	fbcap = lb->fbcap;
	lb->nwords = 0;
	memset(&g, 0, sizeof(g));
	g.state = SEG_IDLE;

	while (p < end)
	{
		const LaneEntry *e;
		uint32		c = *p;
		int			k;

		if (c < 0x80)
		{
			/* the common case: ASCII letters and digits continuing a word */
			if (ascii_alnum[c] && g.state == SEG_WORD && !g.after_quote && !pending_space)
			{
				do
				{
					fb[pos++] = (char) ((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
					p++;
				} while (p < end && ascii_alnum[c = *p]);
				g.last = (uint8) ((fb[pos - 1] <= '9') ? WB_NUMERIC : WB_LETTER);
				g.last_len = 1;
				g.nunits += 2;	/* only "more than one" matters */
				g.wend = pos;
				prev_lead = false;
				continue;
			}
			p++;
		}
		else
		{
			if (c < 0xE0)
			{
				if (unlikely(p + 1 >= end || c < 0xC2))
					return false;
				c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
				p += 2;
			}
			else if (c < 0xF0)
			{
				if (unlikely(p + 2 >= end))
					return false;
				c = ((c & 0x0F) << 12) | ((uint32) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
				p += 3;
			}
			else
				return false;	/* outside the BMP */
			/* room for this character (at most 32 bytes) and two bytes per byte after it */
			if (unlikely(pos + 2 * (end - p) + 64 > fbcap))
			{
				grow_fb(lb, pos + 2 * (end - p) + 64);
				fb = lb->fb;
				fbcap = lb->fbcap;
			}
		}
		e = lane_entry(c);
		k = 1;
		if (e->kind == LK_MULTI)
		{
			k = e->len;
			e = &expansions[e->u.index];
		}
		for (; k > 0; k--, e++)
		{
			int			start;

			switch ((LaneKind) e->kind)
			{
				case LK_SINGLE:
					break;
				case LK_SPACE:
					/* held back until something visible follows; it ends any word */
					if (!pending_space)
					{
						pending_space = true;
						prev_lead = false;
						if (g.state != SEG_IDLE)
							seg_base(&g, lb, WB_OTHER, pos, pos);
					}
					continue;
				case LK_EMPTY:
					continue;
				default:
					return false;
			}
			if (unlikely(pending_space))
			{
				if (started)
					fb[pos++] = ' ';
				pending_space = false;
			}
			started = true;
			start = pos;
			memcpy(fb + pos, e->u.bytes, 4);
			pos += e->len;
			if (unlikely(e->rflags != 0))
			{
				if ((e->rflags & PGA_RT_ALWAYS) || (prev_lead && (e->rflags & PGA_RT_TRAIL)))
					check_repair = true;
				prev_lead = (e->rflags & PGA_RT_LEAD) != 0;
			}
			else
				prev_lead = false;
			if (e->cls == WB_EXTEND)
				seg_extend(&g, pos);
			else
				seg_base(&g, lb, (WbClass) e->cls, start, pos);
		}
	}
	if (g.state != SEG_IDLE)
		seg_end_word(&g, lb);

	/* as the general path: if repair could act on the folded piece, it must change nothing */
	if (check_repair)
	{
		StringInfoData rep;
		bool		same;

		initStringInfo(&rep);
		pga_repair_piece(fb, pos, PGA_REPAIR_DEFAULT, &rep);
		same = (rep.len == pos && memcmp(rep.data, fb, pos) == 0);
		pfree(rep.data);
		if (!same)
			return false;
	}

	st->started = started;
	st->pending_space = pending_space;
	for (i = 0; i < lb->nwords; i++)
		fn(arg, lb->fb + lb->words[i].start, lb->words[i].len);
	return true;
}
