#!/usr/bin/env bash
# `cartoffre coverage` end to end: the CSV and GeoJSON shapes compared with committed goldens
# (tests/golden/coverage_*), the French table, a user's area table with bad rows (each warned,
# no commune dropped), the SVG map (well-formed, one shape per commune), exit codes, and its
# --help options against the manual page and the bash completion.
#
#   bash tests/cli_coverage_test.sh CARTOFFRE            compare
#   bash tests/cli_coverage_test.sh CARTOFFRE --update   rewrite the goldens (then read the diff)
set -uo pipefail
cartoffre=$1
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
golden=$here/golden
. "$here/support/cli_checks.sh"

"$cartoffre" index --index "$dir/idx" --today 2026-11-24 "$here/fixtures/cli/structures.json" \
    "$here/fixtures/cli/services.json" >/dev/null || fail "fixture index"
export CARTOFFRE_INDEX=$dir/idx
# Melun, Dammarie-les-Lys, Le Mée-sur-Seine, Vaux-le-Pénil, Fontainebleau and Provins (46 km).
territory=(--commune 77288 --commune 77152 --commune 77285 --commune 77487 --commune 77186
    --commune 77379 --theme mobilite --theme trouver-un-emploi)

golden() {
    local name=$1
    shift
    "$@" >"$dir/$name" 2>"$dir/stderr" || fail "$name: exit $?"
    if [ "$update" = --update ]; then
        cp "$dir/$name" "$golden/$name"
    elif ! diff -u "$golden/$name" "$dir/$name"; then
        fail "$name: differs from tests/golden/$name"
    fi
}
golden coverage_communes.csv "$cartoffre" coverage "${territory[@]}" --format csv
golden coverage_communes.geojson "$cartoffre" coverage "${territory[@]}" --format geojson
golden coverage_epci.csv "$cartoffre" coverage "${territory[@]}" --by epci --format csv

# The shapes parse: every CSV row has the header's width, the GeoJSON is one point a commune
# and subject, with the figures a map needs.
/usr/bin/python3 - "$dir/coverage_communes.csv" "$dir/coverage_communes.geojson" <<'EOF' ||
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
assert all(len(r) == len(rows[0]) for r in rows), 'ragged CSV'
assert sum(r[0] == 'commune' for r in rows) == 12 and sum(r[0] == 'territoire' for r in rows) == 2
g = json.load(open(sys.argv[2], encoding='utf-8'))
assert len(g['features']) == 12
for f in g['features']:
    assert f['geometry']['type'] == 'Point' and len(f['geometry']['coordinates']) == 2
    for key in ('code', 'nom', 'population', 'sujet', 'distance_km', 'offres_dans_le_rayon',
                'offres_a_distance', 'au_dela_du_rayon'):
        assert key in f['properties'], key
provins = [f for f in g['features'] if f['properties']['code'] == '77379']
assert all(f['properties']['au_dela_du_rayon'] for f in provins)
EOF
    fail "coverage: CSV or GeoJSON shape"

# The table: worst first, the sentence of the issue.
check table 0 "$cartoffre" coverage "${territory[@]}"
grep -q "Mobilité : 1 commune, 11 632 habitants à plus de 15 km d'une offre « Mobilité »" \
    <<<"$out" || fail "table: no summary sentence"
first=$(grep -A1 "^  Zone" <<<"$out" | sed -n 2p)
[[ $first == *"Provins (77379)"* ]] || fail "table: Provins is not first ($first)"
grep -q "catégories sans aucune offre : creer-une-entreprise" <<<"$out" ||
    fail "table: no offer side"

# A user's area table: every bad row warned with its line, every commune counted somewhere.
check areas 0 "$cartoffre" coverage "${territory[@]}" --areas \
    "$here/fixtures/coverage/zones_emploi.csv" --format csv
for warning in "zones_emploi.csv:5 : « 99999 » n'est pas un code de commune connu" \
    "zones_emploi.csv:6 : « 77 » n'est pas un code de commune connu" \
    "zones_emploi.csv:7 : commune « 77288 » déjà dans la zone « 1109 » (ligne 2)" \
    "zones_emploi.csv:8 : « 77166 » (Écuelles) n'est plus une commune" \
    "zones_emploi.csv:9 : commune « 77379 » sans zone" \
    "3 communes du territoire absentes de zones_emploi.csv (77285, 77379, 77487)"; do
    grep -qF "Attention : $warning" <<<"$err" || fail "areas: no warning « $warning »"
done
/usr/bin/python3 - <<EOF || fail "areas: communes lost or zones wrong"
import csv, io
rows = [r for r in csv.DictReader(io.StringIO('''$out''')) if r['sujet'] == 'mobilite']
zones = {r['code']: r for r in rows if r['niveau'] == 'zone'}
assert set(zones) == {'', '1109', '1110'}, zones
assert zones['1109']['nom'] == 'Melun' and zones['1109']['communes'] == '2'
assert zones['']['nom'] == 'hors table' and zones['']['communes'] == '3'
assert sum(int(z['communes']) for z in zones.values()) == 6
EOF
golden coverage_zones.csv "$cartoffre" coverage "${territory[@]}" --areas \
    "$here/fixtures/coverage/zones_emploi.csv" --format csv

