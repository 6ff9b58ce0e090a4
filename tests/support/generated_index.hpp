#pragma once
// A generated national catalogue indexed once per test program, shared by its test cases.

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/taxonomy.hpp"
#include "generator/generator.hpp"

namespace cartoffre::testing {

// A directory under the system temp dir, unique to this process, removed at exit.
class TempDir {
  public:
    explicit TempDir(const std::string& name)
        : m_path(std::filesystem::temp_directory_path() /
                 ("cartoffre-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

inline const Gazetteer& real_gazetteer() {
    static const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    return gazetteer;
}

// Where the index places an offer: its coordinates, else its commune's centre, else nowhere.
inline std::optional<LatLon> located(const Offer& o, const Gazetteer& g) {
    if (o.location()) return o.location();
    if (o.code_insee.empty()) return std::nullopt;
    auto c = g.find_code(o.code_insee);
    if (c && g.commune(*c).centre) return g.commune(*c).centre;
    return std::nullopt;
}

// The eligibility zones that cover any of `communes`, written as offers write them: the
// commune's code, its parent's, its département, its EPCI, and France.
inline std::set<std::string> zone_keys_of(const std::vector<uint32_t>& communes,
                                          const Gazetteer& g) {
    std::set<std::string> keys{"france"};
    for (uint32_t c : communes) {
        const Commune commune = g.commune(c);
        keys.emplace(commune.code);
        keys.emplace(commune.departement);
        if (!commune.parent.empty()) keys.emplace(commune.parent);
        if (!commune.epci.empty()) keys.emplace(commune.epci);
    }
    return keys;
}

struct GeneratedIndex {
    Catalogue catalogue;
    TempDir dir{"generated"};
    BuildReport report;
    Index index = build();

    GeneratedIndex(size_t offers, uint64_t seed)
        : catalogue(generate_catalogue(real_gazetteer(), Taxonomy::builtin(), offers, seed)) {}

  private:
    Index build() {
        BuildOptions options;
        options.gazetteer = &real_gazetteer();
        report = Index::build(dir.path(), catalogue.offers, options);
        return Index::open(dir.path());
    }
};

}  // namespace cartoffre::testing
