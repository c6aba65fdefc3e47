/*
 * blocks.c
 *		The block list, format detection, and blocks of plain text.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "pg_article.h"
#include "repair/repair.h"
#include "segment/segment.h"

void
pga_blocks_init(PgaBlocks *b)
{
	memset(b, 0, sizeof(*b));
	pga_buf_init(&b->text, 4096);
	b->maxblocks = 64;
	b->blocks = palloc(sizeof(PgaBlock) * b->maxblocks);
	b->main_elem = -1;
}

static inline bool
is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Appends s[0..len) as a new block: white space (including no-break spaces)
 * collapsed to single spaces, trimmed, repaired.  NULL when nothing is left.
 */
PgaBlock *
pga_blocks_add(PgaBlocks *b, const char *s, int len)
{
	StringInfoData tmp;
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	bool		space = false;
	int			start;
	PgaBlock   *blk;

	initStringInfo(&tmp);
	while (p < end)
	{
		if (is_space_byte(*p))
		{
			space = true;
			p++;
			continue;
		}
		if (p[0] == 0xC2 && p + 1 < end && p[1] == 0xA0)
		{
			space = true;
			p += 2;
			continue;
		}
		if (space && tmp.len > 0)
			appendStringInfoChar(&tmp, ' ');
		space = false;
		appendStringInfoChar(&tmp, (char) *p++);
	}
	if (tmp.len == 0)
	{
		pfree(tmp.data);
		return NULL;
	}

	if (b->nblocks >= b->maxblocks)
	{
		if ((Size) b->maxblocks * 2 * sizeof(PgaBlock) > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many blocks in one article"),
					 errhint("Split the input into smaller documents.")));
		b->maxblocks *= 2;
		b->blocks = repalloc(b->blocks, sizeof(PgaBlock) * b->maxblocks);
	}
	start = b->text.len;
	if (pga_may_need_repair(tmp.data, tmp.len))
	{
		StringInfoData fixed;

		pga_buf_init(&fixed, tmp.len);
		pga_repair(tmp.data, tmp.len, PGA_REPAIR_DEFAULT, &fixed);
		pga_buf_append(&b->text, fixed.data, fixed.len);
		pfree(fixed.data);
	}
	else
		pga_buf_append(&b->text, tmp.data, tmp.len);
	pfree(tmp.data);
	pga_buf_append_byte(&b->text, '\0');

	blk = &b->blocks[b->nblocks++];
	memset(blk, 0, sizeof(*blk));
	blk->start = start;
	blk->len = b->text.len - 1 - start;
	blk->chars = pg_mbstrlen_with_len(b->text.data + start, blk->len);
	blk->container = -1;
	return blk;
}

static bool
starts_with_ci(const char *s, const char *end, const char *word)
{
	size_t		n = strlen(word);

	return (size_t) (end - s) >= n && pg_strncasecmp(s, word, n) == 0;
}

/*
 * HTML when the text starts (after white space and a BOM) with a doctype, a
 * comment or one of the elements pages are made of, or when its first 4 kB
 * hold at least five such tags.  Plain text that quotes a tag or two stays
 * text.
 */
PgaInputFormat
pga_detect_format(const char *s, int len)
{
	const char *p = s;
	const char *end = s + len;
	const char *scan_end = s + Min(len, 4096);
	int			tags = 0;
	static const char *const common[] = {
		"html", "head", "body", "div", "p>", "p ", "a ", "span", "meta", "script",
		"br", "li", "ul", "table", "h1", "h2", "section", "article", "/p>", "/div>", "/a>"
	};

	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && is_space_byte((unsigned char) *p))
		p++;
	if (p < end && *p == '<')
	{
		if (starts_with_ci(p, end, "<!doctype") || starts_with_ci(p, end, "<!--") ||
			starts_with_ci(p, end, "<?xml"))
			return PGA_FORMAT_HTML;
		/* starts with an element pages are made of, then a '>' or an attribute */
		for (int i = 0; i < (int) lengthof(common); i++)
		{
			size_t		n = strlen(common[i]);

			if (starts_with_ci(p + 1, end, common[i]) &&
				(common[i][n - 1] == '>' || common[i][n - 1] == ' ' ||
				 (p + 1 + n < end && (p[1 + n] == '>' || p[1 + n] == ' ' || p[1 + n] == '\n'))))
				return PGA_FORMAT_HTML;
		}
	}

	for (p = s; p < scan_end; p++)
	{
		if (*p != '<')
			continue;
		for (int i = 0; i < (int) lengthof(common); i++)
			if (starts_with_ci(p + 1, end, common[i]))
			{
				tags++;
				break;
			}
	}
	return tags >= 5 ? PGA_FORMAT_HTML : PGA_FORMAT_TEXT;
}

