"""What the data·inclusion v1 routes share (api_v1*.py): the index, bearer tokens, strict query
strings, the v1 service and structure shapes, JSON answers.

Tokens: data·inclusion answers its data routes only with `Authorization: Bearer <token>`.
Here that check is off unless CARTOFFRE_API_TOKENS names a file of accepted tokens, stored as
their SHA-256 in hexadecimal, one a line (`printf %s "$token" | sha256sum`): a local deployment
serves without tokens, and a leaked copy of the file gives nobody a token. The file is read
again when it changes, so a token is added or revoked without a restart. A token is never
logged (app.py's log writes method, path and status; headers never).
"""

import hashlib
import json
import math
import os
import threading
from pathlib import Path

import cartoffre
from fastapi import Depends, HTTPException, Request
from fastapi.dependencies.utils import get_flat_dependant
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

SERVICE_FIELDS = (
    "adresse", "code_insee", "code_postal", "commune", "complement_adresse", "conditions_acces",
    "contact_nom_prenom", "courriel", "date_maj", "description", "frais", "frais_precisions",
    "horaires_accueil", "id", "latitude", "lien_mobilisation", "lien_source", "longitude",
    "mobilisable_par", "mobilisation_precisions", "modes_accueil", "modes_mobilisation", "nom",
    "nombre_semaines", "publics", "publics_precisions", "source", "structure_id", "telephone",
    "thematiques", "type", "volume_horaire_hebdomadaire", "zone_eligibilite")
# The v1 structure's fields; the index keeps of a structure its id, name and SIRET only.
STRUCTURE_FIELDS = (
    "accessibilite_lieu", "adresse", "code_insee", "code_postal", "commune", "complement_adresse",
    "courriel", "date_maj", "description", "horaires_accueil", "id", "latitude", "lien_source",
    "longitude", "nom", "reseaux_porteurs", "siret", "site_web", "source", "telephone")
MAX_SIZE = 10000  # data·inclusion's page bound, also the library's
TOKENS_ENV = "CARTOFFRE_API_TOKENS"

setup = {}


def configure(index_of, data_dir, index_path=None):
    """index_of(): the portal's index, refreshed as its own routes see it; index_path: its
    directory, which `curseur` opens again to hold a generation (api_v1_paging.py)."""
    setup.clear()
    _encoded.clear()
    setup.update(index=index_of, data=Path(data_dir), path=index_path, docs={},
                 sources=(None, []), structures=(None, None))


def index():
    return setup["index"]()


def strict(request: Request):
    """422 naming every query parameter the route does not take."""
    route = request.scope.get("route")
    if route is None:
        return
    known = {p.alias for p in get_flat_dependant(route.dependant).query_params}
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        # FastAPI's answer to an HTTPException is data·inclusion's shape, {"detail": ...}.
        raise HTTPException(422, [{"loc": ["query", name], "msg": f"unknown parameter `{name}`",
                                   "type": "value_error.extra"} for name in unknown])


