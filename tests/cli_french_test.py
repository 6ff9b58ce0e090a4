#!/usr/bin/env python3
"""Every message the command shows a user is French (issue 16).

Runs `cartoffre` over a corpus of errors and notices and scans what it says for English:
- `--help` of the command and of every subcommand;
- usage errors (a missing value, an unknown option, a bad choice, a bad number);
- places, filters' codes, profile values, dates and a missing index that cannot be used;
- the load of every broken file of tests/cli_broken_files_test.py (its corpus, made from the
  real catalogues), with `--dry-run`: the command's output and errors, and the reasons of the
  load report (CSV);
- damaged indexes (a truncated file, another format version, a missing section, a table of the
  generation with a bad line...) opened by search, show, duplicates and stats; and tables of
  data/ with a bad line (eligibility rules, renamed organisations, codes, vocabulary) read by
  `index --generate`: each must fail, in French.

The scan takes out what is not a sentence (paths and file names, quoted values, options,
codes and field names) and looks for English words that no French sentence uses ("the", "not",
"missing", "cannot", "expected"...). Usage: cli_french_test.py CARTOFFRE_COMMAND. Prints each
English message found with what produced it; exits non-zero when any.
"""
import concurrent.futures
import csv
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO_DATA = HERE.parent / "data"
csv.field_size_limit(sys.maxsize)  # a broken file holds a 10 MB field, quoted in its report
sys.path.insert(0, str(HERE))
import cli_broken_files_test as broken  # noqa: E402  (its corpus of broken inputs)

# Words that mark English in a message; none is French (nor part of cartoffre's French).
ENGLISH = ["the", "not", "and", "is", "are", "of", "to", "for", "with", "without", "from",
           "after", "before", "invalid", "missing", "must", "cannot", "expected", "unknown",
           "error", "required", "should", "could", "was", "were", "got", "found", "such",
           "empty", "dropped", "print", "this", "file", "record", "field", "value",
           "line", "no", "read", "help", "exit", "following",
           "number", "string", "object", "list", "placed", "centre's"]
MARKERS = re.compile(r"(?<![\w'-])(" + "|".join(ENGLISH) + r")(?![\w'-])", re.I)
# What is not a sentence: quoted values, paths and file names, options, codes, positions.
NOT_PROSE = [
    re.compile(r"«[^»]*»"), re.compile(r'"[^"\n]*"'), re.compile(r"'[^'\n]*'"),
    re.compile(r"`[^`\n]*`"), re.compile(r"\{[^}\n]*\}"), re.compile(r"\[[^]\n]*\]"),
    re.compile(r"\S*/\S*"), re.compile(r"\S+\.(?:csv|json|jsonl|geojson|gz|txt|tsv|xlsx|ods)\b"),
    re.compile(r"--?[A-Za-z][\w-]*"), re.compile(r"\b\w+(?:[_.-]\w+)+\b"),
    re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b"),
]
# Names a French sentence keeps as they are: the program's, the formats', JSON's words.
KEPT = re.compile(r"\b(?:cartoffre|data·inclusion|FeatureCollection|Feature|GeoJSON|JSON|CSV|"
                  r"UTF-8|UTF-16|ISO-8859-1|gzip|true|false|null|id|Usage|Options)\b")


def english_in(text):
    """The lines of `text` that read as English, each with the marker words found."""
    found = []
    for line in text.splitlines():
        prose = line[:2000]  # a broken file's 10 MB field, quoted, says nothing more
        for pattern in NOT_PROSE:
            prose = pattern.sub(" ", prose)
        prose = KEPT.sub(" ", prose)
        words = sorted({m.group(1).lower() for m in MARKERS.finditer(prose)})
        if words:
            found.append((line.strip()[:200], words))
    return found


def run_code(command, args, env=None, timeout=120):
    done = subprocess.run([command, *map(str, args)], capture_output=True, text=True,
                          errors="replace", timeout=timeout, env=env)
    return done.returncode, done.stdout + done.stderr


def run(command, args, env=None, timeout=120):
    return run_code(command, args, env, timeout)[1]


def first_id(command, index):
    """The id of an offer of `index` (what `show` opens)."""
    text = run(command, ["search", "--index", index, "--json", "--limit", "1"])
    return json.loads(text)["hits"][0]["offer"]["id"]


def subcommands(command):
    """The subcommands the main help lists."""
    text = run(command, ["--help"])
    listed = text.split("Sous-commandes:")[-1] if "Sous-commandes:" in text else \
        text.split("Subcommands:")[-1]
    return [m.group(1) for m in re.finditer(r"^  ([a-z][a-z-]+) ", listed, re.M)]


