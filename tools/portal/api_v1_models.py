"""The shapes of the v1 answers, for the OpenAPI schema the app publishes (/api/openapi.json).

The routes answer with json.dumps straight away (FastAPI's encoder costs more than a search),
so these models are not run on the answers: tests/portal/test_api_v1.py validates the answers
against the published schema instead. Nullable fields say so (`nullable`, OpenAPI 3.0), as
data·inclusion's answers put null where a field is unknown. Extensions appear only when their
parameter is given, hence optional.
"""

from typing import Dict, List, Optional

from pydantic import BaseModel, Extra, Field


def nullable(kind=None, **extra):
    return Field(None, nullable=True, **extra)


class Structure(BaseModel):
    id: str
    source: str
    nom: Optional[str] = nullable()
    siret: Optional[str] = nullable()
    reseaux_porteurs: List[str] = []
    accessibilite_lieu: Optional[str] = nullable()
    adresse: Optional[str] = nullable()
    code_insee: Optional[str] = nullable()
    code_postal: Optional[str] = nullable()
    commune: Optional[str] = nullable()
    complement_adresse: Optional[str] = nullable()
    courriel: Optional[str] = nullable()
    date_maj: Optional[str] = nullable()
    description: Optional[str] = nullable()
    horaires_accueil: Optional[str] = nullable()
    latitude: Optional[float] = nullable()
    longitude: Optional[float] = nullable()
    lien_source: Optional[str] = nullable()
    site_web: Optional[str] = nullable()
    telephone: Optional[str] = nullable()
    # The extension of /structures: how many services of the index it offers.
    nombre_services: Optional[int] = None


class Service(BaseModel):
    id: str
    source: str
    structure_id: str
    nom: str
    description: Optional[str] = nullable()
    date_maj: Optional[str] = nullable()
    type: Optional[str] = nullable()
    thematiques: List[str]
    publics: List[str]
    publics_precisions: Optional[str] = nullable()
    frais: Optional[str] = nullable()
    frais_precisions: Optional[str] = nullable()
    modes_accueil: List[str]
    zone_eligibilite: List[str]
    modes_mobilisation: List[str]
    mobilisable_par: List[str]
    mobilisation_precisions: Optional[str] = nullable()
    lien_mobilisation: Optional[str] = nullable()
    lien_source: Optional[str] = nullable()
    conditions_acces: Optional[str] = nullable()
    contact_nom_prenom: Optional[str] = nullable()
    telephone: Optional[str] = nullable()
    courriel: Optional[str] = nullable()
    adresse: Optional[str] = nullable()
    complement_adresse: Optional[str] = nullable()
    code_postal: Optional[str] = nullable()
    code_insee: Optional[str] = nullable()
    commune: Optional[str] = nullable()
    latitude: Optional[float] = nullable()
    longitude: Optional[float] = nullable()
    horaires_accueil: Optional[str] = nullable()
    volume_horaire_hebdomadaire: Optional[float] = nullable()
    nombre_semaines: Optional[int] = nullable()
    structure: Structure


class Raison(BaseModel):
    code: str
    outcome: str
    text: str


class ServiceTrouve(BaseModel):
    service: Service
    distance: Optional[int] = nullable(description="whole km; null for remote-only offers "
                                       "or without code_commune")
    # With a person (POST): the verdict on her and why.
    verdict: Optional[str] = None
    raisons: Optional[List[Raison]] = None


class Facette(BaseModel):
    code: str
    label: Optional[str] = None
    count: int

    class Config:
        extra = Extra.allow


class PlusProche(BaseModel):
    rayon_km: float = Field(description="the radius, whole km, within which the nearest "
                                        "matching in-person offer lies")


class PageBase(BaseModel):
    total: int
    page: int
    size: int
    pages: int


class PageServicesTrouves(PageBase):
    items: List[ServiceTrouve]
    curseur_suivant: Optional[str] = nullable(description="with `curseur`: the next page's, "
                                              "null after the last")
    generation_changee: Optional[bool] = None
    facettes: Optional[Dict[str, List[Facette]]] = None
    plus_proche: Optional[PlusProche] = nullable()


class PageServices(PageBase):
    items: List[Service]


class PageStructures(PageBase):
    items: List[Structure]


class DocRow(BaseModel):
    value: str
    label: str
    description: Optional[str] = nullable()


class Source(BaseModel):
    slug: str
    nom: str
    description: Optional[str] = nullable()


class Profil(BaseModel):
    """A person's situation (POST /search/services), used for one call, never stored nor
    logged: the library's Profile under French names."""
    age: Optional[int] = Field(None, ge=0, le=130)
    genre: str = Field("", regex="^(|femme|homme)$")
    commune_residence: str = Field("", max_length=200, description="a commune's name or code")
    qpv: Optional[bool] = None
    statuts: List[str] = Field([], max_items=30)
    diplome: str = Field("", max_length=40)
    permis: Optional[bool] = None
    vehicule: Optional[bool] = None

    class Config:
        extra = Extra.forbid


class Personne(BaseModel):
    profil: Profil
    mode: str = Field("strict", regex="^(strict|inclusive)$",
                      description="inclusive keeps ineligible offers, ranked last")

    class Config:
        extra = Extra.forbid
