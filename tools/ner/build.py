#!/usr/bin/env python3
"""Build data/entities/ecbplus_news.jsonl and data/entities/split.tsv from
ECB+ and our annotation source data/entities/annotations/<topic>.tsv
(python3 standard library only; the output is byte-for-byte reproducible).

  python3 tools/ner/build.py [--ecbplus FILE] [--partial]

FILE defaults to $PGA_SHARED/ecbplus/ecbplus_docs_derived.jsonl, else
../shared/data/ecbplus/ecbplus_docs_derived.jsonl next to the repository.
Without --partial every selected document must be annotated.

For each selected document (tools/ner/ecbtext.py: select) the text is rebuilt
from ECB+ (ecbtext.doc_text: the project's detokenizer, page address dropped,
one sentence per line) and the annotation entries are turned into spans
(tools/ner/spans.py: whole-word matches, longest first, flat and outermost).
Each topic's side of the split comes from ecbtext.split_topics.
"""

import argparse
import collections
import glob
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ecbtext as E  # noqa: E402
import spans as S  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ecbplus", help="ecbplus_docs_derived.jsonl")
    ap.add_argument("--partial", action="store_true", help="allow selected documents without annotations")
    ap.add_argument("--out", default=E.DATA, help="output folder (default data/entities)")
    args = ap.parse_args()

    docs = E.load_docs(args.ecbplus)
    selected = E.select(docs)
    sel_set = set(selected)
    ann = {}
    where = {}
    errors = []
    for path in sorted(glob.glob(os.path.join(E.DATA, "annotations", "*.tsv"))):
        topic = os.path.basename(path)[:-4]
        try:
            blocks = S.parse(path)
        except S.AnnotationError as e:
            errors.append(str(e))
            continue
        for name, entries in blocks.items():
            if name not in sel_set:
                errors.append(f"{path}: {name} is not a selected document")
            elif str(docs[name]["topic"]) != topic:
                errors.append(f"{path}: {name} belongs in {docs[name]['topic']}.tsv")
            ann[name] = entries
            where[name] = os.path.relpath(path, E.ROOT)

    missing = [n for n in selected if n not in ann]
    if missing and not args.partial:
        errors.append(f"{len(missing)} selected documents are not annotated, e.g. {missing[:5]}")

    out_docs = []
    warnings = []
    for name in selected:
        if name not in ann:
            continue
        d = docs[name]
        text = E.doc_text(d)
        try:
            ents, warns = S.resolve(text, ann[name], where[name])
        except S.AnnotationError as e:
            errors.append(str(e))
            continue
        warnings += warns
        out_docs.append({"id": "ecbplus-" + name, "lang": "en", "source": "ecbplus/" + d["subtopic"],
                         "text": text, "entities": ents})
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    if errors:
        for e in errors:
            print("error:", e, file=sys.stderr)
        return 1

    # the split is computed over the whole selection, so annotating more
    # documents never moves a topic to another side
    topic_docs = collections.Counter(docs[n]["topic"] for n in selected)
    side = E.split_topics(topic_docs)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "ecbplus_news.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for o in out_docs:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "split.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for o in out_docs:
            f.write(f"{o['id']}\t{side[docs[o['id'][8:]]['topic']]}\n")
    n = collections.Counter(e["type"] for o in out_docs for e in o["entities"])
    print(f"{len(out_docs)} documents, {sum(n.values())} entities "
          f"(PER {n['PER']}, ORG {n['ORG']}, LOC {n['LOC']}), {len(missing)} selected documents not annotated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
