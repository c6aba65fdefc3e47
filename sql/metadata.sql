-- article_metadata: what a page says about itself, from JSON-LD, OpenGraph, meta tags and a few
-- elements.  Fixtures are small pages written for these tests.

-- JSON-LD in an @graph: the NewsArticle is used; an author given by reference (@id) is looked up
-- in the graph; the publisher too; <title> loses its " | Site" suffix; og:url gives the base for
-- a relative canonical link; the fragment is dropped; "en_us" becomes "en-US".
SELECT jsonb_pretty(article_metadata($$<!DOCTYPE html>
<html lang="en_us"><head>
<title>Bridge reopens after repairs | The Daily Example</title>
<link rel="canonical" href="/2021/05/bridge-reopens#top">
<meta property="og:url" content="https://news.example.com/2021/05/bridge-reopens">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://news.example.com/#site", "name": "The Daily Example"},
  {"@type": "Organization", "@id": "https://news.example.com/#org", "name": "The Daily Example"},
  {"@type": "WebPage", "@id": "https://news.example.com/2021/05/bridge-reopens#page", "name": "Bridge page"},
  {"@type": "NewsArticle", "headline": "Bridge reopens after repairs",
   "author": [{"@type": "Person", "name": "Ana Lima"}, {"@id": "https://news.example.com/#p2"}],
   "publisher": {"@id": "https://news.example.com/#org"},
   "datePublished": "2021-05-04T09:30:00-04:00", "dateModified": "2021-05-04T11:00:00-04:00",
   "description": "The river crossing is open again.", "inLanguage": "pt-BR"},
  {"@type": "Person", "@id": "https://news.example.com/#p2", "name": "Bo Chen"}
]}
</script>
</head><body><p>Text.</p></body></html>$$));

-- Array of JSON-LD objects; authors as strings and objects (one with a list of names), "By "
-- dropped, duplicates once, URLs are not names; @type as an array (the first article type
-- listed); JSON escapes and HTML references in strings.
SELECT jsonb_pretty(article_metadata($$<html><head>
<script type="application/ld+json">[
 {"@type": "Organization", "name": "Example Post"},
 {"@type": ["Article", "NewsArticle"], "headline": "Caf\u00e9 owners &amp; the new rules",
  "author": ["By Jo Park", {"@type": "Person", "name": "jo park"}, "https://example.org/staff/kim",
             {"@type": "Person", "name": ["Kim Ode", "Lee Ray"]}],
  "datePublished": "2020-02-29", "publisher": {"@type": "Organization", "name": "Example Post"},
  "mainEntityOfPage": {"@type": "WebPage", "@id": "https://example.org/cafe-rules"}}
]</script></head><body></body></html>$$));

-- A single author object; a BlogPosting reached through a WebPage's mainEntity.
SELECT article_metadata($$<script type="application/ld+json">
{"@type": "WebPage", "name": "A blog", "mainEntity": {"@type": "BlogPosting", "headline": "Ten tips",
 "author": {"@type": "Person", "name": "Sam Doe"}, "url": "http://blog.example.net/ten-tips"}}
</script>$$);

-- Invalid JSON-LD (a trailing comma) is ignored: the meta tags answer.
SELECT jsonb_pretty(article_metadata($$<html><head>
<title>Storm warning - Coast Herald</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Wrong headline", "author": "Wrong Author",}</script>
<meta name="author" content="Rita Moss">
<meta property="article:published_time" content="2019-11-20T14:03:00Z">
<meta property="og:site_name" content="Coast Herald">
<meta name="description" content="  Wind   and rain
  tonight. ">
</head></html>$$));

-- OpenGraph only.  og:title wins over <title>; article:author that is a URL is not a name;
-- og:locale gives the language.
SELECT jsonb_pretty(article_metadata($$<html><head><title>Other title</title>
<meta property="og:title" content="Harvest festival returns">
<meta property="og:url" content="https://www.example.com/harvest/">
<meta property="og:locale" content="fr_FR">
<meta property="og:site_name" content="Example Weekly">
<meta property="og:description" content="Music, food and a parade.">
<meta property="article:author" content="https://www.facebook.com/someone">
<meta property="article:modified_time" content="2022-09-10T08:00:00+02:00">
</head><body></body></html>$$));

