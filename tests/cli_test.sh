#!/usr/bin/env bash
# The command line end to end on a small generated index: search for a person, show, explain,
# places, and the exit codes of bad input. Run by ctest with the path of the built command.
set -uo pipefail
cartoffre=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
check() {  # check NAME EXPECTED_RC COMMAND... ; the output is kept in $out
    local name=$1 expected=$2
    shift 2
    out=$("$@" 2>&1)
    local rc=$?
    if [ "$rc" != "$expected" ]; then
        echo "FAIL $name: exit $rc, expected $expected"; echo "$out" | head -5
        failures=$((failures + 1))
    fi
}
contains() {  # contains NAME TEXT: the last output holds TEXT
    if ! grep -qF -- "$2" <<<"$out"; then
        echo "FAIL $1: no '$2' in"; echo "$out" | head -8
        failures=$((failures + 1))
    fi
}

check index 0 "$cartoffre" index --index "$dir/idx" --generate 3000 --seed 3
contains index "3000 chargées"
export CARTOFFRE_INDEX="$dir/idx"

check person-search 0 "$cartoffre" search emploi --near Paris --radius 30 --age 23 --status rsa \
    --lives-in Paris --today 2026-11-24 --inclusive --json --limit 50
contains person-search '"verdict"'
contains person-search '"reasons"'
id=$(grep -o '"id": "[^"]*"' <<<"$out" | head -1 | cut -d'"' -f4)
[ -n "$id" ] || { echo "FAIL person-search: no hit"; failures=$((failures + 1)); }

check show 0 "$cartoffre" show "$id"
contains show "Structure :"
contains show "Identifiant : $id"
contains show "Qualité :"

# Quality and duplicates: the options are accepted and filter; the review table is a CSV.
check min-quality 0 "$cartoffre" search --near Paris --radius 30 --min-quality 0.6 --json --limit 0
all=$("$cartoffre" search --near Paris --radius 30 --json --limit 0 | grep -o '"total": [0-9]*')
[ "$(grep -o '"total": [0-9]*' <<<"$out")" != "$all" ] ||
    { echo "FAIL min-quality: as many offers as without it ($all)"; failures=$((failures + 1)); }
check bad-quality 3 "$cartoffre" search --near Paris --min-quality 2
contains bad-quality "qualité minimale"
check exclude-duplicates 0 "$cartoffre" search --near Paris --exclude-duplicates --json --limit 1
check duplicates 0 "$cartoffre" duplicates --out "$dir/doublons.csv"
head -1 "$dir/doublons.csv" | grep -q "^cluster,prefere,source_a,id_a" ||
    { echo "FAIL duplicates: no CSV header"; failures=$((failures + 1)); }

check explain 0 "$cartoffre" explain "$id" --near Melun --radius 5 --age 31 --lives-in Paris \
    --today 2026-11-24
contains explain "Verdict :"
contains explain "[distance]"

# A partner's catalogue loaded, then reloaded from a smaller file: its rows replace its own.
mapping="$(dirname "$0")/../data/mappings/pole_emploi.json"
check load 0 "$cartoffre" load --index "$dir/idx" --mapping "$mapping"
contains load "959 nouvelles"
head -11 "${CARTOFFRE_SHARED_DATA:-$(dirname "$0")/../../shared/data}/catalogues/pole_emploi_agencies_2019.csv" >"$dir/pe.csv"
check reload-refused 7 "$cartoffre" load --index "$dir/idx" --source pole-emploi-2019 \
    --mapping "$mapping" "$dir/pe.csv"  # would remove 949 of 959 offers
contains reload-refused "--allow-shrink"
check reload 0 "$cartoffre" load --index "$dir/idx" --source pole-emploi-2019 --mapping "$mapping" \
    --report "$dir/report.csv" --allow-shrink "$dir/pe.csv"
contains reload "0 nouvelles, 0 modifiées, 10 inchangées, 949 retirées, 0 rejetées"
contains reload "3010 offres"
check stats 0 "$cartoffre" stats --today 2026-11-26
contains stats "pole-emploi-2019"
contains stats "3010 offres"
contains stats "Coordonnées :"
check wrong-source 3 "$cartoffre" load --index "$dir/idx" --source autre --mapping "$mapping"

