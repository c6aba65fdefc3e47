/*
 * features.c
 *		What the cleaner knows about each block: its words (ICU segmentation,
 *		stage 3), stop words in the page's language, shape, links, structure,
 *		and the same things for its neighbours.
 *
 * The feature vector is the input of the model in classify.c and is what
 * clean_blocks() shows, so the training tool (test/eval/clean/train.py)
 * reads exactly what the C code computes.  Adding or reordering features
 * means retraining: the names below are written into model_weights.h and
 * checked at build time.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/memutils.h"

#include <math.h>
#include <unicode/uchar.h>
#include <xxhash.h>

#include "clean/clean.h"
#include "normalize/normalize.h"
#include "repair/repair.h"
#include "tokenize/tokenize.h"

const char *const pga_feature_names[PGA_NFEATURES] = {
	"bias", "log_words", "log_chars", "stop_ratio", "no_stoplist", "link_density",
	"sentence_end", "punct_per_word", "cap_ratio", "digit_ratio", "position",
	"text_position", "repeated_in_page", "self_repetition", "stock_phrase", "placeholder",
	"short", "separators", "prev_log_words", "next_log_words", "prev_stop_ratio",
	"next_stop_ratio", "prose_share_near", "log_dist_prose", "is_prose",
	"prev_link_density", "next_link_density", "words_5_15",
	/* structure (PGA_BF_*) */
	"in_nav", "in_header", "in_footer", "in_aside", "in_form", "in_figure", "is_caption",
	"in_list", "in_table", "is_heading", "in_blockquote", "in_article", "in_articlebody",
	"is_p", "in_main", "in_pre", "is_h1", "has_time", "in_address", "after_break",
	/* class/id words of the nearest enclosing elements (PGA_HINT_*) */
	"hint_content", "hint_comment", "hint_share", "hint_related", "hint_nav",
	"hint_headfoot", "hint_ad", "hint_subscribe", "hint_caption", "hint_byline",
	"hint_tags", "hint_sidebar", "hint_hidden",
	/* the same, of any enclosing element */
	"far_content", "far_comment", "far_share", "far_related", "far_nav",
	"far_headfoot", "far_ad", "far_subscribe", "far_caption", "far_byline",
	"far_tags", "far_sidebar", "far_hidden",
	/* plain-text layout (list bullets; indentation is left out: it is lynx's, not the text's) */
	"bullet_star", "bullet_plus",
	"bullet_o", "bullet_hash", "bullet_other", "main_prose",
	/* more context */
	"markup_artifact", "prev_repeated", "next_repeated", "credit_like", "all_caps", "icon_run", "indent_deeper", "indent_shallower",
	/* where the block stands relative to the page's running text and its own container */
	"before_first_prose", "after_last_prose", "parent_prose_share", "parent_link_density",
	"grandparent_prose_share",
	/* repetition, teasers and furniture inside running text */
	"repeated_long", "later_copy", "ellipsis_end", "credit_tail", "phrase_count", "has_contact",
	"bio_like", "pointer_label"
};

/* ---------------------------------------------------------------- stats */

typedef struct WordCounter
{
	int32		words;
	int32	   *lang_counts;	/* per stop language */
	int			nlangs;
	uint64	   *hashes;
	int			nhashes;
	int			maxhashes;
} WordCounter;

static void
count_word(void *arg, const char *w, int len)
{
	WordCounter *wc = arg;
	uint32		langs = pga_stopword_langs(w, len);

	wc->words++;
	while (langs)
	{
		int			l = pg_rightmost_one_pos32(langs);

		if (l < wc->nlangs)
			wc->lang_counts[l]++;
		langs &= langs - 1;
	}
	if (wc->nhashes >= wc->maxhashes)
	{
		if ((Size) wc->maxhashes * 2 * sizeof(uint64) > MaxAllocSize)
			return;
		wc->maxhashes *= 2;
		wc->hashes = repalloc(wc->hashes, sizeof(uint64) * wc->maxhashes);
	}
	wc->hashes[wc->nhashes++] = XXH3_64bits(w, len);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64		x = *(const uint64 *) a;
	uint64		y = *(const uint64 *) b;

	return x < y ? -1 : x > y;
}

