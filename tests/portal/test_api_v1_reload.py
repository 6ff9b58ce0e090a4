"""data·inclusion API v1 across reloads (tools/portal/api_v1_paging.py): a page-through of
/api/v1/search/services with `curseur` while `cartoffre load` replaces Soliguide's catalogue
twice returns every offer of the first page's generation exactly once; the same page-through
by `page`, as data·inclusion's clients do it, sees the total change and stops early, or skips
and repeats offers when offers are added (the anchors' behaviour; docs/api.md).

Run by ctest (label browser): CARTOFFRE_TOOL=<build>/tools/cartoffre
PYTHONPATH=<build>/bindings/python /usr/bin/python3 -m pytest tests/portal/test_api_v1_reload.py
"""

import math
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_reload  # noqa: E402
from test_reload import client, loads  # noqa: E402,F401 - fixtures

SEARCH = "/api/v1/search/services"
TOTALS = {"A": test_reload.SOLIGUIDE_A, "B": test_reload.SOLIGUIDE_B}


def generation_ids(client):
    page = client.get(SEARCH, params={"sources": "soliguide", "size": 10000}).json()
    return [item["service"]["id"] for item in page["items"]]


def current(client, loads, version):
    """Makes `version` (A: 29 of Soliguide's offers; B: without A's 17th to 25th in id order)
    the current generation; its ids."""
    if test_reload.soliguide_total(client) != TOTALS[version]:
        loads(version)
        assert test_reload.wait_for(client, TOTALS[version])
    return generation_ids(client)


def walk(client, loads, by_cursor, size, schedule):
    """Soliguide's offers page by page, `size` a page, loading schedule[page] (a version)
    before that page: the ids seen, the totals seen."""
    ids, totals, token, page = [], [], "", 1
    while True:
        if page in schedule:
            current(client, loads, schedule[page])
        query = {"sources": "soliguide", "size": size}
        query.update({"curseur": token} if by_cursor else {"page": page})
        answer = client.get(SEARCH, params=query)
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


def offset_walk(versions, start, size, schedule):
    """What paging by `page` returns when each page is read from the version current then."""
    ids, page, version = [], 1, start
    while True:
        version = schedule.get(page, version)
        ids += versions[version][(page - 1) * size:page * size]
        if page >= math.ceil(len(versions[version]) / size):
            return ids
        page += 1


@pytest.fixture
def versions(client, loads):
    return {"A": current(client, loads, "A"), "B": current(client, loads, "B")}


# Pages of 4, the first four on A, the fifth after B's load, the sixth after A's again.
A_B_A = {1: "A", 5: "B", 6: "A"}


def test_curseur_returns_one_generation_exactly_once_across_two_reloads(client, loads,
                                                                       versions):
    ids, totals = walk(client, loads, True, 4, A_B_A)
    assert ids == versions["A"]  # every offer of A once, in order, though B was current between
    assert set(totals) == {29}
    ids, totals = walk(client, loads, True, 3, {1: "B", 3: "A", 5: "B"})
    assert ids == versions["B"] and set(totals) == {20}


def test_page_numbers_across_the_same_reloads_end_early(client, loads, versions):
    ids, totals = walk(client, loads, False, 4, A_B_A)
    # Page 5, read on B, held A's offers 26 to 29, and B's `pages` (5) ended the walk there:
    # A's 17th to 25th were never shown, though A was current again a moment later.
    assert ids == offset_walk(versions, "A", 4, A_B_A) == versions["A"][:16] + versions["A"][25:]
    assert totals == [29] * 4 + [20]  # the total changed under the client


def test_page_numbers_repeat_and_skip_when_offers_are_added(client, loads, versions):
    # Pages of 3, the first six on B, the seventh and on after A's load.
    schedule = {1: "B", 7: "A"}
    ids, totals = walk(client, loads, False, 3, schedule)
    assert ids == offset_walk(versions, "B", 3, schedule)
    counts = Counter(ids)
    missed = [i for i in versions["A"] if i not in counts]
    repeated = [i for i, n in counts.items() if n > 1]
    print(f"by page: {len(ids)} ids, missed {missed}, repeated {repeated}, totals {totals}")
    # A's 17th and 18th skipped, its 26th and 27th (on B's page 6 already) shown twice.
    assert missed == versions["A"][16:18] and repeated == versions["A"][25:27]
    assert totals == [20] * 6 + [29] * 4


def test_a_worker_that_does_not_hold_the_generation(client, loads, versions):
    import api_v1_paging

    current(client, loads, "A")
    query = {"sources": "soliguide", "size": 4}

    def page(token):
        body = client.get(SEARCH, params={**query, "curseur": token}).json()
        return body, [item["service"]["id"] for item in body["items"]]

    body, ids = page("")
    # Another worker: it holds nothing, but the generation is still the current one.
    api_v1_paging.generations.clear()
    for _ in range(3):
        body, more = page(body["curseur_suivant"])
        assert "generation_changee" not in body
        ids += more
    # Another worker again, after B's load: the walk goes on over B after the last key.
    api_v1_paging.generations.clear()
    current(client, loads, "B")
    while body["curseur_suivant"]:
        body, more = page(body["curseur_suivant"])
        assert body["generation_changee"] is True
        ids += more
    assert ids == versions["A"][:16] + versions["B"][16:]
    assert len(set(ids)) == len(ids)
