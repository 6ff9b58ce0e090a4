#!/usr/bin/env bash
# A long fuzzing campaign: each target in turn (or JOBS at a time) for N executions, niced,
# from its corpus of earlier campaigns, the real data's seeds and the hand-made ones. The corpus
# grows in OUT/<target>/corpus; a crash, stall or failed check stops that target and leaves the
# input in OUT/<target>/ (crash-*, timeout-*, oom-*). A summary line per target at the end:
# executions, executions per second, coverage (edges) and features, findings.
#
#   tests/fuzz/campaign.sh [--build DIR] [--out DIR] [--runs N] [--time S] [--jobs J] [TARGET...]
#
# DIR defaults to build-sanitize (the sanitizer build, which has the fuzz targets and the
# seeds after `ctest -L fuzz`); N to 10,000,000; S (seconds per target, 0 for no limit) to 0;
# targets to all. AddressSanitizer's stack-use-after-return check is off in a campaign (it costs
# a fifth of the executions: the exception-heavy parsers make its fake stacks collect garbage);
# the short runs of the test suite keep it. ASAN_OPTIONS set by the caller wins.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=build-sanitize out="" runs=10000000 seconds=0 jobs=1 targets=()
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --time) seconds=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -eq 0 ] && targets=(csv geojson json_records mapping places hours_french hours_osm cursor html)
out=${out:-$build/fuzz-campaign}
seeds=$build/tests/fuzz/corpus
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=0}"
# The places and mapping targets read the real gazetteer: named here, so that a copied build
# (without the build tree's marker above it) finds it too.
export CARTOFFRE_SHARED_DATA="${CARTOFFRE_SHARED_DATA:-$(cd ../shared/data 2>/dev/null && pwd)}"
if [ ! -d "$seeds" ]; then
    python3 tests/fuzz/seeds.py "$CARTOFFRE_SHARED_DATA" data/mappings "$seeds" >/dev/null
fi

campaign() {
    local name=$1 fuzzer=$build/tests/fuzz/fuzz_$1 dir=$out/$1
    mkdir -p "$dir/corpus"
    [ -x "$fuzzer" ] || { echo "$name: no $fuzzer (build the sanitizer build first)"; return 1; }
    nice -n 19 "$fuzzer" -runs="$runs" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/" "$dir/corpus" "$seeds/$name" "tests/fuzz/seeds/$name" \
        >"$dir/log" 2>&1
    local status=$?
    local executions speed cov ft
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | grep -o '[0-9]*$')
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$dir/log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -n 1 | grep -o '[0-9]*$')
    ft=$(grep -o 'ft: [0-9]*' "$dir/log" | tail -n 1 | grep -o '[0-9]*$')
    local found
    found=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    echo "$name: status $status, ${executions:-?} executions, ${speed:-?}/s, cov ${cov:-?}, ft ${ft:-?}, findings $found (log $dir/log)"
}

running=0
for name in "${targets[@]}"; do
    campaign "$name" &
    running=$((running + 1))
    if [ $running -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
