"""What the portal accepts in a query string, checked before anything reaches the library.

FastAPI checks types and bounds (422 with the parameter's name); the helpers here check the
shape of codes and viewports, so a request with a malformed value is refused with a message
naming the parameter. Whether a well-formed code exists is the library's call (it knows the
index's vocabularies) and its QueryError becomes a 400.
"""

import re
from pathlib import Path

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
                raise BadParameter(name, f"'{part[:40]}' is not a code (lower-case letters, digits, hyphens)")
            out.append(part)
    if len(out) > MAX_CODES:
        raise BadParameter(name, f"at most {MAX_CODES} values, got {len(out)}")
    return tuple(out)


def bbox(text):
    """A map viewport "south,west,north,east" in decimal degrees, or None."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise BadParameter("bbox", "expected south,west,north,east (four numbers)")
    try:
        south, west, north, east = (float(p) for p in parts)
    except ValueError:
        raise BadParameter("bbox", "expected south,west,north,east (four numbers)") from None
    for value in (south, west, north, east):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadParameter("bbox", "coordinates must be finite numbers")
    if not (-90 <= south <= north <= 90):
        raise BadParameter("bbox", "latitudes must satisfy -90 <= south <= north <= 90")
    if not (-180 <= west <= east <= 180):
        raise BadParameter("bbox", "longitudes must satisfy -180 <= west <= east <= 180")
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
