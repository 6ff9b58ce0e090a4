"""The library's writer of data·inclusion v1 services (Offer.v1_json(), lib/offer/
datainclusion_v1.cpp), which the portal's /api/v1 routes send, against the Python encoder it
replaced there (tools/portal/api_v1_common.py: service_of, then json.dumps as the routes did),
over every offer of the real catalogues' index and of the generated one: the same text, byte
for byte, hence the same JSON. Then the bindings' loops over a page (each hit's order key, the
items' JSON) and the pages the library searches and writes whole from its records, against the
Python loops they replaced.
"""

import json
import math
import sys
from pathlib import Path

import pytest

import cartoffre
from cartoffre._cartoffre import _v1_items, _v1_keys, _v1_search_page

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "portal"))
import api_v1_common  # noqa: E402


def python_text(offer):
    return json.dumps(api_v1_common.service_of(offer), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize("name", ["real", "generated"])
def test_every_offer_written_as_the_python_encoder_wrote_it(name, request):
    opened = request.getfixturevalue(name)
    count, differ = 0, []
    for offer in api_v1_common.every_offer(opened):
        count += 1
        ours, theirs = offer.v1_json(), python_text(offer)
        if ours != theirs:
            differ.append(offer.id)
            assert json.loads(ours) == json.loads(theirs), offer.id
    assert count == len(opened)
    assert differ == []


def test_texts_that_need_escapes_and_numbers_are_in_the_real_index(real):
    """The comparison above covers what needs care: quotes, backslashes, line breaks and
    non-ASCII letters in texts, and coordinates that are not whole."""
    texts = b"".join(offer.v1_json() for offer in api_v1_common.every_offer(real))
    for needed in (b'\\"', b"\\n", "é".encode("utf-8")):
        assert needed in texts, needed
    service = json.loads(next(api_v1_common.every_offer(real)).v1_json())
    assert list(service) == sorted(api_v1_common.SERVICE_FIELDS) + ["structure"]
    assert list(service["structure"]) == list(api_v1_common.STRUCTURE_FIELDS)


# ---- each hit's key and the items of a page (bindings' _v1_keys and _v1_items) -------------

def python_sphere_km(origin, lat, lon):
    """The portal's Python distance before the bindings computed it (PostGIS's sphere)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (origin[0], origin[1], lat, lon))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def python_key(hit, origin):
    """read_ordered's key of a hit as the portal computed it in Python."""
    offer, km = hit.offer, hit.distance_km
    if km is not None and origin is not None and abs(km % 1 - 0.5) < 0.06:
        km = python_sphere_km(origin, offer.latitude, offer.longitude)
    km = None if km is None else int(math.floor(km + 0.5))
    return (hit.verdict == "ineligible", km is None, km or 0, offer.id)


SEARCHES = [dict(near="Lille", radius_km=50.0), dict(near="Paris", radius_km=15.0),
            dict(near="Marseille", radius_km=50.0, themes=["numerique"]),
            dict(near="Melun", radius_km=30.0, profile=cartoffre.Profile(age=23),
                 mode="inclusive"),
            dict(point=(45.76, 4.83), radius_km=40.0), dict()]


@pytest.mark.parametrize("name", ["real", "generated"])
def test_keys_and_items_as_the_python_loop_made_them(name, request):
    opened = request.getfixturevalue(name)
    seen = 0
    for arguments in SEARCHES:
        results = opened.search(limit=5000, sort="distance", **arguments)
        origin = results.place.origins[0] if results.place and results.place.origins else None
        keyed = _v1_keys(results)
        assert [key for key, _ in keyed] == [python_key(hit, origin) for hit in results]
        assert [hit.offer.id for _, hit in keyed] == [hit.offer.id for hit in results]
        pairs = [(hit.offer, None if key[1] else key[2]) for key, hit in keyed]
        expected = b",".join(b'{"service":' + python_text(offer) + b',"distance":'
                             + (b"null" if km is None else str(km).encode()) + b"}"
                             for offer, km in pairs)
        assert _v1_items(pairs) == expected
        seen += len(keyed)
    assert seen > 1000
    assert _v1_items([]) == b""


def test_keys_near_a_half_km_use_the_exact_distance(generated):
    """distance_km is rounded to 0.1 km: 11.45 to 11.55 may be either whole km, and the key
    takes the exact distance's (data·inclusion casts the exact one)."""
    results = generated.search(limit=5000, sort="distance", near="Lille", radius_km=50.0)
    origin = results.place.origins[0]
    near_half = [(key, hit) for key, hit in _v1_keys(results)
                 if hit.distance_km is not None and abs(hit.distance_km % 1 - 0.5) < 0.06]
    assert near_half
    for key, hit in near_half:
        exact = python_sphere_km(origin, hit.offer.latitude, hit.offer.longitude)
        assert key[2] == int(math.floor(exact + 0.5))
    assert any(key[2] != int(math.floor(hit.distance_km + 0.5)) for key, hit in near_half)


def python_page(opened, arguments, page, size):
    """The answer of /search/services as the portal wrote it in Python: every match read,
    sorted by read_ordered's key, the page's services encoded, raw_page's tail."""
    results = opened.search(limit=10000, sort="distance", **arguments)
    assert results.next_cursor is None
    origin = results.place.origins[0] if results.place and results.place.origins else None
    ordered = sorted(((python_key(hit, origin), hit.offer) for hit in results),
                     key=lambda entry: entry[0])
    items = b",".join(b'{"service":' + python_text(offer) + b',"distance":'
                      + (b"null" if key[1] else str(key[2]).encode()) + b"}"
                      for key, offer in ordered[(page - 1) * size:page * size])
    tail = json.dumps({"total": results.total, "page": page, "size": size,
                       "pages": math.ceil(results.total / size)}, separators=(",", ":"))
    return b'{"items":[' + items + b"]," + tail[1:].encode()


@pytest.mark.parametrize("name", ["real", "generated"])
def test_a_page_searched_and_written_by_the_library_as_the_python_encoder_wrote_it(
        name, request):
    """_v1_search_page: the search, data·inclusion's order (whole km, nulls last, id) and the
    page's services written from the index's records, without an Offer: the same bytes as
    the Python encoder over the same search, for pages of any size and past the end."""
    opened = request.getfixturevalue(name)
    whole = 0
    for arguments in SEARCHES:
        if "profile" in arguments:
            continue
        total = opened.search(limit=0, **arguments).total
        if total > 10000:
            assert _v1_search_page(opened, 1, 20, **arguments) is None
            continue
        whole += 1
        for page, size in ((1, 5000), (1, 7), (3, 3), (2, max(1, total - 2)), (total + 1, 4),
                           (10**12, 10000)):
            body, count = _v1_search_page(opened, page, size, **arguments)
            assert count == total
            assert body == python_page(opened, arguments, page, size), (arguments, page, size)
    assert whole >= 4


def test_a_page_for_a_person_is_left_to_the_portal(generated):
    """A person's items carry verdicts, which the portal writes: the library refuses."""
    with pytest.raises(cartoffre.QueryError):
        _v1_search_page(generated, 1, 20, near="Lille", profile=cartoffre.Profile(age=23))
