/*
 * sketch_type.c
 *		SQL interface of the sketch, sketchquery and shingleset types:
 *		input/output, send/receive, constructors, estimates, operators.
 *
 * Text form, readable and accepted back by input:
 *	sketch:      k=128 w=5 seed=0 n=523 nv=1 scheme=oph set=shingles data=<hex>
 *	sketchquery: threshold=0.8 <sketch text form>
 *	shingleset:  w=5 nv=1 n=3 set=shingles data=<hex>
 * data holds the slots (8 hex digits each) and the slot-ownership bitmap, or
 * the shingle hashes (16 hex digits each).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "pg_article.h"
#include "normalize/normalize.h"
#include "ntext/ntext.h"
#include "sketch/sketch.h"

static const char hexdigits[] = "0123456789abcdef";

static void
append_hex_u32(StringInfo buf, uint32 v)
{
	int			i;

	for (i = 7; i >= 0; i--)
		appendStringInfoChar(buf, hexdigits[(v >> (4 * i)) & 0xF]);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads ndigits hex digits at *p into *v; false when they are not there. */
static bool
read_hex(const char **p, int ndigits, uint64 *v)
{
	int			i;

	*v = 0;
	for (i = 0; i < ndigits; i++)
	{
		int			d = hexval((*p)[i]);

		if (d < 0)
			return false;
		*v = (*v << 4) | (uint64) d;
	}
	*p += ndigits;
	return true;
}

static void
syntax_error(const char *type, const char *input, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%.60s%s\"", type, input,
					strlen(input) > 60 ? "..." : ""),
			 errdetail("%s", why),
			 errhint("Build values with sketch(text) or shingles(text); the text form is what their output shows.")));
}

/* ---- sketch ---- */

static void
sketch_to_text(const PgaSketch *sk, StringInfo buf)
{
	int			i;

	appendStringInfo(buf, "k=%d w=%d seed=%u n=%u nv=%d scheme=oph set=%s data=",
					 sk->nslots, sk->shingle_w, sk->seed, sk->cardinality, sk->norm_version,
					 (sk->flags & PGA_SKETCH_WORDSET) ? "words" : "shingles");
	for (i = 0; i < sk->nslots; i++)
		append_hex_u32(buf, sk->slots[i]);
	for (i = 0; i < sk->nslots / 8; i++)
	{
		appendStringInfoChar(buf, hexdigits[PGA_SKETCH_OWNMAP(sk)[i] >> 4]);
		appendStringInfoChar(buf, hexdigits[PGA_SKETCH_OWNMAP(sk)[i] & 0xF]);
	}
}

static PgaSketch *
sketch_from_text(const char *str, const char *type)
{
	int			k,
				w,
				nv,
				consumed = 0;
	unsigned int seed,
				n;
	char		scheme[16],
				set[16];
	const char *p;
	PgaSketch  *sk;
	int			i;

	if (sscanf(str, "k=%d w=%d seed=%u n=%u nv=%d scheme=%15s set=%15s data=%n",
			   &k, &w, &seed, &n, &nv, scheme, set, &consumed) < 7 || consumed == 0)
		syntax_error(type, str, "Expected \"k=... w=... seed=... n=... nv=... scheme=oph set=shingles|words data=...\".");
	if (strcmp(scheme, "oph") != 0)
		syntax_error(type, str, "Only scheme \"oph\" is known.");
	if (strcmp(set, "shingles") != 0 && strcmp(set, "words") != 0)
		syntax_error(type, str, "set must be \"shingles\" or \"words\".");
	pga_check_sketch_params(k, w);
	if (nv < 1 || nv > 255)
		syntax_error(type, str, "nv must be a normalization version between 1 and 255.");
	p = str + consumed;
	if (strlen(p) != (Size) k * 8 + k / 4)
		syntax_error(type, str, "data must hold 8 hex digits per slot and 2 per 8 slots.");
	sk = palloc0(PGA_SKETCH_SIZE(k));
	SET_VARSIZE(sk, PGA_SKETCH_SIZE(k));
	sk->format = PGA_SKETCH_FORMAT;
	sk->scheme = PGA_SKETCH_SCHEME_OPH;
	sk->shingle_w = (uint8) w;
	sk->norm_version = (uint8) nv;
	sk->nslots = (uint16) k;
	sk->flags = strcmp(set, "words") == 0 ? PGA_SKETCH_WORDSET : 0;
	sk->seed = seed;
	sk->cardinality = n;
	for (i = 0; i < k; i++)
	{
		uint64		v;

		if (!read_hex(&p, 8, &v))
			syntax_error(type, str, "data must be hexadecimal.");
		sk->slots[i] = (uint32) v;
	}
	for (i = 0; i < k / 8; i++)
	{
		uint64		v;

		if (!read_hex(&p, 2, &v))
			syntax_error(type, str, "data must be hexadecimal.");
		PGA_SKETCH_OWNMAP(sk)[i] = (uint8) v;
	}
	pga_sketch_validate(sk, VARSIZE(sk));
	return sk;
}

