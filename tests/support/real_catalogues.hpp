#pragma once
// The real partner catalogues as the main job loads them: every mapping of data/mappings/, in
// name order, with its usual file from the shared data.

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "cartoffre/offer.hpp"
#include "support/generated_index.hpp"

namespace cartoffre::testing {

inline std::vector<Offer> load_real_catalogues() {
    const std::filesystem::path mappings =
        std::filesystem::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";
    std::vector<std::filesystem::path> files;
    for (auto& entry : std::filesystem::directory_iterator(mappings))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<Offer> offers;
    for (auto& file : files) {
        const Mapping mapping = Mapping::load(file);
        LoadResult loaded = load_catalogue(mapping, shared_data_dir() / mapping.default_input(),
                                           real_gazetteer(), Taxonomy::builtin());
        for (auto& o : loaded.offers) offers.push_back(std::move(o));
    }
    return offers;
}

// Those catalogues built into an index in a temporary folder, as the main job builds them;
// `today` fixed when a test's verdicts depend on the date. One per test program: make it a
// function's static.
struct RealIndex {
    explicit RealIndex(const std::string& name, std::optional<Date> today = std::nullopt)
        : offers(load_real_catalogues()), dir(name), index(build(today)) {}

    std::vector<Offer> offers;
    TempDir dir;
    BuildReport report;  // the offers the build rejected
    Index index;

  private:
    Index build(std::optional<Date> today) {
        BuildOptions options;
        options.gazetteer = &real_gazetteer();
        options.today = today;
        report = Index::build(dir.path(), offers, options);
        return Index::open(dir.path());
    }
};

}  // namespace cartoffre::testing
