#!/usr/bin/env bash
# Configuring needs only the library's own dependencies: without PostgreSQL's client and SQLite
# (hidden here from find_package), the benchmarks, which alone use them, are left out and the
# rest configures; asking for them then is a clear error. Configure only: nothing is built.
#
#   configure_test.sh SOURCE_DIR
set -euo pipefail
source="$1"
work=$(mktemp -d /tmp/cartoffre-configure-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
hidden=(-DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON)

cmake -S "$source" -B "$work/a" "${hidden[@]}" -DBUILD_TESTING=OFF >"$work/a.log" 2>&1 ||
    { cat "$work/a.log"; fail "does not configure without PostgreSQL and SQLite"; }
grep -qx "CARTOFFRE_BENCH:BOOL=OFF" "$work/a/CMakeCache.txt" || fail "benchmarks not left out"
if cmake -S "$source" -B "$work/b" "${hidden[@]}" -DBUILD_TESTING=OFF -DCARTOFFRE_BENCH=ON \
    >"$work/b.log" 2>&1; then
    fail "CARTOFFRE_BENCH=ON configured without PostgreSQL"
fi
grep -q "PostgreSQL" "$work/b.log" || { cat "$work/b.log"; fail "the error does not say why"; }
echo "configure test: ok"
