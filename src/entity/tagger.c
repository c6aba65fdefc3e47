/*
 * tagger.c
 *		The entity tagger: an averaged structured perceptron over hashed
 *		features (features.c) with first-order Viterbi decoding of BIO labels;
 *		its training (pga_ner_train, behind the SQL function entity_train);
 *		and the model file, loaded once per backend into TopMemoryContext.
 *
 * Model file (little-endian), written by pga_ner_train:
 *	"PGAENT01"	magic, 8 bytes
 *	uint32		byte-order mark 0x01020304
 *	uint32		bits (feature rows = 1 << bits), 10..24
 *	uint32		labels (7)
 *	float32		scale of the int16 weights
 *	float32		transitions [8][7] (row 7: from the start)
 *	uint32		number of rows that follow
 *	rows		uint32 row index (ascending), int16 weight[7]
 *	uint32		FNV-1a checksum of every byte before it
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port.h"
#include "storage/fd.h"
#include "utils/memutils.h"

#include <math.h>

#include "pg_article.h"
#include "normalize/normalize.h"
#include "entity/entity.h"

#define MODEL_FILE	"pg_article_entity.model"
#define MAGIC		"PGAENT01"
#define NL			PGA_NER_NLABELS
#define START		NL			/* transition row of the start */

static PgaNerModel *model = NULL;

static uint32
fnv32(const char *p, Size n)
{
	uint32		h = 2166136261u;
	Size		i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8) p[i]) * 16777619u;
	return h;
}

static void
model_error(const char *path, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("pg_article entity model %s is corrupt: %s", path, what),
			 errhint("Reinstall pg_article (make install), or retrain the model with \"make entity-model\".")));
}

/* Parses and checks a model file image; the result lives in TopMemoryContext. */
static PgaNerModel *
model_parse(const char *data, Size len, const char *what)
{
	PgaNerModel *m;
	uint32		u,
				bits,
				nrows,
				i;
	const char *p = data;
	Size		need;
	uint32		prev = 0;

	if (len < 8 + 4 * 4 + sizeof(float) * (NL + 1) * NL + 4 + 4)
		model_error(what, "too short");
	if (memcmp(p, MAGIC, 8) != 0)
		model_error(what, "not a pg_article entity model (bad magic)");
	p += 8;
	memcpy(&u, p, 4);
	p += 4;
	if (u != 0x01020304)
		model_error(what, "written with another byte order");
	memcpy(&bits, p, 4);
	p += 4;
	if (bits < 10 || bits > 24)
		model_error(what, "bad number of feature rows");
	memcpy(&u, p, 4);
	p += 4;
	if (u != NL)
		model_error(what, "bad number of labels");
	memcpy(&u, data + len - 4, 4);
	if (fnv32(data, len - 4) != u)
		model_error(what, "checksum mismatch");

	m = MemoryContextAllocZero(TopMemoryContext, sizeof(PgaNerModel));
	m->bits = bits;
	memcpy(&m->scale, p, sizeof(float));
	p += sizeof(float);
	memcpy(m->trans, p, sizeof(m->trans));
	p += sizeof(m->trans);
	memcpy(&nrows, p, 4);
	p += 4;
	need = (Size) (p - data) + (Size) nrows * (4 + 2 * NL) + 4;
	if (need != len || !isfinite(m->scale) || m->scale <= 0)
	{
		pfree(m);
		model_error(what, "inconsistent size");
	}
	m->w = MemoryContextAllocHuge(TopMemoryContext, sizeof(int16) * 8 * ((Size) 1 << bits));
	memset(m->w, 0, sizeof(int16) * 8 * ((Size) 1 << bits));
	for (i = 0; i < nrows; i++)
	{
		uint32		row;

		memcpy(&row, p, 4);
		p += 4;
		if (row >= ((uint32) 1 << bits) || (i > 0 && row <= prev))
		{
			pfree(m->w);
			pfree(m);
			model_error(what, "bad row index");
		}
		memcpy(&m->w[(Size) row * 8], p, 2 * NL);
		p += 2 * NL;
		prev = row;
	}
	m->filesize = len;
	m->nrows = nrows;
	return m;
}

