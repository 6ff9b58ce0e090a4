#pragma once
// The real partner catalogues as the main job loads them: every mapping of data/mappings/, in
// name order, with its usual file from the shared data.

#include <algorithm>
#include <filesystem>
#include <vector>

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

}  // namespace cartoffre::testing
