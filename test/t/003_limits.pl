
# 003_limits.pl
#	Huge and bad input: a 100 MB article through every function (correct
#	result, bounded memory, and a statement_timeout that stops each function
#	promptly), a million short lines, 10 MB lines without spaces in several
#	scripts and normalization forms, and a database that is not UTF-8.
#
# Expected results are derived from the documented rules, on texts built so
# that the rules give a simple answer: a clean paragraph repeated N times
# normalizes to the paragraph repeated N times (paragraph breaks kept, the
# trailing ones dropped), folds to the folded paragraph repeated with single
# spaces between, and repairs to itself.

use strict;
use warnings;
use utf8;

use Time::HiRes qw(time);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $started = time();

my $node = PostgreSQL::Test::Cluster->new('limits');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE limits');
my $db = 'limits';
is($node->safe_psql($db, 'SHOW server_encoding'), 'UTF8', 'database is UTF-8');

# Runs SQL (ASCII script; non-ASCII text is written with U&'' escapes or
# comes from the tables), returns stdout; dies on error.
sub sql { return $node->safe_psql($db, $_[0]); }

# A clean paragraph in display form, with a paragraph break after it.
# (Written with escapes so the SQL script stays ASCII.)
my $para = q{U&'\201CIt\2019s a remarkable day,\201D said Zo\00EB M\00FCller, the caf\00E9\2019s owner \2014 na\00EFve as it sounds, she\2019d expected Gr\00F6\00DFe, not \00E9lan. Prices rose 3\20134 % in S\00E3o Paulo, Krak\00F3w and \0130zmir; the mayor\2019s office called it \201Esehr gut\201C.' || E'\n\n'};

sql(<<"EOSQL");
CREATE EXTENSION pg_article;
CREATE TABLE unit AS SELECT $para AS p;
EOSQL

# Preconditions on the small unit, so the expectations below are sound.
is(sql("SELECT normalize_text(p) || E'\\n\\n' = p FROM unit"), 't',
	'the paragraph is in display form (normalize_text keeps it, minus the trailing break)');
is(sql('SELECT repair_text(p) = p FROM unit'), 't', 'the paragraph needs no repair');
is(sql("SELECT fold_text(p) !~ '[[:space:]]{2}' AND fold_text(p) = btrim(fold_text(p)) FROM unit"), 't',
	'its folded form has no leading, trailing or double spaces');

#
# The 100 MB text, stored uncompressed out of line so fetching it is cheap.
#
my $target = 100_000_000;
my $t0 = time();
sql(<<"EOSQL");
CREATE UNLOGGED TABLE big (n int, t text);
ALTER TABLE big ALTER t SET STORAGE EXTERNAL;
INSERT INTO big
SELECT 1000 * k, repeat(repeat(p, 1000), k)
FROM unit, LATERAL (SELECT ceil($target / (1000.0 * octet_length(p)))::int AS k) s;
EOSQL
my $bytes = sql('SELECT octet_length(t) FROM big');
cmp_ok($bytes, '>=', $target, "built a text of $bytes bytes");
diag(sprintf('built %.1f MB in %.1f s', $bytes / 1e6, time() - $t0));

# Expected results, computed from the unit.
my %expect = (
	normalize => sql("SELECT md5(left(repeat(normalize_text(p) || E'\\n\\n', n), -2)) FROM unit, big"),
	fold      => sql("SELECT md5(left(repeat(fold_text(p) || ' ', n), -1)) FROM unit, big"),
	repair    => sql('SELECT md5(t) FROM big'),
	tokens    => sql('SELECT cardinality(tokenize_text(p)) * n FROM unit, big'),
);

# Runs one query in a fresh backend and returns (result, seconds, peak RSS in kB).
sub run_measured
{
	my ($sql) = @_;
	my $start = time();
	my $out = sql("$sql;\nSELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\\s*(\\d+) kB'))[1];");
	my $secs = time() - $start;
	my ($result, $hwm) = split /\n/, $out;
	return ($result, $secs, $hwm);
}

