#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine (run as root): installs what is missing, builds, and
# runs the main job (an index of a generated national catalogue, and sample searches).
#
#   bash tools/setup.sh               install + build + main job
#   bash tools/setup.sh --build-only  install + build (used by tools/test.sh)
#
# Environment: CARTOFFRE_SHARED_DATA (default ../shared/data), CARTOFFRE_INDEX (default
# build/index), CARTOFFRE_MAIN_OFFERS (default 150000).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libboost-dev libxapian-dev libgdal-dev libicu-dev catch2
          nlohmann-json3-dev pybind11-dev libcli11-dev zlib1g-dev clang-format)
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

[ "${1:-}" = "--build-only" ] && exit 0

index="${CARTOFFRE_INDEX:-$PWD/build/index}"
offers="${CARTOFFRE_MAIN_OFFERS:-150000}"
echo "== main job: index of $offers generated offers in $index"
cartoffre index --index "$index" --generate "$offers" --seed 1
echo "== sample searches"
set -x
cartoffre search --index "$index" permis --near Melun --radius 15 --limit 5
cartoffre search --index "$index" --near "Saint-Denis (93)" --radius 5 --theme famille --limit 5
cartoffre search --index "$index" hebergment --near 75011 --limit 3   # misspelt: corrected
# For a person of 23 on the RSA living in Melun: each offer with its verdict and first reason.
cartoffre search --index "$index" emploi --near Melun --radius 20 --age 23 --status rsa \
    --lives-in Melun --limit 5
cartoffre search --index "$index" rsa --near "48.8566,2.3522" --radius 10 --free --limit 3 --json | head -40
