/*
 * features.c
 *		Hashed features of the entity tagger.  Training (tagger.c,
 *		pga_ner_train) and tagging call the same functions on the same tokens,
 *		so the features cannot drift apart.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "pg_article.h"
#include "entity/entity.h"

/* capitalised runs (PgaNerTok.run) */
#define RUN_POS_MASK	0x0003	/* 0 outside, 1 first, 2 inside, 3 last */
#define RUN_SINGLE		0x0004
#define RUN_LEN_SHIFT	3		/* 2 bits: 1, 2, 3, 4+ name words */
#define RUN_ORG			0x0020	/* a word of the run is an organisation head word */
#define RUN_ORGLAST		0x0040	/* the run's last word is one */
#define RUN_LOC			0x0080	/* a place head word */
#define RUN_GAZLOC		0x0100	/* a gazetteer place inside */
#define RUN_TITLEBEFORE 0x0200	/* a title word just before the run */
#define RUN_CONNECT		0x0400	/* the run crosses a connector */
#define RUN_SSTART		0x0800	/* the run starts a sentence */

static inline bool
name_word(const PgaNerTok *t)
{
	return (t->flags & NT_WORD) && !(t->flags & NT_POSS) &&
		(t->flags & (NT_CAP | NT_ALLCAPS | NT_CASELESS)) && !(t->lex & LEX_MONTHDAY);
}

/* a connector inside a run: of, the, de, van, &, -, and a period after "St" or an initial */
static inline bool
connector(const PgaNerDoc *doc, int i)
{
	const PgaNerTok *t = &doc->toks[i];

	if (t->flags & NT_NL)
		return false;
	if (t->flags & NT_WORD)
		return (t->lex & LEX_CONNECT) && (t->flags & NT_LOWER);
	if (t->e - t->s == 1)
	{
		UChar		c = doc->u[t->s];

		return c == '&' || c == '-' || (c == '.' && i > 0 && (doc->toks[i - 1].e - doc->toks[i - 1].s <= 3));
	}
	return false;
}

/* simple per-piece sets of word hashes */
typedef struct HSet
{
	uint64	   *k;
	uint32		mask;
} HSet;

static void
hs_init(HSet *s, int n)
{
	uint32		size = 64;

	while (size < (uint32) n * 2)
		size <<= 1;
	s->k = palloc0(sizeof(uint64) * size);
	s->mask = size - 1;
}

static void
hs_add(HSet *s, uint64 h)
{
	uint32		i;

	h |= 1;
	for (i = (uint32) h & s->mask; s->k[i] != 0 && s->k[i] != h; i = (i + 1) & s->mask)
		;
	s->k[i] = h;
}

static bool
hs_has(const HSet *s, uint64 h)
{
	uint32		i;

	h |= 1;
	for (i = (uint32) h & s->mask; s->k[i] != 0; i = (i + 1) & s->mask)
		if (s->k[i] == h)
			return true;
	return false;
}

/*
 * Does the all-capitals token acr abbreviate the words first..last?  Its
 * letters must be the initials (or capitals) of the words in order, the first
 * letter that of the first word; only connectors may be skipped, and at most
 * one other word.
 */
bool
pga_ner_acronym_match(const PgaNerDoc *doc, int first, int last, int acr)
{
	const PgaNerTok *a = &doc->toks[acr];
	UChar		letters[16];
	int			nl = 0,
				i,
				j = first,
				skipped = 0;

	for (i = a->s; i < a->e && nl < 16; i++)
		if (u_isupper(doc->u[i]))
			letters[nl++] = doc->u[i];
	if (nl < 2 || nl > 12)
		return false;
	for (i = 0; i < nl; i++)
	{
		bool		found = false;

		/* a further capital inside the current word ("PepsiCo") */
		if (i > 0 && j - 1 >= first)
		{
			const PgaNerTok *w = &doc->toks[j - 1];
			int32		k;

			for (k = w->s + 1; k < w->e; k++)
				if (doc->u[k] == letters[i] && u_isupper(doc->u[k]))
				{
					found = true;
					break;
				}
			if (found && !(i + 1 < nl && j <= last && u_toupper(doc->u[doc->toks[j].s]) == letters[i]))
				continue;
			found = false;
		}
		for (; j <= last; j++)
		{
			const PgaNerTok *w = &doc->toks[j];

			if (!(w->flags & NT_WORD))
				continue;
			if (u_toupper(doc->u[w->s]) == letters[i])
			{
				found = true;
				j++;
				break;
			}
			if (i == 0)
				return false;
			if (!(w->lex & LEX_CONNECT))
				skipped++;
		}
		if (!found)
			return false;
	}
	return skipped <= 1;
}

