#!/usr/bin/env bash
# The command's outputs compared exactly with committed goldens (tests/golden/): `search --json`,
# `stats --json` and `places --json` for tools, the table at 80 and 160 columns, colour only
# on a terminal, and the exit codes of every error class. The index is built from a hand-made
# data·inclusion v1 catalogue (tests/fixtures/cli), so every line of a golden can be checked by
# reading six services.
#
#   bash tests/cli_golden_test.sh CARTOFFRE            compare
#   bash tests/cli_golden_test.sh CARTOFFRE --update   rewrite the goldens (then read the diff)
set -uo pipefail
cartoffre=$1
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
golden=$here/golden
. "$here/support/cli_checks.sh"

# Quality scores fade with the age of date_maj: the build date is pinned so the goldens last.
"$cartoffre" index --index "$dir/idx" --today 2026-11-24 "$here/fixtures/cli/structures.json" \
    "$here/fixtures/cli/services.json" >/dev/null || fail "fixture index"
export CARTOFFRE_INDEX=$dir/idx
unset NO_COLOR

# golden NAME EXPECTED_RC COMMAND...: stdout and stderr together, compared with golden/NAME.
[ "$update" = --update ] && mkdir -p "$golden"
golden() {
    local name=$1 expected=$2
    shift 2
    "$@" >"$dir/raw" 2>&1
    local rc=$?
    # Paths of this checkout and of the temporary directory differ from run to run.
    sed -e "s|$here|tests|g" -e "s|$dir|TMP|g" "$dir/raw" >"$dir/$name"
    [ "$rc" = "$expected" ] || fail "$name: exit $rc, expected $expected"
    if [ "$update" = --update ]; then
        cp "$dir/$name" "$golden/$name"
    elif ! diff -u "$golden/$name" "$dir/$name"; then
        fail "$name: differs from tests/golden/$name"
    fi
}

day=(--today 2026-11-24)
golden search_melun.json 0 "$cartoffre" search --near Melun --radius 30 "${day[@]}" --json
golden search_words.json 0 "$cartoffre" search emploi "${day[@]}" --json
golden search_person.json 0 "$cartoffre" search --near Melun --radius 60 --age 23 --status rsa \
    --lives-in Melun --inclusive "${day[@]}" --json
golden search_page.json 0 "$cartoffre" search --near Melun --radius 60 --limit 2 "${day[@]}" --json
golden search_none.json 0 "$cartoffre" search --near Marseille --radius 5 "${day[@]}" --json
# The other subcommands' --json, in the same shape: what an index holds, how a place reads.
# (the size in bytes follows the tables of data/: checked, then left out of the golden)
golden stats.json 0 bash -c 'set -o pipefail; "$0" stats "${@}" --json |
    sed -E "s/(\"bytes\": )[1-9][0-9]{5,}/\1N/"' "$cartoffre" "${day[@]}"
golden places_melun.json 0 "$cartoffre" places Melun --json
golden places_13001.json 0 "$cartoffre" places 13001 --json
golden places_unknown.txt 3 "$cartoffre" places Melunn --json

# The table: at 80 and 160 columns (COLUMNS as a shell sets it), no line wider than asked.
person=(--near Melun --radius 60 --age 40 --gender homme --status rsa --lives-in Melun --inclusive
    "${day[@]}")
for width in 80 160; do
    golden "table_$width.txt" 0 env COLUMNS=$width "$cartoffre" search "${person[@]}"
    /usr/bin/python3 - "$dir/table_$width.txt" "$width" <<'EOF' || fail "table_$width: too wide"
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith('Offre '))
wide = [l for l in lines[start:] if len(l) >= int(sys.argv[2])]
assert not wide, wide
EOF
done

# Colour: on a terminal (script(1) gives one), not with NO_COLOR, never in a pipe.
esc=$'\033['
script -qec "env COLUMNS=100 $cartoffre search ${person[*]}" /dev/null >"$dir/tty" 2>&1
grep -qF "${esc}31mInéligible${esc}0m" "$dir/tty" || fail "colour: no red verdict on a terminal"
grep -qF "${esc}2m" "$dir/tty" || fail "colour: no dim distance on a terminal"
script -qec "env NO_COLOR=1 COLUMNS=100 $cartoffre search ${person[*]}" /dev/null >"$dir/tty" 2>&1
grep -qF "$esc" "$dir/tty" && fail "colour: on a terminal despite NO_COLOR"
grep -q "Inéligible" "$dir/tty" || fail "colour: the NO_COLOR run printed no table"
grep -qF "$esc" "$dir/table_80.txt" && fail "colour: in a pipe"

# Exit codes: 0 nothing found, 2 usage, 3 unknown place or code (with a hint), 4 no index,
# 1 other errors (here a catalogue that is not JSON).
golden exit_usage.txt 2 "$cartoffre" search --near Melun --radius
golden exit_place.txt 3 "$cartoffre" search --near "Melunn"
golden exit_theme.txt 3 "$cartoffre" search --near Melun --theme mobilte
golden exit_status.txt 3 "$cartoffre" search --near Melun --age 23 --status rsaa
golden exit_public.txt 3 "$cartoffre" search --near Melun --public jeune
golden exit_index.txt 4 "$cartoffre" search --index "$dir/none" --near Melun
golden exit_other.txt 1 "$cartoffre" index --index "$dir/bad" "$here/fixtures/di_v1/structures.json" \
    "$here/fixtures/di_v1/malformed.json"

# The manual page and the bash completion know every option of every subcommand's --help, and
# the completion the statuses of data/eligibility/statuses.tsv (qpv and frr are flags).
for command in search show explain export stats duplicates places index load; do
    for option in $("$cartoffre" "$command" --help | grep -oE -- '(^| )--[a-z][a-z-]*' | sort -u); do
        [ "$option" = --help ] && continue
        grep -qF -- "${option//-/\\-}" "$here/../docs/cartoffre.1" ||
            fail "man page: no $option ($command)"
        grep -qE -- "(^|[ \"])$option( |\"|$)" \
            "$here/../tools/cartoffre.bash-completion" || fail "completion: no $option ($command)"
    done
    grep -qE "^\.B $command( |$)" "$here/../docs/cartoffre.1" || fail "man page: no $command"
    "$cartoffre" "$command" --help | grep -q "Exemple" || fail "$command --help: no example"
done
for status in $(grep -v '^#' "$here/../data/eligibility/statuses.tsv" | tail -n +2 | cut -f1); do
    [ "$status" = qpv ] || [ "$status" = frr ] && continue
    grep -qw -- "$status" "$here/../tools/cartoffre.bash-completion" ||
        fail "completion: no status $status"
done

# The completion itself, in bash with bash-completion (installed by tools/setup.sh).
completions=$(bash -c 'source /usr/share/bash-completion/bash_completion
source "$1"
complete_line() {
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _cartoffre; echo "${COMPREPLY[*]}"
}
complete_line cartoffre ex; complete_line cartoffre export --format ""
complete_line cartoffre search --status rq' _ "$here/../tools/cartoffre.bash-completion" 2>&1)
[ "$completions" = $'explain export\ncsv geojson di-json\nrqth' ] ||
    fail "completion: got $completions"

[ "$failures" = 0 ] && echo "all golden checks passed"
exit "$failures"