PG_FUNCTION_INFO_V1(sketch_in);
Datum
sketch_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(sketch_from_text(PG_GETARG_CSTRING(0), "minhash"));
}

PG_FUNCTION_INFO_V1(sketch_out);
Datum
sketch_out(PG_FUNCTION_ARGS)
{
	PgaSketch  *sk = PG_GETARG_SKETCH_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	sketch_to_text(sk, &buf);
	PG_RETURN_CSTRING(buf.data);
}

static void
sketch_send_into(const PgaSketch *sk, StringInfo buf)
{
	int			i;

	pq_sendbyte(buf, sk->format);
	pq_sendbyte(buf, sk->scheme);
	pq_sendbyte(buf, sk->shingle_w);
	pq_sendbyte(buf, sk->norm_version);
	pq_sendint16(buf, sk->nslots);
	pq_sendint16(buf, sk->flags);
	pq_sendint32(buf, sk->seed);
	pq_sendint32(buf, sk->cardinality);
	for (i = 0; i < sk->nslots; i++)
		pq_sendint32(buf, sk->slots[i]);
	pq_sendbytes(buf, (const char *) PGA_SKETCH_OWNMAP(sk), sk->nslots / 8);
}

static PgaSketch *
sketch_recv_from(StringInfo buf)
{
	uint8		format = pq_getmsgbyte(buf);
	uint8		scheme = pq_getmsgbyte(buf);
	uint8		w = pq_getmsgbyte(buf);
	uint8		nv = pq_getmsgbyte(buf);
	uint16		k = pq_getmsgint(buf, 2);
	PgaSketch  *sk;
	int			i;

	pga_check_sketch_params(k, w);
	sk = palloc0(PGA_SKETCH_SIZE(k));
	SET_VARSIZE(sk, PGA_SKETCH_SIZE(k));
	sk->format = format;
	sk->scheme = scheme;
	sk->shingle_w = w;
	sk->norm_version = nv;
	sk->nslots = k;
	sk->flags = pq_getmsgint(buf, 2);
	sk->seed = pq_getmsgint(buf, 4);
	sk->cardinality = pq_getmsgint(buf, 4);
	for (i = 0; i < k; i++)
		sk->slots[i] = pq_getmsgint(buf, 4);
	pq_copymsgbytes(buf, (char *) PGA_SKETCH_OWNMAP(sk), k / 8);
	pga_sketch_validate(sk, VARSIZE(sk));
	return sk;
}

