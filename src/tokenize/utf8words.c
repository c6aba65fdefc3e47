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
 * Runs of characters the rules cannot segment (dictionary scripts, Hangul,
 * Katakana) are folded here too and handed to ICU's break iterator one
 * space-delimited run at a time (see merge_runs()).  A piece with a
 * character that does not fold on its own (a combining mark that may
 * compose, a character outside the BMP) returns false before any word is
 * reported and takes the general path.  Where the general path would check
 * for repair after folding, this one checks the same folded text the same
 * way (and gives up if repair would change it); simple text (simplewords.c)
 * skips that check, as it always has.  Words are reported only once the
 * whole piece has been read, so a late give-up reports nothing.  The
 * regression tests compare the words, folds and sketches of this lane with
 * ICU's on every build.  The buffers are kept per backend and grow to the
 * longest piece seen (at most about twice PGA_CHUNK_LIMIT).
 */
#include "postgres.h"

#include "port/pg_bitutils.h"
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
	LK_WORDCHAR,				/* one letter, digit or connector that repair never acts on */
	LK_SINGLE,					/* one other character, not white space */
	LK_SPACE,					/* white space */
	LK_EMPTY,					/* nothing (default ignorables) */
	LK_MULTI					/* several: see expansions[] */
} LaneKind;

typedef struct LaneEntry
{
	union
	{
		uint8		bytes[4];	/* LK_WORDCHAR, LK_SINGLE: the folded character in UTF-8 */
		uint32		index;		/* LK_MULTI: first element in expansions[] */
	}			u;
	uint8		len;			/* LK_WORDCHAR, LK_SINGLE: bytes; LK_MULTI: elements */
	uint8		kind;			/* LaneKind */
	uint8		cls;			/* LK_WORDCHAR, LK_SINGLE: WbClass of the folded character */
	uint8		rflags;			/* LK_WORDCHAR, LK_SINGLE: pga_repair_trigger16() of it */
} LaneEntry;

#define LANE_MAX_EXPANSION	8	/* longer foldings (a handful of ligatures) take the general path;
										 * 8 elements of at most 3 bytes and a space */

/* The BMP in blocks of 256 code points, each built on first use. */
static LaneEntry *lane_blocks[256];
static LaneEntry *expansions = NULL;	/* elements of LK_MULTI foldings (not LK_MULTI, LK_BAIL, LK_EMPTY) */
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
	if (U16_IS_SURROGATE(z))
		return false;
	/* WB_FALLBACK: the space-delimited run it is in goes to the break iterator */
	cls = pga_wb_needs_dictionary(z) ? WB_FALLBACK : pga_wb_class(z);
	n = pga_utf8_encode(z, e->u.bytes);
	Assert(n <= 3);
	e->len = (uint8) n;
	e->cls = (uint8) cls;
	e->rflags = (uint8) pga_repair_trigger16(z);
	e->kind = (pga_wb_is_wordchar(cls) && !(e->rflags & PGA_RT_ALWAYS)) ? LK_WORDCHAR : LK_SINGLE;
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
	PgaToken   *runs;			/* runs of fb that go to the break iterator */
	int			nruns;
	int			maxruns;
} LaneBuf;

