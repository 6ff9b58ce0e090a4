"""data·inclusion's API v1 over the portal's index, for clients written against
api.data.inclusion.gouv.fr (les emplois de l'inclusion, DORA...): they change the base URL only.

Mounted by app.py under /api/v1, beside the portal's own /api/* routes, on the same index and
refresh. Same paths, parameters, shapes and rules as data·inclusion (../shared/docs/domain.md):
- /search/services: zones of the commune (empty, commune, EPCI, département, france, 99100),
  50 km around its centre or lat/lon, remote offers kept, distance in whole km (PostgreSQL's
  integer cast rounds), ordered by distance (nulls last) then id, offset pages {items, total,
  page, size, pages}.
- Errors as FastAPI answers them there: {"detail": ...} with 422 (app.py's handler keeps that
  shape under /api/v1), and an unknown query parameter is refused, naming it, rather than
  ignored, so that a misspelt filter does not silently widen a search.

Known differences: with lat/lon the zones are those of the commune nearest that point (the
library takes a place or a point), not those of code_commune; /doc descriptions are null (the
repository's tables have labels only); recherche_public, /services (list), /structures and
/search are not served yet.
"""

import json
import math
from typing import List, Optional

import cartoffre
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.dependencies.utils import get_flat_dependant
from fastapi.responses import Response

import params

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
RADIUS_KM = 50.0  # data·inclusion's, fixed
MAX_SIZE = 10000  # data·inclusion's page bound, also the library's

# The tables of /doc/{name}: data/taxonomy/<file> (set by configure()).
DOC_TABLES = {"thematiques": "thematiques.tsv", "publics": "publics.tsv",
              "types-services": "types.tsv", "frais": "frais.tsv",
              "modes-accueil": "modes_accueil.tsv", "modes-mobilisation": "modes_mobilisation.tsv",
              "personnes-mobilisatrices": "mobilisable_par.tsv"}

router = APIRouter(prefix="/api/v1")
_setup = {}


def configure(index_of, data_dir):
    """index_of(): the portal's index, refreshed as its own routes see it."""
    _setup["index"] = index_of
    _setup["data"] = data_dir
    _setup["docs"] = {}
    _setup["sources"] = (None, [])


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


def json_response(body, status_code=200):
    # As app.py's: json.dumps at once, FastAPI's encoder costs more than the search.
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status_code=status_code, media_type="application/json")


def unprocessable(message):
    return json_response({"detail": message}, 422)


def service_of(offer):
    """The v1 service: the offer's fields of the schema and its structure."""
    service = {key: offer.get(key) for key in SERVICE_FIELDS}
    structure = {key: None for key in STRUCTURE_FIELDS}
    structure.update(id=offer["structure_id"], source=offer["source"],
                     nom=offer.get("structure_nom"), siret=offer.get("structure_siret") or None,
                     reseaux_porteurs=[])
    service["structure"] = structure
    return service


def whole_km(distance):
    # PostgreSQL's ::int rounds half away from zero; distances are positive.
    return None if distance is None else int(math.floor(distance + 0.5))


def ordered_prefix(opened, need, arguments, keep=None):
    """The first `need` matches in data·inclusion's order and the total. The library orders by
    exact distance; equal whole km go by id, so the group at the page's end is read to its end
    (and remote offers, all at null, to the last one). keep(offer), when given, drops offers
    after the library, so every match is read to count them."""
    found, cursor, total = [], None, 0
    while True:
        chunk = max(100, min(MAX_SIZE, need - len(found) + 50))
        results = opened.search(limit=chunk, cursor=cursor, sort="distance", **arguments)
        total = results.total
        for hit in results.hits:
            if keep is None or keep(hit.offer):
                found.append((whole_km(hit.distance_km), hit.offer))
        cursor = results.next_cursor
        if cursor is None:
            total = len(found) if keep else total
            break
        if keep is None and len(found) >= need:
            edge, last = found[need - 1][0], found[-1][0]
            if edge is not None and (last is None or last > edge):
                break
    found.sort(key=lambda f: (f[0] is None, f[0] or 0, f[1].id))
    return found[:need], total


def codes(name, values):
    return params.codes(name, values)


