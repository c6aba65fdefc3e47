/*
 * segment.h
 *		Stage 2: blocks.  A raw page (HTML) or extracted plain text becomes a
 *		list of blocks: the units the cleaner keeps or drops.
 *
 * From HTML a block is the inline text of one block-level element (a
 * paragraph, a list item, a heading, a table cell, a run of text directly
 * inside a div ...), parsed with libxml2's HTML parser, together with what
 * the page's structure says about it: which elements enclose it, what their
 * class and id names suggest, how much of it is link text, and whether it
 * lies in the page's densest text container.  From plain text a block is a
 * line, with its indentation and list bullet.
 *
 * Block texts are repaired (stage 1) and have their white space collapsed.
 */
#ifndef PGA_SEGMENT_H
#define PGA_SEGMENT_H

#include "postgres.h"
#include "lib/stringinfo.h"

typedef enum PgaInputFormat
{
	PGA_FORMAT_AUTO = 0,
	PGA_FORMAT_TEXT,
	PGA_FORMAT_HTML
} PgaInputFormat;

/* Structural context of a block (bits of PgaBlock.flags). */
#define PGA_BF_NAV			0x00000001	/* inside <nav> or role=navigation */
#define PGA_BF_HEADER		0x00000002	/* inside <header> */
#define PGA_BF_FOOTER		0x00000004	/* inside <footer> */
#define PGA_BF_ASIDE		0x00000008	/* inside <aside> */
#define PGA_BF_FORM			0x00000010	/* inside <form> */
#define PGA_BF_FIGURE		0x00000020	/* inside <figure> */
#define PGA_BF_CAPTION		0x00000040	/* <figcaption>, <caption> */
#define PGA_BF_LIST			0x00000080	/* inside <li>, <dt>, <dd> */
#define PGA_BF_TABLE		0x00000100	/* inside a table cell */
#define PGA_BF_HEADING		0x00000200	/* <h1> .. <h6> */
#define PGA_BF_QUOTE		0x00000400	/* inside <blockquote> */
#define PGA_BF_ARTICLE		0x00000800	/* inside <article> or <main> */
#define PGA_BF_BODYPROP		0x00001000	/* inside itemprop=articleBody */
#define PGA_BF_PARA			0x00002000	/* the block element is a <p> */
#define PGA_BF_MAIN			0x00004000	/* inside the densest text container */
#define PGA_BF_PRE			0x00008000	/* inside <pre> */
#define PGA_BF_H1			0x00010000	/* <h1> */
#define PGA_BF_TIME			0x00020000	/* contains a <time> element */
#define PGA_BF_ADDRESS		0x00040000	/* inside <address> */
#define PGA_BF_BR			0x00080000	/* ended by <br> rather than by its element */

/*
 * What class, id, role and itemprop names of the enclosing elements suggest
 * (bits of PgaBlock.hints).  Each group is a word family, matched against the
 * words of the names ("article-body", "commentList" -> article, body, comment,
 * list); the nearest enclosing elements count, up to PGA_HINT_DEPTH levels.
 */
#define PGA_HINT_CONTENT	0x0001	/* article, content, body, story, entry, post, text, main */
#define PGA_HINT_COMMENT	0x0002	/* comment, discussion, disqus, reply */
#define PGA_HINT_SHARE		0x0004	/* share, social, facebook, twitter, print, email */
#define PGA_HINT_RELATED	0x0008	/* related, recommended, popular, trending, more, read, also */
#define PGA_HINT_NAV		0x0010	/* nav, menu, breadcrumb, pagination, skip, topbar */
#define PGA_HINT_HEADFOOT	0x0020	/* header, footer, masthead, banner, copyright, legal */
#define PGA_HINT_AD			0x0040	/* ad, ads, advert, sponsor, promo, outbrain, taboola */
#define PGA_HINT_SUBSCRIBE	0x0080	/* subscribe, newsletter, signup, login, paywall, cookie, consent */
#define PGA_HINT_CAPTION	0x0100	/* caption, credit, photo, image, media, gallery, figure */
#define PGA_HINT_BYLINE		0x0200	/* byline, author, bio, meta, date, time, dateline */
#define PGA_HINT_TAGS		0x0400	/* tag, tags, category, topics, keywords */
#define PGA_HINT_SIDEBAR	0x0800	/* sidebar, aside, rail, widget, module */
#define PGA_HINT_HIDDEN		0x1000	/* hidden, sr-only, visually-hidden, offscreen */
#define PGA_HINT_NGROUPS	13
#define PGA_HINT_DEPTH		6

