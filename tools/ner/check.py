#!/usr/bin/env python3
"""Validate data/entities/ecbplus_news.jsonl and split.tsv, print statistics
(python3 standard library only).

  python3 tools/ner/check.py [--data DIR] [--min-docs N] [--rebuild]

Checks:
  * every line is a JSON object with exactly the keys id, lang, source, text,
    entities (in that order, as in ../shared/data/ner/*.jsonl); ids unique and
    of the form ecbplus-<ECB+ document name>; lang "en"; source
    "ecbplus/<subtopic>" agreeing with the id;
  * entities: keys start, end, type, text; type PER/ORG/LOC; 0 <= start < end
    <= len(text) in code points; text[start:end] == entity text; sorted by
    offset; no overlaps; no span starting or ending in white space;
  * span conventions (GUIDELINE.md): no leading "the", no possessive 's at the
    end, no title word at the start of a PER span, no quote or bracket at an
    edge (counted and listed as convention warnings, which should be zero);
  * split.tsv: one "id<TAB>side" line per document of the JSONL and no other,
    side train/dev/test, and every ECB+ topic on one side only;
  * at least N documents (default 300) and every one of the 43 topics present;
  * with --rebuild: rebuilding from ECB+ and the annotation source gives the
    same bytes.
Prints documents, characters, tokens (\\w+ runs) and mentions per type, per
side, and distinct (type, name) pairs per document summed.
"""

