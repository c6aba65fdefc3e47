#!/usr/bin/env python3
"""JSONL entity documents -> CSV rows (id, side, text, entities as JSON) for COPY.

Usage: jsonl2csv.py FILE [SPLIT_TSV] [--side SIDE] [--exclude-prefix ID_PREFIX]
With SPLIT_TSV, each document gets its side from it; otherwise SIDE (default "extra").
"""
import csv
import json
import sys

args = sys.argv[1:]
side_default = "extra"
exclude = None
if "--exclude-prefix" in args:
    i = args.index("--exclude-prefix")
    exclude = args[i + 1]
    del args[i:i + 2]
if "--side" in args:
    i = args.index("--side")
    side_default = args[i + 1]
    del args[i:i + 2]
split = {}
if len(args) > 1:
    for line in open(args[1], encoding="utf-8"):
        if line.strip():
            k, v = line.rstrip("\n").split("\t")
            split[k] = v
w = csv.writer(sys.stdout)
for line in open(args[0], encoding="utf-8"):
    if not line.strip():
        continue
    d = json.loads(line)
    if exclude and d["id"].startswith(exclude):
        continue
    w.writerow([d["id"], split.get(d["id"], side_default), d["text"],
                json.dumps([{"start": e["start"], "end": e["end"], "type": e["type"]} for e in d["entities"]])])
