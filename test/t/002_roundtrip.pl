
# 002_roundtrip.pl
#	ntext values survive COPY (text and binary), pg_dump/pg_restore, and the
#	restored UNIQUE index still folds: it rejects a folded-equal duplicate and
#	passes amcheck.
#
# Every comparison is of the exact stored display text (md5 of its bytes and
# its length), the stored folded form and the stored fingerprint, row by row.

use strict;
use warnings;
use utf8;

use Time::HiRes qw(time);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $started = time();

# An E'' literal for any string (ASCII only, so the SQL script is plain bytes).
sub sql_literal
{
	my ($s) = @_;
	my $out = '';
	for my $ch (split //, $s)
	{
		my $o = ord($ch);
		if    ($ch eq "'")  { $out .= "\\'"; }
		elsif ($ch eq '\\') { $out .= '\\\\'; }
		elsif ($o == 0x0A)  { $out .= '\n'; }
		elsif ($o == 0x09)  { $out .= '\t'; }
		elsif ($o == 0x0D)  { $out .= '\r'; }
		elsif ($o >= 0x20 && $o < 0x7F) { $out .= $ch; }
		elsif ($o <= 0xFFFF) { $out .= sprintf('\u%04X', $o); }
		else { $out .= sprintf('\U%08X', $o); }
	}
	return "E'$out'";
}

my @rows = (
	[ 1,  '' ],
	[ 2,  "“It’s a test,” she said — didn’t she?" ],
	[ 3,  "First line\nsecond line\n\nA new paragraph after a blank line.\n\n\n\nAnd a third,\n\twith an indented line." ],
	[ 4,  "Math 𝐇𝐞𝐥𝐥𝐨, emoji 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽, CJK extension B 𠮷野家 𠀋, Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿" ],
	[ 5,  "„Grüße aus der Straße“, sagte Jürgen. ÄÖÜ äöü ß" ],
	[ 6,  "İstanbul'da ılık bir gün; DİYARBAKIR" ],
	[ 7,  "قال الرئيس إن «الاقتصاد» ينمو بسرعة" ],
	[ 8,  "北京时间2022年9月12日，国务院新闻办公室举行发布会。" ],
	[ 9,  "back\\slash, \\N is not NULL, tab\there, a lone\n\\.\nline, and \"quotes\", 'apostrophes' | pipes ; semicolons" ],
	[ 10, 'NULL' ],
	[ 11, undef ],
	[ 12, "Itâ€™s cafÃ© time" ],
	[ 13, "AT&amp;T &lt;b&gt; &eacute;t&eacute; &#8212; &#x1F600;" ],
	[ 14, "ＦＵＬＬ　ｗｉｄｔｈ ﬁnance\x{A0}and\x{2009}thin\x{200B}spaces\r\nCRLF\rCR" ],
	[ 15, "Ὀδυσσεύς, Москва, Україна, नमस्ते, สวัสดี, 한국어, カタカナ" ],
	[ 16, "e\x{301}le\x{300}ve decomposed" ],
);
# A long value (TOASTed and compressed), added server-side.
my $long_sql = "repeat(E'Paragraph “with quotes” — and accents: café, naïve, Zoë.\\n\\n', 5000) || 'end'";

#
# Cluster and source database
#
my $node = PostgreSQL::Test::Cluster->new('roundtrip');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

my $dir = PostgreSQL::Test::Utils::tempdir;

$node->safe_psql('postgres', 'CREATE DATABASE src');
is($node->safe_psql('src', 'SHOW server_encoding'), 'UTF8', 'database is UTF-8');

my $insert = join(",\n",
	map { "($_->[0], " . (defined $_->[1] ? sql_literal($_->[1]) : 'NULL') . ')' } @rows);
$node->safe_psql('src', <<"EOSQL");
CREATE EXTENSION pg_article;
CREATE EXTENSION amcheck;
CREATE TABLE docs (id int PRIMARY KEY, body ntext UNIQUE, origin text);
INSERT INTO docs (id, origin) VALUES
$insert;
UPDATE docs SET body = origin::ntext;
-- B-tree entries are limited to about 2.7 kB (compressed), so long values
-- live in a table without the UNIQUE index.
CREATE TABLE longdocs (id int PRIMARY KEY, body ntext, origin text);
INSERT INTO longdocs (id, origin) VALUES (17, $long_sql), (18, NULL);
INSERT INTO longdocs (id, origin) SELECT id, repeat(origin, 2000) FROM docs WHERE id IN (4, 8, 9);
UPDATE longdocs SET body = origin::ntext;
EOSQL

is($node->safe_psql('src', 'SELECT count(*) FROM docs'), scalar(@rows), 'rows inserted');
for my $t (qw(docs longdocs))
{
	is( $node->safe_psql('src',
			"SELECT count(*) FROM $t WHERE body::text IS DISTINCT FROM normalize_text(origin)"
			  . ' OR fold_text(body) IS DISTINCT FROM fold_text(origin)'
			  . ' OR fingerprint(body) IS DISTINCT FROM fingerprint_text(origin)'),
		'0',
		"$t: stored display, folded form and fingerprint are those of the text functions");
}
is( $node->safe_psql('src',
		"SELECT count(*) FROM docs WHERE body IS NOT NULL AND body::text ~ E'\\n'"),
	'3',
	'the multi-line values keep their line breaks');
cmp_ok(
	$node->safe_psql('src',
		"SELECT pg_column_size(body) FROM longdocs WHERE id = 17"),
	'<',
	$node->safe_psql('src', "SELECT octet_length(body::text) FROM longdocs WHERE id = 17"),
	'the long value is stored compressed');

# Row-by-row signature: exact display bytes, folded form, fingerprint, version.
my $sig_sql = <<'EOSQL';
SELECT id,
	coalesce(md5(body::text), 'NULL'),
	coalesce(octet_length(body::text)::text, 'NULL'),
	coalesce(md5(fold_text(body)), 'NULL'),
	coalesce(fingerprint(body)::text, 'NULL'),
	coalesce(normalization_version(body)::text, 'NULL')
FROM %s ORDER BY id
EOSQL
sub signature
{
	my ($db, $table) = @_;
	return $node->safe_psql($db, sprintf($sig_sql, $table));
}
my $sig_src = signature('src', 'docs');
my $sig_long = signature('src', 'longdocs');

# Exact comparison of two tables in one database.
sub diff_count
{
	my ($db, $a, $b) = @_;
	return $node->safe_psql($db, <<"EOSQL");
SELECT count(*) FROM $a a FULL JOIN $b b USING (id)
WHERE a.body::text IS DISTINCT FROM b.body::text
   OR fold_text(a.body) IS DISTINCT FROM fold_text(b.body)
   OR fingerprint(a.body) IS DISTINCT FROM fingerprint(b.body)
   OR (a.id IS NULL) OR (b.id IS NULL)
EOSQL
}

#
# COPY, text format
#
$node->safe_psql('src', <<"EOSQL");
COPY docs TO '$dir/docs.txt';
CREATE TABLE docs_text (LIKE docs INCLUDING ALL);
COPY docs_text FROM '$dir/docs.txt';
COPY longdocs TO '$dir/longdocs.txt';
CREATE TABLE longdocs_text (LIKE longdocs INCLUDING ALL);
COPY longdocs_text FROM '$dir/longdocs.txt';
EOSQL
is(diff_count('src', 'docs', 'docs_text'), '0', 'COPY text round trip keeps every value exactly');
is(signature('src', 'docs_text'), $sig_src, 'COPY text round trip: same signature');
is(diff_count('src', 'longdocs', 'longdocs_text'), '0', 'COPY text round trip of long values');

#
# COPY, binary format (ntext_send / ntext_recv)
#
$node->safe_psql('src', <<"EOSQL");
COPY docs TO '$dir/docs.bin' (FORMAT binary);
CREATE TABLE docs_bin (LIKE docs INCLUDING ALL);
COPY docs_bin FROM '$dir/docs.bin' (FORMAT binary);
COPY longdocs TO '$dir/longdocs.bin' (FORMAT binary);
CREATE TABLE longdocs_bin (LIKE longdocs INCLUDING ALL);
COPY longdocs_bin FROM '$dir/longdocs.bin' (FORMAT binary);
EOSQL
is(diff_count('src', 'docs', 'docs_bin'), '0', 'COPY binary round trip keeps every value exactly');
is(signature('src', 'docs_bin'), $sig_src, 'COPY binary round trip: same signature');
is(diff_count('src', 'longdocs', 'longdocs_bin'), '0', 'COPY binary round trip of long values');

# The binary form is a version byte and the display text; a version this
# server does not know is refused cleanly.
$node->safe_psql('src', "COPY (SELECT body FROM docs WHERE id = 2) TO '$dir/one.bin' (FORMAT binary)");
my $bin = slurp_file("$dir/one.bin");
# 11-byte signature, int32 flags, int32 extension length, int16 field count, int32 field length
my $field_len = unpack('N', substr($bin, 21, 4));
my $version_byte = ord(substr($bin, 25, 1));
my $display = substr($bin, 26, $field_len - 1);
is($version_byte,
	$node->safe_psql('src', 'SELECT pg_article_normalization_version()'),
	'binary form starts with the normalization version');
is($display, $node->safe_psql('src', 'SELECT body FROM docs WHERE id = 2'),
	'binary form continues with the display text');
substr($bin, 25, 1) = chr(255);
open(my $fh, '>:raw', "$dir/bad.bin") or die;
print $fh $bin;
close($fh);
my ($ret, $out, $err) = $node->psql('src',
	"\\set VERBOSITY verbose\nCREATE TABLE one (body ntext); COPY one FROM '$dir/bad.bin' (FORMAT binary);");
isnt($ret, 0, 'binary value with an unknown version is rejected');
like($err, qr/22P03.*version 255/s, '... with invalid_binary_representation naming the version');

#
# source profiles are extension configuration tables: their rows must be dumped
$node->safe_psql('src', q{
	SELECT source_profile_learn('site ' || s, format(E'Home\nNews\n\nParagraph %s of a story about the harbour and the council, written for the test of dumps.\n\n(c) Site %s', g, s), 'text',
	                            timestamptz '2024-01-01' + (g || ' days')::interval)
	FROM generate_series(1, 3) s, generate_series(1, 6) g});
my $profile_sig = q{SELECT count(*) || ':' || md5(string_agg(source || fingerprint || articles || days || owner, ',' ORDER BY source, fingerprint))
	FROM source_profile_block};
my $profile_src = $node->safe_psql('src', $profile_sig);

# pg_dump (custom format) and pg_restore into a new database
#
$node->command_ok(
	[ 'pg_dump', '-Fc', '-f', "$dir/src.dump", '-d', $node->connstr('src') ],
	'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE dst');
$node->command_ok(
	[ 'pg_restore', '-d', $node->connstr('dst'), '--exit-on-error', "$dir/src.dump" ],
	'pg_restore into a new database');
is($node->safe_psql('dst', "SELECT extversion IS NOT NULL FROM pg_extension WHERE extname = 'pg_article'"),
	't', 'restored database has the extension');
is(signature('dst', 'docs'), $sig_src, 'restored rows are identical (display, folded, fingerprint)');
is($node->safe_psql('dst', $profile_sig), $profile_src, 'source profiles survive pg_dump/pg_restore');
is($node->safe_psql('dst', q{SELECT string_agg(source || '=' || articles, ',' ORDER BY source) FROM source_profile}),
	'site 1=6,site 2=6,site 3=6', 'source profile article counts restored');
is(signature('dst', 'docs_bin'), $sig_src, 'restored copy of the binary round trip is identical too');
is(signature('dst', 'longdocs'), $sig_long, 'restored long values are identical');

my $index = $node->safe_psql('dst',
	"SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'docs'::regclass AND NOT indisprimary");
like($index, qr/docs_body/, 'restored table has its UNIQUE index on body');

# A duplicate that differs only in case, quotes, dashes and white space.
my $dup = sql_literal("\"IT'S A TEST,\"   SHE SAID - DIDN'T SHE?");
is($node->safe_psql('dst', "SELECT body = ${dup}::ntext, body::text <> $dup FROM docs WHERE id = 2"),
	't|t', 'the duplicate differs as text but is equal as ntext');
($ret, $out, $err) = $node->psql('dst',
	"\\set VERBOSITY verbose\nINSERT INTO docs (id, body) VALUES (100, $dup);");
isnt($ret, 0, 'restored UNIQUE index rejects a folded-equal duplicate');
like($err, qr/23505/, '... with unique_violation');
($ret, $out, $err) = $node->psql('dst',
	"INSERT INTO docs (id, body) VALUES (101, 'It is not a test, she said.');");
is($ret, 0, 'restored UNIQUE index accepts a different value');
is( $node->safe_psql('dst',
		"SET enable_seqscan = off; SET enable_bitmapscan = off;"
		  . " SELECT id FROM docs WHERE body = ${dup}::ntext;"),
	'2',
	'index scan on the restored index finds the row by a folded-equal key');

$node->safe_psql('dst', 'CREATE EXTENSION IF NOT EXISTS amcheck');
is($node->safe_psql('dst', "SELECT bt_index_check('$index', true)"),
	'', "amcheck bt_index_check($index, heapallindexed) on the restored index");
is($node->safe_psql('src', "SELECT bt_index_check('$index', true)"),
	'', 'amcheck on the source index');
$node->safe_psql('dst', 'REINDEX TABLE docs');
is($node->safe_psql('dst', "SELECT bt_index_check('$index', true)"),
	'', 'amcheck after REINDEX');

#
# Values whose display form is not itself a fixed point of normalization:
# the round trips re-normalize on input, so such values must still come back
# exactly.  (Adversarial but valid input, not in the tables above.)
#
my @edge = (
	[ 1, "A\x{303}\x{A9}" ],        # NFC makes "Ã" before "©"
	[ 2, "\x{FF21}\x{301}" ],       # fullwidth A + combining acute
	[ 3, "\x{C3}\x{1B}\x{A9}" ],    # a control between the halves of "Ã©"
	[ 4, "&am\x{200B}p;" ],         # a zero-width space inside "&amp;"
);
$node->safe_psql('src',
	'CREATE TABLE edge (id int PRIMARY KEY, body ntext); INSERT INTO edge VALUES '
	  . join(', ', map { "($_->[0], " . sql_literal($_->[1]) . ')' } @edge));
$node->safe_psql('src', <<"EOSQL");
COPY edge TO '$dir/edge.txt';
CREATE TABLE edge_text (LIKE edge);
COPY edge_text FROM '$dir/edge.txt';
COPY edge TO '$dir/edge.bin' (FORMAT binary);
CREATE TABLE edge_bin (LIKE edge);
COPY edge_bin FROM '$dir/edge.bin' (FORMAT binary);
EOSQL
for my $t (qw(edge_text edge_bin))
{
	my $bad = $node->safe_psql('src', <<"EOSQL");
SELECT string_agg(a.id || ': ' || a.body::text || ' -> ' || b.body::text, '; ' ORDER BY a.id)
FROM edge a JOIN $t b USING (id)
WHERE a.body::text <> b.body::text OR fold_text(a.body) <> fold_text(b.body)
EOSQL
	is($bad, '', "$t: values that are not normalization fixed points survive the round trip")
	  or diag('SQL to reproduce: SELECT x, (x::ntext)::text::ntext = x::ntext FROM (VALUES '
		  . join(', ', map { '(' . sql_literal($_->[1]) . ')' } @edge) . ') v(x);');
}

diag(sprintf('002_roundtrip took %.1f s', time() - $started));
$node->stop;
done_testing();