import argparse
import collections
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TYPES = ("PER", "ORG", "LOC")
SIDES = ("train", "dev", "test")
TITLES = set("""Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sen. Senator Rep. Gov. Governor President Judge Justice Officer
Prince Princess King Queen Pope Sheikh Rev. Gen. General Lt. Sgt. Capt. Captain Coach Chief Minister
Secretary Ambassador Sir Lord Detective Deputy Sheriff Mayor Premier Chancellor Professor Prof.""".split())
# names whose own final 's is part of the name (GUIDELINE.md 2)
OWN_POSSESSIVE = {"Hardester's"}
ID_RE = re.compile(r"ecbplus-(\d+)_(\d+)(ecb|ecbplus)$")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "entities"))
    ap.add_argument("--min-docs", type=int, default=300)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    errs, warns = [], []
    jpath = os.path.join(args.data, "ecbplus_news.jsonl")
    spath = os.path.join(args.data, "split.tsv")

    docs = []
    ids = set()
    with open(jpath, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            where = f"{os.path.basename(jpath)}:{no}"
            try:
                d = json.loads(line)
            except ValueError as e:
                errs.append(f"{where}: not JSON: {e}")
                continue
            if list(d) != ["id", "lang", "source", "text", "entities"]:
                errs.append(f"{where}: keys {list(d)}")
                continue
            m = ID_RE.match(d["id"])
            if not m:
                errs.append(f"{where}: bad id {d['id']!r}")
                continue
            if d["id"] in ids:
                errs.append(f"{where}: duplicate id {d['id']}")
            ids.add(d["id"])
            if d["lang"] != "en":
                errs.append(f"{where}: lang {d['lang']!r}")
            if d["source"] != f"ecbplus/{m.group(1)}_{m.group(3)}":
                errs.append(f"{where}: source {d['source']!r} does not match id {d['id']}")
            text = d["text"]
            if not isinstance(text, str) or not text.strip():
                errs.append(f"{where}: empty text")
                continue
            prev_end = -1
            prev_start = -1
            for e in d["entities"]:
                if list(e) != ["start", "end", "type", "text"]:
                    errs.append(f"{where}: entity keys {list(e)}")
                    continue
                s, t, typ, et = e["start"], e["end"], e["type"], e["text"]
                if typ not in TYPES:
                    errs.append(f"{where}: type {typ!r}")
                if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)):
                    errs.append(f"{where}: offsets {s},{t}")
                    continue
                if text[s:t] != et:
                    errs.append(f"{where}: text[{s}:{t}]={text[s:t]!r} != {et!r}")
                if s < prev_start:
                    errs.append(f"{where}: entities not sorted at {s}")
                if s < prev_end:
                    errs.append(f"{where}: overlap at {s} {et!r}")
                prev_start, prev_end = s, t
                if et != et.strip():
                    errs.append(f"{where}: white space at the edge of {et!r}")
                # conventions
                low = et.lower()
                if low.startswith("the "):
                    warns.append(f"{d['id']}: leading 'the' in {et!r}")
                if re.search(r"['’]s?$", et) and not et.endswith("s'") and et not in OWN_POSSESSIVE:
                    warns.append(f"{d['id']}: possessive at the end of {et!r}")
                if typ == "PER" and et.split()[0] in TITLES and len(et.split()) > 1:
                    warns.append(f"{d['id']}: title inside PER {et!r}")
                if re.match(r"[\"“”‘'(\[]", et) or re.search(r"[\"“”’(\[,;:]$", et):
                    warns.append(f"{d['id']}: punctuation at the edge of {et!r}")
            docs.append(d)

    side = {}
    with open(spath, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 2 or cols[1] not in SIDES:
                errs.append(f"split.tsv:{no}: bad line {line!r}")
                continue
            if cols[0] in side:
                errs.append(f"split.tsv:{no}: duplicate {cols[0]}")
            side[cols[0]] = cols[1]
    for i in sorted(ids - set(side)):
        errs.append(f"split.tsv: {i} has no side")
    for i in sorted(set(side) - ids):
        errs.append(f"split.tsv: {i} is not in the JSONL")
    topic_side = collections.defaultdict(set)
    for i, s in side.items():
        m = ID_RE.match(i)
        if m:
            topic_side[int(m.group(1))].add(s)
    for t, ss in sorted(topic_side.items()):
        if len(ss) > 1:
            errs.append(f"topic {t} straddles sides {sorted(ss)}")
    topics = {int(ID_RE.match(d["id"]).group(1)) for d in docs}
    if len(docs) < args.min_docs:
        errs.append(f"only {len(docs)} documents (want at least {args.min_docs})")
    if len(topics) != 43:
        errs.append(f"{len(topics)} topics present (want all 43)")

    if args.rebuild:
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, os.path.join(HERE, "build.py"), "--out", tmp,
                                "--partial"], capture_output=True, text=True)
            if r.returncode != 0:
                errs.append("rebuild failed: " + r.stderr.strip())
            else:
                for fn in ("ecbplus_news.jsonl", "split.tsv"):
                    if not filecmp.cmp(os.path.join(tmp, fn), os.path.join(args.data, fn), shallow=False):
                        errs.append(f"rebuild: {fn} differs from the committed file")

    # statistics
    rows = collections.OrderedDict((k, collections.Counter()) for k in SIDES + ("all",))
    for d in docs:
        s = side.get(d["id"], "?")
        for k in (s, "all"):
            if k not in rows:
                continue
            c = rows[k]
            c["docs"] += 1
            c["topics:" + d["id"].split("-")[1].split("_")[0]] = 1
            c["chars"] += len(d["text"])
            c["tokens"] += len(re.findall(r"\w+", d["text"]))
            for e in d["entities"]:
                c[e["type"]] += 1
            for typ, name in {(e["type"], e["text"]) for e in d["entities"]}:
                c["distinct_" + typ] += 1
    print(f"{'side':6} {'topics':>6} {'docs':>5} {'chars':>8} {'tokens':>7} {'PER':>6} {'ORG':>6} {'LOC':>6} "
          f"{'all':>6}   distinct per doc PER/ORG/LOC")
    for k, c in rows.items():
        nt = sum(1 for x in c if x.startswith("topics:"))
        allm = c["PER"] + c["ORG"] + c["LOC"]
        print(f"{k:6} {nt:6} {c['docs']:5} {c['chars']:8} {c['tokens']:7} {c['PER']:6} {c['ORG']:6} {c['LOC']:6} "
              f"{allm:6}   {c['distinct_PER']}/{c['distinct_ORG']}/{c['distinct_LOC']}")
    for w in warns:
        print("convention warning:", w)
    for e in errs:
        print("ERROR:", e)
    print("OK" if not errs else f"{len(errs)} errors", f"({len(warns)} convention warnings)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
