/*
 * passages.c
 *		Shared passages of two texts, for explaining why articles are related.
 *
 * Both texts are cut into words (ICU word segmentation, stage 3) with their
 * positions; each word is folded (stage 2) and hashed.  A passage is a run of
 * at least min_words words that appears in both texts in the same order:
 * runs are seeded by equal min_words-grams and extended as far as the words
 * stay equal, longest first, left to right in the first text.  Offsets are
 * character offsets (0-based, end exclusive), so substr(text, start + 1,
 * end - start) is the passage.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include <unicode/utf16.h>
#include <xxhash.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "tokenize/tokenize.h"

typedef struct Word
{
	int32		start;			/* characters */
	int32		end;
	uint64		hash;			/* of the folded word */
} Word;

typedef struct Words
{
	Word	   *w;
	int			n;
	int			max;
	const UChar *s;
	int32	   *cp_at;			/* code point offset of each UTF-16 offset */
} Words;

static void
add_word(void *arg, int32 start, int32 end)
{
	Words	   *ws = arg;
	StringInfoData u8;
	StringInfoData folded;

	if (ws->n >= ws->max)
	{
		if ((Size) ws->max * 2 * sizeof(Word) > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("text has too many words for shared_passages")));
		ws->max *= 2;
		ws->w = repalloc(ws->w, sizeof(Word) * ws->max);
	}
	initStringInfo(&u8);
	pga_utf16_append_utf8(ws->s + start, end - start, &u8);
	initStringInfo(&folded);
	pga_fold(u8.data, u8.len, PGA_FOLD_REPAIRED, &folded);
	ws->w[ws->n].start = ws->cp_at[start];
	ws->w[ws->n].end = ws->cp_at[end];
	ws->w[ws->n].hash = XXH3_64bits(folded.data, folded.len);
	ws->n++;
	pfree(u8.data);
	pfree(folded.data);
}

static void
words_of(text *t, Words *ws)
{
	int32		len16;
	UChar	   *s = pga_utf8_to_utf16(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &len16);
	int32		cp = 0;

	ws->max = 256;
	ws->n = 0;
	ws->w = palloc(sizeof(Word) * ws->max);
	ws->s = s;
	ws->cp_at = palloc(sizeof(int32) * (len16 + 1));
	for (int32 i = 0; i < len16; i++)
	{
		ws->cp_at[i] = cp;
		if (!(U16_IS_LEAD(s[i]) && i + 1 < len16 && U16_IS_TRAIL(s[i + 1])))
			cp++;
	}
	ws->cp_at[len16] = cp;
	pga_segment_words16(s, len16, add_word, ws);
}

typedef struct Gram
{
	uint64		hash;
	int32		pos;
} Gram;

static int
cmp_gram(const void *a, const void *b)
{
	const Gram *x = a;
	const Gram *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->pos - y->pos;
}

static uint64
gram_hash(const Word *w, int k)
{
	uint64		h = 0x9E3779B97F4A7C15ULL;

	for (int i = 0; i < k; i++)
		h = (h ^ w[i].hash) * 0xBF58476D1CE4E5B9ULL + i;
	return h;
}

PG_FUNCTION_INFO_V1(pga_shared_passages);
Datum
pga_shared_passages(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);
	int			k = PG_GETARG_INT32(2);
	Words		wa,
				wb;
	Gram	   *grams;
	int			ng;
	char	   *astr;

	if (k < 1 || k > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_words must be between 1 and 1000, not %d", k),
				 errhint("Passages of 6 to 12 words show shared wording without catching stock phrases.")));
	pga_require_utf8();
	InitMaterializedSRF(fcinfo, 0);
	words_of(a, &wa);
	words_of(b, &wb);
	if (wa.n < k || wb.n < k)
		return (Datum) 0;

	ng = wb.n - k + 1;
	grams = palloc(sizeof(Gram) * ng);
	for (int i = 0; i < ng; i++)
	{
		grams[i].hash = gram_hash(wb.w + i, k);
		grams[i].pos = i;
	}
	qsort(grams, ng, sizeof(Gram), cmp_gram);
	astr = text_to_cstring(a);

	for (int i = 0; i + k <= wa.n;)
	{
		uint64		h = gram_hash(wa.w + i, k);
		int			lo = 0,
					hi = ng;
		int			best_len = 0,
					best_pos = -1;

		CHECK_FOR_INTERRUPTS();
		while (lo < hi)
		{
			int			mid = (lo + hi) / 2;

			if (grams[mid].hash < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* the longest run among the (first 16) places the gram occurs in b */
		for (int g = lo, tries = 0; g < ng && grams[g].hash == h && tries < 16; g++, tries++)
		{
			int			p = grams[g].pos;
			int			len = 0;

			while (i + len < wa.n && p + len < wb.n && wa.w[i + len].hash == wb.w[p + len].hash)
				len++;
			if (len > best_len)
			{
				best_len = len;
				best_pos = p;
			}
		}
		if (best_len >= k)
		{
			Datum		values[6];
			bool		nulls[6] = {0};
			int32		as = wa.w[i].start,
						ae = wa.w[i + best_len - 1].end;
			const char *p0;
			const char *p1;

			/* the passage as the first text has it, by character offsets */
			p0 = astr;
			for (int32 c = 0; c < as && *p0; c++)
				p0 += pg_mblen(p0);
			p1 = p0;
			for (int32 c = as; c < ae && *p1; c++)
				p1 += pg_mblen(p1);
			values[0] = Int32GetDatum(as);
			values[1] = Int32GetDatum(ae);
			values[2] = Int32GetDatum(wb.w[best_pos].start);
			values[3] = Int32GetDatum(wb.w[best_pos + best_len - 1].end);
			values[4] = Int32GetDatum(best_len);
			values[5] = PointerGetDatum(cstring_to_text_with_len(p0, p1 - p0));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			i += best_len;
		}
		else
			i++;
	}
	return (Datum) 0;
}
