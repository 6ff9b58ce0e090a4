#!/usr/bin/env bash
# The side-by-side benchmark: cartoffre, PostgreSQL + PostGIS, SQLite FTS5 + R*Tree and Xapian
# alone on the same generated catalogues and queries, in one run; PostgreSQL is started on
# loopback for the run and stopped at the end. Writes the tables to build-bench/bench/peers.md.
#
#   bash bench/run.sh            150,000 and 1,000,000 offers, then the real partner
#                                catalogues indexed through data/mappings/; 300 queries
#                                a class
#   bash bench/run.sh --quick    20,000 offers, 100 queries a class (a few minutes)
#
# Above 150,000 offers SQLite and Xapian run apart from PostGIS, on the first BIG_QUERIES (30)
# queries of each class with cartoffre beside them: their slow classes take seconds a query
# there ((f) at 150,000: 0.1 to 1.8 s for SQLite, 0.5 to 1 s for Xapian), so 300 queries would
# keep each for hours. Extrapolated from 150,000 (builds of 8-10 and 41-45 s of CPU there),
# each should take about 10 minutes at 1,000,000 on an idle machine, build included.
#
# Environment: BUILD (default build-bench), SIZES, QUERIES and BIG_QUERIES override the
# defaults; REAL=no leaves out the real catalogues.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD:-build-bench}"
sizes="${SIZES:-150000 1000000}" queries="${QUERIES:-300}" real="${REAL:-yes}"
big_queries="${BIG_QUERIES:-30}"
if [ "${1:-}" = "--quick" ]; then sizes="${SIZES:-20000}" queries="${QUERIES:-100}" real=no; fi
if [ ! -x "$build/bench/bench_peers" ] || [ ! -x "$build/tools/cartoffre" ]; then
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARTOFFRE_BENCH=ON >/dev/null
    cmake --build "$build" -j"$(nproc)" --target bench_peers cartoffre_tool
fi
out="$PWD/$build/bench/peers.md"
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/cartoffre-peers.XXXXXX)
chmod 755 "$work"  # the server runs as postgres
trap 'bash bench/pg.sh stop "$work/pg" || true; rm -rf "$work"' EXIT
port=$(bash bench/pg.sh start "$work/pg")
echo "# cartoffre and its peers" >"$out"
for n in $sizes; do
    echo "== $n offers"
    if [ "$n" -le 150000 ]; then
        "$build/bench/bench_peers" --offers "$n" --queries "$queries" --dir "$work" \
            --pg-port "$port" --sqlite yes --xapian yes --out "$out"
        continue
    fi
    "$build/bench/bench_peers" --offers "$n" --queries "$queries" --dir "$work" \
        --pg-port "$port" --out "$out"
    echo "== $n offers, SQLite and Xapian ($big_queries queries a class)"
    "$build/bench/bench_peers" --offers "$n" --queries "$big_queries" --dir "$work" \
        --sqlite yes --xapian yes --out "$out"
done
if [ "$real" = yes ]; then
    echo "== the real partner catalogues"
    mappings=()
    for m in data/mappings/*.json; do mappings+=(--mapping "$m"); done
    start=$(date +%s%N)
    "$build/tools/cartoffre" index --index "$work/real" "${mappings[@]}" >/dev/null
    line="cartoffre index of the real catalogues (the command, mappings included):"
    echo "$line $((($(date +%s%N) - start) / 1000000)) ms" | tee -a "$out"
    "$build/bench/bench_peers" --index "$work/real" --queries "$queries" --dir "$work" \
        --pg-port "$port" --sqlite yes --xapian yes --out "$out"
fi
echo "== written to $out"
