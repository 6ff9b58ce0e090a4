#pragma once
// `cartoffre index` and `cartoffre load` read partner catalogues (CSV, XLSX, GeoJSON through
// GDAL), `cartoffre coverage` an area table the same way. GDAL and the hundred shared libraries it
// brings cost about 40 ms of dynamic linking at every start of the process, five times what a
// search itself costs. So the command a caseworker runs, `cartoffre`, is built without the
// catalogue readers (CARTOFFRE_LOADING unset, linked with --as-needed): for these two subcommands
// it becomes `cartoffre-load`, the same program built with them, installed in the same directory
// (exec: same process, same arguments, same exit code).

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "cartoffre/error.hpp"

namespace cartoffre::cli {

#ifdef CARTOFFRE_LOADING
constexpr bool with_catalogue_readers = true;
#else
constexpr bool with_catalogue_readers = false;
#endif

// True for the subcommands cartoffre-load runs (argv[1]: subcommands take every option).
inline bool needs_catalogue_readers(int argc, char** argv) {
    if (with_catalogue_readers || argc < 2) return false;
    const std::string_view subcommand = argv[1];
    return subcommand == "index" || subcommand == "load" || subcommand == "coverage";
}

// Replaces this process by cartoffre-load with the same arguments; returns only on failure,
// with the exit code of an error that is not the user's.
inline int run_with_catalogue_readers(char** argv) {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    const std::filesystem::path loader =
        (error ? std::filesystem::path(argv[0]) : self).parent_path() / "cartoffre-load";
    execv(loader.c_str(), argv);
    std::fprintf(stderr,
                 "cartoffre : impossible de lancer %s, qui lit les catalogues pour « index » et "
                 "« load » (%s) : installez-le à côté de cartoffre (tools/setup.sh le fait)\n",
                 loader.c_str(), cartoffre::system_error_text(errno).c_str());
    return 1;
}

}  // namespace cartoffre::cli
