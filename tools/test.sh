#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: set-up (install + build) first, then the format
# check and ctest. Labels: fast (unit tests), oracle (brute-force comparisons).
set -euo pipefail
cd "$(dirname "$0")/.."
# Warnings are errors here: the code must build clean with -Wall -Wextra.
CARTOFFRE_WERROR=ON bash tools/setup.sh --build-only

echo "== format check"
files=$(git ls-files 'include/*.hpp' 'lib/*.hpp' 'lib/*.cpp' 'tools/*.hpp' 'tools/*.cpp' 'tests/*.hpp' 'tests/*.cpp' 'bindings/*.hpp' 'bindings/*.cpp' 2>/dev/null || true)
[ -n "$files" ] && clang-format --dry-run -Werror $files

echo "== tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
