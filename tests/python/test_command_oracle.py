"""An oracle between the two front ends: `cartoffre search ... --json` and Index.search give the
same page (ids, order, distances, scores, verdicts, every field), total, facets and cursor for
varied queries, in one JSON shape, and the next page from either front end's cursor is the
same."""

import pytest

import cartoffre

TODAY = "2026-11-26"

# (python keywords) for the generated index; each runs on both front ends.
GENERATED_QUERIES = [
    dict(text="emploi"),
    dict(text="numérique", near="Melun", radius_km=15),
    dict(text="aide alimentaire", near="Marseille", radius_km=10),
    dict(text="logement", near="75011", radius_km=5, sort="distance"),
    dict(text="permis", near="Lyon", radius_km=30, sort="relevance"),
    dict(text="cv", near="Lille", radius_km=20, sort="blend", limit=30),
    dict(text="emplio"),  # misspelt: suggestion, corrected
    dict(text="formation zzzqqq", near="Toulouse"),  # an unknown word
    dict(near="Nantes", radius_km=10, themes=["mobilite"], sort="distance"),
    dict(near="Bordeaux", radius_km=25, themes=["trouver-un-emploi", "se-former"], limit=50),
    dict(near="insee:69123", radius_km=3),
    dict(near="48.8566,2.3522", radius_km=4, sort="distance", limit=40),
    dict(near="Rennes", publics=["jeunes"], radius_km=40),
    dict(near="Strasbourg", types=["accompagnement"], frais=["gratuit"]),
    dict(near="Montpellier", remote="exclude", radius_km=15),
    dict(near="Montpellier", remote="only"),
    dict(text="santé", remote="only", limit=10),
    dict(near="Nice", sources=["gen-dora"], radius_km=30),
    dict(near="Paris", radius_km=10, limit=0),
    dict(near="Dijon", radius_km=20, open_at="2026-11-24T10:30"),
    dict(near="Dijon", radius_km=20, open_at="2026-11-28T16:00"),
    dict(near="Grenoble", radius_km=20, available=True, today=TODAY),
    dict(text="emploi", near="Melun", radius_km=20, today=TODAY,
         profile=dict(age=23, statuses=["rsa"], lives_in="Melun")),
    dict(near="Reims", radius_km=30, today=TODAY, mode="inclusive",
         profile=dict(age=17, genre="femme"), limit=200),
    dict(near="Le Havre", radius_km=30, today=TODAY,
         profile=dict(age=45, statuses=["deld", "rqth"], diplome="bac", permis=True)),
    dict(near="Angers", radius_km=30, today=TODAY, mode="inclusive",
         profile=dict(age=62, statuses=["aah"], vehicule=True, qpv=True), limit=40),
    dict(text="accompagnement", near="Tours", radius_km=30, today=TODAY,
         profile=dict(lives_in="Tours", statuses=["demandeur-emploi"]), sort="distance"),
    dict(text="garde d'enfants", near="Brest", radius_km=40),
    dict(text="hébergement urgence", near="Clermont-Ferrand", radius_km=30),
    dict(near="Ajaccio", radius_km=50),
    dict(near="Saint-Denis (974)", radius_km=20),
    dict(near="97411", radius_km=20, text="emploi"),
    dict(text="emploi", near="Lyon", radius_km=30, min_quality=0.6),
]

# On the real catalogues.
REAL_QUERIES = [
    dict(text="chantier d'insertion", near="Montreuil (93)", radius_km=5),
    dict(text="numérique", near="Melun", radius_km=15),
    dict(near="Saint-Denis (93)", radius_km=3, themes=["trouver-un-emploi"]),
    dict(text="france services", near="48.8566,2.3522", radius_km=10),
    dict(text="emploi", near="Melun", radius_km=20, today=TODAY,
         profile=dict(age=23, statuses=["rsa"], lives_in="Melun"), mode="inclusive"),
    dict(text="demarches", near="75011"),
    dict(near="Lyon", radius_km=10, sort="distance", limit=50),
    dict(text="insertion", limit=50),
    dict(near="Paris", radius_km=10, exclude_duplicates=True, limit=50),
    dict(text="numérique", near="Lille", radius_km=30, exclude_duplicates=True, min_quality=0.3),
    dict(text="IAE", near="Melun", radius_km=15),  # the vocabulary: understood
    dict(text="cv lettre de motivation", near="Toulouse", radius_km=15),
    dict(near="Melun", radius_km=15, kinds=["ACI", "EI"]),
]


