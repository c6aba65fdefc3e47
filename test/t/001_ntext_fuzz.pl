
# 001_ntext_fuzz.pl
#	Mutation fuzzing of ntext's input function and of the text functions.
#
# Seed strings (many scripts, mojibake, HTML references, controls, emoji,
# combining marks, long words) are mutated at random: characters inserted,
# deleted and replaced (random code points from many planes, C0/C1 controls,
# U+FFFD, U+FEFF, fragments such as "&#x110000;" or "â€"), bytes flipped
# (then re-decoded, so every case is valid UTF-8 without NUL).  Every case is
# checked against properties the functions promise:
#
#	- no crash, and every function returns non-NULL or raises a clean ERROR;
#	- repair_text, normalize_text and fold_text are idempotent;
#	- fold_text(normalize_text(x)) = fold_text(x);
#	- x::ntext stores normalize_text(x), fold_text(x) and fingerprint_text(x),
#	  equals normalize_text(x)::ntext, and survives text -> ntext round trips;
#	- the ntext input function agrees with the cast;
#
# and, over all cases, fingerprints follow folded forms, ntext order is the
# code point order of the folded forms, hashing agrees with equality, and a
# B-tree index on the values passes amcheck.
#
# The random seed is printed; PGA_FUZZ_SEED=<n> reproduces a run, and
# PGA_FUZZ_CASES=<n> changes the number of cases (default 4000).  Failing
# inputs are shown as E'' literals (shrunk to a small input when possible)
# and written in full to fuzz_failures.sql in the test's log directory.

use strict;
use warnings;
use utf8;

use Encode qw(encode_utf8 decode);
use Time::HiRes qw(time);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seed = $ENV{PGA_FUZZ_SEED} // 20250611;
my $ncases = $ENV{PGA_FUZZ_CASES} // 4000;
my $batch_size = 500;
my $started = time();

diag("fuzz seed $seed, $ncases cases (reproduce with PGA_FUZZ_SEED=$seed)");
srand($seed);

#
# Seeds
#
my @seeds = (
	"“It’s a trap,” she said — didn’t she? ‘Yes’… from 3–4 p.m., 20 °C.",
	"„Die Straße ist gesperrt“, sagte der Bürgermeister. Größe: 5 µm; Maß, Fuß, Äpfel, Öl, Übermut. STRASSE ẞ",
	"İstanbul'da ıslak ılık İğne; DİYARBAKIR ve ışık. Iğdır İİ ıı",
	"北京时间2022年9月12日，国务院新闻办公室举行发布会。记者问：“今天的天气怎么样？”答：晴。",
	"قال الرئيس إن «الاقتصاد» ينمو بسرعة، وأضاف: ١٢٣٤ مليون دولار. مُحَمَّد",
	"Family 👨‍👩‍👧‍👦, flags 🇩🇪🇹🇷, thumbs 👍🏽, rainbow 🏳️‍🌈, keycap 1️⃣, Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
	"e\x{301}le\x{300}ve, n\x{303}, Ä vs A\x{308}, \x{1E9B}\x{323}, Z\x{35B}\x{34D}a\x{32D}l\x{33E}g\x{35C}o, \x{1100}\x{1161}\x{11A8}",
	"Itâ€™s â€œquotedâ€\x{9D} cafÃ© naÃ¯ve, Ã¢â‚¬â„¢ twice, â€” dash, Ð¿Ñ€Ð¸Ð²ÐµÑ‚, Å›wiat",
	"AT&T &amp; Co: &lt;b&gt;bold&lt;/b&gt; &quot;x&quot; &#8217; &#x2019; &eacute; &nbsp;x &amp;amp;quot; &copy2022 &#146; &#0; &#xD800; &#x110000; &notanentity;",
	"line1\r\nline2\rline3\x{0B}\x{0C}tab\there\x{07}bell\x{1B}[0m\x{85}nel\x{2028}ls\x{2029}ps \x{AD}soft\x{200B}zw\x{FEFF}bom \x{A0}nbsp\x{3000}ideo",
	"Donaudampfschifffahrtsgesellschaftskapitänswitwe Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz "
	  . ('x' x 300)
	  . " pneumonoultramicroscopicsilicovolcanoconiosis",
	"ＡＢＣ１２３ ﬁnance ﬂow ﬀ ﬃ ﬄ ﬅ ｈｅｌｌｏ　ｗｏｒｌｄ ｶﾀｶﾅ ㈱ ① Ⅻ ㎞",
	"Ὀδυσσεύς ΣΊΣΥΦΟΣ ς σ Σ — Москва, ЁЖИК ёжик, Україна ґ",
	"नमस्ते दुनिया क्षत्रिय; สวัสดีครับ ภาษาไทย; 한국어 텍스트; 日本語のテキスト、カタカナ。",
	"Title\n\n\n\nPara one.  \n  Para two, line two.\n\n\n\tPara three.\n\n",
	"𝐇𝐞𝐥𝐥𝐨 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀋𠮷 \x{E0067}tag \x{FE0F}\x{E0100} \x{10FFFD}",
	"",
	" \t\n \n\n ",
	"a",
	"&",
	"Ã",
	"\x{FFFD}\x{FFFD}",
);

