/*
 * classify.c
 *		Which blocks are the article.
 *
 * Two logistic models, one for HTML and one for plain text, each in two
 * passes: the first scores a block from its own features (features.c); the
 * second re-scores it from the first pass's scores of its neighbours and
 * from its distance to the page's best-scoring run of blocks, since article
 * text comes in runs (teaser lists and footers stand apart from it).  The weights are learned from the dev side of
 * AEB by test/eval/clean/train.py and compiled in (model_weights.h), so the
 * result depends only on the input, the options and the source profile.
 *
 * A source profile (profile.c) then moves the score: a block that recurs on
 * a good share of the source's articles, over several days, is furniture of
 * the site; a block the source has never printed before is most likely news.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <math.h>

#include "pg_article.h"
#include "clean/clean.h"
#include "clean/model_weights.h"

StaticAssertDecl(PGA_MODEL_NFEATURES == PGA_NFEATURES,
				 "model_weights.h was trained on another feature list: run make clean-model");

#define NCONTEXT PGA_MODEL_NCONTEXT

/* how strongly profile evidence moves a block's log-odds */
#define PROFILE_REPEAT_WEIGHT	4.0f
#define PROFILE_NOVEL_WEIGHT	1.0f
#define PROFILE_MIN_ARTICLES	5		/* before that, the profile says nothing */
#define PROFILE_REPEAT_SHARE	0.2f

static inline float
sigmoid(float x)
{
	return 1.0f / (1.0f + expf(-x));
}

static float
dot(const float *w, const float *f, int n)
{
	float		s = 0;

	for (int i = 0; i < n; i++)
		s += w[i] * f[i];
	return s;
}

/*
 * The article's most likely run of blocks by the first pass's scores: the
 * contiguous run with the largest sum of (p - 0.5) x characters, where a
 * block under 0.5 also costs REGION_GAP_COST characters, so that a few short
 * furniture lines still separate the article from a teaser list after it.
 * Sets *lo and *hi to -1 when no block reaches 0.5.  Keep in step with
 * best_region() in test/eval/clean/train.py.
 */
#define REGION_GAP_COST 20

static void
best_region(const PgaBlocks *b, const float *p, int *lo, int *hi)
{
	double	   *v = palloc(sizeof(double) * Max(b->nblocks, 1));

	for (int j = 0; j < b->nblocks; j++)
		v[j] = p[j] >= 0.5f ? (p[j] - 0.5) * b->blocks[j].chars
			: (p[j] - 0.5) * (b->blocks[j].chars + REGION_GAP_COST);
	pga_max_sum_run(v, b->nblocks, lo, hi);
	pfree(v);
}

/*
 * Second-pass features of block i from the first-pass probabilities p.  Keep
 * in step with context_features() in test/eval/clean/train.py.
 */
static void
context_features(const PgaBlocks *b, const float *p, const float *f1, int i,
				 int region_lo, int region_hi, float *c)
{
	int			n = b->nblocks;
	double		wsum = 0;
	double		psum = 0;
	float		pmax = 0;
	int			k = 0;

	for (int j = Max(0, i - 5); j <= Min(n - 1, i + 5); j++)
	{
		double		w = 1 + b->blocks[j].chars;

		wsum += w;
		psum += w * p[j];
		if (j != i && j >= i - 3 && j <= i + 3 && p[j] > pmax)
			pmax = p[j];
	}
	c[k++] = 1;
	c[k++] = logf(Max(p[i], 1e-6f) / Max(1 - p[i], 1e-6f));
	c[k++] = i > 0 ? p[i - 1] : 0;
	c[k++] = i + 1 < n ? p[i + 1] : 0;
	c[k++] = i > 1 ? p[i - 2] : 0;
	c[k++] = i + 2 < n ? p[i + 2] : 0;
	c[k++] = wsum > 0 ? psum / wsum : 0;
	c[k++] = pmax;
	c[k++] = f1[1];				/* log_words */
	c[k++] = f1[5];				/* link_density */
	c[k++] = f1[42];			/* in_main (see pga_feature_names) */
	c[k++] = region_lo >= 0 && i >= region_lo && i <= region_hi;
	c[k++] = region_lo < 0 ? logf(1 + n) :
		logf(1 + (i < region_lo ? region_lo - i : i > region_hi ? i - region_hi : 0));
	Assert(k == NCONTEXT);
}

