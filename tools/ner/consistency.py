#!/usr/bin/env python3
"""Consistency report over data/entities/ecbplus_news.jsonl (python3 standard
library only).  A review aid, not a validator: it lists

  1. surface strings tagged with more than one type, with the documents;
  2. whole-word occurrences of a tagged surface string (tagged somewhere in
     the corpus) that are not inside any span of their document, with
     context, so that a missed mention or a deliberate exception (a film
     title, a product, an event name) can be told apart by reading.

  python3 tools/ner/consistency.py [--min-len N] [--types] [--misses]
"""

import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "entities", "ecbplus_news.jsonl"))
    ap.add_argument("--min-len", type=int, default=2)
    ap.add_argument("--types", action="store_true")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    if not args.types and not args.misses:
        args.types = args.misses = True
    docs = [json.loads(l) for l in open(args.data, encoding="utf-8")]
    types = collections.defaultdict(collections.Counter)
    where = collections.defaultdict(set)
    for d in docs:
        for e in d["entities"]:
            types[e["text"]][e["type"]] += 1
            where[(e["text"], e["type"])].add(d["id"][8:])
    if args.types:
        print("## surface strings with more than one type")
        for s in sorted(types):
            if len(types[s]) > 1:
                print(f"{s!r}: " + "; ".join(f"{t} x{n} in {sorted(where[(s, t)])[:6]}"
                                            for t, n in types[s].most_common()))
    if args.misses:
        print("## untagged whole-word occurrences of tagged strings")
        surfaces = sorted((s for s in types if len(s) >= args.min_len), key=len, reverse=True)
        pat = re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in surfaces) + r")(?!\w)")
        for d in docs:
            text = d["text"]
            cov = [False] * len(text)
            for e in d["entities"]:
                for i in range(e["start"], e["end"]):
                    cov[i] = True
            for m in pat.finditer(text):
                if any(cov[m.start():m.end()]):
                    continue
                ctx = text[max(0, m.start() - 35):m.end() + 35].replace("\n", " | ")
                print(f"{d['id'][8:]}\t{m.group()}\t{'/'.join(types[m.group()])}\t…{ctx}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