typedef struct PgaBlock
{
	int32		start;			/* byte offset of the text in PgaBlocks.text */
	int32		len;			/* bytes */
	int32		chars;			/* characters */
	int32		link_chars;		/* characters inside <a> */
	uint32		flags;			/* PGA_BF_* */
	uint16		hints;			/* PGA_HINT_* of the nearest enclosing elements */
	uint16		far_hints;		/* PGA_HINT_* of any enclosing element */
	int16		tag;			/* PgaTag of the block element */
	int16		depth;			/* element depth */
	int16		indent;			/* text: leading spaces */
	char		bullet;			/* text: list bullet ('*', '+', 'o', '#', '-', '1'), or 0 */
	int32		container;		/* html: index into PgaBlocks.elems, or -1 */
} PgaBlock;

/* html: a container element, for finding the densest text container */
typedef struct PgaElem
{
	int32		parent;			/* index or -1 */
	int16		tag;
	float		score;			/* text evidence collected from the blocks below */
	int32		chars;
	int32		link_chars;
} PgaElem;

typedef struct PgaBlocks
{
	PgaInputFormat format;		/* what the input was read as */
	StringInfoData text;		/* the blocks' texts, each followed by '\0' */
	PgaBlock   *blocks;
	int			nblocks;
	int			maxblocks;
	PgaElem    *elems;			/* html only */
	int			nelems;
	int			maxelems;
	int32		main_elem;		/* html: the densest text container, or -1 */
	char	   *title;			/* html: <title>, or NULL */
} PgaBlocks;

/* Tags the cleaner distinguishes; everything else is PGA_TAG_OTHER. */
typedef enum PgaTag
{
	PGA_TAG_OTHER = 0, PGA_TAG_P, PGA_TAG_DIV, PGA_TAG_LI, PGA_TAG_H, PGA_TAG_TD,
	PGA_TAG_SECTION, PGA_TAG_ARTICLE, PGA_TAG_SPAN, PGA_TAG_TEXTLINE, PGA_TAG_COUNT
} PgaTag;

/* Largest HTML page accepted (libxml2 parses without interrupt checks). */
#define PGA_MAX_HTML_BYTES	(64 * 1024 * 1024)

extern PgaInputFormat pga_detect_format(const char *s, int len);
extern PgaInputFormat pga_format_from_name(const char *name);
extern const char *pga_format_name(PgaInputFormat f);

extern void pga_blocks_init(PgaBlocks *b);
extern void pga_blocks_from_html(const char *s, int len, PgaBlocks *out);
extern void pga_blocks_from_text(const char *s, int len, PgaBlocks *out);

/* Appends a block of text s[0..len) (white space collapsed, repaired) and returns it, or NULL when empty. */
extern PgaBlock *pga_blocks_add(PgaBlocks *b, const char *s, int len);

static inline const char *
pga_block_text(const PgaBlocks *b, const PgaBlock *blk)
{
	return b->text.data + blk->start;
}

/* ---- Parsing pages (html_parse.c) ---- */

#include <libxml/HTMLparser.h>
#include "datatype/timestamp.h"

/* The page as a libxml2 tree (free it with xmlFreeDoc), or NULL for an empty page. */
extern htmlDocPtr pga_html_parse(const char *s, int len);

/* ---- Page metadata (metadata.c) ---- */

/*
 * What a page says about itself, from JSON-LD (schema.org), OpenGraph, meta
 * tags and a few elements.  Strings are repaired with white space collapsed;
 * NULL (or nauthors = 0) when the page does not say.
 */
typedef struct PgaMetadata
{
	char	   *title;			/* site-name prefix or suffix removed */
	char	  **authors;
	int			nauthors;
	bool		has_published;	/* published holds the time */
	TimestampTz published;
	char	   *published_raw;	/* the page's text of it, or of the first unreadable date */
	bool		has_modified;
	TimestampTz modified;
	char	   *modified_raw;
	char	   *language;		/* a BCP 47 tag: en, en-US, zh-Hant-TW */
	char	   *canonical_url;	/* absolute http(s) URL without fragment */
	char	   *site_name;
	char	   *description;
	char	   *type;			/* schema.org @type of the JSON-LD object used */
} PgaMetadata;

extern void pga_metadata_from_doc(htmlDocPtr doc, PgaMetadata *md);
extern void pga_metadata_from_html(const char *s, int len, PgaMetadata *md);

/* A date as pages write it, read by PostgreSQL's date/time parser; no zone means UTC. */
extern bool pga_parse_timestamp(const char *s, TimestampTz *result);

#endif
