"""data·inclusion API v1, the rest (tools/portal/api_v1*.py): bearer tokens, /services,
/structures, /search, recherche_public, the opt-in extensions (rayon, curseur, plus_proche,
ouvert_maintenant, facettes, a person's verdicts by POST), every answer validated against the
OpenAPI schema the app publishes, and les emplois' client with a token.

Run by ctest (label browser): CARTOFFRE_TOOL=<build>/tools/cartoffre
PYTHONPATH=<build>/bindings/python /usr/bin/python3 -m pytest tests/portal/test_api_v1_more.py
"""

import hashlib
import logging
import re
import math
import sys
import unicodedata
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_api_v1 as v1  # noqa: E402
from test_api_v1 import client, index_dir, offers  # noqa: E402,F401 - fixtures

SEARCH = v1.SEARCH
HAZEBROUCK, LILLE = v1.HAZEBROUCK, v1.LILLE
TOKEN = "jeton-de-test"


# ---- the published schema --------------------------------------------------------------------

def json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema's null type (jsonschema knows the latter)."""
    if isinstance(node, list):
        return [json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def validate(client):
    document = client.get("/api/openapi.json").json()
    assert any(p.startswith("/api/v1/") for p in document["paths"])
    root = json_schema(document)

    def check(path, answer, method="get"):
        assert answer.status_code == 200, answer.text
        operation = document["paths"][path][method]
        schema = root["paths"][path][method]["responses"]["200"]["content"]["application/json"]
        assert operation["responses"]["200"]["content"]["application/json"]["schema"], path
        resolver = jsonschema.RefResolver.from_schema(root)
        jsonschema.Draft7Validator(schema["schema"], resolver=resolver).validate(answer.json())
        return answer.json()

    return check


def test_the_schema_catches_a_wrong_answer(client, validate):
    class Wrong:
        status_code = 200

        def json(self):
            return {"items": [{"service": {"id": 1}, "distance": "loin"}], "total": 1, "page": 1,
                    "size": 1, "pages": 1}

    with pytest.raises(jsonschema.ValidationError):
        validate("/api/v1/search/services", Wrong())


def test_every_route_answers_as_its_schema_says(client, validate, offers):
    offer = next(iter(offers.values()))
    validate(SEARCH, client.get(SEARCH, params={"code_commune": HAZEBROUCK, "size": 50}))
    validate(SEARCH, client.get(SEARCH, params={"size": 20}))  # distances all null
    validate(SEARCH, client.get(SEARCH, params={
        "code_commune": HAZEBROUCK, "size": 5, "curseur": "", "facettes": "true",
        "plus_proche": "true", "rayon": 5, "ouvert_maintenant": "true"}))
    validate(SEARCH, client.post(SEARCH, params={"code_commune": HAZEBROUCK, "size": 20},
                                 json={"profil": {"age": 23, "statuts": ["rsa"]}}), "post")
    validate("/api/v1/services", client.get("/api/v1/services", params={"size": 30}))
    validate("/api/v1/services/{service_id}", client.get(f"/api/v1/services/{offer.id}"))
    validate("/api/v1/structures", client.get("/api/v1/structures", params={"size": 30}))
    validate("/api/v1/structures/{structure_id}",
             client.get(f"/api/v1/structures/{offer.structure_id}"))
    validate("/api/v1/search", client.get("/api/v1/search", params={
        "q": "numérique", "code_commune": LILLE, "size": 20}))
    validate("/api/v1/sources", client.get("/api/v1/sources"))
    validate("/api/v1/doc/{name}", client.get("/api/v1/doc/thematiques"))


# ---- bearer tokens ---------------------------------------------------------------------------

@pytest.fixture
def tokens(tmp_path, monkeypatch):
    path = tmp_path / "jetons"
    path.write_text("# sha256 des jetons\n" + hashlib.sha256(TOKEN.encode()).hexdigest() + "\n")
    monkeypatch.setenv("CARTOFFRE_API_TOKENS", str(path))
    return path


def test_without_the_setting_no_token_is_asked(client, monkeypatch):
    monkeypatch.delenv("CARTOFFRE_API_TOKENS", raising=False)
    assert client.get(SEARCH, params={"size": 1}).status_code == 200


@pytest.mark.parametrize("headers, status, detail", [
    ({}, 401, "Not authenticated"),
    ({"Authorization": f"Basic {TOKEN}"}, 401, "Invalid authentication credentials"),
    ({"Authorization": "Bearer"}, 401, "Invalid authentication credentials"),
    ({"Authorization": "Bearer un-autre-jeton"}, 403, "Not authenticated"),
    ({"Authorization": f"Bearer {TOKEN}"}, 200, None)])
def test_tokens_as_data_inclusion_answers(client, tokens, headers, status, detail):
    for path in (SEARCH, "/api/v1/services", "/api/v1/structures", "/api/v1/search",
                 "/api/v1/sources"):
        answer = client.get(path, params={"size": 1} if "sources" not in path else {},
                            headers=headers)
        assert answer.status_code == status, path
        if detail:
            assert answer.json() == {"detail": detail}
        if status == 401:
            assert answer.headers["www-authenticate"] == "Bearer"


def test_doc_is_public_and_a_revoked_token_is_refused_without_restart(client, tokens):
    assert client.get("/api/v1/doc/frais").status_code == 200
    good = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get(SEARCH, params={"size": 1}, headers=good).status_code == 200
    tokens.write_text(hashlib.sha256(b"un autre").hexdigest() + "\n\n")
    assert client.get(SEARCH, params={"size": 1}, headers=good).status_code == 403


def test_a_missing_tokens_file_lets_nobody_in(client, tokens):
    tokens.unlink()
    answer = client.get(SEARCH, params={"size": 1}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 403


def test_tokens_and_a_person_never_reach_the_log(client, tokens, monkeypatch):
    import app as portal

    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Keep()
    portal.log.addHandler(handler)
    monkeypatch.setenv("CARTOFFRE_PORTAL_QUIET", "0")
    try:
        client.get(SEARCH, params={"size": 1}, headers={"Authorization": f"Bearer {TOKEN}"})
        client.get(SEARCH, params={"size": 1}, headers={"Authorization": "Bearer secret-perdu"})
        client.post(SEARCH, params={"size": 1}, headers={"Authorization": f"Bearer {TOKEN}"},
                    json={"profil": {"age": 47, "statuts": ["rsa"]}})
    finally:
        portal.log.removeHandler(handler)
    assert len(lines) == 3 and all(SEARCH in line for line in lines)
    text = "\n".join(lines)
    # The lines end with the request's duration ("47.1 ms"): the age is looked for elsewhere.
    without_durations = re.sub(r"\d+(?:\.\d+)? ms", "", text)
    assert TOKEN not in text and "secret-perdu" not in text
    assert "47" not in without_durations and "rsa" not in without_durations


def test_emplois_style_client_with_a_token(client, tokens):
    themes = ["numerique", "mobilite"]
    services = v1.emplois_style_client(client, HAZEBROUCK, themes, size=5)
    assert len(services) > 5
    with pytest.raises(Exception):
        client.get(SEARCH, params={"size": 1}).raise_for_status()


# ---- /services, /structures, /search -----------------------------------------------------------

def test_services_list_pages_every_service_in_id_order(client, offers):
    first = client.get("/api/v1/services", params={"size": 700}).json()
    assert first["total"] == len(offers) and first["pages"] == math.ceil(len(offers) / 700)
    ids = []
    for page in range(1, first["pages"] + 1):
        ids += [s["id"] for s in
                client.get("/api/v1/services", params={"size": 700, "page": page}).json()["items"]]
    assert ids == sorted(offers)


def test_services_list_filters(client, offers):
    answer = client.get("/api/v1/services", params={"code_departement": "59", "size": 10000,
                                                     "thematiques": "numerique"}).json()
    expected = sorted(o.id for o in offers.values() if o.code_insee.startswith("59")
                      and any(t.startswith("numerique--") for t in o.thematiques))
    assert expected and [s["id"] for s in answer["items"]] == expected == \
        sorted(s["id"] for s in answer["items"])
    assert answer["total"] == len(expected)


def test_structures_are_the_offers_structures(client, offers):
    by_structure = {}
    for offer in offers.values():
        by_structure.setdefault(offer.structure_id, []).append(offer)
    page = client.get("/api/v1/structures", params={"size": 10000}).json()
    assert page["total"] == len(by_structure)
    assert [s["id"] for s in page["items"]] == sorted(by_structure)
    for structure in page["items"][:50]:
        members = by_structure[structure["id"]]
        assert structure["nom"] == members[0].structure_nom
        assert structure["source"] == members[0].source
        assert structure["nombre_services"] == len(members)
    some = page["items"][7]["id"]
    assert client.get(f"/api/v1/structures/{some}").json()["id"] == some
    assert client.get("/api/v1/structures/gen--nulle-part").status_code == 404
    in_lille = client.get("/api/v1/structures", params={"code_commune": LILLE,
                                                         "size": 10000}).json()
    assert {s["id"] for s in in_lille["items"]} == {
        o.structure_id for o in offers.values() if o.code_insee == LILLE}


def test_beta_search(client, offers):
    everything = client.get("/api/v1/search", params={"size": 1}).json()
    assert everything["total"] == len(offers)
    assert client.get("/api/v1/search", params={"q": "  ", "size": 1}).json()["total"] == 0
    near = client.get("/api/v1/search", params={"q": "numérique", "code_commune": LILLE,
                                                  "distance": 20, "size": 10000}).json()
    assert near["total"] == len(near["items"]) > 0
    for item in near["items"]:
        offer = offers[item["service"]["id"]]
        assert item["distance"] is None or item["distance"] <= 20
        assert item["distance"] is not None or v1.remote(offer)
    # Without words, the geographic search's matches, publics' rule included.
    for query in ({"code_commune": LILLE}, {"code_commune": LILLE, "publics": "jeunes"}):
        beta = client.get("/api/v1/search", params={**query, "size": 10000}).json()["items"]
        geo = client.get(SEARCH, params=query).json()["items"]
        assert {i["service"]["id"] for i in beta} == {i["service"]["id"] for i in geo}
    answer = client.get("/api/v1/search", params={"lat": 50.6}).json()
    assert answer == {"detail": "The `lat` and `lon` must be simultaneously filled."}


def folded(text):
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def test_recherche_public(client, offers):
    def found(query):
        page = client.get(SEARCH, params={"code_commune": HAZEBROUCK,
                                          "recherche_public": query}).json()
        return {i["service"]["id"]: offers[i["service"]["id"]] for i in page["items"]}

    def about(offer):
        return folded(" ".join(offer.publics) + " " + offer.publics_precisions)

    everything = found("")
    young = found("jeunes")
    assert young and len(young) < len(everything)
    assert all("jeune" in about(o) for o in young.values())
    assert set(young) == {i for i, o in everything.items() if "jeune" in about(o)}
    without = found("-jeunes")
    assert set(without) == set(everything) - set(young)
    either = found("jeunes OR seniors")
    assert set(either) == {i for i, o in everything.items()
                           if "jeune" in about(o) or "senior" in about(o)}
    assert set(found("Jéunes")) == set(young)  # accents and case ignored


def test_distance_is_the_integer_cast_of_the_exact_km(client, index_dir, offers):
    # PostgreSQL's (ST_Distance(...) / 1000)::int on the sphere: rounded once, from the exact
    # distance (the library's distance_km, already rounded to 0.1 km, would round 11.48 to 12).
    import cartoffre

    opened = cartoffre.Index.open(str(index_dir))
    checked = halves = 0
    for commune in (HAZEBROUCK, LILLE, "75111", "13055", "69123"):
        origin = opened.resolve_place("insee:" + commune).origins[0]
        for item in client.get(SEARCH, params={"code_commune": commune}).json()["items"]:
            if item["distance"] is None:
                continue
            offer = offers[item["service"]["id"]]
            exact = v1.km_between(origin, (offer.latitude, offer.longitude))
            assert item["distance"] == math.floor(exact + 0.5), (offer.id, exact)
            halves += math.floor(round(exact, 1) + 0.5) != math.floor(exact + 0.5)
            checked += 1
    assert checked > 300
    assert halves  # the vector that tells the two roundings apart is among them


# ---- extensions --------------------------------------------------------------------------------

def test_an_unmodified_client_sees_no_extension(client):
    page = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "size": 5}).json()
    assert set(page) == {"items", "total", "page", "size", "pages"}
    assert all(set(i) == {"service", "distance"} for i in page["items"])