-- article:author when it is a name; a JSON-LD WebPage is used when there is no article.
SELECT article_metadata($$<meta property="article:author" content="Lena Holm"><script type="application/ld+json">
{"@type": "WebPage", "name": "Results", "dateModified": "2023-03-03T03:03:03Z", "url": "https://example.se/results"}</script>$$);

-- Meta tags only: name=date and rel=author; without a site name the title is left whole.
SELECT jsonb_pretty(article_metadata($$<html><head><title>Council votes on budget - Town Crier</title>
<meta name="date" content="2018-03-01">
<meta http-equiv="Content-Language" content="de-at">
</head><body><p>By <a rel="author" href="/staff/ines">Ines   Vogel</a></p></body></html>$$));

-- The order of trust for dates: JSON-LD, then article:published_time, then the generic meta tags
-- (dc.date, parsely-pub-date, sailthru.date ...), then itemprop, then <time> inside <article>.
SELECT article_metadata($$<meta name="sailthru.date" content="2017-01-02 10:00:00"><meta name="dc.date" content="2017-01-01">$$);
SELECT article_metadata($$<meta name="parsely-pub-date" content="2016-06-06T06:06:06Z">$$);
SELECT article_metadata($$<body><span itemprop="datePublished" content="2015-05-05"></span>
<article><time datetime="2014-04-04T04:04:04Z">April 4</time></article></body>$$);
SELECT article_metadata($$<body><time datetime="2013-03-03">outside</time>
<article><p>x</p><time datetime="2014-04-04T04:04:04+01:00">April 4</time></article></body>$$);
-- A date no parser can read stays as the page wrote it, under published_raw; a readable later
-- candidate wins over it.
SELECT article_metadata($$<meta property="article:published_time" content="sometime last week">$$);
SELECT article_metadata($$<meta property="article:published_time" content="sometime last week"><meta name="pubdate" content="2012-12-12T12:12:12Z">$$);

