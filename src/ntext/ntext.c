/*
 * ntext.c
 *		Input, output, casts, comparison and hashing of ntext (see ntext.h).
 */
#include "postgres.h"

#include "access/detoast.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"


#include <xxhash.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "ntext/ntext.h"

/* Parts of a detoasted value. */
typedef struct NTextParts
{
	NTextHeader hdr;
	const char *folded;
	const char *display;
	Size		display_len;
} NTextParts;

static void
ntext_parts(struct varlena *v, NTextParts *p)
{
	const char *data = VARDATA_ANY(v);
	Size		size = VARSIZE_ANY_EXHDR(v);

	if (size < NTEXT_HEADER_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid ntext value: %zu bytes", size)));
	memcpy(&p->hdr, data, NTEXT_HEADER_SIZE);
	if (p->hdr.folded_len > size - NTEXT_HEADER_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid ntext value: folded length %u exceeds value size %zu",
						p->hdr.folded_len, size)));
	p->folded = data + NTEXT_HEADER_SIZE;
	p->display = p->folded + p->hdr.folded_len;
	p->display_len = size - NTEXT_HEADER_SIZE - p->hdr.folded_len;
}

void
ntext_display(struct varlena *v, const char **s, int *len)
{
	NTextParts	p;

	ntext_parts(v, &p);
	*s = p.display;
	*len = (int) p.display_len;
}

struct varlena *
ntext_from_utf8(const char *s, int len)
{
	StringInfoData display;
	StringInfoData folded;
	NTextHeader hdr;
	Size		total;
	struct varlena *result;
	char	   *p;

	pga_require_utf8();
	pga_buf_init(&display, len);
	pga_normalize_display(s, len, &display);
	pga_buf_init(&folded, display.len);
	/* the display form is repaired already: folding it gives fold_text(s) */
	pga_fold(display.data, display.len, PGA_FOLD_REPAIRED, &folded);

	total = VARHDRSZ + NTEXT_HEADER_SIZE + (Size) display.len + (Size) folded.len;
	if (total > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("ntext value would need %zu bytes, more than the maximum of %zu",
						total, (Size) MaxAllocSize),
				 errhint("An ntext stores the display and the folded form; keep values under about 500 MB, or use text with fold_text().")));

	memset(&hdr, 0, sizeof(hdr));
	hdr.version = PGA_NORMALIZATION_VERSION;
	hdr.folded_len = (uint32) folded.len;
	hdr.fingerprint = pga_fingerprint_folded(folded.data, folded.len);

	result = (struct varlena *) palloc(total);
	SET_VARSIZE(result, total);
	p = VARDATA(result);
	memcpy(p, &hdr, NTEXT_HEADER_SIZE);
	memcpy(p + NTEXT_HEADER_SIZE, folded.data, folded.len);
	memcpy(p + NTEXT_HEADER_SIZE + folded.len, display.data, display.len);
	pfree(display.data);
	pfree(folded.data);
	return result;
}

PG_FUNCTION_INFO_V1(ntext_in);
Datum
ntext_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);

	PG_RETURN_POINTER(ntext_from_utf8(s, strlen(s)));
}

PG_FUNCTION_INFO_V1(ntext_out);
Datum
ntext_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	NTextParts	p;

	ntext_parts(v, &p);
	PG_RETURN_CSTRING(pnstrdup(p.display, p.display_len));
}

/* Binary form: int8 normalization version, then the display form as text. */
PG_FUNCTION_INFO_V1(ntext_recv);
Datum
ntext_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			nbytes;
	char	   *s;

	if (version < 1 || version > PGA_NORMALIZATION_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported ntext binary format version %d", version),
				 errhint("This server's pg_article reads versions 1 to %d; upgrade pg_article.",
						 PGA_NORMALIZATION_VERSION)));
	/* values are re-normalized: never trust a client's folded form */
	s = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);
	PG_RETURN_POINTER(ntext_from_utf8(s, nbytes));
}

PG_FUNCTION_INFO_V1(ntext_send);
Datum
ntext_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	NTextParts	p;
	StringInfoData buf;

	ntext_parts(v, &p);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PGA_NORMALIZATION_VERSION);
	pq_sendtext(&buf, p.display, p.display_len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(ntext_from_text);
Datum
ntext_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_POINTER(ntext_from_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/* The cast to text copies the stored display form: no normalization, no ICU. */
PG_FUNCTION_INFO_V1(ntext_to_text);
Datum
ntext_to_text(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	NTextParts	p;

	ntext_parts(v, &p);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(p.display, p.display_len));
}

PG_FUNCTION_INFO_V1(ntext_folded);
Datum
ntext_folded(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	NTextParts	p;

	ntext_parts(v, &p);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(p.folded, p.hdr.folded_len));
}

/*
 * Reads only the header, detoasting just its slice: hashing and the
 * fingerprint need no more than 16 bytes of a large compressed value.
 */
