/*
 * repair_sql.c
 *		SQL entry point of the repair stage.
 */
#include "postgres.h"

#include "fmgr.h"

#include "pg_article.h"
#include "repair/repair.h"

PG_FUNCTION_INFO_V1(pga_repair_text);
Datum
pga_repair_text(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	int			flags = 0;
	StringInfoData out;

	pga_require_utf8();
	if (PG_GETARG_BOOL(1))
		flags |= PGA_REPAIR_HTML;
	if (PG_GETARG_BOOL(2))
		flags |= PGA_REPAIR_MOJIBAKE;
	pga_buf_init(&out, VARSIZE_ANY_EXHDR(in));
	pga_repair(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), flags, &out);
	PG_RETURN_TEXT_P(pga_buf_to_text(&out));
}
