/*
 * gazetteer.c
 *		Word lists (titles, organisation and place head words, connectors,
 *		function words) and the multilingual gazetteer of places and
 *		organisations, loaded once per backend from
 *		$sharedir/extension/pg_article_entity_gazetteer.tsv (built by
 *		`make entity-gazetteer` from ICU, iso-codes and our own list).
 *		Also the key form of names (transliterated to Latin, folded).
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "port.h"
#include "storage/fd.h"
#include "utils/memutils.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "pg_article.h"
#include "repair/repair.h"
#include "normalize/normalize.h"
#include "entity/entity.h"

/* ---- word lists: our own choice of common words in English, German, Spanish, French */

static const char *const titles[] = {
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
	"president", "pres", "vice", "doctor", "sen", "senator", "rep", "representative", "congressman", "congresswoman",
	"gov", "governor", "mayor", "judge", "justice", "gen", "general", "col", "colonel", "lt", "lieutenant",
	"sgt", "sergeant", "capt", "captain", "cmdr", "commander", "adm", "admiral", "maj", "major", "cpl",
	"minister", "secretary", "chancellor", "premier", "king", "queen", "prince", "princess", "pope",
	"rev", "reverend", "father", "bishop", "archbishop", "cardinal", "rabbi", "imam", "sheikh",
	"chairman", "chairwoman", "chair", "ceo", "cfo", "coo", "chief", "commissioner", "ambassador", "envoy",
	"spokesman", "spokeswoman", "spokesperson", "director", "coach", "officer", "deputy", "sheriff",
	"manager", "executive", "owner", "undersheriff", "superintendent", "inspector", "constable", "trooper",
	"detective", "det", "attorney", "lawyer", "prosecutor", "actress", "actor", "singer", "star",
	"rapper", "producer", "founder", "president-elect", "st", "emperor", "empress", "duke", "duchess",
	"herr", "frau", "präsident", "präsidentin", "kanzler", "kanzlerin", "bundeskanzler", "bundeskanzlerin",
	"ministerin", "botschafter", "botschafterin", "bürgermeister", "bürgermeisterin", "sprecher", "sprecherin",
	"sr", "sra", "srta", "señor", "señora", "don", "doña", "presidente", "presidenta", "ministro", "ministra",
	"embajador", "embajadora", "alcalde", "alcaldesa", "portavoz", "secretario", "secretaria",
	"m", "mme", "mlle", "monsieur", "madame", "président", "présidente", "ministre", "ambassadeur",
	"ambassadrice", "maire", "porte-parole", "secrétaire", "général", "générale", "haut-commissaire",
	"rapporteur",
	NULL
};

static const char *const orgheads[] = {
	"ministry", "department", "dept", "council", "university", "college", "school", "academy", "institute",
	"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "llp", "group", "holdings", "bank",
	"agency", "office", "commission", "committee", "association", "federation", "union", "party", "court",
	"police", "army", "navy", "force", "forces", "guard", "foundation", "fund", "organization",
	"organisation", "board", "authority", "service", "services", "network", "news", "times", "post",
	"press", "club", "team", "church", "hospital", "clinic", "center", "centre", "bureau", "administration",
	"assembly", "parliament", "congress", "senate", "tribunal", "society", "institution", "systems",
	"technologies", "technology", "airlines", "airways", "motors", "international", "associates", "partners",
	"industries", "laboratories", "labs", "magazine", "journal", "herald", "tribune", "daily", "broadcasting",
	"television", "tv", "radio", "records", "studios", "pictures", "entertainment", "media", "communications",
	"alliance", "coalition", "movement", "front", "brigade", "brigades", "league", "conference",
	"cooperation", "initiative", "program", "programme", "secretariat", "cabinet", "government",
	"ag", "gmbh", "kg", "se", "sa", "sas", "spa", "nv", "bv", "ab", "asa",
	"ministerium", "universität", "hochschule", "rat", "partei", "gericht", "verband", "stiftung",
	"bundesamt", "amt", "behörde", "kommission", "ausschuss", "gesellschaft", "konzern", "zeitung",
	"ministerio", "universidad", "consejo", "partido", "tribunal", "banco", "fundación", "comisión",
	"comité", "asociación", "sociedad", "instituto", "agencia", "oficina",
	"ministère", "université", "conseil", "parti", "cour", "banque", "société", "fondation", "agence",
	"commission", "institut", "bureau", "organisation",
	NULL
};