static const char *
drop_label(const PgaBlock *blk, const PgaBlockStats *st)
{
	uint32		f = blk->flags;
	uint16		h = blk->hints;

	if (st->placeholder)
		return "placeholder";
	if (st->icons)
		return "icons";
	if ((f & PGA_BF_CAPTION) || (h & PGA_HINT_CAPTION) || (f & PGA_BF_FIGURE) || st->credit)
		return "caption";
	if ((f & PGA_BF_NAV) || (h & PGA_HINT_NAV))
		return "navigation";
	if (h & PGA_HINT_COMMENT)
		return "comments";
	if (h & PGA_HINT_SHARE)
		return "share";
	if (h & PGA_HINT_RELATED)
		return "related";
	if (h & PGA_HINT_SUBSCRIBE)
		return "subscription";
	if (h & PGA_HINT_AD)
		return "advertising";
	if ((h & PGA_HINT_BYLINE) || (f & PGA_BF_TIME) || (f & PGA_BF_ADDRESS))
		return "byline";
	if ((f & (PGA_BF_HEADER | PGA_BF_FOOTER)) || (h & PGA_HINT_HEADFOOT))
		return "header/footer";
	if ((f & PGA_BF_ASIDE) || (h & PGA_HINT_SIDEBAR))
		return "sidebar";
	if (st->phrase)
		return "stock phrase";
	return "boilerplate";
}

typedef struct Contribution
{
	int			feature;
	float		value;
} Contribution;

static int
cmp_contrib(const void *a, const void *b)
{
	float		x = fabsf(((const Contribution *) a)->value);
	float		y = fabsf(((const Contribution *) b)->value);

	if (x != y)
		return x < y ? 1 : -1;
	return ((const Contribution *) a)->feature - ((const Contribution *) b)->feature;
}

/* The features that moved the first-pass score most, for clean_explain. */
static void
explain_features(const float *w, const float *f, StringInfo out)
{
	Contribution c[PGA_NFEATURES];
	int			n = 0;

	for (int i = 1; i < PGA_NFEATURES; i++)
		if (f[i] != 0 && w[i] != 0)
		{
			c[n].feature = i;
			c[n].value = w[i] * f[i];
			n++;
		}
	qsort(c, n, sizeof(Contribution), cmp_contrib);
	for (int i = 0; i < n && i < 4; i++)
	{
		if (fabsf(c[i].value) < 0.05f)
			break;
		appendStringInfo(out, "%s%s=%.2f (%+.2f)", i ? ", " : "",
						 pga_feature_names[c[i].feature], f[c[i].feature], c[i].value);
	}
}

static void
raise_to_half(PgaDecision *d, const PgaCleanOptions *opt, bool explain, const char *why)
{
	if (d->p_context < 0.5f)
		d->p_context = 0.5f;
	d->keep = d->p_context >= opt->threshold;
	if (d->keep)
		d->label = "body";
	if (explain)
		appendStringInfoString(&d->reasons, why);
}