PgaInputFormat
pga_format_from_name(const char *name)
{
	if (pg_strcasecmp(name, "auto") == 0)
		return PGA_FORMAT_AUTO;
	if (pg_strcasecmp(name, "text") == 0 || pg_strcasecmp(name, "plain") == 0)
		return PGA_FORMAT_TEXT;
	if (pg_strcasecmp(name, "html") == 0)
		return PGA_FORMAT_HTML;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown input format \"%s\"", name),
			 errhint("Use 'auto', 'html' or 'text'.")));
	return PGA_FORMAT_AUTO;		/* keep the compiler quiet */
}

const char *
pga_format_name(PgaInputFormat f)
{
	switch (f)
	{
		case PGA_FORMAT_HTML:
			return "html";
		case PGA_FORMAT_TEXT:
			return "text";
		default:
			return "auto";
	}
}

/*
 * Plain text: one block per line.  Leading spaces and a list bullet ("* ",
 * "+ ", "o ", "- ", "• ", "# ", "12. ") are recorded and the bullet is not
 * part of the text.  A blank line before a block sets PGA_BF_BR (a gap).
 */
void
pga_blocks_from_text(const char *s, int len, PgaBlocks *out)
{
	StringInfoData fixed;
	const char *p;
	const char *end;
	bool		gap = false;

	out->format = PGA_FORMAT_TEXT;
	pga_buf_init(&fixed, len);
	pga_repair(s, len, PGA_REPAIR_DEFAULT, &fixed);
	p = fixed.data;
	end = fixed.data + fixed.len;

	while (p < end)
	{
		const char *nl = memchr(p, '\n', end - p);
		const char *line_end = nl ? nl : end;
		const char *q = p;
		int			indent = 0;
		char		bullet = 0;
		PgaBlock   *blk;

		CHECK_FOR_INTERRUPTS();
		while (q < line_end && (*q == ' ' || *q == '\t'))
		{
			indent += (*q == '\t') ? 4 : 1;
			q++;
		}
		if (line_end - q >= 2 && q[1] == ' ' && strchr("*+o-#", q[0]) != NULL)
		{
			bullet = q[0];
			q += 2;
		}
		else if (line_end - q >= 4 && memcmp(q, "\xE2\x80\xA2 ", 4) == 0)
		{
			bullet = '*';
			q += 4;
		}
		else
		{
			const char *d = q;

			while (d < line_end && d - q < 4 && *d >= '0' && *d <= '9')
				d++;
			if (d > q && line_end - d >= 2 && d[0] == '.' && d[1] == ' ')
			{
				bullet = '1';
				q = d + 2;
			}
		}

		blk = pga_blocks_add(out, q, line_end - q);
		if (blk)
		{
			blk->tag = PGA_TAG_TEXTLINE;
			blk->indent = (int16) Min(indent, PG_INT16_MAX);
			blk->bullet = bullet;
			if (gap)
				blk->flags |= PGA_BF_BR;
			if (bullet)
				blk->flags |= PGA_BF_LIST;
			gap = false;
		}
		else
			gap = true;
		p = nl ? nl + 1 : end;
	}
	pfree(fixed.data);
}
