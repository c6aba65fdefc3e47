/*
 * normalize_sql.c
 *		SQL entry points of the normalize stage.
 */
#include "postgres.h"

#include "fmgr.h"

#include "pg_article.h"
#include "normalize/normalize.h"

PG_FUNCTION_INFO_V1(pga_normalize_text);
Datum
pga_normalize_text(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	StringInfoData out;

	pga_require_utf8();
	pga_buf_init(&out, VARSIZE_ANY_EXHDR(in));
	pga_normalize_display(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &out);
	PG_RETURN_TEXT_P(pga_buf_to_text(&out));
}

PG_FUNCTION_INFO_V1(pga_fold_text);
Datum
pga_fold_text(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	int			flags = PG_GETARG_BOOL(1) ? PGA_FOLD_ACCENTS : 0;
	StringInfoData out;

	pga_require_utf8();
	pga_buf_init(&out, VARSIZE_ANY_EXHDR(in));
	pga_fold(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), flags, &out);
	PG_RETURN_TEXT_P(pga_buf_to_text(&out));
}

PG_FUNCTION_INFO_V1(pga_fingerprint_text);
Datum
pga_fingerprint_text(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	int			flags = PG_GETARG_BOOL(1) ? PGA_FOLD_ACCENTS : 0;

	pga_require_utf8();
	PG_RETURN_INT64((int64) pga_fold_fingerprint(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), flags));
}
