"""The reference portal: a JSON API over the cartoffre bindings and a static page with a map.

    CARTOFFRE_INDEX=build/index /usr/bin/python3 -m uvicorn app:app --app-dir tools/portal \
        --no-access-log --workers 2          (tools/portal/run.sh does this)

Endpoints: /api/search, /api/facets, /api/offers/{id}, /api/explain, /api/places?q=,
/api/config; data·inclusion's API v1 under /api/v1 (api_v1.py); the page at /, its files under
/static and Leaflet under /vendor.

A person's profile (age, statuses, residence...) arrives in the query string of /api/search and
/api/explain. It is used for one call and never stored, and it never reaches a log: uvicorn's
access log (which prints the query string) must be off (--no-access-log, as run.sh does), and
this app logs requests itself through AccessLog below, which writes the path without the
query string. Library errors, whose messages may quote a profile value ("unknown status ..."),
go back to the caller only and are not logged. tests/portal/test_api.py checks the server's
output after searches with a profile.

Endpoints are plain `def`: FastAPI runs them in its thread pool, and the bindings release the
GIL while C++ searches, so a search never blocks the event loop and threads search in parallel.

Reloads: the index opened at start keeps answering from its generation whatever loads happen;
at most once a second a request moves it to the newest one (Index.refresh(), under way searches
finishing with theirs), so a load shows within a second or two, without restart and without a
failed request. A cursor of the generation left is answered 409 with the library's French
sentence (search again). Error bodies never name a server file: the library's IndexError and
DataError sentences do, so they are replaced by a fixed one.
"""

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import List, Optional

import cartoffre
from fastapi import Depends, FastAPI, Path as PathParam, Query
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

import api_v1
import params
from params import MAX_CURSOR, MAX_ID, MAX_TEXT, BadParameter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
log = logging.getLogger("cartoffre.portal")
# Its own handler, not the root's: uvicorn's loggers propagate to the root and would print twice.
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def _index_path():
    return Path(os.environ.get("CARTOFFRE_INDEX") or REPO / "build" / "index")


def _data_dir():
    return Path(os.environ.get("CARTOFFRE_DATA") or REPO / "data")