my @functions = (
	[ 'normalize_text',   'md5(normalize_text(t))',  $expect{normalize} ],
	[ 'fold_text',        'md5(fold_text(t))',       $expect{fold} ],
	[ 'repair_text',      'md5(repair_text(t))',     $expect{repair} ],
	[ 'fingerprint_text', 'fingerprint_text(t)',     undef ],
	[ 'tokenize_text',    'cardinality(tokenize_text(t))', $expect{tokens} ],
	[ 'ntext cast',
		"md5(v::text) || ' ' || md5(fold_text(v)) || ' ' || fingerprint(v) FROM (SELECT t::ntext AS v FROM big OFFSET 0) s",
		undef ],
);

my %got;
for my $f (@functions)
{
	my ($name, $expr, $expected) = @$f;
	my $from = $expr =~ /\bFROM\b/ ? '' : ' FROM big';
	my ($result, $secs, $hwm) = run_measured("SELECT $expr$from");
	$got{$name} = $result;
	my $ratio = $hwm * 1024 / $bytes;
	diag(sprintf('%-16s on %.0f MB: %5.1f s, %6.1f MB/s, peak RSS %5.0f MB = %4.1f x input',
			$name, $bytes / 1e6, $secs, $bytes / 1e6 / $secs, $hwm / 1024, $ratio));
	is($result, $expected, "$name of the 100 MB text is the expected result") if defined $expected;
	cmp_ok($ratio, '<', 20, "$name: peak backend memory under 20 x input size");
}
# The stored ntext carries the same display, folded form and fingerprint.
is($got{'ntext cast'}, "$expect{normalize} $expect{fold} $got{fingerprint_text}",
	'ntext of the 100 MB text stores the expected display, folded form and fingerprint_text()');

#
# Cancellation: statement_timeout stops each function promptly.
#
for my $f (
	[ 'normalize_text',   'octet_length(normalize_text(t))' ],
	[ 'fold_text',        'octet_length(fold_text(t))' ],
	[ 'repair_text',      'octet_length(repair_text(t))' ],
	[ 'fingerprint_text', 'fingerprint_text(t)' ],
	[ 'fingerprint_text strip_accents', 'fingerprint_text(t, true)' ],
	[ 'tokenize_text',    'cardinality(tokenize_text(t))' ],
	[ 'ntext cast',       'octet_length(t::ntext::text)' ])
{
	my ($name, $expr) = @$f;
	my $start = time();
	my ($ret, $out, $err) = $node->psql($db,
		"\\set VERBOSITY verbose\nSET statement_timeout = '200ms';\nSELECT $expr FROM big;");
	my $secs = time() - $start;
	diag(sprintf('%-30s cancelled after %.3f s', $name, $secs));
	like($err, qr/ERROR:\s+57014: canceling statement due to statement timeout/,
		"$name: statement_timeout cancels it (query_canceled)");
	cmp_ok($secs, '<', 2, "$name: cancelled within 2 s (timeout 200 ms)");
}

#
# A million short lines
#
sql(<<'EOSQL');
CREATE TABLE lines AS
SELECT string_agg('Zeile ' || i || U&' \2013 Gr\00FCn', E'\n' ORDER BY i) AS t
FROM generate_series(1, 1000000) i;
EOSQL
is( sql(<<'EOSQL'),
SELECT octet_length(n) - octet_length(replace(n, E'\n', ''))
FROM (SELECT normalize_text(t) AS n FROM lines) s
EOSQL
	'999999',
	'a million lines: normalize_text keeps every line break');
is(sql('SELECT normalize_text(t) = t, repair_text(t) = t FROM lines'), 't|t',
	'a million clean lines: normalize_text and repair_text return them unchanged');
is( sql(<<'EOSQL'),
SELECT fold_text(t) = replace(replace(lower(t), E'\n', ' '), U&'\2013', '-') FROM lines
EOSQL
	't',
	'a million lines: fold_text lowercases, joins lines with one space and unifies the dash');
