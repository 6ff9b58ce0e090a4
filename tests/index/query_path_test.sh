#!/usr/bin/env bash
# Arrows go down. The folders of lib/ include each other without a cycle, and the query path
# (open, search, explain, cursors, the duplicates' review) neither includes the build's headers
# nor calls a function the build defines. Two checks for the latter, so that a failure names
# its cause:
#   1. the includes, followed transitively from the query path's sources, never reach a header
#      of the build (index/generation.hpp);
#   2. no symbol the query path's objects need is defined by the build's objects
#      (index_build.cpp, index_update.cpp, accept_offer.cpp, generation_dir.cpp) in the library
#      archive.
#
#   query_path_test.sh SOURCE_DIR LIBRARY_ARCHIVE
set -euo pipefail
source="$(cd "$1" && pwd)" archive="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

query=(search search_context explain cursor placement index index_duplicates offer_tree sections
       record lease zones)
build=(index_build index_update accept_offer generation_dir)
build_headers=(index/generation.hpp)

# 0. The folders' include graph: tsort refuses one with a loop.
edges=$(for d in "$source"/lib/*/; do
    c=$(basename "$d")
    sed -n 's|^#include "\([a-z_]*\)/.*|\1|p' "$d"*.?pp | sort -u | grep -vx -e "$c" -e cartoffre |
        sed "s|^|$c |" || true
done)
tsort <<<"$edges" >/dev/null 2>&1 || fail "the folders of lib/ include each other in a cycle: $edges"
echo "folders: $(wc -l <<<"$edges") arrows between the folders of lib/, no cycle"

# 1. Includes, breadth first over lib/ and include/, remembering who included what.
declare -A seen=() parent=()
todo=()
for name in "${query[@]}"; do
    f="index/$name.cpp"
    [ -f "$source/lib/$f" ] || fail "lib/$f is gone: update this test's list of the query path"
    seen[$f]=1 todo+=("$f")
done
while [ ${#todo[@]} -gt 0 ]; do
    f=${todo[0]} todo=("${todo[@]:1}")
    for dir in lib include; do [ -f "$source/$dir/$f" ] && path="$source/$dir/$f" && break; done
    while read -r inc; do
        [ -f "$source/lib/$inc" ] || [ -f "$source/include/$inc" ] || continue
        [ -n "${seen[$inc]:-}" ] && continue
        seen[$inc]=1 parent[$inc]=$f todo+=("$inc")
        for h in "${build_headers[@]}"; do
            if [ "$inc" = "$h" ]; then
                chain=$inc p=$f
                while [ -n "$p" ]; do chain="$p -> $chain" p=${parent[$p]:-}; done
                fail "the query path includes the build: $chain"
            fi
        done
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$path")
done
echo "includes: ${#seen[@]} files of the query path, none of the build"

# 2. Symbols: what the build's objects define (strongly) against what the query's objects need.
[ -f "$archive" ] || fail "no archive $archive"
members() { local m; for m in "$@"; do echo "$m.cpp.o"; done; }
defined=$(nm -A --defined-only "$archive" 2>/dev/null |
    awk -F'[: ]+' -v want="$(members "${build[@]}" | tr '\n' ' ')" '
        BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
        ($2 in ok) && $(NF-1) ~ /^[TDBR]$/ { print $NF }' | sort -u)
[ -n "$defined" ] || fail "found nothing the build defines in $archive (members renamed?)"
needed=$(nm -A --undefined-only "$archive" 2>/dev/null |
    awk -F'[: ]+' -v want="$(members "${query[@]}" | tr '\n' ' ')" '
        BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
        ($2 in ok) { print $NF }' | sort -u)
[ -n "$needed" ] || fail "found nothing the query path needs in $archive (members renamed?)"
both=$(comm -12 <(echo "$defined") <(echo "$needed"))
if [ -n "$both" ]; then
    echo "$both" | c++filt >&2
    fail "the query path calls into the build (above)"
fi
echo "symbols: the query path needs $(echo "$needed" | wc -l), none defined by the build"
echo "query path test: ok"
