"""data·inclusion API v1 across reloads (tools/portal/api_v1_paging.py): a page-through of
/api/v1/search/services with `curseur` while `cartoffre load` replaces Soliguide's catalogue
twice returns every offer of the first page's generation exactly once; the same page-through
by `page`, as data·inclusion's clients do it, skips and repeats offers and sees the total
change (the anchors' behaviour: a client paging until `pages` stops early and misses 9 of
29; documented in docs/api.md).

Run by ctest (label browser): CARTOFFRE_TOOL=<build>/tools/cartoffre
PYTHONPATH=<build>/bindings/python /usr/bin/python3 -m pytest tests/portal/test_api_v1_reload.py
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_reload  # noqa: E402
from test_reload import client, loads  # noqa: E402,F401 - fixtures

SEARCH = "/api/v1/search/services"
# Soliguide's offers only (29, then 20), in id order, 4 a page: the loads remove offers from
# the middle of the order.
QUERY = {"sources": "soliguide", "size": 4}


def generation_ids(client):
    page = client.get(SEARCH, params={"sources": "soliguide", "size": 10000}).json()
    return [item["service"]["id"] for item in page["items"]]


def walk(client, loads, by_cursor):
    """Pages 1 to 4 on version A, page 5 after the load of B (which lacks A's offers 17 to 25
    of 29 in id order), page 6 and on after A's again: the ids seen, the totals seen."""
    ids, totals, token, page = [], [], "", 1
    while True:
        if page == 5:
            loads("B")
            assert test_reload.wait_for(client, test_reload.SOLIGUIDE_B)
        if page == 6:
            loads("A")
            assert test_reload.wait_for(client, test_reload.SOLIGUIDE_A)
        params = dict(QUERY, **({"curseur": token} if by_cursor else {"page": page}))
        answer = client.get(SEARCH, params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        ids += [item["service"]["id"] for item in body["items"]]
        totals.append(body["total"])
        if by_cursor:
            assert "generation_changee" not in body
            token = body["curseur_suivant"]
            if token is None:
                return ids, totals
        elif page >= body["pages"]:
            return ids, totals
        page += 1


@pytest.fixture
def version_a(client, loads):
    if test_reload.soliguide_total(client) != test_reload.SOLIGUIDE_A:
        loads("A")
        assert test_reload.wait_for(client, test_reload.SOLIGUIDE_A)
    return generation_ids(client)


def test_curseur_returns_one_generation_exactly_once_across_two_reloads(client, loads,
                                                                       version_a):
    ids, totals = walk(client, loads, by_cursor=True)
    assert ids == version_a  # every offer of A, once, in order, though B was current meanwhile
    assert set(totals) == {len(version_a)}


def test_page_numbers_skip_and_repeat_across_the_same_reloads(client, loads, version_a):
    ids, totals = walk(client, loads, by_cursor=False)
    counts = Counter(ids)
    missed = [i for i in version_a if i not in counts]
    repeated = [i for i, n in counts.items() if n > 1]
    print(f"by page: {len(ids)} ids, {len(missed)} missed, {len(repeated)} repeated, "
          f"totals {totals}")
    # Page 5, read on B, held A's offers 26 to 29, and B's `pages` (5) ended the walk there:
    # A's offers 17 to 25 were never shown, the second load came too late to matter.
    assert missed == version_a[16:25] and repeated == []
    assert totals == [29] * 4 + [20]  # the total changed under the client
