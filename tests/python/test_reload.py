"""Generations seen from Python: an Index keeps its generation through loads until refresh()
moves it; a cursor of the generation it left raises StaleCursorError; an edited cursor is
refused. Each test builds its own small index with the command (`cartoffre index --generate`),
since it loads new generations into it."""

import pathlib
import subprocess
import threading

import pytest

import cartoffre

QUERY = dict(text="accompagnement", near="Lyon", radius_km=80, limit=3)


def load(command: str, directory: pathlib.Path, seed: int) -> None:
    subprocess.run([command, "index", "--index", str(directory), "--generate", "1500",
                    "--seed", str(seed)], check=True, capture_output=True)


@pytest.fixture
def directory(command, tmp_path) -> pathlib.Path:
    path = tmp_path / "index"
    load(command, path, seed=1)
    return path


def test_refresh_moves_to_the_new_generation_and_says_so(command, directory):
    index = cartoffre.Index.open(directory)
    assert index.refresh() is False  # nothing newer
    first = index.generation
    before = index.search(**QUERY).to_dict()
    load(command, directory, seed=2)
    load(command, directory, seed=3)
    # Not refreshed: the same generation and answers, two loads later.
    assert index.generation == first
    assert index.search(**QUERY).to_dict() == before
    assert (directory / first).is_dir()  # held: the loads kept it

    assert index.refresh() is True
    fresh = cartoffre.Index.open(directory)
    assert index.generation == fresh.generation != first
    assert index.search(**QUERY).to_dict() == fresh.search(**QUERY).to_dict()
    assert index.search(**QUERY).to_dict() != before
    assert index.refresh() is False


def test_a_cursor_of_the_generation_left_raises_stale_cursor_error(command, directory):
    index = cartoffre.Index.open(directory)
    page = index.search(**QUERY)
    assert page.next_cursor
    load(command, directory, seed=2)
    # Still the first generation: its cursor goes on.
    assert len(index.search(**QUERY, cursor=page.next_cursor)) == 3
    assert index.refresh() is True
    with pytest.raises(cartoffre.StaleCursorError,
                       match="l'index a changé depuis la première page : relancez la recherche"):
        index.search(**QUERY, cursor=page.next_cursor)
    assert issubclass(cartoffre.StaleCursorError, cartoffre.QueryError)
    # A Results keeps the generation that made it: its place is still named.
    assert page.place is not None and page.place.label


def test_an_edited_cursor_is_refused(directory):
    index = cartoffre.Index.open(directory)
    cursor = index.search(**QUERY).next_cursor
    for i in range(2, len(cursor)):
        changed = cursor[:i] + ("1" if cursor[i] == "0" else "0") + cursor[i + 1:]
        with pytest.raises(cartoffre.QueryError) as refused:
            index.search(**QUERY, cursor=changed)
        assert not isinstance(refused.value, cartoffre.StaleCursorError), i
    assert len(index.search(**QUERY, cursor=cursor)) == 3


def test_refresh_while_threads_search(command, directory):
    index = cartoffre.Index.open(directory)
    answers = {index.generation: index.search(**QUERY).to_dict()}
    problems, stop = [], threading.Event()

    def search():
        while not stop.is_set():
            pinned_before = index.generation
            try:
                got = index.search(**QUERY).to_dict()
            except Exception as error:  # noqa: BLE001 - any error fails the test
                problems.append(repr(error))
                return
            if pinned_before == index.generation and pinned_before in answers:
                if got != answers[pinned_before]:
                    problems.append(f"answer of {pinned_before} changed")

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for seed in (2, 3, 4):
        load(command, directory, seed=seed)
        assert index.refresh() is True
        answers[index.generation] = cartoffre.Index.open(directory).search(**QUERY).to_dict()
    stop.set()
    for thread in threads:
        thread.join()
    assert problems == []
    assert index.generation == "gen-000004"
