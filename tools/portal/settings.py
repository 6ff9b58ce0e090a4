"""What an operator sets for the portal, and what follows from it: the map's background, the
security headers every answer carries, the French labels of the standard's codes.

Environment:
  CARTOFFRE_PORTAL_TILES              tile URL template ({s}, {z}, {x}, {y}); "off" for none
                                      (offline demos); default OpenStreetMap France
  CARTOFFRE_PORTAL_TILES_ATTRIBUTION  the tiles' attribution (HTML, for its links)
  CARTOFFRE_PORTAL_TILES_SUBDOMAINS   what {s} takes, default "abc"
  CARTOFFRE_PORTAL_API_DOCS=1         serve /api/docs (swagger-ui comes from a CDN then)
"""

import os
from urllib.parse import urlsplit

import params

# OpenStreetMap France's tiles: French labels, free of charge for public services within its
# usage policy (tile.openstreetmap.fr); a département with heavy use sets its own server or
# IGN's (https://data.geopf.fr/wmts?...).
OSM_FRANCE = "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
OSM_FRANCE_ATTRIBUTION = ('&copy; les contributeurs d’<a href="https://www.openstreetmap.org/'
                          'copyright">OpenStreetMap</a>, fond OSM France')


def tiles():
    template = os.environ.get("CARTOFFRE_PORTAL_TILES", OSM_FRANCE).strip()
    if template.lower() in ("", "off", "none", "0"):
        return {"tiles": "", "tiles_attribution": "", "tiles_subdomains": ""}
    attribution = os.environ.get("CARTOFFRE_PORTAL_TILES_ATTRIBUTION")
    if attribution is None:
        attribution = OSM_FRANCE_ATTRIBUTION if template == OSM_FRANCE else ""
    return {"tiles": template, "tiles_attribution": attribution,
            "tiles_subdomains": os.environ.get("CARTOFFRE_PORTAL_TILES_SUBDOMAINS", "abc")}


def tile_origin(template):
    """The CSP source the tiles come from: https://*.tile.openstreetmap.fr for {s} hosts."""
    if not template:
        return ""
    parts = urlsplit(template.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.netloc.split("@")[-1]
    if "{s}" in urlsplit(template).netloc:
        host = "*" + host[host.index("."):] if "." in host else host
    return f"{parts.scheme}://{host}"


def security_headers():
    """The headers of every answer, as ASGI wants them. No inline script nor style attribute
    is allowed (the page's scripts are files under /static); tiles are the one other host."""
    origin = tile_origin(tiles()["tiles"])
    policy = ("default-src 'self'; script-src 'self'; style-src 'self'; "
              f"img-src 'self' data:{' ' + origin if origin else ''}; font-src 'self'; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'")
    return [(b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer")]


# The standard's tables whose codes an offer carries, by the offer field holding them.
LABEL_TABLES = {"thematiques": "thematiques.tsv", "categories": "categories.tsv",
                "publics": "publics.tsv", "type": "types.tsv", "frais": "frais.tsv",
                "modes_accueil": "modes_accueil.tsv",
                "modes_mobilisation": "modes_mobilisation.tsv",
                "mobilisable_par": "mobilisable_par.tsv",
                "structure_typologie": "typologies.tsv", "kinds": "typologies.tsv"}


def labels(data):
    """{field: {code: French label}} for the page, which never shows a code."""
    out = {}
    for field, name in LABEL_TABLES.items():
        path = data / "taxonomy" / name
        out[field] = {r["code"]: r["label"] for r in params.read_table(path)} if path.exists() \
            else {}
    return out