static const char *const locheads[] = {
	"river", "island", "islands", "isle", "mountain", "mountains", "mount", "mt", "lake", "street", "st",
	"avenue", "ave", "road", "rd", "boulevard", "blvd", "park", "county", "city", "province", "valley",
	"bay", "sea", "ocean", "airport", "bridge", "square", "highway", "beach", "coast", "gulf", "desert",
	"peninsula", "canyon", "falls", "harbor", "harbour", "strait", "channel", "region", "district",
	"township", "village", "town", "heights", "hills", "springs", "creek", "canal", "forest", "plaza",
	"fluss", "insel", "berg", "see", "straße", "strasse", "platz", "stadt", "landkreis",
	"río", "isla", "monte", "lago", "calle", "plaza", "ciudad", "provincia",
	"rivière", "fleuve", "île", "mont", "lac", "rue", "place", "ville",
	NULL
};

static const char *const connectors[] = {
	"of", "the", "for", "and", "&", "de", "del", "della", "di", "da", "do", "dos", "das", "van", "von",
	"der", "den", "ter", "bin", "ibn", "al", "el", "la", "le", "les", "du", "des", "y", "e", "et", "und",
	"on", "in", "at", "upon", "für", "zu", "zur", "zum", "-", "'", "'s", "st", ".",
	NULL
};

static const char *const stops[] = {
	"a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you",
	"his", "her", "their", "our", "my", "your", "him", "them", "us", "me", "is", "are", "was", "were", "be",
	"been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "do",
	"does", "did", "not", "no", "yes", "but", "or", "if", "when", "while", "after", "before", "as", "at",
	"by", "from", "with", "without", "about", "into", "over", "under", "than", "then", "there", "here",
	"what", "which", "who", "whom", "whose", "where", "why", "how", "all", "some", "any", "each", "every",
	"both", "more", "most", "other", "such", "only", "also", "just", "so", "very", "new", "one", "two",
	"in", "on", "of", "to", "for", "and", "up", "out", "said", "says", "say", "told", "according",
	"der", "die", "das", "ein", "eine", "einen", "dem", "den", "des", "und", "oder", "nicht", "ist", "sind",
	"war", "wird", "hat", "haben", "mit", "von", "für", "auf", "im", "am", "zu", "bei", "nach", "auch",
	"el", "la", "los", "las", "un", "una", "y", "o", "en", "con", "por", "para", "que", "es", "son", "fue",
	"le", "les", "une", "et", "ou", "dans", "avec", "pour", "sur", "est", "sont", "qui", "ce", "cette",
	"ο", "η", "το", "οι", "τον", "την", "του", "της", "των", "και",	/* Greek articles, "and" */
	NULL
};

