/*
 * icu.c
 *		Thin, error-checked wrappers around the ICU calls pg_article uses.
 *
 * ICU service objects are created once per backend and kept: normalizer
 * instances are owned by ICU, the transliterator lives until backend exit.
 */
#include "postgres.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "pg_article.h"
#include "normalize/normalize.h"

void
pga_icu_check(UErrorCode status, const char *what)
{
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("ICU error in %s: %s", what, u_errorName(status)),
				 errhint("Check that the ICU data files of the server installation are intact.")));
}

UChar *
pga_utf8_to_utf16(const char *s, int len, int32 *len16)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar	   *buf;

	/* one UTF-16 unit per UTF-8 byte is always enough */
	buf = palloc(sizeof(UChar) * ((Size) len + 1));
	u_strFromUTF8(buf, len + 1, len16, s, len, &status);
	pga_icu_check(status, "UTF-8 to UTF-16 conversion");
	return buf;
}

void
pga_utf16_append_utf8(const UChar *s, int32 len, StringInfo out)
{
	UErrorCode status = U_ZERO_ERROR;
	int32		written;

	/* at most three UTF-8 bytes per UTF-16 unit */
	pga_buf_reserve(out, (Size) len * 3);
	u_strToUTF8(out->data + out->len, out->maxlen - out->len, &written, s, len, &status);
	pga_icu_check(status, "UTF-16 to UTF-8 conversion");
	out->len += written;
	out->data[out->len] = '\0';
}

static const UNormalizer2 *
get_normalizer(const char *which)
{
	static const UNormalizer2 *nfc = NULL;
	static const UNormalizer2 *nfkc_cf = NULL;
	UErrorCode status = U_ZERO_ERROR;

	if (which[0] == 'c')		/* "nfc" */
	{
		if (nfc == NULL)
		{
			nfc = unorm2_getNFCInstance(&status);
			pga_icu_check(status, "unorm2_getNFCInstance");
		}
		return nfc;
	}
	if (nfkc_cf == NULL)
	{
		nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
		pga_icu_check(status, "unorm2_getNFKCCasefoldInstance");
	}
	return nfkc_cf;
}

/*
 * Normalizes s with "c" (NFC) or "kc_cf" (NFKC_Casefold).  Returns s itself
 * when it is already normalized (the quick check is much cheaper than the
 * normalization), else a new palloc'd buffer.
 */
UChar *
pga_icu_normalize(const char *which, const UChar *s, int32 len, int32 *outlen)
{
	const UNormalizer2 *norm = get_normalizer(which);
	UErrorCode	status = U_ZERO_ERROR;
	int32		span;
	int32		cap;
	UChar	   *buf;
	int32		n;

	span = unorm2_spanQuickCheckYes(norm, s, len, &status);
	pga_icu_check(status, "unorm2_spanQuickCheckYes");
	if (span == len)
	{
		*outlen = len;
		return (UChar *) s;
	}
	/* copy the normalized prefix, normalize the rest */
	cap = len + len / 2 + 64;
	for (;;)
	{
		buf = palloc(sizeof(UChar) * cap);
		memcpy(buf, s, sizeof(UChar) * span);
		status = U_ZERO_ERROR;
		n = unorm2_normalizeSecondAndAppend(norm, buf, span, cap,
											s + span, len - span, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		pfree(buf);
		cap = n + 64;
	}
	pga_icu_check(status, "unorm2_normalizeSecondAndAppend");
	*outlen = n;
	return buf;
}

/* Latin letters to ASCII (ICU "Latin-ASCII"): é -> e, ø -> o, æ -> ae. */
UChar *
pga_icu_strip_accents(UChar *s, int32 len, int32 *outlen)
{
	static UTransliterator *trans = NULL;
	UErrorCode	status = U_ZERO_ERROR;
	int32		cap = len * 2 + 16;
	UChar	   *buf;
	int32		limit;
	int32		textlen;

	if (trans == NULL)
	{
		static const UChar id[] = {'L', 'a', 't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0};

		/* Latin-ASCII leaves ASCII alone: a filter lets it skip ASCII runs without matching rules */
		static const UChar filter[] = {'[', '^', '\\', 'u', '0', '0', '0', '0', '-', '\\', 'u', '0', '0', '7', 'F', ']', 0};

		trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		pga_icu_check(status, "utrans_openU(Latin-ASCII)");
		utrans_setFilter(trans, filter, -1, &status);
		pga_icu_check(status, "utrans_setFilter");
	}
	for (;;)
	{
		buf = palloc(sizeof(UChar) * cap);
		memcpy(buf, s, sizeof(UChar) * len);
		textlen = len;
		limit = len;
		status = U_ZERO_ERROR;
		utrans_transUChars(trans, buf, &textlen, cap, 0, &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		pfree(buf);
		cap = cap * 2;
	}
	pga_icu_check(status, "utrans_transUChars(Latin-ASCII)");
	*outlen = textlen;
	return buf;
}
