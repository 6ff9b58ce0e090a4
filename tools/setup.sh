#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine (run as root): installs what is missing, builds, and
# runs the main job (an index of the real partner catalogues through data/mappings/, and sample
# searches).
#
#   bash tools/setup.sh               install + build + main job
#   bash tools/setup.sh --build-only  install + build (used by tools/test.sh)
#
# Environment: CARTOFFRE_SHARED_DATA (default ../shared/data), CARTOFFRE_INDEX (default
# build/index).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libboost-dev libxapian-dev libgdal-dev libicu-dev catch2
          nlohmann-json3-dev pybind11-dev python3-dev python3-pytest libcli11-dev zlib1g-dev
          clang-format)
# The reference portal (tools/portal/): its server, browser tests (Chromium) and load test (wrk).
packages+=(python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-httpx python3-pytest
           chromium wrk)
# The command's tests (python3: CSV and GeoJSON parsed back; script: a terminal for colour) and
# its timing (hyperfine).
packages+=(python3 bsdutils hyperfine bash-completion)
# The peers of the side-by-side benchmark and the peer test (tools/bench/).
packages+=(libpq-dev libsqlite3-dev postgresql-15 postgresql-15-postgis-3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "== building"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARTOFFRE_WERROR="${CARTOFFRE_WERROR:-OFF}" >/dev/null
cmake --build build -j"$(nproc)"
install -m 0755 build/tools/cartoffre /usr/local/bin/cartoffre
# What `cartoffre index` and `cartoffre load` run (the catalogue readers), beside it.
install -m 0755 build/tools/cartoffre-load /usr/local/bin/cartoffre-load
# The Python package, for Debian's interpreter (not a pyenv python3 that may come first on PATH).
site=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
rm -rf "$site/cartoffre"
mkdir -p "$site"
cp -r build/bindings/python/cartoffre "$site/cartoffre"
# The command's manual page and bash completion.
install -D -m 0644 docs/cartoffre.1 /usr/local/share/man/man1/cartoffre.1
install -D -m 0644 tools/cartoffre.bash-completion /usr/share/bash-completion/completions/cartoffre

# The portal's front-end packages from npm (Leaflet, its clusters, playwright-core for the
# browser tests), as package-lock.json pins them; skipped when already installed from that lock.
if [ ! tools/portal/node_modules/.package-lock.json -nt tools/portal/package-lock.json ]; then
    (cd tools/portal && npm ci --no-audit --no-fund --loglevel=error)
fi

[ "${1:-}" = "--build-only" ] && exit 0

index="${CARTOFFRE_INDEX:-$PWD/build/index}"
echo "== main job: the real partner catalogues of ../shared/data/catalogues, through data/mappings/"
mappings=()
for m in data/mappings/*.json; do mappings+=(--mapping "$m"); done
# Exit 6: done, with rows rejected (listed in build/load-reports/).
cartoffre index --index "$index" "${mappings[@]}" --report build/load-reports || [ $? = 6 ]
cartoffre stats --index "$index" | head -12
echo "== sample searches"
set -x
cartoffre search --index "$index" "chantier d'insertion" --near "Montreuil (93)" --radius 5 --limit 5
cartoffre search --index "$index" numérique --near Melun --radius 15 --limit 5
cartoffre search --index "$index" --near "Saint-Denis (93)" --radius 3 --theme trouver-un-emploi --limit 5
cartoffre search --index "$index" demarches --near 75011 --open-now --limit 3   # misspelt: corrected
# For a person of 23 on the RSA living in Melun: each offer with its verdict and first reason.
cartoffre search --index "$index" emploi --near Melun --radius 20 --age 23 --status rsa \
    --lives-in Melun --limit 5
cartoffre search --index "$index" "france services" --near "48.8566,2.3522" --radius 10 --limit 3 --json | head -40
set +x
echo "== a generated national catalogue (150,000 offers) for scale: build/tools/bench_core"
