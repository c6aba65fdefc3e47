/*
 * link.c
 *		Mentions of a whole text and their canonical names: the text is tagged
 *		piece by piece (src/util/chunk.h), then, per article, acronyms take
 *		the name they were defined with, short person names the full name
 *		they abbreviate, places and organisations their gazetteer name in
 *		English, and every name a key: KIND:folded Latin form.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "miscadmin.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "pg_article.h"
#include "util/chunk.h"
#include "normalize/normalize.h"
#include "entity/entity.h"

const char *const pga_entity_kind_names[PGA_ENT_NKINDS] = {"PER", "ORG", "LOC"};

typedef struct Span
{
	int			a,
				b;				/* first and last token */
	int			kind;
	int32		def;			/* acronym: start offset of its definition, or -1 */
} Span;

typedef struct Acronym
{
	uint64		lh;
	int32		defstart;		/* start offset of the defining mention */
	int			kind;
} Acronym;

typedef struct LinkState
{
	PgaMentions *out;
	Acronym    *acr;
	int			nacr,
				maxacr;
} LinkState;

static void
add_mention(PgaMentions *out, const PgaNerDoc *doc, const Span *sp, int32 cpbase)
{
	PgaMention *m;
	StringInfoData buf;
	int			i;

	if (out->n >= out->max)
	{
		if ((Size) out->max * 2 * sizeof(PgaMention) >= MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many entity mentions in one text")));
		out->max *= 2;
		out->m = repalloc(out->m, sizeof(PgaMention) * out->max);
	}
	m = &out->m[out->n++];
	memset(m, 0, sizeof(*m));
	m->start = cpbase + doc->toks[sp->a].cs;
	m->end = cpbase + doc->toks[sp->b].ce;
	m->kind = sp->kind;
	m->link = -1;
	m->defstart = sp->def;
	initStringInfo(&buf);
	pga_utf16_append_utf8(doc->u + doc->toks[sp->a].s, doc->toks[sp->b].e - doc->toks[sp->a].s, &buf);
	m->surface = buf.data;
	for (i = sp->a; i <= sp->b; i++)
		if (doc->toks[i].flags & NT_WORD)
			m->ntoks++;
}

static inline bool
tok_is(const PgaNerDoc *doc, int i, UChar c)
{
	return i >= 0 && i < doc->ntoks && doc->toks[i].e - doc->toks[i].s == 1 && doc->u[doc->toks[i].s] == c;
}

/* the tagger's span, without titles, a leading "the", possessives and stray punctuation */
static bool
trim_span(const PgaNerDoc *doc, Span *sp)
{
	/* articles that never begin a name: English, Greek */
	static const UChar *const articles[] = {
		u"the", u"a", u"an", u"\u03bf", u"\u03b7", u"\u03c4\u03bf", u"\u03bf\u03b9", u"\u03c4\u03bf\u03bd",
		u"\u03c4\u03b7\u03bd", u"\u03c4\u03bf\u03c5", u"\u03c4\u03b7\u03c2", NULL
	};
	static uint64 article_hash[lengthof(articles)];
	static bool ready = false;
	int			k;

	if (!ready)
	{
		for (k = 0; articles[k]; k++)
		{
			const UChar *c;

			article_hash[k] = PGA_NER_HASH_INIT;
			for (c = articles[k]; *c; c++)
				article_hash[k] = pga_ner_hash_unit(article_hash[k], *c);
		}
		ready = true;
	}
	while (sp->a <= sp->b)
	{
		const PgaNerTok *t = &doc->toks[sp->a];
		bool		article = false;

		for (k = 0; articles[k] && sp->a < sp->b; k++)
			if (t->lh == article_hash[k])
				article = true;
		if (!(t->flags & NT_WORD) || (t->flags & NT_POSS) || article)
			sp->a++;
		else if (sp->kind == PGA_ENT_PER && sp->a < sp->b && (t->lex & LEX_TITLE) && !(t->flags & NT_ALLCAPS))
			sp->a++;
		else
			break;
	}
	while (sp->b >= sp->a)
	{
		const PgaNerTok *t = &doc->toks[sp->b];

		if ((t->flags & NT_POSS) && sp->kind != PGA_ENT_ORG)
			sp->b--;
		else if (!(t->flags & NT_WORD))
		{
			/* keep the period of "U.S.", "Jr.", "Inc." */
			if (tok_is(doc, sp->b, '.') && sp->b > sp->a &&
				((doc->toks[sp->b - 1].flags & NT_DOT) || doc->toks[sp->b - 1].e - doc->toks[sp->b - 1].s <= 4) &&
				(doc->toks[sp->b - 1].flags & NT_WORD))
				break;
			sp->b--;
		}
		else
			break;
	}
	return sp->a <= sp->b;
}

static void
acronym_add(LinkState *st, uint64 lh, int32 defstart, int kind)
{
	int			i;

	for (i = 0; i < st->nacr; i++)
		if (st->acr[i].lh == lh)
			return;				/* the first definition holds */
	if (st->nacr >= st->maxacr)
	{
		if (st->maxacr >= 100000)
			return;
		st->maxacr *= 2;
		st->acr = repalloc(st->acr, sizeof(Acronym) * st->maxacr);
	}
	st->acr[st->nacr].lh = lh;
	st->acr[st->nacr].defstart = defstart;
	st->acr[st->nacr].kind = kind;
	st->nacr++;
}

static const Acronym *
acronym_find(LinkState *st, uint64 lh)
{
	int			i;

	for (i = 0; i < st->nacr; i++)
		if (st->acr[i].lh == lh)
			return &st->acr[i];
	return NULL;
}

/* hash of the words of tokens a..b */
static uint64
span_hash(const PgaNerDoc *doc, int a, int b)
{
	uint64		h = 0x243F6A8885A308D3;
	int			i;

	for (i = a; i <= b; i++)
		if (doc->toks[i].flags & NT_WORD)
			h = (h ^ doc->toks[i].lh) * UINT64CONST(0x100000001b3) + 7;
	return h;
}

typedef struct NameKind
{
	uint64		h;
	int			nwords;
	int			votes[PGA_ENT_NKINDS];
	int			pervotes;		/* as the last name of a person named in full */
} NameKind;

static NameKind *
nk_find(NameKind *nk, int n, uint64 h)
{
	int			i;

	for (i = 0; i < n; i++)
		if (nk[i].h == h)
			return &nk[i];
	return NULL;
}

static int
propagate(const PgaNerDoc *doc, Span *spans, int nspans, int *cover)
{
	NameKind   *nk;
	int			nnk = 0,
				i,
				j;
	int			maxnk = nspans * 2 + 1;

	if (nspans == 0 || nspans > 2000)
		return nspans;			/* nothing to do, or too many names for the quadratic lookups */
	nk = palloc0(sizeof(NameKind) * maxnk);
	for (i = 0; i < nspans; i++)
	{
		uint64		h = span_hash(doc, spans[i].a, spans[i].b);
		NameKind   *x = nk_find(nk, nnk, h);
		int			words = 0,
					last = -1;

		for (j = spans[i].a; j <= spans[i].b; j++)
			if (doc->toks[j].flags & NT_WORD)
			{
				words++;
				last = j;
			}
		if (x == NULL)
		{
			x = &nk[nnk++];
			x->h = h;
			x->nwords = words;
		}
		x->votes[spans[i].kind]++;
		if (spans[i].kind == PGA_ENT_PER && words >= 2 && last >= 0 &&
			(doc->toks[last].flags & NT_CAP) && doc->toks[last].e - doc->toks[last].s > 2)
		{
			uint64		lh = span_hash(doc, last, last);
			NameKind   *y = nk_find(nk, nnk, lh);

			if (y == NULL)
			{
				y = &nk[nnk++];
				y->h = lh;
				y->nwords = 1;
			}
			y->pervotes++;
		}
	}
	/* majority kind for every span */
	for (i = 0; i < nspans; i++)
	{
		NameKind   *x = nk_find(nk, nnk, span_hash(doc, spans[i].a, spans[i].b));
		int			k,
					best = spans[i].kind;

		if (x->pervotes > 0 && x->nwords == 1)
			best = PGA_ENT_PER;
		else
			for (k = 0; k < PGA_ENT_NKINDS; k++)
				if (x->votes[k] > x->votes[best])
					best = k;
		spans[i].kind = best;
	}
	/* capitalised occurrences left out */
	for (i = 0; i < doc->ntoks; i++)
	{
		const PgaNerTok *t = &doc->toks[i];
		int			b,
					words = 0,
					bestb = -1;
		NameKind   *best = NULL;

		if (cover[i] >= 0 || !(t->flags & NT_WORD) || !(t->flags & (NT_CAP | NT_ALLCAPS)) ||
			(t->flags & NT_POSS))
			continue;
		for (b = i; b < doc->ntoks && words < 6; b++)
		{
			NameKind   *x;

			if (cover[b] >= 0 || (b > i && (doc->toks[b].flags & NT_NL)))
				break;
			if (!(doc->toks[b].flags & NT_WORD))
				continue;
			words++;
			x = nk_find(nk, nnk, span_hash(doc, i, b));
			if (x && x->nwords == words)
			{
				best = x;
				bestb = b;
			}
		}
		if (best && (doc->toks[bestb].flags & (NT_CAP | NT_ALLCAPS | NT_DIGIT)))
		{
			int			k,
						kind = 0;

			if (best->pervotes > 0 && best->nwords == 1)
				kind = PGA_ENT_PER;
			else
				for (k = 1; k < PGA_ENT_NKINDS; k++)
					if (best->votes[k] > best->votes[kind])
						kind = k;
			/* a sentence-initial single word seen lower case elsewhere is a common word */
			if (best->nwords == 1 && (t->flags & NT_SEENLOW))
				continue;
			spans[nspans].a = i;
			spans[nspans].b = bestb;
			spans[nspans].kind = kind;
			spans[nspans].def = -1;
			for (b = i; b <= bestb; b++)
				cover[b] = nspans;
			nspans++;
			i = bestb;
		}
	}
	pfree(nk);
	return nspans;
}

/* replaces the spans covering tokens a..b by one span */
static int
merge_range(Span *spans, int nspans, int *cover, int a, int b, int kind)
{
	int			i,
				k = 0;

	for (i = 0; i < nspans; i++)
		if (!(spans[i].a >= a && spans[i].b <= b))
			spans[k++] = spans[i];
	spans[k].a = a;
	spans[k].b = b;
	spans[k].kind = kind;
	spans[k].def = -1;
	k++;
	for (i = 0; i < k; i++)
	{
		int			j;

		for (j = spans[i].a; j <= spans[i].b; j++)
			cover[j] = i;
	}
	return k;
}

static int
merge_spans(const PgaNerDoc *doc, Span *spans, int nspans, int *cover)
{
	int			i;

	for (i = 0; i < doc->ntoks; i++)
	{
		const PgaNerTok *t = &doc->toks[i];
		int			b,
					j,
					inside = 0,
					innerspan = -1;
		bool		ok = true;

		if (t->gazlen < 2 || t->gazent < 0)
			continue;
		b = i + t->gazlen - 1;
		/* only when every span touched lies inside the match, and at least two do, or one partly */
		for (j = i; j <= b; j++)
			if (cover[j] >= 0)
			{
				const Span *sp = &spans[cover[j]];

				if (sp->a < i || sp->b > b)
					ok = false;
				if (j == sp->a)
				{
					inside++;
					innerspan = cover[j];
				}
			}
		/*
		 * two spans or more inside, or one that the match extends ("Fish and
		 * [Wildlife Service]"); a person only into an organisation's name
		 */
		if (ok && (inside >= 2 ||
				   (inside == 1 && !(cover[i] >= 0 && spans[cover[i]].a == i && spans[cover[i]].b == b) &&
					(spans[innerspan].kind != PGA_ENT_PER ||
					 pga_gazetteer_entry(t->gazent)->kind == PGA_ENT_ORG))))
			nspans = merge_range(spans, nspans, cover, i, b, pga_gazetteer_entry(t->gazent)->kind);
		i = b;
	}
	/* runs defined by an acronym: "... Human Rights (OHCHR)" */
	for (i = 0; i < doc->ntoks; i++)
	{
		int			last,
					a,
					best = -1;

		if (!tok_is(doc, i, '(') || i + 2 >= doc->ntoks || !tok_is(doc, i + 2, ')') ||
			!(doc->toks[i + 1].flags & NT_ALLCAPS) || i == 0 || cover[i - 1] < 0)
			continue;
		last = i - 1;
		/* walk left over spans and connectors; remember the earliest span start that matches */
		for (a = spans[cover[last]].a; a >= 0;)
		{
			int			p;

			if (pga_ner_acronym_match(doc, a, last, i + 1))
				best = a;
			p = a - 1;
			while (p >= 0 && cover[p] < 0 && (doc->toks[p].lex & LEX_CONNECT) && !(doc->toks[p].flags & NT_NL))
				p--;
			if (p < 0 || p == a - 1 || cover[p] < 0)
				break;
			a = spans[cover[p]].a;
		}
		if (best >= 0 && best < spans[cover[last]].a)
			nspans = merge_range(spans, nspans, cover, best, last, spans[cover[last]].kind == PGA_ENT_PER ? PGA_ENT_ORG : spans[cover[last]].kind);
	}
	return nspans;
}

/* ---- rules on the tagger's spans */

static uint64
word_hash(const char *w)
{
	uint64		h = PGA_NER_HASH_INIT;

	for (; *w; w++)
		h = pga_ner_hash_unit(h, (UChar) *w);
	return h;
}

static bool
word_in(const PgaNerTok *t, const uint64 *hashes)
{
	for (; *hashes; hashes++)
		if (t->lh == *hashes)
			return true;
	return false;
}

static void
hashes_init(const char *const *words, uint64 *out)
{
	for (; *words; words++)
		*out++ = word_hash(*words);
	*out = 0;
}

static uint64 h_admin[4],
			h_dept[16],
			h_of[3],
			h_on[2],
			h_onheads[8],
			h_and[3],
			h_the[2],
			h_corps[2],
			h_corpdot[8],
			h_exchanges[16],
			h_versus[24],
			h_beatverbs[24],
			h_notroles[24],
			h_sports[48],
			h_placeprep[16],
			h_lossto[24],
			h_placeafter[32];

static void
rule_words_init(void)
{
	static bool ready = false;
	static const char *const admin[] = {"administration", "presidency", "white", NULL};
	static const char *const dept[] = {"interior", "commerce", "defense", "defence", "treasury", "justice",
		"energy", "labor", "labour", "agriculture", "education", "transportation", "health", "veterans",
	"housing", NULL};
	static const char *const of[] = {"of", "for", NULL};
	static const char *const on[] = {"on", NULL};
	static const char *const onheads[] = {"committee", "subcommittee", "council", "commission", "conference",
	"panel", "institute", NULL};
	static const char *const and[] = {"and", "&", NULL};
	static const char *const the[] = {"the", NULL};
	static const char *const corps[] = {"corps", NULL};
	static const char *const versus[] = {"against", "beat", "beats", "beating", "defeated", "defeat", "over", "vs",
	"versus", "v", "edged", "routed", "host", "hosts", "hosting", "visit", "visits", "visiting", NULL};
	static const char *const beatverbs[] = {"beat", "beats", "defeated", "defeats", "won", "wins", "lost", "loses",
	"edged", "routed", "rallied", "clinched", "hosts", "visits", "signed", "traded", "drafted", "released", NULL};
	static const char *const exchanges[] = {"nasdaq", "nyse", "nsdq", "amex", "lse", "tsx", "asx", "otc", "otcbb",
	"euronext", "xetra", "hkex", "tse", NULL};
	static const char *const corpdot[] = {"inc", "corp", "ltd", "co", "jr", "bros", NULL};
	static const char *const notroles[] = {"king", "queen", "prince", "princess", "lord", "lady", "dame", "sir",
	"don", "st", "sr", "sra", "m", "star", "major", "general", "chief", "justice", "father", NULL};
	static const char *const sports[] = {"game", "games", "season", "playoff", "playoffs", "postseason",
		"preseason", "offseason", "coach", "quarterback", "touchdown", "touchdowns", "inning", "innings",
		"pitcher", "baseman", "outfielder", "linebacker", "cornerback", "receiver", "kickoff", "roster",
		"rookie", "league", "nfl", "nba", "mlb", "nhl", "ncaa", "teammate", "teammates", "championship",
	"standings", "halftime", "quarter", "lineup", "goalkeeper", "striker", "midfielder", NULL};
	static const char *const placeprep[] = {"in", "near", "from", "of", "outside", "across", "around", "into",
	"to", "through", "throughout", "toward", "towards", "downtown", NULL};
	static const char *const lossto[] = {"loss", "losses", "lost", "lose", "losing", "fell", "falls", "fall",
	"win", "wins", "won", "victory", "defeat", "defeats", "defeated", "trade", "traded", "went", NULL};
	static const char *const placeafter[] = {"area", "police", "city", "mayor", "airport", "suburb", "suburbs",
		"resident", "residents", "native", "street", "streets", "county", "downtown", "metro", "region",
	"neighborhood", "neighbourhood", "hospital", "school", "schools", "courthouse", "jail", "office", NULL};

	if (ready)
		return;
	hashes_init(admin, h_admin);
	hashes_init(dept, h_dept);
	hashes_init(of, h_of);
	hashes_init(on, h_on);
	hashes_init(onheads, h_onheads);
	hashes_init(and, h_and);
	hashes_init(the, h_the);
	hashes_init(corps, h_corps);
	hashes_init(corpdot, h_corpdot);
	hashes_init(exchanges, h_exchanges);
	hashes_init(versus, h_versus);
	hashes_init(beatverbs, h_beatverbs);
	hashes_init(notroles, h_notroles);
	hashes_init(sports, h_sports);
	hashes_init(placeprep, h_placeprep);
	hashes_init(lossto, h_lossto);
	hashes_init(placeafter, h_placeafter);
	ready = true;
}

static int
rebuild_cover(const PgaNerDoc *doc, Span *spans, int nspans, int *cover)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < doc->ntoks; i++)
		cover[i] = -1;
	for (i = 0; i < nspans; i++)
		if (spans[i].a <= spans[i].b)
		{
			spans[k] = spans[i];
			for (j = spans[k].a; j <= spans[k].b; j++)
				cover[j] = k;
			k++;
		}
	return k;
}

