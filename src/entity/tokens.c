/*
 * tokens.c
 *		Tokens of the entity tagger: the words of the tokenize stage, one token
 *		per other non-space character, and possessive 's split off a word.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "pg_article.h"
#include "tokenize/tokenize.h"
#include "entity/entity.h"

typedef struct WordSpans
{
	int32	   *se;				/* start, end pairs */
	int			n,
				max;
} WordSpans;

static void
collect_word(void *arg, int32 start, int32 end)
{
	WordSpans  *w = (WordSpans *) arg;

	if (w->n >= w->max)
	{
		if ((Size) w->max * 4 * sizeof(int32) >= MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many words in one piece of text")));
		w->max *= 2;
		w->se = repalloc(w->se, sizeof(int32) * 2 * w->max);
	}
	w->se[2 * w->n] = start;
	w->se[2 * w->n + 1] = end;
	w->n++;
}

int32
pga_ner_lower(const UChar *s, int32 len, UChar *out)
{
	int32		i = 0,
				n = 0;

	while (i < len)
	{
		UChar32		c = s[i];

		if (c < 0x80)
		{
			out[n++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
			i++;
			continue;
		}
		U16_NEXT(s, i, len, c);
		if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x0060 || c == 0x00B4)
			c = '\'';
		else
			c = u_tolower(c);
		U16_APPEND_UNSAFE(out, n, c);
	}
	return n;
}

static void
add_token(PgaNerDoc *doc, int32 s, int32 e, int32 cs, int32 ce, uint32 flags)
{
	PgaNerTok  *t;

	if (doc->ntoks >= doc->maxtoks)
	{
		if ((Size) doc->maxtoks * 2 * sizeof(PgaNerTok) >= MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many tokens in one piece of text")));
		doc->maxtoks *= 2;
		doc->toks = repalloc(doc->toks, sizeof(PgaNerTok) * doc->maxtoks);
	}
	t = &doc->toks[doc->ntoks++];
	memset(t, 0, sizeof(*t));
	t->s = s;
	t->e = e;
	t->cs = cs;
	t->ce = ce;
	t->flags = flags;
	t->gazent = -1;
}

/* number of code points in u[a..b) */
static inline int32
count_cp(const UChar *u, int32 a, int32 b)
{
	int32		n = 0;

	for (; a < b; a++)
		if (!U16_IS_TRAIL(u[a]))
			n++;
	return n;
}

/* case flags, lower-case hash and shapes of one token */
static void
describe(const UChar *u, PgaNerTok *t)
{
	int32		i = t->s;
	bool		first = true;
	int			upper = 0,
				lower = 0,
				caseless = 0;
	uint64		h = PGA_NER_HASH_INIT;
	uint32		sh = 2166136261u,
				ssh = 2166136261u;
	char		last = 0;
	int			run = 0;
	UChar		low[4];

	while (i < t->e)
	{
		UChar32		c;
		char		k;
		int32		n,
					j;

		U16_NEXT(u, i, t->e, c);
		if (c < 0x80)
		{
			if (c >= 'A' && c <= 'Z')
			{
				k = 'X';
				upper++;
				if (first)
					t->flags |= NT_CAP;
			}
			else if (c >= 'a' && c <= 'z')
			{
				k = 'x';
				lower++;
				if (first)
					t->flags |= NT_LOWER;
			}
			else if (c >= '0' && c <= '9')
			{
				k = 'd';
				t->flags |= NT_DIGIT;
			}
			else
			{
				k = (char) c;
				if (c == '.' && i < t->e)
					t->flags |= NT_DOT;
			}
			if (k == 'X' || k == 'x' || k == 'd')
				first = false;
			h = pga_ner_hash_unit(h, (c >= 'A' && c <= 'Z') ? c + 32 : c);
		}
		else
		{
			UChar		one[2];
			int32		m = 0;

			if (u_isupper(c) || u_istitle(c))
			{
				k = 'X';
				upper++;
				if (first)
					t->flags |= NT_CAP;
				first = false;
			}
			else if (u_islower(c))
			{
				k = 'x';
				lower++;
				if (first)
					t->flags |= NT_LOWER;
				first = false;
			}
			else if (u_isdigit(c))
			{
				k = 'd';
				t->flags |= NT_DIGIT;
			}
			else if (u_isalpha(c))
			{
				k = 'c';
				caseless++;
				first = false;
			}
			else if (c == 0x2019 || c == 0x2018)
				k = '\'';
			else
				k = '?';
			U16_APPEND_UNSAFE(one, m, c);
			n = pga_ner_lower(one, m, low);
			for (j = 0; j < n; j++)
				h = pga_ner_hash_unit(h, low[j]);
		}
		if (k == last)
			run++;
		else
		{
			run = 1;
			ssh = (ssh ^ (uint8) k) * 16777619u;
		}
		if (run <= 2)
			sh = (sh ^ (uint8) k) * 16777619u;
		last = k;
	}
	if (upper > 0 && lower == 0)
		t->flags |= NT_ALLCAPS;
	if (caseless > 0 && upper == 0 && lower == 0)
		t->flags |= NT_CASELESS;
	t->lh = h;
	t->shape = sh;
	t->sshape = ssh;
}

static inline bool
is_space16(UChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
		(c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x3000 ||
		c == 0x202F || c == 0x205F || c == 0x1680 || c == 0xFEFF || c == 0x0B || c == 0x0C || c == 0x85;
}

static inline bool
is_newline16(UChar c)
{
	return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85;
}

void
pga_ner_tokenize(const UChar *u, int32 ulen, PgaNerDoc *doc)
{
	WordSpans	w;
	int32		pos = 0,
				cp = 0;
	uint32		pending = NT_NL;
	int			wi;

	doc->u = u;
	doc->ulen = ulen;
	doc->maxtoks = 64;
	doc->ntoks = 0;
	doc->toks = palloc(sizeof(PgaNerTok) * doc->maxtoks);

	w.max = 64;
	w.n = 0;
	w.se = palloc(sizeof(int32) * 2 * w.max);
	pga_segment_words16(u, ulen, collect_word, &w);

	for (wi = 0; wi <= w.n; wi++)
	{
		int32		ws = (wi < w.n) ? w.se[2 * wi] : ulen;
		int32		we = (wi < w.n) ? w.se[2 * wi + 1] : ulen;

		if ((doc->ntoks & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		/* the characters between words: spaces, and punctuation tokens */
		while (pos < ws)
		{
			UChar		c = u[pos];

			if (is_space16(c))
			{
				pending |= is_newline16(c) ? (NT_NL | NT_SPACE) : NT_SPACE;
				pos++;
				cp++;
			}
			else
			{
				int32		n = (U16_IS_LEAD(c) && pos + 1 < ws && U16_IS_TRAIL(u[pos + 1])) ? 2 : 1;

				add_token(doc, pos, pos + n, cp, cp + 1, pending);
				pending = 0;
				pos += n;
				cp++;
			}
		}
		if (wi == w.n)
			break;
		/* the word, with a possessive 's split off */
		{
			int32		ncp = count_cp(u, ws, we);
			int32		cut = we;

			if (we - ws >= 3 && (u[we - 1] == 's' || u[we - 1] == 'S') &&
				(u[we - 2] == '\'' || u[we - 2] == 0x2019) && u_isalnum(u[we - 3]))
				cut = we - 2;
			if (cut < we)
			{
				add_token(doc, ws, cut, cp, cp + ncp - 2, pending | NT_WORD);
				add_token(doc, cut, we, cp + ncp - 2, cp + ncp, NT_WORD | NT_POSS);
			}
			else
				add_token(doc, ws, we, cp, cp + ncp, pending | NT_WORD);
			pending = 0;
			pos = we;
			cp += ncp;
		}
	}
	pfree(w.se);

	/* case, hashes, shapes; sentence starts; headline lines */
	{
		int			i,
					line_start = 0;
		bool		sstart = true;

		for (i = 0; i < doc->ntoks; i++)
		{
			PgaNerTok  *t = &doc->toks[i];
			UChar		c = u[t->s];

			describe(u, t);
			if (t->flags & NT_NL)
				sstart = true;
			if (sstart && (t->flags & NT_WORD))
			{
				t->flags |= NT_SSTART;
				sstart = false;
			}
			if (!(t->flags & NT_WORD))
			{
				if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x3002)
					sstart = true;
			}
			if (i + 1 == doc->ntoks || (doc->toks[i + 1].flags & NT_NL))
			{
				/* end of a line: mark it as a headline when most words are capitalised */
				int			j,
							words = 0,
							caps = 0;

				for (j = line_start; j <= i; j++)
				{
					if ((doc->toks[j].flags & NT_WORD) && !(doc->toks[j].flags & (NT_DIGIT | NT_POSS)))
					{
						words++;
						if (doc->toks[j].flags & (NT_CAP | NT_ALLCAPS))
							caps++;
					}
				}
				if (words >= 3 && caps * 10 >= words * 8)
					for (j = line_start; j <= i; j++)
						doc->toks[j].flags |= NT_HEADLINE;
				line_start = i + 1;
			}
		}
	}
}

void
pga_ner_doc_free(PgaNerDoc *doc)
{
	if (doc->toks)
		pfree(doc->toks);
	doc->toks = NULL;
	doc->ntoks = 0;
}