static void
ntext_header(Datum d, NTextHeader *hdr)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);
	struct varlena *v;

	/* (a short-header inline value is plain; VARATT_IS_SHORT alone would also match TOAST pointers) */
	if (VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw))
		v = detoast_attr_slice(raw, 0, NTEXT_HEADER_SIZE);
	else
		v = raw;
	if (VARSIZE_ANY_EXHDR(v) < NTEXT_HEADER_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid ntext value: %zu bytes", (Size) VARSIZE_ANY_EXHDR(v))));
	memcpy(hdr, VARDATA_ANY(v), NTEXT_HEADER_SIZE);
	if (v != raw)
		pfree(v);
}

PG_FUNCTION_INFO_V1(ntext_fingerprint);
Datum
ntext_fingerprint(PG_FUNCTION_ARGS)
{
	NTextHeader hdr;

	ntext_header(PG_GETARG_DATUM(0), &hdr);
	PG_RETURN_INT64((int64) hdr.fingerprint);
}

PG_FUNCTION_INFO_V1(ntext_version);
Datum
ntext_version(PG_FUNCTION_ARGS)
{
	NTextHeader hdr;

	ntext_header(PG_GETARG_DATUM(0), &hdr);
	PG_RETURN_INT32(hdr.version);
}

/* Bytes of folded form a comparison reads before it detoasts whole values. */
#define NTEXT_PREFIX	256

static bool
is_toasted(Datum d)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);

	return VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw);
}

/* Header and up to NTEXT_PREFIX bytes of folded form of a TOASTed value. */
static struct varlena *
ntext_prefix(Datum d)
{
	return detoast_attr_slice((struct varlena *) DatumGetPointer(d), 0, NTEXT_HEADER_SIZE + NTEXT_PREFIX);
}

static int
compare_folded(const char *a, Size alen, const char *b, Size blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c == 0 && alen != blen)
		c = (alen < blen) ? -1 : 1;
	return c;
}

/*
 * Order of folded forms: bytewise UTF-8, which is code point order.
 * TOASTed values are compared on a prefix slice first, which decides almost
 * every pair without detoasting either value.
 */
static int
ntext_compare(Datum a, Datum b)
{
	struct varlena *va;
	struct varlena *vb;
	NTextParts	pa,
				pb;
	int			c;

	if (is_toasted(a) || is_toasted(b))
	{
		struct varlena *sa = is_toasted(a) ? ntext_prefix(a) : (struct varlena *) DatumGetPointer(a);
		struct varlena *sb = is_toasted(b) ? ntext_prefix(b) : (struct varlena *) DatumGetPointer(b);
		NTextHeader ha,
					hb;
		Size		avail_a = VARSIZE_ANY_EXHDR(sa) - NTEXT_HEADER_SIZE,
					avail_b = VARSIZE_ANY_EXHDR(sb) - NTEXT_HEADER_SIZE;
		Size		la,
					lb;

		memcpy(&ha, VARDATA_ANY(sa), NTEXT_HEADER_SIZE);
		memcpy(&hb, VARDATA_ANY(sb), NTEXT_HEADER_SIZE);
		la = Min(avail_a, ha.folded_len);
		lb = Min(avail_b, hb.folded_len);
		c = memcmp(VARDATA_ANY(sa) + NTEXT_HEADER_SIZE, VARDATA_ANY(sb) + NTEXT_HEADER_SIZE, Min(la, lb));
		if (c == 0 && la == ha.folded_len && lb == hb.folded_len)
			c = (la == lb) ? 0 : (la < lb ? -1 : 1);	/* both folded forms seen whole */
		else if (c == 0 && (la < lb ? la == ha.folded_len : (lb < la && lb == hb.folded_len)))
			c = (la < lb) ? -1 : 1;	/* one is a proper prefix of the other */
		if ((Pointer) sa != DatumGetPointer(a))
			pfree(sa);
		if ((Pointer) sb != DatumGetPointer(b))
			pfree(sb);
		if (c != 0 || (la == ha.folded_len && lb == hb.folded_len))
			return c;
	}
	va = PG_DETOAST_DATUM_PACKED(a);
	vb = PG_DETOAST_DATUM_PACKED(b);
	ntext_parts(va, &pa);
	ntext_parts(vb, &pb);
	c = compare_folded(pa.folded, pa.hdr.folded_len, pb.folded, pb.hdr.folded_len);
	if ((Pointer) va != DatumGetPointer(a))
		pfree(va);
	if ((Pointer) vb != DatumGetPointer(b))
		pfree(vb);
	return c;
}

/* Equality looks at the fingerprints first: most unequal pairs stop there. */
static bool
ntext_equal(Datum a, Datum b)
{
	NTextHeader ha,
				hb;

	ntext_header(a, &ha);
	ntext_header(b, &hb);
	if (ha.fingerprint != hb.fingerprint)
		return false;
	return ntext_compare(a, b) == 0;
}

