#pragma once
// `cartoffre index`, `cartoffre load` and `cartoffre remove-source`: the commands that change
// an index, and their contract with a data team.
//
// - Nothing is lost silently: every row read is loaded, left out of scope by the mapping's row
//   filters, or rejected (read = loaded + out of scope + rejected), on the reader's side
//   (LoadReport) and the index's (BuildReport) alike; every rejected row is listed with its
//   file, position or id, and reason (on the output, and in --report), and the rows out of
//   scope are counted per value (the summary, and --report).
// - A failed or refused command leaves the index exactly as it was: same generation in CURRENT,
//   same offers (the checks run before anything is written: BuildOptions::before_writing).
// - A reload cannot empty a source by accident: an input file that yields no row, or whose rows
//   are all rejected, is refused; so is a reload that would remove more than --max-shrink
//   percent (default 20) of the source's offers, unless --allow-shrink. Emptying a source on
//   purpose is `cartoffre remove-source`.
// - Exit codes (also in tools/cartoffre.cpp and docs/cartoffre.1): 0 every row loaded, 6 done
//   but some rows rejected (partial), 7 refused (index unchanged), 5 index busy (another load
//   switched generations meanwhile: nothing written), 1 another error (unreadable file,
//   failed write), 2 usage, 4 index missing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cartoffre::cli {

constexpr int exit_partial = 6;
constexpr int exit_refused = 7;

struct IndexArguments {
    std::string dir;
    size_t generate = 0;
    uint64_t seed = 1;
    std::vector<std::string> inputs;    // structures.json services.json (data·inclusion v1)
    std::vector<std::string> mappings;  // mapping.json or mapping.json=input
    std::string report_dir;
    std::string today;
};

struct LoadArguments {
    std::string dir, source, mapping, report;
    std::vector<std::string> inputs;
    bool dry_run = false;
    bool allow_shrink = false;
    unsigned max_shrink_percent = 20;
};

// Each returns the command's exit code; errors other than refusals are thrown (the caller maps
// them to exit codes). index and load need the catalogue readers (cartoffre-load).
int index_command(const IndexArguments& arguments);
int load_command(const LoadArguments& arguments);
int remove_source_command(const std::string& dir, const std::string& source, bool dry_run);

}  // namespace cartoffre::cli
