/*
 * sketch_ops.c
 *		What % (similar) and <% (contained) decide, shared by the operators
 *		and by the GIN and GiST rechecks so that index and sequential scans
 *		answer alike.
 *
 * A MinHash estimate from k slots has standard deviation sqrt(J(1-J)/k):
 * about 0.035 at J = 0.8 with 128 slots, so half of the pairs whose true
 * resemblance is exactly the threshold would be estimated just below it.
 * With pg_article.recall_margin on (the default) the operators accept an
 * estimate down to t - 2.33 sd, which keeps 99 % of pairs at or above t; the
 * functions resemblance() and containment() give the estimate itself for a
 * strict cut.
 */
#include "postgres.h"

#include <math.h>

#include "utils/guc.h"

#include "sketch/sketch.h"

double		pga_similarity_threshold = 0.8;
double		pga_containment_threshold = 0.8;
bool		pga_recall_margin = true;

/* one-sided 99 % quantile of the normal distribution */
#define RECALL_Z	2.326

void
pga_sketch_define_gucs(void)
{
	DefineCustomRealVariable("pg_article.similarity_threshold",
							 "Resemblance threshold of the % operator when the query gives none.",
							 "A query can carry its own threshold: col % sketch_query(q, 0.7).",
							 &pga_similarity_threshold, 0.8, 0.0, 1.0,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("pg_article.containment_threshold",
							 "Containment threshold of the <% operator when the query gives none.",
							 NULL,
							 &pga_containment_threshold, 0.8, 0.0, 1.0,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("pg_article.recall_margin",
							 "Lets % and <% accept sketch estimates slightly below the threshold, so that 99% of pairs truly at or above it are found.",
							 "Turn off to cut strictly at the estimate.",
							 &pga_recall_margin, true,
							 PGC_USERSET, 0, NULL, NULL, NULL);
}

double
pga_effective_threshold(double t, int nslots)
{
	if (!pga_recall_margin || t <= 0.0 || t >= 1.0)
		return t;
	return t - RECALL_Z * sqrt(t * (1.0 - t) / nslots);
}

/*
 * Resemblance J(A, B) >= t needs t |A| <= |B| <= |A| / t: check the sizes
 * before comparing slots.  Sizes are exact, so no margin applies to them
 * beyond the one of the threshold itself.
 */
bool
pga_sketch_similar(const PgaSketch *a, const PgaSketch *b, double t)
{
	double		te;
	double		ca,
				cb;

	pga_sketch_check_compatible(a, b);
	if (pga_sketch_is_empty(a) || pga_sketch_is_empty(b))
		return false;
	te = pga_effective_threshold(t, a->nslots);
	ca = a->cardinality;
	cb = b->cardinality;
	if (te > 0.0 && (cb < te * ca || ca < te * cb))
		return false;
	return (double) pga_sketch_matches(a, b) >= te * a->nslots - 1e-9;
}

/* Containment of a in b, |A ∩ B| / |A| >= t, needs |B| >= t |A|. */
bool
pga_sketch_contained(const PgaSketch *a, const PgaSketch *b, double t)
{
	double		te;

	pga_sketch_check_compatible(a, b);
	if (pga_sketch_is_empty(a) || pga_sketch_is_empty(b))
		return false;
	te = pga_effective_threshold(t, a->nslots);
	if ((double) b->cardinality < te * a->cardinality)
		return false;
	return pga_sketch_containment(a, b) >= te - 1e-9;
}
