#!/usr/bin/env bash
# `cartoffre show` of real Soliguide places (../shared/data, read in place): what a caseworker
# reads is plain French text, each fact once: no HTML references or tags, the postcode and
# commune once even when the catalogue's address holds them, no empty label before a bracket,
# labels with their accents. Run by ctest with the path of the built command.
set -uo pipefail
cartoffre=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/support/cli_checks.sh"
index="$dir/idx"
check index 0 "$cartoffre" index --index "$index" --mapping "$here/../data/mappings/soliguide_lieux.json"

check show 0 "$cartoffre" show --index "$index" soliguide-lieux--10
grep -qF "Adresse : 201 Rue Saint-Martin, 75003 Paris" <<<"$out" || fail "address: $(grep Adresse <<<"$out")"
[ "$(grep -c '75003 Paris' <<<"$out")" = 1 ] || fail "the postcode and commune said twice: $(grep 75003 <<<"$out")"
grep -qF "Type : Aide matérielle" <<<"$out" || fail "type label: $(grep Type <<<"$out")"
grep -qF "Publics : Femmes (Informations diverses sur le public)" <<<"$out" || fail "publics: $(grep Publics <<<"$out")"
# Its publics as Soliguide states them in fields: women, 24 to 64, exclusively (issue 16).
grep -qF "Critères : âge 24-64 ans ; accueil exclusif" <<<"$out" || fail "criteria: $(grep Critères <<<"$out")"
grep -qF "sur rendez-vous à l'IAP (Informer, Accompagner, Prévenir)" <<<"$out" ||
    fail "description: $(grep Description <<<"$out")"

# Every place of the file: no HTML left, no label followed by nothing but a bracket.
for n in $(seq 1 142); do
    out=$("$cartoffre" show --index "$index" "soliguide-lieux--$n" 2>/dev/null) || continue
    grep -qE '&#[0-9]+;|&[a-z]+;|<p>|</p>|<br' <<<"$out" && fail "soliguide-lieux--$n: HTML in $(grep -E '&#|<p>|<br' <<<"$out" | head -1)"
    grep -qE '^[^:]+ :  \(' <<<"$out" && fail "soliguide-lieux--$n: an empty label: $(grep -E '^[^:]+ :  \(' <<<"$out")"
done

# An offer with neither address nor commune is not "à distance": remote offers are excluded
# here, and the table says the place is unknown.
check index-di 0 "$cartoffre" index --index "$dir/di" --mapping "$here/../data/mappings/data_inclusion_services.json"
check unknown-place 0 "$cartoffre" search --index "$dir/di" "velo ecole" --remote exclude --limit 50
grep -qF "à distance" <<<"$out" && fail "an offer shown 'à distance' with --remote exclude: $(grep -F 'à distance' <<<"$out" | head -2)"
grep -qF "lieu inconnu" <<<"$out" || fail "no 'lieu inconnu' in: $(head -5 <<<"$out")"

# The offers without a known place, which no local search finds, are listed by --unplaced.
check unplaced-list 0 "$cartoffre" search --index "$dir/di" "velo ecole" --unplaced --limit 50
grep -qF "lieu inconnu" <<<"$out" || fail "--unplaced lists nothing: $(head -3 <<<"$out")"

[ "$failures" = 0 ] && echo "all show checks passed"
exit $((failures > 0))
