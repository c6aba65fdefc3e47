#!/usr/bin/env python3
"""Annotator's view of the ECB+ documents (python3 standard library only).

  show.py TOPIC...            the selected documents of the topics, as they will
                              be annotated, each followed by a hint line: the
                              capitalised ECB+ participant/location markables
                              with their ECB+ types (hints only: ECB+ marks event
                              participants, not all names, and marks non-names)
  show.py --lint TOPIC...     after annotating: per document the entities found
                              (surface, type, count), resolution warnings, and
                              every capitalised word left outside all spans, so
                              that missed names stand out
  show.py --render DOC...     a document with its spans as [text|TYPE]
  show.py --occ DOC STRING    the numbered occurrences of STRING in DOC, with
                              context (for occurrence numbers in annotations)
"""

import collections
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ecbtext as E  # noqa: E402
import spans as S  # noqa: E402

HINT_TYPES = {"HUMAN_PART_PER": "PER", "HUMAN_PART_ORG": "ORG", "HUMAN_PART_GPE": "GPE",
              "HUMAN_PART_FAC": "FAC", "HUMAN_PART_VEH": "VEH", "HUMAN_PART_MET": "MET",
              "LOC_GEO": "GEO", "LOC_FAC": "FAC", "LOC_OTHER": "LOC?", "NON_HUMAN_PART": "NHP"}

# capitalised words that are not names on their own (lint only)
STOP = set("""A An The This That These Those It Its He She His Her Hers They Their Them We Our You Your I
My Me Us In On At Of For From To By With As And But Or If When While After Before Since Until Although
Though Because So Then There Here What Who Whom Whose Which Where Why How Not No Yes All Some Any Each Every
Both One Two Three Four Five Six Seven Eight Nine Ten Also Just Only Even Still Yet However Meanwhile
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Mr Mrs Ms Dr Mr. Mrs. Ms. Dr. Is Are Was Were Be Been Has Have Had
Do Does Did Will Would Can Could Should Must May Might Shall Now Today Yesterday Tomorrow According Many
Most More Other Another Such Said Says Police Officials Updated Posted Published Last About Over Under
Into Up Out Down Off Than Like Well Oh OK Ok Thanks Please New""".split())


def topic_docs(docs, topics):
    sel = E.select(docs)
    return [n for n in sel if str(docs[n]["topic"]) in topics]


def hints(d):
    toks = d["text"].split()
    seen = collections.OrderedDict()
    for m in d["markables"]:
        t = HINT_TYPES.get(m["type"])
        if not t:
            continue
        txt = m["text"]
        if not re.search(r"[A-Z]", txt):
            continue
        if txt in ("I", "We", "They", "He", "She", "It"):
            continue
        seen.setdefault((txt, t), 0)
        seen[(txt, t)] += 1
    return "  ".join(f"{s}={t}" for (s, t) in seen)


def load_ann(topic):
    path = os.path.join(E.DATA, "annotations", f"{topic}.tsv")
    if not os.path.exists(path):
        return path, {}
    return path, S.parse(path)


def main(argv):
    docs = E.load_docs()
    if not argv:
        print(__doc__)
        return 2
    if argv[0] == "--render":
        for name in argv[1:]:
            d = docs[name]
            path, ann = load_ann(d["topic"])
            text = E.doc_text(d)
            ents, warns = S.resolve(text, ann.get(name, []), path)
            out, pos = [], 0
            for e in ents:
                out.append(text[pos:e["start"]])
                out.append(f"[{e['text']}|{e['type']}]")
                pos = e["end"]
            out.append(text[pos:])
            print(f"=== {name}")
            print("".join(out))
            for w in warns:
                print("  WARN", w)
        return 0
    if argv[0] == "--occ":
        name, s = argv[1], argv[2]
        text = E.doc_text(docs[name])
        for i, st in enumerate(S.occurrences(text, s), 1):
            print(i, repr(text[max(0, st - 40):st + len(s) + 40]))
        return 0
    lint = argv[0] == "--lint"
    topics = argv[1:] if lint else argv
    for name in topic_docs(docs, set(topics)):
        d = docs[name]
        text = E.doc_text(d)
        if not lint:
            print(f"= {name}   [{d['subtopic']}, {len(text)} chars]")
            print(text)
            print(f"  hints: {hints(d)}")
            print()
            continue
        path, ann = load_ann(d["topic"])
        if name not in ann:
            print(f"= {name}: NOT ANNOTATED")
            continue
        ents, warns = S.resolve(text, ann[name], path)
        cnt = collections.Counter((e["text"], e["type"]) for e in ents)
        covered = [False] * len(text)
        for e in ents:
            for i in range(e["start"], e["end"]):
                covered[i] = True
        for surf, typ, occ, no in ann[name]:
            if typ == "-":
                for st in S.occurrences(text, surf):
                    for i in range(st, st + len(surf)):
                        covered[i] = True
        left = collections.Counter()
        for m in re.finditer(r"[^\W\d_][\w'’.&-]*", text):
            w = m.group().rstrip(".'’")
            if not w or not w[0].isupper() or covered[m.start()]:
                continue
            if w in STOP or w.rstrip("s") in STOP:
                continue
            left[w] += 1
        print(f"= {name}: " + "; ".join(f"{s}/{t}" + (f"x{c}" if c > 1 else "") for (s, t), c in cnt.items()))
        if left:
            print("    uncovered: " + " ".join(w + (f"x{c}" if c > 1 else "") for w, c in left.items()))
        for w in warns:
            print("    WARN", w)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
