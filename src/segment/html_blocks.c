/*
 * html_blocks.c
 *		Blocks of an HTML page, from libxml2's HTML parser.
 *
 * libxml2 builds a tree the way browsers recover from broken markup; we walk
 * it once.  Text of inline elements accumulates into the current block; a
 * block-level element or a <br> ends it.  Invisible parts (scripts, styles,
 * forms' widgets, hidden elements) are skipped.  Each block records the
 * structure around it: that is most of what decides whether it is article
 * text.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "pg_article.h"
#include "segment/segment.h"

#define MAX_STACK 256

typedef struct StackEntry
{
	uint32		flags;			/* cumulative PGA_BF_* */
	uint16		hints;			/* this element's own hint groups */
	int32		elem;			/* container record, or -1 */
	int16		tag;
	bool		block;
} StackEntry;

typedef struct Walker
{
	PgaBlocks  *out;
	StringInfoData cur;			/* inline text of the open block */
	int32		cur_link_chars;
	uint32		cur_extra;		/* flags seen inside the open block (<time>) */
	int			link_depth;
	StackEntry	stack[MAX_STACK];
	int			depth;
} Walker;

/* ---------------------------------------------------------------- names */

static bool
name_is(const xmlChar *name, const char *s)
{
	return name && strcmp((const char *) name, s) == 0;
}

static bool
name_in(const xmlChar *name, const char *const *list)
{
	for (; *list; list++)
		if (name_is(name, *list))
			return true;
	return false;
}

static const char *const skip_tags[] = {
	"script", "style", "noscript", "template", "svg", "math", "iframe", "object",
	"embed", "canvas", "select", "option", "textarea", "button", "input", "head",
	"map", "audio", "video", "source", "link", "meta", "title", "dialog", NULL
};

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "body", "center", "dd", "details",
	"dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li",
	"main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
	"thead", "tfoot", "tr", "td", "th", "ul", "caption", "legend", "noframes", NULL
};

static int16
tag_code(const xmlChar *name)
{
	const char *n = (const char *) name;

	if (!n)
		return PGA_TAG_OTHER;
	if (strcmp(n, "p") == 0)
		return PGA_TAG_P;
	if (strcmp(n, "div") == 0)
		return PGA_TAG_DIV;
	if (strcmp(n, "li") == 0 || strcmp(n, "dd") == 0 || strcmp(n, "dt") == 0)
		return PGA_TAG_LI;
	if (n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && n[2] == '\0')
		return PGA_TAG_H;
	if (strcmp(n, "td") == 0 || strcmp(n, "th") == 0)
		return PGA_TAG_TD;
	if (strcmp(n, "section") == 0)
		return PGA_TAG_SECTION;
	if (strcmp(n, "article") == 0 || strcmp(n, "main") == 0)
		return PGA_TAG_ARTICLE;
	if (strcmp(n, "span") == 0)
		return PGA_TAG_SPAN;
	return PGA_TAG_OTHER;
}

/* ---------------------------------------------------------------- hints */

typedef struct HintWord
{
	const char *word;
	uint16		group;
	bool		prefix;			/* also matches words that start with it */
} HintWord;

