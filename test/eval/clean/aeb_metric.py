#!/usr/bin/env python3
"""The Article Extraction Benchmark (AEB) metric, python3 standard library only.

How a text is compared with the true article body:

  * tokens are the runs of Unicode word characters, re.findall(r'\\w+', text),
    case kept as it is (no lowercasing; see "Tokenization" below);
  * a text becomes the multiset of its contiguous 4-token shingles; a text of
    1 to 3 tokens becomes one shingle made of all its tokens, an empty text
    the empty multiset;
  * per page, with m = |pred ∩ gold| counted on multisets (the smaller count of
    each shingle), precision = m / |pred| and recall = m / |gold|.

Empty texts (the published numbers are reproduced only this way):

  * both empty: precision 1 and recall 1;
  * prediction empty, gold not: recall 0, and precision undefined: the page
    does not enter the precision average (a system that returns nothing is
    punished through recall only);
  * gold empty, prediction not: precision 0, recall undefined (not in the
    recall average).  AEB has no page with an empty gold body.

Over pages: P = mean of the defined precisions, R = mean of the defined
recalls, F1 = 2PR / (P + R), the harmonic mean of the two averages (not the
mean of per-page F1).

Tokenization, checked against the published table (see `--check`): with the
rule above for empty predictions every published F1, precision and recall is
reproduced to the third decimal, whether or not the text is lowercased first
(lowercasing moves no figure by more than 0.0001), so case is kept, as the
benchmark does.  Scoring an empty prediction as precision 0 gives jusText
0.738 instead of the published 0.804 (it returns nothing on 29 of the 181
pages) and precision 1 gives 0.814; only leaving those pages out of the
precision average gives 0.804.

Command line:
  aeb_metric.py GOLD.json PRED.json [--ids FILE [--side test|dev]]
                                                   P, R, F1 of one prediction file, over the
                                                   ids in FILE's first column (split.tsv:
                                                   only those of one side with --side)
  aeb_metric.py --check [AEB_DIR]                  computed vs published figures

Prediction and gold files map page ids to {"articleBody": text}, optionally
wrapped as {"version": ..., "output": {...}}.
"""

import json
import os
import re
import sys
from collections import Counter

SHINGLE = 4
_WORD = re.compile(r"\w+")

# Published figures on all 181 pages: (F1, precision, recall), from the
# benchmark's results table.  Keys are the file names in aeb/peer-output/.
# 'newspaper' is newspaper4k and 'readability' readability-lxml there.
PUBLISHED = {
    "rs_trafilatura": (0.970, 0.951, 0.990),
    "go_trafilatura": (0.960, 0.940, 0.980),
    "trafilatura": (0.958, 0.938, 0.978),
    "newspaper": (0.949, 0.964, 0.934),
    "readability_js": (0.947, 0.914, 0.982),
    "readability": (0.922, 0.913, 0.931),
    "dragnet": (0.907, 0.925, 0.889),
    "goose3": (0.896, 0.940, 0.856),
    "boilerpipe": (0.860, 0.850, 0.870),
    "justext": (0.804, 0.858, 0.756),
    "html-text": (0.665, 0.500, 0.994),
}
TOLERANCE = 0.005


def tokens(text):
    """The word tokens of a text (None counts as empty)."""
    return _WORD.findall(text or "")


def shingles(text):
    """Multiset (Counter) of the contiguous 4-token shingles of a text."""
    return shingles_of_tokens(tokens(text))


def shingles_of_tokens(toks):
    n = len(toks)
    if n == 0:
        return Counter()
    if n < SHINGLE:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + SHINGLE]) for i in range(n - SHINGLE + 1))