/* a capitalised word that can be part of a name */
static inline bool
cap_word(const PgaNerTok *t)
{
	return (t->flags & NT_WORD) && (t->flags & (NT_CAP | NT_ALLCAPS)) && !(t->flags & NT_POSS) &&
		!(t->lex & (LEX_STOP | LEX_MONTHDAY | LEX_CONNECT));
}

/*
 * Before the kinds are voted: "the Bush administration" names a person
 * ("Bush"), not an organisation, and "Interior Secretary Dirk Kempthorne" a
 * person after a title that names a department.
 */
static int
rules_before(const PgaNerDoc *doc, Span *spans, int nspans, int *cover)
{
	int			i;
	bool		changed = false;

	rule_words_init();

	/*
	 * a role inside a person's span: "Apple CEO Steve Jobs", "Manager Ed
	 * Stefanski" -> the person after the role; before it, a gazetteer name
	 * keeps its own kind ("Apple"), anything else is dropped
	 */
	for (i = 0; i < nspans; i++)
	{
		Span	   *sp = &spans[i];
		int			k,
					cut = -1;

		if (sp->kind != PGA_ENT_PER || sp->b - sp->a < 1)
			continue;
		for (k = sp->a; k < sp->b; k++)
			if ((doc->toks[k].lex & LEX_TITLE) && (doc->toks[k].flags & NT_WORD) && !word_in(&doc->toks[k], h_notroles))
				cut = k;
		if (cut >= 0 && cut + 1 < sp->b && tok_is(doc, cut + 1, '.'))
			cut++;				/* "Rep. Edward Markey" */
		if (cut < 0 || !cap_word(&doc->toks[cut + 1]) || (doc->toks[cut + 1].lex & LEX_TITLE))
			continue;
		if (cut > sp->a && doc->toks[sp->a].gazlen == cut - sp->a && doc->toks[sp->a].gazent >= 0)
		{
			Span		pre = {sp->a, cut - 1, pga_gazetteer_entry(doc->toks[sp->a].gazent)->kind, -1};

			spans[nspans++] = pre;
		}
		sp->a = cut + 1;
		changed = true;
	}
	/*
	 * demonyms ("Israeli", "Israeli-Palestinian", "Western") and measures
	 * ("250GB", "9400M") are no names; a given name and one or two more
	 * capitalised words without a head word are a person ("Eddie Jordan",
	 * "Austin Chatman") unless the gazetteer knows the whole
	 */
	for (i = 0; i < nspans; i++)
	{
		Span	   *sp = &spans[i];
		int			k,
					words = 0,
					demonym = 0,
					digits = 0,
					heads = 0;

		for (k = sp->a; k <= sp->b; k++)
		{
			const PgaNerTok *t = &doc->toks[k];

			if (!(t->flags & NT_WORD))
				continue;
			words++;
			if (t->lex & LEX_DEMONYM)
				demonym++;
			if (t->flags & NT_DIGIT)
				digits++;
			if (!cap_word(t) || (t->lex & (LEX_ORGHEAD | LEX_LOCHEAD | LEX_TITLE)))
				heads++;
		}
		if (words == 0)
			continue;
		if (demonym == words || (digits == words && doc->toks[sp->a].gazlen != sp->b - sp->a + 1))
		{
			sp->b = -1;
			changed = true;
		}
		else if (sp->kind != PGA_ENT_PER && words >= 2 && words <= 3 && heads == 0 && digits == 0 &&
				 (doc->toks[sp->a].lex & LEX_FIRSTNAME) && !(doc->toks[sp->a].flags & NT_ALLCAPS) &&
				 doc->toks[sp->a].gazlen < sp->b - sp->a + 1)
			sp->kind = PGA_ENT_PER;
	}
	/* a given name the tagger left before a person's span: "[Kenny] George", "[Al] Quintero" */
	for (i = 0; i < nspans; i++)
	{
		Span	   *sp = &spans[i];
		int			p = sp->a - 1;

		if (sp->kind == PGA_ENT_PER && sp->b >= sp->a && p >= 0 && cover[p] < 0 && !(doc->toks[sp->a].flags & NT_NL) &&
			(doc->toks[sp->a].flags & NT_SPACE) && (doc->toks[p].flags & NT_WORD) && (doc->toks[p].flags & NT_CAP) &&
			!(doc->toks[p].flags & NT_ALLCAPS) && (doc->toks[p].lex & LEX_FIRSTNAME))
		{
			sp->a = p;
			cover[p] = i;
		}
	}
	if (changed)
		nspans = rebuild_cover(doc, spans, nspans, cover);
	changed = false;

	for (i = 1; i < doc->ntoks; i++)
	{
		const PgaNerTok *t = &doc->toks[i];
		int			p = i - 1;

		/* "Bush administration", "Obama Administration", "the Clinton presidency", "the Obama White House" */
		if ((t->flags & NT_WORD) && !(t->flags & NT_NL) && word_in(t, h_admin) &&
			(t->flags & NT_LOWER || !(t->flags & NT_HEADLINE)) &&
			cap_word(&doc->toks[p]) && !(doc->toks[p].flags & (NT_ALLCAPS | NT_DIGIT)) &&
			doc->toks[p].gaz == 0 && !(doc->toks[p].lex & (LEX_TITLE | LEX_ORGHEAD | LEX_LOCHEAD)) &&
			(p == 0 || (doc->toks[p].flags & NT_NL) || !(doc->toks[p - 1].flags & NT_WORD) ||
			 !(doc->toks[p - 1].flags & (NT_CAP | NT_ALLCAPS)) || word_in(&doc->toks[p - 1], h_the)))
		{
			/* "White" only as "White House" */
			if (t->lh == h_admin[2] &&
				!(i + 1 < doc->ntoks && (doc->toks[i + 1].flags & NT_CAP) && doc->toks[i + 1].lh == word_hash("house")))
				continue;
			if (cover[p] >= 0)
			{
				Span	   *sp = &spans[cover[p]];

				if (sp->a != p || sp->b > (t->lh == h_admin[2] ? i + 1 : i))
					continue;
				if (sp->b > p)
				{
					bool		whitehouse = (sp->b == i + 1);

					sp->b = p;
					changed = true;
					if (whitehouse)
					{
						Span		wh = {i, i + 1, PGA_ENT_LOC, -1};

						spans[nspans++] = wh;
					}
				}
				sp->kind = PGA_ENT_PER;
			}
			else if (t->lh != h_admin[2])
			{
				Span		sp = {p, p, PGA_ENT_PER, -1};

				spans[nspans] = sp;
				cover[p] = nspans++;
			}
		}
		/* "the Doctor", "the President": a title with an article is a description, not a name ("the Lord" is) */
		if ((t->flags & NT_WORD) && (t->lex & LEX_TITLE) && !(t->flags & NT_ALLCAPS) && cover[i] >= 0 &&
			spans[cover[i]].a == i && spans[cover[i]].b == i && spans[cover[i]].kind == PGA_ENT_PER &&
			word_in(&doc->toks[p], h_the) && t->lh != word_hash("lord"))
		{
			spans[cover[i]].b = -1;
			changed = true;
		}

		/*
		 * "Interior Secretary", "the Interior and Commerce departments",
		 * "Interior officials": a department's short name before a title, a
		 * lower-case word or another such name is not a name to tag
		 */
		if ((t->flags & NT_WORD) && cover[p] >= 0 && word_in(&doc->toks[p], h_dept) &&
			spans[cover[p]].a == p && spans[cover[p]].b == p && !(t->flags & NT_NL) &&
			((t->lex & LEX_TITLE) || (t->flags & NT_LOWER && !word_in(t, h_and) && !(t->lex & LEX_STOP)) ||
			 (word_in(t, h_and) && i + 1 < doc->ntoks && word_in(&doc->toks[i + 1], h_dept))))
		{
			spans[cover[p]].b = -1;
			changed = true;
		}
	}
	return changed ? rebuild_cover(doc, spans, nspans, cover) : nspans;
}

