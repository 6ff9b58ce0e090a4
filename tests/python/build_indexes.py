"""Builds the two indexes the Python tests search, with the built `cartoffre` command:

    generated/  20,000 generated offers (seed 1) over the real gazetteer
    real/       the real partner catalogues of ../shared/data through data/mappings/

    /usr/bin/python3 build_indexes.py CARTOFFRE_COMMAND TARGET_DIR
"""

import pathlib
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
GENERATED_OFFERS = 20000


def build(command: str, target: pathlib.Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("generated", "real"):
        shutil.rmtree(target / name, ignore_errors=True)
    run = dict(check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    subprocess.run([command, "index", "--index", str(target / "generated"),
                    "--generate", str(GENERATED_OFFERS), "--seed", "1"], **run)
    mappings = []
    for mapping in sorted((REPO / "data" / "mappings").glob("*.json")):
        mappings += ["--mapping", str(mapping)]
    # Real catalogues have rows the loader rejects: exit 6 (done, some rows rejected).
    real = subprocess.run([command, "index", "--index", str(target / "real"), *mappings],
                          **{**run, "check": False})
    if real.returncode not in (0, 6):
        raise subprocess.CalledProcessError(real.returncode, real.args, real.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: build_indexes.py CARTOFFRE_COMMAND TARGET_DIR")
    try:
        build(sys.argv[1], pathlib.Path(sys.argv[2]))
    except subprocess.CalledProcessError as e:
        sys.exit(f"{' '.join(e.cmd[:3])} failed ({e.returncode}):\n{e.stdout}")
