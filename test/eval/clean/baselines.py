"""Peer-free baselines for the cleaning evaluation (python3 standard library only).

keep_all        the whole input: every visible line of the page (an upper
                bound on recall, the floor for precision)
line_oracle     keeps the set of lines that (locally) maximizes the page's F1
                against the gold text: an upper bound for any cleaner that
                keeps or drops whole lines of the same input
drop_repeated   keeps every line except those that occur on at least a given
                share of the same source's pages (a crude stand-in for
                per-source learning, for the multi-page set)

Line oracle, exactly:
  1. The input is split at newlines; lines without word tokens are ignored
     (they cannot change the token stream).
  2. Start: keep a line when it has at least 4 tokens and at least half of its
     own 4-shingles occur in the gold text.
  3. Local search: visit the lines in order and flip one (keep <-> drop)
     whenever that strictly raises the page's F1 = 2|pred ∩ gold| / (|pred| +
     |gold|), computed on the shingles of the kept lines joined in page order
     (so shingles that span two kept lines count, exactly as the metric sees
     the joined text).  Repeat the pass until a pass flips nothing (at most 20
     passes).
  The result is a local optimum of per-page F1 under single flips, not a proven
  global optimum; it uses the gold text, so it is a ceiling, not a system.
"""

import re
from collections import Counter

import aeb_metric as M

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def keep_all(text):
    return text


def _shingles_between(before, mid, after):
    """Shingles of before+mid+after (before/after: at most 3 tokens each)."""
    seq = before + mid + after
    n = M.SHINGLE
    return [tuple(seq[i:i + n]) for i in range(len(seq) - n + 1)]


def line_oracle(text, gold, max_passes=20):
    """The kept lines (joined by newlines) of text that locally maximize F1 against gold."""
    lines = [ln for ln in text.split("\n")]
    toks = [M.tokens(ln) for ln in lines]
    idx = [i for i, t in enumerate(toks) if t]
    if not idx:
        return ""
    G = M.shingles(gold)
    ng = sum(G.values())
    gset = set(G)
    keep = {}
    for i in idx:
        t = toks[i]
        if len(t) >= M.SHINGLE:
            own = [tuple(t[j:j + M.SHINGLE]) for j in range(len(t) - M.SHINGLE + 1)]
            keep[i] = sum(s in gset for s in own) * 2 >= len(own)
        else:
            keep[i] = False
    # build the prediction multiset from the kept stream
    stream = [tok for i in idx if keep[i] for tok in toks[i]]
    pred = Counter(tuple(stream[j:j + M.SHINGLE]) for j in range(len(stream) - M.SHINGLE + 1))
    tp = M.overlap(pred, G)
    npred = sum(pred.values())
    order = idx
    pos = {i: k for k, i in enumerate(order)}

    def context(k, step):
        """Up to 3 tokens of kept lines before (step -1) or after (step +1) position k."""
        got = []
        j = k + step
        while 0 <= j < len(order) and len(got) < M.SHINGLE - 1:
            i = order[j]
            if keep[i]:
                t = toks[i]
                if step < 0:
                    got = t[-(M.SHINGLE - 1 - len(got)):] + got if len(got) < M.SHINGLE - 1 else got
                else:
                    got = got + t[:M.SHINGLE - 1 - len(got)]
            j += step
        return got

    for _ in range(max_passes):
        changed = False
        for i in order:
            k = pos[i]
            before, after = context(k, -1), context(k, +1)
            with_line = _shingles_between(before, toks[i], after)
            without = _shingles_between(before, [], after)
            if keep[i]:
                add, rem = without, with_line
            else:
                add, rem = with_line, without
            delta = Counter(add)
            delta.subtract(rem)
            dtp, dn = 0, 0
            for s, d in delta.items():
                if d == 0:
                    continue
                c = pred.get(s, 0)
                g = G.get(s, 0)
                dtp += min(c + d, g) - min(c, g)
                dn += d
            old = 2 * tp / (npred + ng) if npred + ng else 0.0
            new = 2 * (tp + dtp) / (npred + dn + ng) if npred + dn + ng else 0.0
            if new > old + 1e-12:
                for s, d in delta.items():
                    if d:
                        pred[s] = pred.get(s, 0) + d
                        if pred[s] == 0:
                            del pred[s]
                tp += dtp
                npred += dn
                keep[i] = not keep[i]
                changed = True
        if not changed:
            break
    return "\n".join(lines[i] for i in order if keep[i])


def norm_line(line):
    return _WS.sub(" ", line).strip()


def drop_repeated(texts_by_page, source_of, share=0.2, min_pages=2):
    """{page: text} with every line removed that occurs (after white-space
    normalization) on at least `share` of its source's pages (and on at least
    min_pages pages)."""
    pages_of = {}
    for p, s in source_of.items():
        if p in texts_by_page:
            pages_of.setdefault(s, []).append(p)
    out = {}
    for s, pages in pages_of.items():
        df = Counter()
        for p in pages:
            df.update({norm_line(ln) for ln in texts_by_page[p].split("\n") if norm_line(ln)})
        limit = max(min_pages, share * len(pages))
        for p in pages:
            out[p] = "\n".join(ln for ln in texts_by_page[p].split("\n")
                               if norm_line(ln) and df[norm_line(ln)] < limit)
    return out