def query_cases(index):
    """Errors and notices of the query side: (name, arguments)."""
    i = ["--index", index]
    return [
        ("no subcommand", []),
        ("unknown subcommand", ["chercher"]),
        ("missing value", ["search", *i, "--near", "Melun", "--radius"]),
        ("unknown option", ["search", *i, "--near", "Melun", "--rayon", "3"]),
        ("extra argument", ["show", *i, "a", "b"]),
        ("bad number", ["search", *i, "--near", "Melun", "--limit", "beaucoup"]),
        ("bad radius", ["search", *i, "--near", "Melun", "--radius", "-3"]),
        ("bad gender", ["search", *i, "--near", "Melun", "--gender", "autre"]),
        ("bad yes/no", ["search", *i, "--near", "Melun", "--licence=peut-etre"]),
        ("bad format", ["export", *i, "--near", "Melun", "--format", "xls", "--out", "x"]),
        ("bad sort", ["search", *i, "--near", "Melun", "--sort", "prix"]),
        ("required option", ["show"]),
        ("unknown place", ["search", *i, "--near", "Melunn"]),
        ("unknown place places", ["places", "--index", index, "Xyzzyville"]),
        ("postcode notice", ["search", *i, "--near", "77000"]),
        ("ambiguous place", ["places", "--index", index, "13001"]),
        ("bad theme", ["search", *i, "--near", "Melun", "--theme", "mobilte"]),
        ("bad status", ["search", *i, "--near", "Melun", "--age", "23", "--status", "rsaa"]),
        ("bad public", ["search", *i, "--near", "Melun", "--public", "jeune"]),
        ("bad age", ["search", *i, "--near", "Melun", "--age", "vingt"]),
        ("bad date", ["search", *i, "--near", "Melun", "--open-at", "demain"]),
        ("bad today", ["search", *i, "--near", "Melun", "--today", "2026-13-45"]),
        ("bad cursor", ["search", *i, "--near", "Melun", "--cursor", "xyz"]),
        ("unknown offer", ["show", *i, "pas-une-offre"]),
        ("unknown offer explain", ["explain", *i, "pas-une-offre", "--age", "30"]),
        ("missing index", ["search", "--index", index.parent / "none", "--near", "Melun"]),
        ("missing index stats", ["stats", "--index", index.parent / "none"]),
        ("unknown source", ["remove-source", *i, "--source", "inconnue"]),
        ("stats", ["stats", *i]),
    ]


def damaged_indexes(index, work):
    """Copies of `index`, each damaged one way: (name, directory)."""
    generation = (index / "CURRENT").read_text().strip()

    def truncate(name, size):
        return lambda g: os.truncate(g / name, size)

    def write(name, text):
        return lambda g: (g / name).write_text(text)

    def append(name, text):
        return lambda g: (g / name).open("a").write(text)

    def remove(name):
        return lambda g: shutil.rmtree(g / name) if (g / name).is_dir() else (g / name).unlink()

    def scribble(name, at, data):
        def damage(g):
            with open(g / name, "r+b") as f:
                f.seek(at)
                f.write(data)
        return damage

    def set_version(g):
        meta = (g / "meta.json").read_text()
        (g / "meta.json").write_text(re.sub(r'"version": \d+', '"version": 9999', meta))
    damages = [
        ("records truncated", truncate("records.bin", 1000)),
        ("format version", set_version),
        ("meta not JSON", write("meta.json", "{pas du json")),
        ("section file missing", remove("clusters.bin")),
        ("columns short", truncate("columns.bin", 100)),
        ("by_id corrupt", scribble("by_id.bin", 0, b"\xff" * 64)),
        ("cluster index short", truncate("cluster_members.idx", 100)),
        ("sources missing", remove("sources.txt")),
        ("gazetteer truncated", truncate("gazetteer.bin", 1000)),
        ("gazetteer signature", scribble("gazetteer.bin", 0, b"XXXXXXXX")),
        ("taxonomy missing", remove("taxonomy")),
        ("taxonomy bad line", append("taxonomy/types.tsv", "une-seule-colonne\n")),
        ("text missing", remove("text")),
        ("text collection", write("text/collection.txt", "rien\n")),
        ("text vocabulary bad line", append("text/vocabulary.tsv", "a\tb\n")),
        ("trees truncated", truncate("trees.bin", 1000)),
        ("trees signature", scribble("trees.bin", 0, b"XXXXXXXX")),
        ("units short", truncate("units.bin", 1000)),
        ("lists truncated", truncate("lists.bin", 1000)),
        ("rules short", truncate("rules.bin", 1000)),
        ("record offsets short", truncate("records.idx", 1000)),
        ("duplicate pairs unreadable", write("duplicate_pairs.tsv", "a b c\n")),
        ("eligibility missing", remove("eligibility")),
        ("eligibility bad line", append("eligibility/statuses.tsv", "xx\tX\tdes x\tnope\n")),
        ("eligibility bad age", append("eligibility/publics.tsv", "vieux\t\tsoixante\t\t\t\n")),
    ]
    out = []
    for name, damage in damages:
        copy = work / ("damaged-" + re.sub(r"\W+", "-", name))
        shutil.copytree(index, copy)
        damage(copy / generation)
        out.append((name, copy))
    bad_current = work / "damaged-current"
    shutil.copytree(index, bad_current)
    (bad_current / "CURRENT").write_text("gen-999999\n")
    out.append(("CURRENT names no generation", bad_current))
    return out


