#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` of the build tree, unpacked into a temporary root
# (dpkg-deb -x, no installation), its files checked, then its command and its Python package
# run from / with the checkout out of the way. The unpacked tables get a synonym group the
# source tree does not have: a search finds the offers it names only if the unpacked programs
# read the tables beside them, as a moved or installed tree must.
#
#   package_test.sh BUILD_DIR SOURCE_DIR SHARED_DATA
set -euo pipefail
build="$(cd "$1" && pwd)" source="$(cd "$2" && pwd)" shared="$3"
work=$(mktemp -d /tmp/cartoffre-package-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/*.deb)
ls -l "$deb"
dpkg-deb -f "$deb" Package Version Architecture Depends
version=$(dpkg-deb -f "$deb" Version)
dpkg-deb -x "$deb" "$work/root"
root="$work/root"
python="$root/usr/lib/python3/dist-packages"
for f in usr/bin/cartoffre usr/bin/cartoffre-load usr/share/cartoffre/taxonomy/thematiques.tsv \
    usr/share/cartoffre/eligibility/statuses.tsv usr/share/cartoffre/text/synonyms.tsv \
    usr/share/cartoffre/mappings/siae.json usr/share/man/man1/cartoffre.1 \
    usr/share/bash-completion/completions/cartoffre usr/include/cartoffre/index.hpp \
    usr/include/cartoffre/version.hpp; do
    [ -e "$root/$f" ] || fail "$f missing from the package"
done
[ -n "$(find "$root/usr/lib" -name libcartoffre.a)" ] || fail "no libcartoffre.a"
[ -n "$(find "$root/usr/lib" -name libcartoffre_load.a)" ] || fail "no libcartoffre_load.a"
# The search command starts without GDAL; the loading one has it.
if readelf -d "$root/usr/bin/cartoffre" | grep -i 'NEEDED.*gdal'; then fail "cartoffre needs GDAL"; fi
readelf -d "$root/usr/bin/cartoffre-load" | grep -qi 'NEEDED.*gdal' || fail "cartoffre-load without GDAL"
[ -n "$(find "$root/usr/lib" -name cartoffreConfig.cmake)" ] || fail "no cartoffreConfig.cmake"
[ -n "$(find "$python/cartoffre" -name '_cartoffre*.so')" ] || fail "no Python extension"
# Nothing of the checkout is compiled into what is shipped.
for f in "$root/usr/bin/cartoffre" "$root/usr/bin/cartoffre-load" "$python"/cartoffre/*.so; do
    if grep -q -a -F "$source/data" "$f"; then fail "$f names the checkout's $source/data"; fi
done

printf 'zzqxv\tjardin\n' >>"$root/usr/share/cartoffre/text/synonyms.tsv"
cd /
run() { env -i PATH=/usr/bin:/bin HOME="$work" LANG=C.UTF-8 "$@"; }
out=$(run "$root/usr/bin/cartoffre" --version)
echo "$out"
echo "$out" | grep -qx "cartoffre $version" || fail "--version does not say $version"
echo "$out" | grep -qx "tables : $root/usr/share/cartoffre" || fail "tables not beside the program"
# The real data (the gazetteer) is not shipped: the environment names it.
run CARTOFFRE_SHARED_DATA="$shared" "$root/usr/bin/cartoffre" index --index "$work/index" \
    --mapping "$root/usr/share/cartoffre/mappings/siae.json"
run "$root/usr/bin/cartoffre" search --index "$work/index" zzqxv --limit 3 --json >"$work/hits.json"
/usr/bin/python3 - "$work/hits.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
names = [h["offer"]["nom"] for h in results["hits"]]
print("zzqxv:", results["total"], "offers;", names)
assert results["total"] >= 40 and not results.get("corrected"), "the unpacked synonym was not used"
assert all("JARDIN" in n.upper() for n in names), names
PY

run PYTHONPATH="$python" /usr/bin/python3 - "$root" "$work/index" <<'PY'
import pathlib, sys
import cartoffre
root, index = sys.argv[1], sys.argv[2]
print("python:", cartoffre.__file__, cartoffre.__version__, cartoffre.data_dir())
assert cartoffre.__file__.startswith(root), cartoffre.__file__
assert cartoffre.data_dir() == root + "/usr/share/cartoffre", cartoffre.data_dir()
results = cartoffre.Index.open(index).search("zzqxv")
assert results.total >= 40, results.total
PY
echo "package test: ok"