/*
 * After the merges: organisation names that the tagger cut at a connector.
 * "Fish and [Wildlife Service]", "[Senate Environment] and [Public Works
 * Committee]" (two capitalised parts around "and", the second ending on an
 * organisation head word), and "[Center] for Biological Diversity",
 * "[Office] of Management and Budget", "[Committee] on Energy Independence"
 * (an organisation head word, of/for/on, a capitalised run).
 */
static int
rules_after(const PgaNerDoc *doc, Span *spans, int nspans, int *cover)
{
	int			i;

	rule_words_init();
	for (i = 0; i < nspans; i++)
	{
		Span	   *sp = &spans[i];
		const PgaNerTok *t = &doc->toks[sp->a];
		int			k;

		/* lower-case words at the end are outside: "Apple computer", "UN security council" */
		if (sp->kind != PGA_ENT_LOC && t->gazlen != sp->b - sp->a + 1)
			while (sp->b > sp->a && (doc->toks[sp->b].flags & NT_LOWER) && !(doc->toks[sp->b].flags & NT_POSS))
				cover[sp->b--] = -1;

		/*
		 * a company followed by its product: "Nvidia GeForce 9400M", "Intel
		 * Ivy Bridge" (not "Nvidia Corp.", "HP Services", "UN Relief and
		 * Works Agency")
		 */
		if (sp->kind == PGA_ENT_ORG && t->gazlen > 0 && t->gazent >= 0 && sp->a + t->gazlen - 1 < sp->b &&
			pga_gazetteer_entry(t->gazent)->kind == PGA_ENT_ORG &&
			(doc->toks[sp->a + t->gazlen].flags & (NT_CAP | NT_ALLCAPS | NT_DIGIT)) &&
			(doc->toks[sp->a + t->gazlen].flags & NT_WORD) &&
			doc->toks[sp->a + t->gazlen].gaz != 1 + 2 * PGA_ENT_LOC)	/* "NBC Philadelphia", "BBC America" */
		{
			bool		head = false;

			for (k = sp->a + t->gazlen; k <= sp->b; k++)
				if (doc->toks[k].lex & (LEX_ORGHEAD | LEX_CONNECT))
					head = true;
			if (!head)
			{
				for (k = sp->a + t->gazlen; k <= sp->b; k++)
					cover[k] = -1;
				sp->b = sp->a + t->gazlen - 1;
			}
		}

		/* the period of a company form or "Jr.": "Advanced Micro Devices Inc." */
		k = sp->b + 1;
		if (k < doc->ntoks && tok_is(doc, k, '.') && !(doc->toks[k].flags & (NT_SPACE | NT_NL)) && cover[k] < 0 &&
			(doc->toks[sp->b].flags & NT_CAP) && word_in(&doc->toks[sp->b], h_corpdot))
		{
			sp->b = k;
			cover[k] = i;
		}
	}
	/* "in Seattle" is the city even where "Seattle" also names its team */
	for (i = 0; i < nspans; i++)
	{
		Span	   *sp = &spans[i];
		const PgaNerTok *t = &doc->toks[sp->a];

		if (sp->kind == PGA_ENT_ORG && sp->a > 0 && t->gazlen == sp->b - sp->a + 1 && t->gazent >= 0 &&
			pga_gazetteer_entry(t->gazent)->kind == PGA_ENT_LOC &&
			(doc->toks[sp->a - 1].flags & NT_LOWER) && doc->toks[sp->a - 1].lh == word_hash("in"))
			sp->kind = PGA_ENT_LOC;
	}
	/*
	 * Sports news names teams by their place ("a loss to Detroit", "New
	 * Orleans signed CB Michael Lehan", "Creighton beat Evansville"): in a
	 * piece with at least three sports words, a place of the gazetteer is
	 * the team, except after a preposition of place ("in Seattle", "flew to
	 * Seattle"; not "lost to Seattle"), before a word that makes it a place
	 * ("Seattle police"), in a dateline or in "Louisville, Ky."; any place
	 * after "beat", "against", "vs." or before "beat", "won" is a team.
	 */
	{
		int			sportswords = 0;

		for (i = 0; i < doc->ntoks && sportswords < 3; i++)
			if ((doc->toks[i].flags & NT_WORD) && word_in(&doc->toks[i], h_sports))
				sportswords++;
		/* elsewhere a place of the gazetteer is a place, also where it stands for a government (guideline 5) */
		for (i = 0; i < nspans && sportswords < 3; i++)
		{
			Span	   *sp = &spans[i];
			const PgaNerTok *t = &doc->toks[sp->a];

			if (sp->kind == PGA_ENT_ORG && t->gazlen == sp->b - sp->a + 1 && t->gazent >= 0 &&
				pga_gazetteer_entry(t->gazent)->kind == PGA_ENT_LOC)
				sp->kind = PGA_ENT_LOC;
		}
		for (i = 0; i < nspans && sportswords >= 3; i++)
		{
			Span	   *sp = &spans[i];
			const PgaNerTok *t = &doc->toks[sp->a];
			int			p = sp->a - 1,
						n = sp->b + 1;

			if (sp->kind != PGA_ENT_LOC)
				continue;

			/*
			 * any place between "beat", "against", "vs." ... or before
			 * "beat", "won" ... is a team ("Creighton beat Evansville")
			 */
			while (n < doc->ntoks && (doc->toks[n].flags & NT_POSS || tok_is(doc, n, '\'') || tok_is(doc, n, 0x2019)))
				n++;
			if (p > 0 && tok_is(doc, p, '.') && doc->toks[p - 1].lh == h_versus[7])
				p--;			/* "vs." */
			if ((p >= 0 && !(t->flags & NT_NL) && word_in(&doc->toks[p], h_versus) &&
				 (doc->toks[p].flags & (NT_LOWER | NT_WORD)) != NT_WORD) ||
				(p > 0 && doc->toks[p].lh == h_placeprep[8] && word_in(&doc->toks[p - 1], h_lossto)) ||
				(n < doc->ntoks && n == sp->b + 1 && !(doc->toks[n].flags & NT_NL) && (doc->toks[n].flags & NT_LOWER) &&
				 word_in(&doc->toks[n], h_beatverbs)))
			{
				sp->kind = PGA_ENT_ORG;
				continue;
			}
			if (t->gazlen != sp->b - sp->a + 1 || t->gazent < 0 || pga_gazetteer_entry(t->gazent)->kind != PGA_ENT_LOC ||
				(t->flags & (NT_DOT | NT_ALLCAPS)))
				continue;		/* not "U.S.", "UK": teams are not called so */
			/* a dateline or "Louisville, Ky." is the place */
			if (n < doc->ntoks && !(doc->toks[n].flags & NT_WORD) &&
				((t->flags & NT_NL) || (tok_is(doc, n, ',') && n + 1 < doc->ntoks && doc->toks[n + 1].gaz == 1 + 2 * PGA_ENT_LOC)))
				continue;
			if (p >= 0 && !(t->flags & NT_NL) && (doc->toks[p].flags & NT_LOWER) && word_in(&doc->toks[p], h_placeprep) &&
				!(doc->toks[p].lh == h_placeprep[8] && p > 0 && word_in(&doc->toks[p - 1], h_lossto)))
				continue;
			if (n < doc->ntoks && !(doc->toks[n].flags & NT_NL) && (doc->toks[n].flags & NT_LOWER) &&
				word_in(&doc->toks[n], h_placeafter))
				continue;
			sp->kind = PGA_ENT_ORG;
		}
	}
	/* titles after an organisation's head word are not part of it: "[Resources Committee] Chairman Rep." */
	for (i = 0; i < nspans; i++)
	{
		Span	   *sp = &spans[i];
		int			h,
					k;
		bool		titles = true;

		if (sp->kind != PGA_ENT_ORG || !(doc->toks[sp->b].lex & LEX_TITLE))
			continue;
		for (h = sp->b; h > sp->a && ((doc->toks[h].lex & LEX_TITLE) || tok_is(doc, h, '.')); h--)
			;
		if ((doc->toks[h].lex & LEX_TITLE) || !(doc->toks[h].flags & NT_WORD))
			continue;
		for (k = h + 1; k <= sp->b; k++)
			if (!((doc->toks[k].lex & LEX_TITLE) || tok_is(doc, k, '.')))
				titles = false;
		if (titles && h < sp->b)
		{
			for (k = h + 1; k <= sp->b; k++)
				cover[k] = -1;
			sp->b = h;
		}
	}
	/* an acronym before an organisation's name with a head word: "UN Relief and Works Agency", "EU Commission" */
	for (i = 0; i < nspans; i++)
	{
		const Span *s2 = &spans[i];
		int			q = s2->a - 1;

		if (s2->kind != PGA_ENT_ORG || q < 0 || cover[q] < 0 || !(doc->toks[s2->b].lex & LEX_ORGHEAD) ||
			(doc->toks[s2->a].flags & NT_NL) || !(doc->toks[s2->a].flags & NT_SPACE))
			continue;
		{
			const Span *s1 = &spans[cover[q]];

			if (s1->a != s1->b || s1->kind == PGA_ENT_PER || !(doc->toks[q].flags & NT_ALLCAPS) ||
				(doc->toks[q].flags & NT_POSS) || doc->toks[q].e - doc->toks[q].s > 4)
				continue;
			nspans = merge_range(spans, nspans, cover, q, s2->b, PGA_ENT_ORG);
			i = -1;
			CHECK_FOR_INTERRUPTS();
		}
	}
	/* X and Y Head */
	for (i = 0; i < nspans; i++)
	{
		Span	   *s2 = &spans[i];
		int			c = s2->a - 1,
					q = s2->a - 2,
					a;

		if (s2->kind == PGA_ENT_PER || !(doc->toks[s2->b].lex & LEX_ORGHEAD) || q < 0 ||
			(doc->toks[s2->a].flags & NT_NL) || (doc->toks[c].flags & NT_NL) ||
			!word_in(&doc->toks[c], h_and) || cover[c] >= 0 || !cap_word(&doc->toks[q]))
			continue;
		if (cover[q] >= 0)
			continue;			/* two names: "Tennessee Tech and LaSalle University" */
		else
		{
			/* up to three uncapitalised-free words, none in the gazetteer */
			for (a = q; a > 0 && q - a < 2 && cover[a - 1] < 0 && !(doc->toks[a].flags & NT_NL) &&
				 cap_word(&doc->toks[a - 1]) && doc->toks[a - 1].gaz == 0; a--)
				;
			if (doc->toks[a].gaz != 0 || (doc->toks[q].lex & LEX_ORGHEAD))
				continue;
		}
		nspans = merge_range(spans, nspans, cover, a, s2->b, PGA_ENT_ORG);
		i = -1;					/* the array was rewritten: start again (merges only grow spans) */
		CHECK_FOR_INTERRUPTS();
	}
	/* Head of/for/on Name ... */
	for (i = 0; i < nspans; i++)
	{
		const Span *s = &spans[i];
		const PgaNerTok *head = &doc->toks[s->b];
		int			j = s->b + 1,
					k,
					last = -1;

		if (s->kind == PGA_ENT_PER || j + 1 >= doc->ntoks ||
			!((head->lex & LEX_ORGHEAD) || word_in(head, h_corps)) || (head->flags & NT_LOWER) ||
			cover[j] >= 0 || (doc->toks[j].flags & (NT_NL | NT_LOWER)) != NT_LOWER)
			continue;
		if (!(word_in(&doc->toks[j], h_of) || (word_in(&doc->toks[j], h_on) && word_in(head, h_onheads))))
			continue;
		k = j + 1;
		if (word_in(&doc->toks[k], h_the) && (doc->toks[k].flags & NT_LOWER))
			k++;
		for (; k < doc->ntoks && !(doc->toks[k].flags & NT_NL); k++)
		{
			const PgaNerTok *t = &doc->toks[k];

			if (cover[k] >= 0 && (spans[cover[k]].a < j || spans[cover[k]].kind == PGA_ENT_PER))
				break;
			if (cap_word(t) || ((t->flags & NT_DIGIT) && last >= 0))
				last = k;
			else if ((t->flags & NT_LOWER) && last >= 0 && k + 1 < doc->ntoks &&
					 (word_in(t, h_and) || word_in(t, h_of)) && cap_word(&doc->toks[k + 1]) &&
					 doc->toks[k + 1].gazlen == 0 &&
					 (cover[k + 1] < 0 || spans[cover[k + 1]].kind != PGA_ENT_PER))
				continue;
			else if (tok_is(doc, k, '&') && last >= 0)
				continue;
			else
				break;
		}
		if (last < 0 || (cover[last] >= 0 && spans[cover[last]].b > last))
			continue;
		nspans = merge_range(spans, nspans, cover, s->a, last, PGA_ENT_ORG);
		i = -1;
		CHECK_FOR_INTERRUPTS();
	}

	/*
	 * a nickname in quotes or brackets inside a person's name is one span:
	 * Vincent "the Chin" Gigante, Kimani (Kiki) Gray -- a capitalised word,
	 * the nickname, and a capitalised word, one of the three tagged a person
	 */
	for (i = 2; i + 1 < doc->ntoks; i++)
	{
		int			open,
					first,
					end,
					k;
		UChar		oc,
					cc;
		bool		person = false,
					ok = true;

		if ((doc->toks[i].flags & NT_WORD) || doc->toks[i].e - doc->toks[i].s != 1)
			continue;
		cc = doc->u[doc->toks[i].s];
		if (!(cc == ')' || cc == '"' || cc == '\'' || cc == 0x201D || cc == 0x2019))
			continue;
		oc = cc == ')' ? '(' : cc == 0x201D ? 0x201C : cc == 0x2019 ? 0x2018 : cc;
		for (open = i - 1; open > i - 6 && open > 0 && !tok_is(doc, open, oc); open--)
			;
		first = open - 1;
		end = i + 1;
		if (open <= 0 || !tok_is(doc, open, oc) || open == i - 1 || first < 0 ||
			!cap_word(&doc->toks[first]) || (doc->toks[first].lex & LEX_TITLE) ||
			!cap_word(&doc->toks[end]) || (doc->toks[end].lex & LEX_TITLE))
			continue;
		if (cover[end] >= 0)
		{
			if (spans[cover[end]].kind != PGA_ENT_PER)
				continue;
			end = spans[cover[end]].b;
		}
		if (cover[first] >= 0 && (spans[cover[first]].kind != PGA_ENT_PER || spans[cover[first]].a != first))
			continue;
		for (k = first; k <= end; k++)
		{
			if (k > first && (doc->toks[k].flags & NT_NL))
				ok = false;
			if (cover[k] >= 0)
			{
				if (spans[cover[k]].kind != PGA_ENT_PER || spans[cover[k]].a < first || spans[cover[k]].b > end)
					ok = false;
				else
					person = true;
			}
		}
		if (!ok || !person)
			continue;
		nspans = merge_range(spans, nspans, cover, first, end, PGA_ENT_PER);
		i = end;
	}

	/* a stock exchange and a ticker in brackets: "(NASDAQ: INTC)", "(nyse: HPQ)" are organisations */
	for (i = 0; i + 4 < doc->ntoks; i++)
	{
		int			k;

		if (!tok_is(doc, i, '(') || !word_in(&doc->toks[i + 1], h_exchanges) || !tok_is(doc, i + 2, ':'))
			continue;
		for (k = i + 1; k <= i + 3; k += 2)
		{
			const PgaNerTok *t = &doc->toks[k];

			if (!(t->flags & NT_WORD) || (k == i + 3 && !(t->flags & NT_ALLCAPS)))
				continue;
			if (cover[k] >= 0)
				spans[cover[k]].kind = spans[cover[k]].a == k && spans[cover[k]].b == k ? PGA_ENT_ORG : spans[cover[k]].kind;
			else
			{
				Span		sp = {k, k, PGA_ENT_ORG, -1};

				spans[nspans] = sp;
				cover[k] = nspans++;
			}
		}
	}
	return nspans;
}

