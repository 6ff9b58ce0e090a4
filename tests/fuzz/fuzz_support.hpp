#pragma once
// What the fuzz targets share: the input as text, a scratch file for the readers that take a
// path, and the real gazetteer loaded once. A target lets only the library's documented errors
// (cartoffre::Error and its kinds) pass; anything else escaping, a crash, a sanitizer finding
// or a stall (libFuzzer's -timeout) is a finding.

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "cartoffre/gazetteer.hpp"
#include "detail/csv.hpp"

namespace cartoffre::fuzz {

inline std::string_view text_of(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A file named `name` in a directory of this process (under $TMPDIR), holding `bytes`.
inline const std::filesystem::path& scratch_file(const std::string& name, std::string_view bytes) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("cartoffre-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    thread_local std::filesystem::path file;
    file = dir / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<long>(bytes.size()));
    return file;
}

// The real gazetteer cut to a few départements that hold every kind of case: Paris, Lyon and
// Marseille with their arrondissements, both Corsicas, Moselle (its own holidays), an overseas
// département of each zone, and two around Paris. The code paths are those of the whole
// country; suggestions, which measure every name, cost 1/20th, so a campaign reaches its
// millions of inputs. The rows are the real ones, written back as CSV (every field quoted).
inline const Gazetteer& real_gazetteer() {
    static const Gazetteer gazetteer = [] {
        const std::filesystem::path from = shared_data_dir() / "gazetteer";
        const auto dir = scratch_file("gazetteer.keep", "").parent_path() / "gazetteer";
        std::filesystem::create_directories(dir);
        for (const char* name :
             {"departements_fr_2026.csv", "regions_fr_2026.csv", "epci_fr_2026.csv"})
            std::filesystem::copy_file(from / name, dir / name,
                                       std::filesystem::copy_options::overwrite_existing);
        std::ifstream in(from / "communes_fr_2026.csv", std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        static const std::set<std::string> kept = {"13", "2A", "2B",  "57",  "69", "75",
                                                   "77", "93", "971", "973", "976"};
        std::ofstream out(dir / "communes_fr_2026.csv", std::ios::binary | std::ios::trunc);
        const auto records = detail::parse_csv(text);
        const auto& header = records.at(0);
        const size_t departement =
            std::find(header.begin(), header.end(), "departement") - header.begin();
        for (size_t r = 0; r < records.size(); ++r) {
            if (r > 0 && !kept.count(records[r].at(departement))) continue;
            for (size_t f = 0; f < records[r].size(); ++f) {
                out << (f ? ",\"" : "\"");
                for (char c : records[r][f]) out << (c == '"' ? "\"\"" : std::string(1, c));
                out << '"';
            }
            out << '\n';
        }
        out.close();
        return Gazetteer::load_csv(dir);
    }();
    return gazetteer;
}

// A check that holds for every input: its failure is a finding, as a crash is.
inline void expect(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::abort();
    }
}

}  // namespace cartoffre::fuzz
