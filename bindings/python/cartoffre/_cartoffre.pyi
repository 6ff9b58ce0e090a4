# Type stubs of the compiled core; cartoffre/__init__.py re-exports every name.
import datetime
import os
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Tuple, Union

# no-criteria: the source states no condition on the person (« aucun critère connu »).
Verdict = Literal["no-criteria", "eligible", "to-check", "ineligible"]
Outcome = Literal["eligible", "to-check", "ineligible"]  # a reason's; never no-criteria
Codes = Union[str, Iterable[str]]
DateLike = Union[datetime.date, str]
MomentLike = Union[datetime.datetime, str]
LatLon = Tuple[float, float]

class Error(Exception): ...
class PlaceError(Error, ValueError): ...
class QueryError(Error, ValueError): ...
class StaleCursorError(QueryError): ...
class DataError(Error, ValueError): ...
class IndexError(Error): ...

class Closure:
    @property
    def from_(self) -> str: ...
    @property
    def to(self) -> str: ...

class Criteria:
    # The data·inclusion names (the "criteres" of a v1 export and of to_dict()).
    age_min: Optional[int]
    age_max: Optional[int]
    statuts_requis: list[str]
    statuts_exclus: list[str]
    genre: str
    diplome_max: str
    accueil: str
    prescription: bool
    permis: bool
    vehicule: bool
    places_total: Optional[int]
    places_libres: Optional[int]
    places_date: str
    session_debut: str
    session_fin: str
    suspendue_jusqu_au: str
    fermetures: list[Closure]
    # The English names these had before; kept.
    @property
    def statuses_required(self) -> list[str]: ...
    @property
    def statuses_excluded(self) -> list[str]: ...
    @property
    def prescription_required(self) -> bool: ...
    @property
    def permis_required(self) -> bool: ...
    @property
    def vehicule_required(self) -> bool: ...
    @property
    def places_free(self) -> Optional[int]: ...
    @property
    def session_start(self) -> str: ...
    @property
    def session_end(self) -> str: ...
    @property
    def suspended_until(self) -> str: ...
    @property
    def closures(self) -> list[Closure]: ...

