# pg_article: PGXS build.  `make && make install`, then `make installcheck`
# against a running server.  scripts/test runs everything (see README).

EXTENSION    = pg_article
EXTVERSION   = 0.1.0
MODULE_big   = pg_article

# One room per pipeline stage; each stage only calls the headers of earlier ones.
OBJS = \
	src/pg_article.o \
	src/util/chunk.o \
	src/util/spi_cache.o \
	src/repair/entities.o \
	src/repair/mojibake.o \
	src/repair/repair.o \
	src/repair/repair_sql.o \
	src/normalize/icu.o \
	src/normalize/normalize.o \
	src/normalize/normalize_sql.o \
	src/tokenize/fastwords.o \
	src/tokenize/simplewords.o \
	src/tokenize/utf8words.o \
	src/tokenize/tokenize.o \
	src/tokenize/tokenize_sql.o \
	src/ntext/ntext.o \
	src/sketch/shingle.o \
	src/sketch/minhash.o \
	src/sketch/sketch_ops.o \
	src/sketch/sketch_type.o \
	src/sketch/sketch_gin.o \
	src/sketch/sketch_gist.o \
	src/sketch/components.o \
	src/segment/blocks.o \
	src/segment/html_blocks.o \
	src/segment/html_parse.o \
	src/segment/metadata.o \
	src/segment/segment_sql.o \
	src/clean/stopwords.o \
	src/clean/features.o \
	src/clean/classify.o \
	src/clean/profile.o \
	src/clean/clean_sql.o \
	src/entity/tokens.o \
	src/entity/gazetteer.o \
	src/entity/features.o \
	src/entity/tagger.o \
	src/entity/link.o \
	src/entity/entity_sql.o \
	src/relate/relatedness.o \
	src/relate/passages.o \
	src/relate/numbers.o \
	src/relate/ingest.o

# The install script is assembled from one SQL fragment per stage, in
# pipeline order, so each stage keeps its SQL beside its C.
SQL_PARTS = \
	src/pg_article.sql \
	src/repair/repair.sql \
	src/normalize/normalize.sql \
	src/tokenize/tokenize.sql \
	src/ntext/ntext.sql \
	src/sketch/sketch.sql \
	src/segment/segment.sql \
	src/clean/clean.sql \
	src/entity/entity.sql \
	src/relate/relate.sql

DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = src/entity/pg_article_entity.model src/entity/pg_article_entity_gazetteer.tsv
EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql

REGRESS = setup repair normalize fold tokenize segment ntext ntext_index bad_input sketch sketch_index metadata clean clean_profile entity entity_multilingual entity_bad_input relate
REGRESS_OPTS = --inputdir=. --encoding=UTF8

PG_CPPFLAGS += -I$(srcdir)/src -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
SHLIB_LINK  += $(ICU_LIBS) -lxxhash -lxml2

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Rebuild objects when a header they include changes (PGXS tracks no header dependencies by itself).
override CFLAGS += -MMD -MP
-include $(OBJS:.o=.d)
EXTRA_CLEAN += $(OBJS:.o=.d)

# pg_regress must see ICU_CFLAGS too (PGXS sets them only when the server was built with ICU).
override CPPFLAGS += $(ICU_CFLAGS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS)
	( echo '-- Generated from $(SQL_PARTS) by make: edit those files, not this one.'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	  for f in $(SQL_PARTS); do echo; echo "-- ---- $$f"; cat $$f; done ) > $@

.PHONY: entity-table
# Regenerates the HTML5 named character reference table from Python's copy of the WHATWG list.
entity-table:
	python3 tools/gen_html_entities.py > src/repair/entity_table.h

.PHONY: entity-gazetteer entity-model
# Regenerates the multilingual gazetteer from ICU (every locale), Debian iso-codes and our hand list.
entity-gazetteer:
	mkdir -p tmp
	$(CC) -O1 -o tmp/icu_places tools/ner/icu_places.c $(ICU_CFLAGS) $$(pkg-config --cflags --libs icu-uc icu-i18n)
	tmp/icu_places > tmp/icu_places.tsv
	python3 tools/ner/gazetteer.py tmp/icu_places.tsv tools/ner/gazetteer_extra.tsv > src/entity/pg_article_entity_gazetteer.tsv

# Retrains the entity model (reproducible: fixed seed and order) in a throwaway cluster of
# $(PG_CONFIG)'s server, after installing this build there; see tools/ner/train_model.
entity-model: all
	PG_CONFIG=$(PG_CONFIG) tools/ner/train_model
