#!/usr/bin/env bash
# The portal's browser test, end to end: indexes real catalogues (through data/mappings/, as the
# main job does) with the hand-made fixture catalogue, starts a fake tile server and the portal
# on free loopback ports and drives headless Chromium over it (browser_test.js). Screenshots go to
# <build>/portal-screenshots/ (kept as CI artifacts).
#   run_browser_test.sh CARTOFFRE_COMMAND BUILD_DIR
set -uo pipefail
cartoffre=$1
build=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dir=$(mktemp -d)
server=
tiles=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$tiles" ] && kill "$tiles" 2>/dev/null && wait "$tiles" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

# Partners with offers around Melun (employment agencies, France services, digital help, SIAE)
# and the fixture; the other catalogues would only make the test slower.
mappings=()
for m in pole_emploi france_services conseillers_numeriques siae; do
    mappings+=(--mapping "$repo/data/mappings/$m.json")
done
mappings+=(--mapping "$here/fixtures/portal_fixture.json=$here/fixtures/portal_fixture.csv")
if ! "$cartoffre" index --index "$dir/index" "${mappings[@]}" >"$dir/index.log" 2>&1; then
    echo "FAIL: the test index was not built"; cat "$dir/index.log"; exit 1
fi

# The map's background from a tile server of the test's own (the browser has no internet).
/usr/bin/python3 "$here/fake_tiles.py" "$dir/tiles.port" &
tiles=$!
for _ in $(seq 100); do [ -s "$dir/tiles.port" ] && break; sleep 0.1; done
tiles_port=$(cat "$dir/tiles.port")

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CARTOFFRE_PORTAL_TILES="http://127.0.0.1:$tiles_port/fake-tiles/{z}/{x}/{y}.png" \
CARTOFFRE_PORTAL_TILES_ATTRIBUTION="tuiles de test" \
CARTOFFRE_INDEX="$dir/index" PYTHONPATH="$build/bindings/python" PYTHONDONTWRITEBYTECODE=1 \
    /usr/bin/python3 -m uvicorn app:app --app-dir "$repo/tools/portal" --host 127.0.0.1 \
    --port "$port" --no-access-log >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 150); do  # up to 30 s on a loaded machine
    /usr/bin/python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/api/config" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { echo "FAIL: the portal did not start"; cat "$dir/server.log"; exit 1; }
    sleep 0.2
done

NODE_PATH="$repo/tools/portal/node_modules" node "$here/browser_test.js" \
    "http://127.0.0.1:$port" "$build/portal-screenshots"
rc=$?
[ $rc -eq 0 ] || { echo "== server log"; tail -20 "$dir/server.log"; }
exit $rc
