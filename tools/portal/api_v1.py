"""data·inclusion's API v1 over the portal's index, for clients written against
api.data.inclusion.gouv.fr (les emplois de l'inclusion, DORA...): they change the base URL only.

Mounted by app.py under /api/v1, beside the portal's own /api/* routes, on the same index and
refresh. Same paths, parameters, shapes and rules as data·inclusion (../shared/docs/domain.md):
- /search/services: zones of the commune (empty, commune, EPCI, département, france, 99100),
  50 km around its centre or lat/lon, remote offers kept, distance in whole km (PostgreSQL's
  integer cast rounds), ordered by distance (nulls last) then id, offset pages {items, total,
  page, size, pages} (api_v1_paging.py).
- /services (by id, filtered by code_commune, code_departement, code_region),
  /services/{source}/{id}/redirige (a 307 to the service's lien_source, public), /structures,
  /structures/{id}, /search (api_v1_structures.py), /sources, /doc/{name}.
- Bearer tokens when the server sets CARTOFFRE_API_TOKENS (api_v1_common.py); /doc is public.
- Errors as FastAPI answers them there: {"detail": ...} with 422 (app.py's handler keeps that
  shape under /api/v1), and an unknown query parameter is refused, naming it, rather than
  ignored, so that a misspelt filter does not silently widen a search.

Extensions of /search/services, each seen only by a client that asks for it: `rayon` (km,
instead of 50), `curseur` (keyset pages that keep one generation across reloads; `curseur=`
for the first page, then the answer's `curseur_suivant`), `plus_proche` (no in-person offer
within the radius: the radius grows to the whole km holding the nearest matching one, the
library's nearest beyond, said in `plus_proche.rayon_km`),
`ouvert_maintenant` (open now by the offers' parsed opening hours, each in its own time zone),
`facettes` (counts per category, type, frais and public of the whole match), and a person's
verdicts: POST with the person in the body (never in a query string, which logs keep).

Known differences: with lat/lon the zones are those of the commune nearest that point (the
library takes a place or a point), not those of code_commune; /doc descriptions are null (the
repository's tables have labels only); recherche_public stems approximately (api_v1_text.py).
"""

import datetime
import json
import math
from typing import List, Optional

import cartoffre
from cartoffre._cartoffre import _v1_items, _v1_search_page
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

import api_v1_common as common
import api_v1_paging as paging
import api_v1_structures
import api_v1_text
import params
from api_v1_common import MAX_SIZE, bearer, json_response, not_found, strict, unprocessable
from api_v1_models import DocRow, PageServices, PageServicesTrouves, Personne, Service, Source

RADIUS_KM = 50.0  # data·inclusion's, fixed
FARTHEST_KM = 20000.0  # plus_proche stops there: half the Earth's circumference

# The tables of /doc/{name}: data/taxonomy/<file>.
DOC_TABLES = {"thematiques": "thematiques.tsv", "publics": "publics.tsv",
              "types-services": "types.tsv", "frais": "frais.tsv",
              "modes-accueil": "modes_accueil.tsv", "modes-mobilisation": "modes_mobilisation.tsv",
              "personnes-mobilisatrices": "mobilisable_par.tsv"}



def configure(index_of, data_dir, index_path=None):
    """At the app's start: its index (index_of() refreshed as its routes see it) and tables."""
    common.configure(index_of, data_dir, index_path)
    paging.generations.clear()  # generation names are per index directory


router = APIRouter(prefix="/api/v1", dependencies=[Depends(strict)])
data = APIRouter(dependencies=[Depends(bearer)])


async def service_filters(
    code_commune: Optional[str] = Query(None, max_length=5),
    lat: Optional[float] = Query(None, ge=-90, le=90),
    lon: Optional[float] = Query(None, ge=-180, le=180),
    thematiques: List[str] = Query([]),
    frais: List[str] = Query([]),
    publics: List[str] = Query([]),
    recherche_public: Optional[str] = Query(None, max_length=params.MAX_TEXT),
    modes_accueil: List[str] = Query([]),
    types: List[str] = Query([]),
    sources: List[str] = Query([]),
    score_qualite_minimum: Optional[float] = Query(None, ge=0, le=1),
    exclure_doublons: bool = False,
    page: int = Query(1, ge=1),
    size: int = Query(5000, ge=1, le=MAX_SIZE),
    rayon: Optional[float] = Query(None, gt=0, le=FARTHEST_KM,
                                   description="extension: km instead of 50"),
    curseur: Optional[str] = Query(None, max_length=2048, description="extension: keyset "
                                   "pages on one generation; empty for the first page"),
    plus_proche: bool = Query(False, description="extension: widen until an in-person offer"),
    ouvert_maintenant: bool = Query(False, description="extension: open now"),
    facettes: bool = Query(False, description="extension: counts of the whole match"),
):
    return dict(locals())