def test_rayon(client, offers):
    default = client.get(SEARCH, params={"code_commune": HAZEBROUCK}).json()
    narrow = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "rayon": 10}).json()
    wide = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "rayon": 120}).json()
    assert narrow["total"] < default["total"] < wide["total"]
    assert max(i["distance"] or 0 for i in narrow["items"]) <= 10
    assert max(i["distance"] or 0 for i in wide["items"]) > 50
    assert {i["service"]["id"] for i in narrow["items"]} <= \
        {i["service"]["id"] for i in default["items"]}


def in_category(offer, category):
    return any(t == category or t.startswith(category + "--") for t in offer.thematiques)


@pytest.mark.parametrize("commune, rayon, thematique", [
    ("48095", 2, None), ("48095", 5, "mobilite"), (HAZEBROUCK, 1, "numerique"),
    ("2A004", 3, "trouver-un-emploi")])
def test_plus_proche_widens_to_the_brute_force_nearest(client, index_dir, offers, commune, rayon,
                                                       thematique):
    """plus_proche against every offer of the index: the in-person offers matching the
    search (themes, in person, located, open to the commune by their zones: the library's
    judgement of that one offer), measured from the commune's centre on the sphere. The radius
    becomes the whole km just above the nearest; the answer holds it, and every such offer
    closer than the radius."""
    import cartoffre

    query = {"code_commune": commune, "rayon": rayon, "modes_accueil": "en-presentiel"}
    if thematique:
        query["thematiques"] = thematique
    plain = client.get(SEARCH, params=query).json()
    assert not [i for i in plain["items"] if i["distance"] is not None]
    opened = cartoffre.Index.open(str(index_dir))
    origin = opened.resolve_place("insee:" + commune).origins[0]
    measured = {}
    for offer in offers.values():
        if offer.latitude is None or (offer.modes_accueil
                                      and "en-presentiel" not in offer.modes_accueil):
            continue
        if thematique and not in_category(offer, thematique):
            continue
        judged = opened.explain(offer.id, near="insee:" + commune, radius_km=20000)
        if judged.verdict != "ineligible":
            measured[offer.id] = v1.km_between(origin, (offer.latitude, offer.longitude))
    assert measured
    nearest = min(measured.values())
    widened = client.get(SEARCH, params={**query, "plus_proche": "true"}).json()
    radius = widened["plus_proche"]["rayon_km"]
    assert radius == math.ceil(round(nearest, 1) + 0.1) and nearest < radius
    placed = {i["service"]["id"]: i["distance"] for i in widened["items"]
              if i["distance"] is not None}
    assert min(placed, key=lambda i: (placed[i], measured[i])) in \
        {i for i, km in measured.items() if km - nearest < 1e-9}
    assert set(placed) == {i for i, km in measured.items() if km <= radius - 0.01} | \
        ({i for i, km in measured.items() if km <= radius + 0.01} & set(placed))


