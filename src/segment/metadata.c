/*
 * metadata.c
 *		What a page says about itself: title, authors, published and modified
 *		time, language, canonical URL, site name, description, and the
 *		schema.org type of the article.
 *
 * One walk over libxml2's tree collects the candidates: <html lang>,
 * <title>, <meta> (property, name, itemprop, http-equiv), <link
 * rel=canonical>, <base href>, rel=author links, itemprop dates, the first
 * <time datetime> inside <article>, and the JSON-LD scripts.  JSON-LD is read
 * with PostgreSQL's JSON parser (common/jsonapi.h), which reports malformed
 * input with an error code rather than an error: pages often carry invalid
 * JSON-LD, and such a script is simply not used.  Then each field takes the
 * first usable candidate in a fixed order of trust (see pga_metadata_from_doc).
 *
 * Nothing here raises an error on any page content; values that cannot be
 * metadata (longer than MD_MAX_VALUE, unreadable dates, relative URLs with
 * no base, language tags that are not BCP 47) are passed over.
 */
#include "postgres.h"

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "pg_article.h"
#include "repair/repair.h"
#include "segment/segment.h"

#define MD_MAX_VALUE		16384	/* longer values are not metadata */
#define MD_MAX_NAME			256		/* longer "author names" are not names */
#define MD_MAX_AUTHORS		32
#define MD_MAX_SCRIPTS		32		/* JSON-LD scripts read per page */
#define MD_MAX_JSONLD		(4 * 1024 * 1024)	/* bytes of one JSON-LD script */
#define MD_MAX_JSON_NODES	100000	/* values of one JSON-LD script */
#define MD_MAX_JSON_DEPTH	64		/* nesting of one JSON-LD script */
#define MD_MAX_DATE			64		/* bytes of a date */

/* ---------------------------------------------------------------------
 * Meta tags we read: the first value of each.
 * --------------------------------------------------------------------- */
typedef enum MetaKey
{
	MK_OG_TITLE, MK_TW_TITLE, MK_OG_SITE, MK_OG_URL, MK_OG_LOCALE,
	MK_OG_DESC, MK_DESC, MK_TW_DESC,
	MK_ART_PUB, MK_ART_MOD, MK_OG_UPDATED,
	/* generic publication dates, in order of trust */
	MK_DATE, MK_PUBDATE, MK_PUB_DATE, MK_PUBLISHDATE, MK_DC_DATE, MK_DC_DATE_ISSUED,
	MK_DCTERMS_CREATED, MK_PARSELY_DATE, MK_SAILTHRU_DATE,
	MK_CONTENT_LANG, MK_DC_LANG, MK_LANGUAGE,
	MK_COUNT
} MetaKey;

static const char *const meta_names[MK_COUNT] = {
	"og:title", "twitter:title", "og:site_name", "og:url", "og:locale",
	"og:description", "description", "twitter:description",
	"article:published_time", "article:modified_time", "og:updated_time",
	"date", "pubdate", "pub_date", "publishdate", "dc.date", "dc.date.issued",
	"dcterms.created", "parsely-pub-date", "sailthru.date",
	"content-language", "dc.language", "language"
};

/* ---------------------------------------------------------------------
 * A small JSON tree, built from pg_parse_json's callbacks.
 * --------------------------------------------------------------------- */
typedef enum JKind
{
	J_NULL, J_STRING, J_NUMBER, J_BOOL, J_OBJECT, J_ARRAY
} JKind;

typedef struct JNode
{
	JKind		kind;
	const char *key;			/* member name inside an object, else NULL */
	char	   *str;			/* scalars: the value (strings unescaped) */
	struct JNode *child;		/* objects and arrays: first member */
	struct JNode *last;
	struct JNode *next;
	struct JNode *parent;
} JNode;

typedef struct JBuild
{
	JNode	   *root;
	JNode	   *cur;			/* innermost open object or array */
	char	   *key;			/* name of the member whose value comes next */
	int			nodes;
	bool		overflow;
} JBuild;

/* Semantic callbacks return an error code from PostgreSQL 16 on. */
#if PG_VERSION_NUM >= 160000
#define JCB_TYPE JsonParseErrorType
#define JCB_RETURN return JSON_SUCCESS
#else
#define JCB_TYPE void
#define JCB_RETURN return
#endif

/* Everything the walk collects. */
typedef struct MdScan
{
	char	   *meta[MK_COUNT];
	List	   *meta_authors;	/* <meta name=author> */
	List	   *article_authors;	/* <meta property=article:author> */
	List	   *rel_authors;	/* text of rel=author links */
	char	   *html_lang;
	char	   *title_tag;
	char	   *canonical;
	char	   *base_href;
	char	   *item_published;	/* itemprop=datePublished */
	char	   *item_modified;
	char	   *item_lang;
	char	   *time_in_article;
	List	   *items;			/* JSON-LD top-level and @graph objects (JNode *) */
	int			nscripts;
} MdScan;

/* ---------------------------------------------------------------------
 * Strings
 * --------------------------------------------------------------------- */

/*
 * Copies a libxml2 string into palloc'd memory and frees it.  The copy is
 * made without raising an error, so the libxml2 string is freed on every path.
 */
static char *
xml_take(xmlChar *v)
{
	char	   *r;
	size_t		n;

	if (v == NULL)
		return NULL;
	n = strlen((const char *) v);
	r = MemoryContextAllocExtended(CurrentMemoryContext, n + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
	if (r)
		memcpy(r, v, n + 1);
	xmlFree(v);
	if (r == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("Failed on a request of size %zu while reading a page.", n + 1)));
	return r;
}

/* The value of attribute name (lower case) of element n, or NULL. */
static char *
attr_get(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	a = xmlHasProp(n, (const xmlChar *) name);

	if (a == NULL || a->type != XML_ATTRIBUTE_NODE)
		return NULL;
	if (a->children == NULL)
		return pstrdup("");
	if (a->children->next == NULL && a->children->type == XML_TEXT_NODE && a->children->content)
		return pstrdup((const char *) a->children->content);
	return xml_take(xmlNodeListGetString(n->doc, a->children, 1));
}

