"""Map layers beyond the offers: the coverage of a département for one theme, each commune's
distance to the nearest offer open to its residents (the library's Index.coverage, which keeps
eligibility zones and filters). Communes are drawn at their centre: the gazetteer has no
outlines.

    GET /api/coverage?departement=77&theme=mobilite&radius_km=15
"""

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import confloat, constr

import params

router = APIRouter()
_setup = {}


def configure(index_of):
    """index_of(): the portal's index, refreshed as its own routes see it."""
    _setup["index"] = index_of


Departement = constr(regex=r"^(\d{2}|2A|2B|97\d)$")


class Coverage(params.Strict):
    departement: Departement
    theme: constr(max_length=100)
    radius_km: confloat(gt=0, le=100) = 15.0


@router.get("/api/coverage")
def coverage(request: Request):
    form = params.from_query(Coverage, request.query_params)
    theme = params.codes("theme", [form.theme])
    report = _setup["index"]().coverage(departements=(form.departement,), themes=theme,
                                        radius_km=form.radius_km).to_dict()
    keep = ("code", "nom", "population", "centre", "distance_km", "au_dela_du_rayon",
            "offres_dans_le_rayon")
    return _json({
        "rayon_km": report["rayon_km"], "sujet": report["sujets"][0] if report["sujets"] else "",
        "communes": [{k: c[k] for k in keep} for c in report["communes"]],
        "totaux": report["totaux"], "avertissements": report["avertissements"]})


def _json(body):
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                    media_type="application/json")