def test_plus_proche_says_null_when_nothing_is_widened(client):
    here = client.get(SEARCH, params={"code_commune": LILLE, "plus_proche": "true"}).json()
    assert here["plus_proche"] is None
    # No offer of that quality anywhere: nothing to widen to.
    nowhere = client.get(SEARCH, params={"code_commune": LILLE, "plus_proche": "true",
                                         "score_qualite_minimum": 1, "rayon": 1}).json()
    assert nowhere["plus_proche"] is None and nowhere["total"] == 0


def test_ouvert_maintenant_keeps_offers_with_hours_only(client):
    query = {"code_commune": HAZEBROUCK}
    open_now = client.get(SEARCH, params={**query, "ouvert_maintenant": "true"}).json()
    every = client.get(SEARCH, params=query).json()
    assert open_now["total"] < every["total"]
    every_ids = {i["service"]["id"] for i in every["items"]}
    assert all(i["service"]["id"] in every_ids and i["service"]["horaires_accueil"]
               for i in open_now["items"])


def test_facettes_count_the_whole_match(client):
    page = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "size": 3,
                                      "facettes": "true"}).json()
    assert sum(f["count"] for f in page["facettes"]["types"]) == page["total"]
    assert len(page["items"]) == 3


def test_a_person_by_post_only(client, offers):
    person = {"profil": {"age": 23, "statuts": ["rsa"], "commune_residence": "Hazebrouck"}}
    answer = client.post(SEARCH, params={"code_commune": HAZEBROUCK}, json=person).json()
    assert answer["items"] and {i["verdict"] for i in answer["items"]} <= {"no-criteria", "eligible", "to-check"}
    assert all(isinstance(i["raisons"], list) for i in answer["items"])
    every = client.get(SEARCH, params={"code_commune": HAZEBROUCK}).json()
    assert answer["total"] < every["total"]  # strict: the ineligible are gone
    inclusive = client.post(SEARCH, params={"code_commune": HAZEBROUCK},
                            json={**person, "mode": "inclusive"}).json()
    verdicts = [i["verdict"] for i in inclusive["items"]]
    assert "ineligible" in verdicts and len(verdicts) == every["total"]
    # The ineligible last, each part in data·inclusion's order.
    first = verdicts.index("ineligible")
    assert set(verdicts[first:]) == {"ineligible"}
    for part in (inclusive["items"][:first], inclusive["items"][first:]):
        keys = [(i["distance"] is None, i["distance"] or 0, i["service"]["id"]) for i in part]
        assert keys == sorted(keys)
    # Never in the query string; an unknown field of the body is refused too.
    assert client.get(SEARCH, params={"age": 23}).status_code == 422
    assert client.post(SEARCH, json={"profil": {"revenu": 400}}).status_code == 422