static bool
name_is(xmlNodePtr n, const char *name)
{
	return n->name && xmlStrcasecmp(n->name, (const xmlChar *) name) == 0;
}

static bool
is_space_at(const char *p, const char *end, int *n)
{
	unsigned char c = (unsigned char) *p;

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
	{
		*n = 1;
		return true;
	}
	if (c == 0xC2 && p + 1 < end && (unsigned char) p[1] == 0xA0)
	{
		*n = 2;
		return true;
	}
	return false;
}

/* s with white space trimmed at both ends (a copy), or NULL when empty or too long. */
static char *
trimmed(const char *s)
{
	const char *b,
			   *e;
	int			n;

	if (s == NULL)
		return NULL;
	b = s;
	e = s + strlen(s);
	while (b < e && is_space_at(b, e, &n))
		b += n;
	while (e > b)
	{
		if ((unsigned char) e[-1] <= ' ')
			e--;
		else if (e - b >= 2 && (unsigned char) e[-2] == 0xC2 && (unsigned char) e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	if (e == b || e - b > MD_MAX_VALUE)
		return NULL;
	return pnstrdup(b, e - b);
}

/*
 * A text value as people read it: repaired (entities in JSON-LD, mojibake),
 * white space runs made one space, trimmed.  NULL when nothing is left or
 * the value is too long to be metadata.
 */
static char *
clean_text(const char *s)
{
	StringInfoData out;
	const char *p,
			   *end;
	char	   *src;
	bool		space = false;
	int			n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n == 0 || n > MD_MAX_VALUE)
		return NULL;
	if (pga_may_need_repair(s, n))
	{
		StringInfoData fixed;

		initStringInfo(&fixed);
		pga_repair(s, n, PGA_REPAIR_DEFAULT, &fixed);
		src = fixed.data;
		n = fixed.len;
	}
	else
		src = (char *) s;

	initStringInfo(&out);
	p = src;
	end = src + n;
	while (p < end)
	{
		if (is_space_at(p, end, &n))
		{
			space = true;
			p += n;
			continue;
		}
		if (space && out.len > 0)
			appendStringInfoChar(&out, ' ');
		space = false;
		appendStringInfoChar(&out, *p++);
	}
	if (out.len == 0 || out.len > MD_MAX_VALUE)
		return NULL;
	return out.data;
}

static bool
starts_with_ci(const char *s, const char *prefix)
{
	return pg_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool
looks_like_url(const char *s)
{
	return strstr(s, "://") != NULL || starts_with_ci(s, "www.") || s[0] == '/';
}

/* ---------------------------------------------------------------------
 * JSON-LD
 * --------------------------------------------------------------------- */

static void
jb_attach(JBuild *b, JNode *n)
{
	n->key = b->key;
	b->key = NULL;
	n->parent = b->cur;
	if (b->cur == NULL)
	{
		if (b->root == NULL)
			b->root = n;
		return;
	}
	if (b->cur->last)
		b->cur->last->next = n;
	else
		b->cur->child = n;
	b->cur->last = n;
}

static JNode *
jb_new(JBuild *b, JKind kind)
{
	JNode	   *n;

	if (b->overflow)
		return NULL;
	if (++b->nodes > MD_MAX_JSON_NODES)
	{
		b->overflow = true;
		return NULL;
	}
	if ((b->nodes & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	n = palloc0(sizeof(JNode));
	n->kind = kind;
	return n;
}

static JCB_TYPE
jb_container_start(JBuild *b, JKind kind)
{
	JNode	   *n = jb_new(b, kind);

	if (n)
	{
		jb_attach(b, n);
		b->cur = n;
	}
	JCB_RETURN;
}

static JCB_TYPE
jb_object_start(void *state)
{
	return jb_container_start((JBuild *) state, J_OBJECT);
}

static JCB_TYPE
jb_array_start(void *state)
{
	return jb_container_start((JBuild *) state, J_ARRAY);
}

static JCB_TYPE
jb_end(void *state)
{
	JBuild	   *b = (JBuild *) state;

	if (!b->overflow && b->cur)
		b->cur = b->cur->parent;
	JCB_RETURN;
}

static JCB_TYPE
jb_field_start(void *state, char *fname, bool isnull)
{
	JBuild	   *b = (JBuild *) state;

	b->key = fname;
	JCB_RETURN;
}

static JCB_TYPE
jb_scalar(void *state, char *token, JsonTokenType tokentype)
{
	JBuild	   *b = (JBuild *) state;
	JKind		kind;
	JNode	   *n;

	switch (tokentype)
	{
		case JSON_TOKEN_STRING:
			kind = J_STRING;
			break;
		case JSON_TOKEN_NUMBER:
			kind = J_NUMBER;
			break;
		case JSON_TOKEN_TRUE:
		case JSON_TOKEN_FALSE:
			kind = J_BOOL;
			break;
		default:
			kind = J_NULL;
			break;
	}
	n = jb_new(b, kind);
	if (n)
	{
		n->str = token;
		jb_attach(b, n);
	}
	JCB_RETURN;
}

/*
 * The deepest nesting of a JSON text (strings skipped), to keep the
 * recursive parser far from the stack limit: an error there would fail the
 * whole call.
 */
static int
json_depth(const char *s, int len)
{
	int			depth = 0,
				max = 0;
	bool		in_string = false;

	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (in_string)
		{
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		}
		else if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
		{
			if (++depth > max)
				max = depth;
		}
		else if (c == '}' || c == ']')
			depth--;
	}
	return max;
}

/* Removes a prefix or suffix wrapper (comment or CDATA markers) around a script. */
static void
unwrap(const char **b, const char **e, const char *prefix, const char *suffix)
{
	size_t		pl = strlen(prefix),
				sl = strlen(suffix);

	while (*b < *e && (unsigned char) **b <= ' ')
		(*b)++;
	while (*e > *b && ((unsigned char) (*e)[-1] <= ' ' || (*e)[-1] == ';'))
		(*e)--;
	if ((size_t) (*e - *b) >= pl && strncmp(*b, prefix, pl) == 0)
		*b += pl;
	if ((size_t) (*e - *b) >= sl && strncmp(*e - sl, suffix, sl) == 0)
		*e -= sl;
	while (*b < *e && (unsigned char) **b <= ' ')
		(*b)++;
	while (*e > *b && ((unsigned char) (*e)[-1] <= ' ' || (*e)[-1] == ';'))
		(*e)--;
}

/* Parses one JSON-LD script; NULL when it is not valid JSON (or too big or deep). */
static JNode *
json_parse(const char *text)
{
	const char *b = text,
			   *e = text + strlen(text);
	char	   *buf;
	JBuild		jb;
	JsonSemAction sem;
	JsonLexContext *lex;
	JsonParseErrorType err;

	unwrap(&b, &e, "<!--", "-->");
	unwrap(&b, &e, "//<![CDATA[", "//]]>");
	unwrap(&b, &e, "<![CDATA[", "]]>");
	if (e - b < 2 || e - b > MD_MAX_JSONLD)
		return NULL;
	if (json_depth(b, e - b) > MD_MAX_JSON_DEPTH)
		return NULL;

	buf = pnstrdup(b, e - b);
	memset(&jb, 0, sizeof(jb));
	memset(&sem, 0, sizeof(sem));
	sem.semstate = &jb;
	sem.object_start = jb_object_start;
	sem.object_end = jb_end;
	sem.array_start = jb_array_start;
	sem.array_end = jb_end;
	sem.object_field_start = jb_field_start;
	sem.scalar = jb_scalar;

#if PG_VERSION_NUM >= 170000
	lex = makeJsonLexContextCstringLen(NULL, buf, e - b, PG_UTF8, true);
#else
	lex = makeJsonLexContextCstringLen(buf, e - b, PG_UTF8, true);
#endif
	err = pg_parse_json(lex, &sem);
	if (err != JSON_SUCCESS || jb.overflow)
		return NULL;
	return jb.root;
}

static JNode *
jget(JNode *obj, const char *key)
{
	if (obj == NULL || obj->kind != J_OBJECT)
		return NULL;
	for (JNode *c = obj->child; c; c = c->next)
		if (c->key && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

static const char *
jstr(JNode *n)
{
	return (n && n->kind == J_STRING) ? n->str : NULL;
}

/* The last part of a type name: "http://schema.org/NewsArticle" -> "NewsArticle". */
static const char *
type_base(const char *t)
{
	const char *p = strrchr(t, '/');
	const char *q = strrchr(t, ':');

	if (q && (!p || q > p))
		p = q;
	return p ? p + 1 : t;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t		n = strlen(s),
				m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * 2: an article (NewsArticle, Article, ReportageNewsArticle, BlogPosting,
 * LiveBlogPosting ...); 1: a page (WebPage, MedicalWebPage, ItemPage ...);
 * 0: anything else.
 */
static int
type_rank(const char *t)
{
	t = type_base(t);
	if (ends_with(t, "Article") || ends_with(t, "BlogPosting"))
		return 2;
	if (ends_with(t, "Page"))
		return 1;
	return 0;
}

/* The best rank among the @type values of obj, with that type's name. */
static int
object_rank(JNode *obj, const char **type)
{
	JNode	   *t = jget(obj, "@type");
	int			best = 0;

	*type = NULL;
	if (t && t->kind == J_STRING)
	{
		*type = type_base(t->str);
		best = type_rank(t->str);
	}
	else if (t && t->kind == J_ARRAY)
	{
		for (JNode *c = t->child; c; c = c->next)
		{
			if (c->kind != J_STRING)
				continue;
			if (*type == NULL || type_rank(c->str) > best)
			{
				*type = type_base(c->str);
				best = type_rank(c->str);
			}
		}
	}
	/* another creative work that says when it was published (ClaimReview ...) */
	if (best == 0 && *type && (jget(obj, "headline") || jget(obj, "datePublished")))
		best = 1;
	return best;
}

static bool
object_has_type(JNode *obj, const char *name)
{
	JNode	   *t = jget(obj, "@type");

	if (t && t->kind == J_STRING)
		return strcmp(type_base(t->str), name) == 0;
	if (t && t->kind == J_ARRAY)
		for (JNode *c = t->child; c; c = c->next)
			if (c->kind == J_STRING && strcmp(type_base(c->str), name) == 0)
				return true;
	return false;
}

/* Adds the objects of a JSON-LD document: top-level ones, array members and @graph members. */
static void
collect_items(MdScan *st, JNode *n, int depth)
{
	if (n == NULL || depth > 3)
		return;
	if (n->kind == J_ARRAY)
	{
		for (JNode *c = n->child; c; c = c->next)
			collect_items(st, c, depth + 1);
	}
	else if (n->kind == J_OBJECT)
	{
		JNode	   *g = jget(n, "@graph");

		if (jget(n, "@type") || g == NULL)
			st->items = lappend(st->items, n);
		if (g)
			collect_items(st, g, depth + 1);
	}
}

/* A reference {"@id": ...} without a name resolved to the object with that @id, if any. */
static JNode *
resolve(MdScan *st, JNode *n)
{
	const char *id;
	ListCell   *lc;

	if (n == NULL || n->kind != J_OBJECT || jget(n, "name"))
		return n;
	id = jstr(jget(n, "@id"));
	if (id == NULL)
		return n;
	foreach(lc, st->items)
	{
		JNode	   *o = (JNode *) lfirst(lc);

		if (o != n && jstr(jget(o, "@id")) && strcmp(jstr(jget(o, "@id")), id) == 0)
			return o;
	}
	return n;
}

/* The name of a thing: a string, or an object's (or the first array member's) name. */
static const char *
thing_name(MdScan *st, JNode *n)
{
	if (n && n->kind == J_ARRAY)
		n = n->child;
	if (n && n->kind == J_STRING)
		return n->str;
	n = resolve(st, n);
	return jstr(jget(n, "name"));
}

/* Adds the names of people: a string, a Person (its name, or names), a reference, or an array of these. */
static void add_name(List **list, const char *raw);

static void
add_person_names(MdScan *st, List **list, JNode *n, int depth)
{
	JNode	   *nm;

	if (n == NULL || depth > 2)
		return;
	if (n->kind == J_STRING)
		add_name(list, n->str);
	else if (n->kind == J_ARRAY)
	{
		for (JNode *c = n->child; c; c = c->next)
			add_person_names(st, list, c, depth + 1);
	}
	else if (n->kind == J_OBJECT)
	{
		nm = jget(resolve(st, n), "name");
		if (nm && nm->kind == J_STRING)
			add_name(list, nm->str);
		else if (nm && nm->kind == J_ARRAY)
			for (JNode *c = nm->child; c; c = c->next)
				if (c->kind == J_STRING)
					add_name(list, c->str);
	}
}

/* A URL-valued property: a string, or an object's @id or url. */
static const char *
thing_url(JNode *n)
{
	if (n && n->kind == J_ARRAY)
		n = n->child;
	if (n && n->kind == J_STRING)
		return n->str;
	if (n && n->kind == J_OBJECT)
		return jstr(jget(n, "@id")) ? jstr(jget(n, "@id")) : jstr(jget(n, "url"));
	return NULL;
}

/* ---------------------------------------------------------------------
 * The walk over the page
 * --------------------------------------------------------------------- */

static bool
has_ancestor(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (name_is(p, name))
			return true;
	return false;
}

/* Does the space-separated token list s contain word (ASCII case-insensitive)? */
static bool
has_token(const char *s, const char *word)
{
	size_t		n = strlen(word);

	if (s == NULL)
		return false;
	while (*s)
	{
		size_t		len;

		while (*s && isspace((unsigned char) *s))
			s++;
		len = 0;
		while (s[len] && !isspace((unsigned char) s[len]))
			len++;
		if (len == n && pg_strncasecmp(s, word, n) == 0)
			return true;
		s += len;
	}
	return false;
}

static void
add_name(List **list, const char *raw)
{
	char	   *v = clean_text(raw);
	ListCell   *lc;

	if (v == NULL)
		return;
	/* "By Jane Doe" */
	if (pg_strncasecmp(v, "by ", 3) == 0)
		v += 3;
	while (*v == ' ')
		v++;
	if (*v == '\0' || strlen(v) > MD_MAX_NAME || looks_like_url(v))
		return;
	foreach(lc, *list)
		if (pg_strcasecmp((char *) lfirst(lc), v) == 0)
			return;
	if (list_length(*list) < MD_MAX_AUTHORS)
		*list = lappend(*list, v);
}

static void
scan_meta(MdScan *st, xmlNodePtr n)
{
	char	   *content = attr_get(n, "content");
	const char *attrs[] = {"property", "name", "http-equiv"};

	if (content == NULL)
		return;
	for (int a = 0; a < (int) lengthof(attrs); a++)
	{
		char	   *key = attr_get(n, attrs[a]);

		if (key == NULL)
			continue;
		if (pg_strcasecmp(key, "author") == 0)
			add_name(&st->meta_authors, content);
		else if (pg_strcasecmp(key, "article:author") == 0)
			add_name(&st->article_authors, content);
		else
		{
			for (int k = 0; k < MK_COUNT; k++)
				if (st->meta[k] == NULL && pg_strcasecmp(key, meta_names[k]) == 0)
				{
					st->meta[k] = trimmed(content);
					break;
				}
		}
	}
}

/* itemprop=datePublished / dateModified / inLanguage on any element (microdata). */
static void
scan_itemprop(MdScan *st, xmlNodePtr n, const char *prop)
{
	char	  **slot;
	char	   *v;

	if (has_token(prop, "datePublished"))
		slot = &st->item_published;
	else if (has_token(prop, "dateModified"))
		slot = &st->item_modified;
	else if (has_token(prop, "inLanguage"))
		slot = &st->item_lang;
	else
		return;
	if (*slot)
		return;
	v = attr_get(n, "content");
	if (v == NULL)
		v = attr_get(n, "datetime");
	*slot = trimmed(v);
}

static void
scan_script(MdScan *st, xmlNodePtr n)
{
	char	   *type = attr_get(n, "type");
	char	   *t = trimmed(type);
	char	   *text;
	JNode	   *root;

	if (t == NULL || !starts_with_ci(t, "application/ld+json"))
		return;
	if (st->nscripts >= MD_MAX_SCRIPTS)
		return;
	st->nscripts++;
	text = xml_take(xmlNodeGetContent(n));
	if (text == NULL)
		return;
	root = json_parse(text);
	collect_items(st, root, 0);
}

static void
scan_element(MdScan *st, xmlNodePtr n)
{
	xmlAttrPtr	ip = xmlHasProp(n, (const xmlChar *) "itemprop");

	if (ip)
	{
		char	   *prop = attr_get(n, "itemprop");

		scan_itemprop(st, n, prop);
	}

	if (name_is(n, "meta"))
		scan_meta(st, n);
	else if (name_is(n, "script"))
		scan_script(st, n);
	else if (name_is(n, "html"))
	{
		if (st->html_lang == NULL)
			st->html_lang = trimmed(attr_get(n, "lang"));
		if (st->html_lang == NULL)
			st->html_lang = trimmed(attr_get(n, "xml:lang"));
	}
	else if (name_is(n, "title"))
	{
		if (st->title_tag == NULL && !has_ancestor(n, "svg"))
			st->title_tag = clean_text(xml_take(xmlNodeGetContent(n)));
	}
	else if (name_is(n, "link") || name_is(n, "a"))
	{
		char	   *rel = attr_get(n, "rel");

		if (rel == NULL)
			return;
		if (name_is(n, "link") && st->canonical == NULL && has_token(rel, "canonical"))
			st->canonical = trimmed(attr_get(n, "href"));
		else if (name_is(n, "a") && has_token(rel, "author"))
			add_name(&st->rel_authors, xml_take(xmlNodeGetContent(n)));
	}
	else if (name_is(n, "base"))
	{
		if (st->base_href == NULL)
			st->base_href = trimmed(attr_get(n, "href"));
	}
	else if (name_is(n, "time"))
	{
		if (st->time_in_article == NULL && has_ancestor(n, "article"))
			st->time_in_article = trimmed(attr_get(n, "datetime"));
	}
}

static void
scan_doc(MdScan *st, xmlDocPtr doc)
{
	xmlNodePtr	top = (xmlNodePtr) doc;
	xmlNodePtr	n = doc->children;
	long		count = 0;

	while (n)
	{
		if (n->type == XML_ELEMENT_NODE)
		{
			if ((++count & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			scan_element(st, n);
			if (n->children)
			{
				n = n->children;
				continue;
			}
		}
		while (n != top && n->next == NULL)
			n = n->parent;
		if (n == top)
			break;
		n = n->next;
	}
}

/* ---------------------------------------------------------------------
 * Normalizing values
 * --------------------------------------------------------------------- */

/*
 * A language tag in BCP 47 form: "en_US" -> "en-US", "EN-gb" -> "en-GB",
 * "zh-hant-tw" -> "zh-Hant-TW".  The primary subtag must be 2 or 3 letters;
 * lists ("en, fr") give their first tag.  NULL when s is not a tag.
 */
static char *
normalize_lang(const char *s)
{
	StringInfoData out;
	const char *p;
	int			idx = 0;
	bool		private_use = false;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	initStringInfo(&out);
	p = s;
	for (;;)
	{
		const char *b = p;
		int			len,
					letters = 0,
					digits = 0;

		while (isalnum((unsigned char) *p) && *p != '\0' && (unsigned char) *p < 0x80)
		{
			if (isalpha((unsigned char) *p))
				letters++;
			else
				digits++;
			p++;
		}
		len = p - b;
		if (len < 1 || len > 8)
			return NULL;
		if (idx == 0 && (len < 2 || len > 3 || digits))
			return NULL;
		if (idx > 0)
			appendStringInfoChar(&out, '-');
		for (int i = 0; i < len; i++)
		{
			char		c = b[i];

			if (!private_use && idx > 0 && len == 2 && letters == 2)
				c = pg_toupper((unsigned char) c);	/* region */
			else if (!private_use && idx > 0 && len == 4 && letters == 4 && i == 0)
				c = pg_toupper((unsigned char) c);	/* script */
			else
				c = pg_tolower((unsigned char) c);
			appendStringInfoChar(&out, c);
		}
		if (len == 1)
			private_use = true; /* after a singleton, extensions keep lower case */
		idx++;
		if (out.len > 64)
			return NULL;
		if (*p == '-' || *p == '_')
		{
			p++;
			continue;
		}
		/* the end, or the end of the first tag of a list */
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == ',' || *p == ';')
			break;
		return NULL;
	}
	return out.data;
}

static bool
is_http_url(const char *s)
{
	return starts_with_ci(s, "http://") || starts_with_ci(s, "https://");
}

/*
 * An absolute http(s) URL from candidate u, resolved against base when
 * relative, without its #fragment.  NULL when that cannot be had.
 */
static char *
absolute_url(const char *u, const char *base)
{
	char	   *r;
	char	   *hash;

	if (u == NULL || *u == '\0')
		return NULL;
	for (const char *p = u; *p; p++)
		if ((unsigned char) *p < ' ')
			return NULL;
	if (is_http_url(u))
		r = pstrdup(u);
	else if (strncmp(u, "//", 2) == 0 && base == NULL)
		r = psprintf("https:%s", u);
	else if (base && !strstr(u, "://") && !starts_with_ci(u, "javascript:") &&
			 !starts_with_ci(u, "data:") && !starts_with_ci(u, "mailto:"))
	{
		r = xml_take(xmlBuildURI((const xmlChar *) u, (const xmlChar *) base));
		if (r == NULL || !is_http_url(r))
			return NULL;
	}
	else
		return NULL;
	hash = strchr(r, '#');
	if (hash)
		*hash = '\0';
	return r;
}

/* Is s (trimmed) equal to one of the names, ASCII case aside? */
static bool
is_site_name(const char *s, int len, List *sites)
{
	ListCell   *lc;

	while (len > 0 && s[0] == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0)
		return false;
	foreach(lc, sites)
	{
		const char *site = (const char *) lfirst(lc);

		if ((int) strlen(site) == len && pg_strncasecmp(s, site, len) == 0)
			return true;
	}
	return false;
}

/* Separators between a title and a site name: | - – — · • :: : / » */
static const char *const title_seps[] = {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7",
"\xE2\x80\xA2", "::", ":", "/", "\xC2\xBB"};

/* Length of the separator ending at s[end], or 0. */
static int
separator_before(const char *s, int end)
{
	for (int i = 0; i < (int) lengthof(title_seps); i++)
	{
		int			n = strlen(title_seps[i]);

		if (end >= n && memcmp(s + end - n, title_seps[i], n) == 0)
			return n;
	}
	return 0;
}

/* Length of the separator starting at s[start], or 0. */
static int
separator_at(const char *s, int len, int start)
{
	for (int i = 0; i < (int) lengthof(title_seps); i++)
	{
		int			n = strlen(title_seps[i]);

		if (start + n <= len && memcmp(s + start, title_seps[i], n) == 0)
			return n;
	}
	return 0;
}

/*
 * The title without a site name at its end ("Story | Site", "Story - Site")
 * or start ("Site: Story", "Site | Story"), when that name is one of sites.
 * A separator other than "|" must stand apart from the words, so that
 * "Spider-Man" keeps its "Man" when the site is called "Man".
 */
static char *
strip_site_name(char *title, List *sites)
{
	int			len = strlen(title);

	if (sites == NIL)
		return title;

	/* suffix: the site name follows position i, a space or "|" */
	for (int i = len - 1; i > 0; i--)
	{
		int			j,
					seplen;

		if (title[i] != ' ' && title[i] != '|')
			continue;
		if (!is_site_name(title + i + 1, len - i - 1, sites))
			continue;
		j = (title[i] == '|') ? i + 1 : i;
		while (j > 0 && title[j - 1] == ' ')
			j--;
		seplen = separator_before(title, j);
		if (seplen == 0)
			continue;
		if (title[j - 1] != '|' && (j - seplen == 0 || title[j - seplen - 1] != ' '))
			continue;
		j -= seplen;
		while (j > 0 && title[j - 1] == ' ')
			j--;
		if (j > 0)
			return pnstrdup(title, j);
	}

	/* prefix: the site name ends before position i */
	for (int i = 1; i < len; i++)
	{
		int			k = i,
					seplen;

		if (title[i] != ' ' && title[i] != '|' && title[i] != ':')
			continue;
		if (!is_site_name(title, i, sites))
			continue;
		while (k < len && title[k] == ' ')
			k++;
		seplen = separator_at(title, len, k);
		if (seplen == 0)
			continue;
		/* "Site - Story" needs the spaces; "Site: Story" and "Site|Story" do not before */
		if (title[k] != '|' && title[k] != ':' && k == i)
			continue;
		k += seplen;
		if (title[k - 1] != '|' && (k >= len || title[k] != ' '))
			continue;
		while (k < len && title[k] == ' ')
			k++;
		if (k < len)
			return pstrdup(title + k);
	}
	return title;
}

/* ---------------------------------------------------------------------
 * Dates
 * --------------------------------------------------------------------- */

static bool
reserved_word(const char *w, int len)
{
	static const char *const words[] = {"now", "today", "tomorrow", "yesterday", "current",
	"epoch", "infinity", "allballs", "invalid", "undefined"};

	for (int i = 0; i < (int) lengthof(words); i++)
		if ((int) strlen(words[i]) == len && pg_strncasecmp(w, words[i], len) == 0)
			return true;
	return false;
}

static int
decode_once(const char *s, int *dtype, struct pg_tm *tm, fsec_t *fsec, int *tzp)
{
	char		workbuf[MAXDATELEN + MAXDATEFIELDS];
	char	   *field[MAXDATEFIELDS];
	int			ftype[MAXDATEFIELDS];
	int			nf;
	int			dterr;
#if PG_VERSION_NUM >= 160000
	DateTimeErrorExtra extra;
#endif

	dterr = ParseDateTime(s, workbuf, sizeof(workbuf), field, ftype, MAXDATEFIELDS, &nf);
	if (dterr != 0)
		return dterr;
#if PG_VERSION_NUM >= 160000
	return DecodeDateTime(field, ftype, nf, dtype, tm, fsec, tzp, &extra);
#else
	return DecodeDateTime(field, ftype, nf, dtype, tm, fsec, tzp);
#endif
}

/*
 * Reads a date the way timestamptz input does, without ever raising an
 * error: the text is first checked to hold only what dates are made of, and
 * is rewritten so that no word can be taken for a time zone name (the one
 * place where DecodeDateTime raises an error instead of returning a code).
 * What would depend on the session is refused, so the result is a function
 * of the text alone: "now", "today" and the like; day and month in an
 * order only DateStyle decides ("03/04/2019", "03.04.2019").  A date
 * without a zone is taken as UTC.
 */
bool
pga_parse_timestamp(const char *s, TimestampTz *result)
{
	char		buf[2 * MD_MAX_DATE + 1];
	int			n = 0,
				len,
				run = 0,
				longest_digits = 0;
	struct pg_tm tt;
	fsec_t		fsec = 0;
	int			dtype = 0;
	int			tz = 0;
	if (s == NULL)
		return false;
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len > 0 && (unsigned char) s[len - 1] <= ' ')
		len--;
	if (len == 0 || len > MD_MAX_DATE)
		return false;

	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		bool		prev_alpha = i > 0 && isalpha((unsigned char) s[i - 1]);

		/*
		 * A number, a separator and a month name ("20-Nov-2019") is one field
		 * for ParseDateTime, read as a date: keep it as it is.
		 */
		if (isdigit(c) && (i == 0 || !isalnum((unsigned char) s[i - 1])))
		{
			int			j = i;

			while (j < len && isdigit((unsigned char) s[j]))
				j++;
			if (j + 1 < len && (s[j] == '-' || s[j] == '/' || s[j] == '.') &&
				isalpha((unsigned char) s[j + 1]))
			{
				char		delim = s[j];
				int			k = j + 1;

				while (k < len && ((isalnum((unsigned char) s[k]) && (unsigned char) s[k] < 0x80) ||
								   s[k] == delim))
					k++;
				for (int w = j + 1; w < k;)
				{
					int			e = w;

					while (e < k && isalpha((unsigned char) s[e]))
						e++;
					if (e > w && reserved_word(s + w, e - w))
						return false;
					w = (e > w) ? e : w + 1;
				}
				longest_digits = Max(longest_digits, j - i);
				for (int w = j + 1; w < k;)
				{
					int			e = w;

					while (e < k && isdigit((unsigned char) s[e]))
						e++;
					longest_digits = Max(longest_digits, e - w);
					w = (e > w) ? e : w + 1;
				}
				memcpy(buf + n, s + i, k - i);
				n += k - i;
				i = k - 1;
				run = 0;
				continue;
			}
		}
		if (c >= 0x80 || !(isalnum(c) || c == ' ' || c == '\t' || c == ',' || c == ':' ||
						   c == '+' || c == '-' || c == '.' || c == '/'))
			return false;
		if (isalpha(c) && !prev_alpha)
		{
			int			w = i;

			while (w < len && isalpha((unsigned char) s[w]))
				w++;
			if (reserved_word(s + i, w - i))
				return false;
		}
		if (isdigit(c))
		{
			run++;
			longest_digits = Max(longest_digits, run);
			/* a 1-2 digit number starting the date, then a separator and a digit: D/M or M/D */
			if (run <= 2 && i + 2 < len && !isdigit((unsigned char) s[i + 1]) &&
				(s[i + 1] == '/' || s[i + 1] == '.' || s[i + 1] == '-') &&
				isdigit((unsigned char) s[i + 2]) &&
				(i - run < 0 || (s[i - run] != ':' && s[i - run] != '-' && s[i - run] != '/' &&
								 s[i - run] != '.' && s[i - run] != '+')))
				return false;
		}
		else
			run = 0;
		/*
		 * A word followed by - / . + or a digit could be read as a zone name:
		 * "Nov-20" and "Nov." become "Nov 20", "Nov ", "GMT+1" "GMT +1".
		 */
		if (prev_alpha && (c == '-' || c == '/' || c == '.'))
			c = ' ';
		else if (prev_alpha && (c == '+' || isdigit(c)))
			buf[n++] = ' ';
		buf[n++] = (c == '\t') ? ' ' : (char) c;
	}
	buf[n] = '\0';
	if (longest_digits < 4)
		return false;			/* no year */

	/* Without a zone, DecodeDateTime would use the session's: read those as UTC. */
	memset(&tt, 0, sizeof(tt));
	if (decode_once(buf, &dtype, &tt, &fsec, NULL) == 0)
		tz = 0;
	else
	{
		memset(&tt, 0, sizeof(tt));
		fsec = 0;
		if (decode_once(buf, &dtype, &tt, &fsec, &tz) != 0)
			return false;
	}
	if (dtype != DTK_DATE)
		return false;
	/* placeholders of empty dates: the year 1 ("0001-01-01T00:00:00Z") and the Unix epoch */
	if (tt.tm_year < 1000)
		return false;
	if (tm2timestamp(&tt, fsec, &tz, result) != 0 || !IS_VALID_TIMESTAMP(*result))
		return false;
	if (*result == (TimestampTz) (UNIX_EPOCH_JDATE - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY)
		return false;
	return true;
}

/*
 * The first candidate that reads as a date; when none does, raw gets the
 * first candidate's text.
 */
static void
pick_date(const char *const *cands, int n, bool *has, TimestampTz *ts, char **raw)
{
	*has = false;
	*raw = NULL;
	for (int i = 0; i < n; i++)
	{
		char	   *v = trimmed(cands[i]);

		if (v == NULL)
			continue;
		if (*raw == NULL)
			*raw = v;
		if (strlen(v) <= MD_MAX_DATE && pga_parse_timestamp(v, ts))
		{
			*has = true;
			*raw = v;
			return;
		}
	}
	if (*raw && strlen(*raw) > MD_MAX_DATE)
		*raw = NULL;
}

/* ---------------------------------------------------------------------
 * Choosing
 * --------------------------------------------------------------------- */

static char *
first_text(const char *const *cands, int n)
{
	for (int i = 0; i < n; i++)
	{
		char	   *v = clean_text(cands[i]);

		if (v)
			return v;
	}
	return NULL;
}

static void
add_site(List **sites, const char *name)
{
	char	   *v = clean_text(name);

	if (v && strlen(v) <= MD_MAX_NAME && !looks_like_url(v))
		*sites = lappend(*sites, v);
}

static char *
copy_out(const char *s)
{
	return s ? pstrdup(s) : NULL;
}

/*
 * Fills md from the parsed page.  Orders of trust:
 *   title        og:title, JSON-LD headline, twitter:title, <title>
 *   authors      JSON-LD author(s), meta author, article:author (not URLs), rel=author links
 *   published    JSON-LD datePublished, article:published_time, meta date, pubdate, pub_date,
 *                publishdate, dc.date, dc.date.issued, dcterms.created, parsely-pub-date,
 *                sailthru.date, itemprop=datePublished, <time datetime> inside <article>
 *   modified     JSON-LD dateModified, article:modified_time, og:updated_time, itemprop=dateModified
 *   language     <html lang>, og:locale, content-language, dc.language, language,
 *                JSON-LD inLanguage, itemprop=inLanguage
 *   canonical    link rel=canonical, og:url, JSON-LD url, mainEntityOfPage
 *   site name    og:site_name, JSON-LD publisher name, JSON-LD WebSite name
 *   description  og:description, JSON-LD description, meta description, twitter:description
 * The JSON-LD object used is the first article (NewsArticle, Article,
 * ReportageNewsArticle, BlogPosting, ...) among the top-level and @graph
 * objects, else the mainEntity of one, else the first WebPage.
 */
void
pga_metadata_from_doc(htmlDocPtr doc, PgaMetadata *md)
{
	MemoryContext outer = CurrentMemoryContext;
	MemoryContext work;
	MdScan		st;
	JNode	   *art = NULL;
	const char *art_type = NULL;
	int			best = 0;
	ListCell   *lc;
	List	   *sites = NIL;
	List	   *authors = NIL;
	char	   *title;
	char	   *site;
	char	   *lang = NULL;
	char	   *canonical = NULL;
	char	   *description;
	char	   *base;
	char	   *pub_raw,
			   *mod_raw;

	memset(md, 0, sizeof(*md));
	if (doc == NULL)
		return;

	work = AllocSetContextCreate(CurrentMemoryContext, "pg_article metadata", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(work);

	memset(&st, 0, sizeof(st));
	scan_doc(&st, doc);

	/* the JSON-LD object that describes the article */
	foreach(lc, st.items)
	{
		JNode	   *o = (JNode *) lfirst(lc);
		const char *t;
		int			r = object_rank(o, &t);

		if (r > best)
		{
			best = r;
			art = o;
			art_type = t;
		}
	}
	if (best < 2)
	{
		foreach(lc, st.items)
		{
			JNode	   *o = (JNode *) lfirst(lc);
			JNode	   *m = jget(o, "mainEntity");
			const char *t;

			if (m == NULL || m->kind != J_OBJECT)
				m = jget(o, "mainEntityOfPage");
			m = resolve(&st, m);
			if (m && m->kind == J_OBJECT && object_rank(m, &t) == 2)
			{
				art = m;
				art_type = t;
				best = 2;
				break;
			}
		}
	}

	/* site names */
	add_site(&sites, st.meta[MK_OG_SITE]);
	if (art)
		add_site(&sites, thing_name(&st, jget(art, "publisher")));
	foreach(lc, st.items)
	{
		JNode	   *o = (JNode *) lfirst(lc);

		if (object_has_type(o, "WebSite"))
			add_site(&sites, jstr(jget(o, "name")));
	}
	site = sites ? (char *) linitial(sites) : NULL;

	/* title */
	{
		const char *c[4];

		c[0] = st.meta[MK_OG_TITLE];
		c[1] = art ? jstr(jget(art, "headline")) : NULL;
		if (c[1] == NULL && best == 2)
			c[1] = jstr(jget(art, "name"));
		c[2] = st.meta[MK_TW_TITLE];
		c[3] = st.title_tag;
		title = first_text(c, lengthof(c));
		if (title)
			title = strip_site_name(title, sites);
	}

	/* authors */
	if (art)
		add_person_names(&st, &authors, jget(art, "author"), 0);
	if (authors == NIL)
		authors = st.meta_authors;
	if (authors == NIL)
		authors = st.article_authors;
	if (authors == NIL)
		authors = st.rel_authors;

	/* dates */
	{
		const char *c[14];
		int			k = 0;

		c[k++] = art ? jstr(jget(art, "datePublished")) : NULL;
		c[k++] = st.meta[MK_ART_PUB];
		for (int m = MK_DATE; m <= MK_SAILTHRU_DATE; m++)
			c[k++] = st.meta[m];
		c[k++] = st.item_published;
		c[k++] = st.time_in_article;
		Assert(k <= lengthof(c));
		pick_date(c, k, &md->has_published, &md->published, &pub_raw);
	}
	{
		const char *c[4];

		c[0] = art ? jstr(jget(art, "dateModified")) : NULL;
		c[1] = st.meta[MK_ART_MOD];
		c[2] = st.meta[MK_OG_UPDATED];
		c[3] = st.item_modified;
		pick_date(c, lengthof(c), &md->has_modified, &md->modified, &mod_raw);
	}

	/* language */
	{
		const char *c[7];

		c[0] = st.html_lang;
		c[1] = st.meta[MK_OG_LOCALE];
		c[2] = st.meta[MK_CONTENT_LANG];
		c[3] = st.meta[MK_DC_LANG];
		c[4] = st.meta[MK_LANGUAGE];
		c[5] = art ? jstr(jget(art, "inLanguage")) : NULL;
		c[6] = st.item_lang;
		for (int i = 0; i < (int) lengthof(c) && lang == NULL; i++)
			lang = normalize_lang(c[i]);
	}

	/* canonical URL */
	{
		const char *c[4];

		c[0] = st.canonical;
		c[1] = st.meta[MK_OG_URL];
		c[2] = art ? thing_url(jget(art, "url")) : NULL;
		c[3] = art ? thing_url(jget(art, "mainEntityOfPage")) : NULL;
		base = (st.base_href && is_http_url(st.base_href)) ? st.base_href : NULL;
		for (int i = 0; i < (int) lengthof(c) && base == NULL; i++)
		{
			char	   *v = trimmed(c[i]);

			if (v && is_http_url(v))
				base = v;
		}
		for (int i = 0; i < (int) lengthof(c) && canonical == NULL; i++)
			canonical = absolute_url(trimmed(c[i]), base);
	}

	/* description */
	{
		const char *c[4];

		c[0] = st.meta[MK_OG_DESC];
		c[1] = art ? jstr(jget(art, "description")) : NULL;
		c[2] = st.meta[MK_DESC];
		c[3] = st.meta[MK_TW_DESC];
		description = first_text(c, lengthof(c));
	}

	/* copy the answers out of the work context */
	MemoryContextSwitchTo(outer);
	md->title = copy_out(title);
	md->nauthors = list_length(authors);
	if (md->nauthors > 0)
	{
		int			i = 0;

		md->authors = palloc(sizeof(char *) * md->nauthors);
		foreach(lc, authors)
			md->authors[i++] = pstrdup((char *) lfirst(lc));
	}
	md->published_raw = copy_out(pub_raw);
	md->modified_raw = copy_out(mod_raw);
	md->language = copy_out(lang);
	md->canonical_url = copy_out(canonical);
	md->site_name = copy_out(site);
	md->description = copy_out(description);
	md->type = art ? copy_out(art_type) : NULL;
	MemoryContextDelete(work);
}

/* Parses the page and reads its metadata; libxml2's tree is freed on every path. */
void
pga_metadata_from_html(const char *s, int len, PgaMetadata *md)
{
	htmlDocPtr	doc;

	memset(md, 0, sizeof(*md));
	doc = pga_html_parse(s, len);
	if (doc == NULL)
		return;
	PG_TRY();
	{
		pga_metadata_from_doc(doc, md);
	}
	PG_FINALLY();
	{
		xmlFreeDoc(doc);
	}
	PG_END_TRY();
}
