"""The library's writer of data·inclusion v1 services (Offer.v1_json(), lib/offer/
datainclusion_v1.cpp), which the portal's /api/v1 routes send, against the Python encoder it
replaced there (tools/portal/api_v1_common.py: service_of, then json.dumps as the routes did),
over every offer of the real catalogues' index and of the generated one: the same text, byte
for byte, hence the same JSON. Then the bindings' loops over a page (each hit's order key, the
items' JSON) against the Python loops they replaced.
"""

import json
import math
import sys
from pathlib import Path

import pytest

import cartoffre
from cartoffre._cartoffre import _v1_items, _v1_keys, _v1_page

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


@pytest.mark.parametrize("name", ["real", "generated"])
def test_a_page_written_whole_as_sorted_and_encoded_in_python(name, request):
    """_v1_page: data·inclusion's order of a search read whole (whole km, nulls last, id;
    the ineligible last) and the page's items, as read_ordered sorted and the route encoded."""
    opened = request.getfixturevalue(name)
    whole = 0
    for arguments in SEARCHES:
        results = opened.search(limit=5000, sort="distance", **arguments)
        if results.next_cursor is not None:
            continue  # more than a page: the portal reads on in Python (offset_page)
        whole += 1
        origin = results.place.origins[0] if results.place and results.place.origins else None
        ordered = sorted(((python_key(hit, origin), hit.offer) for hit in results),
                         key=lambda entry: entry[0])
        for skip, count in ((0, 5000), (0, 7), (5, 3), (len(ordered) - 2, 10), (len(ordered), 4)):
            items, keys = _v1_page(results, skip, count)
            assert keys == [key for key, _ in ordered]
            expected = b",".join(b'{"service":' + python_text(offer) + b',"distance":'
                                 + (b"null" if key[1] else str(key[2]).encode()) + b"}"
                                 for key, offer in ordered[skip:skip + count])
            assert items == expected, (arguments, skip, count)
    assert whole >= 4