is(sql('SELECT cardinality(tokenize_text(t)) FROM lines'), '3000000',
	'a million lines: three words each');
is(sql('SELECT fingerprint_text(t) = fingerprint(t::ntext) FROM lines'), 't',
	'a million lines: ntext stores fingerprint_text()');

#
# 10 MB lines without a single space
#
sql(<<'EOSQL');
CREATE TABLE line10 (name text PRIMARY KEY, t text, nfc text);
INSERT INTO line10 VALUES
	('latin', repeat(U&'abcd\00E9', 2000000), repeat(U&'abcd\00E9', 2000000)),
	('latin decomposed', repeat(U&'abcde\0301', 2000000), repeat(U&'abcd\00E9', 2000000)),
	('chinese', repeat(U&'\4E2D\6587\6587\672C\6D4B\8BD5\6570\636E\5904\7406\7CFB\7EDF', 300000),
		repeat(U&'\4E2D\6587\6587\672C\6D4B\8BD5\6570\636E\5904\7406\7CFB\7EDF', 300000)),
	('cyrillic decomposed', repeat(U&'\043A\0438\0306', 2000000), repeat(U&'\043A\0439', 2000000)),
	('hangul jamo', repeat(U&'\1100\1161\11A8', 1200000), repeat(U&'\AC01', 1200000));
EOSQL
for my $name ('latin', 'latin decomposed', 'chinese', 'cyrillic decomposed', 'hangul jamo')
{
	my $w = "FROM line10 WHERE name = '$name'";
	my $start = time();
	is(sql("SELECT normalize_text(t) = nfc $w"), 't', "10 MB line, $name: normalize_text gives its NFC form");
	is(sql("SELECT fold_text(t) = lower(nfc) $w"), 't', "10 MB line, $name: fold_text gives its lowercase NFC form");
	is(sql("SELECT repair_text(t) = t $w"), 't', "10 MB line, $name: repair_text leaves it unchanged");
	is(sql("SELECT fingerprint_text(t) = fingerprint(t::ntext) AND fingerprint_text(t) = fingerprint_text(nfc) $w"),
		't', "10 MB line, $name: fingerprint_text agrees with ntext and with the NFC form");
	diag(sprintf('10 MB line, %-20s %.1f s', "$name:", time() - $start));
}
is(sql("SELECT fingerprint_text(t) = fingerprint_text(upper(t)) FROM line10 WHERE name = 'latin'"), 't',
	'10 MB line, latin: upper case folds to the same fingerprint');
for my $name ('latin', 'chinese')
{
	is( sql("SELECT array_to_string(tokenize_text(t), '') = t FROM line10 WHERE name = '$name'"),
		't',
		"10 MB line, $name: the words tokenize_text returns cover the whole line");
}

#
# A database that is not UTF-8
#
$node->safe_psql('postgres',
	"CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
my ($ret, $out, $err) = $node->psql('latin', 'CREATE EXTENSION pg_article');
is($ret, 0, 'CREATE EXTENSION pg_article works in a LATIN1 database') or diag($err);
for my $expr ("repair_text('x')", "normalize_text('x')", "'x'::ntext", "fold_text('x')",
	"fingerprint_text('x')", "tokenize_text('x')")
{
	($ret, $out, $err) = $node->psql('latin', "\\set VERBOSITY verbose\nSELECT $expr;");
	isnt($ret, 0, "LATIN1 database: $expr fails");
	like($err, qr/ERROR:.*UTF-8/, "LATIN1 database: $expr: the error mentions UTF-8");
	like($err, qr/^HINT:/m, "LATIN1 database: $expr: the error has a HINT");
}

ok($node->safe_psql('postgres', 'SELECT 1') eq '1', 'server is alive');
unlike(slurp_file($node->logfile), qr/terminated by signal|PANIC:/, 'no backend crashed');

diag(sprintf('003_limits took %.1f s', time() - $started));
$node->stop;
done_testing();
