"""The portal's JSON API: validation errors, library errors, answers compared with the bindings
called directly on the same index, and the rule that a person's profile never reaches a log.

Run by ctest: CARTOFFRE_TOOL=<build>/tools/cartoffre PYTHONPATH=<build>/bindings/python
/usr/bin/python3 -m pytest tests/portal/test_api.py
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "portal"))


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    """A generated index of 3,000 offers around real places (the command's --generate)."""
    directory = tmp_path_factory.mktemp("portal") / "index"
    tool = os.environ.get("CARTOFFRE_TOOL", str(REPO / "build" / "tools" / "cartoffre"))
    subprocess.run([tool, "index", "--index", str(directory), "--generate", "3000", "--seed", "5"],
                   check=True, capture_output=True)
    return directory


@pytest.fixture(scope="session")
def client(index_dir):
    os.environ["CARTOFFRE_INDEX"] = str(index_dir)
    os.environ["CARTOFFRE_PORTAL_QUIET"] = "1"
    from fastapi.testclient import TestClient

    import app as portal

    with TestClient(portal.app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def direct(index_dir):
    import cartoffre

    return cartoffre.Index.open(str(index_dir))


def ids(answer):
    return [hit["offer"]["id"] for hit in answer["hits"]]


# ---- validation: 422 naming the parameter --------------------------------------------------

@pytest.mark.parametrize("query, parameter", [
    ("radius_km=201", "radius_km"),
    ("radius_km=-1", "radius_km"),
    ("radius_km=0", "radius_km"),  # the library wants a radius above 0
    ("radius_km=loin", "radius_km"),
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("words=" + "a" * 201, "words"),
    ("place=" + "b" * 201, "place"),
    ("themes=Not%20a%20code", "themes"),
    ("publics=<script>", "publics"),
    ("themes=" + ",".join(["numerique"] * 31), "themes"),
    ("bbox=1,2,3", "bbox"),
    ("bbox=49,2,48,3", "bbox"),
    ("bbox=48,2,nan,3", "bbox"),
    ("remote=sometimes", "remote"),
    ("sort=random", "sort"),
    ("mode=lenient", "mode"),
    ("today=26/11/2026", "today"),
    ("cursor=" + "c" * 513, "cursor"),
    ("open_now=peut-etre", "open_now"),
    ("open_at=2026-12-07", "open_at"),
])
def test_search_refuses_malformed_parameters(client, query, parameter):
    response = client.get("/api/search?" + query)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["parameter"] == parameter
    assert body["error"].startswith(parameter + ": ")
    # In French, as everything a caseworker may read.
    assert not re.search(r"\b(ensure|value|expected|must|not a|is not|got)\b", body["error"]), body


@pytest.mark.parametrize("body, parameter", [
    ({"age": -1}, "age"),
    ({"age": "vingt"}, "age"),
    ({"genre": "autre"}, "genre"),
    ({"qpv": "peut-etre"}, "qpv"),
    ({"statuses": ["RSA !"]}, "statuses"),
    ({"statuses": "rsa"}, "statuses"),  # a list, not a text
    ({"radius_km": 201}, "radius_km"),
    ({"lives_in": "x" * 201}, "lives_in"),
    ({"limit": 0}, "limit"),
])
def test_post_refuses_malformed_values(client, body, parameter):
    response = client.post("/api/search", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["parameter"] == parameter
    assert response.json()["error"].startswith(parameter + ": ")


# ---- strict: an unknown name is refused, never ignored -------------------------------------

@pytest.mark.parametrize("method, url, body, names", [
    ("GET", "/api/search?words=emploi&opennow=true", None, ["opennow"]),
    ("GET", "/api/search?theme=numerique&rayon=10", None, ["theme", "rayon"]),
    ("GET", "/api/facets?limit=5", None, ["limit"]),
    ("GET", "/api/explain?id=x&words=emploi", None, ["words"]),
    ("POST", "/api/search", {"words": "emploi", "profil": {"age": 3}}, ["profil"]),
    ("POST", "/api/explain", {"id": "x", "rayon": 3}, ["rayon"]),
])
def test_unknown_parameters_are_named(client, method, url, body, names):
    response = client.request(method, url, json=body)
    assert response.status_code == 422, response.text
    assert [p["parameter"] for p in response.json()["problems"]] == names
    assert all(p["message"] == "paramètre inconnu" for p in response.json()["problems"])


def test_a_body_must_be_a_json_object(client):
    assert client.post("/api/search", content=b"[1, 2]").status_code == 422
    assert client.post("/api/search", content=b"{age: 3").status_code == 400


# ---- a person's facts travel in a POST body, never in a URL ---------------------------------

@pytest.mark.parametrize("query", ["age=23", "statuses=rsa", "lives_in=Melun", "genre=femme",
                                   "qpv=true", "diplome=bac", "permis=false", "vehicule=true"])
@pytest.mark.parametrize("path", ["/api/search", "/api/facets", "/api/explain?id=x&"])
def test_get_with_a_person_is_refused_saying_post(client, path, query):
    url = path + ("" if path.endswith("&") else "?") + query + "&words=emploi" * ("id" not in path)
    response = client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert "POST" in body["error"] and "personne" in body["error"]
    assert body["parameter"] == query.split("=")[0]


def test_post_answers_as_the_bindings(client, direct):
    import cartoffre

    body = {"words": "emploi", "place": "Paris", "radius_km": 20, "age": 23,
            "statuses": ["rsa"], "lives_in": "Paris", "mode": "inclusive",
            "today": "2026-11-24", "limit": 30, "full": True}
    answer = client.post("/api/search", json=body)
    assert answer.status_code == 200, answer.text
    person = cartoffre.Profile(age=23, statuses=("rsa",), lives_in="Paris")
    expected = direct.search(text="emploi", near="Paris", radius_km=20, profile=person,
                             mode="inclusive", today="2026-11-24", limit=30).to_dict()
    assert answer.json() == expected
    assert expected["hits"] and all(h["verdict"] for h in expected["hits"])
    # The same question without the person, by GET, has no verdict.
    plain = client.get("/api/search?words=emploi&place=Paris&radius_km=20&limit=30").json()
    assert all(h["verdict"] is None for h in plain["hits"])
    hit = expected["hits"][0]["offer"]["id"]
    explained = client.post("/api/explain", json={"id": hit, "place": "Paris", "age": 23,
                                                  "statuses": ["rsa"], "today": "2026-11-24"})
    assert explained.json() == direct.explain(hit, near="Paris", profile=person,
                                              today="2026-11-24").to_dict()


def test_modes_accueil_filter_and_a_filter_the_library_lacks(client, direct):
    answer = client.post("/api/search", json={"place": "Melun", "radius_km": 30,
                                              "modes_accueil": ["a-distance"], "limit": 50})
    expected = direct.search(near="Melun", radius_km=30, modes_accueil=("a-distance",), limit=50)
    assert answer.json()["total"] == expected.total
    import params

    if "kinds" not in params.library_filters():  # the structure's kind: a later library's
        refused = client.post("/api/search", json={"kinds": ["ACI !"]})
        assert refused.status_code == 422 and refused.json()["parameter"] == "kinds"
        refused = client.post("/api/search", json={"kinds": ["aci"]})
        assert refused.status_code == 422 and refused.json()["parameter"] == "kinds"


def test_open_at_and_open_now_reach_the_library(client, direct):
    at = client.get("/api/search?place=Paris&radius_km=30&open_at=2026-12-06T03:00&limit=50")
    assert at.status_code == 200
    expected = direct.search(near="Paris", radius_km=30, open_at="2026-12-06T03:00", limit=50)
    assert at.json()["total"] == expected.total
    everything = direct.search(near="Paris", radius_km=30, limit=0).total
    assert expected.total < everything  # a Sunday at 3 a.m. closes most doors
    now = client.get("/api/search?place=Paris&radius_km=30&open_now=true&limit=1").json()
    assert now["total"] < everything


def test_bounds_themselves_are_accepted(client):
    for query in ("radius_km=0.5&place=Melun", "radius_km=200&place=Melun", "limit=1", "limit=100"):
        assert client.get("/api/search?" + query).status_code == 200, query


# ---- library errors: 400 with the library's sentence -------------------------------------

def test_unknown_place_gives_the_library_message(client, direct):
    import cartoffre

    response = client.get("/api/search?place=Meluin")
    assert response.status_code == 400
    with pytest.raises(cartoffre.PlaceError) as raised:
        direct.search(near="Meluin")
    assert response.json() == {"error": str(raised.value), "kind": "place"}


@pytest.mark.parametrize("body", [{"themes": ["not-a-theme"]}, {"types": ["not-a-type"]},
                                  {"statuses": ["not-a-status"]}, {"cursor": "zzzz"},
                                  {"diplome": "doctorat-imaginaire"}])
def test_unknown_codes_are_query_errors(client, body):
    response = client.post("/api/search", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["kind"] == "query"
    assert response.json()["error"]


def test_unknown_offer_is_404(client):
    assert client.get("/api/offers/nowhere--0").status_code == 404
    assert client.get("/api/explain?id=nowhere--0").status_code == 404
    assert client.get("/api/offers/" + "x" * 201).status_code == 422


# ---- answers: the same as the bindings on the same index ---------------------------------

def test_search_answers_as_the_bindings(client, direct):
    query = "/api/search?words=emploi&place=Melun&radius_km=30&limit=25"
    expected = direct.search(text="emploi", near="Melun", radius_km=30, limit=25).to_dict()
    assert client.get(query + "&full=true").json() == expected
    assert expected["total"] > 0
    # Without full=true, each offer is cut to the fields a result list shows.
    summary = client.get(query).json()
    assert ids(summary) == ids(expected)
    for short, hit in zip(summary["hits"], expected["hits"]):
        offer = hit["offer"]
        location = short["offer"].pop("location")
        assert short["offer"] == {key: offer[key] for key in short["offer"]}
        assert location == ([offer["latitude"], offer["longitude"]]
                            if offer["latitude"] is not None else None)
        assert {"id", "nom", "structure_nom", "commune"} <= set(short["offer"])
        assert "description" not in short["offer"]
        assert {k: v for k, v in short.items() if k != "offer"} == \
            {k: v for k, v in hit.items() if k != "offer"}


def test_cursor_pages_are_one_large_page(client):
    base = "/api/search?place=Lyon&radius_km=60"
    large = client.get(base + "&limit=60").json()
    assert large["total"] > 60
    pages, cursor = [], ""
    while len(pages) < 60:
        page = client.get(base + "&limit=20" + (f"&cursor={cursor}" if cursor else "")).json()
        pages += ids(page)
        cursor = page["next_cursor"]
    assert pages == ids(large)


def test_lists_repeated_or_comma_separated(client):
    repeated = client.get("/api/search?types=atelier&types=formation&limit=5").json()
    commas = client.get("/api/search?types=atelier,formation&limit=5").json()
    assert repeated == commas
    assert {h["offer"]["type"] for h in repeated["hits"]} <= {"atelier", "formation"}


def test_viewport_keeps_offers_inside(client):
    south, west, north, east = 48.7, 2.2, 49.0, 2.5
    answer = client.get(f"/api/search?bbox={south},{west},{north},{east}&limit=100").json()
    assert answer["total"] > 0
    for hit in answer["hits"]:
        lat, lon = hit["offer"]["location"]
        assert south <= lat <= north and west <= lon <= east


def test_profile_gives_verdicts_as_the_bindings(client, direct):
    import cartoffre

    answer = client.post("/api/search", json={
        "words": "", "place": "Paris", "radius_km": 20, "age": 23, "statuses": ["rsa"],
        "lives_in": "Paris", "mode": "inclusive", "today": "2026-11-24", "limit": 30,
        "full": True}).json()
    person = cartoffre.Profile(age=23, statuses=("rsa",), lives_in="Paris")
    expected = direct.search(near="Paris", radius_km=20, profile=person, mode="inclusive",
                             today="2026-11-24", limit=30).to_dict()
    assert answer == expected
    assert all(hit["verdict"] in ("no-criteria", "eligible", "to-check", "ineligible") for hit in answer["hits"])


def test_offer_and_explain(client, direct):
    hit = client.get("/api/search?place=Melun&radius_km=20&limit=1").json()["hits"][0]
    offer = client.get("/api/offers/" + hit["offer"]["id"]).json()
    opened = offer.pop("ouvert_maintenant")
    assert offer == direct.get(hit["offer"]["id"]).to_dict()
    assert set(opened) == {"ouvert", "texte"} and opened["texte"]
    explained = client.post("/api/explain", json={"id": offer["id"], "place": "Melun",
                                                  "radius_km": 20, "age": 30}).json()
    assert explained["offer"]["id"] == offer["id"]
    assert explained["verdict"] in ("no-criteria", "eligible", "to-check", "ineligible")
    assert explained["reasons"]


def test_places_autocomplete(client, direct):
    answer = client.get("/api/places?q=Melu").json()
    assert answer == direct.complete_place("Melu", limit=10)
    assert "Melun (77)" in [p["label"] for p in answer]
    assert client.get("/api/places?q=").json() == []
    assert client.get("/api/places?q=" + "m" * 101).status_code == 422
    assert client.get("/api/places?q=Mel&limit=21").status_code == 422


def test_facets_of_the_index_and_of_a_search(client, direct):
    everything = client.get("/api/facets").json()
    assert everything["total"] == 3000  # the offers generated for the index
    assert sum(f["count"] for f in everything["facets"]["types"]) <= 3000
    some = client.get("/api/facets?place=Melun&radius_km=20").json()
    results = direct.search(near="Melun", radius_km=20, limit=0)
    assert some == {"total": results.total, "facets": results.to_dict()["facets"]}


# ---- headers, crafted paths, what the page loads ------------------------------------------

@pytest.mark.parametrize("path", ["/", "/api/search?words=emploi", "/static/app.js",
                                  "/api/offers/nowhere--0", "/vendor/dsfr/dsfr.min.css",
                                  "/api/v1/doc/frais"])
def test_every_answer_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/static/app.js%00.png", "/static/%00", "/vendor/dsfr/%00x",
                                  "/static/" + "a" * 5000, "/static/..%2f..%2fapp.py",
                                  "/static/%2e%2e/app.py", "/vendor/leaflet/../../app.py",
                                  "/api/offers/%00", "/api/offers/a%0Ab", "/%ff%fe"])
def test_crafted_paths_are_never_a_500(client, path):
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    assert "cartoffre" not in response.text or response.status_code != 200 or path == "/"


def test_api_docs_are_off_and_the_page_loads_nothing_from_elsewhere(client):
    assert client.get("/api/docs").status_code == 404
    page = client.get("/").text
    assert not re.findall(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "<script>" not in page and " on" + "click=" not in page and "style=" not in page
    assert "/vendor/dsfr/dsfr.min.css" in page
    assert client.get("/vendor/dsfr/dsfr.min.css").status_code == 200


def test_tiles_default_to_osm_france_and_can_be_set_or_off(client, monkeypatch):
    import settings

    monkeypatch.delenv("CARTOFFRE_PORTAL_TILES", raising=False)
    default = settings.tiles()
    assert "tile.openstreetmap.fr" in default["tiles"] and "OpenStreetMap" in \
        default["tiles_attribution"]
    assert "https://*.tile.openstreetmap.fr" in dict(settings.security_headers())[
        b"content-security-policy"].decode()
    monkeypatch.setenv("CARTOFFRE_PORTAL_TILES", "http://127.0.0.1:9/t/{z}/{x}/{y}.png")
    assert settings.tile_origin(settings.tiles()["tiles"]) == "http://127.0.0.1:9"
    monkeypatch.setenv("CARTOFFRE_PORTAL_TILES", "off")
    assert settings.tiles()["tiles"] == ""
    assert "openstreetmap" not in dict(settings.security_headers())[
        b"content-security-policy"].decode()


def test_config_gives_the_labels_of_every_code_an_offer_shows(client, direct):
    labels = client.get("/api/config").json()["labels"]
    offers = [h.offer.to_dict() for h in direct.search(near="Melun", radius_km=30, limit=100)]
    for offer in offers:
        for field in ("thematiques", "publics", "modes_accueil", "modes_mobilisation",
                      "mobilisable_par"):
            for code in offer[field]:
                assert code in labels[field], (field, code)
        for field in ("type", "frais"):
            assert not offer[field] or offer[field] in labels[field], (field, offer[field])
    assert labels["modes_accueil"]["en-presentiel"] == "En présentiel"


def test_coverage_layer_is_the_librarys(client, direct):
    answer = client.get("/api/coverage?departement=77&theme=numerique&radius_km=10")
    assert answer.status_code == 200, answer.text
    layer = answer.json()
    expected = direct.coverage(departements=("77",), themes=("numerique",),
                               radius_km=10).to_dict()
    assert len(layer["communes"]) == len(expected["communes"]) > 400
    for mine, theirs in zip(layer["communes"], expected["communes"]):
        assert mine["code"] == theirs["code"]
        assert mine["distance_km"] == theirs["distance_km"]
        assert mine["centre"] == list(theirs["centre"])
        assert mine["au_dela_du_rayon"] == theirs["au_dela_du_rayon"]
    assert layer["totaux"] == expected["totaux"]
    assert client.get("/api/coverage?departement=77").json()["parameter"] == "theme"
    assert client.get("/api/coverage?departement=7&theme=numerique").status_code == 422
    assert client.get("/api/coverage?departement=77&theme=numerique&rayon=3").status_code == 422
    assert client.get("/api/coverage?departement=77&theme=zzz").status_code == 400


def test_page_and_leaflet_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "/vendor/leaflet/leaflet.js" in page.text
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/markercluster/leaflet.markercluster.js").status_code == 200
    assert client.get("/static/app.js").status_code == 200


# ---- a person's profile never reaches the server's log -----------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(command, env, log_path, requests):
    """Starts the server, sends the requests, stops it; its whole output."""
    port = free_port()
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command + ["--port", str(port)], env=env, stdout=log,
                                  stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True)
        try:
            for _ in range(300):  # up to 30 s on a loaded machine
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/config", timeout=2)
                    break
                except OSError:
                    assert server.poll() is None, Path(log_path).read_text()
                    time.sleep(0.1)
            for path in requests:
                # A path alone is a GET; (path, body) POSTs the body as JSON.
                path, body = (path, None) if isinstance(path, str) else path
                data = None if body is None else json.dumps(body).encode()
                request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                                 headers={"Content-Type": "application/json"})
                try:
                    urllib.request.urlopen(request, timeout=10)
                except urllib.error.HTTPError:
                    pass  # the errors are part of the test: their messages quote the profile
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=20)
    return Path(log_path).read_text(errors="replace")


