#!/usr/bin/env python3
"""Build data/sample/articles.tsv, the small demo corpus, from ECB+.

ECB+ (Cybulska & Vossen, LREC 2014, CC BY 3.0) ships tokenized news text:
one sentence per line, spaces around punctuation, `` '' for double quotes.
This script picks a fixed list of documents (DOCS below), turns each back
into readable article text and writes one row per document in PostgreSQL
COPY text format with the columns

    source, url, published, title, body

Usage (python3 standard library only; the output file is committed, so the
demo itself never needs python):

    python3 tools/make_sample_corpus.py [--ecbplus DIR] [--out FILE]

DIR defaults to ../shared/data/ecbplus next to the repository and must hold
ecbplus_docs_derived.jsonl.  The output is byte-for-byte reproducible.
"""

import argparse
import datetime
import json
import os
import re
import sys

# The documents, in output order.  Topics with both subtopics ("<t>_ecb" and
# "<t>_ecbplus") give two different real events on one theme: documents of
# one subtopic report the same event, the sibling subtopic is a hard negative.
DOCS = [
    # 1: a celebrity checks into rehab (Tara Reid, 2008 / Lindsay Lohan, May 2013)
    "1_1ecb", "1_2ecb", "1_3ecb", "1_8ecb",
    "1_10ecbplus", "1_11ecbplus", "1_19ecbplus", "1_21ecbplus",
    # 7: Wladimir Klitschko defends his titles (v Rahman, 2008 / v Thompson, 2012)
    "7_1ecb", "7_5ecb", "7_8ecb", "7_10ecb",
    "7_2ecbplus", "7_6ecbplus", "7_8ecbplus", "7_10ecbplus",
    # 37: earthquake in Indonesia (West Papua, Jan 2009 / Aceh, July 2013)
    "37_1ecb", "37_2ecb", "37_4ecb", "37_7ecb",
    "37_2ecbplus", "37_5ecbplus", "37_9ecbplus", "37_11ecbplus",
    # 43: AMD buys a company (ATI, 2006 / SeaMicro, Feb 2012)
    "43_2ecb", "43_4ecb", "43_5ecb", "43_8ecb",
    "43_1ecbplus", "43_7ecbplus", "43_13ecbplus", "43_14ecbplus",
    # 2: the Oscars get a host (Hugh Jackman, 2008 / Ellen DeGeneres, Aug 2013)
    "2_5ecb", "2_7ecb",
    "2_1ecbplus", "2_3ecbplus",
    # 40: Apple's 17-inch MacBook Pro at Macworld 2009 (one event only)
    "40_2ecb", "40_3ecb",
    # 39: a new Doctor Who (Peter Capaldi, Aug 2013; one event only)
    "39_2ecbplus", "39_7ecbplus",
]

MONTHS = {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}

# Words that make " - " a dash between clauses rather than a split hyphen.
DASH_NEIGHBOURS = set("""a an the and or but nor so yet as at by for from in into of on onto to with
    is are was were be been he she it they we i you his her its their our who which that this
    these those there here not no said says""".split())

CLITICS = {"'s", "'re", "'ve", "'ll", "'d", "'m", "n't"}
ATTACH_LEFT = {".", ",", ";", ":", "!", "?", "%", ")", "]", "}", "...", "…", "''", "”", "’"}
ATTACH_RIGHT = {"(", "[", "{", "$", "#", "``", "“", "‘"}


def host_of(url):
    m = re.match(r"https?://([^/]+)", url)
    if not m:
        return None
    host = m.group(1).lower()
    return host[4:] if host.startswith("www.") else host


# ---------------------------------------------------------------- tokens

