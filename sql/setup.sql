-- pg_article needs a UTF-8 database; pg_regress creates one.
SELECT getdatabaseencoding();
CREATE EXTENSION pg_article;

-- Every object of the extension is documented (\dx+ shows them with these comments).
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS undocumented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_article')
  AND d.deptype = 'e'
  AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass)
  AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
  AND NOT (d.classid = 'pg_type'::regclass AND (SELECT typelem <> 0 OR typtype = 'c' FROM pg_type WHERE oid = d.objid))
  AND NOT (d.classid = 'pg_proc'::regclass AND (SELECT proname IN ('ntext_in', 'ntext_out', 'ntext_recv', 'ntext_send') FROM pg_proc WHERE oid = d.objid))
ORDER BY 1;

-- Functions that do not depend on a setting are immutable, strict and parallel safe.
SELECT p.oid::regprocedure AS not_immutable_strict_safe
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_article'
WHERE p.prokind = 'f'
  AND p.proname NOT IN ('pg_article_icu_version', 'pg_article_unicode_version')
  AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')
ORDER BY 1;

-- Versions the stored values depend on are visible.
SELECT pg_article_normalization_version() >= 1 AS has_version,
       pg_article_icu_version() ~ '^\d+\.\d+' AS icu_version_ok,
       pg_article_unicode_version() ~ '^\d+\.\d+' AS unicode_version_ok;