const PgaNerModel *
pga_ner_model(void)
{
	char		sharepath[MAXPGPATH],
				path[MAXPGPATH];
	FILE	   *f;
	long		len;
	char	   *data;

	if (model)
		return model;
	get_share_path(my_exec_path, sharepath);
	snprintf(path, sizeof(path), "%s/extension/%s", sharepath, MODEL_FILE);
	f = AllocateFile(path, "rb");
	if (f == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open pg_article entity model \"%s\": %m", path),
				 errhint("Install pg_article with \"make install\", which installs the model beside the extension's SQL files.")));
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
	{
		FreeFile(f);
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read pg_article entity model \"%s\": %m", path)));
	}
	if ((Size) len > MaxAllocSize)
	{
		FreeFile(f);
		model_error(path, "too large");
	}
	data = palloc(Max(len, 1));
	if (fread(data, 1, len, f) != (size_t) len)
	{
		FreeFile(f);
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read pg_article entity model \"%s\": %m", path)));
	}
	FreeFile(f);
	model = model_parse(data, len, path);
	pfree(data);
	return model;
}

void
pga_ner_model_use(const char *data, Size len)
{
	PgaNerModel *m = model_parse(data, len, "given to entity_model_load");

	if (model)
	{
		pfree(model->w);
		pfree(model);
	}
	model = m;
}

/* ---- decoding */

static inline bool
allowed(int prev, int cur, uint32 flags)
{
	if (cur == PGA_NER_O)
		return true;
	if (PGA_NER_IS_B(cur))
		return (flags & NT_WORD) && !(flags & NT_POSS);
	/* I-k only after B-k or I-k */
	return prev != START && prev != PGA_NER_O && PGA_NER_KIND(prev) == PGA_NER_KIND(cur);
}

/* Viterbi over emission scores em[n][NL] and transitions; writes labels */
static void
viterbi(const PgaNerDoc *doc, const float *em, const float (*trans)[NL], uint8 *labels)
{
	int			n = doc->ntoks,
				i,
				l,
				p;
	float		prev[NL],
				cur[NL];
	uint8	   *back;

	if (n == 0)
		return;
	back = palloc(sizeof(uint8) * NL * (Size) n);
	for (l = 0; l < NL; l++)
		prev[l] = allowed(START, l, doc->toks[0].flags) ? trans[START][l] + em[l] : -1e30f;
	for (i = 1; i < n; i++)
	{
		uint32		flags = doc->toks[i].flags;

		for (l = 0; l < NL; l++)
		{
			float		best = -1e30f;
			int			arg = 0;

			if (allowed(PGA_NER_O, l, flags) || !PGA_NER_IS_B(l))
			{
				for (p = 0; p < NL; p++)
				{
					float		s;

					if (!allowed(p, l, flags))
						continue;
					s = prev[p] + trans[p][l];
					if (s > best)
					{
						best = s;
						arg = p;
					}
				}
			}
			cur[l] = best + em[(Size) i * NL + l];
			back[(Size) i * NL + l] = arg;
		}
		memcpy(prev, cur, sizeof(prev));
	}
	l = 0;
	for (p = 1; p < NL; p++)
		if (prev[p] > prev[l])
			l = p;
	for (i = n - 1; i >= 0; i--)
	{
		labels[i] = l;
		if (i > 0)
			l = back[(Size) i * NL + l];
	}
	pfree(back);
}

