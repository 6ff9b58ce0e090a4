#!/usr/bin/env bash
# Load test of the portal's /api/search on loopback (not part of ctest):
#   bash tools/portal/loadtest.sh [BUILD_DIR]        (default build)
# Builds (or reuses) the generated index of 150,000 offers in BUILD_DIR/loadtest-index, starts
# the portal with 2 workers as tools/portal/run.sh does, warms it up, then runs wrk for
# DURATION seconds (30) with CONNECTIONS connections (8) over varied searches around real places
# (loadtest.lua) and prints requests/s, latency percentiles and errors.
# Target (issue 6): >= 300 searches/s, p99 < 50 ms, zero errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "${1:-build}" && pwd)
duration=${DURATION:-30}
connections=${CONNECTIONS:-8}
index="$build/loadtest-index"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [ ! -d "$index" ]; then
    echo "== generating the 150,000-offer index in $index"
    "$build/tools/cartoffre" index --index "$index" --generate 150000 --seed 1
fi

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
CARTOFFRE_INDEX="$index" CARTOFFRE_BUILD="$(realpath --relative-to=. "$build")" PORT=$port WORKERS=2 \
    setsid bash tools/portal/run.sh >"$log" 2>&1 &
server=$!
trap 'kill -INT -- -$server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 150); do
    /usr/bin/python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/api/config" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
done
echo "== portal on 127.0.0.1:$port, 2 workers, index $(basename "$index"); machine: $(nproc) cores"
echo "== warm-up (5 s)"
wrk -t2 -c"$connections" -d5s -s tools/portal/loadtest.lua "http://127.0.0.1:$port" >/dev/null
echo "== wrk: $duration s, $connections connections, 2 threads"
wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s tools/portal/loadtest.lua "http://127.0.0.1:$port"