PERSON_REQUESTS = [
    ("/api/search", {"words": "emploi", "place": "Melun", "age": 47, "genre": "femme",
                     "lives_in": "Fontainebleau", "statuses": ["rsa", "aah"],
                     "diplome": "bac+2", "qpv": True, "permis": False, "vehicule": False}),
    ("/api/search", {"place": "Melun", "statuses": ["zz-secret-status"]}),  # 400 quoting it
    ("/api/search", {"place": "Melun", "lives_in": "Zzsecretville"}),  # 400 quoting it
    ("/api/search", {"place": "Melun", "age": "secret-age-value"}),  # 422
    ("/api/explain", {"id": "nowhere--0", "age": 47, "lives_in": "Fontainebleau"}),
    "/api/search?words=emploi&place=Melun&age=47&lives_in=Fontainebleau",  # refused, 400
    "/api/offers/forged%0Aline%0D%0A2026-01-01%20cartoffre.portal%20INFO%20GET%20/api/x%20200",
]
SECRETS = ["Fontainebleau", "zz-secret-status", "Zzsecretville", "secret-age-value", "age=47",
           "statuses", "lives_in", "genre", "femme", "qpv", "diplome", "bac+2"]


def test_portal_command_never_logs_the_profile(index_dir, tmp_path):
    env = dict(os.environ, CARTOFFRE_INDEX=str(index_dir), WORKERS="1", PORT="")
    env.pop("CARTOFFRE_PORTAL_QUIET", None)
    output = serve(["bash", "tools/portal/run.sh"], env, tmp_path / "portal.log", PERSON_REQUESTS)
    assert "POST /api/search 200" in output, output  # the app's own request log is there
    assert "POST /api/search 400" in output and "POST /api/search 422" in output, output
    assert "GET /api/search 400" in output, output
    for secret in SECRETS:
        assert secret not in output, f"{secret!r} in the log:\n{output}"
    # A newline in an offer id is written as an escape: no forged line.
    lines = output.splitlines()
    assert not [line for line in lines if line.startswith(("line", "2026-01-01"))], output
    assert any("/api/offers/forged\\x0aline\\x0d\\x0a2026" in line for line in lines), output


def test_uvicorn_access_log_would_leak_it(index_dir, tmp_path):
    # The check above can fail: uvicorn's own access log (left on here) prints query strings.
    env = dict(os.environ, CARTOFFRE_INDEX=str(index_dir), CARTOFFRE_PORTAL_QUIET="1")
    command = [sys.executable, "-m", "uvicorn", "app:app", "--app-dir", "tools/portal",
               "--host", "127.0.0.1"]
    output = serve(command, env, tmp_path / "uvicorn.log", PERSON_REQUESTS[-2:-1])
    assert "lives_in=Fontainebleau" in output, output