#
# Mutations
#
my @cp1252 = (
	0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
	0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178);
my @special = (
	0xFFFD, 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0x2028, 0x2029, 0x00AD,
	0x00A0, 0x3000, 0x2009, 0x202F, 0x180E, 0xFFFC, 0xFFFE, 0xFFFF, 0x10FFFF,
	0xFDD0, 0x0085, 0x034F, 0x061C, 0x200E, 0x200F, 0x202E, 0xFE0F, 0x1F3FB,
	0xE0001, 0x2212, 0x2BC, 0x60, 0xB4, 0xAB, 0xBB, 0x301D, 0x00DF, 0x1E9E,
	0x0130, 0x0131, 0x03A3, 0x03C2, 0x01C5, 0x0390, 0xFB00, 0x3002, 0xFF0C);
my @combining = (
	[ 0x0300, 0x036F ], [ 0x0483, 0x0489 ], [ 0x0591, 0x05BD ],
	[ 0x064B, 0x065F ], [ 0x0E31, 0x0E3A ], [ 0x1AB0, 0x1ACE ],
	[ 0x1DC0, 0x1DFF ], [ 0x20D0, 0x20F0 ], [ 0xFE20, 0xFE2F ],
	[ 0x1D165, 0x1D169 ], [ 0x3099, 0x309A ], [ 0x1160, 0x11FF ]);
my @compat = (
	[ 0xFF01, 0xFF5E ], [ 0xFB00, 0xFB06 ], [ 0x2160, 0x217F ],
	[ 0x2460, 0x24FF ], [ 0x3300, 0x33FF ], [ 0x1D400, 0x1D7FF ],
	[ 0xFF61, 0xFF9F ], [ 0x00BC, 0x00BE ], [ 0x2070, 0x209C ]);
my @planes = (0, 0, 0, 0, 1, 1, 2, 3, 14, 15, 16);
my @fragments = (
	'&', '&#', '&#x', '&#x110000;', '&#1114112;', '&#0;', '&#x0;', '&#128;',
	'&#x9d;', '&#xD800;', '&#xFFFE;', '&#99999999999;', '&#xFFFFFFFFF;',
	'&amp;', '&amp;amp;', '&amp;amp;lt;', '&#38;amp;', '&#38;#38;', '&lt;',
	'&gt', '&nbsp;', '&NotNestedGreaterGreater;', '&notin;', '&copy2022',
	'&;', ';', '#', 'â€', 'â€™', 'â€œ', 'Ã©', 'Ã', 'Â', 'Â ', 'Ã¢â‚¬â„¢',
	'ÃƒÂ©', 'Ð¿', 'Å›', 'ï»¿', "\r\n", "\r", '  ', "\n\n\n", "\t", 'ß', 'ẞ',
	'İ', 'ı', 'ǅ', 'ﬀ', 'Ａ', '\\', "'", '$$', '"', 'Σ', 'ς', "\x{85}",
	"\x{200D}", "\x{FE0F}", "\x{1F3FB}", "\x{E0001}", "\x{10FFFF}", "\\.",
	"\\N", "A\x{303}©", "\x{1100}", "\x{1161}");

sub pick { return $_[ int(rand(@_)) ]; }

sub from_range
{
	my ($r) = @_;
	return $r->[0] + int(rand($r->[1] - $r->[0] + 1));
}