/* demonyms and other adjectives of place (not tagged, guideline 6); not those that are also names ("Turk", "Finn", "French") */
static const char *const demonyms[] = {
	"american", "americans", "british", "briton", "britons", "german", "germans", "italian", "italians", "spanish",
	"spaniard", "spaniards", "portuguese", "dutch", "belgian", "belgians", "swiss", "austrian", "austrians", "swedish", "swede", "swedes",
	"norwegian", "norwegians", "danish", "danes", "finnish", "finns", "icelandic", "irish", "scottish", 
	"scots", "greek", "greeks", "turkish", "cypriot", "russian", "russians", "ukrainian", "ukrainians",
	"belarusian", "polish", "poles", "czech", "czechs", "slovak", "slovaks", "hungarian", "hungarians", "romanian", "romanians",
	"bulgarian", "bulgarians", "serbian", "serb", "serbs", "croatian", "croat", "croats", "bosnian", "slovenian", "albanian", "albanians",
	"macedonian", "georgian", "georgians", "armenian", "armenians", "azerbaijani", "azeri", "kazakh", "kazakhs", "uzbek", "uzbeks", "turkmen",
	"kyrgyz", "tajik", "afghan", "afghans", "pakistani", "pakistanis", "indian", "indians", "bangladeshi", "sri", "lankan", "nepali",
	"nepalese", "chinese", "japanese", "korean", "koreans", "taiwanese", "mongolian", "vietnamese", "thai", "cambodian", "laotian", "burmese",
	"malaysian", "malaysians", "indonesian", "indonesians", "filipino", "filipinos", "singaporean", "australian", "australians", "zealander", "zealanders", "canadian",
	"canadians", "mexican", "mexicans", "cuban", "cubans", "haitian", "jamaican", "guatemalan", "honduran", "salvadoran", "nicaraguan", "panamanian",
	"colombian", "colombians", "venezuelan", "venezuelans", "ecuadorian", "peruvian", "peruvians", "bolivian", "chilean", "chileans", "argentine", "argentines",
	"argentinian", "argentinians", "brazilian", "brazilians", "uruguayan", "paraguayan", "egyptian", "egyptians", "libyan", "libyans", "tunisian", "algerian",
	"algerians", "moroccan", "moroccans", "sudanese", "ethiopian", "ethiopians", "eritrean", "somali", "somalis", "kenyan", "kenyans", "ugandan",
	"tanzanian", "rwandan", "congolese", "nigerian", "nigerians", "ghanaian", "senegalese", "malian", "ivorian", "cameroonian", "angolan", "zimbabwean",
	"zambian", "mozambican", "namibian", "african", "africans", "south-african", "israeli", "israelis", "palestinian", "palestinians", "lebanese", "syrian",
	"syrians", "jordanian", "jordanians", "iraqi", "iraqis", "iranian", "iranians", "saudi", "saudis", "yemeni", "yemenis", "omani",
	"emirati", "qatari", "kuwaiti", "bahraini", "arab", "arabs", "persian", "kurdish", "kurd", "kurds", "european", "europeans",
	"asian", "asians", "hispanic", "western", "eastern", "northern", "southern", "soviet", "sicilian", "catalan", "basque",
	"bavarian", "texan", "californian", "floridian",
	NULL
};

