#!/usr/bin/env bash
# The Debian 12 packages the build, the tests and the set-up need; installs those missing with
# apt-get (as root). When all are installed it does nothing and needs no root.
#
#   bash tools/install-packages.sh          install what is missing
#   bash tools/install-packages.sh --check  list what is missing (exit 1 if anything is)
#
# Called by tools/setup.sh (and so by tools/test.sh).
set -euo pipefail

# The library, the command, the bindings, the format check.
packages=(g++ cmake make pkg-config libboost-dev libxapian-dev libgdal-dev libicu-dev catch2
          nlohmann-json3-dev pybind11-dev python3-dev python3-pytest libcli11-dev zlib1g-dev libzstd-dev
          liblz4-dev
          clang-format)
# The Debian package (cpack -G DEB: dpkg-shlibdeps, file) and the Python package's pyproject.toml
# (pip wheel with setuptools).
packages+=(dpkg-dev file python3-pip python3-setuptools python3-wheel)
# The reference portal (tools/portal/): its server, browser tests (Chromium) and load test (wrk).
packages+=(python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-httpx python3-pytest
           chromium wrk)
# API v1's tests validate answers against its OpenAPI schema; its benchmark's PostGIS stand-in.
packages+=(python3-jsonschema python3-psycopg2)
# The command's tests (python3: CSV and GeoJSON parsed back; script: a terminal for colour) and
# its timing (hyperfine).
packages+=(python3 bsdutils hyperfine bash-completion)
# The sanitizer build of the tests and the fuzz targets (tools/test.sh): clang, libFuzzer and
# the symbolizer (function names and lines in the sanitizers' reports).
packages+=(clang-15 libfuzzer-15-dev llvm-15)
# The portal's front-end packages (npm ci): Debian's npm, unless an npm is already there.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# The peers of the side-by-side benchmark and the peer test (bench/).
packages+=(libpq-dev libsqlite3-dev postgresql-15 postgresql-15-postgis-3)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--check" ]; then
    echo "missing: ${missing[*]}"
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-packages.sh: missing packages, run as root to install them: ${missing[*]}" >&2
    exit 1
fi
echo "== installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