def test_curseur_walks_the_same_order_as_pages(client):
    query = {"code_commune": HAZEBROUCK, "thematiques": ["numerique", "mobilite"]}
    whole = client.get(SEARCH, params=query).json()
    walked, token, pages = [], "", 0
    while token is not None:
        page = client.get(SEARCH, params={**query, "size": 7, "curseur": token}).json()
        assert page["total"] == whole["total"]
        walked += page["items"]
        token = page["curseur_suivant"]
        pages += 1
    assert walked == whole["items"]
    assert pages == math.ceil(whole["total"] / 7)


def test_curseur_with_publics_and_remote_groups(client):
    # A kept-after-the-library filter (publics) and the remote offers' long null group.
    query = {"publics": "jeunes", "size": 9}
    whole = client.get(SEARCH, params={"publics": "jeunes"}).json()
    walked, token = [], ""
    while token is not None:
        page = client.get(SEARCH, params={**query, "curseur": token}).json()
        walked += [i["service"]["id"] for i in page["items"]]
        token = page["curseur_suivant"]
    assert walked == [i["service"]["id"] for i in whole["items"]]
    assert page["total"] == whole["total"]


def test_curseur_of_another_search_or_edited_is_refused(client):
    first = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "size": 5, "curseur": ""})
    token = first.json()["curseur_suivant"]
    other = client.get(SEARCH, params={"code_commune": LILLE, "size": 5, "curseur": token})
    assert other.status_code == 422 and other.json()["detail"][0]["loc"] == ["query", "curseur"]
    broken = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "size": 5,
                                        "curseur": token[:-6] + "zzzzzz"})
    assert broken.status_code == 422
    import api_v1_paging

    state = api_v1_paging.decode(token)
    for field, wrong in (("m", 3), ("c", 7), ("t", "beaucoup"), ("k", [1])):
        edited = api_v1_paging.encode({**state, "k": list(state["k"]), field: wrong})
        answer = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "size": 5,
                                            "curseur": edited})
        assert answer.status_code == 422, field


