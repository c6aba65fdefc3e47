/*
 * pg_article.h
 *		Definitions shared by every stage of pg_article.
 *
 * Data flows one way: raw text -> repair -> normalize/fold -> tokenize ->
 * (later) shingles, sketches, entities, relating.  Each stage has a room in
 * src/<stage>/ with a header that the next stage includes; nothing includes
 * a later stage's header.
 */
#ifndef PG_ARTICLE_H
#define PG_ARTICLE_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/memutils.h"

/*
 * Version of our normalization rules (repair + display normalization +
 * folding).  Stored in every ntext value and in later sketches; bump it when
 * a change would make an already-stored value fold differently.
 */
#define PGA_NORMALIZATION_VERSION	1

/* Raises a clear error unless the database encoding is UTF-8. */
extern void pga_require_utf8(void);

/*
 * Output buffer for a transform that may be fed up to 1 GB: a StringInfo
 * allowed to grow past MaxAllocSize up to the varlena limit, failing with a
 * clear error instead of "out of memory" when the result cannot be a text.
 */
extern void pga_buf_init(StringInfo buf, Size expected);
extern void pga_buf_reserve(StringInfo buf, Size more);
extern void pga_buf_append(StringInfo buf, const char *data, Size len);
static inline void
pga_buf_append_byte(StringInfo buf, char c)
{
	if (buf->len + 1 >= buf->maxlen)
		pga_buf_reserve(buf, 1);
	buf->data[buf->len++] = c;
	buf->data[buf->len] = '\0';
}
/* Builds a text datum from the buffer (copying; the buffer stays usable). */
extern struct varlena *pga_buf_to_text(StringInfo buf);

/* PostgreSQL 13 and 14 spell two things differently (the only version-specific code). */
#if PG_VERSION_NUM < 150000
#define MarkGUCPrefixReserved(prefix) EmitWarningsOnPlaceholders(prefix)
extern void pga_init_materialized_srf(FunctionCallInfo fcinfo);
#define InitMaterializedSRF(fcinfo, flags) pga_init_materialized_srf(fcinfo)
#endif

/* Largest UTF-8 text we accept as input to any function (the varlena limit). */
#define PGA_MAX_TEXT_BYTES	((Size) (MaxAllocSize - VARHDRSZ))

#endif							/* PG_ARTICLE_H */
