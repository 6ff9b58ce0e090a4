# -DCARTOFFRE_SANITIZE=ON: the library, the commands and the tests built with AddressSanitizer
# and UndefinedBehaviorSanitizer, the first finding fatal (-fno-sanitize-recover). Built with
# clang, the same objects are also instrumented for libFuzzer (fuzzer-no-link), so that this one
# build links the fuzz targets of tests/fuzz too (CARTOFFRE_FUZZ): one extra build, not two.
option(CARTOFFRE_SANITIZE "build everything with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
set(CARTOFFRE_FUZZ OFF)
if(CARTOFFRE_SANITIZE)
  set(_sanitizers address,undefined)
  add_compile_options(-fsanitize=${_sanitizers} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_sanitizers} -fno-sanitize-recover=all)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_compile_options(-fsanitize=fuzzer-no-link)
    # Hot arithmetic loops whose comparisons teach the fuzzer nothing (cmake/fuzz-ignore.txt):
    # still checked by the sanitizers, but not traced, so a campaign runs several times faster.
    add_compile_options(-fsanitize-coverage-ignorelist=${PROJECT_SOURCE_DIR}/cmake/fuzz-ignore.txt)
    set(CARTOFFRE_FUZZ ON)
  endif()
  # The interpreter is not instrumented: the bindings are left out of this build.
  set(CARTOFFRE_PYTHON OFF CACHE BOOL "" FORCE)
endif()