@router.get("/search/services", dependencies=[Depends(strict)])
def search_services(
    code_commune: Optional[str] = Query(None, max_length=5),
    lat: Optional[float] = Query(None, ge=-90, le=90),
    lon: Optional[float] = Query(None, ge=-180, le=180),
    thematiques: List[str] = Query([]),
    frais: List[str] = Query([]),
    publics: List[str] = Query([]),
    modes_accueil: List[str] = Query([]),
    types: List[str] = Query([]),
    sources: List[str] = Query([]),
    score_qualite_minimum: Optional[float] = Query(None, ge=0, le=1),
    exclure_doublons: bool = False,
    page: int = Query(1, ge=1),
    size: int = Query(5000, ge=1, le=MAX_SIZE),
):
    if (lat is None) != (lon is None):
        return unprocessable("The `lat` and `lon` must be simultaneously filled.")
    opened = _setup["index"]()
    arguments = dict(themes=codes("thematiques", thematiques), frais=codes("frais", frais),
                     types=codes("types", types), sources=codes("sources", sources),
                     modes_accueil=codes("modes_accueil", modes_accueil),
                     exclude_duplicates=exclure_doublons,
                     min_quality=score_qualite_minimum or 0.0)
    wanted = codes("publics", publics)
    keep = None
    # data·inclusion adds tous-publics to the asked publics; asking for it lifts the filter. A
    # service without publics matches there no public, where the library lets it through.
    if wanted and "tous-publics" not in wanted:
        arguments["publics"] = wanted + ("tous-publics",)
        keep = lambda offer: bool(offer.publics)  # noqa: E731
    if code_commune:
        try:
            opened.resolve_place("insee:" + code_commune)
        except cartoffre.PlaceError:
            return unprocessable("This `code_commune` does not exist.")
        if lat is not None:
            arguments["point"] = (lat, lon)
        else:
            arguments["near"] = "insee:" + code_commune
        arguments["radius_km"] = RADIUS_KM
    found, total = ordered_prefix(opened, page * size, arguments, keep)
    items = [{"service": service_of(offer.to_dict()), "distance": km}
             for km, offer in found[(page - 1) * size:]]
    return json_response({"items": items, "total": total, "page": page, "size": size,
                          "pages": math.ceil(total / size)})


@router.get("/services/{source}/{service_id}", dependencies=[Depends(strict)])
def service_by_source(source: str, service_id: str):
    """data·inclusion's ids are already "source--local"; a local id alone is taken too."""
    opened = _setup["index"]()
    found = opened.get(service_id)
    if found is None and not service_id.startswith(source + "--"):
        found = opened.get(f"{source}--{service_id}")
    if found is None or found.source != source:
        return not_found()
    return json_response(service_of(found.to_dict()))


@router.get("/services/{service_id}", dependencies=[Depends(strict)])
def service_by_id(service_id: str):
    found = _setup["index"]().get(service_id)
    if found is None:
        return not_found()
    return json_response(service_of(found.to_dict()))


def not_found():
    return json_response({"detail": "Not Found"}, 404)


@router.get("/doc/{name}", dependencies=[Depends(strict)])
def doc(name: str):
    if name not in DOC_TABLES:
        return not_found()
    if name not in _setup["docs"]:
        rows = params.read_table(_setup["data"] / "taxonomy" / DOC_TABLES[name])
        _setup["docs"][name] = [{"value": r["code"], "label": r["label"], "description": None}
                                for r in rows]
    return json_response(_setup["docs"][name])


@router.get("/sources", dependencies=[Depends(strict)])
def sources_list():
    """The index's sources, read once per generation (the bindings have no list of them)."""
    opened = _setup["index"]()
    generation, known = _setup["sources"]
    if generation != opened.generation:
        seen, cursor = set(), None
        while True:
            results = opened.search(limit=MAX_SIZE, cursor=cursor, sort="distance")
            seen.update(hit.offer.source for hit in results.hits)
            cursor = results.next_cursor
            if cursor is None:
                break
        known = [{"slug": s, "nom": s, "description": None} for s in sorted(seen)]
        _setup["sources"] = (opened.generation, known)
    return json_response(known)
