#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: set-up (install + build) first, then the format
# check and ctest. Labels: fast (unit tests), oracle (brute-force comparisons), fuzz (short
# libFuzzer runs). Then the C++ suite again, built with AddressSanitizer and
# UndefinedBehaviorSanitizer by clang in build-sanitize/ (the same build links the fuzz targets,
# whose short runs are part of it); CARTOFFRE_SANITIZE=0 skips that part.
set -euo pipefail
cd "$(dirname "$0")/.."
# Warnings are errors here: the code must build clean with -Wall -Wextra.
CARTOFFRE_WERROR=ON bash tools/setup.sh --build-only

echo "== format check"
files=$(git ls-files 'include/*.hpp' 'lib/*.hpp' 'lib/*.cpp' 'tools/*.hpp' 'tools/*.cpp' 'tests/*.hpp' 'tests/*.cpp' 'bindings/*.hpp' 'bindings/*.cpp' 2>/dev/null || true)
[ -n "$files" ] && clang-format --dry-run -Werror $files

echo "== tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

[ "${CARTOFFRE_SANITIZE:-1}" = 0 ] && exit 0

# clang, libFuzzer and the symbolizer (function names and lines in the sanitizers' reports) for
# the sanitizer build; tools/setup.sh installs the rest.
sanitizer_packages() {
    local missing=()
    for p in clang-15 libfuzzer-15-dev llvm-15; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "== installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

echo "== sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer, clang-15, libFuzzer)"
sanitizer_packages
start=$SECONDS
# Warnings are gated by the g++ build above; clang's own are shown here, not fatal.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-15 \
    -DCARTOFFRE_SANITIZE=ON -DCARTOFFRE_WERROR=OFF >/dev/null
# The C++ tests, the commands they drive and the fuzz targets; not the benchmarks, nor the
# Python bindings (an uninstrumented interpreter cannot load them).
targets=(cartoffre_tool cartoffre_load_tool)
for t in tests/*_test.cpp tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$t" .cpp)"); done
cmake --build build-sanitize -j"$(nproc)" --target "${targets[@]}"
echo "sanitizer build: $((SECONDS - start)) s"

echo "== tests under the sanitizers"
start=$SECONDS
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-15 || command -v llvm-symbolizer || true)
export ASAN_SYMBOLIZER_PATH
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" -LE 'python|browser|peer'
echo "tests under the sanitizers: $((SECONDS - start)) s"
