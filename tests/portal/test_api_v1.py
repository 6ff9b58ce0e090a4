"""data·inclusion API v1 compatibility (tools/portal/api_v1.py): the vectors of its public rules
that the generated index can show, checked against the offers themselves read through the
bindings, and a client paging /search/services as les emplois de l'inclusion does.

Run by ctest (label browser): CARTOFFRE_TOOL=<build>/tools/cartoffre
PYTHONPATH=<build>/bindings/python /usr/bin/python3 -m pytest tests/portal/test_api_v1.py
"""

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "portal"))

SEARCH = "/api/v1/search/services"
HAZEBROUCK, LILLE, DUNKERQUE, ROUBAIX, PARIS_11 = "59295", "59350", "59183", "59512", "75111"
LE_MANS = (48.0061, 0.1996)
DUNKERQUE_CENTRE = (51.0343, 2.3768)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """The generated index of 3,000 offers around real places that test_api.py uses."""
    directory = tmp_path_factory.mktemp("api_v1") / "index"
    tool = os.environ.get("CARTOFFRE_TOOL", str(REPO / "build" / "tools" / "cartoffre"))
    subprocess.run([tool, "index", "--index", str(directory), "--generate", "3000", "--seed", "5"],
                   check=True, capture_output=True)
    return directory


