#!/usr/bin/env python3
"""Build a many-pages-per-source evaluation set for boilerplate removal, from
real material only (python3 standard library only).

AEB has at most two pages per site, so it cannot show what learning a source's
own repetition adds.  This script takes a few AEB pages from different sites
as templates and makes PAGES pages per template ("source"):

  * the template's article body (the parts of the page that hold the true
    body text, found by matching the AEB gold text against the page's blocks)
    is replaced by the paragraphs of another real article (ECB+, detokenized);
    everything else of the template page stays: navigation, header, footer,
    teasers, captions, ads and other boilerplate that sits inside the body
    container;
  * what real sites vary from page to page is varied too: the headline (the
    page's <h1>, <title>, og/twitter meta), the date (every string that gives
    the template's own publication date, in its own format, moving forward 0-3
    days a page),
    the description meta, and the teaser links (every link outside menus,
    header and footer whose text looks like a headline, 5 to 30 words, and
    that is not inside running text) carry headlines of other ECB+
    articles; each teaser keeps the previous page's headline with probability
    1/2, so lists drift over a few pages as "latest" and "most read" lists do;
  * JSON-LD and other scripts that carry the template's old article text are
    removed (they would leak the old body to extractors that read them).

Output (deterministic for a given seed and input data):
  OUT/html/<source>-<nn>.html   the pages (UTF-8)
  OUT/gold.json                 {page_id: {articleBody, source, template, doc, headline}}
  OUT/manifest.json             templates chosen, settings, and why other candidates were refused

Usage: make_multipage.py [--out DIR] [--shared DIR] [--templates N] [--pages N] [--seed S]
                         [--side dev|test]
Defaults: OUT = <repo>/tmp/eval/clean/multipage-SIDE, shared = $PGA_SHARED or
<repo>/../shared/data, 8 templates, 30 pages each, seed 20240601, side dev.
Templates come from one side of split.tsv.  The dev-side set is where the
profile rules were chosen, and its templates are pages the cleaner's model was
trained on; the test-side set uses templates that neither the model nor any
choice has seen, and is the one to report.
"""

import argparse
import datetime
import gzip
import hashlib
import html
import json
import os
import random
import re
import sys
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import aeb_metric as M  # noqa: E402
import htmlpage as H  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
VERSION = 1          # bump when the construction changes (the run script regenerates)

# ---------------------------------------------------------------- ECB+ text


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "”", "’", "...", "n't", "'s", "'S", "’s",
                    "'re", "'ve", "'ll", "'d", "'m", "’re", "’ve", "’ll", "’d", "’m", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "$", "#", "‘", "£", "€"}


def detokenize(line):
    """Undo ECB+ tokenization: `` '' quotes, spaces around punctuation."""
    toks = line.replace("%%MDASSML%%", "—").split()
    out = []
    glue_next = False
    dq_open = False
    for i, t in enumerate(toks):
        if t == "``":
            t = "“"
        elif t == "''":
            t = "”"
        elif t == '"':
            t = "”" if dq_open else "“"
        if t == "“":
            dq_open = True
        elif t == "”":
            dq_open = False
        prev = out[-1] if out else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        attach = glue_next or not out or t in _NO_SPACE_BEFORE or t.startswith("'") and len(t) <= 3 and t != "'"
        # 5 : 03pm -> 5:03pm ; U.S . -> U.S. ; L . A -> L.A
        if t == ":" and prev.isdigit() and nxt[:1].isdigit():
            out[-1] = prev + ":"
            glue_next = True
            continue
        if t == "." and re.fullmatch(r"[A-Z]", prev) and re.fullmatch(r"[A-Z].*", nxt) and len(nxt) <= 2:
            out[-1] = prev + "."
            glue_next = True
            continue
        # 4 . 6 -> 4.6 ; 300 , 000 -> 300,000 ; hp . com -> hp.com
        if (t in (".", ",") and re.search(r"\d$", prev) and re.fullmatch(r"\d+\w*", nxt)
                and (t == "." or len(nxt) == 3)) or \
                (t == "." and re.fullmatch(r"\w+", prev) and re.fullmatch(r"(com|org|net|co|gov|edu|uk)\b.*", nxt)):
            out[-1] = prev + t
            glue_next = True
            continue
        # mission - critical -> mission-critical (the tokenizer split hyphenated words)
        if t == "-" and re.search(r"\w$", prev) and re.match(r"\w", nxt) \
                and not (re.search(r"[^\W\d_]$", prev) and nxt[:1].isdigit()):
            out[-1] = prev + "-"
            glue_next = True
            continue
        # MCF’ s -> MCF’s
        if t in ("s", "t", "re", "ve", "ll", "d", "m") and prev[-1:] in ("’", "'") and len(prev) > 1:
            attach = True
        if attach and out:
            out[-1] = out[-1] + t
        else:
            out.append(t)
        glue_next = t in _NO_SPACE_AFTER
    return " ".join(out)


