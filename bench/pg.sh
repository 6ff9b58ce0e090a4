#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS cluster on loopback, for the peer benchmark and the
# agreement test. Trust authentication on 127.0.0.1 only; nothing outside DIR is touched.
#
#   bash bench/pg.sh start DIR   initdb in DIR (made if missing), start on a free port,
#                              print the port (also written to DIR/port)
#   bash bench/pg.sh stop DIR    stop the cluster and remove DIR
#
# Runs the server as the `postgres` user when started as root (PostgreSQL refuses root).
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
action="${1:-}" dir="${2:-}"
if [ -z "$action" ] || [ -z "$dir" ]; then
    echo "usage: pg.sh start|stop DIR" >&2
    exit 2
fi
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
    if [ ! -x "$bin/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
        echo "pg.sh: PostgreSQL 15 and PostGIS 3 are needed:" \
            "apt-get install postgresql-15 postgresql-15-postgis-3" >&2
        exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            echo "pg.sh: user postgres cannot reach $dir (a parent directory is private):" \
                "use a directory under /tmp made with mode 755" >&2
            exit 1
        fi
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # A free port: ask the kernel for one, then let the server take it.
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Enough memory to keep the peer's indexes warm, no durability needed for a benchmark.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c shared_buffers=512MB \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
         -c max_wal_size=4GB -c maintenance_work_mem=256MB -c work_mem=32MB \
         -c max_parallel_workers_per_gather=0 -c jit=off" >/dev/null
    echo "$port" | as_owner tee "$dir/port" >/dev/null
    echo "$port"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "pg.sh: unknown action '$action' (start or stop)" >&2
    exit 2
    ;;
esac
