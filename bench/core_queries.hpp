#pragma once
// bench_core's queries, in one place for the benchmarks that time some of them again:
// bench_words its words one by one, bench_geo_page its geo+filters queries with their pages read.
// Public API only, so that they build against an older library for an A/B.

#include <random>
#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/query.hpp"
#include "population.hpp"

inline const std::vector<std::string>& bench_core_words() {
    static const std::vector<std::string> words{"emploi",
                                                "permis",
                                                "logement",
                                                "numérique",
                                                "cv",
                                                "formation",
                                                "santé",
                                                "rsa",
                                                "garde d'enfants",
                                                "aide alimentaire",
                                                "hébergement urgence",
                                                "mobilité"};
    return words;
}

inline const std::vector<std::string>& bench_core_categories() {
    static const std::vector<std::string> categories{"mobilite",  "trouver-un-emploi",
                                                     "numerique", "logement-hebergement",
                                                     "famille",   "se-former"};
    return categories;
}

// Communes drawn by population, as "insee:CODE".
inline std::vector<std::string> bench_core_places(const cartoffre::Gazetteer& g, size_t count,
                                                  std::mt19937_64& rng) {
    bench::PopulationDraw pick(g);
    std::vector<std::string> places;
    for (size_t i = 0; i < count; ++i) places.push_back("insee:" + std::string(pick(rng).code));
    return places;
}

// The i-th geo+filters query: 10 km around the place, one category, nearest first.
inline cartoffre::Query bench_core_geo_query(const std::string& place, size_t i) {
    const std::vector<std::string>& categories = bench_core_categories();
    cartoffre::Query q;
    q.place = place;
    q.radius_km = 10;
    q.thematiques = {categories[i % categories.size()]};
    q.sort = cartoffre::SortOrder::distance;
    return q;
}