class AccessLog:
    """ASGI middleware: one log line per request with method, path (never the query string,
    which may hold a person's profile), status and milliseconds; an unexpected exception is
    logged by its type only and answered 500."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        method, path = scope["method"], scope["path"]  # before a mount rewrites the scope
        status = {"code": 500, "sent": False}

        async def send_status(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["sent"] = True
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        except Exception as error:  # the message may quote a query value: type only
            log.error("%s %s failed: %s", method, path, type(error).__name__)
            if not status["sent"]:
                await JSONResponse({"error": "erreur interne"}, status_code=500)(scope, receive, send)
        if os.environ.get("CARTOFFRE_PORTAL_QUIET") != "1":
            ms = (time.perf_counter() - start) * 1000
            log.info("%s %s %d %.1f ms", method, path, status["code"], ms)


app = FastAPI(title="cartoffre", docs_url="/api/docs", openapi_url="/api/openapi.json")
state = {}
# How often a request looks for a newer generation (CURRENT read: a few microseconds).
REFRESH_SECONDS = float(os.environ.get("CARTOFFRE_PORTAL_REFRESH_SECONDS", "1"))
_refreshing = threading.Lock()


def whole_index_facets(opened):
    everything = opened.search(limit=0)
    return {"total": everything.total, "facets": everything.to_dict()["facets"]}


@app.on_event("startup")
def open_index():
    state["index"] = cartoffre.Index.open(str(_index_path()))
    state["checked"] = time.monotonic()
    # The whole index's facets (again at each new generation) and the form's vocabularies.
    state["facets"] = whole_index_facets(state["index"])
    data = _data_dir()
    api_v1.configure(index, data, _index_path())
    pick = lambda rows: [{"code": r["code"], "label": r["label"]} for r in rows]  # noqa: E731
    state["config"] = {
        # Map tiles: none by default (no tile server is reachable here); a département sets
        # its own, e.g. CARTOFFRE_PORTAL_TILES=https://tiles.example/{z}/{x}/{y}.png
        "tiles": os.environ.get("CARTOFFRE_PORTAL_TILES", ""),
        "tiles_attribution": os.environ.get("CARTOFFRE_PORTAL_TILES_ATTRIBUTION", ""),
        "statuses": pick(params.read_table(data / "eligibility" / "statuses.tsv")),
        "diplomas": pick(params.read_table(data / "eligibility" / "diplomas.tsv")),
        "categories": pick(params.read_table(data / "taxonomy" / "categories.tsv")),
    }


def index():
    """The open index, moved to the newest generation at most every REFRESH_SECONDS by the
    request that finds it due (the others go on with the generation held meanwhile)."""
    opened = state["index"]
    if time.monotonic() - state["checked"] >= REFRESH_SECONDS and _refreshing.acquire(False):
        try:
            state["checked"] = time.monotonic()
            if opened.refresh():
                state["facets"] = whole_index_facets(opened)
                log.info("generation %s", opened.generation)
        except cartoffre.Error as failure:  # kept answering from the generation held
            log.error("refresh failed: %s", type(failure).__name__)
        finally:
            _refreshing.release()
    return opened


def json_response(body, status_code=200):
    # json.dumps straight away: FastAPI's jsonable_encoder walks every value again, which costs
    # more than the search itself on a page of full offers.
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status_code=status_code, media_type="application/json")


def error(status_code, message, **extra):
    return json_response({"error": message, **extra}, status_code)


def data_inclusion_route(request):
    # data·inclusion's clients read FastAPI's own error shape, {"detail": ...}.
    return request.url.path.startswith(api_v1.router.prefix + "/")


@app.exception_handler(RequestValidationError)
def invalid_request(request, exc):
    if data_inclusion_route(request):
        return json_response({"detail": jsonable_encoder(exc.errors())}, 422)
    problems = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"] if p not in ("query", "path"))
        problems.append({"parameter": where, "message": e["msg"]})
    first = problems[0] if problems else {"parameter": "", "message": "invalid request"}
    return error(422, f"{first['parameter']}: {first['message']}", parameter=first["parameter"],
                 problems=problems)


@app.exception_handler(BadParameter)
def bad_parameter(request, exc):
    if data_inclusion_route(request):
        return json_response({"detail": [{"loc": ["query", exc.name], "msg": str(exc),
                                          "type": "value_error"}]}, 422)
    return error(422, f"{exc.name}: {exc}", parameter=exc.name,
                 problems=[{"parameter": exc.name, "message": str(exc)}])


@app.exception_handler(cartoffre.Error)
def library_error(request, exc):
    # The library's own sentence ("lieu inconnu « Meluin » : vouliez-vous dire « Melun (77) » ?").
    if isinstance(exc, cartoffre.StaleCursorError):
        return error(409, str(exc), kind="stale_cursor")
    if isinstance(exc, cartoffre.PlaceError):
        return error(400, str(exc), kind="place")
    if isinstance(exc, cartoffre.QueryError) and data_inclusion_route(request):
        return json_response({"detail": str(exc)}, 422)  # an unknown source, theme...
    if isinstance(exc, cartoffre.QueryError):
        return error(400, str(exc), kind="query")
    # An index or data error names files of this server: its type is logged, not its message
    # (which may quote a query value), and the caller gets a fixed sentence.
    log.error("%s", type(exc).__name__)
    return error(503, "l'index est momentanément indisponible : réessayez dans un instant",
                 kind="index")


async def profile(
    age: Optional[int] = Query(None, ge=0, le=130),
    genre: str = Query("", max_length=10, regex="^(|femme|homme)$"),
    lives_in: str = Query("", max_length=MAX_TEXT),
    qpv: Optional[bool] = None,
    statuses: List[str] = Query([]),
    diplome: str = Query("", max_length=40),
    permis: Optional[bool] = None,
    vehicule: Optional[bool] = None,
):
    """The person's situation, or None when no field is given. Used for one call only."""
    status_codes = params.codes("statuses", statuses)
    if diplome:
        params.codes("diplome", [diplome])
    given = (age is not None or genre or lives_in.strip() or qpv is not None or status_codes
             or diplome or permis is not None or vehicule is not None)
    if not given:
        return None
    return cartoffre.Profile(age=age, genre=genre, lives_in=lives_in.strip(), qpv=qpv,
                             statuses=status_codes, diplome=diplome, permis=permis,
                             vehicule=vehicule)