void
pga_ner_tag(const PgaNerModel *m, const PgaNerDoc *doc, uint8 *labels)
{
	uint32		mask = ((uint32) 1 << m->bits) - 1;
	float	   *em;
	int			i;

	if (doc->ntoks == 0)
		return;
	em = palloc(sizeof(float) * NL * (Size) doc->ntoks);
	for (i = 0; i < doc->ntoks; i++)
	{
		uint32		f[PGA_NER_MAXFEAT];
		int32		acc[8] = {0};
		int			nf = pga_ner_features(doc, i, f, mask),
					k,
					l;

		for (k = 0; k < nf; k++)
		{
			const int16 *row = &m->w[(Size) f[k] * 8];

			for (l = 0; l < 8; l++)
				acc[l] += row[l];
		}
		for (l = 0; l < NL; l++)
			em[(Size) i * NL + l] = acc[l] * m->scale;
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	viterbi(doc, em, (const float (*)[NL]) m->trans, labels);
	pfree(em);
}

/* ---- training */

typedef struct TrainDoc
{
	int			ntoks;
	PgaNerDoc	doc;			/* tokens kept for the flags used by decoding */
	uint32	   *feats;			/* ntoks * PGA_NER_MAXFEAT, unused slots = UINT32_MAX */
	uint8	   *gold;
} TrainDoc;

static uint64
rng_next(uint64 *s)
{
	/* xorshift64*: fixed and platform-independent */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64CONST(2685821657736338717);
}

bytea *
pga_ner_train(PgaNerTrainDoc *docs, int ndocs, int epochs, uint32 seed, int bits)
{
	Size		nrows = (Size) 1 << bits;
	uint32		mask = (uint32) nrows - 1;
	float	   *W,
			   *U;
	float		T[NL + 1][NL],
				TU[NL + 1][NL];
	TrainDoc   *td;
	int		   *order;
	int			d,
				e,
				i,
				l;
	double		c = 1;
	uint64		rs = (uint64) seed * UINT64CONST(0x9E3779B97F4A7C15) + 1;
	int			misaligned = 0;
	StringInfoData out;
	float		maxw = 0;
	uint32		count = 0,
				u32;
	float		scale;

	W = palloc_extended(sizeof(float) * 8 * nrows, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	U = palloc_extended(sizeof(float) * 8 * nrows, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	memset(T, 0, sizeof(T));
	memset(TU, 0, sizeof(TU));
	td = palloc0(sizeof(TrainDoc) * Max(ndocs, 1));
	order = palloc(sizeof(int) * Max(ndocs, 1));

	pga_gazetteer_load();
	for (d = 0; d < ndocs; d++)
	{
		int32		n16;
		UChar	   *u = pga_utf8_to_utf16(docs[d].text, docs[d].len, &n16);
		PgaNerDoc  *doc = &td[d].doc;
		int			s;

		pga_ner_tokenize(u, n16, doc);
		pga_ner_doc_prepare(doc);
		td[d].ntoks = doc->ntoks;
		td[d].feats = palloc(sizeof(uint32) * PGA_NER_MAXFEAT * Max(doc->ntoks, 1));
		td[d].gold = palloc0(Max(doc->ntoks, 1));
		for (i = 0; i < doc->ntoks; i++)
		{
			int			nf = pga_ner_features(doc, i, &td[d].feats[(Size) i * PGA_NER_MAXFEAT], mask);

			for (; nf < PGA_NER_MAXFEAT; nf++)
				td[d].feats[(Size) i * PGA_NER_MAXFEAT + nf] = PG_UINT32_MAX;
		}
		/* gold labels from the character spans */
		for (s = 0; s < docs[d].nspans; s++)
		{
			int			first = -1,
						kind = docs[d].kinds[s];
			bool		ok = true;

			for (i = 0; i < doc->ntoks; i++)
			{
				PgaNerTok  *t = &doc->toks[i];

				if (t->ce <= docs[d].starts[s] || t->cs >= docs[d].ends[s])
					continue;
				if (t->cs < docs[d].starts[s] || t->ce > docs[d].ends[s])
					ok = false;
				else if (first < 0)
				{
					first = i;
					ok = ok && t->cs == docs[d].starts[s];
					td[d].gold[i] = PGA_NER_B(kind);
				}
				else
					td[d].gold[i] = PGA_NER_I(kind);
			}
			if (!ok || first < 0)
				misaligned++;
		}
		/* the decoder's constraints must admit the gold path */
		for (i = 0; i < doc->ntoks; i++)
			if (!allowed(i > 0 ? td[d].gold[i - 1] : START, td[d].gold[i], doc->toks[i].flags))
			{
				if (td[d].gold[i] != PGA_NER_O && !PGA_NER_IS_B(td[d].gold[i]))
					td[d].gold[i] = PGA_NER_B(PGA_NER_KIND(td[d].gold[i]));
				if (!allowed(i > 0 ? td[d].gold[i - 1] : START, td[d].gold[i], doc->toks[i].flags))
					td[d].gold[i] = PGA_NER_O;
				misaligned++;
			}
		order[d] = d;
		pfree(u);
		doc->u = NULL;
		CHECK_FOR_INTERRUPTS();
	}
	if (misaligned > 0)
		ereport(NOTICE,
				(errmsg("entity_train: %d entity spans do not fall on token boundaries or break the label rules", misaligned)));

	for (e = 0; e < epochs; e++)
	{
		/* fixed-seed shuffle of the document order */
		for (d = ndocs - 1; d > 0; d--)
		{
			int			j = (int) (rng_next(&rs) % (uint64) (d + 1)),
						tmp = order[d];

			order[d] = order[j];
			order[j] = tmp;
		}
		for (d = 0; d < ndocs; d++)
		{
			TrainDoc   *t = &td[order[d]];
			float	   *em;
			uint8	   *pred;

			if (t->ntoks == 0)
				continue;
			em = palloc(sizeof(float) * NL * (Size) t->ntoks);
			pred = palloc(t->ntoks);
			for (i = 0; i < t->ntoks; i++)
			{
				int			k;

				for (l = 0; l < NL; l++)
					em[(Size) i * NL + l] = 0;
				for (k = 0; k < PGA_NER_MAXFEAT; k++)
				{
					uint32		f = t->feats[(Size) i * PGA_NER_MAXFEAT + k];

					if (f == PG_UINT32_MAX)
						break;
					for (l = 0; l < NL; l++)
						em[(Size) i * NL + l] += W[(Size) f * 8 + l];
				}
			}
			viterbi(&t->doc, em, (const float (*)[NL]) T, pred);
			for (i = 0; i < t->ntoks; i++)
			{
				int			g = t->gold[i],
							p = pred[i],
							gp = i > 0 ? t->gold[i - 1] : START,
							pp = i > 0 ? pred[i - 1] : START;

				if (g != p)
				{
					int			k;

					for (k = 0; k < PGA_NER_MAXFEAT; k++)
					{
						uint32		f = t->feats[(Size) i * PGA_NER_MAXFEAT + k];

						if (f == PG_UINT32_MAX)
							break;
						W[(Size) f * 8 + g] += 1;
						U[(Size) f * 8 + g] += c;
						W[(Size) f * 8 + p] -= 1;
						U[(Size) f * 8 + p] -= c;
					}
				}
				if (g != p || gp != pp)
				{
					T[gp][g] += 1;
					TU[gp][g] += c;
					T[pp][p] -= 1;
					TU[pp][p] -= c;
				}
			}
			c += 1;
			pfree(em);
			pfree(pred);
			CHECK_FOR_INTERRUPTS();
		}
	}

	/* averaged weights, quantised to int16 */
	for (i = 0; i < (int) nrows * 8; i++)
	{
		W[i] = W[i] - U[i] / c;
		if (fabsf(W[i]) > maxw)
			maxw = fabsf(W[i]);
	}
	for (l = 0; l < NL + 1; l++)
	{
		int			k;

		for (k = 0; k < NL; k++)
			T[l][k] = T[l][k] - TU[l][k] / c;
	}
	scale = maxw > 0 ? maxw / 32767.0f : 1.0f;

	initStringInfo(&out);
	appendStringInfoSpaces(&out, VARHDRSZ);	/* room for the bytea header */
	appendBinaryStringInfo(&out, MAGIC, 8);
	u32 = 0x01020304;
	appendBinaryStringInfo(&out, (char *) &u32, 4);
	u32 = bits;
	appendBinaryStringInfo(&out, (char *) &u32, 4);
	u32 = NL;
	appendBinaryStringInfo(&out, (char *) &u32, 4);
	appendBinaryStringInfo(&out, (char *) &scale, sizeof(float));
	appendBinaryStringInfo(&out, (char *) T, sizeof(T));
	{
		int			countpos = out.len;
		Size		r;

		appendBinaryStringInfo(&out, (char *) &count, 4);
		for (r = 0; r < nrows; r++)
		{
			int16		q[NL];
			bool		any = false;

			for (l = 0; l < NL; l++)
			{
				q[l] = (int16) lrintf(W[r * 8 + l] / scale);
				any |= q[l] != 0;
			}
			if (!any)
				continue;
			u32 = (uint32) r;
			appendBinaryStringInfo(&out, (char *) &u32, 4);
			appendBinaryStringInfo(&out, (char *) q, sizeof(q));
			count++;
		}
		memcpy(out.data + countpos, &count, 4);
	}
	u32 = fnv32(out.data + VARHDRSZ, out.len - VARHDRSZ);
	appendBinaryStringInfo(&out, (char *) &u32, 4);
	SET_VARSIZE(out.data, out.len);

	for (d = 0; d < ndocs; d++)
	{
		pga_ner_doc_free(&td[d].doc);
		pfree(td[d].feats);
		pfree(td[d].gold);
	}
	pfree(W);
	pfree(U);
	return (bytea *) out.data;
}
