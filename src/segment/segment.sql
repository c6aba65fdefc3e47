-- Stage 2: pages.  What a page says about itself.

CREATE FUNCTION article_metadata(html text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'pga_article_metadata'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION article_metadata(text) IS
'Metadata of an HTML page from JSON-LD (schema.org NewsArticle, Article, BlogPosting ... or WebPage, also inside @graph), OpenGraph, meta tags and a few elements: title (site name removed), authors (array), published and modified (ISO 8601 in UTC; a time without a zone is read as UTC; published_raw / modified_raw hold the page''s text when no date on the page could be read), language (BCP 47), canonical_url, site_name, description, type (the JSON-LD @type). Keys the page does not give are omitted; ''{}'' for a page that gives none. Malformed JSON-LD is ignored';
