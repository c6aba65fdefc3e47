/*
 * tokenize.c
 *		ICU word segmentation (see tokenize.h).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "repair/repair.h"
#include "tokenize/tokenize.h"
#include "util/chunk.h"

void
pga_tokenize_define_gucs(void)
{
	DefineCustomBoolVariable("pg_article.icu_only",
							 "Uses ICU for every normalization and segmentation step instead of pg_article's equivalent fast paths.",
							 "Results are the same either way; this exists to check that, and as a fallback.",
							 &pga_icu_only, false,
							 PGC_USERSET, 0, NULL, NULL, NULL);
}

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
	if (len == 0)
		return;
	if (!pga_icu_only && pga_segment_words_fast(s, len, fn, arg))
		return;
	pga_segment_words16_icu(s, len, fn, arg);
}

void
pga_segment_words16_icu(const UChar *s, int32 len, PgaWordFn fn, void *arg)
{
	UBreakIterator *bi;
	UErrorCode	status = U_ZERO_ERROR;
	int32		start,
				end;

	if (len == 0)
		return;
	bi = word_iterator();
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

/* Converts the UTF-16 word s[0..len) to UTF-8 in buf (room for 3 * len bytes). */
static int
word_to_utf8(const UChar *s, int32 len, char *buf)
{
	int32		i = 0;
	int			n = 0;

	while (i < len)
	{
		UChar32		c;

		U16_NEXT(s, i, len, c);
		if (c < 0x80)
			buf[n++] = (char) c;
		else
			n += pga_utf8_encode((uint32) c, (unsigned char *) buf + n);
	}
	return n;
}

typedef struct StreamArg
{
	const UChar *text;
	PgaTokenFn	fn;
	void	   *arg;
	char	   *buf;			/* scratch for one word */
	int32		bufcap;			/* in UTF-16 units it can take */
} StreamArg;

static void
stream_word(void *arg, int32 start, int32 end)
{
	StreamArg  *sa = (StreamArg *) arg;
	int32		len = end - start;

	if (len > sa->bufcap)
	{
		sa->bufcap = Max(len, sa->bufcap * 2);
		sa->buf = repalloc(sa->buf, (Size) sa->bufcap * 3);
	}
	sa->fn(sa->arg, sa->buf, word_to_utf8(sa->text + start, len, sa->buf));
}

void
pga_tokenize_stream(const char *s, int len, int fold_flags, PgaTokenFn fn, void *arg)
{
	pga_tokenize_stream_batch(s, len, fold_flags, fn, NULL, arg);
}

void
pga_tokenize_stream_batch(const char *s, int len, int fold_flags, PgaTokenFn fn,
						  PgaTokenBatchFn bfn, void *arg)
{
	PgaSpaceState st = PGA_SPACE_STATE_INIT;
	StreamArg	sa;
	StringInfoData rep;

	sa.fn = fn;
	sa.arg = arg;
	sa.bufcap = 256;
	sa.buf = palloc((Size) sa.bufcap * 3);
	initStringInfo(&rep);
	while (len > 0)
	{
		int			n = pga_next_chunk(s, len);
		const char *r = s;
		int			rlen = n;

		CHECK_FOR_INTERRUPTS();
		/* (a piece that repair cannot change is used where it is, uncopied) */
		if (!(fold_flags & PGA_FOLD_REPAIRED) && pga_may_need_repair(s, n))
		{
			resetStringInfo(&rep);
			pga_repair_piece(s, n, PGA_REPAIR_DEFAULT, &rep);
			r = rep.data;
			rlen = rep.len;
		}
		/*
		 * Text whose characters fold one by one (nearly all text): one pass
		 * (utf8words.c; simple text keeps exactly what simplewords.c gives,
		 * which remains the fallback for it); anything else: fold to UTF-16
		 * and segment.
		 */
		if ((fold_flags & PGA_FOLD_ACCENTS) || pga_icu_only ||
			(!pga_words_utf8(r, rlen, &st, fn, bfn, arg) &&
			 !pga_words_simple_utf8(r, rlen, fn, arg)))
		{
			int32		len16;
			UChar	   *u16 = pga_fold_piece16(r, rlen, fold_flags | PGA_FOLD_REPAIRED, &st, &len16);

			sa.text = u16;
			pga_segment_words16(u16, len16, stream_word, &sa);
			pfree(u16);
		}
		s += n;
		len -= n;
	}
	pfree(rep.data);
	pfree(sa.buf);
}

static void
collect_word(void *arg, const char *word, int len)
{
	PgaTokens  *t = (PgaTokens *) arg;

	if (t->ntokens >= t->maxtokens)
	{
		if ((Size) t->maxtokens * 2 * sizeof(PgaToken) > MaxAllocHugeSize / 2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many words in one text")));
		t->maxtokens *= 2;
		t->tokens = repalloc_huge(t->tokens, sizeof(PgaToken) * t->maxtokens);
	}
	t->tokens[t->ntokens].start = t->arena.len;
	t->tokens[t->ntokens].len = len;
	pga_buf_append(&t->arena, word, len);
	t->ntokens++;
}

void
pga_tokenize_folded(const char *s, int len, int fold_flags, PgaTokens *out)
{
	pga_tokenize_stream(s, len, fold_flags, collect_word, out);
}
