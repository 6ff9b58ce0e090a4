#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: the set-up's packages and build first (the same
# build folder and options as tools/setup.sh, warnings as errors: after the set-up this compiles
# nothing, and needs no root when the packages are there), then the format check and ctest.
# Labels: fast (unit tests), oracle (brute-force comparisons), robustness, python, browser,
# peer, package (the installed tree and the Debian package), fuzz (short libFuzzer runs).
# Then the C++ suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer by clang
# in build-sanitize/ (the same build links the fuzz targets, whose short runs are part of it);
# CARTOFFRE_SANITIZE=0 skips that part.
#
#   bash tools/test.sh [ctest options, e.g. -L fast]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --build-only

echo "== format check"
files=$(git ls-files 'include/*.hpp' 'lib/*.hpp' 'lib/*.cpp' 'tools/*.hpp' 'tools/*.cpp' 'bench/*.hpp' 'bench/*.cpp' 'tests/*.hpp' 'tests/*.cpp' 'bindings/*.hpp' 'bindings/*.cpp' 2>/dev/null || true)
[ -n "$files" ] && clang-format --dry-run -Werror $files

echo "== tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

[ "${CARTOFFRE_SANITIZE:-1}" = 0 ] && exit 0

echo "== sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer, clang-15, libFuzzer)"
start=$SECONDS
# Warnings are gated by the g++ build above; clang's own are shown here, not fatal.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-15 \
    -DCARTOFFRE_SANITIZE=ON -DCARTOFFRE_WERROR=OFF -DCARTOFFRE_PYTHON=OFF -DCARTOFFRE_BENCH=OFF \
    >/dev/null
# The C++ tests, the commands they drive and the fuzz targets; not the benchmarks, nor the
# Python bindings (an uninstrumented interpreter cannot load them).
targets=(cartoffre_tool cartoffre_load_tool)
for t in tests/*/*_test.cpp tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$t" .cpp)"); done
cmake --build build-sanitize -j"$(nproc)" --target "${targets[@]}"
echo "sanitizer build: $((SECONDS - start)) s"

echo "== tests under the sanitizers"
start=$SECONDS
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-15 || command -v llvm-symbolizer || true)
export ASAN_SYMBOLIZER_PATH
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" -LE 'python|browser|peer|package' -E '^broken_files$'
echo "tests under the sanitizers: $((SECONDS - start)) s"