check places 0 "$cartoffre" places "st etienne"  # the index's geography ($CARTOFFRE_INDEX)
contains places "42218"
from_index="$out"
check places-cog 0 env CARTOFFRE_INDEX= "$cartoffre" places "st etienne"  # the COG tables
[ "$out" = "$from_index" ] || { echo "FAIL places: the index and the COG tables differ"; failures=$((failures + 1)); }
check places-13001 0 "$cartoffre" places 13001
contains places-13001 "13201"  # the postcode of Marseille 1er, not Aix-en-Provence's INSEE code
contains places-13001 "insee:13001"
check places-no-index 4 "$cartoffre" places Melun --index "$dir/none"

check unknown-offer 3 "$cartoffre" show gen--nope
check bad-age 3 "$cartoffre" search --near Melun --age -4
contains bad-age "âge invalide"
check unknown-status 3 "$cartoffre" search --near Melun --status millionnaire
contains unknown-status "millionnaire"
check unknown-place 3 "$cartoffre" search --near "Zzyzx-sur-Mer"
# A place of 40,000 characters (it killed the command with SIGSEGV): refused by its length.
check long-place 3 "$cartoffre" search --near "$(printf 'a%.0s' $(seq 40000))"
contains long-place "lieu trop long (40000 caractères, 200 au plus)"
check long-parentheses 3 "$cartoffre" search --near "$(printf '(%.0s' $(seq 100000))"
contains long-parentheses "lieu trop long (100000 caractères, 200 au plus)"
check bad-date 3 "$cartoffre" search --near Melun --open-at "mardi"

# A yes-or-no fact said "no": an offer requiring a licence is then ineligible, not "à vérifier".
verdicts() {  # the outcomes of the reasons with code $1 in the last output (--json)
    /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted({r["outcome"] for h in d["hits"] for r in h.get("reasons") or [] if r["code"] == sys.argv[1]})))' "$1" <<<"$out"
}
for said in "--licence=non" "--licence=false"; do
    check "licence-no $said" 0 "$cartoffre" search --near Paris --radius 30 --inclusive "$said" --json --limit 3000
    [ "$(verdicts permis)" = ineligible ] || { echo "FAIL $said: permis $(verdicts permis)"; failures=$((failures + 1)); }
done
check licence-yes 0 "$cartoffre" search --near Paris --radius 30 --inclusive --licence --json --limit 3000
[ "$(verdicts permis)" = eligible ] || { echo "FAIL --licence: permis $(verdicts permis)"; failures=$((failures + 1)); }
check licence-unknown 0 "$cartoffre" search --near Paris --radius 30 --inclusive --age 30 --json --limit 3000
[ "$(verdicts permis)" = to-check ] || { echo "FAIL no licence said: permis $(verdicts permis)"; failures=$((failures + 1)); }
check licence-bad 2 "$cartoffre" search --near Paris --licence=peut-etre

# Open now is Paris time (each offer its own département's): the process's TZ changes nothing.
# The two runs are repeated when a minute turned between them.
for attempt in 1 2 3; do
    minute=$(date -u +%H%M)
    check open-now-utc 0 env TZ=UTC "$cartoffre" search --near Paris --radius 30 --open-now --limit 0
    utc=$out
    check open-now-tokyo 0 env TZ=Asia/Tokyo "$cartoffre" search --near Paris --radius 30 --open-now --limit 0
    [ "$(date -u +%H%M)" = "$minute" ] && break
done
[ "$utc" = "$out" ] || { echo "FAIL open-now: TZ=UTC said '$utc', TZ=Asia/Tokyo '$out'"; failures=$((failures + 1)); }
# An instant with its offset is the same as its Paris time.
check open-at-paris 0 "$cartoffre" search --near Paris --radius 30 --open-at 2026-12-07T10:00 --limit 0
paris=$out
check open-at-offset 0 "$cartoffre" search --near Paris --radius 30 --open-at 2026-12-07T13:00+04:00 --limit 0
[ "$paris" = "$out" ] || { echo "FAIL open-at offset: '$paris' against '$out'"; failures=$((failures + 1)); }
check usage 2 "$cartoffre" search --near Melun --gender autre
check no-index 4 "$cartoffre" search --index "$dir/none" --near Melun

[ "$failures" = 0 ] && echo "all command-line checks passed"
exit "$failures"