@pytest.fixture(scope="module")
def client(index_dir):
    os.environ["CARTOFFRE_INDEX"] = str(index_dir)
    os.environ["CARTOFFRE_PORTAL_QUIET"] = "1"
    from fastapi.testclient import TestClient

    import app as portal

    with TestClient(portal.app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def offers(index_dir):
    """Every offer of the index, by id, read through the bindings."""
    import cartoffre

    opened = cartoffre.Index.open(str(index_dir))
    everything = opened.search(limit=10000)
    assert everything.next_cursor is None
    return {hit.offer.id: hit.offer for hit in everything}


def search(client, **query):
    answer = client.get(SEARCH, params=query)
    assert answer.status_code == 200, answer.text
    return answer.json()


def km_between(a, b):
    # Haversine on the mean Earth radius, as PostGIS's geography distance to within metres.
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def remote(offer):
    return "a-distance" in offer.modes_accueil


# ---- the answer's shape and order -----------------------------------------------------------

def test_page_shape_and_v1_fields(client):
    page = search(client, code_commune=HAZEBROUCK, size=3)
    assert set(page) == {"items", "total", "page", "size", "pages"}
    assert (page["page"], page["size"]) == (1, 3)
    assert page["pages"] == math.ceil(page["total"] / 3)
    item = page["items"][0]
    assert set(item) == {"service", "distance"}
    service = item["service"]
    assert {"id", "source", "structure_id", "nom", "thematiques", "zone_eligibilite",
            "modes_accueil", "horaires_accueil", "structure"} <= set(service)
    # Only the schema's fields: none of the library's own (criteres, doublons...).
    assert "criteres" not in service and "structure_nom" not in service
    assert service["structure"]["id"] == service["structure_id"]
    assert service["structure"]["nom"]


def test_ordered_by_whole_km_then_id_remote_last(client):
    items = search(client, code_commune=HAZEBROUCK)["items"]
    keys = [(i["distance"] is None, i["distance"] or 0, i["service"]["id"]) for i in items]
    assert keys == sorted(keys)
    assert all(isinstance(i["distance"], (int, type(None))) for i in items)
    assert any(i["distance"] is None for i in items)  # remote offers are in


def test_remote_only_offers_have_no_distance(client, offers):
    for item in search(client, code_commune=HAZEBROUCK)["items"]:
        offer = offers[item["service"]["id"]]
        if offer.modes_accueil == ["a-distance"]:
            assert item["distance"] is None


# ---- the vectors --------------------------------------------------------------------

def test_hazebrouck_finds_lille_at_39_km(client, offers):
    items = search(client, code_commune=HAZEBROUCK)["items"]
    in_lille = [i for i in items if offers[i["service"]["id"]].code_insee == LILLE
                and not remote(offers[i["service"]["id"]])]
    assert in_lille
    # Offers spread over the city, whose centre (the gazetteer's) is 37.5 km from Hazebrouck's;
    # data·inclusion's centroids put it at 39.
    distances = sorted(i["distance"] for i in in_lille)
    assert 36 <= distances[0] and distances[-1] <= 42 and 38 in distances


def test_roubaix_with_le_mans_coordinates_finds_nothing_near_roubaix(client, offers):
    page = search(client, code_commune=ROUBAIX, lat=LE_MANS[0], lon=LE_MANS[1])
    placed = [i for i in page["items"] if i["distance"] is not None]
    assert placed  # the origin moved to Le Mans
    for item in placed:
        offer = offers[item["service"]["id"]]
        assert km_between(LE_MANS, (offer.latitude, offer.longitude)) <= 50.5
        assert not offer.code_insee.startswith("59")


def test_zone_59_matches_dunkerque_and_62_does_not(client, offers):
    found = {i["service"]["id"] for i in search(client, code_commune=DUNKERQUE)["items"]}
    near = [o for o in offers.values() if remote(o) or (
        o.latitude is not None and km_between(DUNKERQUE_CENTRE, (o.latitude, o.longitude)) < 45)]
    zone_59 = [o.id for o in near if o.zone_eligibilite == ["59"]]
    zone_62 = [o.id for o in near if o.zone_eligibilite == ["62"]]
    assert zone_59 and zone_62  # the index has both within reach of Dunkerque
    assert set(zone_59) <= found
    assert not set(zone_62) & found


def test_france_from_anywhere(client, offers):
    everywhere = {o.id for o in offers.values() if remote(o) and "france" in o.zone_eligibilite}
    assert everywhere
    for commune in (DUNKERQUE, PARIS_11, "13055", "2A004"):
        found = {i["service"]["id"] for i in search(client, code_commune=commune)["items"]}
        assert everywhere <= found, commune


def test_paris_11e_is_searchable(client):
    page = search(client, code_commune=PARIS_11, size=5)
    assert page["total"] > 0
    assert page["items"][0]["distance"] <= 2


def test_without_code_commune_no_geography(client, offers):
    page = search(client, size=10000)
    assert page["total"] == len(offers)
    assert all(i["distance"] is None for i in page["items"])


# ---- filters ---------------------------------------------------------------------------------

def test_category_expands_to_its_themes(client):
    items = search(client, code_commune=HAZEBROUCK, thematiques="numerique")["items"]
    assert items
    for item in items:
        assert any(t.startswith("numerique--") for t in item["service"]["thematiques"])


def test_publics_imply_tous_publics(client):
    items = search(client, code_commune=HAZEBROUCK, publics="jeunes")["items"]
    kinds = [set(i["service"]["publics"]) for i in items]
    assert all(k & {"jeunes", "tous-publics"} for k in kinds)  # none without publics
    assert search(client, code_commune=HAZEBROUCK, publics="jeunes", size=1)["total"] == len(items)
    assert any("tous-publics" in k for k in kinds) and any("jeunes" in k for k in kinds)
    everything = search(client, code_commune=HAZEBROUCK, size=1)["total"]
    assert search(client, code_commune=HAZEBROUCK, publics="tous-publics", size=1)["total"] == \
        everything


@pytest.mark.parametrize("parameter, value, field", [
    ("frais", "gratuit", "frais"), ("types", "formation", "type"),
    ("sources", "gen-dora", "source")])
def test_single_value_filters(client, parameter, value, field):
    items = search(client, code_commune=HAZEBROUCK, **{parameter: value})["items"]
    assert items and all(i["service"][field] == value for i in items)


def test_modes_accueil_filter(client):
    items = search(client, code_commune=HAZEBROUCK, modes_accueil="a-distance")["items"]
    assert items and all("a-distance" in i["service"]["modes_accueil"] for i in items)


def test_score_qualite_minimum(client, offers):
    items = search(client, code_commune=HAZEBROUCK, score_qualite_minimum=0.8)["items"]
    assert items
    assert all(offers[i["service"]["id"]].score_qualite >= 0.8 for i in items)
    assert len(items) < search(client, code_commune=HAZEBROUCK, size=1)["total"]


def test_exclure_doublons_keeps_one_per_cluster(client, offers):
    all_ids = [i["service"]["id"] for i in search(client, code_commune="44109")["items"]]
    kept = [i["service"]["id"] for i in
            search(client, code_commune="44109", exclure_doublons="true")["items"]]
    assert len(kept) < len(all_ids)
    for offer_id in kept:  # never two of one group of duplicates
        assert not set(offers[offer_id].doublons) & set(kept)


# ---- errors ----------------------------------------------------------------------------------

def test_unknown_code_commune(client):
    answer = client.get(SEARCH, params={"code_commune": "00000"})
    assert answer.status_code == 422
    assert answer.json() == {"detail": "This `code_commune` does not exist."}


@pytest.mark.parametrize("query", [{"lat": 50.0}, {"lon": 2.0},
                                   {"code_commune": HAZEBROUCK, "lat": 50.0}])
def test_lat_and_lon_together(client, query):
    answer = client.get(SEARCH, params=query)
    assert answer.status_code == 422
    assert answer.json() == {"detail": "The `lat` and `lon` must be simultaneously filled."}


@pytest.mark.parametrize("size, status", [(0, 422), (10001, 422), (1, 200), (10000, 200)])
def test_size_bounds(client, size, status):
    answer = client.get(SEARCH, params={"size": size})
    assert answer.status_code == status
    if status == 422:
        assert answer.json()["detail"][0]["loc"] == ["query", "size"]


def test_unknown_parameters_are_named(client):
    answer = client.get(SEARCH, params={"code_commune": HAZEBROUCK, "rayon_km": 10, "thème": "x"})
    assert answer.status_code == 422
    assert [d["loc"] for d in answer.json()["detail"]] == [["query", "rayon_km"],
                                                           ["query", "thème"]]


def test_unknown_source_is_422(client):
    answer = client.get(SEARCH, params={"sources": "nulle-part"})
    assert answer.status_code == 422 and "nulle-part" in answer.json()["detail"]


def test_portal_routes_keep_their_error_shape(client):
    answer = client.get("/api/search", params={"limit": 0})
    assert answer.status_code == 422 and answer.json()["parameter"] == "limit"


# ---- paging ----------------------------------------------------------------------------------

def test_paging_by_page_gives_every_item_once(client):
    whole = [i["service"]["id"] for i in search(client, code_commune=HAZEBROUCK)["items"]]
    first = search(client, code_commune=HAZEBROUCK, size=7)
    paged = []
    for page in range(1, first["pages"] + 1):
        paged += [i["service"]["id"] for i in
                  search(client, code_commune=HAZEBROUCK, size=7, page=page)["items"]]
    assert paged == whole
    assert len(paged) == first["total"] == len(set(paged))
    assert search(client, code_commune=HAZEBROUCK, size=7, page=first["pages"] + 1)["items"] == []


def emplois_style_client(http, code_insee, thematiques, size=50):
    """As les emplois de l'inclusion's data·inclusion client does: repeated list parameters, a
    bearer token, pages by `page` until `pages`."""
    services, page = [], 1
    while True:
        answer = http.get(SEARCH, headers={"Authorization": "Bearer jeton-de-test"},
                          params=[("code_commune", code_insee), ("size", size), ("page", page)]
                          + [("thematiques", t) for t in thematiques])
        answer.raise_for_status()
        body = answer.json()
        services += [item["service"] | {"distance": item["distance"]} for item in body["items"]]
        if page >= body["pages"]:
            return services
        page += 1


def test_emplois_style_client(client):
    themes = ["numerique", "mobilite"]
    services = emplois_style_client(client, HAZEBROUCK, themes, size=5)
    single = search(client, code_commune=HAZEBROUCK, thematiques=themes)
    assert [s["id"] for s in services] == [i["service"]["id"] for i in single["items"]]
    assert len(services) == single["total"] > 5


# ---- the other routes ------------------------------------------------------------------------

def test_service_by_id_and_by_source(client, offers):
    offer_id = next(iter(offers))
    source = offers[offer_id].source
    for path in (f"/api/v1/services/{offer_id}", f"/api/v1/services/{source}/{offer_id}",
                 f"/api/v1/services/{source}/{offer_id[len(source) + 2:]}"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.json()["id"] == offer_id and "structure" in answer.json()
    assert client.get("/api/v1/services/gen--nulle-part").status_code == 404
    assert client.get(f"/api/v1/services/autre/{offer_id}").status_code == 404


@pytest.mark.parametrize("name, count, sample", [
    ("thematiques", 69, "numerique--acceder-a-une-connexion-internet"), ("publics", 14, "jeunes"),
    ("types-services", 6, "formation"), ("frais", 2, "gratuit"),
    ("modes-accueil", 2, "a-distance")])
def test_doc(client, name, count, sample):
    answer = client.get(f"/api/v1/doc/{name}")
    assert answer.status_code == 200
    rows = answer.json()
    assert len(rows) == count
    assert all(set(r) == {"value", "label", "description"} for r in rows)
    assert sample in {r["value"] for r in rows}


def test_sources(client, offers):
    slugs = [s["slug"] for s in client.get("/api/v1/sources").json()]
    assert slugs == sorted({o.source for o in offers.values()})
