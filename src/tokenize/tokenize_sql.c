/*
 * tokenize_sql.c
 *		SQL entry point of the tokenize stage.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "pg_article.h"
#include "normalize/normalize.h"
#include "tokenize/tokenize.h"

PG_FUNCTION_INFO_V1(pga_tokenize_text);
Datum
pga_tokenize_text(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	int			flags = PG_GETARG_BOOL(1) ? PGA_FOLD_ACCENTS : 0;
	PgaTokens	toks;
	Datum	   *elems;
	int			i;
	ArrayType  *result;

	pga_require_utf8();
	pga_tokens_init(&toks);
	pga_tokenize_folded(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), flags, &toks);

	if ((Size) toks.ntokens > MaxAllocSize / sizeof(Datum))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text has too many words (%d) for one array", toks.ntokens),
				 errhint("Split the text, or use the functions that do not return every word.")));
	elems = palloc(sizeof(Datum) * Max(toks.ntokens, 1));
	for (i = 0; i < toks.ntokens; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(toks.arena.data + toks.tokens[i].start,
															toks.tokens[i].len));
	result = construct_array(elems, toks.ntokens, TEXTOID, -1, false, TYPALIGN_INT);
	PG_RETURN_ARRAYTYPE_P(result);
}
