"""The field and filter tables reach every format and front end: every filter is an option of
the command, a keyword of Index.search and a name of the type stub; every offer field is a
column of the CSV export, a property of the GeoJSON export, a key of the data·inclusion v1
export, of `show --json` and of Python's to_dict(), with the same value. The tests walk the
tables (cartoffre._cartoffre._query_filters, _offer_fields), so a new field or filter is
covered without a change here."""

import csv
import json
import pathlib
import re
import subprocess

import pytest

import cartoffre
from cartoffre import _cartoffre

STUB = pathlib.Path(__file__).parents[2] / "bindings/python/cartoffre/_cartoffre.pyi"

# A value of each kind of filter, other than the default.
SAMPLES = {"text": "emploi", "codes": [], "number": 0.5, "flag": True, "point": (48.54, 2.66),
           "box": (48.0, 2.0, 49.0, 3.0), "date": "2026-11-24", "moment": "2026-11-24T10:00",
           "profile": {"age": 30}, "enum": None}
ENUMS = {"remote": "exclude", "mode": "inclusive"}
NEAR = ["--near", "Melun", "--radius", "5"]


def run(command, *args):
    done = subprocess.run([command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    assert done.returncode == 0, f"cartoffre {' '.join(args)}: {done.stderr}"
    return done.stdout


def test_every_filter_reaches_the_command(command):
    helps = {sub: run(command, sub, "--help") for sub in ("search", "export")}
    for f in _cartoffre._query_filters():
        for option in f["options"].split():
            for sub, text in helps.items():
                assert re.search(rf"(^|\s){re.escape(option)}\b", text, re.M), (f["name"], sub)


def test_every_filter_is_a_keyword_of_search(generated):
    stub = STUB.read_text(encoding="utf-8")
    signature = stub[stub.index("    def search("):stub.index(") -> Results:")]
    for f in _cartoffre._query_filters():
        name = f["name"]
        value = ENUMS.get(name, SAMPLES[f["kind"]])
        if name == "point":
            kwargs = {"point": value}
        elif name in ("near",):
            kwargs = {"near": "Melun"}
        else:
            kwargs = {name: value}
        generated.search(limit=0, **kwargs)  # no TypeError: the keyword exists
        assert f"{name}:" in signature, f"{name} not in the stub's Index.search"
        assert f"  {name}: " in cartoffre.Index.search.__doc__, name
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        generated.search(colour="blue")


def cell(value):
    """A to_dict() value as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # the shortest form, as the export writes numbers
    return str(value)


@pytest.fixture(scope="module")
def exported(command, index_dirs, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    index = ["--index", str(index_dirs / "real")]
    run(command, "export", *index, *NEAR, "--format", "csv", "--out", str(out / "a.csv"))
    run(command, "export", *index, *NEAR, "--format", "geojson", "--out", str(out / "a.geojson"))
    run(command, "export", *index, *NEAR, "--format", "di-json", "--out", str(out / "v1"))
    with open(out / "a.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    features = json.loads((out / "a.geojson").read_text(encoding="utf-8"))["features"]
    services = json.loads((out / "v1/services.json").read_text(encoding="utf-8"))
    assert len(rows) == len(features) == len(services) > 20
    return rows, features, services


def test_every_field_reaches_every_export(real, exported, command, index_dirs):
    rows, features, services = exported
    fields = [f for f in _cartoffre._offer_fields() if f["origin"] != "index"]
    criteria = _cartoffre._criteria_fields()
    seen = set()
    for row, feature, service in zip(rows, features, services):
        offer = real.get(row["id"]).to_dict()
        assert feature["id"] == service["id"] == row["id"]
        properties = feature["properties"]
        for f in fields:
            name = f["name"]
            assert row[name] == cell(offer[name]), (row["id"], name)
            if offer[name] not in ("", [], None, False):
                seen.add(name)
                assert properties[name] == offer[name], (row["id"], name)
                if f["origin"] != "structure":
                    assert service[name] == offer[name], (row["id"], name)
        for name in criteria:
            assert row[name] == cell(offer["criteres"][name]), (row["id"], name)
            if offer["criteres"][name] not in ("", [], None, False):
                assert properties["criteres"][name] == offer["criteres"][name]
    # The area's real offers fill most fields, so the comparisons above are not all of empties.
    assert len(seen) > 20, seen
    shown = json.loads(run(command, "show", "--index", str(index_dirs / "real"), rows[0]["id"],
                           "--json"))
    assert shown == real.get(rows[0]["id"]).to_dict()
    assert set(shown) == {f["name"] for f in _cartoffre._offer_fields()} | {"criteres"}
    assert set(shown["criteres"]) == set(criteria)


def test_show_and_explain_json_are_the_bindings_dicts(real, index_dirs, cli):
    hit = real.search("emploi", near="Melun", radius_km=20, limit=1).hits[0]
    index = ["--index", str(index_dirs / "real")]
    assert cli("show", *index, hit.offer.id) == hit.offer.to_dict()
    profile = cartoffre.Profile(age=23, statuses=["rsa"], lives_in="Melun")
    explained = real.explain(hit.offer.id, near="Melun", radius_km=20, profile=profile,
                             today="2026-11-26")
    assert cli("explain", *index, hit.offer.id, "--near", "Melun", "--radius", "20", "--age",
               "23", "--status", "rsa", "--lives-in", "Melun", "--today", "2026-11-26") == \
        explained.to_dict()