_DATELINE = re.compile(r"\b(19|20)\d\d\b|\b(GMT|EST|EDT|BST|updated|posted|published)\b|^By ", re.I)
_SENTENCE_END = re.compile(r"""[.!?]["”’')\]]*$|[.!?]\s*(''|”)$""")


def load_ecb_articles(path, rng):
    """Articles with a headline and at least 5 sentences / 100 words.  Returns
    [(doc_name, headline, [paragraph, ...])]; sentences are grouped into
    paragraphs of 1 to 3 (ECB+ keeps one sentence per line, no paragraphs)."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.append((d["doc_name"], d["text"]))
    docs.sort()
    arts = []
    for name, text in docs:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        if lines and lines[0].startswith("http"):
            lines = lines[1:]
        if not lines:
            continue
        head = lines[0]
        ntok = len(head.split())
        if ntok > 25 or ntok < 4 or _SENTENCE_END.search(head) or _DATELINE.search(head):
            continue                    # no headline line
        sents = []
        for ln in lines[1:]:
            if not _SENTENCE_END.search(ln) and len(ln.split()) <= 15:
                continue                # date line, byline, caption, section label
            sents.append(detokenize(ln))
        if len(sents) < 5 or sum(len(s.split()) for s in sents) < 100:
            continue
        paras, i = [], 0
        while i < len(sents):
            k = rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
            paras.append(" ".join(sents[i:i + k]))
            i += k
        arts.append((name, detokenize(head), paras))
    return arts


# ---------------------------------------------------------------- templates


def host_of(url):
    h = (urlsplit(url).hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def _segments(node):
    """Children of node as segments: a block element alone, runs of inline
    content together.  Invisible children are left out."""
    segs, run = [], []
    for c in node.children:
        if isinstance(c, H.Node):
            if H.is_invisible(c) or c.tag in ("br", "img", "input", "button", "select"):
                if c.tag == "br" and run:
                    run.append(c)
                continue
            if c.tag in H.BLOCK or any(d.tag in H.BLOCK for d in c.iter()):
                if run:
                    segs.append(run)
                    run = []
                segs.append([c])
                continue
        run.append(c)
    if run:
        segs.append(run)
    return segs


def _seg_text(items):
    holder = H.Node("#frag", (), 0, 0, None)
    holder.children = list(items)
    return "\n".join(t for t, _ in H.blocks(holder))


def _seg_range(items):
    first, last = items[0], items[-1]
    return first.start, (last.end if last.end is not None else last.start)


def find_body(root, gold):
    """The parts of the page that hold the gold text: a list of segments
    (each a list of sibling items).  A segment is gold when at least 80 % of its
    4-shingles are gold shingles; a container is taken whole only when it has
    no block children or is 98 % gold, otherwise its children are examined.
    Short segments (1-3 words) are gold when their words occur in the gold text
    and a neighbouring segment is gold."""
    G = M.shingles(gold)
    gold_str = " " + " ".join(M.tokens(gold)) + " "
    found = []

    def walk(node):
        segs = _segments(node)
        marks = []          # None (no words), "gold", "other", "short"
        for items in segs:
            toks = M.tokens(_seg_text(items))
            if not toks:
                marks.append(None)
                continue
            if len(toks) < 4:
                marks.append("short" if (" " + " ".join(toks) + " ") in gold_str else "other")
                continue
            S = M.shingles_of_tokens(toks)
            m = M.overlap(S, G)
            prec = m / sum(S.values())
            one = len(items) == 1 and isinstance(items[0], H.Node)
            has_blocks = one and any(d is not items[0] and d.tag in H.BLOCK for d in items[0].iter())
            if prec >= 0.98 or (prec >= 0.8 and not has_blocks):
                marks.append("gold")
            else:
                marks.append("other")
                if m > 0:
                    for it in items:
                        if isinstance(it, H.Node):
                            walk(it)
        for i, mk in enumerate(marks):
            if mk != "short":
                continue
            prev = next((marks[j] for j in range(i - 1, -1, -1) if marks[j] in ("gold", "other")), None)
            nxt = next((marks[j] for j in range(i + 1, len(marks)) if marks[j] in ("gold", "other")), None)
            marks[i] = "gold" if "gold" in (prev, nxt) else "other"
        for items, mk in zip(segs, marks):
            if mk == "gold":
                found.append(items)

    walk(root)
    found.sort(key=lambda items: _seg_range(items)[0])
    return found


def _meta_key(n):
    return (n.attrs.get("property") or n.attrs.get("name") or "").lower()


TITLE_META = {"og:title", "twitter:title", "title", "sailthru.title", "parsely-title"}
DESC_META = {"description", "og:description", "twitter:description", "sailthru.description"}

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_MON_RE = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
DATE_PATTERNS = [
    ("mdy", re.compile(r"\b" + _MON_RE + r"(\.?)(\s+)(\d{1,2})(,?)(\s+)(\d{4})\b")),
    ("dmy", re.compile(r"\b(\d{1,2})(\s+)" + _MON_RE + r"(\.?)(,?)(\s+)(\d{4})\b")),
    ("iso", re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")),
    ("us", re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")),
]


def _month_index(name):
    name = name.lower()[:3]
    return [m[:3].lower() for m in _MONTHS].index(name) + 1


def _month_name(i, like):
    full = _MONTHS[i - 1]
    if len(like) <= 3 or (len(like) == 4 and like.lower() == "sept"):
        return "Sept" if like.lower() == "sept" and i == 9 else full[:3]
    return full


def slash_day_first(src):
    """True when the page writes dates as dd/mm/yyyy (some day number above 12 comes first)."""
    for m in DATE_PATTERNS[3][1].finditer(src):
        if int(m.group(1)) > 12 >= int(m.group(2)):
            return True
    return False


def first_date(src, day_first=False):
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(src):
            try:
                if kind == "mdy":
                    return datetime.date(int(m.group(7)), _month_index(m.group(1)), int(m.group(4)))
                if kind == "dmy":
                    return datetime.date(int(m.group(7)), _month_index(m.group(3)), int(m.group(1)))
                if kind == "iso":
                    return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if kind == "us":
                    a, b = int(m.group(1)), int(m.group(2))
                    return datetime.date(int(m.group(3)), b, a) if day_first else datetime.date(int(m.group(3)), a, b)
            except ValueError:
                continue
    return None


def replace_dates(s, day, only=None, day_first=False):
    """Every date string of s (that denotes the day `only`, when given),
    rewritten as day in the same style."""
    def keep_or(fn):
        def sub(m):
            if only is not None and first_date(m.group(0), day_first) != only:
                return m.group(0)
            return fn(m)
        return sub

    def mdy(m):
        return "%s%s%s%d%s%s%d" % (_month_name(day.month, m.group(1)), m.group(2) if len(m.group(1)) <= 4 else "",
                                   m.group(3), day.day, m.group(5), m.group(6), day.year)

    def dmy(m):
        return "%d%s%s%s%s%s%d" % (day.day, m.group(2), _month_name(day.month, m.group(3)),
                                   m.group(4) if len(m.group(3)) <= 4 else "", m.group(5), m.group(6), day.year)

    def iso(m):
        return "%04d-%02d-%02d" % (day.year, day.month, day.day)

    def us(m):
        a, b = (day.day, day.month) if day_first else (day.month, day.day)
        width = 2 if len(m.group(1)) == 2 and len(m.group(2)) == 2 else 1
        return "%0*d/%0*d/%d" % (width, a, width, b, day.year)

    for (kind, rx), fn in zip(DATE_PATTERNS, (mdy, dmy, iso, us)):
        s = rx.sub(keep_or(fn), s)
    return s


def _title_core(t):
    """A page title without its site suffix ("Headline | Site")."""
    parts = re.split(r"\s+[|–—-]\s+|\s+::\s+", t)
    return max(parts, key=len).strip() if parts else t.strip()


class Template:
    """One AEB page made ready to carry other articles."""

    def __init__(self, pid, src, gold, url):
        self.pid, self.src, self.gold, self.url = pid, src, gold, url
        self.source = host_of(url)
        self.reason = None
        self.edits = []          # (start, end, kind, payload)
        try:
            self._analyse()
        except _Refuse as e:
            self.reason = str(e)

    def _analyse(self):
        src, gold = self.src, self.gold
        root = H.parse(src)
        G = M.shingles(gold)
        ng = sum(G.values())
        body = find_body(root, gold)
        if not body:
            raise _Refuse("article body not found")
        covered = M.overlap(M.shingles("\n".join(_seg_text(s) for s in body)), G) / ng
        if covered < 0.85:
            raise _Refuse("body blocks cover only %.0f%% of the gold text" % (100 * covered))
        ranges = [_seg_range(s) for s in body]
        # paragraph prototype: the commonest kind of <p> in the body (ids dropped), else a plain <p>
        proto = "<p>"
        ps = [d for s in body for it in s if isinstance(it, H.Node) for d in it.iter() if d.tag == "p"]
        if ps:
            count = {}
            for p in ps:
                count.setdefault(p.attrs.get("class") or "", []).append(p)
            commonest = max(count.values(), key=len)[0]
            proto = re.sub(r"""\s+id\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", "", commonest.start_tag)
        self.proto_open, self.proto_close = proto, "</p>"
        edits = []
        first = body[0]
        f0 = first[0]
        if len(first) == 1 and isinstance(f0, H.Node) and f0.tag not in ("p",) + tuple(H.HEADING) \
                and f0.end is not None and f0.end > f0.inner_end:
            edits.append((f0.inner_start, f0.inner_end, "body", None))      # keep the container's tags
        else:
            edits.append((ranges[0][0], ranges[0][1], "body", None))
        for a, b in ranges[1:]:
            edits.append((a, b, "drop", None))
        inside = lambda pos: any(a <= pos < b for a, b in ranges)  # noqa: E731

        # headline element: the h1 (or h2) that best matches the page title
        nodes = list(root.iter())
        titles = [n for n in nodes if n.tag == "title"]
        title_text = H.node_text(titles[0]) if titles else ""
        metas = [n for n in nodes if n.tag == "meta"]
        og = next((n.attrs.get("content") or "" for n in metas if _meta_key(n) == "og:title"), "")
        ref = set(M.tokens((og or _title_core(title_text)).lower()))
        best, best_j = None, 0.0
        for n in nodes:
            if n.tag not in ("h1", "h2") or inside(n.start) or n.end is None:
                continue
            toks = set(M.tokens(H.node_text(n).lower()))
            if not toks or not ref:
                continue
            j = len(toks & ref) / len(toks | ref)
            if j > best_j + (0.2 if n.tag == "h2" else 0):
                best, best_j = n, j
        if best is None or best_j < 0.3:
            raise _Refuse("no headline element matching the title")
        self.old_headline = H.node_text(best).replace("\n", " ").strip()
        edits.append((best.inner_start, best.inner_end, "headline", None))
        if titles and titles[0].end is not None:
            t = titles[0]
            suffix = title_text.replace(_title_core(title_text), "", 1) if _title_core(title_text) != title_text else ""
            edits.append((t.inner_start, t.inner_end, "title", suffix))
        for n in metas:
            k = _meta_key(n)
            if k in TITLE_META or k in DESC_META:
                edits.append((n.start, n.inner_start, "meta", ("title" if k in TITLE_META else "desc", n.start_tag)))
        # scripts that carry the old article
        for n in nodes:
            if n.tag == "script" and n.end is not None and not inside(n.start):
                body_src = src[n.inner_start:n.inner_end]
                typ = (n.attrs.get("type") or "").lower()
                if "ld+json" in typ or M.overlap(M.shingles(body_src), G) >= 10:
                    edits.append((n.start, n.end, "drop", None))
        # teaser links: 5 to 30 words, outside the body and the headline
        nteaser = 0
        for n in nodes:
            if n.tag != "a" or n.end is None or inside(n.start) or best.start <= n.start < best.end:
                continue
            if any(a.tag in ("nav", "header", "footer") or _CHROME.search(
                    (a.attrs.get("class") or "") + " " + (a.attrs.get("id") or "")) for a in n.ancestors()):
                continue            # site chrome: menus, header, footer stay as they are
            texts = [c for c in _texts(n) if M.tokens(c.data)]
            ntok = sum(len(M.tokens(c.data)) for c in texts)
            if not texts or not 5 <= ntok <= 30:
                continue
            around = sum(len(M.tokens(c.data)) for c in n.parent.children if isinstance(c, H.Text))
            if around >= ntok:
                continue            # a link inside running text ("learn how your data is processed")
            main = max(texts, key=lambda c: len(M.tokens(c.data)))
            edits.append((main.start, main.end, "teaser", None))
            for c in texts:
                if c is not main:
                    edits.append((c.start, c.end, "drop", None))
            nteaser += 1
        # non-overlapping, earlier kinds win (the list is in priority order)
        kept = []
        for e in edits:
            if e[0] is None or e[1] is None or e[1] < e[0]:
                continue
            if any(k[0] < e[1] and e[0] < k[1] or k[0] <= e[0] < k[1] for k in kept):
                continue
            kept.append(e)
        self.edits = sorted(kept, key=lambda e: (e[0], e[1]))
        self.nteaser = nteaser
        # the page's own date: published-time meta or <time>, else the first date a reader sees
        stamps = [n.attrs.get("content") or "" for n in metas
                  if _meta_key(n) in ("article:published_time", "og:published_time", "pubdate", "date")]
        stamps += [n.attrs.get("datetime") or "" for n in nodes if n.tag == "time"]
        shown = H.visible_text(root)
        self.day_first = slash_day_first(shown)
        self.base_date = first_date(" ".join(stamps)) or first_date(shown, self.day_first)
        # what remains of the old article once the body is gone
        skeleton = self.render("", ["x"], [], datetime.date(2000, 1, 1))
        left = M.overlap(M.shingles(H.visible_text(skeleton)), G) / ng
        if left > 0.05:
            raise _Refuse("%.0f%% of the gold text remains outside the found body" % (100 * left))
        self.residual = left
        self.covered = covered

    def render(self, headline, paras, teasers, day):
        """The template carrying another article.  All new text goes in
        through markers, so the date rewrite never touches it."""
        src = self.src
        marks = {}

        def mark(text):
            k = "\x00%d\x00" % len(marks)
            marks[k] = text
            return k

        out, pos = [], 0
        teasers = list(teasers)
        for a, b, kind, payload in self.edits:
            if a < pos:
                continue
            out.append(src[pos:a])
            if kind == "body":
                out.append(mark("\n".join(self.proto_open + html.escape(p, quote=False) + self.proto_close
                                          for p in paras)))
            elif kind == "headline":
                out.append(mark(html.escape(headline, quote=False)))
            elif kind == "title":
                out.append(mark(html.escape(headline + (payload or ""), quote=False)))
            elif kind == "meta":
                which, tag = payload
                val = headline if which == "title" else (paras[0][:160] if paras else "")
                new = re.sub(r"""(\bcontent\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""",
                             lambda m: m.group(1) + '"' + mark(html.escape(val, quote=True)) + '"', tag, count=1)
                out.append(new)
            elif kind == "teaser":
                out.append(mark(html.escape(teasers.pop(0) if teasers else headline, quote=False)))
            # "drop": nothing
            pos = b
        out.append(src[pos:])
        page = "".join(out)
        if self.base_date is not None:
            page = replace_dates(page, day, self.base_date, self.day_first)
        if len(M.tokens(self.old_headline)) >= 4:
            forms = [self.old_headline, html.escape(self.old_headline, quote=True),
                     html.escape(self.old_headline, quote=False)]
            for form in sorted(set(forms), key=lambda f: (-len(f), f)):    # fixed order, longest first
                page = page.replace(form, mark(html.escape(headline, quote=True)))
        for k in sorted(marks, key=lambda k: -int(k.strip("\x00"))):
            page = page.replace(k, marks[k])
        return page