void
pga_clean(const char *s, int len, PgaInputFormat format,
		  const PgaCleanOptions *opt, bool explain, PgaCleaned *out)
{
	PgaBlocks  *b = &out->blocks;
	int			n;
	bool		html;
	const float *w1;
	const float *w2;
	float	   *p1;
	float		ctx[NCONTEXT];
	bool		repeated_story = false;
	int			region_lo;
	int			region_hi;

	memset(out, 0, sizeof(*out));
	out->keep_headline = opt->keep_headline;
	pga_blocks_init(b);
	if (format == PGA_FORMAT_AUTO)
		format = pga_detect_format(s, len);
	if (format == PGA_FORMAT_HTML)
		pga_blocks_from_html(s, len, b);
	else
		pga_blocks_from_text(s, len, b);
	n = b->nblocks;
	html = (format == PGA_FORMAT_HTML);
	w1 = html ? pga_model_html_pass1 : pga_model_text_pass1;
	w2 = html ? pga_model_html_pass2 : pga_model_text_pass2;

	out->stats = pga_block_stats(b, &out->page);
	if (!html)
		pga_mark_dense_run(b, out->stats, &out->page);
	out->features = pga_page_features(b, out->stats, &out->page);
	out->decisions = palloc0(sizeof(PgaDecision) * Max(n, 1));
	if (opt->source)
		pga_profile_lookup(opt->schema, opt->source, b, out->stats, &out->profile);

	/*
	 * A story the source printed before (wire copy taken twice, an updated
	 * article): most of its running text is in the profile.  Then moderate
	 * repetition says nothing about furniture, so prose blocks are not held
	 * against it unless they are on half the source's articles or more.
	 */
	if (out->profile.found)
	{
		int64		prose_chars = 0;
		int64		new_chars = 0;

		for (int i = 0; i < n; i++)
			if (pga_block_is_prose(&out->stats[i], &out->page))
			{
				prose_chars += b->blocks[i].chars;
				if (out->profile.hits[i].articles <= 1)
					new_chars += b->blocks[i].chars;
			}
		/* no new running text to speak of: the page repeats something printed before */
		repeated_story = prose_chars > 0 && new_chars * 4 < prose_chars;
	}

	p1 = palloc(sizeof(float) * Max(n, 1));
	for (int i = 0; i < n; i++)
		p1[i] = sigmoid(dot(w1, out->features + (Size) i * PGA_NFEATURES, PGA_NFEATURES));
	best_region(b, p1, &region_lo, &region_hi);

	for (int i = 0; i < n; i++)
	{
		const float *f = out->features + (Size) i * PGA_NFEATURES;
		const PgaBlock *blk = &b->blocks[i];
		const PgaBlockStats *st = &out->stats[i];
		PgaDecision *d = &out->decisions[i];
		float		logit;
		const char *forced = NULL;

		CHECK_FOR_INTERRUPTS();
		context_features(b, p1, f, i, region_lo, region_hi, ctx);
		logit = dot(w2, ctx, NCONTEXT);
		if (explain)
		{
			initStringInfo(&d->reasons);
			explain_features(w1, f, &d->reasons);
			appendStringInfo(&d->reasons, "; neighbours %.2f/%.2f", ctx[2], ctx[3]);
		}

		if (out->profile.found && out->profile.articles >= PROFILE_MIN_ARTICLES)
		{
			const PgaProfileHit *h = &out->profile.hits[i];
			float		share = (float) h->articles / out->profile.articles;

			if (h->articles >= 3 && h->days >= 2 && share >= PROFILE_REPEAT_SHARE && share < 0.5f &&
				repeated_story && pga_block_is_prose(st, &out->page))
			{
				if (explain)
					appendStringInfo(&d->reasons,
									 "; profile: on %d of %lld articles, like most of this story's text (a story printed before), not counted",
									 h->articles, (long long) out->profile.articles);
			}
			else if (h->articles >= 3 && h->days >= 2 && share >= PROFILE_REPEAT_SHARE)
			{
				logit -= PROFILE_REPEAT_WEIGHT * Min(1.0f, share / 0.5f);
				forced = "source boilerplate";
				if (explain)
					appendStringInfo(&d->reasons,
									 "; profile: on %d of %lld articles of the source over %d days",
									 h->articles, (long long) out->profile.articles, h->days);
			}
			else if (h->articles <= 1 && out->profile.articles >= 2 * PROFILE_MIN_ARTICLES)
			{
				logit += PROFILE_NOVEL_WEIGHT;
				if (explain)
					appendStringInfo(&d->reasons, "; profile: new to the source");
			}
			else if (explain && h->articles > 1)
				appendStringInfo(&d->reasons, "; profile: on %d of %lld articles over %d days (not enough to count)",
								 h->articles, (long long) out->profile.articles, h->days);
		}

		d->p_text = p1[i];
		d->p_context = sigmoid(logit);
		d->keep = d->p_context >= opt->threshold;

		if (st->placeholder || st->icons)
		{
			d->keep = false;
			d->vetoed = true;
			if (explain)
				appendStringInfoString(&d->reasons, st->placeholder ? "; template placeholder" : "; icon descriptions");
		}
		else if (st->credit && st->words < 25 && !opt->keep_captions && d->keep)
		{
			d->keep = false;
			d->vetoed = true;
			forced = "caption";
			if (explain)
				appendStringInfoString(&d->reasons, "; photo credit (keep_captions => true keeps it)");
		}
		else if (d->keep && !opt->keep_captions && f[12] > 0 &&	/* repeated_in_page */
				 ((blk->flags & (PGA_BF_CAPTION | PGA_BF_FIGURE)) || (blk->hints & PGA_HINT_CAPTION)))
		{
			/* a gallery's caption, printed once per slide and again under the photo */
			d->keep = false;
			d->vetoed = true;
			forced = "caption";
			if (explain)
				appendStringInfoString(&d->reasons, "; repeated caption (keep_captions => true keeps it)");
		}
		else if (st->pointer && st->words <= 30 && d->keep)
		{
			/* "Read more: ...", "Related: ...", "Also on rt.com ...": a link to another page */
			d->keep = false;
			d->vetoed = true;
			forced = "related";
			if (explain)
				appendStringInfoString(&d->reasons, "; points to another page");
		}
		else if (st->byline && d->keep)
		{
			d->keep = false;
			d->vetoed = true;
			forced = "byline";
			if (explain)
				appendStringInfoString(&d->reasons, "; byline");
		}
		else if (d->keep && st->words <= 2 && !st->sentence_end && !(blk->flags & PGA_BF_HEADING) &&
				 !pga_block_is_prose(st, &out->page) && blk->chars < 16)
		{
			/* a word or two on a line of its own: menu entries, section labels, "Sport" */
			d->keep = false;
			d->vetoed = true;
			if (explain)
				appendStringInfoString(&d->reasons, "; a word or two alone");
		}
		else if (d->keep && st->words <= 3 && !st->sentence_end && !(blk->flags & PGA_BF_HEADING) &&
				 blk->chars < 24 && (region_lo < 0 || i < region_lo || i > region_hi))
		{
			/* "Home News World": a few words on their own, away from the article's run */
			d->keep = false;
			d->vetoed = true;
			if (explain)
				appendStringInfoString(&d->reasons, "; a few words alone, away from the article's run");
		}
		else if (st->phrase && st->words <= 5 && d->keep)
		{
			/* "Advertisement", "Sign in", "Read more": furniture wherever it stands */
			d->keep = false;
			d->vetoed = true;
			if (explain)
				appendStringInfoString(&d->reasons, "; short stock phrase");
		}
		else if (opt->keep_captions && !d->keep &&
				 ((blk->flags & (PGA_BF_CAPTION | PGA_BF_FIGURE)) || (blk->hints & PGA_HINT_CAPTION)) &&
				 !(blk->flags & PGA_BF_NAV) && st->words >= 3)
		{
			d->keep = true;
			if (explain)
				appendStringInfoString(&d->reasons, "; caption kept (keep_captions)");
		}

		if (d->keep)
			d->label = (blk->flags & PGA_BF_HEADING) ? "heading" : "body";
		else
			d->label = forced ? forced : drop_label(blk, st);
	}
	pfree(p1);

	/*
	 * No block reaches 0.5 (a page that is one paragraph, text that is
	 * already clean): rather than return nothing at the default threshold,
	 * the running-text blocks (else the best block of 5+ words) are raised
	 * to 0.5.  Scores are raised, not decisions forced, so a higher threshold
	 * still keeps less.
	 */
	{
		int			best = -1;
		bool		raised = false;

		for (int i = 0; i < n; i++)
		{
			if (out->decisions[i].p_context >= 0.5f && !out->decisions[i].vetoed)
				return;
			if (!out->stats[i].placeholder && !out->stats[i].icons &&
				(best < 0 || out->decisions[i].p_context > out->decisions[best].p_context))
				best = i;
		}
		for (int i = 0; i < n; i++)
			if (pga_block_is_prose(&out->stats[i], &out->page) && !out->stats[i].placeholder &&
				!out->stats[i].icons)
			{
				raise_to_half(&out->decisions[i], opt, explain, "; raised to 0.5: nothing else looked like article text");
				raised = true;
			}
		if (!raised && best >= 0 && out->stats[best].words >= 5)
			raise_to_half(&out->decisions[best], opt, explain, "; raised to 0.5: the best of a page with no article text");
	}
}