static LaneBuf lanebuf;

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
add_run(LaneBuf *lb, int start, int end)
{
	if (lb->nruns >= lb->maxruns)
	{
		int			newmax = Max(lb->maxruns * 2, 64);

		if ((Size) newmax * sizeof(PgaToken) > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many words in one piece of text")));
		lb->runs = lb->runs ? repalloc(lb->runs, sizeof(PgaToken) * newmax)
			: MemoryContextAlloc(TopMemoryContext, sizeof(PgaToken) * newmax);
		lb->maxruns = newmax;
	}
	lb->runs[lb->nruns].start = start;
	lb->runs[lb->nruns].len = end - start;
	lb->nruns++;
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

/*
 * Runs with characters the rules above cannot segment (dictionary scripts,
 * Hangul, Katakana) go to ICU's break iterator, one space-delimited run at a
 * time.  ICU never joins words across a space (only space to space and
 * space to a following mark, rule WB3d and WB4) and its dictionaries work on
 * runs of dictionary characters, which spaces end, so its words in a run
 * are its words in the whole piece; and its words elsewhere are the ones the
 * state machine found (fastwords.c equals ICU on such text).  The run is
 * given with the space before it, so that a mark at its start attaches as
 * in the whole piece.  Words come back as spans of fb: the UTF-16 text is
 * fb's, character by character.
 */
typedef struct RunWords
{
	const int32 *map;			/* UTF-16 offset -> fb offset */
	PgaToken   *out;
	int			nout;
	int			maxout;
} RunWords;

static UChar *run16 = NULL;
static int32 *run16map = NULL;
static int	run16cap = 0;
static RunWords merged;

static void
merged_add(RunWords *rw, int start, int len)
{
	if (rw->nout >= rw->maxout)
	{
		int			newmax = Max(rw->maxout * 2, 1024);

		if ((Size) newmax * sizeof(PgaToken) > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many words in one piece of text")));
		rw->out = rw->out ? repalloc(rw->out, sizeof(PgaToken) * newmax)
			: MemoryContextAlloc(TopMemoryContext, sizeof(PgaToken) * newmax);
		rw->maxout = newmax;
	}
	rw->out[rw->nout].start = start;
	rw->out[rw->nout].len = len;
	rw->nout++;
}

static void
run_word(void *arg, int32 start, int32 end)
{
	RunWords   *rw = (RunWords *) arg;

	merged_add(rw, rw->map[start], rw->map[end] - rw->map[start]);
}

/* Segments fb[from..to) (BMP characters only) with ICU, adding its words to merged. */
static void
segment_run(const char *fb, int from, int to)
{
	const unsigned char *p = (const unsigned char *) fb + from;
	const unsigned char *end = (const unsigned char *) fb + to;
	int32		n = 0;

	if (to - from + 1 > run16cap)
	{
		int			newcap = Max(to - from + 1, Max(run16cap * 2, 1024));

		if (run16)
		{
			pfree(run16);
			pfree(run16map);
		}
		run16 = MemoryContextAlloc(TopMemoryContext, sizeof(UChar) * newcap);
		run16map = MemoryContextAlloc(TopMemoryContext, sizeof(int32) * newcap);
		run16cap = newcap;
	}
	while (p < end)
	{
		int			k;

		run16map[n] = (int32) (p - (const unsigned char *) fb);
		run16[n++] = (UChar) pga_utf8_decode(p, &k);
		p += k;
	}
	run16map[n] = to;
	merged.map = run16map;
	pga_segment_words16_icu(run16, n, run_word, &merged);
}

/* Replaces the lane's words in the runs by ICU's words there, in order. */
static void
merge_runs(LaneBuf *lb)
{
	int			i = 0,
				r;
	PgaToken   *tmp;
	int			tmpn;

	merged.nout = 0;
	for (r = 0; r < lb->nruns; r++)
	{
		int			rs = lb->runs[r].start;
		int			re = rs + lb->runs[r].len;

		/* the lane's words before the run, then none of those in it */
		for (; i < lb->nwords && lb->words[i].start < rs; i++)
			merged_add(&merged, lb->words[i].start, lb->words[i].len);
		for (; i < lb->nwords && lb->words[i].start < re; i++)
			;
		segment_run(lb->fb, rs > 0 ? rs - 1 : rs, re);
	}
	for (; i < lb->nwords; i++)
		merged_add(&merged, lb->words[i].start, lb->words[i].len);

	/* swap the arrays */
	tmp = lb->words;
	tmpn = lb->maxwords;
	lb->words = merged.out;
	lb->nwords = merged.nout;
	lb->maxwords = merged.maxout;
	merged.out = tmp;
	merged.maxout = tmpn;
	merged.nout = 0;
}

/* ASCII letters and digits folded (lowercase); 0 for anything else */
static const uint8 ascii_fold[256] = {
	['0'] = '0',['1'] = '1',['2'] = '2',['3'] = '3',['4'] = '4',
	['5'] = '5',['6'] = '6',['7'] = '7',['8'] = '8',['9'] = '9',
	['a'] = 'a',['b'] = 'b',['c'] = 'c',['d'] = 'd',['e'] = 'e',['f'] = 'f',['g'] = 'g',
	['h'] = 'h',['i'] = 'i',['j'] = 'j',['k'] = 'k',['l'] = 'l',['m'] = 'm',['n'] = 'n',
	['o'] = 'o',['p'] = 'p',['q'] = 'q',['r'] = 'r',['s'] = 's',['t'] = 't',['u'] = 'u',
	['v'] = 'v',['w'] = 'w',['x'] = 'x',['y'] = 'y',['z'] = 'z',
	['A'] = 'a',['B'] = 'b',['C'] = 'c',['D'] = 'd',['E'] = 'e',['F'] = 'f',['G'] = 'g',
	['H'] = 'h',['I'] = 'i',['J'] = 'j',['K'] = 'k',['L'] = 'l',['M'] = 'm',['N'] = 'n',
	['O'] = 'o',['P'] = 'p',['Q'] = 'q',['R'] = 'r',['S'] = 's',['T'] = 't',['U'] = 'u',
	['V'] = 'v',['W'] = 'w',['X'] = 'x',['Y'] = 'y',['Z'] = 'z',
};

#define BYTES8(b)	(UINT64CONST(0x0101010101010101) * (b))
#define HIGH8		BYTES8(0x80)

/* High bit of each byte of x (all bytes below 0x80) that is at least n (n <= 0x80). */
static inline uint64
swar_ge(uint64 x, uint8 n)
{
	return ((x | HIGH8) - BYTES8(n)) & HIGH8;
}

/*
 * Copies the run of ASCII letters and digits at p (p[0] is one) to q,
 * lowercased, and returns its length.  Writes up to 7 bytes more than that
 * to q (the caller's slack covers them).  Eight bytes at a time where the
 * input has them.
 */
static inline int
ascii_run(const unsigned char *p, const unsigned char *end, char *q)
{
	int			n = 0;

#ifndef WORDS_BIGENDIAN
	while (end - p - n >= 8)
	{
		uint64		x,
					lower,
					alnum,
					stop;

		memcpy(&x, p + n, 8);
		lower = x | BYTES8(0x20);
		alnum = ((swar_ge(lower, 'a') & ~swar_ge(lower, 'z' + 1)) |
				 (swar_ge(x, '0') & ~swar_ge(x, '9' + 1))) & ~x;
		/* (in the run, bit 0x20 lowercases letters and leaves digits alone) */
		memcpy(q + n, &lower, 8);
		stop = ~alnum & HIGH8;
		if (stop != 0)
			return n + pg_rightmost_one_pos64(stop) / 8;
		n += 8;
	}
#endif
	while (p + n < end && ascii_fold[p[n]])
	{
		q[n] = (char) ascii_fold[p[n]];
		n++;
	}
	return n;
}

bool
pga_words_utf8(const char *s, int len, PgaSpaceState *st, PgaTokenFn fn,
			   PgaTokenBatchFn bfn, void *arg)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	LaneBuf    *lb = &lanebuf;
	const LaneEntry *ascii = lane_entry(0);
	Seg			g;
	char	   *fb;
	int			pos = 0;
	bool		started = st->started;
	bool		pending_space = st->pending_space;
	uint32		prev_lead = 0;	/* the last folded character is a possible mojibake lead */
	uint32		check_repair = 0;
	int			chunk_start = 0;	/* where the current space-delimited run starts in fb */
	int			dict_start = -1;	/* the same, once the run has a WB_FALLBACK character */
	int			i;

	Assert(st->pending_newlines == 0);

	/*
	 * Room: a character folds to at most 3 bytes and a space before it, so at
	 * most two bytes per byte of input (ASCII: one and a space); only longer
	 * foldings (LK_MULTI) check.  The slack covers the 4-byte copies.
	 */
	if (lb->fbcap < len * 2 + 64)
		grow_fb(lb, len * 2 + 64);
	fb = lb->fb;
	lb->nwords = 0;
	lb->nruns = 0;
	memset(&g, 0, sizeof(g));
	g.state = SEG_IDLE;

	while (p < end)
	{
		const LaneEntry *e;
		uint32		c = *p;
		int			k;

		if (c < 0x80)
		{
			if (ascii_fold[c])
			{
				int			n;

				/* the common case: a run of ASCII letters and digits */
				if (g.state != SEG_WORD || g.after_quote)
				{
					if (g.state != SEG_IDLE)
						goto general;	/* after a mid character or a Hebrew quote */
					if (pending_space)
					{
						if (started)
						{
							fb[pos++] = ' ';
							chunk_start = pos;
						}
						pending_space = false;
					}
					started = true;
					g.state = SEG_WORD;
					g.after_quote = false;
					g.first = (uint8) (c <= '9' ? WB_NUMERIC : WB_LETTER);
					g.nunits = 0;
					g.wstart = pos;
				}
				n = ascii_run(p, end, fb + pos);
				p += n;
				pos += n;
				/* from the input: fb[pos - 1] was just written, eight bytes at a time */
				g.last = (uint8) ((p[-1] <= '9') ? WB_NUMERIC : WB_LETTER);
				g.last_len = 1;
				g.nunits += n;
				g.wend = pos;
				prev_lead = 0;
				continue;
			}
			if (c == ' ')
			{
				/* the other common case: a space */
				p++;
				if (!pending_space)
				{
					pending_space = true;
					prev_lead = 0;
					if (dict_start >= 0)
					{
						add_run(lb, dict_start, pos);
						dict_start = -1;
					}
					if (g.state == SEG_WORD && !g.after_quote)
						seg_end_word(&g, lb);
					else if (g.state != SEG_IDLE)
						seg_base(&g, lb, WB_OTHER, pos, pos);
				}
				continue;
			}
	general:
			p++;
			e = &ascii[c];
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
			e = lane_entry(c);
			/* the common case again: a letter continuing a word */
			if (e->kind == LK_WORDCHAR && g.state == SEG_WORD && !g.after_quote)
			{
				memcpy(fb + pos, e->u.bytes, 4);
				pos += e->len;
				check_repair |= prev_lead & (e->rflags >> 2);	/* PGA_RT_TRAIL after a lead */
				prev_lead = (e->rflags >> 1) & 1;	/* PGA_RT_LEAD */
				g.last = e->cls;
				g.last_len = 1;
				g.nunits++;
				g.wend = pos;
				continue;
			}
		}
		k = 1;
		if (unlikely(e->kind == LK_MULTI))
		{
			k = e->len;
			e = &expansions[e->u.index];
			if (pos + 2 * (end - p) + LANE_MAX_EXPANSION * 4 + 64 > lb->fbcap)
			{
				grow_fb(lb, pos + 2 * (end - p) + LANE_MAX_EXPANSION * 4 + 64);
				fb = lb->fb;
			}
		}
		for (; k > 0; k--, e++)
		{
			int			start;

			if (unlikely(e->kind > LK_SINGLE))
			{
				if (e->kind == LK_SPACE)
				{
					/* held back until something visible follows; it ends any word */
					if (!pending_space)
					{
						pending_space = true;
						prev_lead = 0;
						if (dict_start >= 0)
						{
							add_run(lb, dict_start, pos);
							dict_start = -1;
						}
						if (g.state != SEG_IDLE)
							seg_base(&g, lb, WB_OTHER, pos, pos);
					}
					continue;
				}
				if (e->kind == LK_EMPTY)
					continue;
				return false;	/* LK_BAIL (never in expansions) */
			}
			if (unlikely(e->kind == LK_BAIL))
				return false;
			if (pending_space)
			{
				if (started)
				{
					fb[pos++] = ' ';
					chunk_start = pos;
				}
				pending_space = false;
			}
			started = true;
			start = pos;
			memcpy(fb + pos, e->u.bytes, 4);
			pos += e->len;
			if ((e->rflags & PGA_RT_ALWAYS) || (prev_lead && (e->rflags & PGA_RT_TRAIL)))
				check_repair = 1;
			prev_lead = (e->rflags >> 1) & 1;
			if (e->cls == WB_EXTEND)
				seg_extend(&g, pos);
			else
			{
				/* (WB_FALLBACK ends any word, as Other) */
				if (unlikely(e->cls == WB_FALLBACK) && dict_start < 0)
					dict_start = chunk_start;
				seg_base(&g, lb, (WbClass) e->cls, start, pos);
			}
		}
	}
	if (g.state != SEG_IDLE)
		seg_end_word(&g, lb);
	if (dict_start >= 0)
		add_run(lb, dict_start, pos);

	/*
	 * As the general path: if repair could act on the folded piece, it must
	 * change nothing.  (Simple text, as simplewords.c defines it, has always
	 * been folded without this check, and still is, so that its words and
	 * sketches stay what they were.)
	 */
	if (check_repair && !pga_all_simple_utf8(s, len))
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
	if (lb->nruns > 0)
		merge_runs(lb);
	if (bfn != NULL)
		bfn(arg, lb->fb, lb->words, lb->nwords);
	else
		for (i = 0; i < lb->nwords; i++)
			fn(arg, lb->fb + lb->words[i].start, lb->words[i].len);
	return true;
}