def library_arguments(q):
    """The library's search arguments and keep(offer) for data·inclusion's rules the library
    does not state: a service without publics matches no public there (the library lets it
    through), recherche_public."""
    arguments = dict(themes=params.codes("thematiques", q["thematiques"]),
                     frais=params.codes("frais", q["frais"]),
                     types=params.codes("types", q["types"]),
                     sources=params.codes("sources", q["sources"]),
                     modes_accueil=params.codes("modes_accueil", q["modes_accueil"]),
                     exclude_duplicates=q["exclure_doublons"],
                     min_quality=q["score_qualite_minimum"] or 0.0)
    keeps = []
    wanted = params.codes("publics", q["publics"])
    # data·inclusion adds tous-publics to the asked publics; asking for it lifts the filter.
    if wanted and "tous-publics" not in wanted:
        arguments["publics"] = wanted + ("tous-publics",)
        keeps.append(lambda offer: bool(offer.publics))
    if q["recherche_public"]:
        by_text = api_v1_text.matcher(q["recherche_public"])
        if by_text is not None:
            keeps.append(by_text)
    keep = None
    if keeps:
        keep = lambda offer: all(k(offer) for k in keeps)  # noqa: E731
    return arguments, keep


def widen(opened, arguments):
    """plus_proche: the radius, in whole km, within which the nearest in-person offer matching
    the search lies (the asked one when one already does): the library's nearest beyond the
    radius, exact, from the place's origins. None when none matches anywhere."""
    radius = arguments["radius_km"]
    probe = opened.search(**dict(arguments, remote="exclude", limit=0))
    if probe.total > 0:
        return radius
    if not probe.nearest_beyond:
        return None
    # distance_km is rounded to 0.1 km: the exact one is below it + 0.05.
    return min(FARTHEST_KM, float(math.ceil(probe.nearest_beyond[0].distance_km + 0.1)))


def search(request, q, person=None):
    if (q["lat"] is None) != (q["lon"] is None):
        return unprocessable("The `lat` and `lon` must be simultaneously filled.")
    opened = common.index()
    arguments, keep = library_arguments(q)
    code = q["code_commune"]
    if code:
        if not common.commune_exists(opened, code):
            return unprocessable("This `code_commune` does not exist.")
        if q["lat"] is not None:
            arguments["point"] = (q["lat"], q["lon"])
        else:
            arguments["near"] = "insee:" + code
        arguments["radius_km"] = q["rayon"] or RADIUS_KM
    if q["ouvert_maintenant"]:
        arguments["open_at"] = datetime.datetime.now(datetime.timezone.utc)
    if person is not None:
        arguments.update(profile=cartoffre.Profile(
            age=person.profil.age, genre=person.profil.genre,
            lives_in=person.profil.commune_residence.strip(), qpv=person.profil.qpv,
            statuses=params.codes("statuts", person.profil.statuts),
            diplome=person.profil.diplome, permis=person.profil.permis,
            vehicule=person.profil.vehicule), mode=person.mode)
    extra = {}
    if q["plus_proche"]:
        widened = widen(opened, arguments) if code else None
        if widened is not None and widened != arguments["radius_km"]:
            arguments["radius_km"] = widened
            extra["plus_proche"] = {"rayon_km": widened}
        else:
            extra["plus_proche"] = None
    size, page = q["size"], q["page"]
    written = None
    if q["curseur"] is not None:
        found, total, following, changed, opened = paging.cursor_page(
            opened, q["curseur"], size, arguments, keep, request.query_params.multi_items())
        extra["curseur_suivant"] = following
        if changed:
            extra["generation_changee"] = True
    else:
        if keep is None and person is None:  # searched and written whole by the library
            written = _v1_search_page(opened, page, size, **arguments)
        if written is None:
            signature = None  # the cache of orders' key
            if person is None and not q["ouvert_maintenant"]:  # what a moment or person changes
                signature = (
                    datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H"),
                    tuple(sorted((k, v) for k, v in request.query_params.multi_items()
                                 if k not in ("page", "size"))))
            found, total = paging.offset_page(opened, page, size, arguments, keep, signature)
    if q["facettes"]:
        extra["facettes"] = opened.search(limit=0, **arguments).to_dict()["facets"]
    if written is not None:
        body = written[0]
        if extra:  # the extensions' keys after data·inclusion's, as raw_page places them
            body = body[:-1] + b"," + json.dumps(extra, ensure_ascii=False,
                                                 separators=(",", ":")).encode("utf-8")[1:]
        return Response(body, media_type="application/json")
    # The answer's pieces, joined once: concatenating each item first copies every service.
    parts = []
    if person is None and all(entry[1] is not None for entry in found):
        # Read from the library just now: the bindings write the whole list of items.
        items = _v1_items([(offer, None if key[1] else key[2]) for key, offer, _ in found])
        return common.raw_page([items, b","] if found else [], total, page, size, extra)
    for key, offer, hit in found:
        parts += (b'{"service":', common.service_json(opened, key[3], offer), b',"distance":',
                  b"null" if key[1] else str(key[2]).encode())
        if person is not None:
            verdict = {"verdict": hit.verdict,
                       "raisons": [reason.to_dict() for reason in hit.reasons]}
            parts += (b",", json.dumps(verdict, ensure_ascii=False).encode("utf-8")[1:-1])
        parts.append(b"},")
    return common.raw_page(parts, total, page, size, extra)


