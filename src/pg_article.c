/*
 * pg_article.c
 *		Module entry point, version reporting and helpers shared by all stages.
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include "pg_article.h"
#include "clean/clean.h"
#include "relate/relate.h"
#include "sketch/sketch.h"
#include "tokenize/tokenize.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	pga_tokenize_define_gucs();
	pga_sketch_define_gucs();
	pga_profile_define_gucs();
	pga_relate_define_gucs();
	MarkGUCPrefixReserved("pg_article");
}

void
pga_require_utf8(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("pg_article requires a UTF-8 database, but this database uses encoding \"%s\"",
						GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8' (for example CREATE DATABASE news ENCODING 'UTF8' TEMPLATE template0).")));
}

void
pga_buf_init(StringInfo buf, Size expected)
{
	Size		size = Max(expected + 1, 64);

	if (size > PGA_MAX_TEXT_BYTES)
		size = PGA_MAX_TEXT_BYTES;
	buf->data = MemoryContextAllocHuge(CurrentMemoryContext, size);
	buf->maxlen = (int) size;
	buf->len = 0;
	buf->cursor = 0;
	buf->data[0] = '\0';
}

void
pga_buf_reserve(StringInfo buf, Size more)
{
	Size		need = (Size) buf->len + more + 1;
	Size		newlen;

	if (need <= (Size) buf->maxlen)
		return;
	if (need > PGA_MAX_TEXT_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pg_article result would exceed the maximum text size of %zu bytes",
						(Size) PGA_MAX_TEXT_BYTES),
				 errhint("Split the input into smaller documents.")));
	newlen = Max((Size) buf->maxlen * 2, need);
	if (newlen > PGA_MAX_TEXT_BYTES)
		newlen = PGA_MAX_TEXT_BYTES;
	buf->data = repalloc_huge(buf->data, newlen);
	buf->maxlen = (int) newlen;
}

void
pga_buf_append(StringInfo buf, const char *data, Size len)
{
	pga_buf_reserve(buf, len);
	memcpy(buf->data + buf->len, data, len);
	buf->len += (int) len;
	buf->data[buf->len] = '\0';
}

struct varlena *
pga_buf_to_text(StringInfo buf)
{
	text	   *t = (text *) MemoryContextAllocHuge(CurrentMemoryContext,
												   (Size) buf->len + VARHDRSZ);

	SET_VARSIZE(t, buf->len + VARHDRSZ);
	memcpy(VARDATA(t), buf->data, buf->len);
	return (struct varlena *) t;
}

#if PG_VERSION_NUM < 150000
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

/* What InitMaterializedSRF does in PostgreSQL 15: a tuplestore for the whole result. */
void
pga_init_materialized_srf(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	TupleDesc	tupdesc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	MemoryContextSwitchTo(old);
}
#endif

PG_FUNCTION_INFO_V1(pga_icu_version);
Datum
pga_icu_version(PG_FUNCTION_ARGS)
{
	UVersionInfo v;
	char		s[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(v);
	u_versionToString(v, s);
	PG_RETURN_TEXT_P(cstring_to_text(s));
}

PG_FUNCTION_INFO_V1(pga_unicode_version);
Datum
pga_unicode_version(PG_FUNCTION_ARGS)
{
	UVersionInfo v;
	char		s[U_MAX_VERSION_STRING_LENGTH];

	u_getUnicodeVersion(v);
	u_versionToString(v, s);
	PG_RETURN_TEXT_P(cstring_to_text(s));
}

PG_FUNCTION_INFO_V1(pga_normalization_version);
Datum
pga_normalization_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PGA_NORMALIZATION_VERSION);
}
