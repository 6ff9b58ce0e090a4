#!/usr/bin/env bash
# What each library and command holds (ARCHITECTURE.md): the core library needs no GDAL and holds
# no generator; the loaders' library uses GDAL; `cartoffre`, the search command, loads neither
# GDAL nor the generator, and `cartoffre-load` has both.
#
#   library_split_test.sh CORE_ARCHIVE LOAD_ARCHIVE [CARTOFFRE CARTOFFRE_LOAD]
set -euo pipefail
core="$1" load="$2" command="${3:-}" loading="${4:-}"
fail() { echo "FAIL: $*" >&2; exit 1; }

# GDAL's C and C++ entry points: GDAL*, OGR*, CPL* and their mangled forms.
gdal='^(_ZN?[0-9]*)?(GDAL|OGR|CPL)'
# (Each listing is read whole before it is searched: grep -q would end the pipe early.)
needs_gdal() {
    local symbols
    symbols=$(nm --undefined-only "$1" 2>/dev/null | awk '{print $NF}')
    grep -Eq "$gdal" <<<"$symbols"
}
has_generator() {
    local symbols
    symbols=$(nm -C "$@" 2>/dev/null)
    grep -q 'generate_catalogue' <<<"$symbols"
}
if needs_gdal "$core"; then
    fail "the core library calls GDAL"
fi
needs_gdal "$load" || fail "the loaders' library does not call GDAL (wrong archive?)"
if has_generator --defined-only "$core"; then
    fail "the core library holds the generator"
fi
echo "libraries: the core without GDAL nor generator, the loaders with GDAL"

if [ -n "$command" ]; then
    needed=$(readelf -d "$command")
    if grep -i 'NEEDED.*gdal' <<<"$needed"; then fail "cartoffre needs GDAL"; fi
    if has_generator "$command"; then fail "cartoffre holds the generator"; fi
    needed=$(readelf -d "$loading")
    grep -qi 'NEEDED.*gdal' <<<"$needed" || fail "cartoffre-load does not need GDAL"
    has_generator "$loading" || fail "cartoffre-load has no generator"
    echo "commands: cartoffre without GDAL nor generator, cartoffre-load with both"
fi
echo "library split test: ok"
