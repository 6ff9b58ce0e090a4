"""What the portal accepts in a query string or a JSON body, checked before anything reaches
the library.

The questions are declared once (Search, Explain below) and read from either; types, bounds,
unknown names and a person's facts in a query string are refused with a message naming the
parameter. The helpers check the shape of codes and viewports. Whether a well-formed code exists is the library's call (it knows the
index's vocabularies) and its QueryError becomes a 400.
"""

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

from pydantic import BaseModel, Extra, ValidationError, conint, confloat, constr

MAX_TEXT = 200  # words, a place typed by a person
MAX_CODES = 30  # values of one list parameter
MAX_ID = 200  # an offer id: source--localid
MAX_CURSOR = 512

# Codes of the standard and of the eligibility tables: lower case words joined by hyphens,
# "bac+2" among diplomas, "--" between a category and its thématique.
_CODE = re.compile(r"^[a-z0-9][a-z0-9+_-]{0,99}$")


class BadParameter(ValueError):
    """A query-string value that is malformed; `name` is the parameter."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


def codes(name, values):
    """A list parameter, given repeated (themes=a&themes=b) or comma-separated (themes=a,b)."""
    out = []
    for value in values or ():
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not _CODE.match(part):
                raise BadParameter(name, f"« {part[:40]} » n'est pas un code (minuscules, "
                                         "chiffres, tirets)")
            out.append(part)
    if len(out) > MAX_CODES:
        raise BadParameter(name, f"au plus {MAX_CODES} valeurs, {len(out)} reçues")
    return tuple(out)


def bbox(text):
    """A map viewport "south,west,north,east" in decimal degrees, or None."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise BadParameter("bbox", "sud,ouest,nord,est attendus (quatre nombres)")
    try:
        south, west, north, east = (float(p) for p in parts)
    except ValueError:
        raise BadParameter("bbox", "sud,ouest,nord,est attendus (quatre nombres)") from None
    for value in (south, west, north, east):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadParameter("bbox", "des coordonnées finies sont attendues")
    if not (-90 <= south <= north <= 90):
        raise BadParameter("bbox", "latitudes : -90 <= sud <= nord <= 90 attendu")
    if not (-180 <= west <= east <= 180):
        raise BadParameter("bbox", "longitudes : -180 <= ouest <= est <= 180 attendu")
    return (south, west, north, east)


def read_table(path):
    """A tab-separated table of data/ (comment lines start with #) as a list of dicts."""
    rows, header = [], None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells)))
    return rows


# ---- the questions of /api/search, /api/facets and /api/explain ------------------------------
# One declaration per question, read from a query string (GET) or a JSON body (POST), so both
# are checked alike. Unknown names are refused (a misspelt filter must not silently widen a
# search), and a person's facts are taken from a POST body only: query strings end up in proxy,
# browser and server logs.

DATE = r"^(|\d{4}-\d{2}-\d{2})$"
MOMENT = r"^(|\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$"


# Types with a pattern, named here: a pattern written inside an annotation reads as a forward
# reference to linters.
Genre = constr(max_length=10, regex="^(|femme|homme)$")
Remote = constr(regex="^(include|exclude|only)$")
Mode = constr(regex="^(strict|inclusive)$")
Sort = constr(regex="^(auto|distance|relevance|blend)$")
Day = constr(max_length=10, regex=DATE)
When = constr(max_length=16, regex=MOMENT)


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


class Person(Strict):
    """The person's situation: used for one call, never stored nor logged."""
    age: Optional[conint(ge=0, le=130)] = None
    genre: Genre = ""
    lives_in: constr(max_length=MAX_TEXT) = ""
    qpv: Optional[bool] = None
    statuses: List[constr(max_length=400)] = []
    diplome: constr(max_length=40) = ""
    permis: Optional[bool] = None
    vehicule: Optional[bool] = None


PERSON_FIELDS = tuple(Person.__fields__)


class Moment(Strict):
    today: Day = ""
    open_now: bool = False  # open at the time of the call, by each offer's clock
    open_at: When = ""  # Paris time: 2026-12-07T14:30


class Search(Person, Moment):
    words: constr(max_length=MAX_TEXT) = ""
    place: constr(max_length=MAX_TEXT) = ""
    radius_km: confloat(gt=0, le=200) = 50.0
    themes: List[constr(max_length=4000)] = []
    publics: List[constr(max_length=4000)] = []
    types: List[constr(max_length=4000)] = []
    frais: List[constr(max_length=4000)] = []
    sources: List[constr(max_length=4000)] = []
    modes_accueil: List[constr(max_length=4000)] = []
    kinds: List[constr(max_length=4000)] = []  # the structure's kind, where the library has it
    remote: Remote = "include"
    mode: Mode = "strict"
    available: bool = False
    bbox: constr(max_length=120) = ""
    sort: Sort = "auto"
    limit: conint(ge=1, le=100) = 20
    cursor: constr(max_length=MAX_CURSOR) = ""
    full: bool = False


class Explain(Person, Moment):
    id: constr(min_length=1, max_length=MAX_ID)
    place: constr(max_length=MAX_TEXT) = ""
    radius_km: confloat(gt=0, le=200) = 50.0


