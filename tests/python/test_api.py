"""The Python API on the generated and real indexes: what a portal reads, checked against the
library's own answers by other routes (facets against filtered searches, pages against one long
page, get against hits, the place against the geography)."""

import datetime
import json
import os
import pathlib

import pytest

import cartoffre

TODAY = datetime.date(2026, 11, 26)


def ids(results):
    return [hit.offer.id for hit in results]


def test_index_opens_from_str_and_pathlike(index_dirs, generated):
    again = cartoffre.Index.open(str(index_dirs / "generated"))
    assert isinstance(index_dirs / "generated", os.PathLike)
    assert again.size == generated.size == len(generated)
    assert 19000 <= generated.size <= 20000  # a few generated offers may be rejected
    assert again.generation == generated.generation != ""
    assert "cartoffre.Index" in repr(generated)


def test_a_search_reads_like_python(generated):
    res = generated.search("emploi", near="Lyon", radius_km=20, limit=7, today=TODAY)
    assert isinstance(res, cartoffre.Results)
    assert res.total > 7 and len(res) == 7 and len(res.hits) == 7
    assert [h.offer.id for h in res.hits] == ids(res)
    assert isinstance(res.next_cursor, str)
    assert res.place.kind == "commune" and res.place.label == "Lyon (69)"
    # Lyon covers its nine arrondissements.
    codes = {c["code"] for c in res.place.communes}
    assert "69123" in codes and {f"6938{i}" for i in range(1, 10)} <= codes
    for hit in res:
        assert hit.verdict is None and hit.reasons == []
        assert hit.distance_km is None or 0 <= hit.distance_km <= 20
        offer = hit.offer
        assert offer.name == offer.nom and offer.id.startswith(offer.source + "--")
        assert isinstance(offer.thematiques, list)
        if offer.latitude is not None:
            assert offer.location == (offer.latitude, offer.longitude)
        assert isinstance(offer.criteria.statuses_required, list)


def test_distance_order_and_radius(generated):
    res = generated.search(near="Marseille", radius_km=8, sort="distance", remote="exclude",
                           limit=50)
    distances = [h.distance_km for h in res]
    assert distances and all(d is not None for d in distances)
    assert distances == sorted(distances) and distances[-1] <= 8


def test_get_returns_the_offer_of_a_hit(generated):
    hit = generated.search("formation", limit=1).hits[0]
    offer = generated.get(hit.offer.id)
    assert offer.to_dict() == hit.offer.to_dict()
    assert generated.get("gen--no-such-offer") is None


def test_hits_outlive_their_results(generated):
    hits = generated.search("logement", limit=5).hits
    offers = [h.offer for h in hits]
    del hits
    assert all(o.id for o in offers)  # the page is kept alive by what was taken from it


def test_facets_count_what_a_filtered_search_finds(generated):
    res = generated.search(near="Toulouse", radius_km=30, limit=0)
    assert len(res) == 0 and res.total > 0
    assert set(res.facets) == {"categories", "types", "frais", "publics", "kinds"}
    for facet in res.facets["categories"][:4]:
        assert set(facet) == {"code", "label", "count"} and facet["label"]
        narrowed = generated.search(near="Toulouse", radius_km=30, themes=[facet["code"]],
                                    limit=0)
        assert narrowed.total == facet["count"]
    for facet in res.facets["frais"]:
        narrowed = generated.search(near="Toulouse", radius_km=30, frais=facet["code"], limit=0)
        assert narrowed.total == facet["count"]


