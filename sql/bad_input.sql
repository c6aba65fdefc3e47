-- Bad and unusual input: clear errors or correct results, never a crash.

-- NULLs: every function is strict.
SELECT repair_text(NULL) IS NULL AND normalize_text(NULL) IS NULL AND fold_text(NULL) IS NULL
   AND fingerprint_text(NULL) IS NULL AND tokenize_text(NULL) IS NULL AND ntext(NULL) IS NULL
   AND repair_text('x', NULL, true) IS NULL AND fold_text('x', NULL) IS NULL AS all_strict;

-- Invalid option values are rejected by the boolean type, with a clear message.
SELECT fold_text('x', 'maybe');

-- Empty and white-space-only strings.
SELECT repair_text('') AS r, normalize_text('   ') AS n, fold_text(E'\n\n') AS f, tokenize_text(' ') AS t,
       ''::ntext = E' \n '::ntext AS ntext_blank_equal;

-- Only invisible or control characters.
SELECT normalize_text(E'\u200b\ufeff\u00ad' || chr(1) || chr(127)) = '' AS vanish,
       fold_text(E'\u200d\u200c\u2060') = '' AS fold_vanish;

-- Characters outside the BMP, unassigned and private-use code points, noncharacters pass through.
SELECT normalize_text(E'\U0001F600 \U00020000 \U000E0001 \uE000 \uFFFF') = E'\U0001F600 \U00020000 \U000E0001 \uE000 \uFFFF' AS astral_kept;

-- Broken HTML references are left as they were.
SELECT repair_text('&#; &#x; &#xZZ; &#99999999999; &; &a b; &&&; &#0000000000065;') AS broken_refs;

-- Texts longer than one piece (64 kB) give the same result as piece-free processing would:
-- folding a long text equals folding its lines one by one and joining them.
WITH lines AS (SELECT g, 'Line ' || g || ': It’s “Ünïcödé” — ＦＵＬＬ width, Ã©tÃ©.' AS l FROM generate_series(1, 5000) g)
SELECT length(string_agg(l, E'\n' ORDER BY g)) > 200000 AS long_input,
       fold_text(string_agg(l, E'\n' ORDER BY g)) = string_agg(fold_text(l), ' ' ORDER BY g) AS fold_piecewise_equal,
       normalize_text(string_agg(l, E'\n' ORDER BY g)) = string_agg(normalize_text(l), E'\n' ORDER BY g) AS normalize_piecewise_equal,
       fingerprint_text(string_agg(l, E'\n' ORDER BY g)) = fingerprint_text(string_agg(fold_text(l), ' ' ORDER BY g)) AS fingerprint_streams,
       cardinality(tokenize_text(string_agg(l, E'\n' ORDER BY g))) = sum(cardinality(tokenize_text(l))) AS tokens_piecewise_equal
FROM lines;

-- A long line with no spaces or line breaks at all (Chinese, or one long word) is cut at code point boundaries.
SELECT length(normalize_text(repeat('北京欢迎你', 40000))) = 200000 AS cjk_len_kept,
       normalize_text(repeat('é', 100000)) = repeat('é', 100000) AS no_break_ok,
       fold_text(repeat('Ab', 100000)) = repeat('ab', 100000) AS fold_no_break_ok;

-- Many tiny lines.
SELECT length(normalize_text(string_agg('x', E'\n'))) = 2 * 100000 - 1 AS lines_kept
FROM generate_series(1, 100000);

-- Steps that expose work for one another (found by the fuzz test): removing a control or
-- zero-width character, NFC composition or case folding can create an entity or mojibake;
-- every function settles, so applying it twice changes nothing.
CREATE TEMP TABLE tricky(x text);
INSERT INTO tricky VALUES (E'\u00C3\u001B\u00A9'), (E'&am\u200Bp;'), (E'&\u0011mp;'), (E'\u00EF\u00BB\u2060\u00BF'),
  (E'A\u0303\u00A9'), (E'\uFF21\u0301'), (E'\uFB01\u0301'), (E'\u00C2\u20AC\u0152'), (E'&#\uFF18;x'), (E'A\u0303\u00A9\u00A6'),
  (E'\u00C5\u203A\uFF44');
SELECT x, repair_text(x) AS repaired,
       repair_text(repair_text(x)) = repair_text(x) AS repair_settled,
       normalize_text(normalize_text(x)) = normalize_text(x) AS normalize_settled,
       fold_text(fold_text(x)) = fold_text(x) AS fold_settled,
       fold_text(normalize_text(x)) = fold_text(x) AS fold_of_display,
       (x::ntext)::text::ntext = x::ntext AS ntext_roundtrip
FROM tricky;
-- strip_accents output is case-folded too
SELECT x, fold_text(x, true) AS folded, fold_text(fold_text(x, true), true) = fold_text(x, true) AS settled
FROM (VALUES ('©'), ('®'), (U&'\1D00'), ('Ça déjà ½ Œuvre')) v(x);
-- a piece whose folded form needs repair again (NFKC_Casefold drops the tag character inside
-- the reference) keeps the white space it ended with when it is folded again
SELECT fold_text(fold_text(x)) = fold_text(x) AS fold_settled, fold_text(normalize_text(x)) = fold_text(x) AS fold_of_display,
       position('& lt;' IN fold_text(x)) > 0 AS space_kept
FROM (SELECT repeat('&lt;&#x2019;&eacute;', 2000) || '&#x20' || U&'\+0E0030' || '19;' || repeat('&lt;&#x2019;&eacute;', 1000)
             || '&  lt;' || repeat('&lt;&#x2019;&eacute;', 500) AS x) t;
-- cuts in 64 kB runs without spaces never split a composition or an HTML reference
SELECT repair_text(repair_text(x)) = repair_text(x) AS entities_settled, fold_text(normalize_text(x)) = fold_text(x) AS fold_of_display
FROM (SELECT repeat('&lt;&#x2019;&eacute;', 6000) AS x) t;
SELECT normalize_text(repeat('ки' || U&'\0306', 100000)) = repeat('кй', 100000) AS cyrillic_breve,
       normalize_text(repeat(U&'\1100\1161\11A8', 100000)) = repeat(U&'\AC01', 100000) AS hangul_jamo;