class Refused(Exception):
    """A question the portal will not ask the library: status, French message, the names."""

    def __init__(self, status, message, problems):
        super().__init__(message)
        self.status = status
        self.problems = problems  # [{"parameter", "message"}]


# pydantic's messages, in French; {…} from the error's context.
_MESSAGES = {
    "value_error.extra": "paramètre inconnu",
    "value_error.missing": "obligatoire",
    "value_error.number.not_le": "au plus {limit_value}",
    "value_error.number.not_lt": "moins de {limit_value}",
    "value_error.number.not_ge": "au moins {limit_value}",
    "value_error.number.not_gt": "plus de {limit_value}",
    "value_error.any_str.max_length": "au plus {limit_value} caractères",
    "value_error.any_str.min_length": "au moins {limit_value} caractère(s)",
    "value_error.str.regex": "valeur non reconnue",
    "type_error.integer": "un nombre entier est attendu",
    "type_error.float": "un nombre est attendu",
    "type_error.bool": "true ou false est attendu",
    "type_error.list": "une liste est attendue",
    "type_error.str": "un texte est attendu",
    "type_error.none.not_allowed": "une valeur est attendue",
}


def _problems(error):
    out = []
    for e in error.errors():
        name = ".".join(str(p) for p in e["loc"] if not isinstance(p, int)) or "corps"
        message = _MESSAGES.get(e["type"], e["msg"]).format(**e.get("ctx", {}))
        out.append({"parameter": name, "message": message})
    return out


def from_query(model, query, allowed=None):
    """The model from a query string (a starlette QueryParams). A person's facts are refused
    here, with a message saying where they go."""
    names = list(dict.fromkeys(query.keys()))
    personal = [n for n in names if n in PERSON_FIELDS]
    if personal:
        raise Refused(400, "les informations sur la personne (" + ", ".join(personal) + ") ne "
                      "passent pas dans l'adresse, qui finit dans les journaux : envoyez-les "
                      "dans le corps d'une requête POST", [{"parameter": n, "message": "à "
                      "envoyer par POST"} for n in personal])
    unknown = [n for n in names if n not in model.__fields__ or (allowed and n not in allowed)]
    if unknown:
        raise Refused(422, "paramètre inconnu : " + ", ".join(unknown[:10]),
                      [{"parameter": n, "message": "paramètre inconnu"} for n in unknown])
    values = {}
    for name in names:
        field = model.__fields__[name]
        many = field.outer_type_ is not field.type_ and getattr(field.outer_type_, "__origin__",
                                                                None) is list
        values[name] = query.getlist(name) if many else query.getlist(name)[-1]
    return checked(model, values)


def from_body(model, body, allowed=None):
    """The model from a JSON body, which must be an object of known names."""
    if not isinstance(body, dict):
        raise Refused(422, "corps : un objet JSON est attendu",
                      [{"parameter": "corps", "message": "un objet JSON est attendu"}])
    unknown = [n for n in body if allowed and n not in allowed and n in model.__fields__]
    if unknown:
        raise Refused(422, "paramètre inconnu : " + ", ".join(unknown),
                      [{"parameter": n, "message": "paramètre inconnu"} for n in unknown])
    return checked(model, body)


def checked(model, values):
    try:
        return model(**values)
    except ValidationError as error:
        problems = _problems(error)
        first = problems[0]
        raise Refused(422, f"{first['parameter']}: {first['message']}", problems) from None


def person_of(form):
    """The library's Profile, or None when no fact was given."""
    import cartoffre

    statuses = codes("statuses", form.statuses)
    if form.diplome:
        codes("diplome", [form.diplome])
    given = (form.age is not None or form.genre or form.lives_in or form.qpv is not None
             or statuses or form.diplome or form.permis is not None or form.vehicule is not None)
    if not given:
        return None
    return cartoffre.Profile(age=form.age, genre=form.genre, lives_in=form.lives_in,
                             qpv=form.qpv, statuses=statuses, diplome=form.diplome,
                             permis=form.permis, vehicule=form.vehicule)


def moment_of(form):
    """today, open_at for the library: open_now is this instant (each offer's clock reads it)."""
    out = {"today": form.today or None}
    if form.open_now:
        out["open_at"] = datetime.now(timezone.utc)
    elif form.open_at:
        out["open_at"] = form.open_at
    return out


def library_filters():
    """The names of the filters the bindings' search takes (cartoffre's filter table)."""
    import cartoffre

    return {f["name"] for f in cartoffre._cartoffre._query_filters()}


def search_arguments(form):
    arguments = dict(
        text=form.words, near=form.place or None, radius_km=form.radius_km,
        themes=codes("themes", form.themes), publics=codes("publics", form.publics),
        types=codes("types", form.types), frais=codes("frais", form.frais),
        sources=codes("sources", form.sources), remote=form.remote, profile=person_of(form),
        mode=form.mode, available=form.available, bbox=bbox(form.bbox), sort=form.sort,
        **moment_of(form))
    # Filters a library may not have yet: passed when given, refused by name when unknown.
    for name in ("modes_accueil", "kinds"):
        values = codes(name, getattr(form, name))
        if values and name not in library_filters():
            raise BadParameter(name, "filtre que cet index ne connaît pas")
        if values:
            arguments[name] = values
    return arguments