def retokenize(line, split_hyphens):
    """Repair the token sequence before spacing it: undo splits inside
    numbers, abbreviations and (in ecbplus documents) hyphenated words."""
    toks = line.split()
    # "' '" is a broken "''"; a run of "." tokens is an ellipsis; "- -" is a dash.
    out = []
    for t in toks:
        if out and t == "'" and out[-1] == "'":
            out[-1] = "''"
        elif out and t == "." and out[-1] in (".", ". ."):
            out[-1] = "..." if out[-1] == ". ." else ". ."
        elif out and t == "." and out[-1] == "...":
            pass
        elif out and t == "-" and out[-1] == "-":
            out[-1] = "--"
        else:
            out.append(t)
    toks = ["." if t == ". ." else t for t in out]

    changed = True
    while changed:
        changed = False
        for i in range(1, len(toks) - 1):
            a, mid, b = toks[i - 1], toks[i], toks[i + 1]
            glue = False
            if mid in (":", "/") and re.search(r"\d$", a) and re.match(r"\d", b):
                glue = True                        # 5 : 03pm, 05 / 02, 9 / 11
            elif mid == "/" and split_hyphens and re.match(r"\w", a) and re.match(r"\w", b):
                glue = True                        # and / or
            elif mid == "." and re.search(r"\d$", a) and re.match(r"\d", b):
                glue = True                        # 6 . 1 -> 6.1
            elif mid == "," and re.fullmatch(r"\d{1,3}", a) and re.fullmatch(r"\d{3}", b) \
                    and i + 2 < len(toks) and toks[i + 2] != ",":
                glue = True                        # 230 , 000 -> 230,000
            elif mid == "." and re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", a) and re.fullmatch(r"[A-Za-z]", b) \
                    and i + 2 < len(toks) and toks[i + 2] == ".":
                glue = True                        # W . H . O . -> W.H.O .
            elif mid == "-" and split_hyphens and re.fullmatch(r"[\"'“‘]?[\w.-]+", a) and re.fullmatch(r"\w[\w']*", b):
                lo_a, lo_b = a.lower().lstrip("\"'“‘"), b.lower()
                names = a[:1].isupper() and len(a) > 1 and b[:1].isupper() and len(b) > 1
                if lo_a not in DASH_NEIGHBOURS and lo_b not in DASH_NEIGHBOURS and not names:
                    glue = True                    # court - mandated, 40 - year - old
            if glue:
                toks[i - 1:i + 2] = [a + mid + b]
                changed = True
                break
    # "gon na" and "wan na" are split the Penn Treebank way.
    out = []
    for t in toks:
        if out and t == "na" and out[-1].lower() in ("gon", "wan"):
            out[-1] += t
        else:
            out.append(t)
    return out


def detokenize(toks, state):
    """Join tokens with natural spacing.  state["dq"] / state["sq"] say
    whether a double / single quote is open (kept across lines, so a quote
    that spans sentences closes correctly)."""
    pieces = []          # (text, glue_to_previous)
    # An opening quote left at the end of the previous line (the sentence
    # splitter cut just after it) belongs to this line's first word.
    glue_next = False
    if state.get("carry"):
        pieces.append((state.pop("carry"), False))
        glue_next = True
    n = len(toks)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < n else None
        glue = glue_next
        glue_next = False
        text = t
        if t.lower() in CLITICS or (t.lower().startswith("'") and t.lower() in CLITICS):
            glue = True
        elif t == "’" and nxt is not None and nxt.lower() in ("s", "t", "re", "ve", "ll", "d", "m") and pieces:
            glue = True                            # I ’ m -> I’m
            glue_next = True
        elif t in ("``", "“") and nxt is None and not state["dq"]:
            state["carry"] = "“"
            continue
        elif t == '"' and nxt is None and not state["dq"]:
            state["carry"] = '"'
            continue
        elif t == "``":
            text, glue_next = "“", True
            state["dq"] = True
        elif t == "''":
            text, glue = "”", True
            state["dq"] = False
        elif t == "“":
            if state["dq"] and pieces:             # a “ used as a closing quote
                glue = True
                state["dq"] = False
            else:
                glue_next = True
                state["dq"] = True
        elif t == "”":
            glue = True
            state["dq"] = False
        elif t == '"':
            closing = state["dq"] or nxt is None or nxt in ATTACH_LEFT
            if closing:
                glue = True
                state["dq"] = False
            else:
                glue_next = True
                state["dq"] = True
        elif t == "'":
            # closes a quote, or is the possessive of a plural (Pictures ' staff)
            closing = state["sq"] or nxt is None or nxt in ATTACH_LEFT or \
                (pieces and pieces[-1][0][-1:] in "sS" and pieces[-1][0].isalpha())
            if closing:
                glue = True
                state["sq"] = False
            else:
                glue_next = True
                state["sq"] = True
        elif t in ATTACH_LEFT:
            glue = True
        elif t in ATTACH_RIGHT:
            glue_next = True
        # quotes glued to a word in the source text ("Doctor / Who")
        if len(t) > 1 and t[0] in "\"'" and t not in CLITICS and t.lower() not in CLITICS:
            if t.count(t[0]) % 2 == 1:
                state["dq" if t[0] == '"' else "sq"] = True
        if len(t) > 1 and t[-1] in "\"'" and t[0] not in "\"'" and t.count(t[-1]) % 2 == 1:
            state["dq" if t[-1] == '"' else "sq"] = False
        pieces.append((text, glue))
    s = ""
    for text, glue in pieces:
        if s and not glue:
            s += " "
        s += text
    return s


# ---------------------------------------------------------------- dates

DATE_WORDS = set("""updated published posted first originally last article on at by
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    a p m am pm a.m. p.m. et est edt pst pdt gmt bst cet ist utc cdt hrs""".split())