/* common given names (en, es, de, fr and a few more) */
static const char *const firstnames[] = {
	"aaron", "adam", "adrian", "aidan", "alan", "albert", "alex", "alexander", "alexandra", "alfred", "alice", "alicia",
	"alison", "allen", "amanda", "amber", "amy", "andrea", "andrew", "andy", "angela", "anita", "ann", "anna",
	"anne", "annie", "anthony", "antonio", "april", "arthur", "ashley", "austin", "barbara", "barry", "ben", "benjamin",
	"bernard", "beth", "betty", "bill", "billy", "bob", "bobby", "bonnie", "brad", "bradley", "brandon", "brenda",
	"brian", "bridget", "brittany", "bruce", "bryan", "carl", "carlos", "carol", "caroline", "carolyn", "carrie", "catherine",
	"charles", "charlie", "cheryl", "chris", "christian", "christina", "christine", "christopher", "cindy", "claire", "clara", "craig",
	"crystal", "curtis", "cynthia", "dale", "dan", "dana", "daniel", "danielle", "danny", "darren", "dave", "david",
	"dawn", "dean", "debbie", "deborah", "debra", "dennis", "derek", "diana", "diane", "dirk", "don", "donald",
	"donna", "doris", "dorothy", "doug", "douglas", "dustin", "dylan", "earl", "ed", "eddie", "edward", "eileen",
	"elaine", "elizabeth", "ellen", "emily", "emma", "eric", "erica", "erik", "erin", "ernest", "esther", "ethan",
	"eugene", "eva", "evelyn", "frances", "francis", "frank", "fred", "frederick", "gabriel", "gary", "gene", "george",
	"gerald", "gina", "glenn", "gloria", "gordon", "grace", "greg", "gregory", "hannah", "harold", "harry", "heather",
	"helen", "henry", "howard", "ian", "irene", "isaac", "isabel", "jack", "jacob", "jacqueline", "jake", "james",
	"jamie", "jane", "janet", "janice", "jason", "jean", "jeff", "jeffrey", "jennifer", "jenny", "jeremy", "jerry",
	"jesse", "jessica", "jill", "jim", "jimmy", "joan", "joe", "joel", "john", "johnny", "jon", "jonathan",
	"jordan", "jose", "joseph", "josh", "joshua", "joyce", "juan", "judith", "judy", "julia", "julie", "justin",
	"karen", "karl", "kate", "katherine", "kathleen", "kathryn", "kathy", "katie", "keith", "kelly", "ken", "kenneth",
	"kevin", "kim", "kimberly", "kyle", "larry", "laura", "lauren", "lawrence", "leah", "lee", "leonard", "leslie",
	"linda", "lindsay", "lisa", "lori", "louis", "louise", "lucy", "luis", "luke", "lynn", "marc", "marcus",
	"margaret", "maria", "marie", "marilyn", "mario", "mark", "martha", "martin", "mary", "matt", "matthew", "maurice",
	"megan", "melanie", "melissa", "michael", "michelle", "mike", "mitchell", "monica", "nancy", "natalie", "nathan", "neil",
	"nicholas", "nick", "nicole", "norman", "oliver", "pamela", "pat", "patricia", "patrick", "paul", "paula", "peggy",
	"peter", "philip", "phillip", "pierre", "rachel", "ralph", "randy", "ray", "raymond", "rebecca", "regina", "richard",
	"rick", "ricky", "rita", "rob", "robert", "roberto", "robin", "rodney", "roger", "ronald", "ronnie", "rose",
	"ruby", "russell", "ruth", "ryan", "sally", "sam", "samantha", "samuel", "sandra", "sara", "sarah", "scott",
	"sean", "sharon", "shawn", "sheila", "shirley", "sophie", "stacy", "stanley", "stephanie", "stephen", "steve", "steven",
	"stuart", "susan", "suzanne", "tammy", "tara", "ted", "teresa", "terry", "theresa", "thomas", "tim", "timothy",
	"tina", "todd", "tom", "tommy", "tony", "tracy", "travis", "troy", "tyler", "valerie", "vanessa", "victor",
	"victoria", "vincent", "virginia", "walter", "wayne", "wendy", "william", "willie", "yvonne", "zachary", "alejandro", "ana",
	"carmen", "diego", "eduardo", "elena", "fernando", "francisco", "gabriela", "javier", "jorge", "manuel", "miguel", "pablo",
	"pedro", "rafael", "ricardo", "sergio", "hans", "klaus", "jürgen", "wolfgang", "helmut", "angela", "sabine", "ursula",
	"jean-pierre", "jean-claude", "françois", "michel", "philippe", "nicolas", "olivier", "marie-claude", "giuseppe", "giovanni", "marco", "luca",
	"francesco", "ahmed", "ali", "hassan", "mohammed", "muhammad", "omar", "vladimir", "dmitry", "sergei", "ivan", "olga",
	"yuri",
	"emmanuel", "francois", "jacques", "jean-marc", "jean-luc", "jean-paul", "jean-yves", "laurent", "thierry", "sébastien", "sebastien", "julien",
	"antoine", "mathieu", "mathilde", "camille", "céline", "celine", "sylvie", "nathalie", "isabelle", "valérie", "monique", "christophe",
	"frédéric", "frederic", "dominique", "hervé", "herve", "benoît", "benoit", "gérard", "gerard", "rené", "rene", "yves",
	"alain", "didier", "pascal", "emmanuelle", "ségolène", "segolene", "gerhard", "horst", "joachim", "jens", "lars", "ulrich",
	"uwe", "stefan", "sven", "thorsten", "frank-walter", "olaf", "annalena", "armin", "markus", "matthias", "tobias", "florian",
	"sebastian", "andreas", "dieter", "günter", "gunter", "heinz", "karl-heinz", "kurt", "manfred", "rainer", "reinhard", "werner",
	"katrin", "petra", "renate", "susanne", "birgit", "josé", "maría", "jesús", "jesus", "alberto", "enrique", "ramón",
	"ramon", "mariano", "pilar", "dolores", "lucía", "lucia", "mercedes", "esperanza", "andrés", "andres", "felipe", "gustavo",
	"hugo", "giorgio", "matteo", "silvio", "paolo", "lorenzo", "alessandro", "alessandra", "federica", "chiara", "giulia", "joão",
	"joao", "paulo", "luiz", "luíz", "rui", "dmitri", "sergey", "alexei", "alexey", "mikhail", "nikolai", "boris",
	"viktor", "yevgeny", "evgeny", "andrei", "andrey", "igor", "oleg", "pavel", "yulia", "tatiana", "natalia", "svetlana",
	"irina", "volodymyr", "petro", "vitali", "vitaly", "barack", "hillary", "kamala", "mitt", "rudy", "newt", "rand",
	"bernie", "kirsten", "chuck", "mitch", "xi", "recep", "ahmet", "mehmet", "mustafa", "abdullah", "hamid", "ibrahim",
	"khalid", "mahmoud", "mohamed", "mohammad", "salman", "yusuf", "narendra", "rahul", "sonia", "manmohan", "shinzo", "yoshihide",
	"fumio", "al", "kenny", "rudolph", "reggie", "drew", "tyrone", "jamal", "deshawn", "lamar", "darnell", "marquis",
	NULL
};