/* tags one piece and appends its mentions */
static void
piece_mentions(LinkState *st, const PgaNerModel *model, const char *s, int len, int32 cpbase)
{
	int32		n16;
	UChar	   *u = pga_utf8_to_utf16(s, len, &n16);
	PgaNerDoc	doc;
	uint8	   *labels;
	Span	   *spans;
	int		   *cover;
	int			nspans = 0,
				i;

	pga_ner_tokenize(u, n16, &doc);
	pga_ner_doc_prepare(&doc);
	labels = palloc0(Max(doc.ntoks, 1));
	pga_ner_tag(model, &doc, labels);
	spans = palloc(sizeof(Span) * (doc.ntoks + 1));
	cover = palloc(sizeof(int) * (doc.ntoks + 1));
	for (i = 0; i < doc.ntoks; i++)
		cover[i] = -1;

	/* spans from the labels */
	for (i = 0; i < doc.ntoks; i++)
	{
		if (PGA_NER_IS_B(labels[i]))
		{
			Span		sp;
			int			j = i;

			while (j + 1 < doc.ntoks && labels[j + 1] == PGA_NER_I(PGA_NER_KIND(labels[i])))
				j++;
			sp.a = i;
			sp.b = j;
			sp.kind = PGA_NER_KIND(labels[i]);
			sp.def = -1;
			if (trim_span(&doc, &sp))
			{
				/*
				 * a title, one name word, and a capitalised word the tagger
				 * left out: "ambassador Chen Xu told" -> "Chen Xu"
				 */
				int			n = sp.b + 1;

				if (sp.kind == PGA_ENT_PER && sp.a == sp.b && sp.a > 0 && n < doc.ntoks &&
					(doc.toks[sp.a - 1].lex & LEX_TITLE) && labels[n] == PGA_NER_O &&
					(doc.toks[n].flags & (NT_WORD | NT_CAP | NT_SPACE | NT_NL | NT_ALLCAPS | NT_SSTART | NT_POSS)) == (NT_WORD | NT_CAP | NT_SPACE) &&
					doc.toks[n].lex == 0 && doc.toks[n].gaz == 0 &&
					!(n + 1 < doc.ntoks && (doc.toks[n + 1].flags & NT_CAP) && !(doc.toks[n + 1].flags & NT_NL)))
				{
					sp.b = n;
					j = n;
				}
				spans[nspans++] = sp;
			}
			i = j;
		}
	}
	/* caseless scripts: gazetteer names the tagger cannot see by capitalisation */
	for (i = 0; i < nspans; i++)
	{
		int			j;

		for (j = spans[i].a; j <= spans[i].b; j++)
			cover[j] = i;
	}
	for (i = 0; i < doc.ntoks; i++)
	{
		const PgaNerTok *t = &doc.toks[i];

		/*
		 * the tagger learnt from text with case only: where its span is
		 * exactly a gazetteer name in a caseless script, the gazetteer's
		 * kind holds
		 */
		if (t->gazlen > 0 && (t->flags & NT_CASELESS) && cover[i] >= 0 && spans[cover[i]].a == i &&
			spans[cover[i]].b == i + t->gazlen - 1)
			spans[cover[i]].kind = pga_gazetteer_entry(t->gazent)->kind;
		else if (t->gazlen > 0 && (t->flags & NT_CASELESS) && cover[i] < 0)
		{
			int			j,
						free_run = 1;

			for (j = i; j < i + t->gazlen; j++)
				if (cover[j] >= 0)
					free_run = 0;
			if (free_run)
			{
				Span		sp = {i, i + t->gazlen - 1, pga_gazetteer_entry(t->gazent)->kind, -1};

				spans[nspans] = sp;
				for (j = sp.a; j <= sp.b; j++)
					cover[j] = nspans;
				nspans++;
			}
		}
	}

	/*
	 * cased scripts other than Latin (Greek, Cyrillic, Armenian, Georgian):
	 * the tagger learnt from Latin text only, so two or three capitalised
	 * words in a row that it left out, none of them in the gazetteer or a
	 * function word, are taken as a person's name ("Αντόνιο Γκουτέρες")
	 */
	for (i = 0; i < doc.ntoks; i++)
	{
		int			j,
					n = 0;

		for (j = i; j < doc.ntoks && j < i + 4; j++)
		{
			const PgaNerTok *t = &doc.toks[j];
			UChar32		c;
			int			sc;
			UErrorCode	status = U_ZERO_ERROR;

			if (cover[j] >= 0 || !(t->flags & NT_WORD) || !(t->flags & NT_CAP) || (t->flags & NT_ALLCAPS) ||
				t->gaz != 0 || (t->lex & (LEX_STOP | LEX_CONNECT | LEX_TITLE | LEX_MONTHDAY)) ||
				(j > i && ((t->flags & NT_NL) || !(t->flags & NT_SPACE))))
				break;
			U16_GET(doc.u, 0, t->s, doc.ulen, c);
			sc = uscript_getScript(c, &status);
			if (U_FAILURE(status) || !(sc == USCRIPT_GREEK || sc == USCRIPT_CYRILLIC || sc == USCRIPT_ARMENIAN ||
									   sc == USCRIPT_GEORGIAN))
				break;
			n++;
		}
		if (n >= 2 && n <= 3 && !(i + n < doc.ntoks && (doc.toks[i + n].flags & NT_CAP) && (doc.toks[i + n].flags & NT_WORD)))
		{
			Span		sp = {i, i + n - 1, PGA_ENT_PER, -1};

			spans[nspans] = sp;
			for (j = i; j < i + n; j++)
				cover[j] = nspans;
			nspans++;
		}
		i += Max(n, 1) - 1;
	}

	/*
	 * One name, one kind, every occurrence: the kind most spans of the same
	 * words have wins; capitalised occurrences the tagger left out are added,
	 * and so are the last names of people named in full.
	 */
	nspans = rules_before(&doc, spans, nspans, cover);
	nspans = propagate(&doc, spans, nspans, cover);
	nspans = rules_before(&doc, spans, nspans, cover);	/* again for the names propagate added */

	/*
	 * Merges: a gazetteer name of several words that the tagger cut into
	 * pieces ("Office" + "High Commissioner" + "Human Rights") becomes one
	 * span; so does a run of spans and connectors that a following
	 * parenthesised acronym abbreviates as a whole.
	 */
	nspans = merge_spans(&doc, spans, nspans, cover);
	nspans = rules_after(&doc, spans, nspans, cover);

	/* acronyms defined in parentheses: "Office of ... (OHCHR)" */
	for (i = 0; i < nspans; i++)
	{
		int			b = spans[i].b;

		if (tok_is(&doc, b + 1, '(') && b + 3 < doc.ntoks && tok_is(&doc, b + 3, ')') &&
			(doc.toks[b + 2].flags & NT_ALLCAPS) && (doc.toks[b + 2].flags & NT_WORD) &&
			spans[i].kind != PGA_ENT_PER &&
			pga_ner_acronym_match(&doc, spans[i].a, b, b + 2))
		{
			acronym_add(st, doc.toks[b + 2].lh, cpbase + doc.toks[spans[i].a].cs, spans[i].kind);
		}
	}
	/* every occurrence of a defined acronym is a mention of the defined entity */
	for (i = 0; i < doc.ntoks; i++)
	{
		const PgaNerTok *t = &doc.toks[i];
		const Acronym *ac;

		if (!(t->flags & NT_ALLCAPS) || !(t->flags & NT_WORD) || st->nacr == 0)
			continue;
		ac = acronym_find(st, t->lh);
		if (ac == NULL)
			continue;
		if (cover[i] >= 0)
		{
			Span	   *sp = &spans[cover[i]];

			if (sp->a == i && sp->b == i)
			{
				sp->kind = ac->kind;
				sp->def = ac->defstart;
			}
		}
		else
		{
			Span		sp = {i, i, ac->kind, ac->defstart};

			cover[i] = nspans;
			spans[nspans++] = sp;
		}
	}

	/* in text order */
	{
		int			j;

		for (i = 1; i < nspans; i++)
		{
			Span		x = spans[i];

			for (j = i - 1; j >= 0 && spans[j].a > x.a; j--)
				spans[j + 1] = spans[j];
			spans[j + 1] = x;
		}
	}
	for (i = 0; i < nspans; i++)
		add_mention(st->out, &doc, &spans[i], cpbase);

	pfree(spans);
	pfree(cover);
	pfree(labels);
	pga_ner_doc_free(&doc);
	pfree(u);
}

