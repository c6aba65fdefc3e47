/*
 * entities.c
 *		Decoding of HTML character references in scraped text.
 *
 * Named references need their ';' (so "AT&T" and "&copy2022" stay as they
 * are); numeric ones follow the HTML5 rules: 0x80-0x9F mean Windows-1252,
 * and NUL, surrogates, noncharacters and out-of-range values become U+FFFD.
 * A reference escaped twice or more ("&amp;quot;", "&#38;amp;lt;") is
 * decoded all the way, so repairing a repaired text changes nothing.
 */
#include "postgres.h"

#include "pg_article.h"
#include "repair/repair.h"

typedef struct HtmlEntity
{
	const char *name;
	const char *value;
} HtmlEntity;

#include "repair/entity_table.h"

#define N_ENTITIES	(sizeof(html_entities) / sizeof(html_entities[0]))

/* Windows-1252 bytes 0x80..0x9F; 0 where the code page leaves them undefined. */
static const uint16 cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

uint32
pga_cp1252_high(unsigned char b)
{
	Assert(b >= 0x80 && b <= 0x9F);
	return cp1252_high[b - 0x80];
}

static const char *
lookup_entity(const char *name, int len)
{
	int			lo = 0,
				hi = (int) N_ENTITIES - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		const char *cand = html_entities[mid].name;
		int			c = strncmp(cand, name, len);

		if (c == 0)
			c = (cand[len] == '\0') ? 0 : 1;
		if (c == 0)
			return html_entities[mid].value;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/*
 * Parses a reference starting just after '&' at s[i].  On success stores the
 * UTF-8 replacement in out (up to 8 bytes, NUL-terminated) and returns the
 * index just past ';'; returns -1 if s[i..] is not a complete reference.
 */
static int
parse_reference(const char *s, int len, int i, char *out, bool *is_amp)
{
	*is_amp = false;
	if (i >= len)
		return -1;
	if (s[i] == '#')
	{
		uint32		cp = 0;
		int			j = i + 1,
					digits = 0;
		bool		hex = false;

		if (j < len && (s[j] == 'x' || s[j] == 'X'))
		{
			hex = true;
			j++;
		}
		for (; j < len && digits < 8; j++, digits++)
		{
			char		c = s[j];

			if (c >= '0' && c <= '9')
				cp = cp * (hex ? 16 : 10) + (c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				cp = cp * 16 + (c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				cp = cp * 16 + (c - 'A' + 10);
			else
				break;
		}
		if (digits == 0 || j >= len || s[j] != ';')
			return -1;
		if (cp >= 0x80 && cp <= 0x9F && pga_cp1252_high((unsigned char) cp) != 0)
			cp = pga_cp1252_high((unsigned char) cp);
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
			(cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
			cp = 0xFFFD;
		out[pga_utf8_encode(cp, (unsigned char *) out)] = '\0';
		*is_amp = (cp == '&');
		return j + 1;
	}
	else
	{
		int			j = i;
		const char *value;

		while (j < len && j - i <= HTML_ENTITY_MAX_NAME &&
			   ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
				(s[j] >= '0' && s[j] <= '9')))
			j++;
		if (j == i || j >= len || s[j] != ';')
			return -1;
		value = lookup_entity(s + i, j - i);
		if (value == NULL)
			return -1;
		strlcpy(out, value, 8);
		*is_amp = (strcmp(out, "&") == 0);
		return j + 1;
	}
}

bool
pga_decode_html_entities(const char *s, int len, StringInfo out)
{
	const char *amp = memchr(s, '&', len);
	int			done = 0;
	bool		changed = false;

	while (amp != NULL)
	{
		int			i = amp - s;
		char		value[8];
		bool		is_amp;
		int			end = parse_reference(s, len, i + 1, value, &is_amp);

		if (end > 0)
		{
			/* "&amp;" followed by a complete reference was escaped twice. */
			while (is_amp)
			{
				char		inner[8];
				bool		inner_amp;
				int			inner_end = parse_reference(s, len, end, inner, &inner_amp);

				if (inner_end < 0)
					break;
				memcpy(value, inner, sizeof(value));
				is_amp = inner_amp;
				end = inner_end;
			}
			pga_buf_append(out, s + done, i - done);
			pga_buf_append(out, value, strlen(value));
			done = end;
			changed = true;
		}
		else
			end = i + 1;
		amp = (end < len) ? memchr(s + end, '&', len - end) : NULL;
	}
	pga_buf_append(out, s + done, len - done);
	return changed;
}