static const char *const monthdays[] = {
	"january", "february", "march", "april", "june", "july", "august", "september", "october",
	"november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "montag", "dienstag",
	"mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "enero", "febrero", "marzo", "abril",
	"mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "lunes",
	"martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "janvier", "février", "mars",
	"avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "lundi", "mardi",
	"mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	NULL
};

/* ---- open-addressing tables keyed by 64-bit hashes */

typedef struct HashTab
{
	uint64	   *keys;			/* 0 = empty */
	int32	   *vals;
	uint32		mask;
	int			n;
} HashTab;

static void
ht_init(HashTab *t, int expected)
{
	uint32		size = 64;

	while (size < (uint32) expected * 2)
		size <<= 1;
	t->keys = MemoryContextAllocZero(TopMemoryContext, sizeof(uint64) * size);
	t->vals = MemoryContextAllocZero(TopMemoryContext, sizeof(int32) * size);
	t->mask = size - 1;
	t->n = 0;
}

static int32 *
ht_slot(HashTab *t, uint64 h, bool insert)
{
	uint32		i;

	if (h == 0)
		h = 1;
	for (i = (uint32) (h ^ (h >> 32)) & t->mask;; i = (i + 1) & t->mask)
	{
		if (t->keys[i] == h)
			return &t->vals[i];
		if (t->keys[i] == 0)
		{
			if (!insert)
				return NULL;
			t->keys[i] = h;
			t->n++;
			return &t->vals[i];
		}
	}
}

/* hash of the lower-cased UTF-16 text, white space runs as one space, trimmed */
static uint64
text_hash16(const UChar *u, int32 len)
{
	UChar	   *low = palloc(sizeof(UChar) * (2 * len + 2));
	int32		n = pga_ner_lower(u, len, low),
				i;
	uint64		h = PGA_NER_HASH_INIT;
	bool		space = false,
				any = false;

	for (i = 0; i < n; i++)
	{
		UChar		c = low[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F)
		{
			space = any;
			continue;
		}
		if (space)
			h = pga_ner_hash_unit(h, ' ');
		space = false;
		any = true;
		h = pga_ner_hash_unit(h, c);
	}
	pfree(low);
	return h;
}

static uint64
text_hash8(const char *s, int len)
{
	int32		n16;
	UChar	   *u = pga_utf8_to_utf16(s, len, &n16);
	uint64		h = text_hash16(u, n16);

	pfree(u);
	return h;
}

/* ---- lexicons */

static HashTab lex;
static bool lex_ready = false;

static void
lex_add(const char *const *words, uint16 flag)
{
	for (; *words; words++)
	{
		int32	   *v = ht_slot(&lex, text_hash8(*words, strlen(*words)), true);

		*v |= flag;
	}
}

static void
lexicon_load(void)
{
	if (lex_ready)
		return;
	ht_init(&lex, 2048);
	lex_add(titles, LEX_TITLE);
	lex_add(orgheads, LEX_ORGHEAD);
	lex_add(locheads, LEX_LOCHEAD);
	lex_add(connectors, LEX_CONNECT);
	lex_add(stops, LEX_STOP);
	lex_add(monthdays, LEX_MONTHDAY);
	lex_add(demonyms, LEX_DEMONYM);
	lex_add(firstnames, LEX_FIRSTNAME);
	lex_ready = true;
}

uint16
pga_lexicon_flags(uint64 lh)
{
	int32	   *v = ht_slot(&lex, lh, false);

	return v ? (uint16) *v : 0;
}

/* ---- gazetteer */

#define GAZ_FILE "pg_article_entity_gazetteer.tsv"
#define GAZ_MAX_TOKS 10

static HashTab gaz;
static PgaGazEntry *gaz_entries = NULL;
static int	gaz_nentries = 0;
static bool gaz_ready = false;

static int
kind_from_name(const char *s, int len)
{
	int			k;

	for (k = 0; k < PGA_ENT_NKINDS; k++)
		if (len == 3 && memcmp(s, pga_entity_kind_names[k], 3) == 0)
			return k;
	return -1;
}

