/*
 * numbers.c
 *		The numbers an article mentions: its folded words that contain a
 *		digit ("2008", "160", "1,500", "12.16.08", "184m"), distinct and
 *		sorted.  Two reports of one event quote the same figures, dates and
 *		scores; two reports of a similar event in another year do not.  Digits
 *		are the same in most scripts' news, so this relates translations too.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "normalize/normalize.h"
#include "relate/relate.h"
#include "tokenize/tokenize.h"

#define MAX_NUMBER_BYTES 32		/* longer tokens (serials, hashes) are not figures */

typedef struct NumberSet
{
	char	  **words;
	int			n;
	int			cap;
} NumberSet;

static void
collect_number(void *arg, const char *word, int len)
{
	NumberSet  *s = arg;
	bool		digit = false;

	if (len > MAX_NUMBER_BYTES)
		return;
	CHECK_FOR_INTERRUPTS();
	for (int i = 0; i < len && !digit; i++)
		digit = (word[i] >= '0' && word[i] <= '9');
	if (!digit)
		return;
	if (s->n >= s->cap)
	{
		s->cap *= 2;
		s->words = repalloc(s->words, sizeof(char *) * s->cap);
	}
	s->words[s->n++] = pnstrdup(word, len);
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * The distinct number words of text s[0..len), at most max of them (the
 * first in byte order beyond that), as a text[]; an empty array when there
 * are none.  fold_flags as for pga_tokenize_stream (PGA_FOLD_REPAIRED for a
 * display form such as the cleaned body).
 */
ArrayType *
pga_text_numbers(const char *s, int len, int fold_flags, int max)
{
	NumberSet	set;
	Datum	   *d;
	int			m = 0;

	set.cap = 32;
	set.n = 0;
	set.words = palloc(sizeof(char *) * set.cap);
	pga_tokenize_stream(s, len, fold_flags, collect_number, &set);
	qsort(set.words, set.n, sizeof(char *), cmp_cstr);
	d = palloc(sizeof(Datum) * Max(set.n, 1));
	for (int i = 0; i < set.n && m < max; i++)
		if (i == 0 || strcmp(set.words[i - 1], set.words[i]) != 0)
			d[m++] = CStringGetTextDatum(set.words[i]);
	return construct_array(d, m, TEXTOID, -1, false, TYPALIGN_INT);
}

PG_FUNCTION_INFO_V1(pga_article_numbers);
Datum
pga_article_numbers(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	/* folding repairs as it goes: the same words as from the display form */
	PG_RETURN_ARRAYTYPE_P(pga_text_numbers(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), 0, PGA_MAX_NUMBERS));
}