PG_FUNCTION_INFO_V1(ntext_eq);
Datum
ntext_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ntext_equal(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(ntext_ne);
Datum
ntext_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!ntext_equal(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(ntext_lt);
Datum
ntext_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ntext_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) < 0);
}

PG_FUNCTION_INFO_V1(ntext_le);
Datum
ntext_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ntext_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0);
}

PG_FUNCTION_INFO_V1(ntext_gt);
Datum
ntext_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ntext_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) > 0);
}

PG_FUNCTION_INFO_V1(ntext_ge);
Datum
ntext_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ntext_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0);
}

PG_FUNCTION_INFO_V1(ntext_cmp);
Datum
ntext_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(ntext_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(ntext_larger);
Datum
ntext_larger(PG_FUNCTION_ARGS)
{
	Datum		a = PG_GETARG_DATUM(0),
				b = PG_GETARG_DATUM(1);

	PG_RETURN_DATUM(ntext_compare(a, b) >= 0 ? a : b);
}

PG_FUNCTION_INFO_V1(ntext_smaller);
Datum
ntext_smaller(PG_FUNCTION_ARGS)
{
	Datum		a = PG_GETARG_DATUM(0),
				b = PG_GETARG_DATUM(1);

	PG_RETURN_DATUM(ntext_compare(a, b) <= 0 ? a : b);
}

static int
ntext_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return ntext_compare(a, b);
}

/*
 * Abbreviated keys: the first 8 bytes of the folded form, big-endian, so
 * that comparing keys as unsigned integers agrees with memcmp order.  Each
 * key reads only a prefix slice of its value.
 */
static Datum
ntext_abbrev_convert(Datum original, SortSupport ssup)
{
	struct varlena *v = is_toasted(original) ? ntext_prefix(original)
		: (struct varlena *) DatumGetPointer(original);
	NTextHeader hdr;
	const char *folded = VARDATA_ANY(v) + NTEXT_HEADER_SIZE;
	Size		avail = VARSIZE_ANY_EXHDR(v) - NTEXT_HEADER_SIZE;
	uint64		key = 0;
	Size		i;

	memcpy(&hdr, VARDATA_ANY(v), NTEXT_HEADER_SIZE);
	for (i = 0; i < 8; i++)
		key = (key << 8) | (i < Min(avail, hdr.folded_len) ? (unsigned char) folded[i] : 0);
	if ((Pointer) v != DatumGetPointer(original))
		pfree(v);
#if SIZEOF_DATUM == 8
	return UInt64GetDatum(key);
#else
	return UInt32GetDatum((uint32) (key >> 32));
#endif
}

static int
ntext_abbrev_cmp(Datum a, Datum b, SortSupport ssup)
{
#if SIZEOF_DATUM == 8
	uint64		x = DatumGetUInt64(a),
				y = DatumGetUInt64(b);
#else
	uint32		x = DatumGetUInt32(a),
				y = DatumGetUInt32(b);
#endif

	return (x > y) - (x < y);
}

static bool
ntext_abbrev_abort(int memtupcount, SortSupport ssup)
{
	return false;				/* keys are cheap to make once the value is read */
}

PG_FUNCTION_INFO_V1(ntext_sortsupport);
Datum
ntext_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ntext_fastcmp;
	if (ssup->abbreviate)
	{
		ssup->abbrev_full_comparator = ntext_fastcmp;
		ssup->comparator = ntext_abbrev_cmp;
		ssup->abbrev_converter = ntext_abbrev_convert;
		ssup->abbrev_abort = ntext_abbrev_abort;
	}
	PG_RETURN_VOID();
}

/* The hash is the fingerprint, read from the header. */
PG_FUNCTION_INFO_V1(ntext_hash);
Datum
ntext_hash(PG_FUNCTION_ARGS)
{
	NTextHeader hdr;

	ntext_header(PG_GETARG_DATUM(0), &hdr);
	PG_RETURN_INT32((int32) (uint32) hdr.fingerprint);
}

/* Seed 0 gives the fingerprint itself, whose low 32 bits are ntext_hash. */
PG_FUNCTION_INFO_V1(ntext_hash_extended);
Datum
ntext_hash_extended(PG_FUNCTION_ARGS)
{
	uint64		seed = (uint64) PG_GETARG_INT64(1);
	NTextHeader hdr;
	struct varlena *v;
	NTextParts	p;
	uint64		h;

	if (seed == 0)
	{
		ntext_header(PG_GETARG_DATUM(0), &hdr);
		PG_RETURN_INT64((int64) hdr.fingerprint);
	}
	v = PG_GETARG_VARLENA_PP(0);
	ntext_parts(v, &p);
	h = XXH3_64bits_withSeed(p.folded, p.hdr.folded_len, seed);
	PG_RETURN_INT64((int64) h);
}
