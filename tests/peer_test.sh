#!/usr/bin/env bash
# Label peer: cartoffre agrees with PostgreSQL + PostGIS, SQLite and Xapian on classes (a) and
# (c) of the peer benchmark (same ids, distances within 10 m) on the quick data set, 20,000
# generated offers.
# Starts its own cluster on loopback (bench/pg.sh) and stops it whatever happens.
#
#   peer_test.sh path/to/bench_peers
set -euo pipefail
bench_peers="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/cartoffre-peer-test.XXXXXX)
chmod 755 "$work"  # the server runs as postgres
trap 'bash "$here/bench/pg.sh" stop "$work/pg" || true; rm -rf "$work"' EXIT
port=$(bash "$here/bench/pg.sh" start "$work/pg")
"$bench_peers" --offers 20000 --queries 150 --seed 7 --dir "$work" --pg-port "$port" \
    --sqlite yes --xapian yes --check yes
