#!/usr/bin/env bash
# The contract of `cartoffre load` and `cartoffre index` end to end, on the real SIAE catalogue
# (../shared/data, read in place): a reload that reads nothing, or would remove most of a
# source, is refused and leaves the index as it was; rows the index rejects are reported and
# counted (exit 6); write failures are errors naming the file and the system's reason; failed
# loads leave no temporary directory; unsafe source names and ids are refused; numbers out of
# range are usage errors; the busy index has its own exit code. Run by ctest with the path of
# the built command.
set -uo pipefail
cartoffre=$1
here=$(cd "$(dirname "$0")" && pwd)
shared=${CARTOFFRE_SHARED_DATA:-$here/../../shared/data}
siae_csv=$shared/catalogues/siae_les_emplois_fixture_2023.csv
siae_map=$here/../data/mappings/siae.json
python=/usr/bin/python3
. "$here/support/cli_checks.sh"
has() {  # has NAME TEXT: the last stdout or stderr holds TEXT
    grep -qF -- "$2" <<<"$out$err" || fail "$1: no '$2' in: $(echo "$out$err" | head -6)"
}
index="$dir/idx"
state() {  # the index as a reader sees it: the current generation and the offers per source
    echo "$(cat "$index/CURRENT") $(ls "$index" | grep -v '^LOCK$' | tr '\n' ' ')"
    "$cartoffre" stats --index "$index" --today 2026-12-01 | grep -E '^Index|^  [a-z]'
}
unchanged() {  # unchanged NAME: the index is as it was when `before` was taken
    [ "$(state)" = "$before" ] || fail "$1: the index changed: $(state | head -3)"
}

check base 0 "$cartoffre" index --index "$index" --mapping "$siae_map"
has base "3853 chargées"
before=$(state)

# ---- 1. a reload that reads nothing is refused (exit 7), the index unchanged --------------
head -1 "$siae_csv" >"$dir/header_only.csv"
tr '\n' '\r' <"$siae_csv" >"$dir/cr_only.csv"
head -c 20000 /dev/zero >"$dir/nul.csv"
iconv -f UTF-8 -t UTF-16 "$siae_csv" >"$dir/utf16.csv"
head -c 40 "$siae_csv" >"$dir/cut_in_header.csv"
: >"$dir/empty.csv"
for f in header_only nul utf16 cut_in_header empty; do
    out=$("$cartoffre" load --index "$index" --source siae --mapping "$siae_map" \
        "$dir/$f.csv" 2>&1)
    rc=$?
    [ "$rc" != 0 ] || fail "$f: exit 0: $out"
    grep -q "retirées" <<<"$out" && fail "$f: offers removed: $out"
    grep -qF "$dir/$f.csv" <<<"$out" || fail "$f: the file is not named: $out"
    unchanged "$f"
done
# Lines ending in a carriage return alone (old Mac files) are read as lines: the same 3853
# offers, none new, none removed.
check cr_only 0 "$cartoffre" load --index "$index" --mapping "$siae_map" "$dir/cr_only.csv"
has cr_only "3853 lignes lues, 3853 chargées"
has cr_only "0 retirées"
before=$(state)
# Mappings whose id or nom column is not in the file.
for field in id nom; do
    $python - "$siae_map" "$dir/no_$field.json" "$field" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
if sys.argv[3] == "id":
    m["id"] = "{no_such_column}"
else:
    m["fields"]["nom"] = "{no_such_column}"
json.dump(m, open(sys.argv[2], "w"))
EOF
    out=$("$cartoffre" load --index "$index" --mapping "$dir/no_$field.json" "$siae_csv" 2>&1)
    [ $? != 0 ] || fail "mapping without $field: exit 0: $out"
    unchanged "mapping without $field"
done

# ---- a reload that would remove more than --max-shrink % is refused ----------------------
head -11 "$siae_csv" >"$dir/ten.csv"
check shrink 7 "$cartoffre" load --index "$index" --mapping "$siae_map" "$dir/ten.csv"
has shrink "3843 des 3853"
has shrink "--allow-shrink"
unchanged shrink
check dry-run 7 "$cartoffre" load --index "$index" --mapping "$siae_map" --dry-run "$dir/ten.csv"
has dry-run "10 inchangées, 3843 retirées"
has dry-run "rien n'a été écrit"
unchanged dry-run
check max-shrink 0 "$cartoffre" load --index "$index" --mapping "$siae_map" --dry-run \
    --max-shrink 100 "$dir/ten.csv"
