-- pg_article needs a UTF-8 database; pg_regress creates one.
SELECT getdatabaseencoding();
CREATE EXTENSION pg_article;

-- Every object of the extension is documented (\dx+ shows them with these comments).
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS undocumented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_article')
  AND d.deptype = 'e'
  AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass, 'pg_class'::regclass)
  AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
  AND NOT (d.classid = 'pg_type'::regclass AND (SELECT typelem <> 0 OR typtype = 'c' FROM pg_type WHERE oid = d.objid))
  -- a type's I/O functions are documented by the type's comment
  AND NOT (d.classid = 'pg_proc'::regclass AND EXISTS (SELECT 1 FROM pg_type t WHERE d.objid IN (t.typinput, t.typoutput, t.typreceive, t.typsend)))
ORDER BY 1;

-- Functions are IMMUTABLE STRICT PARALLEL SAFE unless a setting matters (STABLE: the % and
-- containment operators read pg_article.* thresholds) or they must see NULL; this lists the exceptions.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proisstrict AS strict, p.proparallel AS parallel
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_article'
WHERE p.prokind = 'f'
  AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')
ORDER BY p.oid::regprocedure::text;

-- Versions the stored values depend on are visible.
SELECT pg_article_normalization_version() >= 1 AS has_version,
       pg_article_icu_version() ~ '^\d+\.\d+' AS icu_version_ok,
       pg_article_unicode_version() ~ '^\d+\.\d+' AS unicode_version_ok;