def test_the_cursor_covers_every_offer_exactly_once(generated):
    query = dict(text="accompagnement", near="Paris", radius_km=25, today=TODAY)
    whole = generated.search(**query, limit=1000)
    assert whole.next_cursor is None and len(whole) == whole.total > 60
    seen, cursor, pages = [], None, 0
    while True:
        page = generated.search(**query, limit=17, cursor=cursor)
        assert page.total == whole.total
        seen += ids(page)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == -(-whole.total // 17)
    assert seen == ids(whole) and len(set(seen)) == len(seen)


def test_codes_take_any_iterable_in_any_order(generated):
    a = generated.search(near="Lille", themes={"mobilite", "numerique"}, limit=30)
    b = generated.search(near="Lille", themes=["numerique", "mobilite"], limit=30)
    c = generated.search(near="Lille", themes=("mobilite", "numerique", "mobilite"), limit=30)
    assert ids(a) == ids(b) == ids(c) and a.total == b.total
    assert a.next_cursor == b.next_cursor
    one = generated.search(near="Lille", themes="mobilite", limit=0)
    assert one.total == generated.search(near="Lille", themes=["mobilite"], limit=0).total


def test_a_point_is_the_same_place_as_its_text(generated):
    melun = generated.resolve_place("Melun").origins[0]
    by_point = generated.search(point=melun, radius_km=10, sort="distance", limit=100)
    by_text = generated.search(near=f"{melun[0]},{melun[1]}", radius_km=10, sort="distance", limit=100)
    assert by_point.total == by_text.total and ids(by_point) == ids(by_text)


def test_a_viewport_keeps_the_offers_inside(generated):
    # Oracle: the offers a viewport keeps are the located in-person offers (en-presentiel, or no
    # mode said) inside it, picked from every offer of the index, page after page.
    box = (48.45, 2.55, 48.65, 2.75)  # around Melun
    inside = generated.search(bbox=box, limit=1000)
    assert 0 < inside.total == len(inside)
    everything, cursor = [], None
    while True:
        page = generated.search(limit=1000, cursor=cursor)
        everything += page.hits
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(everything) == generated.size

    def in_person_inside(offer):
        return (offer.location and 48.45 <= offer.location[0] <= 48.65
                and 2.55 <= offer.location[1] <= 2.75
                and (not offer.modes_accueil or "en-presentiel" in offer.modes_accueil))

    expected = sorted(h.offer.id for h in everything if in_person_inside(h.offer))
    assert sorted(ids(inside)) == expected


def test_a_profile_gives_verdicts_and_reasons(generated):
    person = cartoffre.Profile(age=23, statuses={"rsa"}, lives_in="Melun", permis=False)
    strict = generated.search(near="Melun", radius_km=30, profile=person, today=TODAY, limit=200)
    inclusive = generated.search(near="Melun", radius_km=30, profile=person, today=TODAY,
                                 mode="inclusive", limit=1000)
    assert strict.total <= inclusive.total
    assert all(h.verdict in ("no-criteria", "eligible", "to-check") for h in strict)
    verdicts = [h.verdict for h in inclusive]
    assert "ineligible" in verdicts
    # Ineligible offers come last in inclusive mode.
    first_ineligible = verdicts.index("ineligible")
    assert set(verdicts[first_ineligible:]) == {"ineligible"}
    assert "no-criteria" in verdicts
    for hit in inclusive:
        if hit.verdict == "no-criteria":
            continue  # an offer open to all has no criterion to give, perhaps its places
        assert hit.reasons, hit.offer.id
        if hit.verdict == "eligible":  # says why: a criterion on the person met
            assert any(r.outcome == "eligible" for r in hit.reasons), hit.offer.id
        worst = hit.reasons[0]
        assert isinstance(worst, cartoffre.Reason) and worst.text
        assert worst.outcome in ("eligible", "to-check", "ineligible")
        if hit.verdict == "ineligible":
            assert worst.outcome == "ineligible"
    # A dict of the same keywords is the same person.
    as_dict = generated.search(near="Melun", radius_km=30, today=TODAY, limit=200,
                               profile={"age": 23, "statuses": ["rsa"], "lives_in": "Melun",
                                        "permis": False})
    assert ids(as_dict) == ids(strict)


@pytest.mark.parametrize("lives_in", ["Nantes", ""])
def test_explain_agrees_with_the_search(generated, lives_in):
    # Explain judges the offer's zone where the search judged it: at the residence when given,
    # else at the place searched, the residence then left to check, as the search leaves it.
    person = cartoffre.Profile(age=58, statuses=["deld"], genre="homme", lives_in=lives_in)
    res = generated.search(near="Nantes", radius_km=15, profile=person, today=TODAY,
                           mode="inclusive", limit=30)
    assert {h.verdict for h in res} >= {"eligible", "to-check"}
    for hit in res:
        why = generated.explain(hit.offer.id, near="Nantes", radius_km=15, profile=person,
                                today=TODAY)
        assert why.offer.id == hit.offer.id
        assert why.verdict == hit.verdict
        # The explanation adds the place's own checks (distance, zone) to the search's reasons.
        explained = [r.to_dict() for r in why.reasons]
        assert all(r.to_dict() in explained for r in hit.reasons if r.code != "residence")
        assert why.distance_km == hit.distance_km


def test_profile_keeps_its_facts_out_of_repr():
    person = cartoffre.Profile(age=31, birth_date="1995-03-02", genre="femme",
                               statuses={"rqth", "rsa"}, qpv=True)
    assert "31" not in repr(person) and "rqth" not in repr(person)
    assert person.age == 31 and person.statuses == ["rqth", "rsa"] and person.qpv is True
    assert person.birth_date == "1995-03-02"
    assert person.to_dict()["birth_date"] == "1995-03-02"
    assert cartoffre.Profile(birth_date=datetime.date(1995, 3, 2)).birth_date == "1995-03-02"


def test_dates_and_moments_as_objects_or_text(generated):
    moment = datetime.datetime(2026, 11, 24, 10, 30)
    a = generated.search(near="Rennes", open_at=moment, limit=50)
    b = generated.search(near="Rennes", open_at="2026-11-24T10:30", limit=50)
    assert ids(a) == ids(b) and a.total == b.total
    everything = generated.search(near="Rennes", limit=0).total
    assert 0 < a.total < everything
    c = generated.search(near="Rennes", open_on=datetime.date(2026, 12, 25), limit=0)
    d = generated.search(near="Rennes", open_on="2026-12-25", limit=0)
    assert c.total == d.total < everything  # Christmas: most offices are closed


def test_to_dict_is_plain_json(generated):
    person = cartoffre.Profile(age=40, statuses=["rsa"])
    res = generated.search("emploi", near="75011", radius_km=5, profile=person, today=TODAY,
                           mode="inclusive", limit=5)
    for obj in [res, res.hits[0], res.hits[0].offer, res.place, person, res.hits[0].reasons[0],
                generated.explain(res.hits[0].offer.id, near="75011", profile=person)]:
        d = obj.to_dict()
        assert json.loads(json.dumps(d)) == d
    d = res.to_dict()
    assert d["total"] == res.total and d["next_cursor"] == res.next_cursor
    assert [h["offer"]["id"] for h in d["hits"]] == ids(res)
    assert [h["verdict"] for h in d["hits"]] == [h.verdict for h in res]
    assert d["place"]["label"] == res.place.label and d["facets"] == res.facets
    offer = res.hits[0].offer.to_dict()
    assert [offer["latitude"], offer["longitude"]] == list(res.hits[0].offer.location)
    assert set(offer["criteres"]) >= {"age_min", "statuts_requis", "fermetures"}
    assert d["place"] == res.place.to_dict()


def test_real_places_resolve_and_complete(real):
    place = real.resolve_place("st etienne (42)")
    assert place.kind == "commune" and place.label == "Saint-Étienne (42)"
    assert place.communes == [{"code": "42218", "name": "Saint-Étienne", "departement": "42"}]
    postcode = real.resolve_place("75011")
    assert postcode.kind == "postcode" and postcode.communes[0]["code"] == "75111"
    assert cartoffre.resolve_place("Melun").label == "Melun (77)"  # the shared data's geography
    assert cartoffre.resolve_place("Melun", index=real).to_dict() == \
        real.resolve_place("Melun").to_dict()
    melun = real.complete_place("mel", limit=5)
    assert len(melun) == 5
    first = next(p for p in melun if p["name"] == "Melun")
    assert first["label"] == "Melun (77)" and first["code"] == "77288"
    assert first["departement"] == "77" and "77000" in first["postcodes"]
    assert first["population"] > 30000 and 48.5 < first["lat"] < 48.6 and 2.6 < first["lon"] < 2.7
    assert [p["label"] for p in real.complete_place("st eti", 1)] == ["Saint-Étienne (42)"]
    for p in real.complete_place("770", 10):
        assert p["departement"] == "77" and p["postcode"].startswith("770")
    # What a portal hands back as near= resolves to the commune proposed.
    for p in real.complete_place("saint-", 20):
        assert real.resolve_place(p["place"]).communes[0]["code"] == p["code"]


def test_real_catalogues_near_real_places(real):
    res = real.search("france services", near="Melun", radius_km=30, limit=50)
    assert res.total > 0
    for hit in res:
        assert hit.offer.source and hit.offer.nom
        assert hit.distance_km is None or hit.distance_km <= 30
    near_paris = real.search(near="Paris", radius_km=5, sort="distance", remote="exclude",
                             limit=20)
    assert near_paris.total > 20
    assert all(h.offer.code_insee.startswith("75") or h.distance_km <= 5 for h in near_paris)


def test_words_naming_codes_are_understood_and_kinds_filter(real):
    res = real.search("IAE", near="Melun", radius_km=15, limit=50)
    assert [u["words"] for u in res.understood] == ["iae"]
    assert "(ACI, EI, AI, ETTI, EITI, GEIQ)" in res.understood[0]["meaning"]
    assert "typologie:ACI" in res.understood[0]["codes"]
    assert res.to_dict()["understood"] == res.understood
    kinds = {h.offer.structure_typologie for h in res}
    assert kinds and kinds <= {"ACI", "EI", "AI", "ETTI", "EITI", "GEIQ"}
    only = real.search(near="Melun", radius_km=15, kinds=["ACI"], limit=100)
    assert only.total > 0 and all(h.offer.structure_typologie == "ACI" for h in only)
    assert only.facets["kinds"] == [
        {"code": "ACI", "label": "Atelier et chantier d'insertion (ACI)", "count": only.total}]
    assert real.search("emploi", near="Melun", radius_km=15, limit=0).understood == []


def test_quality_and_duplicates(real):
    everything = real.search(near="Paris", radius_km=10, limit=0).total
    distinct = real.search(near="Paris", radius_km=10, exclude_duplicates=True, limit=1000)
    assert 0 < distinct.total < everything  # the real catalogues overlap
    kept = {h.offer.id for h in distinct}
    for hit in distinct:
        # No two kept offers are duplicates of each other.
        assert not kept & set(hit.offer.doublons), hit.offer.id
    good = real.search(near="Paris", radius_km=10, min_quality=0.5, limit=1000)
    assert 0 < good.total < everything
    assert all(h.offer.score_qualite >= 0.5 for h in good)
    assert good.to_dict()["hits"][0]["offer"]["score_qualite"] >= 0.5


def test_the_kept_duplicate_is_current_and_pools_its_clusters_contacts(real):
    # Dammarie-lès-Lys: France Travail's agency stands for its cluster, not the 2019 list's
    # « Pôle emploi Dammarie les Lys » (data/duplicates/renamed.tsv).
    kept = real.search(near="Dammarie-les-Lys", radius_km=1, exclude_duplicates=True, limit=1000)
    ids = {h.offer.id for h in kept}
    assert "prescripteurs--735" in ids and "pole-emploi-2019--IDF0334006044" not in ids
    assert real.get("prescripteurs--735").doublon_prefere
    # A cluster whose members give different phones: each carries both, its own first.
    offer = real.get("dila-annuaire--cij-74012-01")
    other = real.get(offer.doublons[0])
    d = offer.to_dict()
    assert d["telephones"] == offer.telephones == ["04 50 84 59 77", "04 50 95 07 57"]
    assert other.to_dict()["telephones"] == ["04 50 95 07 57", "04 50 84 59 77"]
    assert isinstance(d["courriels"], list) and isinstance(d["liens"], list)


def test_unplaced_lists_the_offers_no_local_search_finds(real, command, index_dirs, tmp_path):
    """unplaced (--unplaced): exactly the offers without coordinates, commune or remote mode,
    by brute force over the whole index's CSV export; Python and the command agree."""
    import csv
    import subprocess

    def export(*args):
        out = tmp_path / "offers.csv"
        subprocess.run([command, "export", "--index", str(index_dirs / "real"), "--format", "csv",
                        "--out", str(out), *args], check=True, stderr=subprocess.PIPE)
        with open(out, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    expected = {r["id"] for r in export()
                if not r["latitude"] and not r["code_insee"]
                and "a-distance" not in r["modes_accueil"].split("|")}
    assert expected  # the real catalogues have such offers
    assert {r["id"] for r in export("--unplaced")} == expected
    assert real.search(unplaced=True, limit=0).total == len(expected)
    assert real.search(near="Paris", radius_km=50, unplaced=True, limit=0).total == 0