static const HintWord hint_words[] = {
	{"article", PGA_HINT_CONTENT, true}, {"content", PGA_HINT_CONTENT, true},
	{"body", PGA_HINT_CONTENT, false}, {"story", PGA_HINT_CONTENT, false},
	{"entry", PGA_HINT_CONTENT, false}, {"post", PGA_HINT_CONTENT, false},
	{"text", PGA_HINT_CONTENT, false}, {"main", PGA_HINT_CONTENT, false},
	{"prose", PGA_HINT_CONTENT, false}, {"articlebody", PGA_HINT_CONTENT, false},
	{"comment", PGA_HINT_COMMENT, true}, {"discussion", PGA_HINT_COMMENT, false},
	{"disqus", PGA_HINT_COMMENT, true}, {"reply", PGA_HINT_COMMENT, true},
	{"respond", PGA_HINT_COMMENT, false},
	{"share", PGA_HINT_SHARE, true}, {"sharing", PGA_HINT_SHARE, false},
	{"social", PGA_HINT_SHARE, true}, {"facebook", PGA_HINT_SHARE, false},
	{"twitter", PGA_HINT_SHARE, false}, {"print", PGA_HINT_SHARE, false},
	{"email", PGA_HINT_SHARE, false}, {"follow", PGA_HINT_SHARE, false},
	{"related", PGA_HINT_RELATED, false}, {"recommend", PGA_HINT_RELATED, true},
	{"popular", PGA_HINT_RELATED, false}, {"trending", PGA_HINT_RELATED, false},
	{"more", PGA_HINT_RELATED, false}, {"also", PGA_HINT_RELATED, false},
	{"readmore", PGA_HINT_RELATED, false}, {"outbrain", PGA_HINT_RELATED, false},
	{"taboola", PGA_HINT_RELATED, false}, {"teaser", PGA_HINT_RELATED, true},
	{"nav", PGA_HINT_NAV, true}, {"menu", PGA_HINT_NAV, true},
	{"breadcrumb", PGA_HINT_NAV, true}, {"pagination", PGA_HINT_NAV, false},
	{"pager", PGA_HINT_NAV, false}, {"skip", PGA_HINT_NAV, false},
	{"navigation", PGA_HINT_NAV, false}, {"topbar", PGA_HINT_NAV, false},
	{"header", PGA_HINT_HEADFOOT, false}, {"footer", PGA_HINT_HEADFOOT, true},
	{"masthead", PGA_HINT_HEADFOOT, false}, {"banner", PGA_HINT_HEADFOOT, false},
	{"copyright", PGA_HINT_HEADFOOT, false}, {"legal", PGA_HINT_HEADFOOT, false},
	{"ad", PGA_HINT_AD, false}, {"ads", PGA_HINT_AD, false},
	{"advert", PGA_HINT_AD, true}, {"sponsor", PGA_HINT_AD, true},
	{"promo", PGA_HINT_AD, true}, {"adsense", PGA_HINT_AD, false},
	{"dfp", PGA_HINT_AD, false}, {"commercial", PGA_HINT_AD, false},
	{"subscribe", PGA_HINT_SUBSCRIBE, true}, {"subscription", PGA_HINT_SUBSCRIBE, false},
	{"newsletter", PGA_HINT_SUBSCRIBE, true}, {"signup", PGA_HINT_SUBSCRIBE, false},
	{"login", PGA_HINT_SUBSCRIBE, false}, {"paywall", PGA_HINT_SUBSCRIBE, false},
	{"cookie", PGA_HINT_SUBSCRIBE, true}, {"consent", PGA_HINT_SUBSCRIBE, false},
	{"gdpr", PGA_HINT_SUBSCRIBE, false}, {"modal", PGA_HINT_SUBSCRIBE, false},
	{"popup", PGA_HINT_SUBSCRIBE, false},
	{"caption", PGA_HINT_CAPTION, true}, {"credit", PGA_HINT_CAPTION, true},
	{"photo", PGA_HINT_CAPTION, true}, {"image", PGA_HINT_CAPTION, true},
	{"img", PGA_HINT_CAPTION, false}, {"media", PGA_HINT_CAPTION, false},
	{"gallery", PGA_HINT_CAPTION, false}, {"figure", PGA_HINT_CAPTION, false},
	{"wp-caption", PGA_HINT_CAPTION, false}, {"video", PGA_HINT_CAPTION, false},
	{"byline", PGA_HINT_BYLINE, true}, {"author", PGA_HINT_BYLINE, true},
	{"bio", PGA_HINT_BYLINE, false}, {"meta", PGA_HINT_BYLINE, false},
	{"date", PGA_HINT_BYLINE, true}, {"time", PGA_HINT_BYLINE, true},
	{"dateline", PGA_HINT_BYLINE, false}, {"published", PGA_HINT_BYLINE, false},
	{"timestamp", PGA_HINT_BYLINE, false}, {"contributor", PGA_HINT_BYLINE, false},
	{"tag", PGA_HINT_TAGS, false}, {"tags", PGA_HINT_TAGS, false},
	{"category", PGA_HINT_TAGS, true}, {"topics", PGA_HINT_TAGS, false},
	{"keywords", PGA_HINT_TAGS, false}, {"taxonomy", PGA_HINT_TAGS, false},
	{"sidebar", PGA_HINT_SIDEBAR, false}, {"aside", PGA_HINT_SIDEBAR, false},
	{"rail", PGA_HINT_SIDEBAR, false}, {"widget", PGA_HINT_SIDEBAR, true},
	{"module", PGA_HINT_SIDEBAR, false}, {"secondary", PGA_HINT_SIDEBAR, false},
	{"hidden", PGA_HINT_HIDDEN, false}, {"sr-only", PGA_HINT_HIDDEN, false},
	{"visually-hidden", PGA_HINT_HIDDEN, false}, {"offscreen", PGA_HINT_HIDDEN, false},
	{"screen-reader-text", PGA_HINT_HIDDEN, false}, {"visuallyhidden", PGA_HINT_HIDDEN, false},
};