PG_FUNCTION_INFO_V1(sketch_recv);
Datum
sketch_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(sketch_recv_from((StringInfo) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(sketch_send);
Datum
sketch_send(PG_FUNCTION_ARGS)
{
	PgaSketch  *sk = PG_GETARG_SKETCH_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	sketch_send_into(sk, &buf);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static uint32
seed_arg(int64 seed)
{
	if (seed < 0 || seed > PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sketch seed %lld is out of range", (long long) seed),
				 errhint("Use a seed between 0 and 4294967295; 0 is the default.")));
	return (uint32) seed;
}

PG_FUNCTION_INFO_V1(sketch_from_text_fn);
Datum
sketch_from_text_fn(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	pga_require_utf8();
	PG_RETURN_POINTER(pga_sketch_build(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), PG_GETARG_INT32(1),
									   PG_GETARG_INT32(2), seed_arg(PG_GETARG_INT64(3)), 0));
}

/* From an ntext: its stored display form is repaired already. */
PG_FUNCTION_INFO_V1(sketch_from_ntext_fn);
Datum
sketch_from_ntext_fn(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	const char *s;
	int			len;

	pga_require_utf8();
	ntext_display(v, &s, &len);
	PG_RETURN_POINTER(pga_sketch_build(s, len, PG_GETARG_INT32(1), PG_GETARG_INT32(2),
									   seed_arg(PG_GETARG_INT64(3)), PGA_FOLD_REPAIRED));
}

PG_FUNCTION_INFO_V1(sketch_from_shingleset_fn);
Datum
sketch_from_shingleset_fn(PG_FUNCTION_ARGS)
{
	PgaShingleSet *set = PG_GETARG_SHINGLESET_P(0);
	PgaSketch  *sk;

	sk = pga_sketch_from_hashes(set->hashes, (int) set->nhashes, true, PG_GETARG_INT32(1),
								seed_arg(PG_GETARG_INT64(2)), set->shingle_w,
								(set->flags & PGA_SKETCH_WORDSET) != 0);
	sk->norm_version = set->norm_version;
	PG_RETURN_POINTER(sk);
}

PG_FUNCTION_INFO_V1(sketch_resemblance);
Datum
sketch_resemblance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(pga_sketch_resemblance(PG_GETARG_SKETCH_P(0), PG_GETARG_SKETCH_P(1)));
}

PG_FUNCTION_INFO_V1(sketch_containment);
Datum
sketch_containment(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(pga_sketch_containment(PG_GETARG_SKETCH_P(0), PG_GETARG_SKETCH_P(1)));
}

PG_FUNCTION_INFO_V1(sketch_distance);
Datum
sketch_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(1.0 - pga_sketch_resemblance(PG_GETARG_SKETCH_P(0), PG_GETARG_SKETCH_P(1)));
}

PG_FUNCTION_INFO_V1(sketch_similar_op);
Datum
sketch_similar_op(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pga_sketch_similar(PG_GETARG_SKETCH_P(0), PG_GETARG_SKETCH_P(1),
									  pga_similarity_threshold));
}

PG_FUNCTION_INFO_V1(sketch_similar_query_op);
Datum
sketch_similar_query_op(PG_FUNCTION_ARGS)
{
	PgaSketchQuery *q = PG_GETARG_SKETCHQUERY_P(1);

	PG_RETURN_BOOL(pga_sketch_similar(PG_GETARG_SKETCH_P(0), &q->sketch, q->threshold));
}

/* a %> b: a contains b (b is contained in a) */
PG_FUNCTION_INFO_V1(sketch_contains_op);
Datum
sketch_contains_op(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pga_sketch_contained(PG_GETARG_SKETCH_P(1), PG_GETARG_SKETCH_P(0),
										pga_containment_threshold));
}

PG_FUNCTION_INFO_V1(sketch_contains_query_op);
Datum
sketch_contains_query_op(PG_FUNCTION_ARGS)
{
	PgaSketchQuery *q = PG_GETARG_SKETCHQUERY_P(1);

	PG_RETURN_BOOL(pga_sketch_contained(&q->sketch, PG_GETARG_SKETCH_P(0), q->threshold));
}

/* a <% b: a is contained in b */
PG_FUNCTION_INFO_V1(sketch_contained_op);
Datum
sketch_contained_op(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(pga_sketch_contained(PG_GETARG_SKETCH_P(0), PG_GETARG_SKETCH_P(1),
										pga_containment_threshold));
}

PG_FUNCTION_INFO_V1(sketch_contained_query_op);
Datum
sketch_contained_query_op(PG_FUNCTION_ARGS)
{
	PgaSketchQuery *q = PG_GETARG_SKETCHQUERY_P(1);

	PG_RETURN_BOOL(pga_sketch_contained(PG_GETARG_SKETCH_P(0), &q->sketch, q->threshold));
}

PG_FUNCTION_INFO_V1(sketch_union_fn);
Datum
sketch_union_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(pga_sketch_union(PG_GETARG_SKETCH_P(0), PG_GETARG_SKETCH_P(1)));
}