static void
gaz_error(const char *path, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_CONFIG_FILE_ERROR),
			 errmsg("pg_article entity gazetteer \"%s\" is unusable: %s", path, what),
			 errhint("Reinstall pg_article (make install), or rebuild the file with \"make entity-gazetteer\".")));
}

void
pga_gazetteer_load(void)
{
	char		sharepath[MAXPGPATH],
				path[MAXPGPATH];
	FILE	   *f;
	long		c;
	int			lineno = 0,
				maxent = 4096;
	MemoryContext old;

	lexicon_load();
	if (gaz_ready)
		return;

	get_share_path(my_exec_path, sharepath);
	snprintf(path, sizeof(path), "%s/extension/%s", sharepath, GAZ_FILE);
	f = AllocateFile(path, "r");
	if (f == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open pg_article entity gazetteer \"%s\": %m", path),
				 errhint("Install pg_article with \"make install\", which installs the gazetteer beside the extension's SQL files.")));

	/* the whole file, then one table sized for every alias */
	{
		long		flen = 0;
		char	   *data,
				   *line,
				   *next;
		int			nalias = 0;

		if (fseek(f, 0, SEEK_END) != 0 || (flen = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
			flen > 256L * 1024 * 1024)
		{
			FreeFile(f);
			gaz_error(path, "cannot read it, or it is larger than 256 MB");
		}
		data = palloc(flen + 1);
		if (fread(data, 1, flen, f) != (size_t) flen)
		{
			FreeFile(f);
			gaz_error(path, "short read");
		}
		data[flen] = '\0';
		FreeFile(f);
		pg_verifymbstr(data, flen, false);
		for (c = 0; c < flen; c++)
			if (data[c] == '\t' || data[c] == '\n')
				nalias++;

		old = MemoryContextSwitchTo(TopMemoryContext);
		ht_init(&gaz, nalias + 16);
		gaz_entries = palloc(sizeof(PgaGazEntry) * maxent);
		MemoryContextSwitchTo(old);

		for (line = data; line && *line; line = next)
		{
			char	   *fields[4096];
			int			nf = 0,
						i,
						kind = -1;
			char	   *p;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			lineno++;
			if (line[0] == '\0' || line[0] == '#')
				continue;
			fields[nf++] = line;
			for (p = line; *p; p++)
				if (*p == '\t')
				{
					*p = '\0';
					if (nf < (int) lengthof(fields))
						fields[nf++] = p + 1;
				}
			if (nf < 2 || (kind = kind_from_name(fields[0], strlen(fields[0]))) < 0)
				gaz_error(path, psprintf("line %d is not \"KIND<TAB>name<TAB>alias...\"", lineno));
			if (gaz_nentries >= maxent)
			{
				maxent *= 2;
				gaz_entries = repalloc(gaz_entries, sizeof(PgaGazEntry) * maxent);
			}
			gaz_entries[gaz_nentries].kind = kind;
			gaz_entries[gaz_nentries].canonical = MemoryContextStrdup(TopMemoryContext, fields[1]);
			for (i = 1; i < nf; i++)
			{
				uint64		h = text_hash8(fields[i], strlen(fields[i]));

				if (ht_slot(&gaz, h, false) == NULL)
					*ht_slot(&gaz, h, true) = gaz_nentries;
			}
			gaz_nentries++;
			if ((lineno & 255) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		pfree(data);
	}

	if (gaz_nentries == 0)
		gaz_error(path, "it has no entries");

	gaz_ready = true;
}

int
pga_gazetteer_lookup(uint64 h)
{
	int32	   *v = ht_slot(&gaz, h, false);

	return v ? *v : -1;
}

const PgaGazEntry *
pga_gazetteer_entry(int i)
{
	return &gaz_entries[i];
}

int
pga_gazetteer_find(const char *s, int len)
{
	return pga_gazetteer_lookup(text_hash8(s, len));
}

int
pga_gazetteer_maxtoks(void)
{
	return GAZ_MAX_TOKS;
}

/*
 * Marks the longest gazetteer matches, left to right, that start at a
 * capitalised (or caseless-script) word.
 */
void
pga_gazetteer_mark(PgaNerDoc *doc)
{
	int			i,
				covered = 0;
	UChar		low[256];

	for (i = 0; i < doc->ntoks; i++)
	{
		PgaNerTok  *t = &doc->toks[i];
		uint64		h = PGA_NER_HASH_INIT;
		int			j,
					best = 0,
					bestent = -1;

		t->lex = pga_lexicon_flags(t->lh);
		if (!(t->flags & NT_WORD) || !(t->flags & (NT_CAP | NT_ALLCAPS | NT_CASELESS)))
			continue;
		for (j = i; j < doc->ntoks && j < i + GAZ_MAX_TOKS; j++)
		{
			PgaNerTok  *tj = &doc->toks[j];
			int32		n,
						k,
						ent;

			if (j > i && (tj->flags & NT_NL))
				break;
			if (tj->e - tj->s > 120)
				break;
			if (j > i && (tj->flags & NT_SPACE))
				h = pga_ner_hash_unit(h, ' ');
			n = pga_ner_lower(doc->u + tj->s, tj->e - tj->s, low);
			for (k = 0; k < n; k++)
				h = pga_ner_hash_unit(h, low[k]);
			ent = pga_gazetteer_lookup(h);
			if (ent >= 0)
			{
				best = j - i + 1;
				bestent = ent;
			}
		}
		if (best > 0 && i >= covered)
		{
			int			kind = gaz_entries[bestent].kind;

			t->gazlen = best;
			t->gazent = bestent;
			for (j = i; j < i + best; j++)
				doc->toks[j].gaz = (j == i) ? 1 + 2 * kind : 2 + 2 * kind;
			covered = i + best;
		}
	}
}

/* ---- keys */

char *
pga_entity_keyfold(const char *name, int len)
{
	static UTransliterator *any_latin = NULL;
	int32		n16,
				i;
	UChar	   *u = pga_utf8_to_utf16(name, len, &n16);
	bool		ascii = true,
				latin = true;
	StringInfoData out;
	bool		space = false;

	for (i = 0; i < n16; i++)
	{
		if (u[i] >= 0x80)
		{
			ascii = false;
			if (u_isalpha(u[i]) && u_getIntPropertyValue(u[i], UCHAR_SCRIPT) != USCRIPT_LATIN)
				latin = false;
		}
	}
	if (!latin)
	{
		UErrorCode	status = U_ZERO_ERROR;
		int32		cap = n16 * 4 + 16,
					textlen = n16,
					limit = n16;
		UChar	   *buf;

		if (any_latin == NULL)
		{
			static const UChar id[] = {'A', 'n', 'y', '-', 'L', 'a', 't', 'i', 'n', 0};

			any_latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
			pga_icu_check(status, "utrans_openU(Any-Latin)");
		}
		buf = palloc(sizeof(UChar) * cap);
		memcpy(buf, u, sizeof(UChar) * n16);
		utrans_transUChars(any_latin, buf, &textlen, cap, 0, &limit, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR)
		{
			/* keep the untransliterated name rather than fail */
			pfree(buf);
		}
		else
		{
			pga_icu_check(status, "utrans_transUChars(Any-Latin)");
			pfree(u);
			u = buf;
			n16 = textlen;
		}
	}
	if (!ascii)
	{
		UChar	   *s = pga_icu_strip_accents(u, n16, &n16);

		pfree(u);
		u = s;
	}
	initStringInfo(&out);
	for (i = 0; i < n16;)
	{
		UChar32		c;

		U16_NEXT(u, i, n16, c);
		if (c < 0x80)
		{
			if (c >= 'A' && c <= 'Z')
				c += 32;
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			{
				if (space && out.len > 0)
					appendStringInfoChar(&out, ' ');
				space = false;
				appendStringInfoChar(&out, (char) c);
			}
			else if (c != '\'' && c != '.')
				space = true;	/* "U.S." -> "us", "O'Brien" -> "obrien", "Al-Assad" -> "al assad" */
		}
		else if (u_isalnum(c))
		{
			unsigned char b[8];
			int			n;

			c = u_tolower(c);
			n = pga_utf8_encode((uint32) c, b);
			if (space && out.len > 0)
				appendStringInfoChar(&out, ' ');
			space = false;
			appendBinaryStringInfo(&out, (char *) b, n);
		}
		else if (u_hasBinaryProperty(c, UCHAR_DIACRITIC) || c == 0x02B9 || c == 0x02BA || c == 0x02BF || c == 0x02BE)
			;					/* transliteration marks (soft sign, ayin) vanish */
		else
			space = true;
	}
	pfree(u);
	return out.data;
}
