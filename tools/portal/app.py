"""The reference portal: a JSON API over the cartoffre bindings and a static page with a map.

    CARTOFFRE_INDEX=build/index /usr/bin/python3 -m uvicorn app:app --app-dir tools/portal \
        --no-access-log --workers 2          (tools/portal/run.sh does this)

Endpoints: /api/search, /api/facets, /api/explain (GET, or POST with a JSON body),
/api/offers/{id}, /api/places?q=, /api/config; data·inclusion's API v1 under /api/v1
(api_v1.py); the page at /, its files under /static, Leaflet and the DSFR under /vendor.
What an operator sets (tiles, headers, labels) is in settings.py.

A person's profile (age, statuses, residence...) arrives in the JSON body of a POST: a GET
carrying it is refused (params.from_query), since addresses end up in proxy, browser and server
logs. It is used for one call and never stored, and it never reaches a log: uvicorn's access
log must be off (--no-access-log, as run.sh does) and this app logs requests itself through
AccessLog below, which writes the path without the query string, control characters escaped.
Library errors, whose messages may quote a profile value ("unknown status ..."), go back to the
caller only and are not logged. tests/portal/test_api.py checks the server's output after
searches with a profile.

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
import re
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import cartoffre
from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

import api_v1
import layers
import params
import settings
from params import MAX_ID, BadParameter

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


def loggable(path):
    """A request path as one log line: control characters (a newline in an offer id would forge
    a line) written as escapes, the length bounded."""
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", path[:300])
    return escaped + ("…" if len(path) > 300 else "")


class AccessLog:
    """ASGI middleware: one log line per request with method, path (never the query string,
    which may hold a person's profile), status and milliseconds; an unexpected exception is
    logged by its type only and answered 500. Every answer gets the security headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        method, path = scope["method"], loggable(scope["path"])  # before a mount rewrites it
        status = {"code": 500, "sent": False}

        async def send_status(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["sent"] = True
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + settings.security_headers()
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        except Exception as error:  # the message may quote a query value: type only
            log.error("%s %s failed: %s", method, path, type(error).__name__)
            if not status["sent"]:
                await JSONResponse({"error": "erreur interne"}, status_code=500)(
                    scope, receive, send_status)
        if os.environ.get("CARTOFFRE_PORTAL_QUIET") != "1":
            ms = (time.perf_counter() - start) * 1000
            log.info("%s %s %d %.1f ms", method, path, status["code"], ms)


# /api/docs (swagger-ui) would load its script and style from a CDN and run inline script,
# which the page's Content-Security-Policy forbids: off unless CARTOFFRE_PORTAL_API_DOCS=1.
_docs = os.environ.get("CARTOFFRE_PORTAL_API_DOCS") == "1"
app = FastAPI(title="cartoffre", docs_url="/api/docs" if _docs else None, redoc_url=None,
              openapi_url="/api/openapi.json")
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
        **settings.tiles(),  # OpenStreetMap France unless set (settings.py)
        "labels": settings.labels(data),
        "statuses": pick(params.read_table(data / "eligibility" / "statuses.tsv")),
        "diplomas": pick(params.read_table(data / "eligibility" / "diplomas.tsv")),
        "categories": pick(params.read_table(data / "taxonomy" / "categories.tsv")),
    }
    layers.configure(index)


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


@app.exception_handler(params.Refused)
def refused(request, exc):
    first = exc.problems[0]["parameter"] if exc.problems else ""
    return error(exc.status, str(exc), parameter=first, problems=exc.problems)


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


def question(model, request, body, allowed=None):
    """The model of a GET's query string or of a POST's JSON body (which takes no query)."""
    if request.method == "GET":
        return params.from_query(model, request.query_params, allowed)
    if request.query_params:
        params.from_query(model, request.query_params, ())  # names the misplaced parameters
    return params.from_body(model, body, allowed)


async def json_body(request: Request):
    if request.method != "POST":
        return None
    try:
        return json.loads(await request.body() or b"{}")
    except ValueError:
        raise params.Refused(400, "corps : JSON illisible", [{"parameter": "corps",
                                                               "message": "JSON illisible"}])


@app.get("/api/search")
@app.post("/api/search")
def search(request: Request, body=Depends(json_body)):
    """A page of offers; each hit's offer is a summary (SUMMARY) unless full=true. A person's
    facts come in a POST body only."""
    form = question(params.Search, request, body)
    results = index().search(limit=form.limit, cursor=form.cursor or None,
                             **params.search_arguments(form))
    return json_response(page_of(results, form.full))


# What a result list and its markers show of an offer; /api/offers/{id} gives every field.
# A page of full offers is ~45 kB of JSON whose encoding costs more than the search.
# Keys are the bindings' (data·inclusion v1 names); the summary adds "location", the marker's
# [lat, lon] (or null), which the page's map takes as it is.
# Whom to call comes first in every result: structure, phone, e-mail, address.
SUMMARY = ("id", "source", "nom", "structure_nom", "telephone", "courriel", "adresse",
           "code_postal", "commune", "localisation_approximative", "type", "frais",
           "modes_accueil", "thematiques", "date_maj")


def page_of(results, full=False):
    page = results.to_dict()
    if not full:
        for hit in page["hits"]:
            offer = hit["offer"]
            located = offer["latitude"] is not None and offer["longitude"] is not None
            hit["offer"] = {key: offer[key] for key in SUMMARY}
            hit["offer"]["location"] = [offer["latitude"], offer["longitude"]] if located else None
    return page


FACETS_ALLOWED = set(params.Search.__fields__) - {"limit", "cursor", "full"}


@app.get("/api/facets")
@app.post("/api/facets")
def facets(request: Request, body=Depends(json_body)):
    """Counts per category, type, frais and public: of the whole index without parameters, else
    of the offers the same search would find."""
    form = question(params.Search, request, body, FACETS_ALLOWED)
    opened = index()  # refreshes the whole index's facets with the generation
    if not form.dict(exclude_defaults=True):
        return json_response(state["facets"])
    results = opened.search(limit=0, **params.search_arguments(form))
    return json_response({"total": results.total, "facets": results.to_dict()["facets"]})


@app.get("/api/offers/{offer_id}")
def offer(offer_id: str = PathParam(..., max_length=MAX_ID)):
    opened = index()
    found = opened.get(offer_id)
    if found is None:
        return error(404, f"aucune offre d'identifiant « {offer_id[:MAX_ID]} » dans cet index")
    # Open now, by the offer's own clock and with the public holidays: the library's reading
    # of its hours ({"ouvert": null} when they are unknown or unreadable).
    now = opened.explain(offer_id, open_at=datetime.now(timezone.utc)).to_dict()["reasons"]
    hours = next((r for r in now if r["code"] == "horaires"), None)
    answer = found.to_dict()
    answer["ouvert_maintenant"] = {
        "ouvert": None if hours is None or hours["outcome"] == "to-check"
        else hours["outcome"] == "eligible",
        "texte": hours["text"] if hours else ""}
    return json_response(answer)


@app.get("/api/explain")
@app.post("/api/explain")
def explain(request: Request, body=Depends(json_body)):
    form = question(params.Explain, request, body)
    opened = index()  # one generation for both calls
    if opened.get(form.id) is None:
        return error(404, f"aucune offre d'identifiant « {form.id} » dans cet index")
    explanation = opened.explain(form.id, near=form.place or None, radius_km=form.radius_km,
                                 profile=params.person_of(form), **params.moment_of(form))
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
app.include_router(layers.router)


@app.get("/")
def page():
    return FileResponse(HERE / "static" / "index.html")


class Files(StaticFiles):
    """Static files where a crafted path (a NUL byte, a name too long for the system) is not
    found rather than a 500."""

    async def get_response(self, path, scope):
        if "\x00" in path or len(path) > 1000:
            return error(404, "fichier introuvable")
        try:
            return await super().get_response(path, scope)
        except (ValueError, OSError):
            return error(404, "fichier introuvable")


app.mount("/static", Files(directory=HERE / "static"), name="static")
# Leaflet and the State's design system (DSFR) from npm (tools/portal/node_modules, installed
# by `npm ci`), served from here: the page loads nothing from another host but the map tiles.
_modules = HERE / "node_modules"
for _url, _dir in (("/vendor/leaflet", "leaflet/dist"),
                   ("/vendor/markercluster", "leaflet.markercluster/dist"),
                   ("/vendor/dsfr", "@gouvfr/dsfr/dist")):
    app.mount(_url, Files(directory=_modules / _dir, check_dir=False), name=_url[8:])
app = AccessLog(app)
