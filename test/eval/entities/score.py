#!/usr/bin/env python3
"""Scores entity predictions against gold spans (standard library only).

Both files are JSONL: {"id": ..., "entities": [{"start", "end", "type", "text"}, ...]}
(gold files also carry "text"; offsets are code points, end exclusive).  Two views,
per kind and micro-averaged over PER, ORG, LOC:

  exact  a predicted mention counts when start, end and type equal a gold mention's;
  set    per document, the distinct (type, normalised name) pairs, normalised as in
         ../shared/data/ner/README.md: case-folded, white space collapsed, a leading
         "the", a trailing possessive 's/’s and leading person titles dropped.

Usage: score.py GOLD PRED [--ids FILE] [--json]   (--ids: only these document ids)
"""
import json
import re
import sys

KINDS = ("PER", "ORG", "LOC")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "sen", "senator", "rep", "gov",
          "governor", "mayor", "judge", "gen", "general", "minister", "secretary", "chancellor", "king",
          "queen", "prince", "princess", "pope", "rev", "father", "ambassador", "chairman", "ceo", "lord",
          "lady", "dame", "capt", "captain", "lt", "col", "sgt", "officer", "detective", "coach"}


def norm(name, kind):
    s = " ".join(name.casefold().replace("’", "'").split())
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"'s?$", "", s).strip()
    if kind == "PER":
        w = s.split()
        while len(w) > 1 and w[0].rstrip(".") in TITLES:
            w.pop(0)
        s = " ".join(w)
    return s


def load(path, ids=None):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                if ids is None or d["id"] in ids:
                    out[d["id"]] = d
    return out


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold, pred):
    res = {}
    for view in ("exact", "set"):
        counts = {k: [0, 0, 0] for k in KINDS}
        for did, g in gold.items():
            p = pred.get(did, {"entities": []})
            for k in KINDS:
                if view == "exact":
                    G = {(e["start"], e["end"]) for e in g["entities"] if e["type"] == k}
                    P = {(e["start"], e["end"]) for e in p["entities"] if e["type"] == k}
                else:
                    G = {norm(e["text"], k) for e in g["entities"] if e["type"] == k} - {""}
                    P = {norm(e["text"], k) for e in p["entities"] if e["type"] == k} - {""}
                counts[k][0] += len(G & P)
                counts[k][1] += len(P - G)
                counts[k][2] += len(G - P)
        allc = [sum(counts[k][i] for k in KINDS) for i in range(3)]
        res[view] = {k: prf(*counts[k]) for k in KINDS}
        res[view]["ALL"] = prf(*allc)
    return res


def main():
    args = sys.argv[1:]
    ids = None
    if "--ids" in args:
        i = args.index("--ids")
        ids = {l.strip() for l in open(args[i + 1]) if l.strip()}
        del args[i:i + 2]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    gold, pred = load(args[0], ids), load(args[1])
    r = score(gold, pred)
    if as_json:
        print(json.dumps(r))
        return
    for view in ("exact", "set"):
        print(view, " ".join("%s P %.3f R %.3f F %.3f" % ((k,) + r[view][k]) for k in KINDS + ("ALL",)))


if __name__ == "__main__":
    main()
