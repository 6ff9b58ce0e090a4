"""cartoffre: France's offre d'insertion (employment, training, social services) near a person.

    import cartoffre
    index = cartoffre.Index.open("build/index")
    results = index.search("numérique", near="Melun", radius_km=15,
                           profile=cartoffre.Profile(age=23, statuses={"rsa"}))
    for hit in results:
        print(hit.offer.nom, hit.distance_km, hit.verdict)

The compiled core (_cartoffre) does the work; this package only gathers its names. An Index
answers from one generation of the index, whatever loads happen, until its refresh() moves it to
the newest; any number of threads may search it at once (every search releases the GIL).
A Profile is never stored nor logged by cartoffre.
"""

from ._cartoffre import (
    AreaCoverage,
    Closure,
    CommuneCoverage,
    Coverage,
    Criteria,
    DataError,
    Error,
    Explanation,
    Hit,
    Index,
    IndexError,
    Offer,
    PlaceError,
    Place,
    Profile,
    QueryError,
    Reason,
    Results,
    StaleCursorError,
    __version__,
    complete_place,
    data_dir,
    resolve_place,
)

__all__ = [
    "AreaCoverage",
    "Closure",
    "CommuneCoverage",
    "Coverage",
    "Criteria",
    "DataError",
    "Error",
    "Explanation",
    "Hit",
    "Index",
    "IndexError",
    "Offer",
    "Place",
    "PlaceError",
    "Profile",
    "QueryError",
    "Reason",
    "Results",
    "StaleCursorError",
    "complete_place",
    "data_dir",
    "resolve_place",
]