# The map: well-formed SVG, one shape per commune of Seine-et-Marne, a legend saying what the
# surfaces are, the offers as dots.
check svg 0 "$cartoffre" coverage --dept 77 --theme mobilite --format svg --out "$dir/map.svg"
/usr/bin/python3 - "$dir/map.svg" "${CARTOFFRE_SHARED_DATA:-$here/../../shared/data}/gazetteer/communes_fr_2026.csv" <<'EOF' ||
import csv, sys
import xml.etree.ElementTree as ET
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse(sys.argv[1]).getroot()
shapes = root.findall(".//s:path[@class='commune']", ns)
expected = {r['code_insee'] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))
            if r['departement'] == '77' and r['type'] == 'commune-actuelle'}
assert len(expected) > 500
assert sorted(p.get('data-code') for p in shapes) == sorted(expected), len(shapes)
assert all(p.get('d').startswith('M') and p.get('d').endswith('Z') for p in shapes)
assert len(root.findall(".//s:circle[@class='offre']", ns)) == 2
legend = ' '.join(t.text or '' for t in root.iter('{http://www.w3.org/2000/svg}text'))
assert 'Voronoï' in legend and 'aucune offre' in legend, legend
EOF
    fail "svg: not well-formed, or not one shape per commune"

# Contours read through GDAL: polygons in the GeoJSON and the SVG for the communes they outline,
# points and Voronoi cells for the others; each feature left out is warned.
contours=$here/fixtures/coverage/contours_melun.geojson
check contours_geojson 0 "$cartoffre" coverage "${territory[@]}" --contours "$contours" \
    --format geojson --out "$dir/contours.geojson"
cp "$dir/stderr" "$dir/contours_geojson.err"
check contours_svg 0 "$cartoffre" coverage "${territory[@]}" --contours "$contours" \
    --format svg --out "$dir/contours.svg"
/usr/bin/python3 - "$dir/contours.geojson" "$dir/contours_geojson.err" "$dir/contours.svg" <<'EOF' ||
import json, sys
import xml.etree.ElementTree as ET
features = json.load(open(sys.argv[1]))['features']
kinds = {f['properties']['code']: f['geometry']['type'] for f in features}
assert kinds == {'77288': 'Polygon', '77152': 'MultiPolygon', '77379': 'Polygon',
                 '77285': 'Point', '77487': 'Point', '77186': 'Point'}, kinds
melun = next(f for f in features if f['properties']['code'] == '77288')['geometry']
assert abs(melun['coordinates'][0][0][0] - 2.6352) < 1e-6, melun  # the first, smaller Melun
provins = next(f for f in features if f['properties']['code'] == '77379')['geometry']
assert len(provins['coordinates']) == 2  # its hole kept
err = open(sys.argv[2], encoding='utf-8').read()
for said in ('entité 4 (77186) : Point, pas un contour', 'entité 5 : pas de code commune',
             'code 77288 : plusieurs contours, le premier du fichier gardé',
             '3 communes sur 6 sans contour'):
    assert said in err, (said, err)
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse(sys.argv[3]).getroot()
paths = {p.get('data-code'): p.get('d') for p in root.findall(".//s:path[@class='commune']", ns)}
assert len(paths) == 6 and paths['77379'].count('M') == 2 and paths['77152'].count('M') == 2
assert paths['77288'].count('L') == 4  # a square, not a Voronoi cell
legend = ' '.join(t.text or '' for t in root.iter('{http://www.w3.org/2000/svg}text'))
assert 'contours donnés pour' in legend and 'Voronoï' in legend, legend
EOF
    fail "contours: polygons, warnings or legend"
check contours_missing 1 "$cartoffre" coverage "${territory[@]}" --contours "$dir/none.gpkg"
grep -q "impossible de lire les contours" "$dir/stderr" || fail "contours: missing file"
check contours_column 1 "$cartoffre" coverage "${territory[@]}" --contours "$contours" \
    --contours-code CODGEO
grep -q "pas de colonne « CODGEO »" "$dir/stderr" || fail "contours: column"

# Exit codes: 3 an unknown territory or theme, 2 two kinds of territory or a bad --by.
check unknown_dept 3 "$cartoffre" coverage --dept 100
grep -q "département inconnu : « 100 »" <<<"$err" || fail "unknown_dept: $err"
check unknown_theme 3 "$cartoffre" coverage --dept 77 --theme mobilte
check two_kinds 2 "$cartoffre" coverage --dept 77 --region 11
check bad_by 2 "$cartoffre" coverage --dept 77 --by canton
check near_refused 2 "$cartoffre" coverage --dept 77 --near Melun

# The manual page and the completion know every option of coverage --help.
for option in $("$cartoffre" coverage --help | grep -oE -- '(^| )--[a-z][a-z-]*' | sort -u); do
    [ "$option" = --help ] && continue
    grep -qF -- "${option//-/\\-}" "$here/../docs/cartoffre.1" || fail "man page: no $option"
    grep -qE -- "(^|[ \"])$option( |\"|$)" "$here/../tools/cartoffre.bash-completion" ||
        fail "completion: no $option (coverage)"
done
grep -qE "^\.B coverage( |$)" "$here/../docs/cartoffre.1" || fail "man page: no coverage"
grep -q "Exemples" <<<"$("$cartoffre" coverage --help)" || fail "coverage --help: no example"

[ "$failures" = 0 ] && echo "all coverage command checks passed"
exit $((failures > 0))