/*
 * The headline: in HTML the first <h1> of a few words, else the page title;
 * in plain text the short, unpunctuated line just before the first kept
 * block.
 */
static const char *
headline_of(const PgaCleaned *c, int first_kept)
{
	const PgaBlocks *b = &c->blocks;

	if (b->format == PGA_FORMAT_HTML)
	{
		for (int i = 0; i < b->nblocks; i++)
			if ((b->blocks[i].flags & PGA_BF_H1) && c->stats[i].words >= 3)
				return pga_block_text(b, &b->blocks[i]);
		return b->title;
	}
	for (int i = first_kept - 1; i >= 0 && i >= first_kept - 6; i--)
	{
		const PgaBlockStats *st = &c->stats[i];

		if (st->words >= 4 && st->words <= 25 && !st->sentence_end && !st->placeholder)
			return pga_block_text(b, &b->blocks[i]);
	}
	return NULL;
}

void
pga_cleaned_body(const PgaCleaned *c, StringInfo out)
{
	const PgaBlocks *b = &c->blocks;
	bool		first = true;
	int			first_kept = -1;

	for (int i = 0; i < b->nblocks && first_kept < 0; i++)
		if (c->decisions[i].keep)
			first_kept = i;
	if (c->keep_headline && first_kept >= 0)
	{
		const char *h = headline_of(c, first_kept);

		if (h && !(first_kept < b->nblocks &&
				   strcmp(h, pga_block_text(b, &b->blocks[first_kept])) == 0))
		{
			pga_buf_append(out, h, strlen(h));
			first = false;
		}
	}
	for (int i = 0; i < b->nblocks; i++)
	{
		const PgaBlock *blk = &b->blocks[i];

		if (!c->decisions[i].keep)
			continue;
		if (!first)
			pga_buf_append(out, "\n\n", 2);
		pga_buf_append(out, pga_block_text(b, blk), blk->len);
		first = false;
	}
}
