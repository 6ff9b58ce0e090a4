#!/usr/bin/env bash
# Throughput of the portal's data·inclusion API v1 against a PostGIS stand-in answering the same
# requests on the same offers (not part of ctest):
#   bash bench/api_v1.sh [BUILD_DIR]        (default build)
# The 150,000-offer generated index of tools/portal/loadtest.sh (BUILD_DIR/loadtest-index),
# loaded into a throwaway PostgreSQL 15 + PostGIS cluster (bench/pg.sh) by bench/api_v1_postgis.py;
# both APIs on FastAPI/uvicorn with 2 workers on loopback; wrk, DURATION seconds (20) with
# CONNECTIONS connections (8), over /api/v1/search/services?code_commune=…&thematiques=… around
# 12 communes (api_v1.lua), with size 20 then 5,000. Prints a markdown table for
# docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
duration=${DURATION:-20}
connections=${CONNECTIONS:-8}
index="$build/loadtest-index"
shared=${CARTOFFRE_SHARED_DATA:-$PWD/../shared/data}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
/usr/bin/python3 -c "import psycopg2" || { echo "apt-get install python3-psycopg2" >&2; exit 1; }
if [ ! -d "$index" ]; then
    "$build/tools/cartoffre" index --index "$index" --generate 150000 --seed 1 >/dev/null
fi
export PYTHONPATH="$build/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
pgdir=$(mktemp -d /tmp/cartoffre-api-pg.XXXXXX)
chmod 755 "$pgdir"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -INT -- "-$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    bash bench/pg.sh stop "$pgdir"
}
trap cleanup EXIT
pg_port=$(bash bench/pg.sh start "$pgdir")
/usr/bin/python3 bench/api_v1_postgis.py load "$index" "$pg_port" "$shared/gazetteer/communes_fr_2026.csv"

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() {
    for _ in $(seq 150); do
        /usr/bin/python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
            "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "no answer from $1" >&2
    exit 1
}
ours=$(free_port)
CARTOFFRE_INDEX="$index" CARTOFFRE_PORTAL_QUIET=1 setsid /usr/bin/python3 -m uvicorn app:app \
    --app-dir tools/portal --no-access-log --host 127.0.0.1 --port "$ours" --workers 2 \
    >/dev/null 2>&1 &
pids+=($!)
# The same without the API's caches of encoded services and of searches' orders: every
# request searches and encodes.
bare=$(free_port)
CARTOFFRE_INDEX="$index" CARTOFFRE_PORTAL_QUIET=1 CARTOFFRE_API_CACHE=0 CARTOFFRE_API_ORDERS=0 \
    setsid /usr/bin/python3 -m uvicorn app:app --app-dir tools/portal --no-access-log \
    --host 127.0.0.1 --port "$bare" --workers 2 >/dev/null 2>&1 &
pids+=($!)
theirs=$(free_port)
PG_PORT=$pg_port setsid /usr/bin/python3 -m uvicorn api_v1_postgis:app --app-dir bench \
    --no-access-log --host 127.0.0.1 --port "$theirs" --workers 2 >/dev/null 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ours/api/v1/search/services?code_commune=59350&size=1"
wait_for "http://127.0.0.1:$theirs/api/v1/search/services?code_commune=59350&size=1"
wait_for "http://127.0.0.1:$bare/api/v1/search/services?code_commune=59350&size=1"

# The same answers first: ids and distances of the first 200 for three requests.
for query in "code_commune=59350&thematiques=numerique" "code_commune=75111&thematiques=mobilite" \
             "code_commune=2A004&thematiques=trouver-un-emploi"; do
    /usr/bin/python3 - "http://127.0.0.1:$ours" "http://127.0.0.1:$theirs" "$query" <<'PY'
import json, sys, urllib.request
def get(base):
    with urllib.request.urlopen(f"{base}/api/v1/search/services?{sys.argv[3]}&size=200") as r:
        page = json.load(r)
    return page["total"], [(i["service"]["id"], i["distance"]) for i in page["items"]]
ours, theirs = get(sys.argv[1]), get(sys.argv[2])
print(f"== {sys.argv[3]}: total {ours[0]} / {theirs[0]}, first 200 "
      f"{'identical' if ours == theirs else 'DIFFER'}")
PY
done

echo "| server | size | requests/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|---|"
for size in 20 5000; do
    for side in cartoffre "cartoffre, no cache" PostGIS; do
        case $side in
            PostGIS) port=$theirs ;;
            cartoffre) port=$ours ;;
            *) port=$bare ;;
        esac
        SIZE=$size wrk -t2 -c"$connections" -d3s -s bench/api_v1.lua "http://127.0.0.1:$port" >/dev/null
        SIZE=$size wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s bench/api_v1.lua \
            "http://127.0.0.1:$port" | sed -n "s/^ROW /| $side | $size | /p"
    done
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC"
