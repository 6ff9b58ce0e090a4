"""data·inclusion's order over the library's, offset pages (`page`) and keyset pages
(`curseur`, an extension), and the held generations that keep a cursor's pages on one
generation across reloads.

Order: data·inclusion sorts by whole km (nulls last), then id; the library by exact distance
(remote offers last), then id. Whole km only round the exact distance, so each whole-km group
is a contiguous run of the library's order, re-sorted by id here; a page's last group is read to
its end. An inclusive search for a person (POST, mode inclusive) puts the ineligible after the
others, as the library does. A key: (ineligible, remote-only, whole km, id).

`curseur`: offset pages over an index reloaded every hour duplicate and skip offers (the
anchors' complaint). A cursor names the generation its first page was read from, the last key
emitted (whole km, id) and where in the library's order that key's group begins (a library
cursor). Each worker process holds (Generations) every generation it has served for
RETENTION seconds after its last use; a cursor's next page is read from that generation, so a
walk returns every offer of one generation exactly once whatever loads happen meanwhile. When
the generation is no longer held (expired, or a worker that never served it), the walk goes on
over the newest generation after the last key: no offer is repeated, offers that moved before
the key are missed, and the page says so (`generation_changee`).
"""

import base64
import datetime
import hashlib
import json
import os
import threading
import time

import cartoffre
from cartoffre._cartoffre import _v1_keys
from fastapi import HTTPException

import api_v1_common as common
from api_v1_common import MAX_SIZE

RETENTION = float(os.environ.get("CARTOFFRE_API_CURSOR_SECONDS", "900"))
MAX_HELD = 8  # generations one worker keeps open at most (each holds its files on disk)


class Generations:
    """The generations this process has answered from, each an Index of its own (the portal's
    is refreshed in place), by name, with the time each was last used."""

    def __init__(self):
        self._lock = threading.Lock()
        self._held = {}  # name -> [Index, last used]

    def current(self, shared):
        """An Index of the portal's current generation, held from now on."""
        name = shared.generation
        now = time.monotonic()
        with self._lock:
            if name in self._held:
                self._held[name][1] = now
                return self._held[name][0]
        path = common.setup.get("path")
        opened = cartoffre.Index.open(str(path)) if path is not None else None
        with self._lock:
            if opened is not None and opened.generation == name:
                self._held.setdefault(name, [opened, now])
            self._forget(now)
            # A load may have landed between the two reads: the shared index then answers.
            return self._held[name][0] if name in self._held else shared

    def clear(self):
        with self._lock:
            self._held.clear()
        _orders.clear()

    def get(self, name):
        now = time.monotonic()
        with self._lock:
            self._forget(now)
            if name in self._held:
                self._held[name][1] = now
                return self._held[name][0]
            return None

    def _forget(self, now):
        by_use = sorted(self._held.items(), key=lambda item: item[1][1])
        for rank, (name, (_, used)) in enumerate(by_use):
            if now - used > RETENTION or len(by_use) - rank > MAX_HELD:
                del self._held[name]


generations = Generations()


def read_ordered(opened, need, arguments, keep=None, start=None, after=None, to_end=False):
    """The first `need` matches in data·inclusion's order after the key `after`, reading the
    library's order from its cursor `start`. Returns (page [(key, offer, hit)], total, resume,
    done): resume is the library cursor where the page's last group begins (None: from the
    start), done whether no match follows the page. keep(offer), when given, drops offers after
    the library; the total is then None unless to_end, which reads every match to count the
    kept ones."""
    found, groups, cursor, total = [], {}, start, 0
    done = False
    while True:
        chunk = max(100, min(MAX_SIZE, need - len(found) + 50))
        results = opened.search(limit=chunk, cursor=cursor, sort="distance", **arguments)
        total = results.total
        # Each hit's key (ineligible, remote-only, whole km, id), computed by the bindings: the
        # whole km of the exact distance from the place's first origin (the hit's distance_km
        # is rounded to 0.1 km); an inclusive search for a person ranks the ineligible last.
        for key, hit in _v1_keys(results):
            groups.setdefault(key[:3], cursor)  # where this group's first member was read from
            if after is not None and key <= after:
                continue
            offer = hit.offer
            if keep is None or keep(offer):
                found.append((key, offer, hit))
        if results.next_cursor is None:
            done = True
            break
        cursor = results.next_cursor
        if not to_end and len(found) >= need:
            edge, last = found[need - 1][0][:3], found[-1][0][:3]
            if last > edge:
                break
    if keep is not None:
        total = len(found) if to_end else None
    found.sort(key=lambda f: f[0])
    page = found[:need]
    done = done and len(found) <= need
    resume = groups.get(page[-1][0][:3], start) if page else start
    return page, total, resume, done


