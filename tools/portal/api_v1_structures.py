"""data·inclusion's /structures, /structures/{id} and the beta full-text /search.

Structures: the index keeps offers, each with its structure's id (the source's own,
`source--local`, so stable across loads), name and SIRET; the structures are gathered from
them once per generation, in id order. Their address fields are null (a structure's address is
not an offer's). `code_commune`, `code_departement` and `code_region` keep the structures with
a service there.

/search: the library's text search (French stems, accents folded, and more: synonyms, typo
tolerance), `q` empty gives nothing and absent everything, as there; with a place
(`code_commune`, or `lat`/`lon`) within `distance` km (50 by default), ordered by the library's
blend of text score and distance, else by text score; `code_departement` and `code_region`
keep the services whose address is there.
"""

from typing import List, Optional

from fastapi import APIRouter, Query

import api_v1_common as common
import params
from api_v1_common import MAX_SIZE, json_response, not_found, page_body, whole_km
from api_v1_models import PageServicesTrouves, PageStructures, Structure

router = APIRouter()


def structures(opened):
    """{id: structure} and the ids in order, of the index's generation (computed once)."""
    generation, known = common.setup["structures"]
    if generation == opened.generation:
        return known
    by_id, places = {}, {}
    for offer in common.every_offer(opened):
        found = by_id.get(offer.structure_id)
        if found is None:
            found = common.structure_of(offer)
            found["nombre_services"] = 0
            by_id[offer.structure_id] = found
            places[offer.structure_id] = set()
        found["nombre_services"] += 1
        if offer.code_insee:
            places[offer.structure_id].add(offer.code_insee)
    known = (by_id, sorted(by_id), places)
    common.setup["structures"] = (opened.generation, known)
    return known


def departement_of(code_insee):
    # A département is the commune code's first 2 characters, 3 overseas (971..976).
    return code_insee[:3 if code_insee.startswith("97") else 2]


def located(code_insee, departement):
    return departement_of(code_insee) == departement


def region_filter(opened, code_region):
    """keep(code_insee) for the communes of region `code_region` (its départements, from the
    index's geography), or None when no region has that code (the route answers 422)."""
    departements = frozenset(opened.departements_of_region(code_region))
    if not departements:
        return None
    return lambda code_insee: bool(code_insee) and departement_of(code_insee) in departements


@router.get("/structures", response_model=PageStructures)
def structures_list(
    source: Optional[str] = Query(None, max_length=100),
    sources: List[str] = Query([]),
    code_commune: Optional[str] = Query(None, max_length=5),
    code_departement: Optional[str] = Query(None, max_length=3),
    code_region: Optional[str] = Query(None, max_length=3),
    page: int = Query(1, ge=1),
    size: int = Query(5000, ge=1, le=MAX_SIZE),
):
    opened = common.index()
    in_region = region_filter(opened, code_region) if code_region else None
    if code_region and in_region is None:
        return common.unprocessable("This `code_region` does not exist.")
    by_id, ordered, places = structures(opened)
    wanted = set(params.codes("sources", sources)) | ({source} if source else set())
    kept = ordered
    if wanted:
        kept = [i for i in kept if by_id[i]["source"] in wanted]
    if code_commune:
        kept = [i for i in kept if code_commune in places[i]]
    if code_departement:
        kept = [i for i in kept if any(located(c, code_departement) for c in places[i])]
    if in_region:
        kept = [i for i in kept if any(in_region(c) for c in places[i])]
    items = [by_id[i] for i in kept[(page - 1) * size:page * size]]
    return json_response(page_body(items, len(kept), page, size))


@router.get("/structures/{structure_id}", response_model=Structure)
def structure(structure_id: str):
    by_id, _, _ = structures(common.index())
    found = by_id.get(structure_id)
    return json_response(found) if found is not None else not_found()


@router.get("/search", response_model=PageServicesTrouves)
def full_text(
    q: Optional[str] = Query(None, max_length=params.MAX_TEXT),
    code_commune: Optional[str] = Query(None, max_length=5),
    code_departement: Optional[str] = Query(None, max_length=3),
    code_region: Optional[str] = Query(None, max_length=3),
    lat: Optional[float] = Query(None, ge=-90, le=90),
    lon: Optional[float] = Query(None, ge=-180, le=180),
    distance: float = Query(50.0, gt=0, le=1000),
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
        return common.unprocessable("The `lat` and `lon` must be simultaneously filled.")
    if q is not None and not q.strip():
        return json_response(page_body([], 0, page, size))
    opened = common.index()
    arguments = dict(text=(q or "").strip(), themes=params.codes("thematiques", thematiques),
                     frais=params.codes("frais", frais), types=params.codes("types", types),
                     sources=params.codes("sources", sources),
                     modes_accueil=params.codes("modes_accueil", modes_accueil),
                     exclude_duplicates=exclure_doublons,
                     min_quality=score_qualite_minimum or 0.0)
    placed = lat is not None or code_commune
    if code_commune and not common.commune_exists(opened, code_commune):
        return common.unprocessable("This `code_commune` does not exist.")
    in_region = region_filter(opened, code_region) if code_region else None
    if code_region and in_region is None:
        return common.unprocessable("This `code_region` does not exist.")
    if lat is not None:
        arguments.update(point=(lat, lon), radius_km=distance)
    elif code_commune:
        arguments.update(near="insee:" + code_commune, radius_km=distance)
    if arguments["text"]:
        arguments["sort"] = "blend" if placed else "relevance"
    else:
        arguments["sort"] = "distance"
    keeps = []
    wanted = params.codes("publics", publics)
    if wanted and "tous-publics" not in wanted:  # as /search/services (api_v1.py)
        arguments["publics"] = wanted + ("tous-publics",)
        keeps.append(lambda offer: bool(offer.publics))
    if code_departement:
        keeps.append(lambda offer: located(offer.code_insee, code_departement))
    if in_region:
        keeps.append(lambda offer: in_region(offer.code_insee))
    keep = None
    if keeps:
        keep = lambda offer: all(k(offer) for k in keeps)  # noqa: E731
    hits, total, cursor, skip = [], 0, None, (page - 1) * size
    while True:
        chunk = MAX_SIZE if keep else max(1, min(MAX_SIZE, skip + size - len(hits)))
        results = opened.search(limit=chunk, cursor=cursor, **arguments)
        total = results.total
        hits += [hit for hit in results.hits if keep is None or keep(hit.offer)]
        cursor = results.next_cursor
        if cursor is None or (keep is None and len(hits) >= skip + size):
            break
    if keep is not None:
        total = len(hits)
    parts = []
    for hit in hits[skip:skip + size]:
        distance = whole_km(hit.distance_km)
        parts += (b'{"service":', common.service_json(opened, hit.offer.id, hit.offer),
                  b',"distance":', b"null" if distance is None else str(distance).encode(), b"},")
    return common.raw_page(parts, total, page, size)