class Tokens:
    """The accepted tokens' hashes, read from the file again when its mtime or size changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen = (None, None, frozenset())  # path, (mtime, size), hashes

    def hashes(self, path):
        try:
            stat = os.stat(path)
        except OSError:
            return frozenset()  # a missing file accepts nobody: never open by accident
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._seen[:2] != (path, stamp):
                lines = Path(path).read_text(encoding="ascii", errors="replace").splitlines()
                found = frozenset(line.strip().lower() for line in lines
                                  if line.strip() and not line.startswith("#"))
                self._seen = (path, stamp, found)
            return self._seen[2]


_tokens = Tokens()
# auto_error=False: FastAPI 0.92 answers a missing header 403; data·inclusion answers 401.
_bearer = HTTPBearer(auto_error=False, description="data·inclusion's bearer token; required "
                     f"only when the server sets {TOKENS_ENV}")


def bearer(request: Request, credentials: HTTPAuthorizationCredentials = Depends(_bearer)):
    path = os.environ.get(TOKENS_ENV)
    if not path:
        return
    header = request.headers.get("authorization")
    if header is None:
        raise HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    if credentials is None or not credentials.credentials.strip():
        # "Basic ...", "Bearer" alone: as FastAPI's HTTPBearer words it.
        raise HTTPException(401, "Invalid authentication credentials",
                            headers={"WWW-Authenticate": "Bearer"})
    digest = hashlib.sha256(credentials.credentials.strip().encode("utf-8")).hexdigest()
    if digest not in _tokens.hashes(path):
        raise HTTPException(403, "Not authenticated")


def json_response(body, status_code=200):
    # As app.py's: json.dumps at once, FastAPI's encoder costs more than the search.
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status_code=status_code, media_type="application/json")


def unprocessable(message):
    return json_response({"detail": message}, 422)


def not_found():
    return json_response({"detail": "Not Found"}, 404)


def structure_of(offer):
    """The v1 structure of an Offer's structure fields."""
    structure = dict.fromkeys(STRUCTURE_FIELDS)
    structure.update(id=offer.structure_id, source=offer.source, nom=offer.structure_nom,
                     siret=offer.structure_siret or None, reseaux_porteurs=[])
    return structure


def service_of(offer):
    """The v1 service of an Offer as a dict: its fields of the schema and its structure. The
    routes send the library's text of it (Offer.v1_json(), the same JSON); this is the reference
    it is tested against (tests/python/test_api_v1_encoder.py) and the PostGIS stand-in's
    rows (bench/api_v1_postgis.py)."""
    service = {key: getattr(offer, key) for key in SERVICE_FIELDS}
    service["structure"] = structure_of(offer)
    return service


# Encoded services by (generation, id), for the pages that are not written whole by the
# bindings: a slice of a search's order read before (api_v1_paging.py), whose offers are then
# not at hand, a person's verdicts, /search, /services. The library writes a service in a few
# µs (Offer.v1_json(); about 90 µs as a dict encoded here); the cache spares reading its
# record. A generation's services never change; the cache is emptied when full rather than
# kept in LRU order (a lock and a move per hit).
CACHE_SIZE = int(os.environ.get("CARTOFFRE_API_CACHE", "60000"))
_encoded = {}


def service_json(opened, offer_id, offer=None):
    """The v1 service of an offer of `opened` (its Offer when at hand), as UTF-8 JSON."""
    key = (opened.generation, offer_id)
    text = _encoded.get(key)
    if text is None:
        offer = offer if offer is not None else opened.get(offer_id)
        text = offer.v1_json()
        if len(_encoded) >= CACHE_SIZE:
            _encoded.clear()
        if CACHE_SIZE > 0:
            _encoded[key] = text
    return text


def raw_page(parts, total, page, size, extra=None):
    """A page answer from its items' UTF-8 JSON in pieces, each item followed by a comma
    (bytes joined once: encoding a 2 MB page whole would cost as much as the search)."""
    head = {"total": total, "page": page, "size": size, "pages": math.ceil(total / size)}
    head.update(extra or {})
    tail = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if parts:
        parts[-1] = parts[-1][:-1]  # the last item's comma
    return Response(b"".join([b'{"items":[', *parts, b"],", tail[1:]]),
                    media_type="application/json")


def whole_km(distance):
    # PostgreSQL's ::int rounds half away from zero; distances are positive.
    return None if distance is None else int(math.floor(distance + 0.5))


def page_body(items, total, page, size):
    return {"items": items, "total": total, "page": page, "size": size,
            "pages": math.ceil(total / size)}


def every_offer(opened):
    """Every offer of the index's generation, in id order (the library's order without a
    place)."""
    cursor = None
    while True:
        results = opened.search(limit=MAX_SIZE, cursor=cursor, sort="distance")
        for hit in results.hits:
            yield hit.offer
        cursor = results.next_cursor
        if cursor is None:
            return


def commune_exists(opened, code):
    try:
        opened.resolve_place("insee:" + code)
        return True
    except cartoffre.PlaceError:
        return False
