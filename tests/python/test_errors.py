"""Errors: the library's become cartoffre exceptions with its messages; bad Python arguments
become TypeError or QueryError naming the argument. Never a crash of the interpreter."""

import datetime
import pathlib
import subprocess
import sys

import pytest

import cartoffre


def test_exception_classes():
    for cls in (cartoffre.PlaceError, cartoffre.QueryError, cartoffre.DataError,
                cartoffre.IndexError):
        assert issubclass(cls, cartoffre.Error) and issubclass(cls, Exception)
    assert issubclass(cartoffre.QueryError, ValueError)
    assert issubclass(cartoffre.PlaceError, ValueError)
    assert cartoffre.Error.__doc__ and cartoffre.PlaceError.__doc__


def test_unknown_place_suggests_close_names(generated):
    with pytest.raises(cartoffre.PlaceError) as e:
        generated.search("emploi", near="Meluun")
    assert "lieu inconnu « Meluun »" in str(e.value) and "Melun (77)" in str(e.value)
    with pytest.raises(cartoffre.PlaceError, match="lieu ambigu « Saint-Denis »"):
        generated.resolve_place("Saint-Denis")
    with pytest.raises(cartoffre.PlaceError, match="lieu inconnu"):
        cartoffre.resolve_place("Xyzzyville")
    with pytest.raises(cartoffre.PlaceError, match="Meluun"):
        generated.explain(generated.search(limit=1).hits[0].offer.id, near="Meluun")


def test_bad_codes_and_values_are_query_errors(generated):
    cases = [
        (dict(themes=["no-such-theme"]), "no-such-theme"),
        (dict(publics="martiens"), "martiens"),
        (dict(sources=["nowhere"]), "nowhere"),
        (dict(sort="random"), "unknown sort 'random'"),
        (dict(remote="maybe"), "unknown remote"),
        (dict(mode="lenient"), "unknown mode"),
        (dict(limit=-1), "limit must be 0 or more"),
        (dict(limit=10**9), "au-dessus du maximum"),
        (dict(radius_km=-5), "rayon invalide"),
        (dict(near="Melun", point=(48.5, 2.6)), "pas les deux"),
        (dict(cursor="garbage!"), "curseur invalide"),
        (dict(today="2026-02-30"), "ce jour n'existe pas"),
        (dict(open_at="tomorrow"), "date et heure invalides"),
        (dict(point=(1.0, 2.0, 3.0)), "point must be"),
        (dict(bbox=(49, 2, 48, 3)), "emprise invalide"),
        (dict(bbox=(48, 2, 49)), "bbox must be (south, west, north, east)"),
        (dict(profile=cartoffre.Profile(statuses=["astronaute"])), "statut inconnu"),
        (dict(profile=cartoffre.Profile(genre="x")), "genre inconnu"),
    ]
    for kwargs, message in cases:
        with pytest.raises(cartoffre.QueryError) as e:
            generated.search(**kwargs)
        assert message in str(e.value), kwargs


def test_a_cursor_from_another_query_is_refused(generated):
    cursor = generated.search("emploi", near="Lyon", limit=5).next_cursor
    with pytest.raises(cartoffre.QueryError, match="une autre recherche"):
        generated.search("logement", near="Lyon", limit=5, cursor=cursor)


def test_wrong_types_are_type_errors_naming_the_argument(generated):
    cases = [
        (dict(text=42), "text must be a str, not int"),
        (dict(near=["Melun"]), "near must be a str"),
        (dict(radius_km="10"), "radius_km must be a number, not str"),
        (dict(radius_km=True), "radius_km must be a number"),
        (dict(themes=7), "themes must be a str or an iterable of str"),
        (dict(themes=["mobilite", 3]), "themes must be a str or an iterable of str"),
        (dict(limit=2.5), "limit must be an int"),
        (dict(available="yes"), "available must be True or False"),
        (dict(today=20261126), "today must be a datetime.date"),
        (dict(open_at=datetime.date(2026, 11, 26)), "open_at must be a datetime.datetime"),
        (dict(profile="rsa"), "profile must be a cartoffre.Profile or a dict"),
        (dict(profile={"age": 30, "salary": 1}), "unknown key 'salary'"),
        (dict(point="48,2"), "point must be a (latitude, longitude) pair"),
        (dict(bbox="48,2,49,3"), "bbox must be (south, west, north, east)"),
    ]
    for kwargs, message in cases:
        with pytest.raises(TypeError) as e:
            generated.search(**kwargs)
        assert message in str(e.value), kwargs
    with pytest.raises(TypeError):
        generated.search(colour="blue")
    with pytest.raises(TypeError, match="age must be an int"):
        cartoffre.Profile(age="23")
    with pytest.raises(TypeError, match="permis must be True, False or None"):
        cartoffre.Profile(permis=1)
    with pytest.raises(TypeError, match="id must be a str"):
        generated.get(12)
    with pytest.raises(TypeError, match="index must be a cartoffre.Index"):
        cartoffre.resolve_place("Melun", index="build/index")
    with pytest.raises(TypeError):
        cartoffre.Index()


def test_missing_index_is_an_index_error(tmp_path):
    with pytest.raises(cartoffre.IndexError) as e:
        cartoffre.Index.open(tmp_path / "nothing-here")
    assert "nothing-here" in str(e.value)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "CURRENT").write_text("no-such-generation\n")
    with pytest.raises(cartoffre.IndexError):
        cartoffre.Index.open(tmp_path / "broken")
    with pytest.raises(TypeError, match="path must be a str or an os.PathLike"):
        cartoffre.Index.open(42)


def test_explain_of_an_unknown_offer(generated):
    with pytest.raises(cartoffre.QueryError, match="aucune offre d'identifiant « gen--nope »"):
        generated.explain("gen--nope", near="Melun")


def test_a_place_of_40000_characters_is_a_place_error_not_a_crash():
    # In a child interpreter: the regular expressions that read places used to overflow the
    # stack on such a text and kill the interpreter (SIGSEGV).
    code = (
        "import cartoffre\n"
        "for text in ('a' * 40000, '(' * 100000, 'Melun (' + '7' * 50000 + ')'):\n"
        "    try:\n"
        "        cartoffre.resolve_place(text)\n"
        "    except cartoffre.PlaceError as e:\n"
        "        print(e)\n"
        "print(len(cartoffre.complete_place('a' * 40000)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        "lieu trop long (40000 caractères, 200 au plus)",
        "lieu trop long (100000 caractères, 200 au plus)",
        "lieu trop long (50008 caractères, 200 au plus)",
        "0",
    ]
