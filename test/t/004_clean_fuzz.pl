
# 004_clean_fuzz.pl
#	Mutation fuzzing of the cleaning stage: clean_article (auto, html, text),
#	clean_explain, clean_blocks, article_metadata and source_profile_learn.
#
# Seeds are the cleaning fixtures (a news page and scraped text) and small
# pages written here (JSON-LD, tables, lists, CJK, broken markup).  Each case
# mutates a seed: slices deleted or duplicated, tags and fragments inserted
# ("<div", "</p>", "<!--", "<script>", "&#x", "]]>", JSON-LD pieces, mojibake),
# bytes flipped and re-decoded (valid UTF-8 without NUL), or the text cut.
# Properties checked on every case:
#
#	- no crash, and no ERROR at all (bad pages are data, not errors);
#	- the same input gives the same output (determinism);
#	- clean_article(x, f) is the concatenation of the kept blocks of
#	  clean_explain(x, f) (the explanation tells the truth);
#	- article_metadata returns a JSON object.
#
# PGA_FUZZ_SEED and PGA_FUZZ_CASES (default 1000) as in 001.

use strict;
use warnings;
use utf8;

use Encode qw(encode_utf8 decode);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seed = $ENV{PGA_FUZZ_SEED} // 20251123;
my $ncases = $ENV{PGA_FUZZ_CASES} // 1000;
diag("clean fuzz seed $seed, $ncases cases (reproduce with PGA_FUZZ_SEED=$seed)");
srand($seed);

my $root = $ENV{PGA_ROOT} // '.';
sub slurp
{
	my ($f) = @_;
	open(my $fh, '<:encoding(UTF-8)', $f) or die "$f: $!";
	local $/;
	my $s = <$fh>;
	close($fh);
	return $s;
}

