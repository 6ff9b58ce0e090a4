"""The portal's JSON API: validation errors, library errors, answers compared with the bindings
called directly on the same index, and the rule that a person's profile never reaches a log.

Run by ctest: CARTOFFRE_TOOL=<build>/tools/cartoffre PYTHONPATH=<build>/bindings/python
/usr/bin/python3 -m pytest tests/portal/test_api.py
"""

import os
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
    ("age=-1", "age"),
    ("age=vingt", "age"),
    ("genre=autre", "genre"),
    ("qpv=peut-etre", "qpv"),
    ("statuses=RSA%20!", "statuses"),
    ("remote=sometimes", "remote"),
    ("sort=random", "sort"),
    ("mode=lenient", "mode"),
    ("today=26/11/2026", "today"),
    ("cursor=" + "c" * 513, "cursor"),
])
def test_search_refuses_malformed_parameters(client, query, parameter):
    response = client.get("/api/search?" + query)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["parameter"] == parameter
    assert body["error"].startswith(parameter + ": ")


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


@pytest.mark.parametrize("query", ["themes=not-a-theme", "types=not-a-type", "statuses=not-a-status",
                                   "cursor=zzzz", "diplome=doctorat-imaginaire"])
def test_unknown_codes_are_query_errors(client, query):
    response = client.get("/api/search?" + query)
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

    query = ("words=&place=Paris&radius_km=20&age=23&statuses=rsa&lives_in=Paris&mode=inclusive"
             "&today=2026-11-24&limit=30&full=true")
    answer = client.get("/api/search?" + query).json()
    person = cartoffre.Profile(age=23, statuses=("rsa",), lives_in="Paris")
    expected = direct.search(near="Paris", radius_km=20, profile=person, mode="inclusive",
                             today="2026-11-24", limit=30).to_dict()
    assert answer == expected
    assert all(hit["verdict"] in ("no-criteria", "eligible", "to-check", "ineligible") for hit in answer["hits"])


def test_offer_and_explain(client, direct):
    hit = client.get("/api/search?place=Melun&radius_km=20&limit=1").json()["hits"][0]
    offer = client.get("/api/offers/" + hit["offer"]["id"]).json()
    assert offer == direct.get(hit["offer"]["id"]).to_dict()
    explained = client.get(f"/api/explain?id={offer['id']}&place=Melun&radius_km=20&age=30").json()
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
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
                except urllib.error.HTTPError:
                    pass  # the errors are part of the test: their messages quote the profile
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=20)
    return Path(log_path).read_text(errors="replace")


PERSON_REQUESTS = [
    "/api/search?words=emploi&place=Melun&age=47&genre=femme&lives_in=Fontainebleau"
    "&statuses=rsa&statuses=aah&diplome=bac%2B2&qpv=true&permis=false&vehicule=false",
    "/api/search?place=Melun&statuses=zz-secret-status",      # 400 quoting the status
    "/api/search?place=Melun&lives_in=Zzsecretville",         # 400 quoting the residence
    "/api/search?place=Melun&age=secret-age-value",          # 422
    "/api/explain?id=nowhere--0&age=47&lives_in=Fontainebleau",
]
SECRETS = ["Fontainebleau", "zz-secret-status", "Zzsecretville", "secret-age-value", "age=47",
           "statuses=", "lives_in", "genre=femme", "qpv=", "diplome="]


def test_portal_command_never_logs_the_profile(index_dir, tmp_path):
    env = dict(os.environ, CARTOFFRE_INDEX=str(index_dir), WORKERS="1", PORT="")
    env.pop("CARTOFFRE_PORTAL_QUIET", None)
    output = serve(["bash", "tools/portal/run.sh"], env, tmp_path / "portal.log", PERSON_REQUESTS)
    assert "GET /api/search 200" in output, output  # the app's own request log is there
    assert "GET /api/search 400" in output and "GET /api/search 422" in output, output
    for secret in SECRETS:
        assert secret not in output, f"{secret!r} in the log:\n{output}"


def test_uvicorn_access_log_would_leak_it(index_dir, tmp_path):
    # The check above can fail: uvicorn's own access log (left on here) prints query strings.
    env = dict(os.environ, CARTOFFRE_INDEX=str(index_dir), CARTOFFRE_PORTAL_QUIET="1")
    command = [sys.executable, "-m", "uvicorn", "app:app", "--app-dir", "tools/portal",
               "--host", "127.0.0.1"]
    output = serve(command, env, tmp_path / "uvicorn.log", PERSON_REQUESTS[:1])
    assert "lives_in=Fontainebleau" in output, output
