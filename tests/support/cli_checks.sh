# Shared by the command's shell tests (sourced): a work directory removed at exit, failures
# counted by `fail`, and `check NAME EXPECTED_RC COMMAND...` keeping stdout in $out and stderr
# in $err. A test ends with `exit $((failures > 0))` after its own summary.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}
check() {
    local name=$1 expected=$2
    shift 2
    out=$("$@" 2>"$dir/stderr")
    local rc=$?
    err=$(cat "$dir/stderr")
    [ "$rc" = "$expected" ] || {
        fail "$name: exit $rc, expected $expected"
        echo "$out" | tail -4
        echo "$err" | head -4
    }
}
