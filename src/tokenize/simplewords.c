/*
 * simplewords.c
 *		Folded words of a repaired UTF-8 piece in one pass, for text made only
 *		of ASCII, Latin-1 letters and common punctuation.
 *
 * That is most news in English and the Western European languages.  For
 * these characters NFKC_Casefold is a fixed mapping (pga_simple_casefold)
 * and only a handful of Word_Break classes occur, so folding, word
 * segmentation and conversion back to UTF-8 fuse into one pass with no
 * UTF-16 buffer.  A piece with any other character returns false before
 * any word is reported, and goes through the general path (fold to UTF-16,
 * fastwords.c or ICU's break iterator).  The regression tests check that
 * both give the same words.
 */
#include "postgres.h"

#include "normalize/normalize.h"
#include "repair/repair.h"
#include "tokenize/tokenize.h"

typedef enum SimpleClass
{
	SC_OTHER,
	SC_LETTER,
	SC_NUMERIC,
	SC_CONNECTOR,				/* ExtendNumLet: _ */
	SC_MIDLETTER,				/* · */
	SC_MIDNUM,					/* , ; */
	SC_MIDNUMLET,				/* . */
	SC_QUOTE					/* ' (Single_Quote: joins like MidNumLet) */
} SimpleClass;

/* Word_Break class of a folded character of the simple set. */
static inline SimpleClass
simple_class(uint32 c)
{
	if (c < 0x80)
	{
		if ((c >= 'a' && c <= 'z') || c == '@')
			return SC_LETTER;	/* ICU's root rules count @ as a letter */
		if (c >= '0' && c <= '9')
			return SC_NUMERIC;
		switch (c)
		{
			case '_':
				return SC_CONNECTOR;
			case '.':
				return SC_MIDNUMLET;
			case ',':
			case ';':
				return SC_MIDNUM;
			case '\'':
				return SC_QUOTE;
			default:
				return SC_OTHER;	/* ':' too: ICU's root rules drop it from MidLetter */
		}
	}
	if (c == 0xB7)
		return SC_MIDLETTER;
	if (c >= 0xDF && c <= 0xFF && c != 0xF7)
		return SC_LETTER;		/* folded Latin-1 letters */
	return SC_OTHER;
}

typedef struct WordBuf
{
	char		buf[256];
	char	   *data;			/* buf, or palloc'd for very long words */
	int			len;
	int			cap;
} WordBuf;

static inline void
word_put(WordBuf *w, uint32 c)
{
	if (w->len + 4 > w->cap)
	{
		int			newcap = w->cap * 2;
		char	   *nd = palloc(newcap);

		memcpy(nd, w->data, w->len);
		if (w->data != w->buf)
			pfree(w->data);
		w->data = nd;
		w->cap = newcap;
	}
	if (c < 0x80)
		w->data[w->len++] = (char) c;
	else
		w->len += pga_utf8_encode(c, (unsigned char *) w->data + w->len);
}

typedef struct Lane
{
	WordBuf		word;
	bool		in_word;
	SimpleClass last;			/* class of the word's last character */
	int			nchars;
	bool		first_is_connector;
	uint32		pending;		/* a mid character waiting for its right neighbour */
	SimpleClass pending_class;
	bool		has_pending;
	PgaTokenFn	fn;
	void	   *arg;
} Lane;

static inline void
end_word(Lane *l)
{
	/* ICU gives no word status to a lone connector ("_") */
	if (l->in_word && !(l->nchars == 1 && l->first_is_connector))
		l->fn(l->arg, l->word.data, l->word.len);
	l->in_word = false;
	l->has_pending = false;
	l->word.len = 0;
}

/* Feeds one folded character through the UAX #29 rules that can apply to the simple set. */
static pg_attribute_always_inline void
feed(Lane *l, uint32 c)
{
	SimpleClass k = simple_class(c);
	bool		wordchar = (k == SC_LETTER || k == SC_NUMERIC || k == SC_CONNECTOR);

	if (l->has_pending)
	{
		SimpleClass p = l->pending_class;

		/* WB6/7: letter (MidLetter | MidNumLet | quote) letter; WB11/12: digit (MidNum | MidNumLet | quote) digit */
		if ((l->last == SC_LETTER && k == SC_LETTER && p != SC_MIDNUM) ||
			(l->last == SC_NUMERIC && k == SC_NUMERIC && p != SC_MIDLETTER))
		{
			word_put(&l->word, l->pending);
			word_put(&l->word, c);
			l->nchars += 2;
			l->has_pending = false;
			return;
		}
		end_word(l);
	}
	if (wordchar)
	{
		if (!l->in_word)
		{
			l->in_word = true;
			l->nchars = 0;
			l->first_is_connector = (k == SC_CONNECTOR);
		}
		word_put(&l->word, c);
		l->last = k;
		l->nchars++;
		return;
	}
	if (l->in_word &&
		((l->last == SC_LETTER && (k == SC_MIDLETTER || k == SC_MIDNUMLET || k == SC_QUOTE)) ||
		 (l->last == SC_NUMERIC && (k == SC_MIDNUM || k == SC_MIDNUMLET || k == SC_QUOTE))))
	{
		l->pending = c;
		l->pending_class = k;
		l->has_pending = true;
		return;
	}
	end_word(l);
}

/*
 * Is every character of s[0..len) one the simple lane handles?  Eight bytes
 * of ASCII at a time are skipped; only other characters are decoded.
 */
bool
pga_all_simple_utf8(const char *s, int len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;

	while (p < end)
	{
		int			n;
		UChar		tmp[3];

		if (end - p >= 8)
		{
			uint64		w;

			memcpy(&w, p, 8);
			if ((w & UINT64CONST(0x8080808080808080)) == 0)
			{
				p += 8;
				continue;
			}
		}
		if (*p < 0x80)
		{
			p++;
			continue;
		}
		if (pga_simple_casefold((UChar) pga_utf8_decode(p, &n), tmp) < 0 || n > 3)
			return false;
		p += n;
	}
	return true;
}

bool
pga_words_simple_utf8(const char *s, int len, PgaTokenFn fn, void *arg)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	Lane		l;

	if (!pga_all_simple_utf8(s, len))
		return false;
	memset(&l, 0, sizeof(l));
	l.word.data = l.word.buf;
	l.word.cap = sizeof(l.word.buf);
	l.fn = fn;
	l.arg = arg;
	while (p < end)
	{
		UChar		folded[3];
		int			n,
					k,
					j;

		if (*p < 0x80)
		{
			unsigned char c = *p++;
			SimpleClass cls;

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			/* the common case: a letter or digit continuing a word of the same kind */
			cls = (c >= 'a' && c <= 'z') ? SC_LETTER : (c >= '0' && c <= '9') ? SC_NUMERIC : SC_OTHER;
			if (cls != SC_OTHER && l.in_word && !l.has_pending && l.word.len < l.word.cap - 4)
			{
				l.word.data[l.word.len++] = (char) c;
				l.last = cls;
				l.nchars++;
				continue;
			}
			feed(&l, c == '`' ? '\'' : c);
			continue;
		}
		k = pga_simple_casefold((UChar) pga_utf8_decode(p, &n), folded);
		p += n;
		for (j = 0; j < k; j++)
			feed(&l, pga_fold_map(folded[j]));
	}
	end_word(&l);
	if (l.word.data != l.word.buf)
		pfree(l.word.data);
	return true;
}