/* Hint groups of one word (ASCII, lowercased). */
static uint16
hints_of_word(const char *w, int len)
{
	uint16		g = 0;

	for (int i = 0; i < (int) lengthof(hint_words); i++)
	{
		int			n = strlen(hint_words[i].word);

		if (len == n ? memcmp(w, hint_words[i].word, n) == 0
			: (hint_words[i].prefix && len > n && memcmp(w, hint_words[i].word, n) == 0))
			g |= hint_words[i].group;
	}
	return g;
}

/*
 * Hint groups of an attribute value.  Words are split at non-letters and at
 * lower-to-upper case changes; a hyphenated whole ("sr-only") is tried too.
 */
static uint16
hints_of_value(const char *v)
{
	uint16		g = 0;
	char		word[64];
	char		whole[64];
	int			n = 0;
	int			wn = 0;

	for (const char *p = v;; p++)
	{
		char		c = *p;
		bool		letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9');
		bool		split = !letter ||
			(n > 0 && c >= 'A' && c <= 'Z' && p > v && p[-1] >= 'a' && p[-1] <= 'z');

		if (split && n > 0)
		{
			g |= hints_of_word(word, n);
			n = 0;
		}
		if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '_')
		{
			if (wn > 0)
				g |= hints_of_word(whole, wn);
			wn = 0;
			if (c == '\0')
				break;
			continue;
		}
		if (letter && n < (int) sizeof(word))
			word[n++] = pg_ascii_tolower(c);
		if (wn < (int) sizeof(whole))
			whole[wn++] = pg_ascii_tolower(c);
	}
	return g;
}

static uint16
hints_of_element(xmlNodePtr node)
{
	uint16		g = 0;
	static const char *const attrs[] = {"class", "id", "role", "itemprop", NULL};

	for (int i = 0; attrs[i]; i++)
	{
		xmlChar    *v = xmlGetProp(node, (const xmlChar *) attrs[i]);

		if (v)
		{
			g |= hints_of_value((const char *) v);
			xmlFree(v);
		}
	}
	return g;
}

