#!/usr/bin/env bash
# `cartoffre export` end to end: a round trip through data·inclusion v1 JSON that keeps every
# offer and field, GeoJSON and CSV parsed back, exports that match the search, and the exit
# codes of bad exports. The index mixes a real catalogue (Pôle emploi's agencies, through its
# mapping) with generated offers that carry eligibility criteria. Run by ctest with the path of
# the built command.
set -uo pipefail
cartoffre=$1
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
. "$here/support/cli_checks.sh"
count() {  # the N of "N offres exportées" in the last stderr
    grep -oE '^[0-9]+ offres? exportées?' <<<"$err" | grep -oE '^[0-9]+'
}

# 6,000 generated offers (more than one search page of 5,000) and 959 real ones.
check index 0 "$cartoffre" index --index "$dir/a" --generate 6000 --seed 7 \
    --mapping "$here/../data/mappings/pole_emploi.json"
grep -q "6959 chargées" <<<"$out" || fail "index: $out"
export CARTOFFRE_INDEX="$dir/a"

# ---- round trip: export, index the export, export again ----------------------------------
check di-json 0 "$cartoffre" export --format di-json --out "$dir/one"
[ "$(count)" = 6959 ] || fail "di-json: $err"
check reindex 0 "$cartoffre" index --index "$dir/b" "$dir/one/structures.json" \
    "$dir/one/services.json"
grep -q "6959 offres lues, 6959 chargées, 0 rejetées" <<<"$out" || fail "reindex: $out"
check di-json-again 0 "$cartoffre" export --index "$dir/b" --format di-json --out "$dir/two"
cmp -s "$dir/one/services.json" "$dir/two/services.json" || fail "round trip: services differ"
cmp -s "$dir/one/structures.json" "$dir/two/structures.json" || fail "round trip: structures differ"
# Every field of every offer, the index's own (structure name, approximate location) included:
# the CSV of both indexes are the same bytes.
check csv-a 0 "$cartoffre" export --format csv --out "$dir/a.csv"
check csv-b 0 "$cartoffre" export --index "$dir/b" --format csv --out "$dir/b.csv"
cmp -s "$dir/a.csv" "$dir/b.csv" || fail "round trip: the CSV exports differ"
# Criteria survive: the generated offers carry some.
grep -q '"criteres":{' "$dir/one/services.json" || fail "di-json: no criteres written"
grep -q '"localisation_approximative":true' "$dir/one/services.json" ||
    fail "di-json: no approximate location kept"

# ---- CSV parsed back ---------------------------------------------------------------------
check csv-bom 0 "$cartoffre" export --format csv --bom --out "$dir/bom.csv"
check csv-stdout 0 "$cartoffre" export --format csv
printf '%s\n' "$out" >"$dir/stdout.csv"
$python - "$dir/a.csv" "$dir/bom.csv" "$dir/stdout.csv" <<'EOF' || fail "csv parsed back"
import csv, sys
plain, bom, stdout = sys.argv[1:]
assert open(bom, 'rb').read(3) == b'\xef\xbb\xbf', 'no BOM with --bom'
assert open(plain, 'rb').read(3) != b'\xef\xbb\xbf', 'a BOM without --bom'
for name, encoding in ((plain, 'utf-8'), (bom, 'utf-8-sig')):
    with open(name, newline='', encoding=encoding) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert header[0] == 'id' and 'latitude' in header and 'criteres' not in header, header
    assert len(body) == 6959, len(body)
    assert all(len(r) == len(header) for r in body), 'ragged rows'
    assert len({r[0] for r in body}) == 6959, 'duplicate ids'
    lat = header.index('latitude')
    assert all(',' not in r[lat] for r in body), 'decimal comma'
    located = [r for r in body if r[lat]]
    assert all(41 < float(r[lat]) < 52 or float(r[lat]) < 20 for r in located)
    # Descriptions with commas, quotes or line breaks come back whole (RFC 4180 quoting).
    assert any('\n' in c or '"' in c or ',' in c for r in body for c in r), 'nothing quoted'
assert open(stdout, 'rb').read().replace(b'\r\n', b'\n') == \
    open(plain, 'rb').read().replace(b'\r\n', b'\n'), 'stdout differs from --out'
EOF

# ---- GeoJSON parsed back -----------------------------------------------------------------
check geojson 0 "$cartoffre" export --format geojson --out "$dir/a.geojson"
$python -m json.tool "$dir/a.geojson" >/dev/null || fail "geojson: not JSON"
$python - "$dir/a.geojson" "$dir/a.csv" <<'EOF' || fail "geojson parsed back"
import csv, json, sys
doc = json.load(open(sys.argv[1], encoding='utf-8'))
assert doc['type'] == 'FeatureCollection'
features = doc['features']
assert len(features) == 6959, len(features)
rows = {r['id']: r for r in csv.DictReader(open(sys.argv[2], newline='', encoding='utf-8'))}
# [longitude, latitude] in metropolitan France or overseas: Antilles and Saint-Martin, Guyane,
# Réunion, Mayotte, Saint-Pierre-et-Miquelon, Wallis-et-Futuna, Polynésie, Nouvelle-Calédonie.
boxes = [(-5.5, 10, 41, 51.5), (-63.2, -60.5, 14, 18.2), (-55, -51, 2, 6), (55, 56, -21.5, -20.8),
         (44.9, 45.4, -13.1, -12.5), (-56.5, -56, 46.7, 47.2), (-178.3, -176, -14.4, -13),
         (-155, -134, -28, -7), (163, 169, -23, -19)]
