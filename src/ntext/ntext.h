/*
 * ntext.h
 *		The normalized-text type.
 *
 * A value stores the display form (what casts to text and output show), the
 * folded form (what =, <, hashing and B-tree order use) and the fingerprint
 * of the folded form, so comparing two stored values is a memcmp and hashing
 * reads 16 bytes: ICU never runs on a comparison.
 *
 *	varlena header | NTextHeader (16 bytes) | folded bytes | display bytes
 *
 * The folded form comes first so that comparing two TOASTed values usually
 * needs only a prefix slice of each, not the whole value.  The header is read
 * with memcpy, since packed (1-byte header) values are not aligned.
 */
#ifndef PGA_NTEXT_H
#define PGA_NTEXT_H

#include "postgres.h"

typedef struct NTextHeader
{
	uint8		version;		/* PGA_NORMALIZATION_VERSION when stored */
	uint8		flags;			/* reserved, 0 */
	uint16		reserved;
	uint32		folded_len;		/* bytes of folded form */
	uint64		fingerprint;	/* pga_fingerprint_folded(folded) */
} NTextHeader;

#define NTEXT_HEADER_SIZE	sizeof(NTextHeader)

/* Builds a value from any UTF-8 text (normalizing it). */
extern struct varlena *ntext_from_utf8(const char *s, int len);

/* The display form of a detoasted value (for later stages: it is repaired already). */
extern void ntext_display(struct varlena *v, const char **s, int *len);

#endif
