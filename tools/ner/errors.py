#!/usr/bin/env python3
"""Error analysis of entity predictions (a tuning aid; standard library only).

Usage: errors.py GOLD PRED --ids FILE [--list N]

Classifies every gold and predicted mention of the documents in FILE:
  ok        start, end and kind equal
  type      same span, other kind
  boundary  overlapping span of the same kind, other start or end
  bound+type overlapping span of another kind and another start or end
  missed    gold mention that no prediction overlaps
  spurious  prediction that overlaps no gold mention
and counts them per kind (the gold kind for gold-side errors, the predicted kind for spurious ones).
For the set view it lists the distinct names that are wrong, with the reason (the name is found only
with another kind, found only inside a longer/shorter span, or not found at all).  --list N prints
the N most frequent strings of every class.

Meant for the dev side: refuses ids files whose documents are on the test side of data/entities.
"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "test", "eval", "entities"))
from score import load, norm  # noqa: E402

KINDS = ("PER", "ORG", "LOC")


def main():
    args = sys.argv[1:]
    ids_file = args[args.index("--ids") + 1]
    nlist = int(args[args.index("--list") + 1]) if "--list" in args else 15
    ids = {l.strip() for l in open(ids_file) if l.strip()}
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    split = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(root, "data/entities/split.tsv")))
    if any(split.get(i) == "test" for i in ids):
        sys.exit("errors.py: the test side is held out; analyse dev")
    gold, pred = load(args[0], ids), load(args[1])
    counts = collections.Counter()
    examples = collections.defaultdict(collections.Counter)
    setwrong = collections.Counter()
    setex = collections.defaultdict(collections.Counter)
    for did, g in gold.items():
        text = g["text"]
        G = [(e["start"], e["end"], e["type"]) for e in g["entities"]]
        P = [(e["start"], e["end"], e["type"]) for e in pred.get(did, {"entities": []})["entities"]]
        Pset = set(P)

        def ov(a, b):
            return a[0] < b[1] and b[0] < a[1]
        for s in G:
            if s in Pset:
                cls = "ok"
            else:
                o = [p for p in P if ov(p, s)]
                if not o:
                    cls = "missed"
                elif any((p[0], p[1]) == (s[0], s[1]) for p in o):
                    cls = "type"
                elif any(p[2] == s[2] for p in o):
                    cls = "boundary"
                else:
                    cls = "bound+type"
                ptxt = " | ".join("%s/%s" % (text[p[0]:p[1]], p[2]) for p in o)
                examples[(s[2], cls)][text[s[0]:s[1]] + ("  -> " + ptxt if ptxt else "")] += 1
            counts[(s[2], cls)] += 1
        Gset = set(G)
        for p in P:
            if p not in Gset and not any(ov(p, s) for s in G):
                counts[(p[2], "spurious")] += 1
                examples[(p[2], "spurious")][text[p[0]:p[1]]] += 1
        # set view
        gn = {(norm(text[a:b], k), k) for a, b, k in G} - {("", k) for k in KINDS}
        pn = {(norm(text[a:b], k), k) for a, b, k in P} - {("", k) for k in KINDS}
        gnames = {n for n, _ in gn}
        pnames = {n for n, _ in pn}
        for wrong, names, labels in ((gn - pn, pnames, ("FN other kind", "FN longer/shorter found", "FN not found")),
                                     (pn - gn, gnames, ("FP other kind", "FP longer/shorter of gold", "FP not gold"))):
            for n, k in wrong:
                if n in names:
                    why = labels[0]
                elif any(n in x or x in n for x in names):
                    why = labels[1]
                else:
                    why = labels[2]
                setwrong[(k, why)] += 1
                setex[(k, why)][n] += 1
    classes = ("ok", "type", "boundary", "bound+type", "missed", "spurious")
    print("mentions   " + " ".join("%10s" % c for c in classes))
    for k in KINDS:
        print("%-10s " % k + " ".join("%10d" % counts[(k, c)] for c in classes))
    print("%-10s " % "ALL" + " ".join("%10d" % sum(counts[(k, c)] for k in KINDS) for c in classes))
    whys = ("FN other kind", "FN longer/shorter found", "FN not found",
            "FP other kind", "FP longer/shorter of gold", "FP not gold")
    print("\nset view: wrong distinct names")
    print("%-10s" % "" + "".join("%14s" % w[:13] for w in whys))
    for k in KINDS:
        print("%-10s" % k + "".join("%14d" % setwrong[(k, w)] for w in whys))
    if nlist:
        for k in KINDS:
            for c in classes[1:]:
                ex = examples[(k, c)]
                if ex:
                    print("\n== %s %s (%d)" % (k, c, sum(ex.values())))
                    for s, n in ex.most_common(nlist):
                        print("  %3d  %s" % (n, s.replace("\n", "\\n")))
        for k in KINDS:
            for w in whys:
                ex = setex[(k, w)]
                if ex:
                    print("\n== set %s %s (%d): %s" % (k, w, sum(ex.values()),
                                                      "; ".join(s for s, _ in ex.most_common(nlist))))


if __name__ == "__main__":
    main()