PG_FUNCTION_INFO_V1(sketch_info);
Datum
sketch_info(PG_FUNCTION_ARGS)
{
	PgaSketch  *sk = PG_GETARG_SKETCH_P(0);
	TupleDesc	tupdesc;
	Datum		values[7];
	bool		nulls[7] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sketch_info must return a record");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int32GetDatum(sk->nslots);
	values[1] = Int32GetDatum(sk->shingle_w);
	values[2] = Int64GetDatum((int64) sk->seed);
	values[3] = Int64GetDatum((int64) sk->cardinality);
	values[4] = BoolGetDatum((sk->flags & PGA_SKETCH_WORDSET) != 0);
	values[5] = Int32GetDatum(sk->norm_version);
	values[6] = CStringGetTextDatum("oph");
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---- sketchquery ---- */

static PgaSketchQuery *
make_query(const PgaSketch *sk, double threshold)
{
	PgaSketchQuery *q;
	Size		size = offsetof(PgaSketchQuery, sketch) + VARSIZE(sk);

	if (isnan(threshold) || threshold < 0.0 || threshold > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold %g is out of range", threshold),
				 errhint("A resemblance or containment threshold is between 0 and 1.")));
	q = palloc(size);
	SET_VARSIZE(q, size);
	q->threshold = (float4) threshold;
	memcpy(&q->sketch, sk, VARSIZE(sk));
	return q;
}

PG_FUNCTION_INFO_V1(sketchquery_in);
Datum
sketchquery_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	double		t;
	int			consumed = 0;

	if (sscanf(str, "threshold=%lf %n", &t, &consumed) < 1 || consumed == 0)
		syntax_error("minhash_query", str, "Expected \"threshold=<0..1> \" followed by a sketch.");
	PG_RETURN_POINTER(make_query(sketch_from_text(str + consumed, "minhash_query"), t));
}

PG_FUNCTION_INFO_V1(sketchquery_out);
Datum
sketchquery_out(PG_FUNCTION_ARGS)
{
	PgaSketchQuery *q = PG_GETARG_SKETCHQUERY_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "threshold=%g ", q->threshold);
	sketch_to_text(&q->sketch, &buf);
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(sketchquery_recv);
Datum
sketchquery_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	float4		t = pq_getmsgfloat4(buf);

	PG_RETURN_POINTER(make_query(sketch_recv_from(buf), t));
}