@data.get("/search/services", response_model=PageServicesTrouves)
def search_services(request: Request, q: dict = Depends(service_filters)):
    return search(request, q)


@data.post("/search/services", response_model=PageServicesTrouves)
def search_services_for(request: Request, person: Personne, q: dict = Depends(service_filters)):
    """Extension: the same search judged for a person, given in the body only."""
    return search(request, q, person)


@data.get("/services", response_model=PageServices)
def services(
    thematiques: List[str] = Query([]),
    frais: List[str] = Query([]),
    publics: List[str] = Query([]),
    modes_accueil: List[str] = Query([]),
    types: List[str] = Query([]),
    sources: List[str] = Query([]),
    code_commune: Optional[str] = Query(None, max_length=5),
    code_departement: Optional[str] = Query(None, max_length=3),
    code_region: Optional[str] = Query(None, max_length=3),
    score_qualite_minimum: Optional[float] = Query(None, ge=0, le=1),
    page: int = Query(1, ge=1),
    size: int = Query(5000, ge=1, le=MAX_SIZE),
):
    """Every service, in id order, filtered; code_commune, code_departement and code_region
    are those of the service's address."""
    q = dict(thematiques=thematiques, frais=frais, publics=publics, modes_accueil=modes_accueil,
             types=types, sources=sources, score_qualite_minimum=score_qualite_minimum,
             exclure_doublons=False, recherche_public=None)
    arguments, keep = library_arguments(q)
    places = []
    if code_commune:
        places.append(lambda offer: offer.code_insee == code_commune)
    if code_departement:
        places.append(lambda offer: api_v1_structures.located(offer.code_insee,
                                                              code_departement))
    opened = common.index()
    if code_region:
        in_region = api_v1_structures.region_filter(opened, code_region)
        if in_region is None:
            return unprocessable("This `code_region` does not exist.")
        places.append(lambda offer: in_region(offer.code_insee))
    if places:
        kept = keep
        keep = lambda o: (kept is None or kept(o)) and all(p(o) for p in places)  # noqa: E731
    found, total = paging.offset_page(opened, page, size, arguments, keep)
    parts = []
    for key, offer, _ in found:
        parts += (common.service_json(opened, key[3], offer), b",")
    return common.raw_page(parts, total, page, size)


def find_service(opened, source, service_id):
    """data·inclusion's ids are already "source--local"; a local id alone is taken too."""
    found = opened.get(service_id)
    if found is None and not service_id.startswith(source + "--"):
        found = opened.get(f"{source}--{service_id}")
    return found if found is not None and found.source == source else None


@data.get("/services/{source}/{service_id}", response_model=Service)
def service_by_source(source: str, service_id: str):
    found = find_service(common.index(), source, service_id)
    if found is None:
        return not_found()
    return Response(found.v1_json(), media_type="application/json")


@router.get("/services/{source}/{service_id}/redirige", status_code=307,
            response_class=RedirectResponse, responses={404: {"description": "Not Found"}})
def service_redirect(source: str, service_id: str):
    """data·inclusion's redirect to the service's own page: its `lien_source`. Public, as a
    link a person follows (a browser sends no token). The index keeps no structure page nor
    web site: a service without an http(s) `lien_source` answers 404."""
    found = find_service(common.index(), source, service_id)
    link = found.lien_source.strip() if found is not None else ""
    if not link.lower().startswith(("https://", "http://")):
        return not_found()
    return RedirectResponse(link, status_code=307)


@data.get("/services/{service_id}", response_model=Service)
def service_by_id(service_id: str):
    found = common.index().get(service_id)
    if found is None:
        return not_found()
    return Response(found.v1_json(), media_type="application/json")


@data.get("/sources", response_model=List[Source])
def sources_list():
    """The index's sources, read once per generation (the bindings have no list of them)."""
    opened = common.index()
    generation, known = common.setup["sources"]
    if generation != opened.generation:
        seen = {offer.source for offer in common.every_offer(opened)}
        known = [{"slug": s, "nom": s, "description": None} for s in sorted(seen)]
        common.setup["sources"] = (opened.generation, known)
    return json_response(known)


@router.get("/doc/{name}", response_model=List[DocRow])
def doc(name: str):
    if name not in DOC_TABLES:
        return not_found()
    docs = common.setup["docs"]
    if name not in docs:
        rows = params.read_table(common.setup["data"] / "taxonomy" / DOC_TABLES[name])
        docs[name] = [{"value": r["code"], "label": r["label"], "description": None}
                      for r in rows]
    return json_response(docs[name])


data.include_router(api_v1_structures.router)
router.include_router(data)
