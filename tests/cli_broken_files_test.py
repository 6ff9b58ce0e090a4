#!/usr/bin/env python3
"""Broken-file corpus: over a hundred broken inputs, derived at test time from the real SIAE
CSV and the real data·inclusion JSON of ../shared/data/catalogues (never copied into the
repository), a GeoJSON made from the SIAE rows, and hand-made files and mappings. Each is loaded
into a real index with `cartoffre load` (or `cartoffre index` for data·inclusion v1 files), and
the load contract is checked (tools/cli/load_commands.hpp):

- either the load succeeds (exit 0, or 6 when rows are rejected) with every row accounted for:
  rows read = loaded + out of scope (the mapping's row filters) + rejected per file, loaded = new
  + changed + unchanged + rejected by the index, every rejected row in the report, every row
  left out of scope counted there, at least one row taken, no more than 20 % of the
  source removed, and the index's offers counted accordingly;
- or it fails (exit 1, 3 or 7: never a crash, a signal or 0) with a message naming the file, and
  the index exactly as it was: same generation in CURRENT, same directory entries, same
  `cartoffre stats`.

Usage: cli_broken_files_test.py CARTOFFRE_COMMAND. Prints one line per failed check and the
counts; exits non-zero when any check failed.
"""
import concurrent.futures
import csv
import gzip
import io
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = pathlib.Path(os.environ.get("CARTOFFRE_SHARED_DATA", REPO.parent / "shared" / "data"))
CATALOGUES = SHARED / "catalogues"
SIAE_CSV = CATALOGUES / "siae_les_emplois_fixture_2023.csv"
DI_JSON = CATALOGUES / "data_inclusion_services_sample_2022.json.gz"
DI_JOIN = CATALOGUES / "mednum_data_inclusion_2022.json.gz"
MAPPINGS = REPO / "data" / "mappings"
WORKERS = 4
SIAE_ROWS = 1200

SUMMARY = re.compile(r"^(\S+) \((.*)\) : (\d+) lignes lues, (\d+) chargées \(dont \d+ avec "
                     r"avertissement\), (\d+) rejetées(?:, (\d+) hors champ)?", re.M)
UPDATE = re.compile(r"^Source (\S+) : (\d+) nouvelles, (\d+) modifiées, (\d+) inchangées, "
                    r"(\d+) retirées, (\d+) rejetées à l'indexation", re.M)
BUILD = re.compile(r"^Index .*, génération \S+ : (\d+) offres lues, (\d+) chargées, "
                   r"(\d+) rejetées(?:, (\d+) hors champ)?", re.M)
OFFERS = re.compile(r"^Index .*, génération \S+ : (\d+) offres", re.M)