/* Share of word pairs that occur more than once in the block: icon runs, menus. */
static float
pair_repetition(WordCounter *wc)
{
	int			n = wc->nhashes - 1;
	int			dups = 0;

	if (n < 4)
		return 0;
	for (int i = 0; i < n; i++)
		wc->hashes[i] = wc->hashes[i] * 0x9E3779B97F4A7C15ULL + wc->hashes[i + 1];
	qsort(wc->hashes, n, sizeof(uint64), cmp_u64);
	for (int i = 1; i < n; i++)
		if (wc->hashes[i] == wc->hashes[i - 1])
			dups++;
	return (float) dups / n;
}

/* Stock phrases of page furniture, matched in the folded text. */
static const char *const stock_phrases[] = {
	"copyright", "all rights reserved", "sign in", "sign up", "log in", "subscribe",
	"subscriber", "newsletter", "cookie", "privacy policy", "terms of use",
	"terms of service", "follow us", "share this", "advertisement", "read more",
	"click here", "more from", "related articles", "related stories", "you may also like",
	"recommended for you", "an icon of", "check also", "getty images", "photo:",
	"image:", "\xc2\xa9", "read next", "most popular", "most read", "skip to",
	"leave a comment", "comments", "sponsored", "weiterlesen", "anmelden", "abonnieren",
	"suscr\xc3\xad" "bete", "iniciar sesi\xc3\xb3n", "abonnez-vous", "lire aussi",
	"se connecter", "publicit\xc3\xa9", "leggi anche", "may not be reproduced", "written permission",
	"community rules", "share it with",
	"\xe7\x89\x88\xe6\x9d\x83\xe6\x89\x80\xe6\x9c\x89",	/* 版权所有 */
	"\xe8\x91\x97\xe4\xbd\x9c\xe6\xa8\xa9",	/* 著作権 */
	"\xec\xa0\x80\xec\x9e\x91\xea\xb6\x8c",	/* 저작권 */
	NULL
};

/*
 * A set of phrases looked for in one pass over a text: phrases are bucketed
 * by their first byte and checked by their second byte before a full
 * comparison, so most positions cost one table lookup.  Finds exactly what
 * strstr() would, for up to 64 phrases.
 */
typedef struct PhraseSet
{
	const char *const *list;	/* NULL-terminated */
	bool		ready;
	int			n;
	uint8		len[64];
	int8		first[256][16];	/* phrase indexes by first byte, -1 ends a list */
} PhraseSet;

static void
phrase_set_init(PhraseSet *ps)
{
	memset(ps->first, -1, sizeof(ps->first));
	for (ps->n = 0; ps->list[ps->n]; ps->n++)
	{
		unsigned char c = (unsigned char) ps->list[ps->n][0];
		int			k = 0;

		if (ps->n >= 64)
			elog(ERROR, "too many phrases in one set");
		while (k < 15 && ps->first[c][k] >= 0)
			k++;
		if (k >= 15)
			elog(ERROR, "too many phrases with one first byte");
		ps->first[c][k] = (int8) ps->n;
		ps->len[ps->n] = (uint8) strlen(ps->list[ps->n]);
	}
	ps->ready = true;
}

/* Bit mask of the phrases found in s[0..len), stopping once want are found. */
static uint64
phrase_scan(PhraseSet *ps, const char *s, int len, int want)
{
	uint64		seen = 0;
	int			found = 0;

	if (!ps->ready)
		phrase_set_init(ps);
	for (int p = 0; p < len; p++)
	{
		const int8 *cand = ps->first[(unsigned char) s[p]];

		for (int k = 0; cand[k] >= 0; k++)
		{
			int			i = cand[k];
			const char *ph = ps->list[i];

			if (p + ps->len[i] <= len && (ps->len[i] < 2 || s[p + 1] == ph[1]) &&
				!(seen & (UINT64CONST(1) << i)) && memcmp(s + p, ph, ps->len[i]) == 0)
			{
				seen |= UINT64CONST(1) << i;
				if (++found >= want)
					return seen;
			}
		}
	}
	return seen;
}

static PhraseSet stock_set = {stock_phrases};

/*
 * How many different stock phrases a block holds (at most 3): one means
 * little in a long paragraph, three ("Terms of Use, Privacy Policy ...
 * newsletters ... unsubscribe") make a sign-up or legal notice.
 */