unchanged max-shrink
check remove-dry-run 0 "$cartoffre" remove-source --index "$index" --source siae --dry-run
has remove-dry-run "3853 retirées"
unchanged remove-dry-run
check unknown-source 3 "$cartoffre" remove-source --index "$index" --source inconnue

# ---- 2. rows the index rejects are reported, counted, and not counted new again ----------
# The reader's checks now catch what they can (a tous-publics among others is kept alone and
# warned); an id with markup passes the mapping and is refused by the index's id rule.
sed 's/^\([0-9]*\),EA,/\1,EA<b>,/' "$siae_csv" >"$dir/markup.csv"
ea=$(grep -c ',EA<b>,' "$dir/markup.csv")
[ "$ea" -gt 0 ] || fail "no EA row in the SIAE file"
for round in first second; do
    check "rejected-$round" 6 "$cartoffre" load --index "$index" --mapping "$siae_map" \
        --allow-shrink --report "$dir/report.csv" "$dir/markup.csv"
    has "rejected-$round" "0 nouvelles"
    has "rejected-$round" "$ea rejetées à l'indexation"
    has "rejected-$round" "balisage"
    n=$(grep -c '"index","".*balisage' "$dir/report.csv")
    [ "$n" = "$ea" ] || fail "rejected-$round: $n rejections in the report, expected $ea"
done
grep -q "$dir/markup.csv" "$dir/report.csv" || fail "report: the file is not named"
# The v1 path: one service of an exported catalogue made invalid.
check base-again 0 "$cartoffre" load --index "$index" --mapping "$siae_map" --allow-shrink
before=$(state)
check export-v1 0 "$cartoffre" export --index "$index" --format di-json --out "$dir/v1"
$python - "$dir/v1/services.json" <<'EOF'
import json, sys
services = json.load(open(sys.argv[1]))
services[0]["id"] += "<b>"
json.dump(services, open(sys.argv[1], "w"))
EOF
check v1-rejected 6 "$cartoffre" index --index "$dir/v1idx" "$dir/v1/structures.json" \
    "$dir/v1/services.json" --report "$dir/v1reports"
has v1-rejected "3853 offres lues, 3852 chargées, 1 rejetées"
has v1-rejected "balisage"
grep -q "balisage" "$dir/v1reports/index.csv" || fail "v1-rejected: not in index.csv"

# ---- 3. write errors: exit 1, the file and the system's reason ---------------------------
# A device node like /dev/full, made here: the command must write to it, not replace it.
full=/dev/full
if [ "$(id -u)" = 0 ] && mknod "$dir/full" c 1 7 2>/dev/null; then full="$dir/full"; fi
for format in csv geojson; do
    check "export-$format-full" 1 "$cartoffre" export --index "$index" --format $format \
        --out "$full"
    has "export-$format-full" "$full"
    has "export-$format-full" "plus de place sur le disque"
done
[ -c "$full" ] || fail "export: $full was replaced"
check duplicates-full 1 "$cartoffre" duplicates --index "$index" --out "$full"
has duplicates-full "plus de place sur le disque"
check load-report-full 1 "$cartoffre" load --index "$index" --mapping "$siae_map" \
    --report "$full" "$siae_csv"
has load-report-full "plus de place sur le disque"
id=$("$cartoffre" search --index "$index" --near Melun --json --limit 1 |
    grep -o '"id": "[^"]*"' | head -1 | cut -d'"' -f4)
for command in "search --near Melun" "show $id" "stats" "places Melun"; do
    # shellcheck disable=SC2086
    "$cartoffre" $command --index "$index" >/dev/full 2>"$dir/stderr"
    rc=$?
    [ "$rc" = 1 ] || fail "$command >/dev/full: exit $rc"
    grep -q "sortie standard : plus de place sur le disque" "$dir/stderr" ||
        fail "$command >/dev/full: $(cat "$dir/stderr")"
done
check export-stdout-full 1 sh -c "'$cartoffre' export --index '$index' --format csv >/dev/full"
unchanged write-errors

# ---- 4. failed loads leave nothing behind; unsafe names; busy index; numbers --------------
# A file size limit makes every write of the load fail (gazetteer.bin first).
sed 's/Bordeaux/Bordeaux-sur-Garonne/' "$siae_csv" >"$dir/changed.csv"
for attempt in 1 2 3; do
    check "full-disk-$attempt" 1 bash -c "trap '' XFSZ; ulimit -f 1; exec '$cartoffre' load \
        --index '$index' --mapping '$siae_map' '$dir/changed.csv'"
    has "full-disk-$attempt" "fichier trop grand"
