/*
 * html_parse.c
 *		One way to parse an HTML page, for every stage that reads pages.
 *
 * libxml2's HTML parser recovers from broken markup the way browsers do.  The
 * page is a database text, hence already UTF-8: we say so, so that a
 * <meta charset> in the page cannot make libxml2 decode it a second time.
 * libxml2 parses without checking for interrupts, so the page size is
 * bounded (PGA_MAX_HTML_BYTES).
 */
#include "postgres.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "pg_article.h"
#include "segment/segment.h"

/*
 * Parses s[0..len).  Returns the document, which the caller frees with
 * xmlFreeDoc (in a PG_FINALLY: anything between may raise an error), or NULL
 * when libxml2 found nothing to parse (an empty input).
 */
htmlDocPtr
pga_html_parse(const char *s, int len)
{
	if (len > PGA_MAX_HTML_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("HTML page of %d bytes is too large to parse", len),
				 errdetail("Pages up to %d bytes are accepted.", PGA_MAX_HTML_BYTES),
				 errhint("Pass the page without its inline images and scripts, or clean the page's extracted text with format => 'text' instead.")));
	if (len <= 0)
		return NULL;

	return htmlReadMemory(s, len, NULL, "UTF-8",
						  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						  HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
}