class Corpus:
    """The broken inputs: (name, mapping, input files, command) tuples, made in `work`."""

    def __init__(self, work: pathlib.Path):
        self.work = work
        self.cases = []
        self.rng = random.Random(14)
        # The SIAE file's first 1,200 rows as they are: the source every CSV case reloads (the
        # whole file makes each successful reload three times longer, for no other case).
        self.siae = b"".join(SIAE_CSV.read_bytes().splitlines(keepends=True)[:SIAE_ROWS + 1])
        self.siae_base = self.write("siae_base.csv", self.siae)
        rows = list(csv.reader(io.StringIO(self.siae.decode("utf-8"), newline="")))
        self.header, self.rows = rows[0], rows[1:]
        services = json.loads(gzip.decompress(DI_JSON.read_bytes()))
        self.services = services[:400]
        (work / DI_JOIN.name).symlink_to(DI_JOIN)  # the join reads it next to the services
        self.di_base = self.write("di_base.json", json.dumps(self.services).encode())
        self.geo_base = self.write("geo_base.geojson", self.geojson(self.rows[:300]))
        self.geo_mapping = self.write("geo.json", json.dumps({
            "source": "corpus-geo", "read": {"format": "geojson"}, "id": "{id}",
            "fields": {"nom": "{nom}", "commune": "{commune}", "code_postal": "{cp}"},
            "constants": {"modes_accueil": "en-presentiel"}}).encode())

    def write(self, name: str, data: bytes) -> pathlib.Path:
        path = self.work / name
        path.write_bytes(data)
        return path

    def csv_bytes(self, rows, header=None) -> bytes:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows([header or self.header] + rows)
        return out.getvalue().encode("utf-8")

    def geojson(self, rows, edit=None) -> bytes:
        h = self.header
        features = []
        for r in rows:
            feature = {"type": "Feature",
                       "geometry": {"type": "Point", "coordinates": [
                           float(r[h.index("longitude")] or 0), float(r[h.index("latitude")] or 0)]},
                       "properties": {"id": r[h.index("pk")], "nom": r[h.index("name")],
                                      "commune": r[h.index("city")], "cp": r[h.index("post_code")]}}
            features.append(edit(feature) if edit else feature)
        return json.dumps({"type": "FeatureCollection", "features": features}).encode()

    def add(self, name, data, mapping="siae", suffix=".csv"):
        mapping_path = {"siae": MAPPINGS / "siae.json",
                        "di": MAPPINGS / "data_inclusion_services.json",
                        "geo": self.geo_mapping}.get(mapping, mapping)
        path = data if isinstance(data, pathlib.Path) else self.write(name + suffix, data)
        self.cases.append((name, pathlib.Path(mapping_path), [path], "load"))

    def edited_rows(self, edit, count=None):
        rows = [list(r) for r in self.rows[:count]] if count else [list(r) for r in self.rows]
        edit(rows)
        return self.csv_bytes(rows)

    def make(self):
        self.siae_cases()
        self.mapping_cases()
        self.json_cases()
        self.geojson_cases()
        return self.cases

    def siae_cases(self):
        data, h = self.siae, self.header
        header_end = data.index(b"\n") + 1
        offsets = [1, 10, header_end - 5, header_end - 1, header_end, header_end + 3]
        offsets += [int(len(data) * f) for f in (0.02, 0.1, 0.3, 0.5, 0.7, 0.79, 0.81, 0.85,
                                                    0.9, 0.95, 0.99)]
        offsets += [data.index(b'"', header_end) + 1] if b'"' in data[header_end:] else []
        offsets += [len(data) - 1, len(data) - 2]
        for k in offsets:
            self.add(f"siae_cut_{k}", data[:k])
        self.add("siae_header_only", data[:header_end])
        self.add("siae_header_no_newline", data[:header_end - 1])
        self.add("siae_empty", b"")
        self.add("siae_newlines_only", b"\n\n\n")
        self.add("siae_bom_header_only", b"\xef\xbb\xbf" + data[:header_end])
        self.add("siae_bom", b"\xef\xbb\xbf" + data)
        self.add("siae_cr_only", data.replace(b"\n", b"\r"))
        self.add("siae_crlf", data.replace(b"\n", b"\r\n"))
        self.add("siae_mixed_ends", data.replace(b"\n", b"\r", 200))
        self.add("siae_all_nul", b"\0" * 50000)
        self.add("siae_nul_in_row", data[:5000] + b"\0" + data[5000:])
        self.add("siae_nul_tail", data + b"\0" * 100)
        self.add("siae_nul_every_other", bytes(b for c in data[:30000] for b in (c, 0)))
        text = data.decode("utf-8")
        self.add("siae_utf16le_bom", text.encode("utf-16"))
        self.add("siae_utf16be", text.encode("utf-16-be"))
        self.add("siae_utf32", text.encode("utf-32"))
        self.add("siae_latin1", text.encode("latin-1", "replace"))
        self.add("siae_cp1252_header", text.encode("cp1252", "replace"))
        self.add("siae_random_bytes", bytes(self.rng.randrange(256) for _ in range(20000)))
        self.add("siae_gzip_named_csv", gzip.compress(data))
        self.add("siae_png", b"\x89PNG\r\n\x1a\n" + bytes(1000))
        self.add("siae_json_in_csv", json.dumps(self.rows[:50]).encode())
        # Quotes.
        lines = data.split(b"\n")
        self.add("siae_unclosed_quote_row5",
                 b"\n".join(lines[:5] + [lines[5].replace(b",", b',"', 1)] + lines[6:]))
        self.add("siae_unclosed_quote_last", data.rstrip(b"\n") + b',"oops\n')
        self.add("siae_stray_quote", b"\n".join(
            lines[:9] + [lines[9].replace(b",", b',ab"cd', 1)] + lines[10:]))
        self.add("siae_unclosed_quote_header", data.replace(b"pk,", b'"pk,', 1))
        # Columns.
        self.add("siae_extra_column_row", self.edited_rows(lambda r: r[3].append("extra")))
        self.add("siae_missing_columns_row", self.edited_rows(lambda r: r.__setitem__(4, r[4][:3])))
        self.add("siae_missing_last_column_all", self.csv_bytes(
            [r[:-1] for r in self.rows], h[:-1]))
        self.add("siae_renamed_siret", self.csv_bytes(
            self.rows, [c if c != "siret" else "numero" for c in h]))
        self.add("siae_renamed_name_brand", self.csv_bytes(
            self.rows, [c if c not in ("name", "brand") else c + "_x" for c in h]))
        self.add("siae_duplicate_header_columns", self.csv_bytes(self.rows, h[:-1] + ["pk"]))
        self.add("siae_semicolons", data.replace(b",", b";"))
        self.add("siae_tabs", data.replace(b",", b"\t"))
        # Ids.
        self.add("siae_duplicate_row", self.csv_bytes(self.rows + self.rows[:1]))
        self.add("siae_file_twice", self.csv_bytes(self.rows + self.rows))
        self.add("siae_empty_ids", self.edited_rows(lambda r: [
            x.__setitem__(h.index("siret"), "") or x.__setitem__(h.index("pk"), "")
            for x in r[:10]]))
        self.add("siae_control_ids", self.edited_rows(lambda r: [
            r[i].__setitem__(h.index("siret"), bad)
            for i, bad in enumerate(["a\nb", "\x1b[2J", "<b>x</b>", "\x00z", "t\tab"])]))
        self.add("siae_empty_names", self.edited_rows(lambda r: [
            x.__setitem__(h.index("name"), "") or x.__setitem__(h.index("brand"), "")
            for x in r[:25]]))
        # Coordinates.
        lat, lon = h.index("latitude"), h.index("longitude")

        def coordinates(name, change, count=40):
            self.add(name, self.edited_rows(lambda r: [change(x) for x in r[:count]]))
        coordinates("siae_decimal_comma", lambda x: x.__setitem__(lat, x[lat].replace(".", ",")))
        coordinates("siae_zero_zero", lambda x: (x.__setitem__(lat, "0"), x.__setitem__(lon, "0")))
        coordinates("siae_swapped", lambda x: (x.__setitem__(lat, x[lon]), x.__setitem__(lon, x[lat])))
        coordinates("siae_out_of_france", lambda x: x.__setitem__(lat, "78.2"))
        coordinates("siae_not_numbers", lambda x: x.__setitem__(lat, "nord"))
        coordinates("siae_nan_inf", lambda x: (x.__setitem__(lat, "nan"), x.__setitem__(lon, "inf")))
        coordinates("siae_huge_coordinates", lambda x: x.__setitem__(lat, "1e308"))
        coordinates("siae_all_coordinates_gone", lambda x: (x.__setitem__(lat, ""),
                                                            x.__setitem__(lon, "")), None)
        # Huge fields and lines.
        self.add("siae_huge_name", self.edited_rows(lambda r: r[0].__setitem__(2, "N" * 1_000_000)))
        self.add("siae_huge_field_10mb", self.edited_rows(
            lambda r: r[1].__setitem__(h.index("website"), "w" * 10_000_000)))
        self.add("siae_long_line_no_newline", data[:header_end] + b"x" * 3_000_000)
        self.add("siae_many_columns_header", b",".join(b"c%d" % i for i in range(20000)) + b"\n")
        # Not files.
        directory = self.work / "a_directory.csv"
        directory.mkdir()
        self.add("siae_directory", directory)
        self.add("siae_missing_file", self.work / "no_such_file.csv")
        self.add("siae_dev_null", pathlib.Path("/dev/null"))

    def mapping_cases(self):
        siae = json.loads((MAPPINGS / "siae.json").read_text())

        def mapping(name, change=None, raw=None):
            m = json.loads(json.dumps(siae))
            if change:
                change(m)
            path = self.write(name + ".json", raw if raw is not None else json.dumps(m).encode())
            self.cases.append((name, path, [self.siae_base], "load"))
        mapping("map_id_missing_column", lambda m: m.__setitem__("id", "{no_column}"))
        mapping("map_nom_missing_column", lambda m: m["fields"].__setitem__("nom", "{no_column}"))
        mapping("map_unclosed_template", lambda m: m.__setitem__("id", "{siret"))
        mapping("map_empty_template", lambda m: m.__setitem__("id", "{}"))
        mapping("map_id_constant", lambda m: m.__setitem__("id", "same"))
        mapping("map_unknown_format", lambda m: m["read"].__setitem__("format", "xlsx2"))
        mapping("map_json_format_on_csv", lambda m: m["read"].__setitem__("format", "json"))
        mapping("map_wrong_separator", lambda m: m["read"].__setitem__("separator", ";"))
        mapping("map_unknown_encoding", lambda m: m["read"].__setitem__("encoding", "EBCDIC"))
        mapping("map_no_source", lambda m: m.pop("source"))
        mapping("map_source_traversal", lambda m: m.__setitem__("source", "../../x"))
        mapping("map_source_newline", lambda m: m.__setitem__("source", "si\nae"))
        mapping("map_source_upper", lambda m: m.__setitem__("source", "SIAE"))
        mapping("map_unknown_field", lambda m: m["fields"].__setitem__("inconnu", "{name}"))
        mapping("map_unknown_constant_code",
                lambda m: m["constants"].__setitem__("thematiques", "pas-un-code"))
        mapping("map_tous_publics_all",
                lambda m: m["constants"].__setitem__("publics", ["tous-publics", "jeunes"]))
        mapping("map_tous_publics_ea", lambda m: m["values"].append(
            {"column": "kind", "map": {"EA": {"publics": "tous-publics"}}}))
        mapping("map_bad_zone", lambda m: m["constants"].__setitem__("zone_eligibilite", "99999"))
        mapping("map_invalid_json", raw=b'{"source": "siae", ')
        # Row filters: some rows out of scope (counted), a filter on a missing column, all out.
        mapping("map_rows_drop_etti", lambda m: m.__setitem__(
            "rows", [{"column": "kind", "drop": ["ETTI"]}]))
        mapping("map_rows_pattern", lambda m: m.__setitem__(
            "rows", [{"column": "kind", "keep": {"pattern": "A.*|EI"}}]))
        mapping("map_rows_missing_column", lambda m: m.__setitem__(
            "rows", [{"column": "no_column", "keep": ["ACI"]}]))
        mapping("map_rows_all_out", lambda m: m.__setitem__(
            "rows", [{"column": "kind", "keep": ["none"]}]))
        mapping("map_rows_bad_pattern", lambda m: m.__setitem__(
            "rows", [{"column": "kind", "keep": {"pattern": "(ACI"}}]))
        mapping("map_not_object", raw=b"[1, 2, 3]")
        mapping("map_empty_file", raw=b"")
        mapping("map_utf16", raw=json.dumps(siae).encode("utf-16"))

    def json_cases(self):
        base = json.dumps(self.services).encode()
        for f in (0.0005, 0.1, 0.5, 0.85, 0.97, 0.9999):
            self.add(f"di_cut_{f}", base[:int(len(base) * f)], "di", ".json")
        self.add("di_empty_array", b"[]", "di", ".json")
        self.add("di_empty_file", b"", "di", ".json")
        self.add("di_object", b'{"id": "x"}', "di", ".json")
        self.add("di_null", b"null", "di", ".json")
        self.add("di_not_json", b"id,nom\n1,a\n", "di", ".json")
        self.add("di_trailing_garbage", base + b"]]]", "di", ".json")
        self.add("di_utf16", base.decode().encode("utf-16"), "di", ".json")
        self.add("di_nul", base[:1000] + b"\0" + base[1000:], "di", ".json")
        self.add("di_bom", b"\xef\xbb\xbf" + base, "di", ".json")

        def services(name, change):
            s = json.loads(json.dumps(self.services))
            change(s)
            self.add(name, json.dumps(s).encode(), "di", ".json")
        services("di_missing_ids", lambda s: [x.pop("id") for x in s[:30]])
        services("di_numeric_ids", lambda s: [x.__setitem__("id", 12345 + i) for i, x in enumerate(s[:30])])
        services("di_object_names", lambda s: [x.__setitem__("nom", {"a": 1}) for x in s[:30]])
        services("di_duplicate_ids", lambda s: s.extend(s[:20]))
        services("di_records_not_objects", lambda s: s.__setitem__(slice(0, 10), [1, "x", None] * 3 + [[]]))
        services("di_huge_description", lambda s: s[0].__setitem__("presentation_resume", "d" * 5_000_000))
        services("di_markup_ids", lambda s: [x.__setitem__("id", "<i>" + str(i) + "</i>") for i, x in enumerate(s[:10])])

    def geojson_cases(self):
        rows = self.rows[:300]
        self.add("geo_valid_reload", self.geojson(rows), "geo", ".geojson")
        base = self.geojson(rows)
        for f in (0.01, 0.5, 0.99):
            self.add(f"geo_cut_{f}", base[:int(len(base) * f)], "geo", ".geojson")
        self.add("geo_no_features", b'{"type": "FeatureCollection", "features": []}', "geo", ".geojson")
        self.add("geo_features_not_list", b'{"type": "FeatureCollection", "features": {}}', "geo", ".geojson")
        self.add("geo_not_collection", b'{"type": "Point", "coordinates": [2, 48]}', "geo", ".geojson")

        def features(name, edit):
            self.add(name, self.geojson(rows, edit), "geo", ".geojson")
        features("geo_null_geometry", lambda f: {**f, "geometry": None})
        features("geo_swapped", lambda f: {**f, "geometry": {"type": "Point", "coordinates":
                                                             f["geometry"]["coordinates"][::-1]}})
        features("geo_zero_zero", lambda f: {**f, "geometry": {"type": "Point", "coordinates": [0, 0]}})
        features("geo_string_coordinates", lambda f: {**f, "geometry": {
            "type": "Point", "coordinates": [str(c) for c in f["geometry"]["coordinates"]]}})
        features("geo_polygon", lambda f: {**f, "geometry": {"type": "Polygon", "coordinates": [
            [[2, 48], [2.1, 48], [2.1, 48.1], [2, 48]]]}})
        features("geo_no_properties", lambda f: {"type": "Feature", "geometry": f["geometry"]})
        features("geo_out_of_france", lambda f: {**f, "geometry": {"type": "Point", "coordinates": [-70, 40]}})