def overlap(a, b):
    """|a ∩ b| on multisets."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(c, b[k]) for k, c in a.items() if k in b)


def page_score(pred, gold):
    """(precision, recall) of one page; either may be None (undefined, see above).

    pred and gold are texts or shingle Counters."""
    p = pred if isinstance(pred, Counter) else shingles(pred)
    g = gold if isinstance(gold, Counter) else shingles(gold)
    np_, ng = sum(p.values()), sum(g.values())
    if np_ == 0 and ng == 0:
        return 1.0, 1.0
    m = overlap(p, g)
    return (m / np_ if np_ else None), (m / ng if ng else None)


class Score:
    """Averages of per-page precision and recall, and their F1."""

    def __init__(self, pairs):
        pairs = list(pairs)
        ps = [p for p, _ in pairs if p is not None]
        rs = [r for _, r in pairs if r is not None]
        self.pages = len(pairs)
        self.precision = sum(ps) / len(ps) if ps else 0.0
        self.recall = sum(rs) / len(rs) if rs else 0.0
        s = self.precision + self.recall
        self.f1 = 2 * self.precision * self.recall / s if s > 0 else 0.0

    def __repr__(self):
        return "P=%.4f R=%.4f F1=%.4f (%d pages)" % (self.precision, self.recall, self.f1, self.pages)


def evaluate(pred, gold, ids=None):
    """Score a {id: text} prediction against a {id: text} gold over ids
    (default: every gold id).  A page missing from pred counts as empty."""
    ids = list(gold) if ids is None else list(ids)
    return Score(page_score(pred.get(i) or "", gold[i]) for i in ids)


def load_bodies(path):
    """{id: articleBody} from a gold or prediction JSON file (unwraps {"output": ...})."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    out = {}
    for k, v in data.items():
        if isinstance(v, dict):
            v = v.get("articleBody")
        out[k] = v or ""
    return out


def check_published(aeb_dir, out=sys.stdout):
    """Score every peer in aeb_dir/peer-output on all pages and compare with
    PUBLISHED.  Returns (rows, ok): rows are (name, Score, published or None)."""
    gold = load_bodies(os.path.join(aeb_dir, "ground-truth.json"))
    gold_sh = {k: shingles(v) for k, v in gold.items()}
    rows, ok = [], True
    peer_dir = os.path.join(aeb_dir, "peer-output")
    for fn in sorted(os.listdir(peer_dir)):
        if not fn.endswith(".json"):
            continue
        name = fn[:-5]
        pred = load_bodies(os.path.join(peer_dir, fn))
        s = Score(page_score(pred.get(k) or "", gold_sh[k]) for k in gold)
        pub = PUBLISHED.get(name)
        if pub and any(abs(a - b) > TOLERANCE for a, b in zip((s.f1, s.precision, s.recall), pub)):
            ok = False
        rows.append((name, s, pub))
    return rows, ok


def format_check(rows, ok):
    lines = ["%-16s | %-17s | %-17s |" % ("", "computed", "published"),
             "%-16s | %-5s %-5s %-5s | %-5s %-5s %-5s |" % ("system", "F1", "P", "R", "F1", "P", "R")]
    for name, s, pub in rows:
        if pub:
            diff = max(abs(a - b) for a, b in zip((s.f1, s.precision, s.recall), pub))
            verdict = "ok" if diff <= TOLERANCE else "MISMATCH (%.4f)" % diff
            p = "%.3f %.3f %.3f" % pub
        else:
            verdict, p = "(not published)", "%-17s" % "-"
        lines.append("%-16s | %.3f %.3f %.3f | %s | %s" % (name, s.f1, s.precision, s.recall, p, verdict))
    lines.append("metric check: %s (tolerance ±%.3f on F1, P and R)" % ("PASS" if ok else "FAIL", TOLERANCE))
    return "\n".join(lines)


def _main(argv):
    if len(argv) >= 1 and argv[0] == "--check":
        here = os.path.dirname(os.path.abspath(__file__))
        default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "aeb")
        aeb = argv[1] if len(argv) > 1 else default
        if not os.path.isdir(aeb):
            print("aeb_metric: %s not found: check skipped" % aeb)
            return 0
        rows, ok = check_published(aeb)
        print(format_check(rows, ok))
        return 0 if ok else 1
    args, opts = [], {}
    it = iter(argv)
    for a in it:
        if a in ("--ids", "--side"):
            opts[a] = next(it, None)
        else:
            args.append(a)
    if len(args) != 2 or None in opts.values() or ("--side" in opts and "--ids" not in opts):
        print(__doc__.split("Command line:")[1].split("Prediction and")[0].rstrip(), file=sys.stderr)
        return 2
    gold = load_bodies(args[0])
    pred = load_bodies(args[1])
    ids = None
    if "--ids" in opts:
        ids = []
        with open(opts["--ids"], encoding="utf-8") as f:
            for ln in f:
                if not ln.strip() or ln.startswith("#"):
                    continue
                cols = ln.rstrip("\n").split("\t")
                if cols[0] in gold and ("--side" not in opts or (len(cols) > 1 and cols[1] == opts["--side"])):
                    ids.append(cols[0])
    print(evaluate(pred, gold, ids))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