PG_FUNCTION_INFO_V1(sketchquery_send);
Datum
sketchquery_send(PG_FUNCTION_ARGS)
{
	PgaSketchQuery *q = PG_GETARG_SKETCHQUERY_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendfloat4(&buf, q->threshold);
	sketch_send_into(&q->sketch, &buf);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(sketchquery_make);
Datum
sketchquery_make(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(make_query(PG_GETARG_SKETCH_P(0), PG_GETARG_FLOAT4(1)));
}

/* ---- shingleset ---- */

PG_FUNCTION_INFO_V1(shingleset_in);
Datum
shingleset_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int			w,
				nv,
				consumed = 0;
	unsigned int n;
	char		set[16];
	const char *p;
	PgaShingleSet *s;
	Size		size;
	uint32		i;

	if (sscanf(str, "w=%d nv=%d n=%u set=%15s data=%n", &w, &nv, &n, set, &consumed) < 4 || consumed == 0)
		syntax_error("shingleset", str, "Expected \"w=... nv=... n=... set=shingles|words data=...\".");
	pga_check_sketch_params(PGA_DEFAULT_SLOTS, w);
	if (nv < 1 || nv > 255 || (strcmp(set, "shingles") != 0 && strcmp(set, "words") != 0))
		syntax_error("shingleset", str, "nv must be 1..255 and set \"shingles\" or \"words\".");
	p = str + consumed;
	if ((Size) n > (MaxAllocSize - PGA_SHINGLESET_HDRSZ) / sizeof(uint64) || strlen(p) != (Size) n * 16)
		syntax_error("shingleset", str, "data must hold 16 hex digits per shingle.");
	size = PGA_SHINGLESET_HDRSZ + sizeof(uint64) * (Size) n;
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->format = PGA_SKETCH_FORMAT;
	s->shingle_w = (uint8) w;
	s->norm_version = (uint8) nv;
	s->flags = strcmp(set, "words") == 0 ? PGA_SKETCH_WORDSET : 0;
	s->nhashes = n;
	for (i = 0; i < n; i++)
	{
		if (!read_hex(&p, 16, &s->hashes[i]))
			syntax_error("shingleset", str, "data must be hexadecimal.");
		if (i > 0 && s->hashes[i] <= s->hashes[i - 1])
			syntax_error("shingleset", str, "shingle hashes must be sorted and distinct.");
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(shingleset_out);
Datum
shingleset_out(PG_FUNCTION_ARGS)
{
	PgaShingleSet *s = PG_GETARG_SHINGLESET_P(0);
	StringInfoData buf;
	uint32		i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "w=%d nv=%d n=%u set=%s data=", s->shingle_w, s->norm_version, s->nhashes,
					 (s->flags & PGA_SKETCH_WORDSET) ? "words" : "shingles");
	for (i = 0; i < s->nhashes; i++)
	{
		append_hex_u32(&buf, (uint32) (s->hashes[i] >> 32));
		append_hex_u32(&buf, (uint32) s->hashes[i]);
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(shingleset_recv);
Datum
shingleset_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint8		format = pq_getmsgbyte(buf);
	uint8		w = pq_getmsgbyte(buf);
	uint8		nv = pq_getmsgbyte(buf);
	uint8		flags = pq_getmsgbyte(buf);
	uint32		n = pq_getmsgint(buf, 4);
	PgaShingleSet *s;
	Size		size;
	uint32		i;

	if (format != PGA_SKETCH_FORMAT || (Size) n > (MaxAllocSize - PGA_SHINGLESET_HDRSZ) / sizeof(uint64) ||
		(Size) (buf->len - buf->cursor) != (Size) n * 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary shingleset")));
	pga_check_sketch_params(PGA_DEFAULT_SLOTS, w);
	size = PGA_SHINGLESET_HDRSZ + sizeof(uint64) * (Size) n;
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->format = format;
	s->shingle_w = w;
	s->norm_version = nv;
	s->flags = flags;
	s->nhashes = n;
	for (i = 0; i < n; i++)
	{
		s->hashes[i] = pq_getmsgint64(buf);
		if (i > 0 && s->hashes[i] <= s->hashes[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary shingleset: hashes not sorted and distinct")));
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(shingleset_send);
Datum
shingleset_send(PG_FUNCTION_ARGS)
{
	PgaShingleSet *s = PG_GETARG_SHINGLESET_P(0);
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->format);
	pq_sendbyte(&buf, s->shingle_w);
	pq_sendbyte(&buf, s->norm_version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint32(&buf, s->nhashes);
	for (i = 0; i < s->nhashes; i++)
		pq_sendint64(&buf, s->hashes[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(shingles_from_text_fn);
Datum
shingles_from_text_fn(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			w = PG_GETARG_INT32(1);

	pga_require_utf8();
	pga_check_sketch_params(PGA_DEFAULT_SLOTS, w);
	PG_RETURN_POINTER(pga_shingleset_build(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), w, 0));
}

PG_FUNCTION_INFO_V1(shingles_from_ntext_fn);
Datum
shingles_from_ntext_fn(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	int			w = PG_GETARG_INT32(1);
	const char *s;
	int			len;

	pga_require_utf8();
	pga_check_sketch_params(PGA_DEFAULT_SLOTS, w);
	ntext_display(v, &s, &len);
	PG_RETURN_POINTER(pga_shingleset_build(s, len, w, PGA_FOLD_REPAIRED));
}

PG_FUNCTION_INFO_V1(shingleset_resemblance);
Datum
shingleset_resemblance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(pga_shingleset_resemblance(PG_GETARG_SHINGLESET_P(0), PG_GETARG_SHINGLESET_P(1)));
}

PG_FUNCTION_INFO_V1(shingleset_containment);
Datum
shingleset_containment(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(pga_shingleset_containment(PG_GETARG_SHINGLESET_P(0), PG_GETARG_SHINGLESET_P(1)));
}

PG_FUNCTION_INFO_V1(shingleset_count);
Datum
shingleset_count(PG_FUNCTION_ARGS)
{
	PgaShingleSet *s = PG_GETARG_SHINGLESET_P(0);

	PG_RETURN_INT32((int32) s->nhashes);
}
