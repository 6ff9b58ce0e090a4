"""Index.coverage from Python: rows with to_dict(), the same figures as the command's CSV, area
tables given as dicts, rows or files, and the errors of a bad territory or subject."""

import csv
import io
import json
import math
import subprocess

import pytest

import cartoffre


def test_rows_per_commune_and_subject_with_json_ready_dicts(real):
    cov = real.coverage(departements="23", themes=["mobilite", "trouver-un-emploi"])
    assert cov.subjects == ["mobilite", "trouver-un-emploi"]
    assert len(cov.communes) % 2 == 0 and len(cov.communes) > 200
    row = cov.communes[0]
    assert isinstance(row, cartoffre.CommuneCoverage)
    d = row.to_dict()
    assert d["code"].startswith("23") and d["sujet"] == "mobilite"
    assert d["au_dela_du_rayon"] == (d["offres_dans_le_rayon"] == 0)
    if row.nearest_km is not None:
        assert d["offre_la_plus_proche"] == row.nearest_id
        assert real.get(row.nearest_id) is not None
    json.dumps(cov.to_dict())  # JSON-ready all through
    total = cov.totals[0]
    assert total.level == "territoire" and total.name == "Creuse"
    assert total.population == sum(r.population for r in cov.communes[::2])
    assert total.population_beyond == sum(
        r.population for r in cov.communes[::2] if r.beyond_radius)


def test_the_same_figures_as_the_command(real, index_dirs, command):
    cov = real.coverage(departements="23", themes="mobilite", by="epci")
    done = subprocess.run(
        [command, "coverage", "--index", str(index_dirs / "real"), "--dept", "23", "--theme",
         "mobilite", "--by", "epci", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True)
    rows = {(r["niveau"], r["code"]): r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert len(rows) == len(cov.areas) + len(cov.totals)
    for area in cov.areas + cov.totals:
        r = rows[(area.level, area.code)]
        assert int(r["population_au_dela"]) == area.population_beyond
        assert int(r["offres"]) == area.offers
        if area.median_km is None:
            assert r["distance_mediane_km"] == ""
        else:
            assert math.isclose(float(r["distance_mediane_km"]), area.median_km, abs_tol=0.006)


def test_an_area_table_as_rows_dict_or_file(real, tmp_path):
    rows = [("77288", "sud", "Sud"), ("77186", "sud", "Sud"), ("99999", "nord")]
    cov = real.coverage(communes=["77288", "77186", "77379"], themes="mobilite", areas=rows)
    areas = {a.code: a for a in cov.areas}
    assert areas["sud"].name == "Sud" and areas["sud"].communes == 2
    assert areas[""].name == "hors table" and areas[""].communes == 1
    assert any("99999" in w for w in cov.warnings)
    assert any("77379" in w for w in cov.warnings)
    by_dict = real.coverage(communes=["77288", "77186"], themes="mobilite",
                            areas={"77288": "a", "77186": "b"})
    assert sorted(a.code for a in by_dict.areas) == ["a", "b"]
    table = tmp_path / "zones.csv"
    table.write_text("CODGEO;ZE2020\n77288;1109\n77186;1110\n", encoding="utf-8")
    by_file = real.coverage(communes=["77288", "77186"], themes="mobilite", areas=table)
    assert sorted(a.code for a in by_file.areas) == ["1109", "1110"]


def test_offer_side_counts_and_gaps(real):
    cov = real.coverage(departements="77", themes="trouver-un-emploi", by="departement")
    (side,) = cov.offer_side
    assert side["code"] == "77"
    assert side["offres"] == sum(side["par_source"].values())
    assert set(side["par_categorie"]).isdisjoint(side["categories_sans_offre"])
    assert len(side["par_categorie"]) + len(side["categories_sans_offre"]) == 16


def test_a_person_never_finds_more_than_everyone(generated):
    everyone = generated.coverage(departements="77", themes="se-former")
    person = generated.coverage(departements="77", themes="se-former",
                                profile={"age": 17, "statuses": ["rsa"]}, today="2026-12-07")
    for a, b in zip(everyone.communes, person.communes):
        assert b.within_radius <= a.within_radius
        if a.nearest_km is not None and b.nearest_km is not None:
            assert b.nearest_km >= a.nearest_km - 1e-9


def test_bad_territory_or_subject_raise(real):
    with pytest.raises(cartoffre.PlaceError):
        real.coverage(departements="100")
    with pytest.raises(cartoffre.QueryError):
        real.coverage(departements="23", themes="mobilte")
    with pytest.raises(cartoffre.QueryError):
        real.coverage(departements="23", regions="75")
    with pytest.raises(cartoffre.QueryError):
        real.coverage(departements="23", by="canton")