/* ---- canonical names */

static const char *const corp_suffixes[] = {
	"inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc", "ag", "gmbh",
	"s.a.", "sa", "n.v.", "nv", "limited", NULL
};

/* the name with white space collapsed; organisations without a trailing company form */
static char *
base_name(const PgaMention *m)
{
	StringInfoData buf;
	const char *p;
	bool		space = false;

	initStringInfo(&buf);
	for (p = m->surface; *p; p++)
	{
		unsigned char c = (unsigned char) *p;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		{
			space = buf.len > 0;
			continue;
		}
		if (space)
			appendStringInfoChar(&buf, ' ');
		space = false;
		appendStringInfoChar(&buf, (char) c);
	}
	if (m->kind == PGA_ENT_ORG)
	{
		char	   *last = strrchr(buf.data, ' ');

		if (last && last > buf.data)
		{
			const char *const *s;

			for (s = corp_suffixes; *s; s++)
				if (pg_strcasecmp(last + 1, *s) == 0)
				{
					*last = '\0';
					buf.len = last - buf.data;
					if (buf.len > 0 && buf.data[buf.len - 1] == ',')
						buf.data[--buf.len] = '\0';
					break;
				}
		}
	}
	return buf.data;
}

typedef struct PerName
{
	char	  **words;
	int			n;
} PerName;

