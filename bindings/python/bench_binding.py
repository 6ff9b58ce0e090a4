"""What the Python bindings cost over the C++ search, and how searches scale with threads.

A benchmark, not a test: it prints markdown tables; run it on a quiet machine.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/bench_binding.py \\
        --index /tmp/cartoffre-bench/150000 [--command build/tools/cartoffre] [--queries 300]

The query mix is bench_core's (bench/bench_core.cpp): places drawn among the real communes
weighted by population; geo + category sorted by distance; words + place + gratuit by relevance;
the same for a person; words only. Top 20 (the default limit). For each query the library's own
time is measured in C++ (cartoffre._cartoffre._search_seconds, the same Query built from the same
keywords, no Python in the timed loop), then Index.search from Python: the call alone, and the
call plus reading each hit's id, name, distance and verdict as a portal does.
"""

import argparse
import csv
import os
import pathlib
import random
import statistics
import subprocess
import sys
import threading
import time

# This script's folder holds the package's sources, not the built extension: import the package
# from PYTHONPATH (the build tree) or the installed one.
HERE = pathlib.Path(__file__).resolve().parent
sys.path = [p for p in sys.path if pathlib.Path(p or ".").resolve() != HERE]

import cartoffre  # noqa: E402
from cartoffre import _cartoffre  # noqa: E402

WORDS = ["emploi", "permis", "logement", "numérique", "cv", "formation", "santé", "rsa",
         "garde d'enfants", "aide alimentaire", "hébergement urgence", "mobilité"]
CATEGORIES = ["mobilite", "trouver-un-emploi", "numerique", "logement-hebergement", "famille",
              "se-former"]
STATUSES = ["rsa", "ass", "aah", "demandeur-emploi", "deld", "rqth", "jeune-ase", "refugie",
            "sans-domicile", "parent-isole", "etudiant", "actif", "senior"]


def shared_data() -> pathlib.Path:
    here = pathlib.Path(__file__).resolve().parents[2]
    return pathlib.Path(os.environ.get("CARTOFFRE_SHARED_DATA", here.parent / "shared" / "data"))


def drawn_places(count, rng):
    communes, weights = [], []
    with open(shared_data() / "gazetteer" / "communes_fr_2026.csv", newline="") as f:
        for row in csv.DictReader(f):
            population = float(row["population"] or 0)
            if row["type"] == "commune-actuelle" and row["latitude"] and population > 0:
                communes.append(row["code_insee"])
                weights.append(population)
    return ["insee:" + code for code in rng.choices(communes, weights, k=count)]


def person(rng, place):
    p = dict(age=16 + rng.randrange(50))
    if rng.random() < 0.6:
        p["genre"] = "femme" if rng.random() < 0.5 else "homme"
    p["statuses"] = [rng.choice(STATUSES) for _ in range(rng.randrange(3))]
    p["statuses_complete"] = rng.random() < 0.5
    if rng.random() < 0.5:
        p["permis"] = rng.random() < 0.6
    if rng.random() < 0.5:
        p["lives_in"] = place
    return cartoffre.Profile(**p)


def query_mix(count, seed):
    rng = random.Random(seed)
    places = drawn_places(count, rng)
    mix = {"geo + category": [], "words + geo": [], "words + geo + person": [],
           "words only": []}
    for i, place in enumerate(places):
        mix["geo + category"].append(dict(near=place, radius_km=10, sort="distance",
                                          themes=[CATEGORIES[i % len(CATEGORIES)]]))
        words = dict(text=WORDS[i % len(WORDS)], near=place, radius_km=10, frais=["gratuit"],
                     sort="relevance")
        mix["words + geo"].append(words)
        mix["words + geo + person"].append(dict(words, profile=person(rng, place)))
        mix["words only"].append(dict(text=WORDS[(i * 7) % len(WORDS)]))
    return mix


def read_hits(results):
    for hit in results:
        hit.offer.id, hit.offer.nom, hit.distance_km, hit.verdict


def timed(call, repeats):
    best = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best.append(time.perf_counter() - start)
    return min(best)


def overhead_table(index, mix, repeats):
    print("| queries | C++ search p50 ms | Python search p50 ms (ratio) | "
          "Python search + reading 20 hits p50 ms (ratio) |")
    print("|---|---|---|---|")
    for name, queries in mix.items():
        cpp, py, py_read = [], [], []
        for q in queries:
            for _ in range(2):  # warm: pages of the index mapped in
                index.search(**q)
            # Each query's best of `repeats`, alternating the three so that the machine's
            # load weighs on all alike.
            cpp.append(min(_cartoffre._search_seconds(index, repeats, **q)))
            py.append(timed(lambda: index.search(**q), repeats))
            py_read.append(timed(lambda: read_hits(index.search(**q)), repeats))
        c, p, r = (statistics.median(x) * 1000 for x in (cpp, py, py_read))
        print(f"| {name} ({len(queries)}) | {c:.3f} | {p:.3f} ({p / c:.2f}) | "
              f"{r:.3f} ({r / c:.2f}) |", flush=True)


def throughput_table(index, mix, seconds):
    queries = [q for qs in mix.values() for q in qs]
    print("\n| Python threads | searches/s (all four kinds mixed) | vs 1 thread |")
    print("|---|---|---|")
    single = None
    for threads in (1, 2, 4):
        counts = [0] * threads
        stop = time.perf_counter() + seconds

        def work(t):
            i = t * 17
            while time.perf_counter() < stop:
                read_hits(index.search(**queries[i % len(queries)]))
                i += 1
                counts[t] += 1

        workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        rate = sum(counts) / seconds
        single = single or rate
        print(f"| {threads} | {rate:.0f} | {rate / single:.2f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", default="/tmp/cartoffre-bench/150000")
    parser.add_argument("--command", default="build/tools/cartoffre",
                        help="to build the index when --index holds none")
    parser.add_argument("--offers", type=int, default=150000)
    parser.add_argument("--queries", type=int, default=300, help="of each kind")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5, help="of each throughput run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (pathlib.Path(args.index) / "CURRENT").exists():
        subprocess.run([args.command, "index", "--index", args.index, "--generate",
                        str(args.offers), "--seed", str(args.seed)], check=True)
    index = cartoffre.Index.open(args.index)
    print(f"Index {args.index}: {index.size} offers; {os.cpu_count()} cores\n")
    mix = query_mix(args.queries, args.seed)
    overhead_table(index, mix, args.repeats)
    throughput_table(index, mix, args.seconds)


if __name__ == "__main__":
    main()