sub rand_cp
{
	my $r = rand();
	my $c;
	if ($r < 0.12) { $c = pick(1 .. 0x1F, 0x7F); }
	elsif ($r < 0.20) { $c = 0x80 + int(rand(0x20)); }
	elsif ($r < 0.35) { $c = pick(@special); }
	elsif ($r < 0.50) { $c = from_range(pick(@combining)); }
	elsif ($r < 0.60) { $c = rand() < 0.6 ? 0xA0 + int(rand(0x60)) : pick(@cp1252); }
	elsif ($r < 0.68) { $c = from_range(pick(@compat)); }
	else { $c = pick(@planes) * 0x10000 + int(rand(0x10000)); }
	$c = 0xFFFD if $c == 0 || ($c >= 0xD800 && $c <= 0xDFFF) || $c > 0x10FFFF;
	return chr($c);
}

# Server-acceptable text: no NUL, no surrogates, nothing past U+10FFFF.
sub sanitize
{
	my ($s) = @_;
	$s =~ s/\x{0}//g;
	$s =~ s/[\x{D800}-\x{DFFF}]/\x{FFFD}/g;
	$s =~ s/[^\x{0}-\x{10FFFF}]/\x{FFFD}/g;
	return $s;
}

sub mutate_bytes
{
	my ($s) = @_;
	my $b = encode_utf8($s);
	my $n = int(rand(3)) + 1;
	for (1 .. $n)
	{
		my $pos = length($b) ? int(rand(length($b) + 1)) : 0;
		my $r = rand();
		if ($r < 0.4 && $pos < length($b)) { substr($b, $pos, 1) = chr(int(rand(256))); }
		elsif ($r < 0.7) { substr($b, $pos, 0) = chr(int(rand(256))); }
		elsif ($pos < length($b)) { substr($b, $pos, 1) = ''; }
	}
	# lenient decode: every malformed sequence becomes U+FFFD
	return decode('UTF-8', $b, Encode::FB_DEFAULT);
}

sub mutate
{
	my ($s) = @_;
	my $len = length($s);
	my $pos = int(rand($len + 1));
	my $r = rand();
	if ($r < 0.25) { substr($s, $pos, 0) = rand_cp(); }
	elsif ($r < 0.45) { substr($s, $pos, 0) = pick(@fragments); }
	elsif ($r < 0.58 && $pos < $len) { substr($s, $pos, 1) = rand_cp(); }
	elsif ($r < 0.66 && $pos < $len) { substr($s, $pos, 1) = ''; }
	elsif ($r < 0.70 && $pos < $len) { substr($s, $pos, 1 + int(rand(8))) = ''; }
	elsif ($r < 0.75 && $pos < $len)
	{
		my $piece = substr($s, $pos, 1 + int(rand(12)));
		substr($s, int(rand($len + 1)), 0) = $piece;
	}
	elsif ($r < 0.79 && $pos + 1 < $len)
	{
		substr($s, $pos, 2) = reverse(substr($s, $pos, 2));
	}
	elsif ($r < 0.84 && $pos < $len)
	{
		my $k = 1 + int(rand(10));
		my $piece = substr($s, $pos, $k);
		substr($s, $pos, $k) = rand() < 0.5 ? uc($piece) : lc($piece);
	}
	elsif ($r < 0.87) { substr($s, $pos, 0) = rand_cp() x (2 + int(rand(6))); }
	else { $s = mutate_bytes($s); }
	return sanitize($s);
}

my @cases;
push @cases, sanitize($_) for @seeds;    # every seed once, unchanged
while (@cases < $ncases)
{
	my $s = pick(@seeds);
	if (rand() < 0.1)
	{
		my $t = pick(@seeds);
		$s = substr($s, 0, int(rand(length($s) + 1)))
		  . substr($t, int(rand(length($t) + 1)));
	}
	my $k = 1 + int(-log(1 - rand()) * 2.5);
	$k = 12 if $k > 12;
	$s = mutate($s) for 1 .. $k;
	push @cases, $s;
}

