"""The portal while Soliguide's catalogue is reloaded by the command (`cartoffre load`): searches
(misspelt words included) and page-throughs from several threads get no 5xx; once the loads are
done the answers show the last generation within seconds, without restart; a cursor of a
generation the portal has left is answered 409 with the French sentence; no body names a file
of the server.

Run by ctest: CARTOFFRE_TOOL=<build>/tools/cartoffre PYTHONPATH=<build>/bindings/python
/usr/bin/python3 -m pytest tests/portal/test_reload.py
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "portal"))
TOOL = os.environ.get("CARTOFFRE_TOOL", str(REPO / "build" / "tools" / "cartoffre"))
MAPPINGS = REPO / "data" / "mappings"
SHARED = Path(os.environ.get("CARTOFFRE_SHARED_DATA") or REPO.parent / "shared" / "data")
SOLIGUIDE_A, SOLIGUIDE_B = 29, 20  # offers of each version (online places only)

SEARCHES = [
    "/api/search?sources=soliguide&limit=5",
    "/api/search?words=jardn",  # misspelt
    "/api/search?words=agance%20emplio&place=Lyon&radius_km=80",  # misspelt
    "/api/search?place=Paris&radius_km=10&full=true",
    "/api/facets",
    "/api/facets?words=emploi",
    "/api/places?q=Bobi",
]


def run(*args):
    done = subprocess.run([TOOL, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def loads(tmp_path_factory):
    """The index (Pôle emploi and Soliguide version A), and a load of either version."""
    directory = tmp_path_factory.mktemp("portal-reload")
    version_a = SHARED / "catalogues" / "soliguide_test_db_places.csv"
    version_b = directory / "soliguide_b.csv"
    rows = version_a.read_text(encoding="utf-8").splitlines()
    # Without its last 40 rows (drafts, out of scope either way) nor its online places 30 to
    # 39: 9 offers fewer.
    kept = [r for r in rows[:-40] if not (r[:1] == "3" and r[2:3] == ",")]
    version_b.write_text("\n".join(kept) + "\n", encoding="utf-8")
    index = directory / "index"
    run("index", "--index", str(index), "--mapping", str(MAPPINGS / "pole_emploi.json"),
        "--mapping", f"{MAPPINGS / 'soliguide.json'}={version_a}")

    def load(version):
        # Version B drops 9 of the 29 online places: a shrink the load must be told is wanted.
        run("load", "--index", str(index), "--allow-shrink", "--mapping",
            str(MAPPINGS / "soliguide.json"),
            str(version_a if version == "A" else version_b))

    load.index = index
    return load


@pytest.fixture(scope="module")
def client(loads):
    os.environ["CARTOFFRE_INDEX"] = str(loads.index)
    os.environ["CARTOFFRE_PORTAL_QUIET"] = "1"
    from fastapi.testclient import TestClient

    import app as portal

    with TestClient(portal.app) as test_client:
        yield test_client


def soliguide_total(client):
    return client.get("/api/search?sources=soliguide&limit=1").json()["total"]


def wait_for(client, total, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if soliguide_total(client) == total:
            return True
        time.sleep(0.1)
    return False


def test_searches_while_reloading_get_no_5xx_and_see_the_new_generation(client, loads):
    assert soliguide_total(client) == SOLIGUIDE_A
    statuses, bodies, pages, lock = {}, [], {"whole": 0, "stale": 0}, threading.Lock()
    loading = threading.Event()
    loading.set()

    def note(response):
        with lock:
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            bodies.append(response.text)

    problems = []

    def search(worker):
        try:
            search_until_loaded(worker)
        except Exception as failure:  # noqa: BLE001 - reported by the test, not lost in a thread
            problems.append(repr(failure))

    def search_until_loaded(worker):
        while loading.is_set():
            for url in SEARCHES[worker % 2::2]:
                note(client.get(url))
            # A page-through, 5 hits a page: whole, or refused as a whole when a reload landed.
            cursor, seen = "", 0
            while True:
                response = client.get("/api/search?place=Paris&radius_km=30&limit=5"
                                       + (f"&cursor={cursor}" if cursor else ""))
                note(response)
                if response.status_code == 409:
                    with lock:
                        pages["stale"] += 1
                    break
                page = response.json()
                seen += len(page["hits"])
                cursor = page["next_cursor"]
                if not cursor:
                    if seen != page["total"]:
                        problems.append(f"{seen} hits seen of {page['total']}")
                    with lock:
                        pages["whole"] += 1
                    break

    workers = [threading.Thread(target=search, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    try:
        for version in ("B", "A", "B", "A", "B"):
            loads(version)
            time.sleep(0.5)
    finally:
        loading.clear()
        for worker in workers:
            worker.join()

    print(f"answers by status {statuses}, page-throughs {pages}")
    assert problems == []
    assert not [status for status in statuses if status >= 500], statuses
    assert set(statuses) <= {200, 409}, statuses
    assert sum(statuses.values()) > 50 and pages["whole"] > 0, (statuses, pages)
    assert wait_for(client, SOLIGUIDE_B), "the last load (version B) never showed"
    # The whole index's facets follow the generation too.
    facets = client.get("/api/facets").json()
    assert facets["total"] == client.get("/api/search?limit=1").json()["total"]
    for body in bodies:
        assert str(loads.index) not in body and "gen-0" not in body


def test_a_cursor_of_the_generation_left_is_409_in_french(client, loads):
    url = "/api/search?place=Paris&radius_km=30&limit=5"
    before = soliguide_total(client)
    cursor = client.get(url).json()["next_cursor"]
    assert cursor
    loads("A" if before == SOLIGUIDE_B else "B")
    assert wait_for(client, SOLIGUIDE_A if before == SOLIGUIDE_B else SOLIGUIDE_B)
    response = client.get(f"{url}&cursor={cursor}")
    assert response.status_code == 409
    assert response.json() == {
        "error": "l'index a changé depuis la première page : relancez la recherche",
        "kind": "stale_cursor",
    }
    edited = cursor[:-1] + ("1" if cursor[-1] == "0" else "0")
    response = client.get(f"{url}&cursor={edited}")
    assert response.status_code == 400 and "curseur invalide" in response.json()["error"]


def test_an_index_error_names_no_server_file(client, loads, monkeypatch):
    import cartoffre

    import app as portal

    class Broken:
        def refresh(self):
            return False

        def search(self, **kwargs):
            raise cartoffre.IndexError(f"cannot read {loads.index}/gen-000009/records.bin")

    monkeypatch.setitem(portal.state, "index", Broken())
    response = client.get("/api/search?words=emploi")
    assert response.status_code == 503
    assert str(loads.index) not in response.text and "records.bin" not in response.text
    assert "indisponible" in response.json()["error"]


# ---- the same over HTTP: the portal as run.sh starts it (two workers), loads from the command --

def test_http_loads_while_searching_no_5xx_and_new_offers_shown(loads, tmp_path):
    """The command loads version B then A while threads search over HTTP (GET, and POST with
    a person): no 5xx, and each load is seen by both workers within seconds, A's offers back."""
    import json
    import signal
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, CARTOFFRE_INDEX=str(loads.index), CARTOFFRE_PORTAL_QUIET="1",
               CARTOFFRE_PORTAL_TILES="off", WORKERS="2", PORT=str(port))
    log = open(tmp_path / "portal.log", "wb")
    server = subprocess.Popen(["bash", "tools/portal/run.sh"], env=env, cwd=REPO, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)

    def ask(path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as failure:
            return failure.code, None

    def soliguide_ids():
        status, page = ask("/api/search?sources=soliguide&limit=100")
        assert status == 200, status
        return {hit["offer"]["id"] for hit in page["hits"]}

    def shown_by_both_workers(count, seconds=20):
        # Each request lands on either worker: several in a row all agreeing.
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if all(len(soliguide_ids()) == count for _ in range(6)):
                return True
            time.sleep(0.2)
        return False

    statuses, lock, searching = {}, threading.Lock(), threading.Event()
    person = {"words": "emploi", "place": "Paris", "radius_km": 20, "age": 30,
              "statuses": ["rsa"], "mode": "inclusive"}

    def search():
        while searching.is_set():
            for path, body in (("/api/search?words=emploi&place=Paris", None),
                               ("/api/search", person), ("/api/facets", None),
                               ("/api/search?sources=soliguide&limit=50", None)):
                status, _ = ask(path, body)
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1

    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/config", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "portal.log").read_text()
                time.sleep(0.1)
        searching.set()
        workers = [threading.Thread(target=search) for _ in range(3)]
        for worker in workers:
            worker.start()
        try:
            loads("B")
            assert shown_by_both_workers(SOLIGUIDE_B), "the load of B never showed"
            fewer = soliguide_ids()
            loads("A")
            assert shown_by_both_workers(SOLIGUIDE_A), "the load of A never showed"
            back = soliguide_ids() - fewer
        finally:
            searching.clear()
            for worker in workers:
                worker.join()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        log.close()
    print(f"answers by status {statuses}")
    assert len(back) == SOLIGUIDE_A - SOLIGUIDE_B  # the offers of A that B had not
    assert sum(statuses.values()) > 20, statuses
    assert set(statuses) == {200}, statuses
