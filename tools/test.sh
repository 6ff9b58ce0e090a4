#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: the set-up's packages and build first (the same
# build folder and options as tools/setup.sh, warnings as errors: after the set-up this compiles
# nothing, and needs no root when the packages are there), then the format check and ctest.
# Labels: fast (unit tests), oracle (brute-force comparisons), robustness, python, browser,
# peer, package (the installed tree and the Debian package).
#
#   bash tools/test.sh [ctest options, e.g. -L fast]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --build-only

echo "== format check"
files=$(git ls-files 'include/*.hpp' 'lib/*.hpp' 'lib/*.cpp' 'tools/*.hpp' 'tools/*.cpp' 'bench/*.hpp' 'bench/*.cpp' 'tests/*.hpp' 'tests/*.cpp' 'bindings/*.hpp' 'bindings/*.cpp' 2>/dev/null || true)
[ -n "$files" ] && clang-format --dry-run -Werror $files

echo "== tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
