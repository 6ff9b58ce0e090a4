"""Many threads on one Index give exactly the single-threaded answers, and a long run of
searches does not grow the process."""

import os
import threading

import cartoffre

TODAY = "2026-11-26"
PERSON = cartoffre.Profile(age=26, statuses={"rsa", "demandeur-emploi"}, lives_in="Lyon")
QUERIES = [
    dict(text="emploi", near="Lyon", radius_km=20),
    dict(near="Villeurbanne", radius_km=5, sort="distance", limit=10),
    dict(text="numérique", near="Paris", radius_km=8, themes=["numerique"]),
    dict(text="logement", limit=5),
    dict(near="Lyon", radius_km=15, profile=PERSON, today=TODAY, mode="inclusive"),
    dict(near="Marseille", radius_km=10, remote="exclude", frais=["gratuit"]),
    dict(text="formation", near="Lille", radius_km=12, sort="blend", limit=15),
    dict(text="emplio"),
    dict(near="Meluun"),  # an error, over and over
]


def answer(index, q):
    """What a search answers, as plain values (or the error's message)."""
    try:
        r = index.search(**q)
    except cartoffre.Error as e:
        return (type(e).__name__, str(e))
    return (r.total, r.next_cursor, [(h.offer.id, h.distance_km, h.verdict) for h in r])


def test_eight_threads_search_one_index_as_one_thread_does(generated):
    expected = [answer(generated, q) for q in QUERIES]
    assert sum(1 for e in expected if isinstance(e[0], int) and e[0] > 0) >= 7
    rounds, failures, lock = 300, [], threading.Lock()  # 300 x 9 = 2,700 searches a thread
    start = threading.Barrier(8)

    def work(seed):
        start.wait()
        mine = []
        for i in range(rounds * len(QUERIES)):
            k = (i * 7 + seed) % len(QUERIES)  # each thread its own order
            got = answer(generated, QUERIES[k])
            if got != expected[k]:
                mine.append((k, got))
        with lock:
            failures.extend(mine)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_a_hundred_thousand_searches_do_not_grow_the_process(generated):
    cheap = [
        dict(near="Melun", radius_km=3, limit=20),
        dict(text="cv", near="Nancy", radius_km=5),
        dict(near="Albi", radius_km=5, profile=PERSON, today=TODAY, mode="inclusive"),
        dict(text="cv", limit=5),
    ]
    # An unknown place costs its suggestions (15 ms): one search in a thousand, for the error
    # path's memory.
    unknown = dict(near="Xyzzyville")

    def run(n):
        for i in range(n):
            q = unknown if i % 1000 == 999 else cheap[i % len(cheap)]
            try:
                r = generated.search(**q)
            except cartoffre.PlaceError:
                continue
            for hit in r:  # read what a portal reads
                hit.offer.nom, hit.distance_km, hit.verdict, hit.reasons
            if i % 50 == 0:
                r.to_dict()

    run(10_000)  # warm-up: caches, pages of the index mapped in, allocator pools
    before = resident_bytes()
    run(100_000)
    growth = resident_bytes() - before
    assert growth < 10 * 1024 * 1024, f"grew {growth / 1e6:.1f} MB over 100,000 searches"
