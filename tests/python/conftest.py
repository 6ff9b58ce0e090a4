"""Shared by the Python tests: the built command and two indexes, opened once per session.

ctest sets CARTOFFRE_COMMAND (the built `cartoffre`), PYTHONPATH (the package in the build tree)
and CARTOFFRE_TEST_INDEXES (where its set-up test built the indexes with build_indexes.py).
Run by hand without CARTOFFRE_TEST_INDEXES, the indexes are built in a temporary directory.
"""

import os
import pathlib
import subprocess
import json

import pytest

import cartoffre
import build_indexes


@pytest.fixture(scope="session")
def command() -> str:
    path = os.environ.get("CARTOFFRE_COMMAND")
    if not path or not os.access(path, os.X_OK):
        pytest.exit("set CARTOFFRE_COMMAND to the built cartoffre command", returncode=2)
    return path


@pytest.fixture(scope="session")
def index_dirs(command, tmp_path_factory) -> pathlib.Path:
    given = os.environ.get("CARTOFFRE_TEST_INDEXES")
    if given and (pathlib.Path(given) / "real" / "CURRENT").exists():
        return pathlib.Path(given)
    target = tmp_path_factory.mktemp("indexes")
    build_indexes.build(command, target)
    return target


@pytest.fixture(scope="session")
def generated(index_dirs) -> cartoffre.Index:
    return cartoffre.Index.open(index_dirs / "generated")


@pytest.fixture(scope="session")
def real(index_dirs) -> cartoffre.Index:
    return cartoffre.Index.open(index_dirs / "real")


@pytest.fixture(scope="session")
def cli(command):
    """Runs `cartoffre ARGS --json` and returns its parsed output."""

    def run(*args: str) -> dict:
        done = subprocess.run([command, *args, "--json"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        assert done.returncode == 0, f"cartoffre {' '.join(args)}: {done.stderr}"
        return json.loads(done.stdout)

    return run