def count_kept(opened, arguments, keep):
    count, cursor = 0, None
    while True:
        results = opened.search(limit=MAX_SIZE, cursor=cursor, sort="distance", **arguments)
        count += sum(1 for hit in results.hits if keep(hit.offer))
        cursor = results.next_cursor
        if cursor is None:
            return count


# The whole order of recent searches read to their end: (generation, signature) -> (keys,
# total). A page of a search seen before, of any size, is then a slice of keys and cached
# services, without the library's decoding of every record (a 5,000-service page: 6 ms of
# 25). The caller's signature holds the query and the hour (UTC): what today means to the
# library (a suspension ended, a session begun) is then at most an hour late.
ORDERS_SIZE = int(os.environ.get("CARTOFFRE_API_ORDERS", "2000"))
_orders = {}


def offset_page(opened, page, size, arguments, keep=None, signature=None):
    """data·inclusion's `page`: the page-th slice of `size` of the order, and the total; each
    entry (key, Offer, Hit), or (key, None, None) when it comes from the cache of orders."""
    if signature is not None:
        cached = _orders.get((opened.generation, signature))
        if cached is not None:
            keys, total = cached
            return [(key, None, None) for key in keys[(page - 1) * size:page * size]], total
    found, total, _, done = read_ordered(opened, page * size, arguments, keep,
                                         to_end=keep is not None)
    if signature is not None and done and ORDERS_SIZE > 0:
        if len(_orders) >= ORDERS_SIZE:
            _orders.clear()
        _orders[(opened.generation, signature)] = ([entry[0] for entry in found], total)
    return found[(page - 1) * size:], total


def fingerprint(query_items):
    """What a cursor's query was, so that a cursor is refused with another query."""
    kept = sorted((k, v) for k, v in query_items if k not in ("curseur", "page"))
    return hashlib.sha256(json.dumps(kept).encode("utf-8")).hexdigest()[:16]


def encode(state):
    text = json.dumps(state, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(text).decode("ascii").rstrip("=")


def decode(token):
    try:
        padded = token + "=" * (-len(token) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        key = state["k"]
        state["k"] = (bool(key[0]), bool(key[1]), int(key[2]), str(key[3]))
        if not isinstance(state["g"], str) or not isinstance(state["q"], str) \
                or not isinstance(state["c"], (str, type(None))) \
                or not isinstance(state["t"], (int, type(None))):
            raise ValueError
        if state.get("m") is not None:
            datetime.datetime.fromisoformat(state["m"])
        return state
    except (ValueError, KeyError, TypeError, IndexError, UnicodeError):
        raise HTTPException(422, [{"loc": ["query", "curseur"], "msg": "curseur invalide",
                                   "type": "value_error"}]) from None


def cursor_page(shared, token, size, arguments, keep, query_items):
    """A keyset page: (page, total, next token or None, whether the cursor's generation was
    given up, the Index read)."""
    query = fingerprint(query_items)
    if not token:
        opened = generations.current(shared)
        state = {"g": opened.generation, "c": None, "k": None, "t": None}
    else:
        state = decode(token)
        if state["q"] != query:
            raise HTTPException(422, [{"loc": ["query", "curseur"], "msg":
                                       "ce curseur vient d'une autre recherche",
                                       "type": "value_error"}])
        opened = generations.get(state["g"])
        if opened is None and shared.generation == state["g"]:
            opened = generations.current(shared)  # another worker began the walk
    changed = opened is None
    # "Open now" is the first page's moment for the whole walk: the library's cursor is bound
    # to its query, moment included.
    if "open_at" in arguments:
        if state.get("m") is None:
            state["m"] = arguments["open_at"].isoformat()
        arguments["open_at"] = datetime.datetime.fromisoformat(state["m"])
    if changed:
        # Not held here any more: the newest generation, after the last key, from its start.
        opened = generations.current(shared)
        state.update(g=opened.generation, c=None, t=None)
    try:
        found, total, resume, done = read_ordered(opened, size, arguments, keep, state["c"],
                                                  state["k"])
    except cartoffre.StaleCursorError:  # a library cursor of another generation: not ours
        raise HTTPException(422, [{"loc": ["query", "curseur"], "msg": "curseur invalide",
                                   "type": "value_error"}]) from None
    if state["t"] is not None:
        total = state["t"]  # counted once per walk, on its generation
    elif total is None:
        total = count_kept(opened, arguments, keep)
    following = None
    if not done and found:
        following = encode({"g": opened.generation, "c": resume, "k": list(found[-1][0]),
                            "t": total, "q": query, "m": state.get("m")})
    return found, total, following, changed, opened
