/*
 * stopwords.c
 *		Stop words of every language PostgreSQL ships a list for.
 *
 * The lists are the server's own tsearch_data/<language>.stop files, read
 * once per backend, folded like article words, and kept in one hash table
 * that maps a word to the set of languages it is a stop word of.  The cleaner
 * picks the language whose words are commonest on a page; pages in a
 * language without a list simply have no stop-word evidence.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "clean/clean.h"
#include "normalize/normalize.h"

#define STOPWORD_KEY 48

typedef struct StopEntry
{
	char		word[STOPWORD_KEY];
	uint32		langs;
} StopEntry;

static HTAB *stop_table = NULL;
static char *lang_names[PGA_MAX_STOP_LANGS];
static int	nlangs = 0;

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static void
add_word(HTAB *table, const char *w, int len, int lang)
{
	StringInfoData folded;
	StopEntry  *e;
	bool		found;
	char		key[STOPWORD_KEY];

	initStringInfo(&folded);
	pga_fold(w, len, 0, &folded);
	if (folded.len == 0 || folded.len >= STOPWORD_KEY)
		return;
	memset(key, 0, sizeof(key));
	memcpy(key, folded.data, folded.len);
	e = hash_search(table, key, HASH_ENTER, &found);
	if (!found)
		e->langs = 0;
	e->langs |= (uint32) 1 << lang;
}

static void
load_file(HTAB *table, const char *path, int lang)
{
	FILE	   *f = AllocateFile(path, "r");
	char		line[256];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
	{
		int			n = strlen(line);

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			n--;
		if (n > 0 && pg_verifymbstr(line, n, true))
			add_word(table, line, n, lang);
	}
	FreeFile(f);
}

static void
load_stopwords(void)
{
	char		share[MAXPGPATH];
	char		dirpath[MAXPGPATH];
	DIR		   *dir;
	struct dirent *de;
	HASHCTL		ctl;
	HTAB	   *table;
	MemoryContext old;
	char	   *files[PGA_MAX_STOP_LANGS];
	int			nfiles = 0;

	old = MemoryContextSwitchTo(TopMemoryContext);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = STOPWORD_KEY;
	ctl.entrysize = sizeof(StopEntry);
	table = hash_create("pg_article stop words", 4096, &ctl, HASH_ELEM | HASH_STRINGS);

	get_share_path(my_exec_path, share);
	snprintf(dirpath, sizeof(dirpath), "%s/tsearch_data", share);
	dir = AllocateDir(dirpath);
	while (dir && (de = ReadDir(dir, dirpath)) != NULL)
	{
		int			n = strlen(de->d_name);

		if (n > 5 && strcmp(de->d_name + n - 5, ".stop") == 0 && nfiles < PGA_MAX_STOP_LANGS)
			files[nfiles++] = pnstrdup(de->d_name, n - 5);
	}
	if (dir)
		FreeDir(dir);

	/* sorted, so language numbers do not depend on directory order */
	qsort(files, nfiles, sizeof(char *), cmp_names);
	for (int i = 0; i < nfiles; i++)
	{
		char		path[MAXPGPATH];

		snprintf(path, sizeof(path), "%s/%s.stop", dirpath, files[i]);
		lang_names[i] = files[i];
		load_file(table, path, i);
	}
	nlangs = nfiles;
	MemoryContextSwitchTo(old);
	stop_table = table;			/* only once complete */
}

uint32
pga_stopword_langs(const char *w, int len)
{
	char		key[STOPWORD_KEY];
	StopEntry  *e;

	if (stop_table == NULL)
		load_stopwords();
	if (len <= 0 || len >= STOPWORD_KEY)
		return 0;
	memset(key, 0, sizeof(key));
	memcpy(key, w, len);
	e = hash_search(stop_table, key, HASH_FIND, NULL);
	return e ? e->langs : 0;
}

int
pga_stop_language_count(void)
{
	if (stop_table == NULL)
		load_stopwords();
	return nlangs;
}

const char *
pga_stop_language_name(int i)
{
	if (stop_table == NULL)
		load_stopwords();
	return (i >= 0 && i < nlangs) ? lang_names[i] : NULL;
}
