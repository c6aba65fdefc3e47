/*
 * tokenize.c
 *		ICU word segmentation (see tokenize.h).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "tokenize/tokenize.h"
#include "util/chunk.h"

/* One word break iterator per backend (root locale: rules plus CJK/Thai dictionaries). */
static UBreakIterator *
word_iterator(void)
{
	static UBreakIterator *bi = NULL;

	if (bi == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;

		bi = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
		pga_icu_check(status, "ubrk_open(UBRK_WORD)");
	}
	return bi;
}

void
pga_segment_words16(const UChar *s, int32 len, PgaWordFn fn, void *arg)
{
	UBreakIterator *bi = word_iterator();
	UErrorCode	status = U_ZERO_ERROR;
	int32		start,
				end;

	if (len == 0)
		return;
	ubrk_setText(bi, s, len, &status);
	pga_icu_check(status, "ubrk_setText");
	start = ubrk_first(bi);
	for (end = ubrk_next(bi); end != UBRK_DONE; start = end, end = ubrk_next(bi))
	{
		/* rule status >= UBRK_WORD_NONE_LIMIT: number, letter, kana or ideograph */
		if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NONE_LIMIT)
			fn(arg, start, end);
	}
	/* do not leave the iterator pointing at memory we are about to free */
	ubrk_setText(bi, NULL, 0, &status);
}

void
pga_tokens_init(PgaTokens *t)
{
	initStringInfo(&t->arena);
	t->maxtokens = 64;
	t->ntokens = 0;
	t->tokens = palloc(sizeof(PgaToken) * t->maxtokens);
}

void
pga_tokens_free(PgaTokens *t)
{
	pfree(t->arena.data);
	pfree(t->tokens);
}

typedef struct CollectArg
{
	const UChar *text;
	PgaTokens  *out;
} CollectArg;

static void
collect_word(void *arg, int32 start, int32 end)
{
	CollectArg *ca = (CollectArg *) arg;
	PgaTokens  *t = ca->out;
	int32		before = t->arena.len;

	if (t->ntokens >= t->maxtokens)
	{
		if ((Size) t->maxtokens * 2 * sizeof(PgaToken) > MaxAllocHugeSize / 2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many words in one text")));
		t->maxtokens *= 2;
		t->tokens = repalloc_huge(t->tokens, sizeof(PgaToken) * t->maxtokens);
	}
	pga_utf16_append_utf8(ca->text + start, end - start, &t->arena);
	t->tokens[t->ntokens].start = before;
	t->tokens[t->ntokens].len = t->arena.len - before;
	t->ntokens++;
}

void
pga_tokenize_folded(const char *s, int len, int fold_flags, PgaTokens *out)
{
	PgaSpaceState st = PGA_SPACE_STATE_INIT;

	while (len > 0)
	{
		int			n = pga_next_chunk(s, len);
		int32		len16;
		UChar	   *u16;
		CollectArg	ca;

		CHECK_FOR_INTERRUPTS();
		u16 = pga_fold_piece16(s, n, fold_flags, &st, &len16);
		ca.text = u16;
		ca.out = out;
		pga_segment_words16(u16, len16, collect_word, &ca);
		pfree(u16);
		s += n;
		len -= n;
	}
}
