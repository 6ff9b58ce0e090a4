#!/usr/bin/env bash
# What a caseworker types as a place, and what a local search says beyond its hits (issues 15
# and 16), through the command on the real data·inclusion services: places as on an address,
# a far more populous homonym chosen with a notice, the nearest offers beyond an empty answer,
# the count of matching offers with no known place; the same in --json. Run by ctest with the
# path of the built command.
set -uo pipefail
cartoffre=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/support/cli_checks.sh"
index="$dir/di"
check index 0 "$cartoffre" index --index "$index" --mapping "$here/../data/mappings/data_inclusion_services.json"

# Places as people type them.
check saint-denis-93 0 "$cartoffre" search --index "$index" --near "saint denis 93" --radius 2 --limit 0
grep -qxF "Lieu : Saint-Denis (93)" <<<"$out" || fail "saint denis 93: $(head -2 <<<"$out")"
check roubaix-postcode 0 "$cartoffre" search --index "$index" --near "Roubaix 59100" --radius 2 --limit 0
grep -qxF "Lieu : Roubaix (59)" <<<"$out" || fail "Roubaix 59100: $(head -2 <<<"$out")"
check postcode-first 0 "$cartoffre" search --index "$index" --near "59100 Roubaix" --radius 2 --limit 0
grep -qxF "Lieu : Roubaix (59)" <<<"$out" || fail "59100 Roubaix: $(head -2 <<<"$out")"
check reunion 0 "$cartoffre" search --index "$index" --near "st-denis (974)" --radius 2 --limit 0
grep -qxF "Lieu : Saint-Denis (974)" <<<"$out" || fail "st-denis (974): $(head -2 <<<"$out")"
check arrondissement 0 "$cartoffre" search --index "$index" --near "Marseille 3e" --radius 2 --limit 0
grep -qxF "Lieu : Marseille 3e Arrondissement (13)" <<<"$out" || fail "Marseille 3e: $(head -2 <<<"$out")"
check evry 0 "$cartoffre" search --index "$index" --near Evry --radius 2 --limit 0
grep -qxF "Lieu : Évry-Courcouronnes (91)" <<<"$out" || fail "Evry: $(head -2 <<<"$out")"
grep -qF "Note : « Evry » lu comme Évry-Courcouronnes (91) ; aussi Évry (89)" <<<"$out" ||
    fail "Evry without its notice: $(head -3 <<<"$out")"
check aix 0 "$cartoffre" search --index "$index" --near Aix --radius 2 --limit 0
grep -qxF "Lieu : Aix-en-Provence (13)" <<<"$out" || fail "Aix: $(head -2 <<<"$out")"
check la-rochelle 0 "$cartoffre" search --index "$index" --near "La Rochelle" --radius 2 --limit 0
grep -qxF "Lieu : La Rochelle (17)" <<<"$out" || fail "La Rochelle: $(head -2 <<<"$out")"
check still-asks 3 "$cartoffre" search --index "$index" --near Saint-Denis --limit 0
grep -qF "lieu ambigu « Saint-Denis »" <<<"$err" || fail "Saint-Denis not asked: $err"
check json-notice 0 "$cartoffre" search --index "$index" --near Evry --radius 2 --limit 0 --json
grep -qF "aussi Évry (89)" <<<"$out" || fail "--json without the place's notice"

# An empty answer names the nearest offers beyond the radius; a local search counts the
# matching offers with no known place.
check beyond 0 "$cartoffre" search --index "$index" --near "Saint-Flour (15)" --radius 1 --limit 3
grep -qx "0 offre trouvée" <<<"$out" || fail "something found within 1 km of Saint-Flour: $(head -3 <<<"$out")"
grep -qE "^Aucune offre à 1 km ; la plus proche à [0-9]+\.[0-9] km, à .+" <<<"$out" ||
    fail "no nearest offer beyond the radius: $(head -4 <<<"$out")"
check unplaced 0 "$cartoffre" search --index "$index" --near Lyon --radius 5 --limit 1
grep -qE "^Note : [0-9]+ offres? sans lieu connu \(ni adresse ni commune\) : --unplaced sans --near l" <<<"$out" ||
    fail "no count of the offers without a place: $(tail -3 <<<"$out")"
check json-beyond 0 "$cartoffre" search --index "$index" --near "Saint-Flour (15)" --radius 1 --json
/usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["total"] == 0 and r["nearest_beyond"], r["nearest_beyond"]
d = [h["distance_km"] for h in r["nearest_beyond"]]
assert d == sorted(d) and d[0] > 1, d
assert isinstance(r["unplaced"], int)
' <<<"$out" || fail "--json without nearest_beyond or unplaced"

echo "places: $failures failure(s)"
exit $((failures > 0))