class Offer:
    id: str
    source: str
    structure_id: str
    structure_nom: str
    structure_siret: str
    structure_typologie: str
    nom: str
    description: str
    lien_source: str
    date_maj: str
    statut: str
    type: str
    thematiques: list[str]
    publics: list[str]
    publics_precisions: str
    frais: str
    frais_precisions: str
    modes_accueil: list[str]
    zone_eligibilite: list[str]
    modes_mobilisation: list[str]
    mobilisable_par: list[str]
    mobilisation_precisions: str
    lien_mobilisation: str
    conditions_acces: str
    contact_nom_prenom: str
    telephone: str
    courriel: str
    adresse: str
    complement_adresse: str
    code_postal: str
    code_insee: str
    commune: str
    latitude: Optional[float]
    longitude: Optional[float]
    localisation_approximative: bool
    location_approximate: bool  # the name before localisation_approximative; kept
    horaires_accueil: str
    volume_horaire_hebdomadaire: Optional[float]
    nombre_semaines: Optional[int]
    criteres: Criteria
    criteria: Criteria  # the name before criteres; kept
    score_qualite: Optional[float]
    doublons: list[str]
    doublon_prefere: bool
    telephones: list[str]  # the phones of the cluster of duplicates, this offer's first
    courriels: list[str]
    liens: list[str]
    @property
    def name(self) -> str: ...
    @property
    def location(self) -> Optional[LatLon]: ...
    @property
    def is_remote(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def v1_json(self) -> bytes: ...

class Reason:
    @property
    def code(self) -> str: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def text(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

class Hit:
    @property
    def offer(self) -> Offer: ...
    @property
    def distance_km(self) -> Optional[float]: ...
    @property
    def score(self) -> float: ...
    @property
    def verdict(self) -> Optional[Verdict]: ...
    @property
    def reasons(self) -> list[Reason]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Place:
    @property
    def kind(self) -> Literal["commune", "postcode", "point"]: ...
    @property
    def label(self) -> str: ...
    @property
    def communes(self) -> list[dict[str, str]]: ...
    @property
    def origins(self) -> list[LatLon]: ...
    @property
    def notices(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Results:
    @property
    def total(self) -> int: ...
    @property
    def next_cursor(self) -> Optional[str]: ...
    @property
    def facets(self) -> dict[str, list[dict[str, Any]]]: ...
    @property
    def place(self) -> Optional[Place]: ...
    @property
    def notices(self) -> list[str]: ...
    @property
    def unknown_words(self) -> list[str]: ...
    @property
    def suggestion(self) -> str: ...
    @property
    def corrected(self) -> bool: ...
    @property
    def understood(self) -> list[dict[str, Any]]: ...
    @property
    def hits(self) -> list[Hit]: ...
    @property
    def unplaced(self) -> int: ...
    @property
    def nearest_beyond(self) -> list[Hit]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Hit]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Explanation:
    @property
    def offer(self) -> Offer: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def reasons(self) -> list[Reason]: ...
    @property
    def distance_km(self) -> Optional[float]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Profile:
    def __init__(
        self,
        age: Optional[int] = None,
        birth_date: Optional[DateLike] = None,
        genre: str = "",
        lives_in: str = "",
        qpv: Optional[bool] = None,
        frr: Optional[bool] = None,
        statuses: Codes = (),
        statuses_complete: bool = False,
        diplome: str = "",
        permis: Optional[bool] = None,
        vehicule: Optional[bool] = None,
    ) -> None: ...
    @property
    def age(self) -> Optional[int]: ...
    @property
    def birth_date(self) -> Optional[str]: ...
    @property
    def genre(self) -> str: ...
    @property
    def lives_in(self) -> str: ...
    @property
    def qpv(self) -> Optional[bool]: ...
    @property
    def frr(self) -> Optional[bool]: ...
    @property
    def statuses(self) -> list[str]: ...
    @property
    def statuses_complete(self) -> bool: ...
    @property
    def diplome(self) -> str: ...
    @property
    def permis(self) -> Optional[bool]: ...
    @property
    def vehicule(self) -> Optional[bool]: ...
    def to_dict(self) -> dict[str, Any]: ...

class CommuneCoverage:
    code: str
    name: str
    departement: str
    population: int
    subject: str
    nearest_km: Optional[float]
    nearest_id: str
    within_radius: int
    in_commune: int
    remote: int
    @property
    def beyond_radius(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...

class AreaCoverage:
    level: str
    code: str
    name: str
    subject: str
    communes: int
    population: int
    communes_beyond: int
    population_beyond: int
    median_km: Optional[float]
    p90_km: Optional[float]
    offers: int
    offers_per_10000: float
    duplicate_share: float
    places_total: int
    places_free: int
    def to_dict(self) -> dict[str, Any]: ...

class Coverage:
    radius_km: float
    subjects: list[str]
    communes: list[CommuneCoverage]
    areas: list[AreaCoverage]
    totals: list[AreaCoverage]
    warnings: list[str]
    @property
    def offer_side(self) -> list[dict[str, Any]]: ...
    def to_dict(self) -> dict[str, Any]: ...

AreaRows = Union[
    str,
    os.PathLike[str],
    Mapping[str, str],
    Iterable[Union[Tuple[str, str], Tuple[str, str, str]]],
]

class Index:
    @staticmethod
    def open(path: Union[str, os.PathLike[str]]) -> Index: ...
    @property
    def size(self) -> int: ...
    @property
    def generation(self) -> str: ...
    def refresh(self) -> bool: ...
    def __len__(self) -> int: ...
    def search(
        self,
        text: str = "",
        near: Optional[str] = None,
        point: Optional[LatLon] = None,
        radius_km: float = 50.0,
        themes: Codes = (),
        publics: Codes = (),
        types: Codes = (),
        frais: Codes = (),
        sources: Codes = (),
        modes_accueil: Codes = (),
        kinds: Codes = (),
        remote: Literal["include", "exclude", "only"] = "include",
        profile: Union[Profile, Mapping[str, Any], None] = None,
        mode: Literal["strict", "inclusive"] = "strict",
        today: Optional[DateLike] = None,
        open_at: Optional[MomentLike] = None,
        open_on: Optional[DateLike] = None,
        available: bool = False,
        bbox: Optional[Tuple[float, float, float, float]] = None,
        sort: Literal["auto", "distance", "relevance", "blend"] = "auto",
        limit: int = 20,
        cursor: Optional[str] = None,
        exclude_duplicates: bool = False,
        min_quality: float = 0.0,
        unplaced: bool = False,
    ) -> Results: ...
    def get(self, id: str) -> Optional[Offer]: ...
    def explain(
        self,
        id: str,
        near: Optional[str] = None,
        point: Optional[LatLon] = None,
        radius_km: float = 50.0,
        profile: Union[Profile, Mapping[str, Any], None] = None,
        today: Optional[DateLike] = None,
        open_at: Optional[MomentLike] = None,
        open_on: Optional[DateLike] = None,
    ) -> Explanation: ...
    def resolve_place(self, text: str) -> Place: ...
    def departements_of_region(self, code: str) -> list[str]: ...
    def complete_place(self, prefix: str, limit: int = 10) -> list[dict[str, Any]]: ...
    def coverage(
        self,
        departements: Codes = (),
        regions: Codes = (),
        epcis: Codes = (),
        communes: Codes = (),
        themes: Codes = (),
        radius_km: float = 15.0,
        by: Literal["commune", "epci", "departement", "region"] = "commune",
        areas: Optional[AreaRows] = None,
        publics: Codes = (),
        types: Codes = (),
        frais: Codes = (),
        sources: Codes = (),
        modes_accueil: Codes = (),
        min_quality: float = 0.0,
        profile: Union[Profile, Mapping[str, Any], None] = None,
        today: Optional[DateLike] = None,
        open_at: Optional[MomentLike] = None,
        open_on: Optional[DateLike] = None,
        available: bool = False,
    ) -> Coverage: ...

__version__: str

def data_dir() -> str: ...
def resolve_place(text: str, index: Optional[Index] = None) -> Place: ...
def complete_place(
    prefix: str, limit: int = 10, index: Optional[Index] = None
) -> list[dict[str, Any]]: ...