def broken_tables(work):
    """Copies of data/, each with one table broken: (name, directory)."""
    lines = {
        "status implies unknown": ("eligibility/statuses.tsv", "xx\tX\tdes x\tnope\n"),
        "diploma short row": ("eligibility/diplomas.tsv", "bac\n"),
        "public bad age": ("eligibility/publics.tsv", "vieux\t\tsoixante\t\t\t\n"),
        "public unknown": ("eligibility/publics.tsv", "chomeurs\t\t\t\t\tdeld\n"),
        "renamed bad date": ("duplicates/renamed.tsv", "ANPE\tFrance Travail\t2024-13-01\tune loi\n"),
        "renamed short row": ("duplicates/renamed.tsv", "ANPE\tFrance Travail\n"),
        "theme unknown category": ("taxonomy/thematiques.tsv", "x--y\tinconnue\tX\n"),
        "vocabulary short row": ("text/vocabulary.tsv", "a\tb\n"),
    }
    out = []
    for name, (table, line) in lines.items():
        copy = work / ("data-" + re.sub(r"\W+", "-", name))
        shutil.copytree(REPO_DATA, copy)
        with open(copy / table, "a") as f:
            f.write(line)
        out.append((name, copy))
    no_version = work / "data-eligibility-no-version"
    shutil.copytree(REPO_DATA, no_version)
    statuses = no_version / "eligibility" / "statuses.tsv"
    statuses.write_text("".join(l for l in statuses.read_text().splitlines(True)
                                if not l.startswith("# version")))
    out.append(("eligibility no version", no_version))
    return out


def main():
    command = sys.argv[1]
    shm = pathlib.Path("/dev/shm")
    memory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = pathlib.Path(tempfile.mkdtemp(prefix="cartoffre-french-", dir=memory))
    findings = []

    def scan(what, text):
        findings.extend((what, line, words) for line, words in english_in(text))
    try:
        corpus = broken.Corpus(work)
        cases = [c for c in corpus.make() if c[3] == "load"]
        index = work / "index"
        out = run(command, [
            "index", "--index", index,
            "--mapping", f"{broken.MAPPINGS / 'siae.json'}={corpus.siae_base}",
            "--mapping", f"{broken.MAPPINGS / 'data_inclusion_services.json'}={corpus.di_base}",
            "--mapping", f"{corpus.geo_mapping}={corpus.geo_base}"], timeout=300)
        scan("index", out)
        scan("--help", run(command, ["--help"]))
        names = subcommands(command)
        assert len(names) >= 10, f"subcommands not found in --help: {names}"
        for name in names:
            text = run(command, [name, "--help"])
            scan(f"{name} --help", text)
            # The option types' labels, which the scan leaves out as capitals (TEXT:{a, b}).
            for line in text.splitlines():
                labels = re.findall(r"\b(TEXT|INT|UINT|FLOAT|BOOLEAN|REQUIRED)\b", line)
                if labels:
                    findings.append((f"{name} --help", line, labels))
        for name, args in query_cases(index):
            scan(name, run(command, args))
        # Damaged indexes and broken tables: each must be refused, in French.
        refused = []
        first = first_id(command, index)

        def open_damaged(case):
            name, copy = case
            texts, failed = [], False
            for args in (["search", "--index", copy, "--near", "Melun"],
                         ["search", "--index", copy, "emploi", "--near", "Melun"],
                         ["show", "--index", copy, first],
                         ["duplicates", "--index", copy, "--out", work / (copy.name + ".csv")],
                         ["stats", "--index", copy]):
                code, text = run_code(command, args)
                texts.append(text)
                failed = failed or code != 0
            return f"damaged index: {name}", "\n".join(texts), failed

        def build_with(case):
            name, data = case
            env = dict(os.environ, CARTOFFRE_DATA=str(data))
            code, text = run_code(command, ["index", "--index", work / ("idx-" + data.name),
                                            "--generate", "30"], env=env)
            return f"broken table: {name}", text, code != 0
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for what, text, failed in pool.map(
                    lambda case: case[0](case[1]),
                    [(open_damaged, c) for c in damaged_indexes(index, work)] +
                    [(build_with, c) for c in broken_tables(work)]):
                scan(what, text)
                if not failed:
                    refused.append(what)
        reports = work / "reports"
        reports.mkdir()

        def load(case):
            name, mapping, inputs, _ = case
            report = reports / (name + ".csv")
            text = run(command, ["load", "--index", index, "--mapping", mapping, "--dry-run",
                                 "--report", report, *inputs])
            if report.exists():
                with open(report, newline="", encoding="utf-8") as f:
                    text += "\n" + "\n".join(row["reason"] for row in csv.DictReader(f))
            return name, text
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for name, text in pool.map(load, cases):
                scan(f"load {name}", text)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seen = set()
    for what, line, words in findings:
        if line in seen:
            continue
        seen.add(line)
        print(f"ENGLISH ({what}; {', '.join(words)}): {line}")
    for what in refused:
        print(f"NOT REFUSED ({what}): the command said nothing of the damage")
    print(f"{len(seen)} English messages in {len(cases)} loads, "
          f"{len(query_cases(pathlib.Path('x')))} query errors, damaged indexes, broken tables "
          f"and every --help")
    return 1 if seen or refused else 0


if __name__ == "__main__":
    sys.exit(main())
