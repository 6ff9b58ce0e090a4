#!/usr/bin/env bash
# The side-by-side benchmark: cartoffre, PostgreSQL + PostGIS, SQLite FTS5 + R*Tree and Xapian
# alone on the same generated catalogues and queries, in one run; PostgreSQL is started on
# loopback for the run and stopped at the end. Writes the tables to build-bench/bench/peers.md.
#
#   bash tools/bench/run.sh            150,000 and 1,000,000 offers, 300 queries a class
#   bash tools/bench/run.sh --quick    20,000 offers, 100 queries a class (a few minutes)
#
# Environment: BUILD (default build-bench), SIZES and QUERIES override the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD:-build-bench}"
sizes="${SIZES:-150000 1000000}" queries="${QUERIES:-300}"
if [ "${1:-}" = "--quick" ]; then sizes="${SIZES:-20000}" queries="${QUERIES:-100}"; fi
if [ ! -x "$build/tools/bench_peers" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j"$(nproc)" --target bench_peers_tool
fi
out="$PWD/$build/bench/peers.md"
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/cartoffre-peers.XXXXXX)
chmod 755 "$work"  # the server runs as postgres
trap 'bash tools/bench/pg.sh stop "$work/pg" || true; rm -rf "$work"' EXIT
port=$(bash tools/bench/pg.sh start "$work/pg")
echo "# cartoffre and its peers" >"$out"
for n in $sizes; do
    echo "== $n offers"
    "$build/tools/bench_peers" --offers "$n" --queries "$queries" --dir "$work" \
        --pg-port "$port" --sqlite yes --xapian yes --out "$out"
done
echo "== written to $out"
