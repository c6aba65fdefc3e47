#!/usr/bin/python3
"""test/eval/clean/train.py: learns the cleaner's weights (src/clean/model_weights.h).

The features come from the installed extension itself (clean_blocks()), so
what is trained is exactly what the C code computes.  Labels come from the AEB
gold bodies of the DEV side of split.tsv only: a block is article text when
at least half of its 4-token shingles occur in the gold body (blocks of 1-3
words: when their words occur there in order and a neighbour is text).  Each
page weighs the same, each block by its share of the page's words, because
the AEB metric averages precision and recall over pages.

Two logistic regressions per format (html, text), fitted by Newton's method
with an L2 penalty:
  pass 1: block features -> p1;
  pass 2: context features (p1 of the block and its neighbours, and where
          the block stands relative to the run of blocks with the best
          first-pass scores, see best_region() and context_features() here
          and in src/clean/classify.c) -> p; strongly penalised (L2 below),
          so it mostly recalibrates p1 and pulls down blocks far from the run.
Pass 2 is fitted on pass-1 scores predicted out of fold (5 folds by site), so
it learns how much to trust neighbours on pages pass 1 has not seen.

Usage (a server with pg_article installed; PGHOST/PGPORT/PGUSER as usual):
  /usr/bin/python3 test/eval/clean/train.py [--write]
It prints dev-side cross-validated AEB scores, and with --write rewrites
model_weights.h; then rebuild (make install) and run test/eval/clean/run for
the test side.  Needs numpy (Debian: python3-numpy).
"""

import argparse
import csv
import gzip
import importlib.machinery
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import aeb_metric as M  # noqa: E402
import make_multipage as MM  # noqa: E402

RUN = importlib.machinery.SourceFileLoader("eval_clean_run", os.path.join(HERE, "run")).load_module()
OUT = os.path.join(ROOT, "src", "clean", "model_weights.h")
CONTEXT_NAMES = ["bias", "logit1", "p_prev", "p_next", "p_prev2", "p_next2", "p_mean5", "p_max3",
                 "log_words", "link_density", "in_main", "in_region", "log_dist_region"]
REGION_GAP_COST = 20
L2 = {1: 0.01, 2: 10.0}   # pass 2 strongly penalised: 10 beat 0.01, 0.3, 1, 3, 30 and 100 in dev CV
csv.field_size_limit(1 << 30)


def psql(sql, db):
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", "-"],
                       input=sql, capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        raise SystemExit("psql: " + r.stderr.strip())
    return r.stdout