async def search_arguments(
    words: str = Query("", max_length=MAX_TEXT),
    place: str = Query("", max_length=MAX_TEXT),
    radius_km: float = Query(50.0, gt=0, le=200),
    themes: List[str] = Query([]),
    publics: List[str] = Query([]),
    types: List[str] = Query([]),
    frais: List[str] = Query([]),
    sources: List[str] = Query([]),
    remote: str = Query("include", regex="^(include|exclude|only)$"),
    mode: str = Query("strict", regex="^(strict|inclusive)$"),
    available: bool = False,
    today: str = Query("", max_length=10, regex=r"^(|\d{4}-\d{2}-\d{2})$"),
    bbox: str = Query("", max_length=120),
    sort: str = Query("auto", regex="^(auto|distance|relevance|blend)$"),
    person=Depends(profile),
):
    return dict(text=words, near=place.strip() or None, radius_km=radius_km,
                themes=params.codes("themes", themes), publics=params.codes("publics", publics),
                types=params.codes("types", types), frais=params.codes("frais", frais),
                sources=params.codes("sources", sources), remote=remote, profile=person,
                mode=mode, available=available, today=today or None, bbox=params.bbox(bbox),
                sort=sort)


@app.get("/api/search")
def search(arguments: dict = Depends(search_arguments),
           limit: int = Query(20, ge=1, le=100),
           cursor: str = Query("", max_length=MAX_CURSOR),
           full: bool = False):
    """A page of offers; each hit's offer is a summary (SUMMARY) unless full=true."""
    results = index().search(limit=limit, cursor=cursor or None, **arguments)
    return json_response(page_of(results, full))


# What a result list and its markers show of an offer; /api/offers/{id} gives every field.
# A page of full offers is ~45 kB of JSON whose encoding costs more than the search.
# Keys are the bindings' (data·inclusion v1 names); the summary adds "location", the marker's
# [lat, lon] (or null), which the page's map takes as it is.
SUMMARY = ("id", "source", "nom", "structure_nom", "adresse", "code_postal", "commune",
           "localisation_approximative", "type", "frais", "modes_accueil", "date_maj")


def page_of(results, full=False):
    page = results.to_dict()
    if not full:
        for hit in page["hits"]:
            offer = hit["offer"]
            located = offer["latitude"] is not None and offer["longitude"] is not None
            hit["offer"] = {key: offer[key] for key in SUMMARY}
            hit["offer"]["location"] = [offer["latitude"], offer["longitude"]] if located else None
    return page


@app.get("/api/facets")
def facets(arguments: dict = Depends(search_arguments)):
    """Counts per category, type, frais and public: of the whole index without parameters, else
    of the offers the same search would find."""
    opened = index()  # refreshes the whole index's facets with the generation
    if not any(v for k, v in arguments.items() if k not in ("radius_km", "remote", "mode", "sort")):
        return json_response(state["facets"])
    results = opened.search(limit=0, **arguments)
    return json_response({"total": results.total, "facets": results.to_dict()["facets"]})


@app.get("/api/offers/{offer_id}")
def offer(offer_id: str = PathParam(..., max_length=MAX_ID)):
    found = index().get(offer_id)
    if found is None:
        return error(404, f"aucune offre d'identifiant « {offer_id[:MAX_ID]} » dans cet index")
    return json_response(found.to_dict())


@app.get("/api/explain")
def explain(id: str = Query(..., min_length=1, max_length=MAX_ID),
            place: str = Query("", max_length=MAX_TEXT),
            radius_km: float = Query(50.0, gt=0, le=200),
            today: str = Query("", max_length=10, regex=r"^(|\d{4}-\d{2}-\d{2})$"),
            person=Depends(profile)):
    opened = index()  # one generation for both calls
    if opened.get(id) is None:
        return error(404, f"aucune offre d'identifiant « {id} » dans cet index")
    explanation = opened.explain(id, near=place.strip() or None, radius_km=radius_km,
                                  profile=person, today=today or None)
    return json_response(explanation.to_dict())


@app.get("/api/places")
def places(q: str = Query("", max_length=100), limit: int = Query(10, ge=1, le=20)):
    if not q.strip():
        return json_response([])
    return json_response(index().complete_place(q, limit=limit))


@app.get("/api/config")
def config():
    return json_response(state["config"])


app.include_router(api_v1.router)


@app.get("/")
def page():
    return FileResponse(HERE / "static" / "index.html")


app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
# Leaflet from npm (tools/portal/node_modules, installed by `npm ci`), served from here: the
# page loads nothing from another host.
_modules = HERE / "node_modules"
app.mount("/vendor/leaflet", StaticFiles(directory=_modules / "leaflet" / "dist", check_dir=False),
          name="leaflet")
app.mount("/vendor/markercluster",
          StaticFiles(directory=_modules / "leaflet.markercluster" / "dist", check_dir=False),
          name="markercluster")
app = AccessLog(app)