def test_pages_of_a_search_read_whole_come_from_its_order(client, monkeypatch):
    import api_v1_common

    shared = api_v1_common.setup["index"]
    calls = []

    class Counting:
        def __getattr__(self, name):
            return getattr(shared(), name)

        def search(self, **arguments):
            calls.append(arguments.get("limit"))
            return shared().search(**arguments)

    monkeypatch.setitem(api_v1_common.setup, "index", lambda: Counting())
    # `publics` filters in Python (a service without publics matches none there): such a
    # search is read by pages of the library's order, not written whole by the library.
    query = {"code_commune": HAZEBROUCK, "exclure_doublons": "true", "publics": "jeunes"}
    whole = client.get(SEARCH, params=query).json()
    assert calls and whole["total"] > 20
    calls.clear()
    paged = []
    for page in range(1, math.ceil(whole["total"] / 20) + 1):
        paged += client.get(SEARCH, params={**query, "size": 20, "page": page}).json()["items"]
    assert paged == whole["items"] and calls == []
    # Another query, or the same for a person (POST), asks the library again.
    client.get(SEARCH, params={**query, "frais": "gratuit"})
    client.post(SEARCH, params=query, json={"profil": {"age": 30}})
    assert len(calls) >= 2


def test_services_carry_the_offers_fields(client, offers):
    import api_v1_common

    items = client.get(SEARCH, params={"code_commune": LILLE, "size": 200}).json()["items"]
    for item in items:
        offer = offers[item["service"]["id"]].to_dict()
        for field in api_v1_common.SERVICE_FIELDS:
            assert item["service"][field] == offer[field], field
        assert item["service"]["structure"]["siret"] == (offer["structure_siret"] or None)


