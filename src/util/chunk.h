/*
 * chunk.h
 *		Splits a long UTF-8 text into pieces that can be transformed one at a
 *		time, so that a 100 MB article uses bounded working memory and the
 *		backend answers a cancel request or statement_timeout between pieces.
 *
 * A piece ends just after a line break when one is near, else just after an
 * ASCII space, else at a code point boundary.  Every transform in pg_article
 * either carries its state across pieces or only looks inside a run of
 * non-space characters, so splitting at spaces and line breaks does not change
 * results.  A run longer than PGA_CHUNK_MAX with no space or line break
 * (64 KB of Chinese with no punctuation) is cut only where no repair or
 * normalization step could join the two sides, looking up to 1 MB ahead for
 * such a place; only a megabyte without any is cut at a code point boundary.
 */
#ifndef PGA_CHUNK_H
#define PGA_CHUNK_H

#include "postgres.h"

#define PGA_CHUNK_TARGET	(32 * 1024)
#define PGA_CHUNK_MAX		(64 * 1024)
#define PGA_CHUNK_LIMIT		(1024 * 1024)	/* longest piece, for runs with no safe cut */

/* Returns the length of the next piece of s[0..len): usually at most PGA_CHUNK_MAX, never more than PGA_CHUNK_LIMIT. */
extern int	pga_next_chunk(const char *s, int len);

#endif