static PerName
split_words(const char *kf)
{
	PerName		r;
	char	   *copy = pstrdup(kf),
			   *p,
			   *save = NULL;

	r.n = 0;
	r.words = palloc(sizeof(char *) * (strlen(kf) / 2 + 2));
	for (p = strtok_r(copy, " ", &save); p; p = strtok_r(NULL, " ", &save))
		r.words[r.n++] = p;
	return r;
}

/* is short an abbreviation of full: its words in order, ending on full's last word, or only full's first word */
static bool
short_form_of(const PerName *s, const PerName *full)
{
	int			i,
				j = 0;

	if (s->n == 0 || s->n >= full->n)
		return false;
	if (s->n == 1 && strcmp(s->words[0], full->words[0]) == 0 && strlen(s->words[0]) > 1)
		return true;
	if (strcmp(s->words[s->n - 1], full->words[full->n - 1]) != 0)
		return false;
	for (i = 0; i < s->n; i++)
	{
		while (j < full->n && strcmp(s->words[i], full->words[j]) != 0)
			j++;
		if (j == full->n)
			return false;
		j++;
	}
	return true;
}

static void
canonical_names(PgaMentions *ms)
{
	int			i,
				j;
	PerName    *pn = palloc0(sizeof(PerName) * Max(ms->n, 1));
	char	  **kf = palloc0(sizeof(char *) * Max(ms->n, 1));

	/* own names, gazetteer names */
	for (i = 0; i < ms->n; i++)
	{
		PgaMention *m = &ms->m[i];
		char	   *base = base_name(m);
		int			e = pga_gazetteer_find(m->surface, strlen(m->surface));

		if (e < 0 && strcmp(base, m->surface) != 0)
			e = pga_gazetteer_find(base, strlen(base));
		/* the tagger's "person" that is a gazetteer organisation or a place of several words */
		if (e >= 0 && m->kind == PGA_ENT_PER && pga_gazetteer_entry(e)->kind != PGA_ENT_PER &&
			(pga_gazetteer_entry(e)->kind == PGA_ENT_ORG || strchr(m->surface, ' ') != NULL))
			m->kind = pga_gazetteer_entry(e)->kind;
		if (e >= 0 && pga_gazetteer_entry(e)->kind == m->kind)
		{
			m->name = pstrdup(pga_gazetteer_entry(e)->canonical);
			m->fromgaz = true;
		}
		else
			m->name = base;
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	/* acronyms take their definition's name (mentions are in text order) */
	for (i = 0; i < ms->n; i++)
	{
		PgaMention *m = &ms->m[i];
		int			lo = 0,
					hi = ms->n - 1;

		if (m->defstart < 0 || m->fromgaz)
			continue;
		while (lo < hi)
		{
			int			mid = (lo + hi) / 2;

			if (ms->m[mid].start < m->defstart)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (ms->m[lo].start == m->defstart && lo != i)
		{
			m->name = ms->m[lo].name;
			m->fromgaz = true;
		}
	}
	/* short person names: the nearest full name before, else the first after */
	for (i = 0; i < ms->n; i++)
		if (ms->m[i].kind == PGA_ENT_PER)
		{
			kf[i] = pga_entity_keyfold(ms->m[i].name, strlen(ms->m[i].name));
			pn[i] = split_words(kf[i]);
		}
	/*
	 * The same, computed once per distinct name: an article that repeats its
	 * names thousands of times must not cost the square of its mentions.
	 * dn[d] is the first mention of distinct name d, occ[] its mentions in
	 * order (occstart[d] .. occstart[d + 1] - 1), cand[] the distinct full
	 * names it abbreviates.
	 */
	{
		int		   *did = palloc(sizeof(int) * Max(ms->n, 1));
		int		   *dn = palloc(sizeof(int) * Max(ms->n, 1));
		int		   *dcount = palloc0(sizeof(int) * (Max(ms->n, 1) + 1));
		int		   *occstart,
				   *occ,
				   *fill,
				   *reach,
				   *candstart,
				   *cand;
		int			candmax = 64;
		int			nd = 0,
					tabsize = 64,
					d,
					e;
		int		   *tab;

		while (tabsize < ms->n * 2)
			tabsize <<= 1;
		tab = palloc(sizeof(int) * tabsize);
		for (i = 0; i < tabsize; i++)
			tab[i] = -1;
		for (i = 0; i < ms->n; i++)
		{
			uint32		h;

			did[i] = -1;
			if (ms->m[i].kind != PGA_ENT_PER || pn[i].n == 0)
				continue;
			h = (uint32) hash_bytes((const unsigned char *) kf[i], strlen(kf[i]));
			for (j = h & (tabsize - 1); tab[j] >= 0 && strcmp(kf[dn[tab[j]]], kf[i]) != 0; j = (j + 1) & (tabsize - 1))
				;
			if (tab[j] < 0)
			{
				tab[j] = nd;
				dn[nd++] = i;
			}
			did[i] = tab[j];
			dcount[did[i]]++;
		}
		occstart = palloc(sizeof(int) * (nd + 1));
		occ = palloc(sizeof(int) * Max(ms->n, 1));
		fill = palloc0(sizeof(int) * Max(nd, 1));
		reach = palloc(sizeof(int) * Max(nd, 1));
		cand = palloc(sizeof(int) * candmax);
		occstart[0] = 0;
		for (d = 0; d < nd; d++)
			occstart[d + 1] = occstart[d] + dcount[d];
		for (i = 0; i < ms->n; i++)
			if (did[i] >= 0)
				occ[occstart[did[i]] + fill[did[i]]++] = i;

		/*
		 * the longest form reachable from each distinct name (walking the
		 * mentions in order, as from any one of its mentions), and the
		 * distinct full names it abbreviates
		 */
		candstart = palloc(sizeof(int) * (nd + 1));
		candstart[0] = 0;
		for (d = 0; d < nd; d++)
		{
			int			r = dn[d],
						k;

			for (k = 0; k < ms->n; k++)
				if (did[k] >= 0 && pn[k].n > pn[r].n && short_form_of(&pn[r], &pn[k]))
					r = k;
			reach[d] = r == dn[d] ? -1 : r;
			candstart[d + 1] = candstart[d];
			for (e = 0; e < nd; e++)
				if (short_form_of(&pn[dn[d]], &pn[dn[e]]))
				{
					if (candstart[d + 1] >= candmax)
					{
						candmax *= 2;
						cand = repalloc(cand, sizeof(int) * candmax);
					}
					cand[candstart[d + 1]++] = e;
				}
			if ((d & 63) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		for (i = 0; i < ms->n; i++)
		{
			int			best = -1,
						after = -1,
						c;

			if (did[i] < 0)
				continue;
			/* the nearest mention of a full name before, else the first after */
			for (c = candstart[did[i]]; c < candstart[did[i] + 1]; c++)
			{
				int			lo = occstart[cand[c]],
							hi = occstart[cand[c] + 1];

				while (lo < hi)
				{
					int			mid = (lo + hi) / 2;

					if (occ[mid] < i)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (lo > occstart[cand[c]] && occ[lo - 1] > best)
					best = occ[lo - 1];
				if (lo < occstart[cand[c] + 1] && (after < 0 || occ[lo] < after))
					after = occ[lo];
			}
			if (best < 0)
				best = after;
			if (best >= 0)
			{
				if (reach[did[best]] >= 0)
					best = reach[did[best]];
				ms->m[i].name = ms->m[best].name;
				ms->m[i].link = best;
			}
			if ((i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		pfree(cand);
		pfree(candstart);
		pfree(did);
		pfree(dn);
		pfree(dcount);
		pfree(occstart);
		pfree(occ);
		pfree(fill);
		pfree(reach);
		pfree(tab);
	}
	/* keys */
	for (i = 0; i < ms->n; i++)
	{
		PgaMention *m = &ms->m[i];
		char	   *k = pga_entity_keyfold(m->name, strlen(m->name));

		if (k[0] == '\0')
			k = pstrdup(m->name);
		m->key = psprintf("%s:%s", pga_entity_kind_names[m->kind], k);
	}
}

void
pga_entity_mentions(const char *s, int len, PgaMentions *out)
{
	const PgaNerModel *model;
	LinkState	st;
	int32		cpbase = 0;

	pga_gazetteer_load();
	model = pga_ner_model();

	out->max = 16;
	out->n = 0;
	out->m = palloc(sizeof(PgaMention) * out->max);
	st.out = out;
	st.maxacr = 16;
	st.nacr = 0;
	st.acr = palloc(sizeof(Acronym) * st.maxacr);

	while (len > 0)
	{
		int			n = pga_next_chunk(s, len),
					i;

		piece_mentions(&st, model, s, n, cpbase);
		for (i = 0; i < n; i++)
			if (((unsigned char) s[i] & 0xC0) != 0x80)
				cpbase++;
		s += n;
		len -= n;
		CHECK_FOR_INTERRUPTS();
	}
	canonical_names(out);
}
