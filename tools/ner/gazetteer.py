#!/usr/bin/env python3
"""Builds the multilingual gazetteer of the entity stage (standard library only).

Inputs:
  * the output of tools/ner/icu_places.c: ICU's country names in every locale and
    its time-zone exemplar city names in every locale;
  * Debian iso-codes, when installed: /usr/share/iso-codes/json/iso_3166-1.json and
    iso_3166-2.json, and the translations /usr/share/locale/*/LC_MESSAGES/iso_3166-1.mo;
  * tools/ner/gazetteer_extra.tsv, our hand-kept aliases, places and organisations.

Output (stdout): one entry per line, `kind<TAB>canonical<TAB>alias<TAB>...`, sorted, and
deterministic for given inputs.  Canonical names are English; every alias maps to one
canonical name (first claim wins, in the order: hand list, countries, cities, subdivisions).

Usage: gazetteer.py ICU_TSV EXTRA_TSV > src/entity/pg_article_entity_gazetteer.tsv
"""
import glob
import gettext
import json
import os
import re
import sys
import unicodedata

ISO = "/usr/share/iso-codes/json"

# English names ICU gives in a form that is not how news writes them.
EN_OVERRIDES = {
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "HK": "Hong Kong", "MO": "Macao", "PS": "Palestinian Territories",
    "MM": "Myanmar", "CI": "Côte d’Ivoire", "VA": "Vatican City",
}
# trailing generic words of iso_3166-2 names ("Anhui Sheng", "Xinjiang Uygur Zizhiqu")
GENERIC_TAIL = {"sheng", "shi", "zizhiqu", "uygur", "zhuangzu", "huizi", "sar", "province", "region",
                "state", "oblast", "kray", "krai", "respublika", "governorate", "prefecture", "county",
                "district", "department", "municipality", "ken", "to", "fu", "do"}


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


def key(s):
    return " ".join(nfc(s).casefold().split())


class Gaz:
    def __init__(self):
        self.by_alias = {}      # folded alias -> (kind, canonical)
        self.entries = {}       # (kind, canonical) -> list of aliases (display form)

    def add(self, kind, canonical, alias, min_len=3):
        canonical, alias = nfc(canonical), nfc(alias)
        if not alias or not canonical:
            return
        k = key(alias)
        if len(k) < min_len or k in ("unknown region", "unknown city"):
            return
        if k in self.by_alias:
            return
        self.by_alias[k] = (kind, canonical)
        self.entries.setdefault((kind, canonical), []).append(alias)


def variants(name):
    """A name, plus its forms without a parenthesised part and split at ' - '."""
    out = [name]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m:
        out += [m.group(1), m.group(2)]
    return out


def main():
    icu_tsv, extra_tsv = sys.argv[1], sys.argv[2]
    gaz = Gaz()

    # 1. hand list first: it decides the canonical names of its aliases
    for line in open(extra_tsv, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        gaz.add(f[0], f[1], f[1], min_len=2)
        for a in f[2:]:
            gaz.add(f[0], f[1], a, min_len=2)

    countries, cities = {}, {}
    for line in open(icu_tsv, encoding="utf-8"):
        if line.startswith("#"):
            continue
        what, code, loc, name = line.rstrip("\n").split("\t")
        (countries if what == "country" else cities).setdefault(code, []).append((loc, name))

    # 2. countries: canonical = English name
    iso = {}
    if os.path.exists(f"{ISO}/iso_3166-1.json"):
        iso = {c["alpha_2"]: c for c in json.load(open(f"{ISO}/iso_3166-1.json", encoding="utf-8"))["3166-1"]}
    canon = {}
    for code in sorted(countries):
        names = dict(countries[code])
        en = EN_OVERRIDES.get(code, names.get("en") or (iso.get(code) or {}).get("name"))
        if not en:
            continue
        canon[code] = en
        gaz.add("LOC", en, en)
        for loc, name in sorted(countries[code]):
            for v in variants(name):
                gaz.add("LOC", en, v)
        c = iso.get(code)
        if c:
            for f in ("name", "common_name", "official_name"):
                if f in c:
                    gaz.add("LOC", en, c[f])
    # iso-codes translations of the names (158 locales)
    msgid_code = {}
    for code, c in iso.items():
        for f in ("name", "common_name", "official_name"):
            if f in c:
                msgid_code[c[f]] = code
    for mo in sorted(glob.glob("/usr/share/locale/*/LC_MESSAGES/iso_3166-1.mo")):
        try:
            tr = gettext.GNUTranslations(open(mo, "rb"))
        except Exception:
            continue
        for msgid in sorted(msgid_code):
            code = msgid_code[msgid]
            t = tr.gettext(msgid)
            if t != msgid and code in canon:
                for v in variants(t):
                    gaz.add("LOC", canon[code], v)

    # 3. cities of time zones: canonical = English exemplar name, else from the zone id
    for zone in sorted(cities):
        names = dict(cities[zone])
        en = names.get("en") or zone.split(":")[-1].replace("_", " ")
        if zone.startswith("Etc:"):
            continue
        gaz.add("LOC", en, en)
        for loc, name in sorted(cities[zone]):
            gaz.add("LOC", en, name)

    # 4. subdivisions (English/romanised names only), with generic tails removed
    if os.path.exists(f"{ISO}/iso_3166-2.json"):
        for s in sorted(json.load(open(f"{ISO}/iso_3166-2.json", encoding="utf-8"))["3166-2"],
                        key=lambda s: s["code"]):
            if s["type"] not in ("State", "Province", "Region", "Autonomous region", "Autonomous community",
                                 "Land", "Canton", "Country", "Prefecture", "Emirate", "Republic",
                                 "Special administrative region", "Municipality", "Governorate",
                                 "Territory", "Autonomous republic", "Federal district", "Capital district"):
                continue
            name = s["name"].split(" / ")[0].split(" [")[0]
            words = name.split()
            while len(words) > 1 and words[-1].casefold() in GENERIC_TAIL:
                words.pop()
            short = " ".join(words)
            if len(short) < 4:
                continue
            gaz.add("LOC", short, short)
            gaz.add("LOC", short, name)

    print("# pg_article entity gazetteer: kind, canonical name, aliases. Generated by tools/ner/gazetteer.py")
    print("# from ICU %s, Debian iso-codes and tools/ner/gazetteer_extra.tsv; do not edit."
          % os.environ.get("PGA_ICU_VERSION", ""))
    for (kind, canonical) in sorted(gaz.entries):
        aliases = gaz.entries[(kind, canonical)]
        print("\t".join([kind, canonical] + [a for a in aliases if a != canonical]))


if __name__ == "__main__":
    main()
