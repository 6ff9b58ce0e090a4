#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine (run as root): installs the packages that are missing
# (tools/install-packages.sh), builds, installs with `cmake --install` (prefix /usr/local: the
# command, the library and its CMake package, the tables in /usr/local/share/cartoffre, the
# manual page, the bash completion, the Python package for /usr/bin/python3), and runs the main
# job (an index of the real partner catalogues through data/mappings/, and sample searches).
#
#   bash tools/setup.sh               packages + build + install + main job
#   bash tools/setup.sh --build-only  packages + build (tools/test.sh runs this: no root needed
#                                     when the packages are there)
#
# The build is the one tools/test.sh runs its tests in: build/, warnings as errors, so that the
# test command after the set-up compiles nothing.
#
# Environment: CARTOFFRE_SHARED_DATA (default ../shared/data), CARTOFFRE_INDEX (default
# build/index), CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache, read by CMake at the first configure).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-packages.sh

echo "== building"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARTOFFRE_WERROR="${CARTOFFRE_WERROR:-ON}" >/dev/null
cmake --build build -j"$(nproc)"

# The portal's front-end packages from npm (Leaflet, its clusters, playwright-core for the
# browser tests), as package-lock.json pins them; skipped when already installed from that lock.
if [ ! tools/portal/node_modules/.package-lock.json -nt tools/portal/package-lock.json ]; then
    (cd tools/portal && npm ci --no-audit --no-fund --loglevel=error)
fi

[ "${1:-}" = "--build-only" ] && exit 0

echo "== installing in /usr/local"
cmake --install build >/dev/null
# Installed programs do not read the checkout: the real data is named for them.
export CARTOFFRE_SHARED_DATA="${CARTOFFRE_SHARED_DATA:-$(cd .. && pwd)/shared/data}"

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
echo "== a generated national catalogue (150,000 offers) for scale: build/bench/bench_core"