static int
count_stock_phrases(const char *folded, int len)
{
	return pg_popcount64(phrase_scan(&stock_set, folded, len, 3));
}

/* Photo credits and gallery labels: "(AP Photo/Alan Diaz)", "Image credit: NASA", "Image 2 of 5". */
static const char *const credit_phrases[] = {
	"(ap photo", "(ap/", "ap photo", "photo:", "photo by", "photos by", "image credit", "credit:", "credits:",
	"getty images", "reuters/", "afp/", "/ap)", "(photo", "(image", "photograph:", "foto:",
	"bild:", "(file", "shutterstock", "istock", "courtesy of", NULL
};

static PhraseSet credit_set = {credit_phrases};

static bool
has_credit(const char *folded, int len)
{
	const char *p;

	if (len > 300)
		return false;
	if (phrase_scan(&credit_set, folded, len, 1) != 0)
		return true;
	/* "image 3 of 12", "photo 1/5" */
	for (p = folded; (p = strstr(p, " of ")) != NULL; p += 4)
		if (p > folded && p[-1] >= '0' && p[-1] <= '9' && p[4] >= '0' && p[4] <= '9' &&
			(strncmp(folded, "image", 5) == 0 || strncmp(folded, "photo", 5) == 0 ||
			 strncmp(folded, "slide", 5) == 0 || strncmp(folded, "picture", 7) == 0))
			return true;
	return false;
}

/*
 * A photo credit closing a block of any length: captions that run to a few
 * sentences end with "(Photo by Jane Doe/Getty Images)", "Jane Doe / AFP",
 * "(Jane Doe/The Union via AP)", "Credit: NASA".  Only the last 100 bytes are
 * read, so a dateline's "(AP) --" or "(Reuters) -" at the start says nothing.
 */
static const char *const credit_tails[] = {
	"photo by", "photos by", "photo:", "credit:", "getty images", "/getty", "/ap)", "via ap)",
	"ap photo", "/ afp", "/afp", "afp via", "/reuters", "reuters/", "/bloomberg", "shutterstock",
	"istock", "photograph:", "/ ap /", "associated press. all rights", "(photo", "(image", NULL
};

static PhraseSet credit_tail_set = {credit_tails};

static bool
has_credit_tail(const char *folded, int len)
{
	int			from = Max(0, len - 100);

	return phrase_scan(&credit_tail_set, folded + from, len - from, 1) != 0;
}

/* Ends in "..." or "…" (before closing quotes): a teaser cut short. */
static bool
ends_ellipsis(const char *t, int len)
{
	const unsigned char *p = (const unsigned char *) t + len;
	const unsigned char *b = (const unsigned char *) t;

	while (p > b && (p[-1] == '"' || p[-1] == '\'' || p[-1] == ')' || p[-1] == ' '))
		p--;
	if (p - b >= 3 && p[-1] == '.' && p[-2] == '.' && p[-3] == '.')
		return true;
	return p - b >= 3 && p[-3] == 0xE2 && p[-2] == 0x80 && p[-1] == 0xA6;
}