-- Dates: read as timestamptz input reads them, normalized to UTC; a time without a zone is UTC;
-- what would depend on the session (now, today, DateStyle's order of day and month) is not read;
-- nor are placeholders (the year 1, the Unix epoch), nor time zone names.
CREATE FUNCTION pg_temp.pub(d text) RETURNS jsonb LANGUAGE sql AS
$$ SELECT article_metadata('<meta name="date" content="' || replace(d, '"', '&quot;') || '">') $$;
SELECT d AS page_says, pg_temp.pub(d) AS metadata FROM (VALUES
 ('2019-11-20'), ('2019-11-20T14:03:00Z'), ('2019-11-20T14:03:00.123+05:30'), ('2019-11-20T09:03:00-0500'),
 ('2019-11-20 14:03:00'), ('Wed, 20 Nov 2019 14:03:00 GMT'), ('November 20, 2019 2:03 PM EST'),
 ('Nov. 20, 2019'), ('20-Nov-2019'), ('2019/11/20'), ('20191120T140300Z'),
 ('now'), ('today'), ('tomorrow 10:00'), ('11/20/2019'), ('20.11.2019'), ('03/04/2019'), ('2019-11-20 America/New_York'),
 ('2019-11-20 Foo/Bar'), ('2019-11-20 x5'), ('0001-01-01T00:00:00Z'), ('1970-01-01T00:00:00Z'), ('2019-13-45'),
 ('1574258580'), ('5 hours ago'), ('infinity'), ('epoch')) v(d);
-- the same answers whatever the session's TimeZone and DateStyle
SET TimeZone = 'Asia/Kolkata';
SET DateStyle = 'SQL, DMY';
SELECT pg_temp.pub('2019-11-20 14:03:00') AS no_zone, pg_temp.pub('2019-11-20T14:03:00+01:00') AS zone,
       pg_temp.pub('20/11/2019') AS dmy_looking;
RESET TimeZone;
RESET DateStyle;

-- Language tags to BCP 47; what is not a tag is passed over for the next source.
SELECT l AS html_lang, article_metadata('<html lang="' || l || '"><head><meta property="og:locale" content="es_MX"></head></html>') ->> 'language' AS language
FROM (VALUES ('en_US'), ('EN-gb'), ('zh-hant-tw'), ('sr-latn-rs'), ('es-419'), ('de-DE-1996'), ('pt-br'),
             ('en, fr'), ('English'), ('x-default'), ('e'), (''), ('en-'), ('en_US.UTF-8'), ('1en')) v(l);
SELECT article_metadata('<html><head><meta http-equiv="content-language" content="nl-nl"></head></html>');
SELECT article_metadata('<script type="application/ld+json">{"@type": "Article", "inLanguage": "ja_jp"}</script>');

-- Site names leave titles at the end or the start, with a separator standing apart.
SELECT t AS og_title, article_metadata('<meta property="og:site_name" content="Daily Planet"><meta property="og:title" content="' || t || '">') ->> 'title' AS title
FROM (VALUES ('Hero saves city | Daily Planet'), ('Hero saves city - Daily Planet'), ('Hero saves city — daily planet'),
             ('Hero saves city|Daily Planet'), ('Daily Planet: Hero saves city'), ('Daily Planet | Hero saves city'),
             ('Hero saves city - Daily Planet - Daily Planet'), ('Daily Planet'), ('Hero saves city-Daily Planet'),
             ('The Daily Planet Awards - winners'), ('Hero saves Daily Planet')) v(t);
-- the publisher's JSON-LD name counts as a site name too
SELECT article_metadata($$<title>Tax rise approved · Valley Times</title><script type="application/ld+json">
{"@type": "NewsArticle", "publisher": {"@type": "NewsMediaOrganization", "name": "Valley Times"}}</script>$$) ->> 'title';

-- Canonical URL: rel=canonical first, resolved against <base> or another absolute candidate;
-- links that cannot become absolute http(s) URLs are passed over.
SELECT article_metadata('<base href="https://example.com/news/"><link rel="canonical" href="story.html">') ->> 'canonical_url';
SELECT article_metadata('<link rel="canonical" href="/relative/only">');
SELECT article_metadata('<link rel="canonical" href="javascript:void(0)"><meta property="og:url" content="http://example.com/a#b">') ->> 'canonical_url';
SELECT article_metadata('<link rel="canonical" href="//cdn.example.com/p/1">') ->> 'canonical_url';
SELECT article_metadata('<link rel="alternate canonical" href="https://example.com/x">') ->> 'canonical_url';

-- Pages that say nothing, input that is not HTML, garbage.
SELECT article_metadata('<html><head></head><body><p>Just a paragraph.</p></body></html>');
SELECT article_metadata('Plain text, not a page at all.');
SELECT article_metadata('');
SELECT article_metadata(NULL);
SELECT article_metadata('<<<>>> &&&; <meta <meta content=> <title></title> <script type="application/ld+json">');
SELECT article_metadata('<script type="application/ld+json">' || repeat('[', 100000) || '</script><title>Deep</title>');
SELECT article_metadata('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "\u0000"}</script><title>Zero escape</title>');
SELECT article_metadata('<script type="application/ld+json">{"@type": "NewsArticle", "wordCount": 1e999999, "headline": "Big number"}</script>');
SELECT article_metadata(string_agg(chr(1 + (g * 7919) % 1000), '')) FROM generate_series(1, 20000) g;
-- a huge attribute is not metadata: the next source answers
SELECT article_metadata('<meta property="og:title" content="' || repeat('long ', 100000) || '"><title>Short title</title>');
SELECT length(article_metadata('<meta name="description" content="' || repeat('d', 16384) || '">') ->> 'description');
-- a title inside an <svg> icon is not the page's title
SELECT article_metadata('<html><body><svg><title>icon</title></svg></body></html>');

-- Immutable, strict, parallel safe, documented.
SELECT provolatile, proisstrict, proparallel FROM pg_proc WHERE proname = 'article_metadata';
SELECT obj_description('article_metadata(text)'::regprocedure) IS NOT NULL AS documented;

-- Pages over 64 MB are refused with a clear error.
SELECT article_metadata(repeat('x', 64 * 1024 * 1024 + 1));