# ---- code_region and /redirige ------------------------------------------------------------------

def cog_departements(region):
    """The région's départements as the COG lists them (the real data, read in place): the
    oracle of the routes' code_region, which read them from the index's geography."""
    import csv

    path = v1.REPO.parent / "shared" / "data" / "gazetteer" / "departements_fr_2026.csv"
    with open(path, encoding="utf-8") as rows:
        return {row["code"] for row in csv.DictReader(rows) if row["region"] == region}


def departement_of(code_insee):
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


@pytest.mark.parametrize("region", ["32", "84", "11", "94"])
def test_code_region_keeps_the_services_located_in_its_departements(client, offers, region):
    departements = cog_departements(region)
    assert departements
    expected = {i for i, o in offers.items()
                if o.code_insee and departement_of(o.code_insee) in departements}
    found = client.get("/api/v1/search", params={"code_region": region, "size": 10000}).json()
    assert {i["service"]["id"] for i in found["items"]} == expected
    assert found["total"] == len(expected)
    listed = client.get("/api/v1/services", params={"code_region": region, "size": 10000}).json()
    assert [s["id"] for s in listed["items"]] == sorted(expected)
    structures = client.get("/api/v1/structures",
                            params={"code_region": region, "size": 10000}).json()
    assert {s["id"] for s in structures["items"]} == {offers[i].structure_id for i in expected}


def test_code_region_narrows_a_search_around_a_place(client):
    """Around Hazebrouck (Nord, region 32) within 120 km: code_region keeps the services
    located in the region, in the same order; Île-de-France's (11) are then remote ones only,
    Paris being 230 km away."""
    query = {"code_commune": HAZEBROUCK, "distance": 120, "size": 10000}
    every = client.get("/api/v1/search", params=query).json()["items"]
    for region in ("32", "11"):
        kept = client.get("/api/v1/search", params={**query, "code_region": region}).json()
        departements = cog_departements(region)
        assert kept["items"] == [i for i in every
                                 if departement_of(i["service"]["code_insee"]) in departements]
        assert kept["items"], region
    paris = client.get("/api/v1/search", params={**query, "code_region": "11"}).json()["items"]
    assert all(i["distance"] is None for i in paris)


@pytest.mark.parametrize("route", ["/api/v1/search", "/api/v1/services", "/api/v1/structures"])
def test_an_unknown_code_region_is_a_422(client, route):
    answer = client.get(route, params={"code_region": "99"})
    assert answer.status_code == 422
    assert answer.json() == {"detail": "This `code_region` does not exist."}


def test_redirige_sends_to_the_services_own_page(client, offers, tokens):
    """307 to lien_source, without a token even when the data routes ask one (a person's
    browser follows the link); 404 for an unknown service or one without a web page."""
    linked = next(o for o in offers.values() if o.lien_source.startswith("http"))
    local = linked.id.split("--", 1)[1]
    for path in (f"/api/v1/services/{linked.source}/{linked.id}/redirige",
                 f"/api/v1/services/{linked.source}/{local}/redirige"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 307 and answer.headers["location"] == linked.lien_source
    bare = next(o for o in offers.values() if not o.lien_source)
    for path in (f"/api/v1/services/{bare.source}/{bare.id}/redirige",
                 f"/api/v1/services/{linked.source}/inconnu/redirige",
                 f"/api/v1/services/autre/{linked.id}/redirige"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 404 and answer.json() == {"detail": "Not Found"}