# A few long cases: runs without spaces and long texts, longer than the
# 64 kB pieces the functions work in, with damage sprinkled near the cuts.
for my $i (1 .. 12)
{
	my $unit = pick(
		'Itâ€™s&amp;café', '汉字测试中文文本数据', "e\x{301}a\x{308}o\x{302}",
		'Ð¿Ñ€Ð¸Ð²ÐµÑ‚', 'ки' . "\x{306}", "\x{1100}\x{1161}\x{11A8}",
		'ＡＢＣﬁ', '&lt;&#x2019;&eacute;', 'Σσς', 'word ', "para.\n\n",
		'İıß');
	my $target = 70_000 + int(rand(70_000));
	my $s = $unit x int($target / length(encode_utf8($unit)) + 1);
	for (1 .. 8)
	{
		my $pos = int(rand(length($s) + 1));
		$pos = 32_000 + int(rand(33_000)) if rand() < 0.5 && length($s) > 70_000;
		substr($s, $pos, 0) = rand() < 0.5 ? rand_cp() : pick(@fragments);
	}
	push @cases, sanitize($s);
}
my $total = scalar(@cases);

#
# Properties.  Each is a boolean SQL expression of $1 (the case) that must be
# true.  "call" properties check that a function returns non-NULL; an ERROR
# there is tolerated when clean (not an internal error, class XX).
#
my @props = (
	[ call => 'repair',          'repair_text($1) IS NOT NULL' ],
	[ call => 'repair_no_html',  'repair_text($1, false, true) IS NOT NULL' ],
	[ call => 'repair_no_mojibake', 'repair_text($1, true, false) IS NOT NULL' ],
	[ call => 'normalize',       'normalize_text($1) IS NOT NULL' ],
	[ call => 'fold',            'fold_text($1) IS NOT NULL' ],
	[ call => 'fold_accents',    'fold_text($1, true) IS NOT NULL' ],
	[ call => 'fingerprint',     'fingerprint_text($1) IS NOT NULL' ],
	[ call => 'fingerprint_accents', 'fingerprint_text($1, true) IS NOT NULL' ],
	[ call => 'tokenize',        'tokenize_text($1) IS NOT NULL' ],
	[ call => 'tokenize_accents', 'tokenize_text($1, true) IS NOT NULL' ],
	[ call => 'ntext_cast',      '$1::ntext IS NOT NULL' ],
	[ call => 'ntext_in',        'ntext_in($1::cstring) IS NOT NULL' ],
	[ prop => 'idempotent_repair',
		'repair_text(repair_text($1)) = repair_text($1)' ],
	[ prop => 'idempotent_normalize',
		'normalize_text(normalize_text($1)) = normalize_text($1)' ],
	[ prop => 'idempotent_fold',
		'fold_text(fold_text($1)) = fold_text($1)' ],
	[ prop => 'idempotent_fold_accents',
		'fold_text(fold_text($1, true), true) = fold_text($1, true)' ],
	[ prop => 'fold_of_normalize',
		'fold_text(normalize_text($1)) = fold_text($1)' ],
	[ prop => 'ntext_display_is_normalize',
		'($1::ntext)::text = normalize_text($1)' ],
	[ prop => 'ntext_fold_is_fold_text',
		'fold_text($1::ntext) = fold_text($1)' ],
	[ prop => 'ntext_fingerprint_is_fingerprint_text',
		'fingerprint($1::ntext) = fingerprint_text($1)' ],
	[ prop => 'ntext_equals_normalized',
		'$1::ntext = normalize_text($1)::ntext' ],
	[ prop => 'ntext_roundtrip_equal',
		'($1::ntext)::text::ntext = $1::ntext' ],
	[ prop => 'ntext_roundtrip_identical',
		'(($1::ntext)::text::ntext)::text = ($1::ntext)::text'
		  . ' AND fold_text(($1::ntext)::text::ntext) = fold_text($1::ntext)' ],
	[ prop => 'ntext_in_matches_cast',
		'ntext_in($1::cstring)::text = ($1::ntext)::text'
		  . ' AND fold_text(ntext_in($1::cstring)) = fold_text($1::ntext)'
		  . ' AND ntext_in($1::cstring) = $1::ntext' ],
	[ prop => 'ntext_version',
		'normalization_version($1::ntext) = pg_article_normalization_version()' ],
);

#
# Helpers
#

