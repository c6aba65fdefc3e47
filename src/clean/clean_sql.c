/*
 * clean_sql.c
 *		SQL entry points of the cleaning stage: clean_article, clean_explain,
 *		clean_blocks (features, for training and analysis), article_format and
 *		source_profile_learn.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "access/xact.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "pg_article.h"
#include "clean/clean.h"
#include "segment/segment.h"

static PgaInputFormat
format_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return PGA_FORMAT_AUTO;
	return pga_format_from_name(text_to_cstring(PG_GETARG_TEXT_PP(argno)));
}

/* The options shared by clean_article and clean_explain (arguments 2..5). */
static void
options_args(FunctionCallInfo fcinfo, PgaCleanOptions *opt)
{
	opt->source = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));
	opt->schema = get_func_namespace(fcinfo->flinfo->fn_oid);
	opt->threshold = PG_ARGISNULL(3) ? 0.5f : PG_GETARG_FLOAT4(3);
	opt->keep_captions = PG_ARGISNULL(4) ? false : PG_GETARG_BOOL(4);
	opt->keep_headline = PG_NARGS() > 5 && !PG_ARGISNULL(5) && PG_GETARG_BOOL(5);
	if (!(opt->threshold >= 0 && opt->threshold <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold must be between 0 and 1, not %g", opt->threshold),
				 errhint("Lower thresholds keep more text (recall), higher ones less (precision); 0.5 is the default.")));
}

PG_FUNCTION_INFO_V1(pga_clean_article);
Datum
pga_clean_article(PG_FUNCTION_ARGS)
{
	text	   *in;
	PgaCleanOptions opt;
	PgaCleaned	c;
	StringInfoData out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	pga_require_utf8();
	in = PG_GETARG_TEXT_PP(0);
	options_args(fcinfo, &opt);
	pga_clean(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), format_arg(fcinfo, 1), &opt, false, &c);
	pga_buf_init(&out, VARSIZE_ANY_EXHDR(in) / 2);
	pga_cleaned_body(&c, &out);
	PG_RETURN_TEXT_P(pga_buf_to_text(&out));
}

static const char *
tag_name(const PgaBlock *blk)
{
	static const char *const names[PGA_TAG_COUNT] = {
		"other", "p", "div", "li", "h", "td", "section", "article", "span", "line"
	};

	if (blk->flags & PGA_BF_H1)
		return "h1";
	return (blk->tag >= 0 && blk->tag < PGA_TAG_COUNT) ? names[blk->tag] : "other";
}

PG_FUNCTION_INFO_V1(pga_clean_explain);
Datum
pga_clean_explain(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *in;
	PgaCleanOptions opt;
	PgaCleaned	c;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	pga_require_utf8();
	in = PG_GETARG_TEXT_PP(0);
	options_args(fcinfo, &opt);
	pga_clean(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), format_arg(fcinfo, 1), &opt, true, &c);

	for (int i = 0; i < c.blocks.nblocks; i++)
	{
		const PgaBlock *blk = &c.blocks.blocks[i];
		const PgaDecision *d = &c.decisions[i];
		Datum		values[8];
		bool		nulls[8] = {0};

		values[0] = Int32GetDatum(i + 1);
		values[1] = BoolGetDatum(d->keep);
		values[2] = CStringGetTextDatum(d->label);
		values[3] = Float4GetDatum(d->p_context);
		values[4] = Float4GetDatum(d->p_text);
		values[5] = CStringGetTextDatum(tag_name(blk));
		values[6] = PointerGetDatum(cstring_to_text_with_len(pga_block_text(&c.blocks, blk), blk->len));
		values[7] = CStringGetTextDatum(d->reasons.data ? d->reasons.data : "");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pga_clean_blocks);
Datum
pga_clean_blocks(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *in;
	PgaCleanOptions opt = {0.5f, false, false, NULL, InvalidOid};
	PgaCleaned	c;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	pga_require_utf8();
	in = PG_GETARG_TEXT_PP(0);
	pga_clean(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), format_arg(fcinfo, 1), &opt, false, &c);

	for (int i = 0; i < c.blocks.nblocks; i++)
	{
		const PgaBlock *blk = &c.blocks.blocks[i];
		const float *f = c.features + (Size) i * PGA_NFEATURES;
		Datum		fd[PGA_NFEATURES];
		Datum		values[4];
		bool		nulls[4] = {0};

		for (int k = 0; k < PGA_NFEATURES; k++)
			fd[k] = Float4GetDatum(f[k]);
		values[0] = Int32GetDatum(i + 1);
		values[1] = PointerGetDatum(cstring_to_text_with_len(pga_block_text(&c.blocks, blk), blk->len));
		values[2] = PointerGetDatum(construct_array(fd, PGA_NFEATURES, FLOAT4OID, 4, true, TYPALIGN_INT));
		values[3] = Float4GetDatum(c.decisions[i].p_context);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pga_clean_feature_names);
Datum
pga_clean_feature_names(PG_FUNCTION_ARGS)
{
	Datum		d[PGA_NFEATURES];

	for (int k = 0; k < PGA_NFEATURES; k++)
		d[k] = CStringGetTextDatum(pga_feature_names[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, PGA_NFEATURES, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(pga_article_format);
Datum
pga_article_format(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(cstring_to_text(pga_format_name(pga_detect_format(VARDATA_ANY(in),
																	   VARSIZE_ANY_EXHDR(in)))));
}

PG_FUNCTION_INFO_V1(pga_source_profile_learn);
Datum
pga_source_profile_learn(PG_FUNCTION_ARGS)
{
	char	   *source;
	text	   *in;
	PgaBlocks	b;
	PgaPageInfo page;
	PgaBlockStats *st;
	PgaInputFormat format;
	TimestampTz seen_at;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_INT32(0);
	pga_require_utf8();
	source = text_to_cstring(PG_GETARG_TEXT_PP(0));
	in = PG_GETARG_TEXT_PP(1);
	format = format_arg(fcinfo, 2);
	seen_at = PG_ARGISNULL(3) ? GetCurrentTransactionStartTimestamp() : PG_GETARG_TIMESTAMPTZ(3);
	if (format == PGA_FORMAT_AUTO)
		format = pga_detect_format(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in));

	pga_blocks_init(&b);
	if (format == PGA_FORMAT_HTML)
		pga_blocks_from_html(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &b);
	else
		pga_blocks_from_text(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &b);
	st = pga_block_stats(&b, &page);
	PG_RETURN_INT32(pga_profile_learn(get_func_namespace(fcinfo->flinfo->fn_oid), source, &b, st, &page, seen_at));
}
