#!/usr/bin/env python3
"""Every message the command shows a user is French (issue 16).

Runs `cartoffre` over a corpus of errors and notices and scans what it says for English:
- `--help` of the command and of every subcommand;
- usage errors (a missing value, an unknown option, a bad choice, a bad number);
- places, filters' codes, profile values, dates and a missing index that cannot be used;
- the load of every broken file of tests/cli_broken_files_test.py (its corpus, made from the
  real catalogues), with `--dry-run`: the command's output and errors, and the reasons of the
  load report (CSV).

The scan takes out what is not a sentence (paths and file names, quoted values, options,
codes and field names) and looks for English words that no French sentence uses ("the", "not",
"missing", "cannot", "expected"...). Usage: cli_french_test.py CARTOFFRE_COMMAND. Prints each
English message found with what produced it; exits non-zero when any.
"""
import concurrent.futures
import csv
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
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


def run(command, args, env=None, timeout=120):
    done = subprocess.run([command, *map(str, args)], capture_output=True, text=True,
                          errors="replace", timeout=timeout, env=env)
    return done.stdout + done.stderr


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
    print(f"{len(seen)} English messages in {len(cases)} loads, "
          f"{len(query_cases(pathlib.Path('x')))} query errors and every --help")
    return 1 if seen else 0


if __name__ == "__main__":
    sys.exit(main())