/* An attribute value contains s, ignoring ASCII case and spaces. */
static bool
attr_contains(xmlNodePtr node, const char *attr, const char *s)
{
	xmlChar    *v = xmlGetProp(node, (const xmlChar *) attr);
	bool		found = false;
	char		buf[256];
	int			n = 0;

	if (!v)
		return false;
	for (const char *p = (const char *) v; *p && n < (int) sizeof(buf) - 1; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n')
			buf[n++] = pg_ascii_tolower(*p);
	buf[n] = '\0';
	found = strstr(buf, s) != NULL;
	xmlFree(v);
	return found;
}

static bool
is_hidden(xmlNodePtr node)
{
	xmlChar    *v;

	if (xmlHasProp(node, (const xmlChar *) "hidden"))
		return true;
	if (attr_contains(node, "style", "display:none") ||
		attr_contains(node, "style", "visibility:hidden"))
		return true;
	v = xmlGetProp(node, (const xmlChar *) "aria-hidden");
	if (v)
	{
		bool		h = strcmp((const char *) v, "true") == 0;

		xmlFree(v);
		/* aria-hidden marks icons and decorations, not text people read */
		if (h && !name_is(node->name, "div") && !name_is(node->name, "section"))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------- walking */

static uint32
context_flags(const xmlChar *name, xmlNodePtr node)
{
	uint32		f = 0;
	xmlChar    *role;

	if (name_is(name, "nav"))
		f |= PGA_BF_NAV;
	else if (name_is(name, "header"))
		f |= PGA_BF_HEADER;
	else if (name_is(name, "footer"))
		f |= PGA_BF_FOOTER;
	else if (name_is(name, "aside"))
		f |= PGA_BF_ASIDE;
	else if (name_is(name, "form"))
		f |= PGA_BF_FORM;
	else if (name_is(name, "figure"))
		f |= PGA_BF_FIGURE;
	else if (name_is(name, "figcaption") || name_is(name, "caption"))
		f |= PGA_BF_CAPTION;
	else if (name_is(name, "li") || name_is(name, "dd") || name_is(name, "dt"))
		f |= PGA_BF_LIST;
	else if (name_is(name, "td") || name_is(name, "th"))
		f |= PGA_BF_TABLE;
	else if (name_is(name, "blockquote"))
		f |= PGA_BF_QUOTE;
	else if (name_is(name, "article") || name_is(name, "main"))
		f |= PGA_BF_ARTICLE;
	else if (name_is(name, "pre"))
		f |= PGA_BF_PRE;
	else if (name_is(name, "address"))
		f |= PGA_BF_ADDRESS;

	role = xmlGetProp(node, (const xmlChar *) "role");
	if (role)
	{
		if (strcmp((const char *) role, "navigation") == 0 ||
			strcmp((const char *) role, "menu") == 0 ||
			strcmp((const char *) role, "menubar") == 0)
			f |= PGA_BF_NAV;
		else if (strcmp((const char *) role, "banner") == 0)
			f |= PGA_BF_HEADER;
		else if (strcmp((const char *) role, "contentinfo") == 0)
			f |= PGA_BF_FOOTER;
		else if (strcmp((const char *) role, "complementary") == 0)
			f |= PGA_BF_ASIDE;
		else if (strcmp((const char *) role, "main") == 0 ||
				 strcmp((const char *) role, "article") == 0)
			f |= PGA_BF_ARTICLE;
		xmlFree(role);
	}
	if (attr_contains(node, "itemprop", "articlebody"))
		f |= PGA_BF_BODYPROP;
	return f;
}

/* Ends the open block: its text becomes a block with the current context. */
static void
flush_block(Walker *w, bool by_br)
{
	PgaBlock   *blk;
	StackEntry *top;
	int			owner;
	uint16		near = 0;
	uint16		far = 0;

	if (w->cur.len == 0)
		return;
	blk = pga_blocks_add(w->out, w->cur.data, w->cur.len);
	resetStringInfo(&w->cur);
	if (blk == NULL)
	{
		w->cur_link_chars = 0;
		w->cur_extra = 0;
		return;
	}

	/* the block belongs to the innermost block-level element open */
	owner = w->depth - 1;
	while (owner > 0 && !w->stack[owner].block)
		owner--;
	if (owner < 0)
	{
		static StackEntry none = {0, 0, -1, PGA_TAG_OTHER, true};

		top = &none;
	}
	else
		top = &w->stack[owner];
	blk->flags = top->flags | w->cur_extra | (by_br ? PGA_BF_BR : 0);
	blk->tag = top->tag;
	blk->depth = (int16) w->depth;
	blk->container = top->elem;
	blk->link_chars = Min(w->cur_link_chars, blk->chars);
	for (int i = w->depth - 1, lv = 0; i >= 0; i--)
	{
		if (lv < PGA_HINT_DEPTH)
			near |= w->stack[i].hints;
		far |= w->stack[i].hints;
		if (w->stack[i].block)
			lv++;
	}
	blk->hints = near;
	blk->far_hints = far;
	if (top->tag == PGA_TAG_P)
		blk->flags |= PGA_BF_PARA;
	if (top->tag == PGA_TAG_H)
		blk->flags |= PGA_BF_HEADING;
	w->cur_link_chars = 0;
	w->cur_extra = 0;
}

static void
append_text(Walker *w, const char *s)
{
	int			len = strlen(s);

	if (len == 0)
		return;
	/* keep a separator between adjacent text nodes; collapsing happens later */
	if (w->cur.len > 0 && w->cur.data[w->cur.len - 1] != ' ')
	{
		unsigned char c = (unsigned char) s[0];

		if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
			appendStringInfoChar(&w->cur, ' ');
	}
	if ((Size) w->cur.len + len >= MaxAllocSize / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("one block of the page is too long")));
	appendBinaryStringInfo(&w->cur, s, len);
	if (w->link_depth > 0)
		w->cur_link_chars += pg_mbstrlen_with_len(s, len);
}

static int32
new_elem(PgaBlocks *b, int32 parent, int16 tag)
{
	if (b->nelems >= b->maxelems)
	{
		b->maxelems = b->maxelems ? b->maxelems * 2 : 256;
		if ((Size) b->maxelems * sizeof(PgaElem) > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many elements in one page")));
		b->elems = b->elems ? repalloc(b->elems, sizeof(PgaElem) * b->maxelems)
			: palloc(sizeof(PgaElem) * b->maxelems);
	}
	b->elems[b->nelems].parent = parent;
	b->elems[b->nelems].tag = tag;
	b->elems[b->nelems].score = 0;
	b->elems[b->nelems].chars = 0;
	b->elems[b->nelems].link_chars = 0;
	return b->nelems++;
}

static void walk(Walker *w, xmlNodePtr node);

/*
 * The text of a subtree nested deeper than MAX_STACK, in document order, by
 * an iterative walk over the tree's parent links: pathological nesting
 * (thousands of unclosed tags) neither overflows the stack nor loses text.
 */
static void
flatten_subtree(Walker *w, xmlNodePtr top)
{
	xmlNodePtr	n = top->children;

	while (n && n != top)
	{
		bool		descend = false;

		CHECK_FOR_INTERRUPTS();
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		{
			if (n->content)
				append_text(w, (const char *) n->content);
		}
		else if (n->type == XML_ELEMENT_NODE && !name_in(n->name, skip_tags) && !is_hidden(n))
		{
			if (name_is(n->name, "br") || name_in(n->name, block_tags))
				append_text(w, " ");
			descend = n->children != NULL;
		}
		if (descend)
			n = n->children;
		else
		{
			while (n && n != top && n->next == NULL)
				n = n->parent;
			if (n && n != top)
				n = n->next;
		}
	}
}

static void
walk_children(Walker *w, xmlNodePtr node)
{
	for (xmlNodePtr c = node->children; c; c = c->next)
		walk(w, c);
}

static void
walk(Walker *w, xmlNodePtr node)
{
	const xmlChar *name;
	bool		block;
	StackEntry *e;
	int32		parent_elem;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();

	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
	{
		if (node->content)
			append_text(w, (const char *) node->content);
		return;
	}
	if (node->type != XML_ELEMENT_NODE)
		return;

	name = node->name;
	if (name_in(name, skip_tags) || is_hidden(node))
		return;
	if (name_is(name, "br"))
	{
		flush_block(w, true);
		return;
	}
	if (name_is(name, "img") || name_is(name, "wbr"))
		return;

	block = name_in(name, block_tags);
	if (w->depth >= MAX_STACK)
	{
		/* deeper nesting is flattened into its ancestor, without recursion */
		flatten_subtree(w, node);
		return;
	}
	if (block)
		flush_block(w, false);

	parent_elem = -1;
	for (int i = w->depth - 1; i >= 0; i--)
		if (w->stack[i].elem >= 0)
		{
			parent_elem = w->stack[i].elem;
			break;
		}
	e = &w->stack[w->depth++];
	e->flags = (w->depth > 1 ? w->stack[w->depth - 2].flags : 0) & ~(PGA_BF_PARA | PGA_BF_HEADING | PGA_BF_H1);
	e->flags |= context_flags(name, node);
	e->hints = hints_of_element(node);
	e->block = block;
	e->tag = block ? tag_code(name) : (w->depth > 1 ? w->stack[w->depth - 2].tag : PGA_TAG_OTHER);
	e->elem = block ? new_elem(w->out, parent_elem, tag_code(name)) : -1;
	if (name_is(name, "h1"))
		e->flags |= PGA_BF_H1;
	if (name_is(name, "time"))
		w->cur_extra |= PGA_BF_TIME;

	if (name_is(name, "a"))
		w->link_depth++;
	walk_children(w, node);
	if (name_is(name, "a"))
		w->link_depth--;

	if (block)
		flush_block(w, false);
	w->depth--;
}

/* ------------------------------------------------ the densest text container */

/*
 * Scores containers the way Readability does: every block of running text
 * (25+ characters) gives its parent container 1 + commas + length/100 (at
 * most 3 for length), less its link share, and half of that to the
 * grandparent and a third to the level above.  The best container, after its
 * own link density, is the article's most likely home.
 */
static void
find_main_container(PgaBlocks *b)
{
	int32		best = -1;
	float		best_score = 0;

	for (int i = 0; i < b->nblocks; i++)
	{
		PgaBlock   *blk = &b->blocks[i];
		const char *t = pga_block_text(b, blk);
		float		s;
		int			commas = 0;
		int32		e;

		for (e = blk->container; e >= 0; e = b->elems[e].parent)
		{
			b->elems[e].chars += blk->chars;
			b->elems[e].link_chars += blk->link_chars;
		}
		if (blk->chars < 25 || blk->container < 0 || (blk->flags & PGA_BF_HEADING))
			continue;
		for (int k = 0; k < blk->len; k++)
			if (t[k] == ',')
				commas++;
		s = 1 + Min(commas, 10) + Min(blk->chars / 100.0f, 3.0f);
		s *= 1.0f - (float) blk->link_chars / blk->chars;
		e = b->elems[blk->container].parent;
		if (blk->tag != PGA_TAG_P && blk->tag != PGA_TAG_LI)
			e = blk->container;
		for (int lv = 1; e >= 0 && lv <= 3; lv++, e = b->elems[e].parent)
			b->elems[e].score += s / lv;
	}
	for (int e = 0; e < b->nelems; e++)
	{
		float		ld = b->elems[e].chars > 0 ?
			(float) b->elems[e].link_chars / b->elems[e].chars : 0;
		float		s = b->elems[e].score * (1.0f - ld);

		if (s > best_score)
		{
			best_score = s;
			best = e;
		}
	}
	b->main_elem = best;
	if (best < 0)
		return;
	for (int i = 0; i < b->nblocks; i++)
		for (int32 e = b->blocks[i].container; e >= 0; e = b->elems[e].parent)
			if (e == best)
			{
				b->blocks[i].flags |= PGA_BF_MAIN;
				break;
			}
}

/* ---------------------------------------------------------------- entry */

static char *
find_title(xmlNodePtr node, int depth)
{
	for (; node && depth < 8; node = node->next)
	{
		if (node->type == XML_ELEMENT_NODE)
		{
			if (name_is(node->name, "title"))
			{
				xmlChar    *t = xmlNodeGetContent(node);
				char	   *r = NULL;

				if (t)
				{
					r = pstrdup((const char *) t);
					xmlFree(t);
				}
				return r;
			}
			if (name_is(node->name, "body"))
				return NULL;
			{
				char	   *r = find_title(node->children, depth + 1);

				if (r)
					return r;
			}
		}
	}
	return NULL;
}

void
pga_blocks_from_html(const char *s, int len, PgaBlocks *out)
{
	htmlDocPtr	doc;
	Walker		w;

	out->format = PGA_FORMAT_HTML;
	doc = pga_html_parse(s, len);
	if (doc == NULL)
		return;					/* nothing parseable: no blocks */

	PG_TRY();
	{
		xmlNodePtr	root = xmlDocGetRootElement(doc);

		memset(&w, 0, sizeof(w));
		w.out = out;
		initStringInfo(&w.cur);
		if (root)
		{
			out->title = find_title(root, 0);
			walk(&w, root);
			flush_block(&w, false);
		}
	}
	PG_FINALLY();
	{
		xmlFreeDoc(doc);
	}
	PG_END_TRY();

	find_main_container(out);
}