done
has full-disk gazetteer.bin
unchanged full-disk
check full-disk-index 1 bash -c "trap '' XFSZ; ulimit -f 1; exec '$cartoffre' index \
    --index '$index' --mapping '$siae_map'"
unchanged full-disk-index
mkdir "$index/gen-check-999999999.tmp"  # left by a killed load
check sweep 0 "$cartoffre" load --index "$index" --mapping "$siae_map" "$dir/changed.csv"
[ -e "$index/gen-check-999999999.tmp" ] && fail "sweep: gen-check leftover kept"
before=$(state)

$python - "$siae_map" "$dir/evil.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["source"] = "../../evil"
json.dump(m, open(sys.argv[2], "w"))
EOF
mkdir -p "$dir/reports/a/b"
check evil-source-index 1 "$cartoffre" index --index "$dir/evil-idx" --mapping "$dir/evil.json" \
    --report "$dir/reports/a/b"
[ -e "$dir/reports/evil.csv" ] && fail "evil-source: a report was written outside --report"
check evil-source-load 1 "$cartoffre" load --index "$index" --mapping "$dir/evil.json"
check evil-source-option 2 "$cartoffre" load --index "$index" --mapping "$siae_map" \
    --source "$(printf 'si\nae')"
unchanged evil-source

# Ids with a line break, an escape sequence or markup: those rows are rejected, not the load.
$python - "$siae_csv" "$dir/evil_ids.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
header = rows[0]
kind, siret = header.index("kind"), header.index("siret")
for n, bad in enumerate(["1\n2", "<script>", "\x1b[31m"], start=1):
    rows[n][siret] = bad
with open(sys.argv[2], "w", newline="") as f:
    csv.writer(f).writerows(rows)
EOF
check evil-ids 6 "$cartoffre" load --index "$index" --mapping "$siae_map" \
    --report "$dir/evil.csv" "$dir/evil_ids.csv"
has evil-ids "3 rejetées à l'indexation"
grep -q $'\x1b' <<<"$out" && fail "evil-ids: an escape sequence reached the output"
check evil-ids-search 0 "$cartoffre" search --index "$index" --source siae --json --limit 10000
grep -q '<script>' <<<"$out" && fail "evil-ids: markup in the index"
before=$(state)

# Two loads at once: the second read the index before the first switched it: exit 5.
exec 9>"$index/LOCK"
flock 9
"$cartoffre" load --index "$index" --mapping "$siae_map" "$siae_csv" >"$dir/busy.out" 2>&1 &
pid=$!
for _ in $(seq 100); do  # until it waits for the lock
    grep -q "$(stat -c %i "$index/LOCK")" /proc/locks 2>/dev/null &&
        [ "$(grep -c ":$(stat -c %i "$index/LOCK") " /proc/locks)" -ge 2 ] && break
    sleep 0.1
done
generation=$(cat "$index/CURRENT")
cp -r "$index/$generation" "$index/gen-000900"
echo gen-000900 >"$index/CURRENT"
flock -u 9
exec 9>&-
wait $pid
rc=$?
[ "$rc" = 5 ] || fail "busy: exit $rc: $(cat "$dir/busy.out")"
grep -q "occupé" "$dir/busy.out" || fail "busy: $(cat "$dir/busy.out")"
[ "$(cat "$index/CURRENT")" = gen-000900 ] || fail "busy: CURRENT changed"

# Numbers out of range: usage errors in French.
check limit-negative 2 "$cartoffre" search --index "$index" --near Melun --limit -1
has limit-negative "n'est pas un nombre entier de 0 à 10000"
check limit-huge 2 "$cartoffre" search --index "$index" --near Melun --limit 99999999999
check radius-negative 2 "$cartoffre" search --index "$index" --near Melun --radius -5
check radius-comma 2 "$cartoffre" export --index "$index" --format csv --near Melun --radius 1,5
check radius-explain 2 "$cartoffre" explain x --index "$index" --near Melun --radius 1e9
check generate-negative 2 "$cartoffre" index --index "$dir/g" --generate -1
check max-shrink-range 2 "$cartoffre" load --index "$index" --mapping "$siae_map" --max-shrink 150
check help-codes 0 "$cartoffre" --help
has help-codes "5 index occupé"

[ "$failures" = 0 ] && echo "all load checks passed"
exit "$failures"
