#!/usr/bin/env bash
# Starts the reference portal on the main job's index: http://127.0.0.1:8000 (2 workers).
#   bash tools/portal/run.sh [uvicorn options...]
# Environment: CARTOFFRE_INDEX (default build/index), HOST (127.0.0.1), PORT (8000),
# WORKERS (2), CARTOFFRE_BUILD (build: where the bindings were built, when they are not
# installed), CARTOFFRE_PORTAL_TILES (a tile URL template, OpenStreetMap France by default,
# "off" for none) and the others settings.py lists.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARTOFFRE_INDEX="${CARTOFFRE_INDEX:-$PWD/build/index}"
# The bindings: installed in /usr/bin/python3's site-packages, or else from the build tree.
if ! /usr/bin/python3 -c "import cartoffre" 2>/dev/null; then
    export PYTHONPATH="$PWD/${CARTOFFRE_BUILD:-build}/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
fi
[ -d tools/portal/node_modules/@gouvfr/dsfr/dist ] || (cd tools/portal && npm ci --no-audit --no-fund)
# --no-access-log: uvicorn's access log prints query strings, where a person's profile travels;
# the app logs method, path and status itself (app.py, AccessLog).
exec /usr/bin/python3 -m uvicorn app:app --app-dir tools/portal --no-access-log \
    --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" --workers "${WORKERS:-2}" "$@"
