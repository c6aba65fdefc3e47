-- repair_text: mojibake, HTML references, controls, invisibles, line breaks.

-- Mojibake: UTF-8 read as Windows-1252 or Latin-1.
SELECT repair_text('Itâ€™s') AS apostrophe,
       repair_text('CafÃ©') AS e_acute,
       repair_text('â€œQuotedâ€ â€” really') AS quotes_dash,
       repair_text('Ã¢â‚¬â„¢twice') AS twice,
       repair_text('ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€') AS cyrillic,
       repair_text('Î•Î»Î»Î¬Î´Î±') AS greek,
       repair_text('zÅ‚oty Å›wiat') AS polish,
       repair_text('Ã¼ber Ã„rger StraÃŸe') AS german;

-- Round trips through real encoders: a damaged copy of correct text repairs to the original.
CREATE TEMP TABLE correct(id serial, s text);
INSERT INTO correct(s) VALUES
  ('It’s “quoted” — and ‘single’ … done'),
  ('Café au lait, crème brûlée, naïve façade'),
  ('Über die Straße: „Grüße“ aus Köln'),
  ('El niño comió jamón en España'),
  ('Привет, как дела? Всё хорошо.'),
  ('Ελλάδα και Κύπρος'),
  ('Zażółć gęślą jaźń'),
  ('Ölçü İstanbul’da ığdır ş ğ'),
  ('€100 – 50 ± 3 °C © ®'),
  ('日本語のテキストと中文文本'),
  ('مرحبا بالعالم'),
  ('emoji 👨‍👩‍👧 and 🇫🇷 flags');
SELECT id, repair_text(convert_from(convert_to(s, 'UTF8'), 'LATIN1')) = s AS latin1_repaired
FROM correct ORDER BY id;
-- Windows-1252 cannot decode every byte (0x81 0x8D 0x8F 0x90 0x9D): only where it can.
CREATE FUNCTION pg_temp.as_win1252(s text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN convert_from(convert_to(s, 'UTF8'), 'WIN1252');
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
SELECT id, pg_temp.as_win1252(s) IS NOT NULL AS decodable,
       repair_text(pg_temp.as_win1252(s)) = s AS win1252_repaired
FROM correct ORDER BY id;

-- Correct text in any script comes out unchanged.
SELECT id, repair_text(s) = s AS unchanged FROM correct ORDER BY id;
SELECT repair_text(s) = s AS unchanged FROM (VALUES
  ('groß“ und „Fuß“ – Maß»'),          -- German quotes after ß: not mojibake
  ('SÃO PAULO NÃO – ÇAĞ ÉTÉ’ CAFÉ” ÀÖ» Øre'),
  ('e' || chr(769) || ' combining acute, a' || chr(776) || chr(772)),
  ('Hello, world!'),
  (E'line one\nline two\ttabbed'),
  ('AT&T, R&D, &copy2022, &unknown; & alone, &#; &#x;')
) v(s);

-- HTML character references.
SELECT repair_text('Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &#39;y&#39; &eacute;t&eacute; &#8217; &#x2014; &hellip;') AS refs,
       repair_text('&#146;smart&#148; &#150;') AS cp1252_numeric,
       repair_text('bad: &#0; &#xD800; &#x110000; &#xFFFE;') AS invalid_numeric,
       repair_text('&amp;quot;twice&amp;quot; &amp;amp;lt; &#38;amp;') AS escaped_twice,
       repair_text('AT&T &copy2022 &notanentity; &amp') AS left_alone,
       repair_text('&amp;', html => false) AS html_off;

-- Controls, invisibles and line breaks.
SELECT repair_text(E'a\r\nb\rc\nd') = E'a\nb\nc\nd' AS line_breaks,
       repair_text(E'x\u2028y\u2029z') = E'x\ny\n\nz' AS unicode_separators,
       repair_text(E'bell\u0007 esc\u001b del\u007f x\u0001') AS c0_removed,
       repair_text(E'\u0093quoted\u0094 \u0085') AS c1_as_cp1252,
       repair_text(E'\ufeffBOM zero\u200bwidth soft\u00adhyphen word\u2060joiner') AS invisibles,
       repair_text('tab' || chr(9) || 'here' || chr(11) || 'vt' || chr(12) || 'ff') = E'tab\there\nvt\nff' AS tabs_and_feeds;
-- ZWJ/ZWNJ carry meaning (emoji sequences, Persian) and stay.
SELECT repair_text('👨‍👩‍👧 می‌خواهم') = '👨‍👩‍👧 می‌خواهم' AS joiners_kept;

-- Options.
SELECT repair_text('CafÃ© &amp;', mojibake => false) AS no_mojibake,
       repair_text('CafÃ© &amp;', html => false) AS no_html,
       repair_text('CafÃ© &amp;', false, false) AS neither;

-- Repairing a repaired text changes nothing.
SELECT count(*) FILTER (WHERE repair_text(repair_text(s)) <> repair_text(s)) AS not_idempotent
FROM (SELECT s FROM correct
      UNION ALL SELECT convert_from(convert_to(s, 'UTF8'), 'LATIN1') FROM correct
      UNION ALL VALUES ('&#38;lt;'), ('&amp;amp;amp;'), ('Ã¢â‚¬â„¢'), ('Ãƒâ€šÃ‚Â')) v(s);

-- Empty and NULL.
SELECT repair_text('') = '' AS empty, repair_text(NULL) IS NULL AS null_in, repair_text('x', NULL) IS NULL AS null_option;