# An E'' literal that reproduces s in psql (UTF-8 database).
sub sql_literal
{
	my ($s, $max) = @_;
	my $out = '';
	my $n = 0;
	for my $ch (split //, $s)
	{
		last if defined $max && $n++ >= $max;
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
	my $lit = "E'$out'";
	$lit .= sprintf(' /* first %d of %d characters */', $max, length($s))
	  if defined $max && length($s) > $max;
	return $lit;
}

# COPY text-format field, as UTF-8 bytes.
sub copy_field
{
	my $b = encode_utf8($_[0]);
	$b =~ s/\\/\\\\/g;
	$b =~ s/\n/\\n/g;
	$b =~ s/\r/\\r/g;
	$b =~ s/\t/\\t/g;
	return $b;
}

sub copy_block
{
	my ($table, $rows) = @_;
	my $sql = "COPY $table FROM STDIN;\n";
	$sql .= join("\t", $_->[0], copy_field($_->[1])) . "\n" for @$rows;
	return $sql . "\\.\n";
}

#
# Cluster
#
my $node = PostgreSQL::Test::Cluster->new('fuzz');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE fuzz');
is($node->safe_psql('fuzz', 'SHOW server_encoding'), 'UTF8', 'database is UTF-8');

my $setup = <<'EOSQL';
CREATE EXTENSION pg_article;
CREATE EXTENSION amcheck;
CREATE TABLE fuzz_case (id int PRIMARY KEY, input text NOT NULL);
CREATE TABLE fuzz_prop (name text PRIMARY KEY, kind text NOT NULL, expr text NOT NULL);
CREATE TABLE fuzz_fail (id int, prop text, kind text, result text, bad boolean);

-- NULL when the property holds, else 'false', 'null' or the error.
CREATE FUNCTION fuzz_eval(expr text, x text) RETURNS text
LANGUAGE plpgsql AS $f$
DECLARE
	ok boolean;
BEGIN
	EXECUTE 'SELECT (' || expr || ')' INTO ok USING x;
	IF ok THEN
		RETURN NULL;
	END IF;
	RETURN coalesce(ok::text, 'null');
EXCEPTION WHEN OTHERS THEN			-- never catches query_canceled
	RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END
$f$;

-- Is an outcome a failure?  A clean ERROR is tolerated, an internal one is not.
CREATE FUNCTION fuzz_bad(result text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $f$
	SELECT $1 IS NOT NULL AND ($1 NOT LIKE 'ERROR %' OR $1 LIKE 'ERROR XX%')
$f$;

CREATE FUNCTION fuzz_run(lo int, hi int) RETURNS int
LANGUAGE plpgsql AS $f$
DECLARE
	c record;
	p record;
	r text;
	n int := 0;
BEGIN
	FOR c IN SELECT id, input FROM fuzz_case WHERE id BETWEEN lo AND hi ORDER BY id LOOP
		-- the server log names the case being run, should it crash
		RAISE LOG 'pga_fuzz case %', c.id;
		FOR p IN SELECT name, kind, expr FROM fuzz_prop ORDER BY kind, name LOOP
			r := fuzz_eval(p.expr, c.input);
			IF r IS NOT NULL THEN
				INSERT INTO fuzz_fail VALUES (c.id, p.name, p.kind, r, fuzz_bad(r));
			END IF;
		END LOOP;
		n := n + 1;
	END LOOP;
	RETURN n;
END
$f$;
EOSQL
$setup .= "INSERT INTO fuzz_prop VALUES "
  . join(",\n", map { "('$_->[1]', '$_->[0]', \$e\$$_->[2]\$e\$)" } @props) . ";\n";
$node->safe_psql('fuzz', $setup);

#
# Run the cases in batches
#
# A batch is one fuzz_run() call.  Should the server go down, the server log
# names the case it was on: that case is reported, the server restarted, and
# the rest of the batch (the cases before it too, whose results were rolled
# back) run again.
my %input;
my @crashes;
my $crash_budget = 10;
for (my $lo = 0; $lo < $total; $lo += $batch_size)
{
	my $hi = $lo + $batch_size - 1;
	$hi = $total - 1 if $hi > $total - 1;
	my @rows = map { [ $_, $cases[$_] ] } $lo .. $hi;
	$input{ $_->[0] } = $_->[1] for @rows;
	$node->safe_psql('fuzz', "SET client_encoding = 'UTF8';\n" . copy_block('fuzz_case', \@rows));

	my @ranges = ([ $lo, $hi ]);
	while (my $r = shift @ranges)
	{
		my ($from, $to) = @$r;
		my $log_offset = -s $node->logfile;
		my ($ret, $out, $err) = $node->psql('fuzz', "SELECT fuzz_run($from, $to);");
		next if $ret == 0 && $out eq ($to - $from + 1);

		# The batch failed: did the server go down, and on what?
		my @seen = slurp_file($node->logfile, $log_offset) =~ /pga_fuzz case (\d+)/g;
		my $last = @seen ? $seen[-1] : undef;
		my $alive = $node->psql('postgres', 'SELECT 1') == 0;
		push @crashes,
		  sprintf("cases %d..%d failed (psql exit %d, server %s): %s\n  last case started: %s",
			$from, $to, $ret, $alive ? 'alive' : 'DOWN', $err,
			defined $last ? "$last = " . sql_literal($cases[$last], 300) : 'none');
		if (!$alive)
		{
			$node->_update_pid(-1);
			$node->start(fail_ok => 1);
		}
		last if --$crash_budget <= 0 || !defined $last;
		push @ranges, [ $from, $last - 1 ] if $last > $from;
		push @ranges, [ $last + 1, $to ] if $last < $to;
	}
	last if $crash_budget <= 0;
}

ok(!@crashes, 'every batch of cases ran to the end') or diag(join("\n", @crashes));

#
# Per-property results
#
my %fail;    # prop => [ [id, result], ... ]
my %clean_errors;
for my $line (split /\n/,
	$node->safe_psql('fuzz',
		"SELECT id, prop, bad, replace(replace(result, E'\\n', ' '), '|', '/') FROM fuzz_fail ORDER BY prop, id"))
{
	my ($id, $prop, $bad, $result) = split /\|/, $line, 4;
	if ($bad eq 't') { push @{ $fail{$prop} }, [ $id, $result ]; }
	else { $clean_errors{$prop}++; }
}

my $failures_file = "$PostgreSQL::Test::Utils::log_path/fuzz_failures.sql";
open(my $ff, '>:encoding(UTF-8)', $failures_file) or die "cannot write $failures_file: $!";
print $ff "-- pg_article fuzz failures, PGA_FUZZ_SEED=$seed PGA_FUZZ_CASES=$ncases\n";

# Shrinks a failing input by deleting pieces while the property still fails.
# Candidates are evaluated in the server, a batch per psql call.
my $shrink_deadline = time() + 25;
sub still_failing
{
	my ($prop, @cands) = @_;
	my @rows = map { [ $_, $cands[$_] ] } 0 .. $#cands;
	my $sql = "SET client_encoding = 'UTF8';\nCREATE TEMP TABLE cand (i int, x text);\n"
	  . copy_block('cand', \@rows)
	  . "SELECT min(i) FROM cand WHERE fuzz_bad(fuzz_eval((SELECT expr FROM fuzz_prop WHERE name = '$prop'), x));\n";
	my ($ret, $out) = $node->psql('fuzz', $sql);
	return undef if $ret != 0 || $out eq '';
	return $cands[$out];
}

sub shrink
{
	my ($prop, $s) = @_;
	return $s if length($s) > 4000;
	my $size = int(length($s) / 2) || 1;
	while (time() < $shrink_deadline)
	{
		my @cands;
		for (my $i = 0; $i < length($s); $i += $size)
		{
			my $c = $s;
			substr($c, $i, $size) = '';
			push @cands, $c;
		}
		my $smaller = @cands ? still_failing($prop, @cands) : undef;
		if (defined $smaller)
		{
			$s = $smaller;
			$size = length($s) if $size > length($s);
			$size ||= 1;
			next;
		}
		last if $size == 1;
		$size = int($size / 2) || 1;
	}
	return $s;
}

for my $p (@props)
{
	my ($kind, $name, $e) = @$p;
	my $f = $fail{$name} || [];
	my $what = $kind eq 'call'
	  ? "$name: returns non-NULL or a clean ERROR"
	  : "$name: $e";
	if (ok(!@$f, "$what (" . ($total - @$f) . "/$total cases)"))
	{
		next;
	}
	diag(scalar(@$f) . " failing cases for $name");
	print $ff "\n-- property $name: SELECT $e\n";
	(my $ex = $e) =~ s/\$1/x/g;
	for my $x (@$f)
	{
		print $ff "-- case $x->[0] -> $x->[1]\n"
		  . "SELECT ($ex) AS holds FROM (VALUES ("
		  . sql_literal($input{ $x->[0] }) . ")) v(x);\n";
	}
	my @shortest = sort { length($input{ $a->[0] }) <=> length($input{ $b->[0] }) } @$f;
	for my $x (@shortest[ 0 .. ($#shortest < 2 ? $#shortest : 2) ])
	{
		my $s = $input{ $x->[0] };
		diag("  case $x->[0] ($x->[1]): " . sql_literal($s, 200));
	}
	# shrink the three shortest failing inputs; distinct results hint at distinct causes
	my %shrunk;
	for my $x (@shortest[ 0 .. ($#shortest < 2 ? $#shortest : 2) ])
	{
		my $lit = sql_literal(shrink($name, $input{ $x->[0] }), 200);
		next if $shrunk{$lit}++;
		diag("  shrunk: SELECT $ex FROM (VALUES ($lit)) v(x);  -- false or internal error");
	}
}
close($ff);
diag("failing inputs written to $failures_file") if %fail;
note("clean errors (tolerated): "
	  . (join(', ', map { "$_=$clean_errors{$_}" } sort keys %clean_errors) || 'none'));

#
# Properties over the whole set of cases (those no function failed on)
#
my $good = "SELECT id, input FROM fuzz_case WHERE id NOT IN (SELECT id FROM fuzz_fail WHERE kind = 'call')";
$node->safe_psql('fuzz',
	"CREATE TABLE nt AS SELECT id, input::ntext AS v FROM ($good) g");

is( $node->safe_psql('fuzz',
		"SELECT count(*) FROM (SELECT fold_text(input) FROM ($good) g"
		  . " GROUP BY 1 HAVING count(DISTINCT fingerprint_text(input)) > 1) d"),
	'0',
	'inputs with equal fold_text have equal fingerprint_text');
is( $node->safe_psql('fuzz',
		"SELECT count(*) FROM (SELECT fingerprint_text(input) FROM ($good) g"
		  . " GROUP BY 1 HAVING count(DISTINCT fold_text(input)) > 1) d"),
	'0',
	'no two distinct folded forms share a fingerprint');
is( $node->safe_psql('fuzz',
		"SELECT (SELECT array_agg(fold_text(v) ORDER BY v) FROM nt)"
		  . " = (SELECT array_agg(fold_text(v) ORDER BY fold_text(v) COLLATE \"C\") FROM nt)"),
	't',
	'ORDER BY ntext is code point order of the folded forms');
my $distinct_folds = $node->safe_psql('fuzz', 'SELECT count(DISTINCT fold_text(v)) FROM nt');
is( $node->safe_psql('fuzz',
		'SET enable_hashagg = off; SELECT count(*) FROM (SELECT v FROM nt GROUP BY v) s'),
	$distinct_folds,
	'sort grouping of ntext finds as many groups as there are distinct folded forms');
is( $node->safe_psql('fuzz',
		'SET enable_sort = off; SELECT count(*) FROM (SELECT v FROM nt GROUP BY v) s'),
	$distinct_folds,
	'hash grouping of ntext finds as many groups as there are distinct folded forms');
is( $node->safe_psql('fuzz',
		"SELECT count(*) FROM nt a JOIN nt b ON a.v = b.v WHERE fingerprint(a.v) <> fingerprint(b.v)"
		  . " OR (a.v < b.v) OR (a.v > b.v) OR ntext_cmp(a.v, b.v) <> 0"),
	'0',
	'equal ntext values have equal fingerprints and compare as equal');
# (B-tree entries are limited to about 2.7 kB, as for text: index the values that fit.)
$node->safe_psql('fuzz',
	'CREATE TABLE nt_small AS SELECT * FROM nt WHERE pg_column_size(v) < 2000;'
	  . ' CREATE INDEX nt_v ON nt_small (v)');
is($node->safe_psql('fuzz', "SELECT bt_index_check('nt_v', true)"),
	'', 'amcheck: B-tree index on the fuzzed ntext values is consistent');

#
# The server survived
#
is($node->safe_psql('fuzz', 'SELECT 1'), '1', 'server is alive after fuzzing');
my @crash_lines = grep { /terminated by signal|was terminated by exception|PANIC:/ }
  split /\n/, slurp_file($node->logfile);
ok(!@crash_lines, 'server log shows no crashed backend')
  or diag(join("\n", @crash_lines[ 0 .. ($#crash_lines < 9 ? $#crash_lines : 9) ]));

diag(sprintf('%d cases in %.1f s', $total, time() - $started));
$node->stop;
done_testing();