def fetch_blocks(pages, db):
    """{(id, fmt): [(text, features)]} for {(id, fmt): body}."""
    with tempfile.TemporaryDirectory() as td:
        os.chmod(td, 0o755)
        inp, outp = os.path.join(td, "in.csv"), os.path.join(td, "out.csv")
        with open(inp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            for (pid, fmt), body in pages.items():
                w.writerow([pid, fmt, body.replace("\x00", "")])
        psql("""
            DROP TABLE IF EXISTS train_pages;
            CREATE TABLE train_pages (id text, fmt text, body text);
            \\copy train_pages FROM '%s' WITH (FORMAT csv)
            \\copy (SELECT p.id, p.fmt, b.block, b.text, b.features::text FROM train_pages p, clean_blocks(p.body, p.fmt) b ORDER BY p.id, p.fmt, b.block) TO '%s' WITH (FORMAT csv)
            DROP TABLE train_pages;
        """ % (inp, outp), db)
        names = psql("SELECT array_to_string(clean_feature_names(), ',');", db).strip().split(",")
        blocks = {}
        with open(outp, encoding="utf-8", newline="") as f:
            for pid, fmt, _, text, feats in csv.reader(f):
                blocks.setdefault((pid, fmt), []).append((text, [float(x) for x in feats.strip("{}").split(",")]))
    return blocks, names


def labels_for(blocks, gold):
    """Fraction-of-shingles labels (0/1) and token counts per block."""
    gsh = M.shingles(gold)
    gtext = " ".join(M.tokens(gold))
    toks = [M.tokens(t) for t, _ in blocks]
    frac = []
    for tk in toks:
        if len(tk) >= 4:
            sh = M.shingles_of_tokens(tk)
            tot = sum(sh.values())
            frac.append(sum(c for s, c in sh.items() if s in gsh) / tot)
        else:
            frac.append(None)
    y = []
    for i, tk in enumerate(toks):
        if frac[i] is not None:
            y.append(1.0 if frac[i] >= 0.5 else 0.0)
        elif not tk:
            y.append(0.0)
        else:
            near = any(0 <= j < len(toks) and frac[j] is not None and frac[j] >= 0.5 for j in (i - 1, i + 1))
            y.append(1.0 if near and (" " + " ".join(tk) + " ") in (" " + gtext + " ") else 0.0)
    return np.array(y), np.array([max(len(t), 1) for t in toks], dtype=float)


def fit(X, y, w, l2):
    """Weighted L2-penalised logistic regression by Newton's method (bias unpenalised)."""
    n, d = X.shape
    beta = np.zeros(d)
    pen = np.full(d, l2)
    pen[0] = 1e-6
    for _ in range(50):
        z = np.clip(X @ beta, -30, 30)
        p = 1 / (1 + np.exp(-z))
        g = X.T @ (w * (p - y)) + pen * beta
        H = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(pen)
        step = np.linalg.solve(H, g)
        beta -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return beta


# ---------------------------------------------------------------- boosted trees (pass 1)

TREES = {"n": 200, "depth": 3, "rate": 0.1, "lambda": 0.02, "bins": 32, "min_hess": 1e-3}


class Binner:
    """Per-feature split candidates: up to TREES["bins"]-1 midpoints between quantiles."""

    def __init__(self, X):
        self.cuts = []
        for f in range(X.shape[1]):
            v = np.unique(X[:, f])
            if len(v) > TREES["bins"]:
                v = np.unique(np.quantile(X[:, f], np.linspace(0, 1, TREES["bins"] + 1)))
            self.cuts.append((v[:-1] + v[1:]) / 2 if len(v) > 1 else np.array([]))

    def bin(self, X):
        B = np.zeros(X.shape, dtype=np.int32)
        for f, c in enumerate(self.cuts):
            B[:, f] = np.searchsorted(c, X[:, f], side="left") if len(c) else 0
        return B


def fit_trees(X, y, w):
    """Gradient-boosted trees of fixed depth (complete binary trees) for the
    weighted logistic loss.  Returns (base, feats, thresholds, leaves)."""
    n, d = X.shape
    depth, nb = TREES["depth"], TREES["bins"]
    lam = TREES["lambda"]
    binner = Binner(X)
    B = binner.bin(X)
    flat = B + (np.arange(d) * nb)[None, :]
    ybar = min(max(np.average(y, weights=w), 1e-4), 1 - 1e-4)
    base = math.log(ybar / (1 - ybar))
    z = np.full(n, base)
    nint = 2 ** depth - 1
    feats = np.zeros((TREES["n"], nint), dtype=np.int32)
    thr = np.full((TREES["n"], nint), np.inf, dtype=np.float64)
    leaves = np.zeros((TREES["n"], 2 ** depth))
    for t in range(TREES["n"]):
        p = 1 / (1 + np.exp(-z))
        g = w * (p - y)
        h = np.maximum(w * p * (1 - p), 1e-12)
        node = np.zeros(n, dtype=np.int32)
        for lvl in range(depth):
            first = 2 ** lvl - 1
            for k in range(first, 2 * first + 1):
                idx = np.nonzero(node == k)[0]
                if len(idx) == 0:
                    continue
                fb = flat[idx].ravel()
                G = np.bincount(fb, weights=np.repeat(g[idx], d), minlength=d * nb).reshape(d, nb)
                H = np.bincount(fb, weights=np.repeat(h[idx], d), minlength=d * nb).reshape(d, nb)
                GL, HL = np.cumsum(G, 1)[:, :-1], np.cumsum(H, 1)[:, :-1]
                Gt, Ht = G.sum(1)[:, None], H.sum(1)[:, None]
                GR, HR = Gt - GL, Ht - HL
                gain = GL ** 2 / (HL + lam) + GR ** 2 / (HR + lam) - Gt ** 2 / (Ht + lam)
                ok = (HL >= TREES["min_hess"]) & (HR >= TREES["min_hess"])
                for f, c in enumerate(binner.cuts):
                    ok[f, len(c):] = False
                gain = np.where(ok, gain, -np.inf)
                f, b = np.unravel_index(np.argmax(gain), gain.shape)
                if not np.isfinite(gain[f, b]) or gain[f, b] <= 1e-9:
                    feats[t, k], thr[t, k] = 0, np.inf          # no split: all go left
                    node[idx] = 2 * k + 1
                    continue
                feats[t, k], thr[t, k] = f, binner.cuts[f][b]
                right = X[idx, f] > thr[t, k]
                node[idx] = 2 * k + 1 + right
        leaf = node - nint
        Gs = np.bincount(leaf, weights=g, minlength=2 ** depth)
        Hs = np.bincount(leaf, weights=h, minlength=2 ** depth)
        leaves[t] = -TREES["rate"] * Gs / (Hs + lam)
        z += leaves[t][leaf]
    return base, feats, thr, leaves


def predict_trees(model, X):
    """Keep in step with trees_score() in src/clean/classify.c."""
    base, feats, thr, leaves = model
    depth = TREES["depth"]
    nint = 2 ** depth - 1
    z = np.full(X.shape[0], base)
    rows = np.arange(X.shape[0])
    for t in range(feats.shape[0]):
        node = np.zeros(X.shape[0], dtype=np.int64)
        for _ in range(depth):
            f = feats[t][node]
            node = 2 * node + 1 + (X[rows, f] > thr[t][node])
        z += leaves[t][node - nint]
    return z


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def best_region(p, chars):
    """Keep in step with best_region() in src/clean/classify.c: the run of
    blocks with the largest sum of (p - 0.5) x chars, a block under 0.5
    costing REGION_GAP_COST more characters.  (-1, -1) when none."""
    best = cur = 0.0
    start, lo, hi = 0, -1, -1
    for j in range(len(p)):
        v = (p[j] - 0.5) * chars[j] if p[j] >= 0.5 else (p[j] - 0.5) * (chars[j] + REGION_GAP_COST)
        if cur <= 0:
            cur, start = 0.0, j
        cur += v
        if cur > best:
            best, lo, hi = cur, start, j
    return lo, hi


def context_features(p, F, chars):
    """Keep in step with context_features() in src/clean/classify.c."""
    n = len(p)
    C = np.zeros((n, len(CONTEXT_NAMES)))
    rlo, rhi = best_region(p, chars)
    for i in range(n):
        lo, hi = max(0, i - 5), min(n - 1, i + 5)
        wts = 1 + chars[lo:hi + 1]
        near = [p[j] for j in range(max(0, i - 3), min(n - 1, i + 3) + 1) if j != i]
        pi = min(max(p[i], 1e-6), 1 - 1e-6)
        C[i] = [1, math.log(pi / (1 - pi)),
                p[i - 1] if i > 0 else 0, p[i + 1] if i + 1 < n else 0,
                p[i - 2] if i > 1 else 0, p[i + 2] if i + 2 < n else 0,
                float(np.dot(wts, p[lo:hi + 1]) / wts.sum()), max(near) if near else 0,
                F[i, 1], F[i, 5], F[i, 42],
                float(rlo >= 0 and rlo <= i <= rhi),
                math.log(1 + n) if rlo < 0 else math.log(1 + (rlo - i if i < rlo else i - rhi if i > rhi else 0))]
    return C


def chars_of(blocks):
    return np.array([len(t) for t, _ in blocks], dtype=float)


PASS1 = {"kind": "linear"}


def fit_pass1(X, y, w):
    return fit_trees(X, y, w) if PASS1["kind"] == "trees" else fit(X, y, w, L2[1])


def score_pass1(model, X):
    return predict_trees(model, X) if PASS1["kind"] == "trees" else X @ model


def train_format(fmt, ids, data, gold, site, names, folds=5):
    pages = [i for i in ids if (i, fmt) in data]
    F = {i: np.array([f for _, f in data[(i, fmt)]], dtype=float).reshape(-1, len(names)) for i in pages}
    Y, W = {}, {}
    for i in pages:
        y, ntok = labels_for(data[(i, fmt)], gold[i])
        Y[i], W[i] = y, ntok / ntok.sum()

    def stack(ps):
        return (np.vstack([F[i] for i in ps]), np.concatenate([Y[i] for i in ps]),
                np.concatenate([W[i] for i in ps]))

    # out-of-fold pass-1 scores, folds by site
    sites = sorted({site[i] for i in pages})
    fold_of = {s: k % folds for k, s in enumerate(sorted(sites, key=lambda s: hash_str(s)))}
    p1 = {}
    for k in range(folds):
        tr = [i for i in pages if fold_of[site[i]] != k]
        te = [i for i in pages if fold_of[site[i]] == k]
        b1 = fit_pass1(*stack(tr))
        for i in te:
            p1[i] = sigmoid(score_pass1(b1, F[i]))
    C = {i: context_features(p1[i], F[i], chars_of(data[(i, fmt)])) for i in pages}

    # cross-validated estimate of the whole two-pass model (pass 2 also out of fold)
    pred = {}
    for k in range(folds):
        tr = [i for i in pages if fold_of[site[i]] != k]
        te = [i for i in pages if fold_of[site[i]] == k]
        b2 = fit(np.vstack([C[i] for i in tr]), np.concatenate([Y[i] for i in tr]),
                 np.concatenate([W[i] for i in tr]), L2[2])
        for i in te:
            keep = sigmoid(C[i] @ b2) >= 0.5
            pred[i] = "\n\n".join(t for (t, _), kk in zip(data[(i, fmt)], keep) if kk)
    p1only = {i: "\n\n".join(t for (t, _), kk in zip(data[(i, fmt)], p1[i] >= 0.5) if kk) for i in pages}

    beta1 = fit_pass1(*stack(pages))
    beta2 = fit(np.vstack([C[i] for i in pages]), np.concatenate([Y[i] for i in pages]),
                np.concatenate([W[i] for i in pages]), L2[2])
    return beta1, beta2, pred, p1only, pages


def hash_str(s):
    import hashlib
    return hashlib.sha256(s.encode()).hexdigest()


def write_header(models, names):
    def arr(name, w, labels):
        return "static const float %s[] = {\n%s\n};\n" % (
            name, ",\n".join("\t%.6ff\t/* %s */" % (x, n) for x, n in zip(w, labels)))
    out = ["/* Generated by test/eval/clean/train.py from the AEB dev side: do not edit. */",
           "#define PGA_MODEL_NFEATURES %d" % len(names), "#define PGA_MODEL_NCONTEXT %d" % len(CONTEXT_NAMES)]
    trees = all(isinstance(models[f][0], tuple) for f in ("html", "text"))
    out.append("#define PGA_MODEL_DEPTH %d" % TREES["depth"])
    out.append("#define PGA_MODEL_NTREES %d" % (TREES["n"] if trees else 0))
    for fmt in ("html", "text"):
        b1, b2 = models[fmt]
        if trees:
            base, feats, thr, leaves = b1
            out.append("static const double pga_model_%s_base = %.9f;" % (fmt, base))
            out.append("static const int16 pga_model_%s_feature[][%d] = {\n%s\n};" % (
                fmt, feats.shape[1], ",\n".join("\t{" + ", ".join(str(int(x)) for x in r) + "}" for r in feats)))
            out.append("static const double pga_model_%s_threshold[][%d] = {\n%s\n};" % (
                fmt, thr.shape[1], ",\n".join("\t{" + ", ".join("HUGE_VAL" if not np.isfinite(x) else "%.17g" % x
                                                                  for x in r) + "}" for r in thr)))
            out.append("static const float pga_model_%s_leaf[][%d] = {\n%s\n};" % (
                fmt, leaves.shape[1], ",\n".join("\t{" + ", ".join("%.7gf" % x for x in r) + "}" for r in leaves)))
            out.append("static const float *const pga_model_%s_pass1 = NULL;" % fmt)
        else:
            out.append(arr("pga_model_%s_pass1" % fmt, b1, names))
        out.append(arr("pga_model_%s_pass2" % fmt, b2, CONTEXT_NAMES))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print("wrote", OUT)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="rewrite src/clean/model_weights.h")
    ap.add_argument("--l2", type=float, nargs=2, default=None, help="penalties of pass 1 and pass 2")
    ap.add_argument("--linear", action="store_true", help="pass 1 as a logistic regression (the default)")
    ap.add_argument("--boosted", action="store_true",
                    help="try boosted trees for pass 1 (CV scores only: the C side evaluates linear models)")
    ap.add_argument("--trees", type=int, default=None, help="number of boosted trees")
    ap.add_argument("--db", default=os.environ.get("PGDATABASE", "postgres"))
    ap.add_argument("--blank", action="store_true",
                    help="write a model of zeros for the feature list in features.c (after changing features)")
    a = ap.parse_args()
    if a.blank:
        src = open(os.path.join(ROOT, "src", "clean", "features.c"), encoding="utf-8").read()
        body = src.split("pga_feature_names[PGA_NFEATURES] = {")[1].split("};")[0]
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        names = re.findall(r'"([a-z0-9_]+)"', body)
        zero = [0.0] * len(names)
        write_header({"html": (zero, [0.0, 1.0] + [0.0] * (len(CONTEXT_NAMES) - 2)), "text": (zero, [0.0, 1.0] + [0.0] * (len(CONTEXT_NAMES) - 2))}, names)
        return
    if a.l2:
        L2[1], L2[2] = a.l2
    if a.boosted:
        if a.write:
            raise SystemExit("--boosted is for comparison only: src/clean/classify.c evaluates linear models")
        PASS1["kind"] = "trees"
    if a.trees:
        TREES["n"] = a.trees

    shared = MM.find_shared()
    if shared is None:
        raise SystemExit("train.py needs ../shared/data/aeb")
    aeb = os.path.join(shared, "aeb")
    with open(os.path.join(aeb, "ground-truth.json"), encoding="utf-8") as f:
        gt = json.load(f)
    gold = {k: v.get("articleBody") or "" for k, v in gt.items()}
    urls = {k: v.get("url") or "" for k, v in gt.items()}
    side = RUN.load_split(urls)
    site = {k: RUN.site_of(u) for k, u in urls.items()}
    dev = sorted(i for i in gold if side[i] == "dev")
    html = {}
    for pid in dev:
        with gzip.open(os.path.join(aeb, "html", pid + ".html.gz")) as f:
            html[pid] = f.read().decode("utf-8", "replace")
    lynx = RUN.ensure_lynx()
    text = RUN.render_lynx(lynx, html, os.path.join(RUN.CACHE, "aeb-lynx")) if lynx else {}

    psql("CREATE EXTENSION IF NOT EXISTS pg_article;", a.db)
    pages = {(i, "html"): html[i] for i in dev}
    pages.update({(i, "text"): text[i] for i in dev if i in text})
    data, names = fetch_blocks(pages, a.db)

    models = {}
    for fmt in ("html", "text"):
        b1, b2, pred, p1only, used = train_format(fmt, dev, data, gold, site, names)
        cv = {}
        for label, pr in (("pass 1 only", p1only), ("two passes", pred)):
            res = M.evaluate({i: pr.get(i, "") for i in used}, gold, used)
            cv[label] = res.f1
            print("%-5s %-12s dev 5-fold CV over %d pages: %s" % (fmt, label, len(used), res))
        if cv["two passes"] < cv["pass 1 only"]:
            # the neighbours' pass does not pay on dev: keep the first pass's score as it is
            b2 = np.array([0.0, 1.0] + [0.0] * (len(CONTEXT_NAMES) - 2))
            print("      %s: the second pass does not help on dev; it is written as the identity" % fmt)
        models[fmt] = (b1, b2)
        if not isinstance(b1, tuple):
            top = sorted(zip(names, b1), key=lambda t: -abs(t[1]))[:12]
            print("      strongest pass-1 weights:", ", ".join("%s %+.2f" % t for t in top))
        else:
            used_f = {}
            for r in b1[1]:
                for x in r:
                    used_f[names[x]] = used_f.get(names[x], 0) + 1
            print("      features most used by the trees:",
                  ", ".join("%s %d" % t for t in sorted(used_f.items(), key=lambda t: -t[1])[:14]))
        print("      pass-2 weights:", ", ".join("%s %+.2f" % t for t in zip(CONTEXT_NAMES, b2)))
    if a.write:
        write_header(models, names)


if __name__ == "__main__":
    main()
