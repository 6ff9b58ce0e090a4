"""The library's writer of data·inclusion v1 services (Offer.v1_json(), lib/offer/
datainclusion_v1.cpp), which the portal's /api/v1 routes send, against the Python encoder it
replaced there (tools/portal/api_v1_common.py: service_of, then json.dumps as the routes did),
over every offer of the real catalogues' index and of the generated one: the same text, byte
for byte, hence the same JSON.
"""

import json
import sys
from pathlib import Path

import pytest

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
