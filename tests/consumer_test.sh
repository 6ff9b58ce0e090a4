#!/usr/bin/env bash
# The installed package, used as another project would: `cmake --install` of the build tree into
# a temporary prefix, tests/consumer configured with find_package(cartoffre) and built against
# it, installed beside it and run from /. It must find the installation's tables (a synonym
# group added to them here, that the source tree does not have, makes its search find an
# offer), not the checkout's; $CARTOFFRE_DATA still comes first. pkg-config is checked too.
#
#   consumer_test.sh BUILD_DIR SHARED_DATA
set -euo pipefail
build="$(cd "$1" && pwd)" shared="$2"
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d /tmp/cartoffre-consumer-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
config=$(find "$prefix" -name cartoffreConfig.cmake 2>/dev/null || true)
[ -n "$config" ] || fail "no cartoffreConfig.cmake under the prefix"
# The libraries' dependencies are private: the exported targets pass them on for linking only
# (cartoffre::load names the core, whose symbols it uses, as a public dependency).
links=$(grep -o 'INTERFACE_LINK_LIBRARIES "[^"]*"' "$(dirname "$config")/cartoffreTargets.cmake")
echo "$links"
if echo "$links" | sed 's/^[^"]*"//; s/"$//' | tr -d '\\' | tr ';' '\n' |
    grep -v '^\$<LINK_ONLY:' | grep -vx 'cartoffre::cartoffre' | grep -q .; then
    fail "a dependency is public: $links"
fi
# The core does not link GDAL; the loaders do.
grep -q 'add_library(cartoffre::load ' "$(dirname "$config")/cartoffreTargets.cmake" ||
    fail "no cartoffre::load exported"
core=$(sed -n '/^set_target_properties(cartoffre::cartoffre /,/^)/p' \
    "$(dirname "$config")/cartoffreTargets.cmake")
[ -n "$core" ] || fail "no properties of cartoffre::cartoffre"
if echo "$core" | grep -qi gdal; then fail "the core links GDAL: $core"; fi

printf 'zzqxv\tordinateur\n' >>"$prefix/share/cartoffre/text/synonyms.tsv"
cmake -S "$here/consumer" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
[ "$(cat "$work/build/data_dir.txt")" = "$prefix/share/cartoffre" ] ||
    fail "cartoffre_DATA_DIR is $(cat "$work/build/data_dir.txt")"
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
cmake --install "$work/build" --prefix "$prefix" >/dev/null

# The consumer uses the core only (cartoffre::cartoffre): GDAL is not among what it needs.
if readelf -d "$prefix/bin/cartoffre-consumer" | grep -i 'NEEDED.*gdal'; then
    fail "a program of the core alone needs GDAL"
fi

cd /
out=$(env -u CARTOFFRE_DATA CARTOFFRE_SHARED_DATA="$shared" \
    "$prefix/bin/cartoffre-consumer" "$work/index" zzqxv)
echo "$out"
echo "$out" | grep -qx "tables $prefix/share/cartoffre" || fail "tables not the installed ones"
echo "$out" | grep -qx "built 3 read 3 loaded 0 rejected" || fail "the index was not built"
# Only the offer with "ordinateur" within 20 km of Melun (the other is in Lille).
echo "$out" | grep -qx "total 1" || fail "the installed synonym was not used"
echo "$out" | grep -q "^hit demo--2 " || fail "not the offer of Dammarie-les-Lys"
# $CARTOFFRE_DATA first: the source tree's tables do not know the word.
out=$(CARTOFFRE_DATA="$here/../data" CARTOFFRE_SHARED_DATA="$shared" \
    "$prefix/bin/cartoffre-consumer" "$work/index2" zzqxv)
echo "$out" | grep -qx "tables $here/../data" || fail "CARTOFFRE_DATA not read first"
echo "$out" | grep -qx "total 0" || fail "CARTOFFRE_DATA's tables not used"

# pkg-config: the prefix is found from the .pc file's place, wherever the tree was installed.
pc=$(PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name cartoffre.pc)") \
    pkg-config --cflags --libs cartoffre)
echo "pkg-config: $pc"
echo "$pc" | grep -q -- "-L$prefix/[^ ]*lib" || fail "pkg-config libdir is not under the prefix"
echo "$pc" | grep -q -- "-lxapian" || fail "pkg-config lacks the libraries the archive needs"
if echo "$pc" | grep -q -- "-lgdal"; then fail "pkg-config's core asks for GDAL: $pc"; fi
pc=$(PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name cartoffre.pc)") \
    pkg-config --libs cartoffre-load)
echo "pkg-config cartoffre-load: $pc"
echo "$pc" | grep -Eq -- "-lcartoffre_load .*-lcartoffre( |$)" || fail "cartoffre-load.pc: $pc"
echo "$pc" | grep -q -- "-lgdal" || fail "cartoffre-load.pc lacks GDAL: $pc"
echo "consumer test: ok"
