"""Shared helpers for the ECB+ entity data (python3 standard library only).

* where the ECB+ file is, and how a document becomes the text we annotate
  (the project's own detokenizer, test/eval/clean/make_multipage.py);
* which documents are annotated (a fixed, deterministic selection);
* which side of the split each topic is on (a fixed, deterministic rule).

Every rule here is described in data/entities/README.md; change both together.
"""

import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "data", "entities")

sys.dont_write_bytecode = True          # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(ROOT, "test", "eval", "clean"))
from make_multipage import detokenize  # noqa: E402  (the project's ECB+ detokenizer)


def shared_dir():
    return os.environ.get("PGA_SHARED") or os.path.join(ROOT, "..", "shared", "data")


def ecb_path(path=None):
    return path or os.path.join(shared_dir(), "ecbplus", "ecbplus_docs_derived.jsonl")


def load_docs(path=None):
    """{doc_name without .xml: record} for all 982 ECB+ documents."""
    docs = {}
    with open(ecb_path(path), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["doc_name"][:-4] if d["doc_name"].endswith(".xml") else d["doc_name"]] = d
    return docs


def doc_text(d):
    """The text we annotate: ECB+'s sentences (one per line, as ECB+ has them),
    each detokenized, joined with "\\n".  The page address that the newer
    ("ecbplus") documents carry as sentence zero is dropped: it is not prose."""
    lines = d["text"].split("\n")
    if lines and lines[0].lstrip().startswith("http"):
        lines = lines[1:]
    out = [detokenize(ln) for ln in lines]
    return "\n".join(ln for ln in out if ln.strip())


def sort_key(name):
    """1_10ecbplus -> (1, 'ecbplus', 10)"""
    t, rest = name.split("_", 1)
    num = "".join(ch for ch in rest if ch.isdigit())
    return (int(t), rest[len(num):], int(num))


PER_SUBTOPIC = 4
MIN_CHARS, MAX_CHARS = 150, 6000


def _h(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def select(docs):
    """PER_SUBTOPIC documents of every subtopic (both subtopics of all 43
    topics): the subtopic's documents whose raw ECB+ text has MIN_CHARS to
    MAX_CHARS characters, in order of sha1(doc name); shorter or longer ones
    only when too few remain (and then in the same order)."""
    by_sub = {}
    for name, d in docs.items():
        by_sub.setdefault(d["subtopic"], []).append(name)
    chosen = []
    for sub, names in by_sub.items():
        names.sort(key=_h)
        ok = [n for n in names if MIN_CHARS <= len(docs[n]["text"]) <= MAX_CHARS]
        rest = [n for n in names if n not in ok]
        chosen += (ok + rest)[:PER_SUBTOPIC]
    return sorted(chosen, key=sort_key)


SPLIT_SALT = "pg_article-ner-split-v1:"
TEST_SHARE, DEV_SHARE = 0.25, 0.15


def split_topics(topic_docs):
    """topic_docs: {topic number: number of selected documents}.  Topics are
    ordered by sha1(SPLIT_SALT + topic number); walking that order, a topic
    goes to test while fewer than TEST_SHARE of all documents are on test,
    then to dev while fewer than TEST_SHARE + DEV_SHARE are on test + dev,
    and the rest to train.  Returns {topic: side}."""
    total = sum(topic_docs.values())
    order = sorted(topic_docs, key=lambda t: _h(SPLIT_SALT + str(t)))
    side, done = {}, 0
    for t in order:
        if done < TEST_SHARE * total:
            side[t] = "test"
        elif done < (TEST_SHARE + DEV_SHARE) * total:
            side[t] = "dev"
        else:
            side[t] = "train"
        done += topic_docs[t]
    return side
