"""A small, forgiving HTML tree with source offsets, and the visible text of a
page (python3 standard library only).

Used by `run` (the keep-everything baseline from HTML and the block oracle)
and by `make_multipage.py` (locating the article body of a template page so it
can be replaced).  It is not a conforming HTML5 parser: it applies the few
implicit-close rules that matter for news pages (p, li, dt/dd, option, table
parts) and ignores stray end tags.  Every element keeps its offsets in the
source string, so a page can be edited by replacing source ranges.
"""

import html
import re
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr command".split())

# Elements that start a new line of text (a browser renders them as blocks).
BLOCK = frozenset("""address article aside blockquote body center dd details dialog dir div dl dt fieldset
figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html iframe legend li main menu nav
noscript ol optgroup option p pre section select summary table caption tbody thead tfoot tr td th textarea ul
video audio title""".split())

# Elements whose content a reader never sees.
INVISIBLE = frozenset("head script style template svg math object embed applet canvas map datalist".split())

# A start tag of one of these closes an open <p>.
CLOSES_P = frozenset("""address article aside blockquote center details dialog dir div dl fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul li""".split())

# Where the search for an element to close implicitly stops.
SCOPE = frozenset("html body td th table caption ul ol div section article main blockquote".split())

HEADING = frozenset("h1 h2 h3 h4 h5 h6".split())

_WS = re.compile(r"\s+")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class Node:
    """An element.  start: offset of '<'; inner_start: just after the start
    tag; inner_end: where its content ends; end: just after its end tag (or
    inner_end when the end tag is implied)."""

    __slots__ = ("tag", "attrs", "start", "inner_start", "inner_end", "end", "children", "parent", "start_tag")

    def __init__(self, tag, attrs, start, inner_start, parent, start_tag=""):
        self.tag, self.attrs = tag, dict(attrs)
        self.start, self.inner_start = start, inner_start
        self.inner_end = self.end = None
        self.children, self.parent = [], parent
        self.start_tag = start_tag

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent

    def hidden(self):
        a = self.attrs
        return ("hidden" in a or (a.get("aria-hidden") == "true" and self.tag in ("div", "section", "aside"))
                or bool(_DISPLAY_NONE.search(a.get("style") or "")))

    def __repr__(self):
        return "<%s %s..%s>" % (self.tag, self.start, self.end)


class Text:
    __slots__ = ("data", "start", "end", "parent")

    def __init__(self, data, start, parent):
        self.data, self.start, self.end, self.parent = data, start, None, parent

    def __repr__(self):
        return "Text(%r)" % self.data[:40]