def parse_date(line):
    """A publication date written out in the line, or None.  Only dates
    whose day, month and year are certain: 05/03/2013 (May 3 or 5 March?)
    gives None unless one part is over 12."""
    s = line.lower().replace(" ", "")
    mon = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    m = re.search(mon + r",?(\d{1,2})(?:st|nd|rd|th)?,?((?:19|20)\d\d)", s)      # May 3rd, 2013
    if m:
        return make_date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    m = re.search(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?" + mon + r",?((?:19|20)\d\d)", s)  # 7 July 2012
    if m:
        return make_date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    m = re.search(r"(?<![\d:])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)", s)            # 3/27/2012
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a <= 12 < b:
            return make_date(y, a, b)
        if b <= 12 < a:
            return make_date(y, b, a)
    return None


def make_date(y, mo, d):
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def is_meta_line(line):
    """A short dateline / timestamp line (not article text)."""
    toks = line.split()
    if len(toks) > 16:
        return False
    if not re.search(r"(19|20)\d\d|\d\s*:\s*\d\d|\b\d\d? / \d\d? / \d|\b\d\d \. \d\d \. \d", line):
        return False
    words = [t for t in toks if re.fullmatch(r"[A-Za-z.]+", t) and t != "."]
    rest = [w for w in words
            if w.lower().rstrip(".") not in DATE_WORDS and w.lower() not in DATE_WORDS
            and w.lower().rstrip(".")[:3] not in MONTHS and w.lower() != "."]
    return len(rest) <= 1


def url_date(url):
    m = re.search(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/", url)
    return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


# ---------------------------------------------------------------- documents

def looks_like_headline(line, max_words):
    toks = line.split()
    return 0 < len(toks) <= max_words and toks[-1] not in (".", "!", "?", "''", '"', "”", ":")


def convert(doc):
    lines = [l.strip() for l in doc["text"].split("\n") if l.strip()]
    is_plus = doc["subtopic"].endswith("_ecbplus")
    url = published = None
    if lines and lines[0].startswith("http"):
        url = lines.pop(0).replace(" ", "")
    # Title and datelines: the ecbplus pages start with a headline and
    # timestamps in some order; the older ECB texts sometimes with a headline.
    # Datelines and timestamps ("May 3rd , 2013 2 : 00pm EDT", "UPDATED : ...")
    # sit among the first lines of the ecbplus pages: take them out.
    dates = []
    if is_plus:
        keep = []
        for i, line in enumerate(lines):
            if i < 7 and is_meta_line(line):
                dates.append(parse_date(line))
            else:
                keep.append(line)
        lines = keep
    title_line = None
    if lines and looks_like_headline(lines[0], 30 if is_plus else 16):
        title_line = lines.pop(0)
    known = [d for d in dates if d]
    if known:
        published = known[0]
    elif url:
        published = url_date(url)

    state = {"dq": False, "sq": False}
    paragraphs, current = [], []
    for line in lines:
        current.append(detokenize(retokenize(line, is_plus), state))
        # A paragraph ends with its line unless a double quote is still open
        # (single quotes are too easily apostrophes to be trusted here).
        if not state["dq"] and not state.get("carry"):
            paragraphs.append(" ".join(current))
            current = []
        elif len(current) >= 4:                  # an unclosed quote must not swallow the article
            state = {"dq": False, "sq": False}
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    body = "\n\n".join(paragraphs)
    # no headline: the first sentence is the title (and stays in the body)
    first = title_line if title_line is not None else (lines[0] if lines else "")
    title = detokenize(retokenize(first, is_plus), {"dq": False, "sq": False})
    return {
        "source": "ecbplus-" + doc["subtopic"],
        "url": url,
        "published": published.isoformat() if published else None,
        "title": title,
        "body": body,
    }


def copy_field(value):
    if value is None:
        return r"\N"
    return (value.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ecbplus", default=os.path.join(repo, "..", "shared", "data", "ecbplus"))
    ap.add_argument("--out", default=os.path.join(repo, "data", "sample", "articles.tsv"))
    args = ap.parse_args()

    src = os.path.join(args.ecbplus, "ecbplus_docs_derived.jsonl")
    if not os.path.exists(src):
        sys.exit("make_sample_corpus: %s not found (give --ecbplus DIR)" % src)
    docs = {}
    with open(src, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["doc_name"].rsplit(".", 1)[0]] = d
    missing = [n for n in DOCS if n not in docs]
    if missing:
        sys.exit("make_sample_corpus: not in %s: %s" % (src, ", ".join(missing)))

    rows = [convert(docs[n]) for n in DOCS]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join(copy_field(r[k]) for k in
                              ("source", "url", "published", "title", "body")) + "\n")
    print("wrote %d articles to %s" % (len(rows), args.out))


if __name__ == "__main__":
    main()