/* An e-mail address, a URL or an @handle: bios, tip lines, embeds. */
static bool
has_contact(const char *t, int len)
{
	for (const char *p = t; p < t + len; p++)
	{
		if (*p == '@' && p + 1 < t + len && ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
			return true;
		if ((*p == 'h' && strncmp(p, "http", 4) == 0) || (*p == 'w' && strncmp(p, "www.", 4) == 0))
			return true;
	}
	return false;
}

/*
 * An author's bio: "Jane Doe is a staff writer at ...", "She joined the paper
 * in 2015", "covers technology for ...", near the start of a short block.
 */
static const char *const bio_words[] = {
	"writer", "reporter", "editor", "correspondent", "journalist", "columnist", "contributor",
	"freelance", NULL
};

static bool
is_bio_like(const char *folded, int len)
{
	const char *is;

	if (len > 500)
		return false;
	is = strstr(folded, " is a ");
	if (is == NULL)
		is = strstr(folded, " is an ");
	if (is == NULL || is - folded > 60)
		return false;
	for (int i = 0; bio_words[i]; i++)
	{
		const char *w = strstr(is, bio_words[i]);

		if (w && w - is < 60)
			return true;
	}
	return false;
}

/*
 * A pointer to another page: "Read more: ...", "Related: ...", "Also on
 * rt.com ...", "See also ...", at the very start of the block.
 */
static const char *const pointer_labels[] = {
	"read more", "related:", "related stories", "related articles", "also on ", "see also",
	"read also", "also read", "read next", "more:", "watch:", "recommended:", "lire aussi",
	"leggi anche", "weiterlesen", "mehr zum thema", "lee tambi\xc3\xa9n", "leia tamb\xc3\xa9m", NULL
};

static bool
starts_with_pointer(const char *folded)
{
	for (int i = 0; pointer_labels[i]; i++)
		if (strncmp(folded, pointer_labels[i], strlen(pointer_labels[i])) == 0)
			return true;
	return false;
}

/*
 * Runs of icon descriptions ("Email An icon of a paper envelope. Facebook An
 * icon of ..."): alt texts of a page's icon sprite, flattened into text.
 */
static bool
is_icon_run(const char *folded, int words)
{
	int			n = 0;

	for (const char *p = folded; (p = strstr(p, "icon")) != NULL; p += 4)
		n++;
	return n >= 3 && n * 25 >= words;
}

static bool
is_placeholder(const char *t, int len)
{
	const char *a = strstr(t, "[[");
	const char *b = strstr(t, "{{");

	return (a && strstr(a, "]]")) || (b && strstr(b, "}}"));
}

/*
 * Traces of widgets in text renderings of pages: "[image.jpg]", "[INS: :INS]",
 * "(BUTTON)", "____" input fields.
 */
static bool
is_artifact(const char *t, int len)
{
	if (len >= 2 && t[0] == '[' && t[len - 1] == ']')
		return true;
	if (strstr(t, "(BUTTON)") || strstr(t, "____") || strstr(t, "[INS:"))
		return true;
	return false;
}

static bool
ends_sentence(const char *t, int len)
{
	const unsigned char *p = (const unsigned char *) t + len;

	/* skip closing quotes and brackets */
	while (p > (const unsigned char *) t)
	{
		if (p[-1] == '"' || p[-1] == '\'' || p[-1] == ')' || p[-1] == ']')
			p--;
		else if (p - (const unsigned char *) t >= 3 && p[-3] == 0xE2 && p[-2] == 0x80 &&
				 (p[-1] == 0x9D || p[-1] == 0x99 || p[-1] == 0xBA))
			p -= 3;				/* ” ’ › */
		else if (p - (const unsigned char *) t >= 2 && p[-2] == 0xC2 && p[-1] == 0xBB)
			p -= 2;				/* » */
		else
			break;
	}
	if (p == (const unsigned char *) t)
		return false;
	if (p[-1] == '.' || p[-1] == '!' || p[-1] == '?' || p[-1] == ':')
		return true;
	/* 。！？… */
	if (p - (const unsigned char *) t >= 3)
	{
		const unsigned char *q = p - 3;

		if ((q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x82) ||
			(q[0] == 0xEF && q[1] == 0xBC && (q[2] == 0x81 || q[2] == 0x9F)) ||
			(q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0xA6))
			return true;
	}
	return false;
}

static void
shape_counts(const char *t, int len, PgaBlockStats *st)
{
	const unsigned char *p = (const unsigned char *) t;
	const unsigned char *end = p + len;
	bool		prev_letter = false;

	while (p < end)
	{
		int			n;
		uint32		c = pga_utf8_decode(p, &n);

		if (p + n > end)
			break;
		if (u_isalpha(c))
		{
			st->letters++;
			if (u_isupper(c))
				st->upper++;
			if (!prev_letter && u_isupper(c))
				st->caps++;
			prev_letter = true;
		}
		else
		{
			prev_letter = u_isdigit(c) || c == '\'' || c == 0x2019 || c == '-';
			if (u_isdigit(c))
				st->digits++;
			else if (c == ',' || c == '.' || c == ';' || c == ':' || c == 0x3001 || c == 0x3002)
				st->puncts++;
			else if (c == '|' || c == 0xB7 || c == 0xBB || c == 0x2022 || c == 0x203A ||
					 c == 0x2192 || c == 0x25B8)
				st->separators++;
		}
		p += n;
	}
}

PgaBlockStats *
pga_block_stats(const PgaBlocks *b, PgaPageInfo *page)
{
	PgaBlockStats *st = palloc0(sizeof(PgaBlockStats) * Max(b->nblocks, 1));
	int			nlangs = pga_stop_language_count();
	int32	   *per_block = palloc0(sizeof(int32) * Max(nlangs, 1) * Max(b->nblocks, 1));
	int64		totals[PGA_MAX_STOP_LANGS] = {0};
	int64		all_words = 0;
	WordCounter wc;
	StringInfoData folded;
	int			best = -1;

	page->total_chars = 0;
	wc.maxhashes = 256;
	wc.hashes = palloc(sizeof(uint64) * wc.maxhashes);
	wc.nlangs = nlangs;
	initStringInfo(&folded);

	for (int i = 0; i < b->nblocks; i++)
	{
		const PgaBlock *blk = &b->blocks[i];
		const char *t = pga_block_text(b, blk);

		CHECK_FOR_INTERRUPTS();
		wc.words = 0;
		wc.nhashes = 0;
		wc.lang_counts = per_block + (Size) i * nlangs;
		pga_tokenize_stream(t, blk->len, 0, count_word, &wc);
		st[i].words = wc.words;
		st[i].repetition = pair_repetition(&wc);
		all_words += wc.words;
		for (int l = 0; l < nlangs; l++)
			totals[l] += wc.lang_counts[l];

		shape_counts(t, blk->len, &st[i]);
		st[i].sentence_end = ends_sentence(t, blk->len);
		st[i].placeholder = is_placeholder(t, blk->len);
		st[i].artifact = is_artifact(t, blk->len);
		st[i].ellipsis = ends_ellipsis(t, blk->len);
		st[i].contact = has_contact(t, blk->len);

		resetStringInfo(&folded);
		pga_fold(t, blk->len, 0, &folded);
		/* a phrase inside a long paragraph means little on its own */
		st[i].nphrases = count_stock_phrases(folded.data, folded.len);
		st[i].phrase = st[i].nphrases > 0 && folded.len <= 400;
		st[i].credit = has_credit(folded.data, folded.len);
		st[i].credit_tail = has_credit_tail(folded.data, folded.len);
		st[i].bio = is_bio_like(folded.data, folded.len);
		st[i].pointer = starts_with_pointer(folded.data);
		st[i].icons = is_icon_run(folded.data, st[i].words);
		/* "By Staff Reporter", "Von Anna Schmidt", "Par Jean Dupont", "Por ..." */
		/* ... up to 20 words when it carries a date: "By HNN Staff | November 18, 2019 at 2:26 PM" */
		st[i].byline = st[i].words >= 2 && (st[i].words <= 8 || (st[i].words <= 20 && st[i].digits >= 4)) &&
			!st[i].sentence_end &&
			(strncmp(folded.data, "by ", 3) == 0 || strncmp(folded.data, "von ", 4) == 0 ||
			 strncmp(folded.data, "par ", 4) == 0 || strncmp(folded.data, "por ", 4) == 0);
		/* digits masked, so "Updated 3:39 GMT" recurs as one block */
		for (int k = 0; k < folded.len; k++)
			if (folded.data[k] >= '0' && folded.data[k] <= '9')
				folded.data[k] = '0';
		st[i].fingerprint = pga_fingerprint_folded(folded.data, folded.len);
		page->total_chars += blk->chars;
	}

	/* the page's language: the stop list that covers most of its words (at least 5 %) */
	for (int l = 0; l < nlangs; l++)
		if (totals[l] > 0 && (best < 0 || totals[l] > totals[best]))
			best = l;
	if (best >= 0 && totals[best] * 20 < all_words)
		best = -1;
	page->language = best;
	for (int i = 0; i < b->nblocks; i++)
		st[i].stops = best >= 0 ? per_block[(Size) i * nlangs + best] : 0;

	pfree(per_block);
	pfree(wc.hashes);
	pfree(folded.data);
	return st;
}

/* ---------------------------------------------------------------- features */

static inline float
stop_ratio(const PgaBlockStats *s)
{
	return s->words > 0 ? (float) s->stops / s->words : 0;
}

static inline float
link_density(const PgaBlock *blk)
{
	return blk->chars > 0 ? (float) blk->link_chars / blk->chars : 0;
}

/*
 * Running text: long enough and, where the language has a stop list, with
 * the stop-word share of real sentences (jusText's "good" blocks).  Without a
 * list (Chinese, Japanese, Thai ...) length and sentence punctuation decide.
 */
bool
pga_block_is_prose(const PgaBlockStats *st, const PgaPageInfo *page)
{
	if (page->language >= 0)
		return st->words >= 12 && stop_ratio(st) >= 0.22;
	return st->words >= 12 && st->sentence_end;
}

typedef struct PageContext
{
	int64	   *before;			/* characters of the blocks before each block */
	bool	   *prose;
	int		   *dist_prose;		/* distance in blocks to the nearest prose block */
	bool	   *repeated;		/* another block of the page has the same fingerprint */
	bool	   *later_copy;		/* an earlier block of the page has the same fingerprint */
	int			prose_indent;	/* the commonest indentation of prose lines (text) */
	int			first_prose;	/* index of the first and last prose blocks, or -1 */
	int			last_prose;
	float	   *elem_prose;		/* html: prose characters under each container */
} PageContext;

typedef struct FpIndex
{
	uint64		fp;
	int			i;
} FpIndex;

static int
cmp_fp(const void *a, const void *b)
{
	const FpIndex *x = a;
	const FpIndex *y = b;

	if (x->fp != y->fp)
		return x->fp < y->fp ? -1 : 1;
	return x->i - y->i;
}

static void
page_context(const PgaBlocks *b, const PgaBlockStats *st, const PgaPageInfo *page,
			 PageContext *ctx)
{
	int			n = b->nblocks;
	FpIndex    *fps = palloc(sizeof(FpIndex) * Max(n, 1));
	int			last;
	int64		sum = 0;

	ctx->before = palloc(sizeof(int64) * Max(n, 1));
	ctx->prose = palloc(sizeof(bool) * Max(n, 1));
	ctx->dist_prose = palloc(sizeof(int) * Max(n, 1));
	ctx->repeated = palloc0(sizeof(bool) * Max(n, 1));
	ctx->later_copy = palloc0(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; sum += b->blocks[i].chars, i++)
	{
		ctx->before[i] = sum;
		ctx->prose[i] = pga_block_is_prose(&st[i], page);
		fps[i].fp = st[i].fingerprint;
		fps[i].i = i;
	}
	last = -1;
	ctx->first_prose = -1;
	for (int i = 0; i < n; i++)
	{
		if (ctx->prose[i])
		{
			last = i;
			if (ctx->first_prose < 0)
				ctx->first_prose = i;
		}
		ctx->dist_prose[i] = last >= 0 ? i - last : n;
	}
	ctx->last_prose = last;
	ctx->elem_prose = palloc0(sizeof(float) * Max(b->nelems, 1));
	for (int i = 0; i < n; i++)
		if (ctx->prose[i])
			for (int32 e = b->blocks[i].container; e >= 0; e = b->elems[e].parent)
				ctx->elem_prose[e] += b->blocks[i].chars;
	last = -1;
	for (int i = n - 1; i >= 0; i--)
	{
		if (ctx->prose[i])
			last = i;
		if (last >= 0 && last - i < ctx->dist_prose[i])
			ctx->dist_prose[i] = last - i;
	}
	/* indentation is relative: lynx indents paragraphs, other tools do not */
	{
		int			counts[9] = {0};
		int			best = 0;

		for (int i = 0; i < n; i++)
			if (ctx->prose[i])
				counts[Min(b->blocks[i].indent, 8)]++;
		for (int k = 1; k < 9; k++)
			if (counts[k] > counts[best])
				best = k;
		ctx->prose_indent = best;
	}
	/* sorted by fingerprint, then position: the second of equal ones is a later copy */
	qsort(fps, n, sizeof(FpIndex), cmp_fp);
	for (int i = 1; i < n; i++)
		if (fps[i].fp == fps[i - 1].fp)
		{
			ctx->repeated[fps[i].i] = ctx->repeated[fps[i - 1].i] = true;
			ctx->later_copy[fps[i].i] = true;
		}
	pfree(fps);
}

static void
block_features(const PgaBlocks *b, const PgaBlockStats *st, const PgaPageInfo *page,
			   const PageContext *ctx, int i, float *f)
{
	const PgaBlock *blk = &b->blocks[i];
	const PgaBlockStats *s = &st[i];
	int			n = b->nblocks;
	int			k = 0;
	int64		before = ctx->before[i];
	int64		near_chars = 0;
	int64		near_prose = 0;
	int			dist = ctx->dist_prose[i];
	bool		repeated = ctx->repeated[i];

	memset(f, 0, sizeof(float) * PGA_NFEATURES);
	for (int j = Max(0, i - 3); j <= Min(n - 1, i + 3); j++)
	{
		near_chars += b->blocks[j].chars;
		if (ctx->prose[j])
			near_prose += b->blocks[j].chars;
	}

	f[k++] = 1;
	f[k++] = logf(1 + s->words);
	f[k++] = logf(1 + blk->chars);
	f[k++] = stop_ratio(s);
	f[k++] = page->language < 0;
	f[k++] = link_density(blk);
	f[k++] = s->sentence_end;
	f[k++] = s->words > 0 ? Min((float) s->puncts / s->words, 2.0f) : 0;
	f[k++] = s->words > 0 ? Min((float) s->caps / s->words, 1.0f) : 0;
	f[k++] = blk->chars > 0 ? (float) s->digits / blk->chars : 0;
	f[k++] = n > 1 ? (float) i / (n - 1) : 0;
	f[k++] = page->total_chars > 0 ? (float) before / page->total_chars : 0;
	f[k++] = repeated;
	f[k++] = s->repetition;
	f[k++] = s->phrase;
	f[k++] = s->placeholder;
	f[k++] = s->words < 5;
	f[k++] = Min(s->separators, 5) / 5.0f;
	f[k++] = i > 0 ? logf(1 + st[i - 1].words) : 0;
	f[k++] = i + 1 < n ? logf(1 + st[i + 1].words) : 0;
	f[k++] = i > 0 ? stop_ratio(&st[i - 1]) : 0;
	f[k++] = i + 1 < n ? stop_ratio(&st[i + 1]) : 0;
	f[k++] = near_chars > 0 ? (float) near_prose / near_chars : 0;
	f[k++] = logf(1 + Min(dist, 1000));
	f[k++] = pga_block_is_prose(s, page);
	f[k++] = i > 0 ? link_density(&b->blocks[i - 1]) : 0;
	f[k++] = i + 1 < n ? link_density(&b->blocks[i + 1]) : 0;
	f[k++] = s->words >= 5 && s->words < 15;

	{
		static const uint32 bits[] = {
			PGA_BF_NAV, PGA_BF_HEADER, PGA_BF_FOOTER, PGA_BF_ASIDE, PGA_BF_FORM,
			PGA_BF_FIGURE, PGA_BF_CAPTION, PGA_BF_LIST, PGA_BF_TABLE, PGA_BF_HEADING,
			PGA_BF_QUOTE, PGA_BF_ARTICLE, PGA_BF_BODYPROP, PGA_BF_PARA, PGA_BF_MAIN,
			PGA_BF_PRE, PGA_BF_H1, PGA_BF_TIME, PGA_BF_ADDRESS, PGA_BF_BR
		};

		for (int j = 0; j < (int) lengthof(bits); j++)
			f[k++] = (blk->flags & bits[j]) != 0;
	}
	for (int j = 0; j < PGA_HINT_NGROUPS; j++)
		f[k++] = (blk->hints >> j) & 1;
	for (int j = 0; j < PGA_HINT_NGROUPS; j++)
		f[k++] = (blk->far_hints >> j) & 1;

	f[k++] = blk->bullet == '*';
	f[k++] = blk->bullet == '+';
	f[k++] = blk->bullet == 'o';
	f[k++] = blk->bullet == '#';
	f[k++] = blk->bullet == '-' || blk->bullet == '1';
	f[k++] = (blk->flags & PGA_BF_MAIN) && pga_block_is_prose(s, page);
	f[k++] = s->artifact;
	f[k++] = i > 0 && ctx->repeated[i - 1];
	f[k++] = i + 1 < n && ctx->repeated[i + 1];
	f[k++] = s->credit;
	f[k++] = s->letters >= 8 && s->upper * 10 >= s->letters * 8;
	f[k++] = s->icons;
	f[k++] = blk->indent > ctx->prose_indent;
	f[k++] = blk->indent < ctx->prose_indent;
	f[k++] = ctx->first_prose >= 0 && i < ctx->first_prose;
	f[k++] = ctx->last_prose >= 0 && i > ctx->last_prose;
	{
		/* the element around the block's own element (a <p>'s <div>), and the one above */
		int32		parent = blk->container >= 0 ? b->elems[blk->container].parent : -1;
		int32		grand = parent >= 0 ? b->elems[parent].parent : -1;

		f[k++] = parent >= 0 && b->elems[parent].chars > 0 ?
			ctx->elem_prose[parent] / b->elems[parent].chars : 0;
		f[k++] = parent >= 0 && b->elems[parent].chars > 0 ?
			(float) b->elems[parent].link_chars / b->elems[parent].chars : 0;
		f[k++] = grand >= 0 && b->elems[grand].chars > 0 ?
			ctx->elem_prose[grand] / b->elems[grand].chars : 0;
	}
	f[k++] = repeated && s->words >= 8;
	f[k++] = ctx->later_copy[i] && s->words >= 4;
	f[k++] = s->ellipsis;
	f[k++] = s->credit_tail;
	f[k++] = s->nphrases / 3.0f;
	f[k++] = s->contact;
	f[k++] = s->bio;
	f[k++] = s->pointer;

	Assert(k == PGA_NFEATURES);
}

/* The features of every block of a page, row by row (nblocks x PGA_NFEATURES). */
float *
pga_page_features(const PgaBlocks *b, const PgaBlockStats *st, const PgaPageInfo *page)
{
	PageContext ctx;
	float	   *f;

	if ((Size) b->nblocks * PGA_NFEATURES * sizeof(float) > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many blocks in one article")));
	f = palloc(sizeof(float) * PGA_NFEATURES * Max(b->nblocks, 1));
	page_context(b, st, page, &ctx);
	for (int i = 0; i < b->nblocks; i++)
		block_features(b, st, page, &ctx, i, f + (Size) i * PGA_NFEATURES);
	pfree(ctx.before);
	pfree(ctx.prose);
	pfree(ctx.dist_prose);
	pfree(ctx.repeated);
	pfree(ctx.later_copy);
	pfree(ctx.elem_prose);
	return f;
}

/*
 * The contiguous run of v[0..n-1] with the largest positive sum (Kadane):
 * *lo and *hi, or -1 and -1 when no value is positive.
 */
void
pga_max_sum_run(const double *v, int n, int *lo, int *hi)
{
	double		best = 0;
	double		cur = 0;
	int			start = 0;

	*lo = *hi = -1;
	for (int i = 0; i < n; i++)
	{
		if (cur <= 0)
		{
			cur = 0;
			start = i;
		}
		cur += v[i];
		if (cur > best)
		{
			best = cur;
			*lo = start;
			*hi = i;
		}
	}
}

/*
 * Plain text has no containers; its "main" region is the run of lines with
 * the most running text net of everything else (a maximum-sum run: prose
 * lines count their length, other lines cost a little more than theirs).
 */
void
pga_mark_dense_run(PgaBlocks *b, const PgaBlockStats *st, const PgaPageInfo *page)
{
	double	   *v = palloc(sizeof(double) * Max(b->nblocks, 1));
	int			lo,
				hi;

	for (int i = 0; i < b->nblocks; i++)
	{
		if (pga_block_is_prose(&st[i], page))
			v[i] = b->blocks[i].chars;
		else if (st[i].words >= 8 && st[i].sentence_end)
			v[i] = 0;
		else
			v[i] = -(20 + b->blocks[i].chars * 0.5);
	}
	pga_max_sum_run(v, b->nblocks, &lo, &hi);
	for (int i = lo; i >= 0 && i <= hi; i++)
		b->blocks[i].flags |= PGA_BF_MAIN;
	pfree(v);
}