class _Builder(HTMLParser):
    def __init__(self, src):
        super().__init__(convert_charrefs=True)
        self.src = src
        self.line_off = [0]
        for m in re.finditer("\n", src):
            self.line_off.append(m.end())
        self.root = Node("#root", (), 0, 0, None)
        self.stack = [self.root]
        self.pending = None           # the Text node being collected

    def _pos(self):
        ln, col = self.getpos()
        return self.line_off[ln - 1] + col

    def _flush(self, pos):
        if self.pending is not None:
            self.pending.end = pos
            self.pending = None

    def _close(self, node, pos, end):
        # pop the stack down to node (inclusive); elements above it end at pos
        while self.stack:
            top = self.stack.pop()
            top.inner_end = pos
            top.end = end if top is node else pos
            if top is node:
                return

    def _find_open(self, tags, scope=SCOPE):
        for n in reversed(self.stack[1:]):
            if n.tag in tags:
                return n
            if n.tag in scope:
                return None
        return None

    def handle_starttag(self, tag, attrs):
        pos = self._pos()
        self._flush(pos)
        raw = self.get_starttag_text() or ""
        inner = pos + len(raw)
        # implicit closes
        if tag in CLOSES_P:
            p = self._find_open(("p",))
            if p is not None:
                self._close(p, pos, pos)
        if tag == "li":
            li = self._find_open(("li",), SCOPE | {"ul", "ol"})
            if li is not None:
                self._close(li, pos, pos)
        elif tag in ("dt", "dd"):
            d = self._find_open(("dt", "dd"), SCOPE | {"dl"})
            if d is not None:
                self._close(d, pos, pos)
        elif tag == "option":
            o = self._find_open(("option",), SCOPE | {"select"})
            if o is not None:
                self._close(o, pos, pos)
        elif tag in ("td", "th"):
            c = self._find_open(("td", "th"), {"table", "tr"})
            if c is not None:
                self._close(c, pos, pos)
        elif tag == "tr":
            c = self._find_open(("tr",), {"table"})
            if c is not None:
                self._close(c, pos, pos)
        elif tag in ("thead", "tbody", "tfoot"):
            c = self._find_open(("thead", "tbody", "tfoot"), {"table"})
            if c is not None:
                self._close(c, pos, pos)
        parent = self.stack[-1]
        node = Node(tag, attrs, pos, inner, parent, raw)
        parent.children.append(node)
        if tag in VOID or raw.endswith("/>") and tag not in BLOCK:
            node.inner_end = node.end = inner
        else:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        pos = self._pos()
        self._flush(pos)
        raw = self.get_starttag_text() or ""
        parent = self.stack[-1]
        node = Node(tag, attrs, pos, pos + len(raw), parent, raw)
        node.inner_end = node.end = pos + len(raw)
        parent.children.append(node)

    def handle_endtag(self, tag):
        pos = self._pos()
        self._flush(pos)
        gt = self.src.find(">", pos)
        end = gt + 1 if gt >= 0 else len(self.src)
        for n in reversed(self.stack[1:]):
            if n.tag == tag:
                self._close(n, pos, end)
                return
            # do not let a stray inline end tag close blocks
            if n.tag in ("table", "td", "th") and tag not in ("table", "td", "th", "tr", "tbody", "thead", "tfoot"):
                return
        # stray end tag: ignored

    def handle_data(self, data):
        pos = self._pos()
        if self.pending is not None:
            self.pending.data += data
            return
        parent = self.stack[-1]
        t = Text(data, pos, parent)
        parent.children.append(t)
        self.pending = t

    def handle_comment(self, data):
        self._flush(self._pos())

    def handle_decl(self, decl):
        self._flush(self._pos())

    def handle_pi(self, data):
        self._flush(self._pos())

    def unknown_decl(self, data):
        self._flush(self._pos())

    def finish(self):
        self.close()
        n = len(self.src)
        self._flush(n)
        while len(self.stack) > 1:
            top = self.stack.pop()
            top.inner_end = top.end = n
        self.root.inner_end = self.root.end = n
        return self.root


def parse(src):
    """Parse an HTML string; returns the root Node (tag '#root')."""
    b = _Builder(src)
    try:
        b.feed(src)
    except Exception:          # html.parser rarely raises; keep what was built
        pass
    return b.finish()


def is_invisible(node):
    return node.tag in INVISIBLE or node.hidden()


def blocks(root, skip=None):
    """Visible text as a list of (text, first_text_node_offset) blocks, one per
    run of inline content between block boundaries.  White space is collapsed;
    <pre> keeps its lines.  skip(node) -> True leaves a subtree out."""
    out = []
    cur = []
    cur_off = [None]

    def flush():
        s = _WS.sub(" ", "".join(cur)).strip()
        if s:
            out.append((s, cur_off[0]))
        cur.clear()
        cur_off[0] = None

    def walk(n, pre):
        for c in n.children:
            if isinstance(c, Text):
                if pre:
                    for i, part in enumerate(c.data.split("\n")):
                        if i:
                            flush()
                        if part.strip() and cur_off[0] is None:
                            cur_off[0] = c.start
                        cur.append(part)
                else:
                    if c.data.strip() and cur_off[0] is None:
                        cur_off[0] = c.start
                    cur.append(c.data)
                continue
            if is_invisible(c) or (skip is not None and skip(c)):
                continue
            if c.tag == "br":
                flush()
                continue
            if c.tag in ("img",):
                continue
            if c.tag in BLOCK:
                flush()
                walk(c, pre or c.tag == "pre")
                flush()
            else:
                cur.append("")
                walk(c, pre)

    walk(root, False)
    flush()
    return out


def visible_text(src_or_root):
    """All the text a reader of the page sees, one block per line."""
    root = parse(src_or_root) if isinstance(src_or_root, str) else src_or_root
    return "\n".join(t for t, _ in blocks(root))


def node_text(node):
    """Visible text of one element (blocks joined by newlines)."""
    holder = Node("#frag", (), node.start, node.start, None)
    holder.children = [node]
    return "\n".join(t for t, _ in blocks(holder))


def escape(text):
    return html.escape(text, quote=False)