def cli_args(index_dir, q):
    args = ["search", "--index", str(index_dir)]
    if q.get("text"):
        args.append(q["text"])
    simple = {"near": "--near", "radius_km": "--radius", "remote": "--remote", "sort": "--sort",
              "limit": "--limit", "cursor": "--cursor", "today": "--today",
              "open_at": "--open-at", "min_quality": "--min-quality"}
    for key, flag in simple.items():
        if q.get(key) is not None:
            args += [flag, str(q[key])]
    for key, flag in {"themes": "--theme", "publics": "--public", "types": "--type",
                      "sources": "--source", "kinds": "--kind"}.items():
        for code in q.get(key, []):
            args += [flag, code]
    if q.get("frais"):
        assert q["frais"] == ["gratuit"]
        args.append("--free")
    if q.get("available"):
        args.append("--available")
    if q.get("exclude_duplicates"):
        args.append("--exclude-duplicates")
    if q.get("mode") == "inclusive":
        args.append("--inclusive")
    p = q.get("profile") or {}
    for key, flag in {"age": "--age", "lives_in": "--lives-in", "genre": "--gender",
                      "diplome": "--diploma"}.items():
        if key in p:
            args += [flag, str(p[key])]
    for status in p.get("statuses", []):
        args += ["--status", status]
    for key, flag in {"qpv": "--qpv", "permis": "--licence", "vehicule": "--vehicle"}.items():
        if p.get(key):
            args.append(flag)
    if p and "mode" not in q:
        args.append("--strict")
    return args


def python_search(index, q):
    kwargs = dict(q)
    if "profile" in kwargs:
        kwargs["profile"] = cartoffre.Profile(**kwargs["profile"])
    return index.search(**kwargs)


def assert_same(py, cli, q):
    """The command's --json and Python's to_dict() are one JSON shape: the same document, hit
    for hit and field for field (ids, order, distances, scores, verdicts and reasons, every
    offer field, total, facets, place, cursor, suggestion)."""
    d = py.to_dict()
    assert [h["offer"]["id"] for h in d["hits"]] == [h["offer"]["id"] for h in cli["hits"]], q
    assert d == cli, q


@pytest.mark.parametrize("q", GENERATED_QUERIES, ids=lambda q: str(sorted(q.items()))[:60])
def test_generated_index_same_as_the_command(generated, index_dirs, cli, q):
    py = python_search(generated, q)
    assert_same(py, cli(*cli_args(index_dirs / "generated", q)), q)
    if py.next_cursor:
        # The next page, from the Python cursor given to the command.
        q2 = dict(q, cursor=py.next_cursor)
        assert_same(python_search(generated, q2), cli(*cli_args(index_dirs / "generated", q2)),
                    q2)


@pytest.mark.parametrize("q", REAL_QUERIES, ids=lambda q: str(sorted(q.items()))[:60])
def test_real_index_same_as_the_command(real, index_dirs, cli, q):
    py = python_search(real, q)
    assert py.total > 0, q
    assert_same(py, cli(*cli_args(index_dirs / "real", q)), q)


def test_queries_cover_every_kind_of_answer(generated):
    """The query mix is varied: it reaches every verdict, remote offers, suggestions, several
    pages and an empty page."""
    seen = set()
    for q in GENERATED_QUERIES:
        r = python_search(generated, q)
        seen |= {h.verdict for h in r}
        seen |= {"remote" for h in r if h.distance_km is None}
        seen |= {"suggestion"} if r.suggestion else set()
        seen |= {"corrected"} if r.corrected else set()
        seen |= {"unknown"} if r.unknown_words else set()
        seen |= {"more"} if r.next_cursor else set()
        seen |= {"empty-page"} if len(r) == 0 else set()
    assert {None, "no-criteria", "eligible", "to-check", "ineligible", "remote", "suggestion",
            "corrected", "unknown", "more", "empty-page"} <= seen
