/*
 * segment_sql.c
 *		SQL entry points of the page stage: article_metadata.
 */
#include "postgres.h"

#include "fmgr.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "pg_article.h"
#include "segment/segment.h"

static void
add_key(StringInfo out, const char *key)
{
	if (out->len > 1)
		appendStringInfoString(out, ", ");
	escape_json(out, key);
	appendStringInfoString(out, ": ");
}

static void
add_string(StringInfo out, const char *key, const char *value)
{
	if (value == NULL)
		return;
	add_key(out, key);
	escape_json(out, value);
}

/* An ISO 8601 time in UTC ("2019-11-20T14:03:00+00:00"), whatever the session's TimeZone. */
static void
add_time(StringInfo out, const char *key, TimestampTz t)
{
	char		buf[MAXDATELEN + 1];
	const int	utc = 0;

	add_key(out, key);
	JsonEncodeDateTime(buf, TimestampTzGetDatum(t), TIMESTAMPTZOID, &utc);
	escape_json(out, buf);
}

static void
add_date(StringInfo out, const char *key, const char *raw_key, bool has, TimestampTz t, const char *raw)
{
	if (has)
		add_time(out, key, t);
	else
		add_string(out, raw_key, raw);
}

PG_FUNCTION_INFO_V1(pga_article_metadata);
Datum
pga_article_metadata(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	PgaMetadata md;
	StringInfoData out;

	pga_require_utf8();
	pga_metadata_from_html(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &md);

	initStringInfo(&out);
	appendStringInfoChar(&out, '{');
	add_string(&out, "title", md.title);
	if (md.nauthors > 0)
	{
		add_key(&out, "authors");
		appendStringInfoChar(&out, '[');
		for (int i = 0; i < md.nauthors; i++)
		{
			if (i > 0)
				appendStringInfoString(&out, ", ");
			escape_json(&out, md.authors[i]);
		}
		appendStringInfoChar(&out, ']');
	}
	add_date(&out, "published", "published_raw", md.has_published, md.published, md.published_raw);
	add_date(&out, "modified", "modified_raw", md.has_modified, md.modified, md.modified_raw);
	add_string(&out, "language", md.language);
	add_string(&out, "canonical_url", md.canonical_url);
	add_string(&out, "site_name", md.site_name);
	add_string(&out, "description", md.description);
	add_string(&out, "type", md.type);
	appendStringInfoChar(&out, '}');

	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(out.data)));
}
