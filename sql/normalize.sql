-- normalize_text: the display form.

-- White space: spaces collapse, lines are trimmed, paragraphs (blank lines) are kept, runs of blank lines become one.
SELECT normalize_text(E'  Hello\u00a0\u2003 world \t \r\n\r\n\r\n\n   Second\u3000paragraph.\nSame paragraph, next line.  \n\n') AS tidy;
SELECT normalize_text(E'one\ntwo') = E'one\ntwo' AS single_breaks_kept;

-- NFC composes; compatibility characters that carry meaning (², ½, ™, Chinese fullwidth punctuation) stay.
SELECT normalize_text('e' || chr(769) || 'te' || chr(769)) = 'été' AS nfc,
       normalize_text('x² ½ ™ 北京，你好。') AS compat_kept;
-- Latin ligatures and fullwidth letters/digits are made plain.
SELECT normalize_text('ﬁnal ﬂoor ＡＢＣ１２３ ｘ') AS plain;

-- Repair is part of normalization.
SELECT normalize_text(E'Itâ€™s &amp; zero\u200bwidth') AS repaired;

-- Seeds of many scripts: normalizing twice changes nothing.
SELECT count(*) FILTER (WHERE normalize_text(normalize_text(s)) <> normalize_text(s)) AS not_idempotent
FROM (VALUES ('It’s “quoted”'), (E'  a \n\n\n b  '), ('日本語'), ('مرحبا'), ('e' || chr(769)),
             ('ﬁ ＡＢ'), (E'\u00a0\u00a0'), (''), ('İstanbul'), ('👨‍👩‍👧')) v(s);

SELECT normalize_text('') = '' AS empty, normalize_text(E' \n\t\u00a0 ') = '' AS blank, normalize_text(NULL) IS NULL AS null_in;