void
pga_ner_doc_prepare(PgaNerDoc *doc)
{
	int			i,
				n = doc->ntoks;
	HSet		low,
				capmid;

	pga_gazetteer_mark(doc);	/* also sets the lexicon flags */

	/* capitalised runs */
	for (i = 0; i < n;)
	{
		int			j,
					last,
					words = 0;
		uint16		facts = 0;

		if (!name_word(&doc->toks[i]))
		{
			i++;
			continue;
		}
		last = i;
		for (j = i; j < n; j++)
		{
			if (j > i && (doc->toks[j].flags & NT_NL))
				break;
			if (name_word(&doc->toks[j]))
			{
				last = j;
				words++;
				if (doc->toks[j].lex & LEX_ORGHEAD)
					facts |= RUN_ORG;
				if (doc->toks[j].lex & LEX_LOCHEAD)
					facts |= RUN_LOC;
				if (doc->toks[j].gaz == 1 + 2 * PGA_ENT_LOC)
					facts |= RUN_GAZLOC;
			}
			else if (connector(doc, j))
				continue;
			else
				break;
		}
		for (j = i; j <= last; j++)
			if (!name_word(&doc->toks[j]))
				facts |= RUN_CONNECT;
		if (doc->toks[last].lex & LEX_ORGHEAD)
			facts |= RUN_ORGLAST;
		if (i > 0 && (doc->toks[i - 1].lex & LEX_TITLE))
			facts |= RUN_TITLEBEFORE;
		if (doc->toks[i].flags & NT_SSTART)
			facts |= RUN_SSTART;
		facts |= (uint16) (Min(words, 4) - 1) << RUN_LEN_SHIFT;
		for (j = i; j <= last; j++)
		{
			uint16		pos = (j == i) ? 1 : (j == last) ? 3 : 2;

			doc->toks[j].run = facts | pos | (i == last ? RUN_SINGLE : 0);
		}
		/* an acronym defined in parentheses right after the run */
		if (last + 3 < n &&
			doc->u[doc->toks[last + 1].s] == '(' && (doc->toks[last + 2].flags & NT_ALLCAPS) &&
			doc->u[doc->toks[last + 3].s] == ')' &&
			pga_ner_acronym_match(doc, i, last, last + 2))
		{
			doc->toks[last + 2].flags |= NT_ACRPAREN;
		}
		i = last + 1;
	}

	/* document facts: words seen lower case, or capitalised mid-sentence, elsewhere */
	hs_init(&low, n);
	hs_init(&capmid, n);
	for (i = 0; i < n; i++)
	{
		const PgaNerTok *t = &doc->toks[i];

		if (!(t->flags & NT_WORD))
			continue;
		if (t->flags & NT_LOWER)
			hs_add(&low, t->lh);
		else if ((t->flags & NT_CAP) && !(t->flags & (NT_SSTART | NT_HEADLINE)))
			hs_add(&capmid, t->lh);
		if (t->flags & NT_ACRPAREN)
			hs_add(&low, ~t->lh);	/* acronyms defined here: another key space of the same set */
	}
	for (i = 0; i < n; i++)
	{
		PgaNerTok  *t = &doc->toks[i];

		if (!(t->flags & NT_WORD) || !(t->flags & (NT_CAP | NT_ALLCAPS)))
			continue;
		if (hs_has(&low, t->lh))
			t->flags |= NT_SEENLOW;
		if (hs_has(&capmid, t->lh))
			t->flags |= NT_SEENCAP;
		if ((t->flags & NT_ALLCAPS) && hs_has(&low, ~t->lh))
			t->flags |= NT_ACRDEF;
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(low.k);
	pfree(capmid.k);
}

/* ---- the features */

static inline uint32
fbucket(uint32 templ, uint64 v, uint32 mask)
{
	uint64		h = v * UINT64CONST(0x9E3779B97F4A7C15) + templ * UINT64CONST(0xC2B2AE3D27D4EB4F);

	h ^= h >> 31;
	h *= UINT64CONST(0xBF58476D1CE4E5B9);
	h ^= h >> 29;
	return (uint32) h & mask;
}

#define CASEBITS (NT_WORD | NT_CAP | NT_ALLCAPS | NT_LOWER | NT_DIGIT | NT_CASELESS | NT_POSS | NT_DOT)

/* affix hashes of the lower-cased word: prefix 3, suffix 3, suffix 2 */
static void
affixes(const PgaNerDoc *doc, const PgaNerTok *t, uint64 *p3, uint64 *s3, uint64 *s2)
{
	UChar		low[96];
	int32		len = t->e - t->s,
				n,
				k;

	*p3 = *s3 = *s2 = 0;
	if (len <= 3 || len > 40)
		return;
	n = pga_ner_lower(doc->u + t->s, len, low);
	*p3 = *s3 = *s2 = PGA_NER_HASH_INIT;
	for (k = 0; k < 3; k++)
		*p3 = pga_ner_hash_unit(*p3, low[k]);
	for (k = n - 3; k < n; k++)
		*s3 = pga_ner_hash_unit(*s3, low[k]);
	for (k = n - 2; k < n; k++)
		*s2 = pga_ner_hash_unit(*s2, low[k]);
}

/*
 * Feature rows of token i, hashed into mask + 1 rows.  Returns how many were
 * written to out (at most PGA_NER_MAXFEAT).
 */
int
pga_ner_features(const PgaNerDoc *doc, int i, uint32 *out, uint32 mask)
{
	static const PgaNerTok none = {0};
	const PgaNerTok *t = &doc->toks[i];
	const PgaNerTok *p1 = i > 0 ? &doc->toks[i - 1] : &none;
	const PgaNerTok *p2 = i > 1 ? &doc->toks[i - 2] : &none;
	const PgaNerTok *n1 = i + 1 < doc->ntoks ? &doc->toks[i + 1] : &none;
	const PgaNerTok *n2 = i + 2 < doc->ntoks ? &doc->toks[i + 2] : &none;
	uint32		cb = t->flags & CASEBITS;
	uint32		pos = t->flags & (NT_SSTART | NT_HEADLINE | NT_NL);
	uint64		p3,
				s3,
				s2;
	int			k = 0;

	out[k++] = fbucket(1, 0, mask);
	out[k++] = fbucket(2, t->lh, mask);
	out[k++] = fbucket(3, t->shape, mask);
	out[k++] = fbucket(4, t->sshape, mask);
	affixes(doc, t, &p3, &s3, &s2);
	if (p3)
	{
		out[k++] = fbucket(5, p3, mask);
		out[k++] = fbucket(6, s3, mask);
		out[k++] = fbucket(7, s2, mask);
	}
	out[k++] = fbucket(8, p1->lh, mask);
	out[k++] = fbucket(9, n1->lh, mask);
	out[k++] = fbucket(10, p2->lh, mask);
	out[k++] = fbucket(11, n2->lh, mask);
	out[k++] = fbucket(12, p1->sshape, mask);
	out[k++] = fbucket(13, n1->sshape, mask);
	out[k++] = fbucket(14, p1->lh * 31 + t->lh, mask);
	out[k++] = fbucket(15, t->lh * 31 + n1->lh, mask);
	out[k++] = fbucket(16, cb | pos << 16, mask);
	out[k++] = fbucket(17, (uint64) (p1->flags & CASEBITS) | (uint64) (n1->flags & CASEBITS) << 16 | (uint64) cb << 32, mask);
	out[k++] = fbucket(18, t->gaz | (uint64) Min(t->gazlen, 4) << 8, mask);
	out[k++] = fbucket(19, p1->gaz | (uint64) n1->gaz << 8 | (uint64) t->gaz << 16, mask);
	out[k++] = fbucket(20, (t->lex & ~(LEX_FIRSTNAME | LEX_DEMONYM)) | (uint64) cb << 16, mask);
	out[k++] = fbucket(21, (p1->lex & ~(LEX_FIRSTNAME | LEX_DEMONYM)) | (uint64) (p1->flags & CASEBITS) << 16 | (uint64) cb << 32, mask);
	out[k++] = fbucket(22, (n1->lex & ~(LEX_FIRSTNAME | LEX_DEMONYM)) | (uint64) (n1->flags & CASEBITS) << 16 | (uint64) cb << 32, mask);
	out[k++] = fbucket(23, t->run, mask);
	out[k++] = fbucket(24, t->run | (uint64) t->sshape << 16, mask);
	out[k++] = fbucket(25, (t->flags & (NT_SEENLOW | NT_SEENCAP | NT_ACRDEF | NT_ACRPAREN)) | cb | pos, mask);
	out[k++] = fbucket(26, p1->lh * 31 + t->shape, mask);
	out[k++] = fbucket(27, t->run | (uint64) t->gaz << 16 | (uint64) (t->flags & NT_SSTART) << 24, mask);
	out[k++] = fbucket(28, (p2->lex & ~(LEX_FIRSTNAME | LEX_DEMONYM)) | (uint64) (p1->lex & ~(LEX_FIRSTNAME | LEX_DEMONYM)) << 16 | (uint64) cb << 32, mask);
	out[k++] = fbucket(29, t->lh * 31 + ((t->flags & NT_HEADLINE) ? 1 : 0), mask);
	out[k++] = fbucket(30, n1->lh * 31 + n2->lh, mask);
	out[k++] = fbucket(31, p2->lh * 31 + p1->lh, mask);
	out[k++] = fbucket(32, n1->run | (uint64) t->run << 16, mask);
	/* given names and demonyms: the token's, and a given name just before ("Eddie [Jordan]") */
	out[k++] = fbucket(33, (t->lex & (LEX_FIRSTNAME | LEX_DEMONYM)) | (uint64) (p1->lex & LEX_FIRSTNAME) << 8 |
					   (uint64) cb << 16, mask);
	return k;
}