my @seeds = (
	slurp("$root/test/fixtures/clean/wire_page.html"),
	slurp("$root/test/fixtures/clean/wire_text.txt"),
	qq{<html lang="de"><head><script type="application/ld+json">{"\@context":"https://schema.org","\@graph":[{"\@type":"NewsArticle","headline":"Brücke gesperrt","author":[{"\@type":"Person","name":"Anna Schmidt"}],"datePublished":"2024-03-02T08:00:00+01:00"}]}</script></head><body><nav><ul><li><a href="/">Start</a></li></ul></nav><article><h1>Brücke gesperrt</h1><p>Der Stadtrat hat am Montag beschlossen, die alte Brücke über den Fluss zu sperren.</p><table><tr><td>Pos</td><td>Name</td></tr><tr><td>1</td><td>Müller</td></tr></table></article></body></html>},
	qq{<div><p>市政府星期一宣布，老桥将从明天起封闭，直到夏季结束。</p><ul><li><a href="#">首页</a></li><li>体育</li></ul><p>版权所有</p></div>},
	qq{<p>Unclosed <b>bold <i>italic <div>block <p>para & more &amp;amp; &#xZZ; <br><br/> <img alt="x"> text</p>},
	qq{Home\n\n* News\n* Sport\n\n   The council met on Monday and agreed to the plan after a long debate.\n\n[[title]]\nÂ© 2024 Site â€” All rights reserved},
);

my @fragments = (
	'<div>', '</div>', '<p>', '</p>', '<!--', '-->', '<script>', '</script>', '<style>x{}</style>', '<br>',
	'&#x', '&amp;', '&#0;', '&#x110000;', ']]>', '<![CDATA[', '<a href="#">', '</a>', '<li>', '<table><tr><td>',
	'{"@type":', '"headline":', '[', ']', '}', '<meta property="og:title" content="', '" >', "\x{0}", "â€™", "Ã©",
	"\x{FEFF}", "\x{200B}", "\x{1F600}", "\n\n", "\t", '[[text]]', 'An icon of a clock.', '<html>', '<?xml ',
	'<h1>', '<figure><figcaption>', '(Photo: AP)', '<nav>', '<svg><text>', '<textarea>', '<!DOCTYPE html>',
);

sub mutate
{
	my ($s) = @_;
	my $n = 1 + int(rand(6));
	for (1 .. $n)
	{
		my $len = length($s);
		my $op = int(rand(6));
		my $at = $len ? int(rand($len)) : 0;
		if ($op == 0 && $len)
		{
			substr($s, $at, int(rand(200)), '');
		}
		elsif ($op == 1 && $len)
		{
			my $piece = substr($s, $at, int(rand(300)));
			substr($s, int(rand($len)), 0, $piece);
		}
		elsif ($op == 2)
		{
			substr($s, $at, 0, $fragments[ int(rand(@fragments)) ]);
		}
		elsif ($op == 3 && $len)
		{
			my $bytes = encode_utf8($s);
			for (1 .. 1 + int(rand(4)))
			{
				my $i = int(rand(length($bytes)));
				substr($bytes, $i, 1, chr(int(rand(256))));
			}
			$s = decode('UTF-8', $bytes, Encode::FB_DEFAULT);
		}
		elsif ($op == 4 && $len)
		{
			$s = substr($s, 0, $at);
		}
		else
		{
			substr($s, $at, 0, chr(0x20 + int(rand(0x2FF))) x (1 + int(rand(3))));
		}
	}
	$s =~ s/\x{0}//g;
	return $s;
}

sub dollar_quote
{
	my ($s) = @_;
	my $tag = 'f';
	$tag .= 'x' while index($s, "\$$tag\$") >= 0;
	return "\$$tag\$$s\$$tag\$";
}

my $node = PostgreSQL::Test::Cluster->new('clean_fuzz');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION pg_article');
$node->safe_psql('postgres', 'CREATE TABLE cases (id int PRIMARY KEY, body text)');

# cases go in by COPY-free inserts in batches
my @cases;
for my $i (1 .. $ncases)
{
	my $s = $seeds[ int(rand(@seeds)) ];
	push @cases, ($i % 10 == 0) ? $s : mutate($s);
}
for (my $i = 0; $i < @cases; $i += 100)
{
	my @vals;
	for my $k ($i .. ($i + 99 < $#cases ? $i + 99 : $#cases))
	{
		push @vals, '(' . ($k + 1) . ', ' . dollar_quote($cases[$k]) . ')';
	}
	$node->safe_psql('postgres', 'INSERT INTO cases VALUES ' . join(',', @vals));
}
is($node->safe_psql('postgres', 'SELECT count(*) FROM cases'), $ncases, "$ncases cases stored");

for my $fmt ('auto', 'html', 'text')
{
	my ($ret, $out, $err) = $node->psql('postgres', qq{
		SELECT count(*) FROM cases c
		WHERE clean_article(c.body, '$fmt') IS DISTINCT FROM clean_article(c.body, '$fmt')
		   OR clean_article(c.body, '$fmt') IS DISTINCT FROM
		      coalesce((SELECT string_agg(e.text, E'\\n\\n' ORDER BY e.block)
		                FROM clean_explain(c.body, '$fmt') e WHERE e.keep), '')});
	is($ret, 0, "clean_article/clean_explain ($fmt) raise no error") or diag($err);
	is($out, '0', "clean_article ($fmt) is deterministic and equals the kept blocks of clean_explain");
}

my ($ret, $out, $err) = $node->psql('postgres', q{
	SELECT count(*) FROM cases WHERE jsonb_typeof(article_metadata(body)) <> 'object'});
is($ret, 0, 'article_metadata raises no error') or diag($err);
is($out, '0', 'article_metadata always returns an object');

($ret, $out, $err) = $node->psql('postgres', q{
	SELECT sum(n) >= 0 FROM (SELECT array_length(features, 1) AS n FROM cases, clean_blocks(body)) x});
is($ret, 0, 'clean_blocks raises no error') or diag($err);

($ret, $out, $err) = $node->psql('postgres', q{
	SELECT count(*) FROM (SELECT source_profile_learn('fuzz ' || (id % 7), body, 'auto',
	                                                  timestamptz '2024-01-01' + (id || ' hours')::interval)
	                      FROM cases ORDER BY id) x;
	SELECT count(*) FROM cases c
	WHERE clean_article(c.body, source => 'fuzz ' || (c.id % 7)) IS NULL});
is($ret, 0, 'source_profile_learn and cleaning with profiles raise no error') or diag($err);
like($out, qr/^\d+\n0$/, 'cleaning with a profile never returns NULL for non-NULL input');

$node->stop;
done_testing();
