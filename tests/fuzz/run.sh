#!/usr/bin/env bash
# One short fuzz run for ctest: the seeds first (every one must pass), then mutations for the
# given seconds. Fails on a crash, a sanitizer finding, an escaped exception, a failed check, an
# input that takes more than 30 s (a stall: the slowest inputs seen take about a second with the
# sanitizers on a loaded machine) or 2 GB; the input that did it is kept in FINDINGS and shown.
#
#   run.sh FUZZER SECONDS FINDINGS CORPUS...
set -uo pipefail
fuzzer=$1 seconds=$2 findings=$3
shift 3
mkdir -p "$findings"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# New inputs go to a scratch folder: the seed folders are left as they are.
"$fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" "$@" >"$work.log" 2>&1
status=$?
grep -E "^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|stat::average_exec_per_sec)" \
    "$work.log"
if [ $status -ne 0 ]; then
    tail -n 60 "$work.log"
    for f in "$findings"/*; do
        [ -f "$f" ] || continue
        echo "== input kept in $f ($(stat -c %s "$f") bytes), as hex (first 512 bytes):"
        head -c 512 "$f" | od -An -tx1 | head -n 40
    done
fi
rm -f "$work.log"
exit $status
