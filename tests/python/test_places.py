"""Places as people type them and what a local search says beyond its hits (issues 15 and 16),
through Python on the real catalogues: the same answers as the command's --json."""

import cartoffre
import pytest


def test_a_far_more_populous_homonym_is_chosen_with_a_notice(real, cli, index_dirs):
    evry = real.search(near="Evry", radius_km=2, limit=0)
    assert evry.place.label == "Évry-Courcouronnes (91)"
    assert any("Évry-Courcouronnes (91) ; aussi Évry (89)" in n for n in evry.notices)
    assert evry.notices == evry.place.notices
    assert evry.to_dict()["notices"] == cli("search", "--index", str(index_dirs / "real"),
                                            "--near", "Evry", "--radius", "2", "--limit",
                                            "0")["notices"]
    assert real.search(near="La Rochelle", radius_km=2, limit=0).place.label == "La Rochelle (17)"
    assert real.search(near="Aix", radius_km=2, limit=0).place.label == "Aix-en-Provence (13)"
    assert real.search(near="saint denis 93", radius_km=2, limit=0).place.label == \
        "Saint-Denis (93)"
    assert real.search(near="59100 Roubaix", radius_km=2, limit=0).place.label == "Roubaix (59)"
    with pytest.raises(cartoffre.PlaceError, match="lieu ambigu « Saint-Denis »"):
        real.search(near="Saint-Denis")


def test_an_empty_local_answer_gives_the_nearest_offers_beyond_the_radius(real, cli, index_dirs):
    # Remote offers open at Saint-Flour would answer: in person only.
    empty = real.search(near="La Rochelle (70)", radius_km=1, remote="exclude")
    assert empty.total == 0
    beyond = empty.nearest_beyond
    assert 1 <= len(beyond) <= 3
    distances = [h.distance_km for h in beyond]
    assert distances == sorted(distances) and distances[0] > 1
    # Brute force: the same search over the whole Earth, in person, by distance.
    everywhere = real.search(near="La Rochelle (70)", radius_km=20000, remote="exclude",
                             sort="distance", limit=len(beyond))
    assert [h.distance_km for h in everywhere] == pytest.approx(distances, abs=0.051)
    as_dict = empty.to_dict()
    assert [h["offer"]["id"] for h in as_dict["nearest_beyond"]] == [h.offer.id for h in beyond]
    command = cli("search", "--index", str(index_dirs / "real"), "--near", "La Rochelle (70)",
                  "--radius", "1", "--remote", "exclude")
    assert command["nearest_beyond"] == as_dict["nearest_beyond"]
    # Something within the radius: nothing beyond.
    assert real.search(near="Paris", radius_km=5, limit=0).nearest_beyond == []


def test_a_local_search_counts_the_matching_offers_without_a_place(real):
    for words in ("", "emploi", "vélo école", "domiciliation"):
        local = real.search(text=words, near="Lyon", radius_km=5, limit=0)
        alone = real.search(text=words, unplaced=True, limit=0)
        assert local.unplaced == alone.total, words
        assert local.to_dict()["unplaced"] == local.unplaced
    assert real.search(text="emploi", near="Lyon", radius_km=5).unplaced > 0
    # Not a local search: not counted.
    assert real.search(text="emploi", limit=0).unplaced == 0