_CHROME = re.compile(r"footer|\bnav|menu|masthead|site-header|breadcrumb", re.I)


def _texts(node):
    for c in node.children:
        if isinstance(c, H.Text):
            if c.end is not None:
                yield c
        elif not H.is_invisible(c):
            yield from _texts(c)


class _Refuse(Exception):
    pass


# ---------------------------------------------------------------- main


def find_shared(arg=None):
    """The shared data folder (the one holding aeb/): the argument, else
    $PGA_SHARED, else <repo>/../shared/data.  The first one given is the only
    one looked at; it may also name the folder above data/."""
    c = arg or os.environ.get("PGA_SHARED") or os.path.join(ROOT, "..", "shared", "data")
    for d in (c, os.path.join(c, "data")):
        if os.path.isdir(os.path.join(d, "aeb")):
            return os.path.abspath(d)
    return None


def script_digest():
    h = hashlib.sha256()
    for fn in ("make_multipage.py", "htmlpage.py", "aeb_metric.py"):
        with open(os.path.join(HERE, fn), "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def build(shared, out, ntemplates, npages, seed, log=print, side="dev"):
    aeb = os.path.join(shared, "aeb")
    ecb = os.path.join(shared, "ecbplus", "ecbplus_docs_derived.jsonl")
    if not os.path.exists(ecb):
        log("make_multipage: %s not found: nothing built" % ecb)
        return False
    gold = M.load_bodies(os.path.join(aeb, "ground-truth.json"))
    with open(os.path.join(aeb, "ground-truth.json"), encoding="utf-8") as f:
        urls = {k: v.get("url", "") for k, v in json.load(f).items()}
    if side not in ("dev", "test"):
        raise ValueError("side must be dev or test")
    with open(os.path.join(HERE, "split.tsv"), encoding="utf-8") as f:
        allowed = {ln.split("\t")[0] for ln in f if ("\t%s\t" % side) in ln}
    rng = random.Random(seed)
    arts = load_ecb_articles(ecb, random.Random(seed + 1))
    # candidates: pages of the requested side, English-looking, one per site, in a seeded order
    cands = []
    for pid in sorted(gold):
        if pid not in allowed:
            continue
        g = gold[pid]
        if sum(ord(c) > 127 for c in g) > 0.02 * len(g) or len(M.tokens(g)) < 150:
            continue
        cands.append(pid)
    cands.sort(key=lambda p: hashlib.sha256(("%d:%s" % (seed, p)).encode()).hexdigest())
    templates, refused, seen = [], {}, set()
    for pid in cands:
        if len(templates) >= ntemplates:
            break
        host = host_of(urls[pid])
        if host in seen:
            continue
        with gzip.open(os.path.join(aeb, "html", pid + ".html.gz")) as f:
            src = f.read().decode("utf-8", "replace")
        t = Template(pid, src, gold[pid], urls[pid])
        if t.reason:
            refused[pid] = "%s: %s" % (host, t.reason)
            continue
        seen.add(host)
        templates.append(t)
    need = len(templates) * npages
    if len(arts) < need + 50:
        log("make_multipage: only %d usable ECB+ articles for %d pages" % (len(arts), need))
        return False
    order = list(range(len(arts)))
    rng.shuffle(order)
    os.makedirs(os.path.join(out, "html"), exist_ok=True)
    for fn in os.listdir(os.path.join(out, "html")):
        os.unlink(os.path.join(out, "html", fn))
    golds, next_art = {}, 0
    all_heads = [a[1] for a in arts]
    for t in templates:
        trng = random.Random("%d:%s" % (seed, t.pid))
        day = t.base_date or datetime.date(2019, 11, 19)
        days = []
        for i in range(npages):
            days.append(day)
            day += datetime.timedelta(days=trng.choice((0, 1, 1, 2, 3)))
        teasers = [None] * t.nteaser
        for i in range(npages):
            ai = order[next_art]
            next_art += 1
            name, head, paras = arts[ai]
            # each teaser link keeps the previous page's headline with probability 1/2
            for k in range(len(teasers)):
                if teasers[k] is None or teasers[k] == head or trng.random() < 0.5:
                    while True:
                        h = all_heads[trng.randrange(len(all_heads))]
                        if h != head and h not in teasers:
                            teasers[k] = h
                            break
            page = t.render(head, paras, teasers, days[i])
            page_id = "%s-%02d" % (t.source.replace(".", "_"), i + 1)
            with open(os.path.join(out, "html", page_id + ".html"), "w", encoding="utf-8") as f:
                f.write(page)
            golds[page_id] = {"articleBody": "\n\n".join(paras), "source": t.source, "template": t.pid,
                              "doc": name, "headline": head, "date": days[i].isoformat()}
    with open(os.path.join(out, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(golds, f, ensure_ascii=False, indent=0, sort_keys=True)
    manifest = {
        "version": VERSION, "digest": script_digest(), "seed": seed, "side": side, "pages_per_source": npages,
        "templates": [{"source": t.source, "aeb_id": t.pid, "url": t.url, "teaser_links": t.nteaser,
                       "gold_covered": round(t.covered, 3), "gold_left": round(t.residual, 3),
                       "paragraph_tag": t.proto_open, "base_date": t.base_date.isoformat() if t.base_date else None}
                      for t in templates],
        "refused": refused, "ecb_articles_usable": len(arts),
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    log("make_multipage: %d sources x %d pages written to %s (%d candidate templates refused)"
        % (len(templates), npages, out, len(refused)))
    return True


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=None)
    ap.add_argument("--shared", default=None)
    ap.add_argument("--templates", type=int, default=8)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--side", choices=("dev", "test"), default="dev")
    a = ap.parse_args(argv)
    if a.out is None:
        a.out = os.path.join(ROOT, "tmp", "eval", "clean", "multipage-" + a.side)
    shared = find_shared(a.shared)
    if shared is None:
        print("make_multipage: shared data (aeb/, ecbplus/) not found: skipped")
        return 0
    return 0 if build(shared, a.out, a.templates, a.pages, a.seed, side=a.side) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