def run(command, args, timeout=120):
    done = subprocess.run([command, *map(str, args)], capture_output=True, text=True,
                          errors="replace", timeout=timeout)
    return done.returncode, done.stdout, done.stderr


class Checker:
    """Loads cases into `index`; data·inclusion v1 cases rebuild `v1_index` (`cartoffre index`
    replaces every source: it gets an index of its own)."""

    def __init__(self, command: str, index: pathlib.Path, v1_index: pathlib.Path,
                 reports: pathlib.Path):
        self.command, self.loaded, self.v1_index, self.reports = command, index, v1_index, reports
        self.index = index
        self.failures = []
        self.known = {}  # index -> its state after the last case (nothing else changes it)
        self.times = []  # (seconds, case) of each command

    def state(self):
        current = (self.index / "CURRENT").read_text()
        entries = sorted(e for e in os.listdir(self.index) if e != "LOCK")
        rc, out, err = run(self.command, ["stats", "--index", self.index, "--today", "2026-12-01"])
        lines = [l for l in out.splitlines() if l.startswith("Index") or re.match(r"^  [a-z]", l)]
        return current, entries, rc, lines

    def total(self, state):
        return int(OFFERS.search(state[3][0]).group(1))

    def fail(self, name, why, out="", err=""):
        self.failures.append(f"FAIL {name}: {why}\n    stdout: {out[-600:]!r}\n    stderr: {err[-600:]!r}")

    def check(self, case):
        name, mapping, inputs, kind = case
        self.index = self.loaded if kind == "load" else self.v1_index
        before = self.known.get(self.index) or self.state()
        report = self.reports / (name + ".csv")
        if kind == "load":
            args = ["load", "--index", self.index, "--mapping", mapping, "--report", report, *inputs]
        else:
            args = ["index", "--index", self.index, "--report", report.with_suffix(""), *inputs]
        started = time.monotonic()
        try:
            rc, out, err = run(self.command, args)
        except subprocess.TimeoutExpired:
            return self.fail(name, "no answer in 120 s")
        self.times.append((time.monotonic() - started, name))
        after = self.known[self.index] = self.state()
        if rc in (0, 6):
            self.check_success(name, kind, rc, out, err, report, before, after)
        else:
            self.check_failure(name, rc, out, err, [mapping, *inputs], before, after)
        return rc

    def check_failure(self, name, rc, out, err, files, before, after):
        if rc not in (1, 3, 7):
            self.fail(name, f"exit {rc}: not an error the contract allows", out, err)
        names = [str(f) for f in files if f] + [f.name for f in files if f]
        if not any(n in out + err for n in names):
            self.fail(name, f"exit {rc} without naming the file", out, err)
        if after != before:
            self.fail(name, f"exit {rc} but the index changed: {before[0]!r} -> {after[0]!r}",
                      out, err)

    def check_success(self, name, kind, rc, out, err, report, before, after):
        files = SUMMARY.findall(out)
        read = loaded = rejected = out_of_scope = 0
        for source, file, r, l, j, h in files:
            r, l, j, h = int(r), int(l), int(j), int(h or 0)
            if r != l + h + j:
                self.fail(name, f"{file}: {r} read but {l} loaded, {h} out of scope and {j} "
                                f"rejected", out, err)
            read, loaded, rejected = read + r, loaded + l, rejected + j
            out_of_scope += h
        if kind == "load":
            update = UPDATE.search(out)
            if not update or not files:
                return self.fail(name, f"exit {rc} without counts", out, err)
            added, changed, unchanged, removed, index_rejected = map(int, update.groups()[1:])
            if loaded != added + changed + unchanged + index_rejected:
                self.fail(name, f"{loaded} loaded but {added}+{changed}+{unchanged} taken and "
                                f"{index_rejected} rejected by the index", out, err)
            previous = changed + unchanged + removed
            if removed * 100 > 20 * previous:
                self.fail(name, f"{removed} of {previous} removed without --allow-shrink", out, err)
            if self.total(after) != self.total(before) + added - removed:
                self.fail(name, f"{self.total(before)} + {added} - {removed} offers expected, "
                                f"{self.total(after)} in the index", out, err)
            reports = [report]
        else:
            build = BUILD.search(out)
            if not build:
                return self.fail(name, f"exit {rc} without counts", out, err)
            read, loaded_all, rejected_all = map(int, build.groups()[:3])
            if (read != loaded_all + int(build.group(4) or 0) + rejected_all
                    or self.total(after) != loaded_all):
                self.fail(name, f"{read} read, {loaded_all} loaded, {rejected_all} rejected, "
                                f"{self.total(after)} in the index", out, err)
            added, changed, unchanged, index_rejected = loaded_all, 0, 0, rejected_all - rejected
            reports = list(report.with_suffix("").glob("*.csv"))
        if added + changed + unchanged == 0:
            self.fail(name, f"exit {rc} with no row taken", out, err)
        listed = listed_out = 0
        for file in reports:
            with open(file, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    listed += row["status"] == "rejected"
                    if row["status"] == "out-of-scope":
                        listed_out += int(re.search(r"(\d+) lignes", row["reason"]).group(1))
        if listed_out != out_of_scope:
            self.fail(name, f"{listed_out} rows out of scope in the report, {out_of_scope} said",
                      out, err)
        if listed != rejected + index_rejected:
            self.fail(name, f"{listed} rejected rows in the report, {rejected} + "
                            f"{index_rejected} rejected", out, err)
        if (rc == 6) != (rejected + index_rejected > 0):
            self.fail(name, f"exit {rc} with {rejected + index_rejected} rows rejected", out, err)


def v1_cases(command, work: pathlib.Path, index: pathlib.Path):
    """Broken data·inclusion v1 pairs, from an export of the base index."""
    export = work / "v1export"
    rc, out, err = run(command, ["export", "--index", index, "--format", "di-json", "--out", export])
    assert rc == 0, err
    structures = (export / "structures.json").read_bytes()
    services_bytes = (export / "services.json").read_bytes()
    services = json.loads(services_bytes)
    cases = []

    def pair(name, structures_data, services_data):
        d = work / name
        d.mkdir()
        (d / "structures.json").write_bytes(structures_data)
        (d / "services.json").write_bytes(services_data)
        cases.append((name, None, [d / "structures.json", d / "services.json"], "v1"))

    def edited(name, change):
        s = json.loads(services_bytes)
        change(s)
        pair(name, structures, json.dumps(s).encode())
    pair("v1_valid", structures, services_bytes)
    pair("v1_services_cut", structures, services_bytes[:len(services_bytes) // 2])
    pair("v1_structures_cut", structures[:len(structures) // 3], services_bytes)
    pair("v1_empty_services", structures, b"[]")
    pair("v1_empty_files", b"", b"")
    pair("v1_utf16", structures, services_bytes.decode().encode("utf-16"))
    edited("v1_tous_publics", lambda s: s[0].__setitem__("publics", ["tous-publics", "jeunes"]))
    edited("v1_unknown_theme", lambda s: [x.__setitem__("thematiques", ["pas-un-theme"]) for x in s[:5]])
    edited("v1_all_bad", lambda s: [x.__setitem__("thematiques", ["pas-un-theme"]) for x in s])
    edited("v1_bad_latitude", lambda s: [x.__setitem__("latitude", 123.0) for x in s[:5]])
    edited("v1_control_id", lambda s: s[0].__setitem__("id", "a\u0007b"))
    edited("v1_bad_source", lambda s: s[1].__setitem__("source", "../x"))
    return cases


def main():
    command = sys.argv[1]
    started = time.monotonic()
    # In memory when the machine has /dev/shm: each load syncs its generation to disk (fsync),
    # which on a busy disk costs seconds, and what is tested here is not the disk.
    shm = pathlib.Path("/dev/shm")
    memory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = pathlib.Path(tempfile.mkdtemp(prefix="cartoffre-corpus-", dir=memory))
    try:
        corpus = Corpus(work)
        cases = [c for c in corpus.make() if c[3] == "load"]
        base = work / "base"
        rc, out, err = run(command, [
            "index", "--index", base, "--mapping", f"{MAPPINGS / 'siae.json'}={corpus.siae_base}",
            "--mapping", f"{MAPPINGS / 'data_inclusion_services.json'}={corpus.di_base}",
            "--mapping", f"{corpus.geo_mapping}={corpus.geo_base}"], timeout=300)
        assert rc in (0, 6), f"base index: exit {rc}\n{out}\n{err}"
        # Copies of the base, each loaded by one worker: the cases of a worker run in turn. A
        # load spends much of its time waiting for fsync: four workers overlap the waits.
        checkers = []
        for k in range(WORKERS):
            shutil.copytree(base, work / f"index{k}")
            shutil.copytree(base, work / f"v1index{k}")
            (work / f"reports{k}").mkdir()
            checkers.append(Checker(command, work / f"index{k}", work / f"v1index{k}",
                                    work / f"reports{k}"))
        cases += v1_cases(command, work, base)
        shares = [cases[k::WORKERS] for k in range(WORKERS)]
        outcomes = {}

        def worker(k):
            for case in shares[k]:
                outcomes[case[0]] = checkers[k].check(case)
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(worker, range(WORKERS)))
        failures = [f for c in checkers for f in c.failures]
        for f in failures:
            print(f)
        by_code = {}
        for code in outcomes.values():
            by_code[code] = by_code.get(code, 0) + 1
        print(f"{len(cases)} broken inputs in {time.monotonic() - started:.0f} s; exit codes: "
              + ", ".join(f"{c}: {n}" for c, n in sorted(by_code.items())))
        slowest = sorted((t for c in checkers for t in c.times), reverse=True)[:4]
        print("slowest: " + ", ".join(f"{name} {seconds:.1f} s" for seconds, name in slowest))
        print(f"{len(cases) - len({f.split(':')[0] for f in failures})} passed, "
              f"{len({f.split(':')[0] for f in failures})} failed")
        return 1 if failures or len(cases) < 100 else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
