"""Annotation source -> entity spans (python3 standard library only).

The annotation source is data/entities/annotations/<topic>.tsv, one block per
document:

    = 1_10ecb                         a document (ECB+ name without .xml)
    Tara Reid<TAB>PER                 a surface string and its type
    Reid<TAB>PER
    Promises Treatment Center<TAB>ORG
    American Pie<TAB>-                "-": claim the words, tag nothing
    Washington<TAB>PER<TAB>2          only the 2nd occurrence
    Washington<TAB>LOC                every other occurrence
    # comment lines and blank lines are ignored

Occurrences of a surface string are its case-sensitive, whole-word matches in
the document text (no letter, digit or underscore on either side), counted
from 1 over the whole text, including those that lie inside a longer name.

Resolution, so that spans are flat and outermost:
  1. every listed surface is matched (an entry with occurrence numbers only at
     those occurrences; an entry without them at all occurrences not claimed by
     an entry with numbers for the same surface);
  2. candidate spans are placed longest first (then entries with occurrence
     numbers, then file order); a candidate overlapping an already placed span
     is dropped; so "Reid" inside "Tara Reid" is never a second entity, and a
     "-" entry protects its words from shorter entries;
  3. "-" spans are not output.
"""

import re

TYPES = ("PER", "ORG", "LOC")


class AnnotationError(Exception):
    pass


def parse(path):
    """{doc: [(surface, type, occ tuple or None, lineno)]} in file order."""
    blocks = {}
    cur = None
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("= "):
                cur = line[2:].strip()
                if cur in blocks:
                    raise AnnotationError(f"{path}:{no}: document {cur} listed twice")
                blocks[cur] = []
                continue
            if cur is None:
                raise AnnotationError(f"{path}:{no}: entry before any '= doc' line")
            cols = line.split("\t")
            if len(cols) not in (2, 3) or cols[0] != cols[0].strip() or not cols[0]:
                raise AnnotationError(f"{path}:{no}: want surface<TAB>type[<TAB>n,n...]: {line!r}")
            typ = cols[1].strip()
            if typ not in TYPES and typ != "-":
                raise AnnotationError(f"{path}:{no}: bad type {typ!r}")
            occ = None
            if len(cols) == 3:
                try:
                    occ = tuple(int(x) for x in cols[2].split(","))
                except ValueError:
                    raise AnnotationError(f"{path}:{no}: bad occurrence list {cols[2]!r}")
                if not occ or min(occ) < 1:
                    raise AnnotationError(f"{path}:{no}: bad occurrence list {cols[2]!r}")
            blocks[cur].append((cols[0], typ, occ, no))
    return blocks


def occurrences(text, surface):
    pat = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [m.start() for m in pat.finditer(text)]


def resolve(text, entries, where=""):
    """Returns (entities, warnings).  entities: sorted list of dicts
    {start, end, type, text}.  Raises AnnotationError on entries that match
    nothing or name occurrences that do not exist."""
    warnings = []
    cands = []          # (-len, prio, order, start, end, type)
    numbered = {}
    for order, (surf, typ, occ, no) in enumerate(entries):
        if occ is not None:
            numbered.setdefault(surf, set()).update(occ)
    seen = set()
    for order, (surf, typ, occ, no) in enumerate(entries):
        key = (surf, occ)
        if key in seen:
            raise AnnotationError(f"{where}:{no}: {surf!r} listed twice")
        seen.add(key)
        starts = occurrences(text, surf)
        if not starts:
            raise AnnotationError(f"{where}:{no}: {surf!r} not found in the text")
        if occ is not None:
            bad = [i for i in occ if i > len(starts)]
            if bad:
                raise AnnotationError(f"{where}:{no}: {surf!r} has only {len(starts)} occurrences, not {bad}")
            picked = [starts[i - 1] for i in occ]
            prio = 0
        else:
            skip = numbered.get(surf, set())
            picked = [s for i, s in enumerate(starts, 1) if i not in skip]
            prio = 1
        for s in picked:
            cands.append((-len(surf), prio, order, s, s + len(surf), typ, no))
    cands.sort()
    taken = []          # (start, end, type, lineno)
    used_lines = set()
    for _, _, _, s, e, typ, no in cands:
        if any(s < te and ts < e for ts, te, _, _ in taken):
            continue
        taken.append((s, e, typ, no))
        used_lines.add(no)
    for surf, typ, occ, no in entries:
        if no not in used_lines:
            warnings.append(f"{where}:{no}: {surf!r} ({typ}) is always inside a longer name")
    ents = [{"start": s, "end": e, "type": t, "text": text[s:e]}
            for s, e, t, _ in sorted(taken) if t != "-"]
    return ents, warnings
