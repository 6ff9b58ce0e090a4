#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, built at test time from the real data read in place.

    seeds.py SHARED_DATA MAPPINGS_DIR OUT

writes OUT/<target>/<sha1> files: slices of the real catalogues (CSV lines, JSON records, as
GeoJSON features too), real hours texts, real place names and codes, real mappings with rows of
their catalogues, cursors over real offer ids. Nothing of it is committed: the hand-made seeds
of tests/fuzz/seeds/ are. The same data gives the same seeds (fixed random choices).
"""
import csv
import gzip
import hashlib
import io
import json
import random
import sys
from pathlib import Path

MAX_SEED = 8192  # bytes: libFuzzer's inputs stay near the seeds' sizes


def main():
    shared, mappings, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    catalogues = shared / "catalogues"
    rand = random.Random(14)
    corpus = {}

    def add(target, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if 0 < len(data) <= MAX_SEED:
            corpus.setdefault(target, set()).add(data)

    def text_of(path):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8", errors="replace")

    # CSV: the header and a few consecutive lines from anywhere in each file (quoted fields
    # over line breaks included, as they come).
    csv_files = sorted(catalogues.glob("*.csv")) + sorted(catalogues.glob("*.csv.gz"))
    csv_files += sorted((shared / "gazetteer").glob("*.csv"))
    records = {}
    for path in csv_files:
        lines = text_of(path).split("\n")
        for _ in range(25):
            start = rand.randrange(1, max(2, len(lines) - 8))
            add("csv", "\n".join([lines[0]] + lines[start:start + rand.randint(1, 6)]) + "\n")
        rows = list(csv.DictReader(io.StringIO("\n".join(lines[:4000]))))
        records[path.name] = rows

    # JSON records: arrays and JSON Lines of a few records of each catalogue.
    json_files = sorted(catalogues.glob("*.json.gz"))
    for path in json_files:
        items = json.loads(text_of(path))
        records[path.name] = items
        for _ in range(30):
            chosen = rand.sample(items, min(len(items), rand.randint(1, 3)))
            add("json_records", json.dumps(chosen, ensure_ascii=False))
            add("json_records", "\n".join(json.dumps(r, ensure_ascii=False) for r in chosen))

    # HTML: the catalogues' texts with references or tags (Soliguide's descriptions).
    marked = sorted({v for items in records.values() for r in items if isinstance(r, dict)
                     for v in r.values() if isinstance(v, str) and ("&" in v or "<" in v)})
    for text in rand.sample(marked, min(len(marked), 200)):
        add("html", text)

    # GeoJSON: records with coordinates as Point features (the rest as properties).
    def feature(record):
        props = dict(record)
        lat, lon = props.pop("latitude", None), props.pop("longitude", None)
        geometry = None
        try:
            geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
        except (TypeError, ValueError):
            pass
        return {"type": "Feature", "properties": props, "geometry": geometry}

    for name, items in sorted(records.items()):
        if not items or not isinstance(items[0], dict):
            continue
        for _ in range(15):
            chosen = rand.sample(items, min(len(items), rand.randint(1, 3)))
            add("geojson", json.dumps({"type": "FeatureCollection",
                                       "features": [feature(r) for r in chosen]},
                                      ensure_ascii=False))

    # Hours: distinct texts of the catalogues' hours fields (800 of their 3,400: a short run
    # reads its whole corpus first).
    hours = set()
    for items in records.values():
        for r in items:
            if not isinstance(r, dict):
                continue
            for key in ("horaires", "horaires_ouvertures", "h_lundi", "h_mardi", "h_samedi"):
                value = r.get(key)
                if isinstance(value, str) and value.strip():
                    hours.add(value)
    for text in rand.sample(sorted(hours), min(len(hours), 800)):
        add("hours_french", text)
        add("hours_osm", text)

    # Places: names, names with their département, codes, postcodes and centres of communes.
    with open(shared / "gazetteer" / "communes_fr_2026.csv", encoding="utf-8") as f:
        communes = list(csv.DictReader(f))
    for c in rand.sample(communes, 120):
        add("places", c["nom"])
        add("places", f'{c["nom"]} ({c["departement"]})')
        add("places", c["code_insee"])
        add("places", "insee:" + c["code_insee"])
        postcode = c["codes_postaux"].split("|")[0]
        if postcode:
            add("places", rand.choice([postcode, "cp:" + postcode, postcode[:3]]))
        if c["latitude"]:
            add("places", f'{c["latitude"]},{c["longitude"]}')
    for items in records.values():
        for r in rand.sample(items, min(len(items), 20)):
            if isinstance(r, dict):
                for key in ("commune", "city", "lib_com"):
                    if isinstance(r.get(key), str):
                        add("places", r[key])

    # Mappings: each real mapping with a few rows of its catalogue after a "=====" line.
    for path in sorted(mappings.glob("*.json")):
        mapping_text = path.read_text(encoding="utf-8")
        mapping = json.loads(mapping_text)
        source = shared / mapping.get("input", "-")
        if not source.is_file():
            continue
        if mapping.get("read", {}).get("format") == "json":
            items = records.get(source.name) or json.loads(text_of(source))
            for _ in range(5):
                rows = json.dumps(rand.sample(items, min(len(items), 3)), ensure_ascii=False)
                seed = mapping_text + "\n=====\n" + rows
                add("mapping", seed if len(seed) <= MAX_SEED else mapping_text)
        elif source.name.endswith(".csv"):
            lines = text_of(source).split("\n")
            for _ in range(5):
                start = rand.randrange(1, max(2, len(lines) - 3))
                rows = "\n".join([lines[0]] + lines[start:start + 3]) + "\n"
                seed = mapping_text + "\n=====\n" + rows
                add("mapping", seed if len(seed) <= MAX_SEED else mapping_text)

    # Cursors: over real offer ids, each order and tier.
    ids = [str(r.get("id", "")) for items in records.values() for r in items[:50]
           if isinstance(r, dict) and r.get("id")]
    for offer_id in rand.sample(ids, min(len(ids), 60)):
        key = rand.getrandbits(64)
        add("cursor", "c2" + rand.choice("drbi") + rand.choice("01") +
            f"{rand.getrandbits(32):08x}{key:016x}" + offer_id.encode("utf-8").hex())

    for target, seeds in sorted(corpus.items()):
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for data in seeds:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
        print(f"{target}: {len(seeds)} seeds")


if __name__ == "__main__":
    main()