nulls = 0
for f in features:
    assert f['type'] == 'Feature'
    row = rows[f['id']]
    assert f['properties']['id'] == f['id'] and f['properties']['nom'] == row['nom']
    assert f['properties']['structure_nom'] == row['structure_nom']
    g = f['geometry']
    if g is None:
        nulls += 1
        assert row['latitude'] == '', f['id']
        continue
    assert g['type'] == 'Point'
    lon, lat = g['coordinates']
    assert any(a <= lon <= b and c <= lat <= d for a, b, c, d in boxes), (f['id'], lon, lat)
    assert (lat, lon) == (float(row['latitude']), float(row['longitude']))
assert nulls == sum(1 for r in rows.values() if r['latitude'] == ''), nulls
assert nulls < len(features), 'no offer with a place'
EOF
# The hand-made catalogue has a remote service without any location: a null geometry.
check fixture 0 "$cartoffre" index --index "$dir/f" "$here/fixtures/cli/structures.json" \
    "$here/fixtures/cli/services.json"
check fixture-geojson 0 "$cartoffre" export --index "$dir/f" --format geojson
$python -c 'import json,sys
f = {x["id"]: x for x in json.load(sys.stdin)["features"]}
assert len(f) == 6 and [i for i in f if f[i]["geometry"] is None] == ["fixture--ecoute"], f
assert f["fixture--ecoute"]["properties"]["modes_accueil"] == ["a-distance"]
assert f["fixture--garage"]["properties"]["description"].count("\n") == 1' <<<"$out" ||
    fail "fixture-geojson: $out"

# ---- exports that match the search -------------------------------------------------------
total() {  # total of a search: total "$@"
    "$cartoffre" search "$@" --limit 0 --json | $python -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
ids_of_csv() { $python -c 'import csv,sys; [print(r[0]) for r in list(csv.reader(sys.stdin))[1:]]'; }
# A filter matching the 6,000 generated offers (three sources): two search pages through the
# cursor.
check source 0 "$cartoffre" export --format csv --source gen --source gen-dora --source gen-cd35
[ "$(count)" = 6000 ] || fail "source: $err"
ids_of_csv <<<"$out" | sort >"$dir/gen.ids"
ids_of_csv <"$dir/a.csv" | grep '^gen' | sort >"$dir/gen.all"
cmp -s "$dir/gen.ids" "$dir/gen.all" || fail "source: not the 6000 generated offers, once each"
search=(emploi --near Melun --radius 40 --age 23 --status rsa --lives-in Melun --today 2026-11-24)
check person 0 "$cartoffre" export --format csv "${search[@]}" --inclusive
expected=$(total "${search[@]}" --inclusive)
[ "$(count)" = "$expected" ] && [ "$expected" -gt 0 ] || fail "person: $(count) for $expected"
grep -q ',inéligible\|,ineligible' <<<"$out" || fail "person: no verdict column filled"
# The code for tools and the French beside it (issue 16), the four verdicts told apart.
grep -q ',ineligible,Inéligible,' <<<"$out" || fail "person: no French label beside the code"
grep -q ',no-criteria,Aucun critère connu,' <<<"$out" || fail "person: no « aucun critère connu »"
check person-geojson 0 "$cartoffre" export --format geojson "${search[@]}"
$python -c 'import json,sys
f = json.load(sys.stdin)["features"]
assert len(f) == int(sys.argv[1]) and all("verdict" in x["properties"] for x in f)
assert all(x["properties"]["verdict"] != "ineligible" for x in f)' \
    "$(total "${search[@]}")" <<<"$out" || fail "person-geojson: strict export"

# ---- bad exports -------------------------------------------------------------------------
check no-format 2 "$cartoffre" export
check bad-format 2 "$cartoffre" export --format xlsx
check di-json-stdout 2 "$cartoffre" export --format di-json
grep -q -- "--out DIR" <<<"$err" || fail "di-json-stdout: $err"
check unknown-place 3 "$cartoffre" export --format csv --near "Zzyzx-sur-Mer"
check unknown-theme 3 "$cartoffre" export --format csv --theme nimporte
check no-index 4 "$cartoffre" export --index "$dir/none" --format csv
check unwritable 1 "$cartoffre" export --format csv --out "$dir/missing/dir/x.csv"
grep -q "impossible d'écrire $dir/missing/dir/x.csv" <<<"$err" || fail "unwritable: $err"
mkdir "$dir/ro" && touch "$dir/ro/kept.csv"
check no-half-file 1 "$cartoffre" export --format csv --out "$dir/ro"
[ -z "$(ls "$dir" | grep '\.part$')" ] || fail "a .part file was left behind"

[ "$failures" = 0 ] && echo "all export checks passed"
exit "$failures"
