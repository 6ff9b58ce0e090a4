#pragma once
// Random queries answered twice, by the top-k path (lib/index/search_top.cpp) and by weighing
// every match (detail::ExhaustiveSearch), and the two answers compared field by field: the
// oracle of top_k_test and top_oracle_test.

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "index/search_top.hpp"

namespace cartoffre::testing {

// Words worth asking: the field's words, some misspelt, and words of the offers' names.
inline std::vector<std::string> top_words(const std::vector<Offer>& offers, std::mt19937_64& rng,
                                          size_t from_names) {
    std::vector<std::string> words{"emploi",
                                   "permis de conduire",
                                   "logement",
                                   "numérique",
                                   "cv",
                                   "formation",
                                   "santé",
                                   "rsa",
                                   "garde d'enfants",
                                   "aide alimentaire",
                                   "hébergement d'urgence",
                                   "mobilité",
                                   "insertion",
                                   "accompagnement",
                                   "iae",
                                   "français",
                                   "aide",
                                   "atelier",
                                   "social",
                                   "emplois",
                                   "logemnt",
                                   "numerique",
                                   "jeunes",
                                   "handicap"};
    for (size_t i = 0; i < from_names && !offers.empty(); ++i) {
        std::istringstream name(offers[rng() % offers.size()].nom);
        std::vector<std::string> parts;
        for (std::string w; name >> w;) parts.push_back(w);
        if (!parts.empty()) words.push_back(parts[rng() % parts.size()]);
    }
    return words;
}

inline void same_counts(const std::vector<FacetCount>& a, const std::vector<FacetCount>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].code == b[i].code);
        CHECK(a[i].count == b[i].count);
    }
}

inline void same_results(const Results& top, const Results& all) {
    REQUIRE(top.total == all.total);
    REQUIRE(top.hits.size() == all.hits.size());
    for (size_t i = 0; i < top.hits.size(); ++i) {
        REQUIRE(top.hits[i].offer.id == all.hits[i].offer.id);
        CHECK(top.hits[i].score == all.hits[i].score);
    }
    CHECK(top.next_cursor == all.next_cursor);
    same_counts(top.facets.categories, all.facets.categories);
    same_counts(top.facets.types, all.facets.types);
    same_counts(top.facets.frais, all.facets.frais);
    same_counts(top.facets.publics, all.facets.publics);
    same_counts(top.facets.kinds, all.facets.kinds);
    CHECK(top.unknown_words == all.unknown_words);
    CHECK(top.suggestion == all.suggestion);
    CHECK(top.corrected == all.corrected);
    REQUIRE(top.understood.size() == all.understood.size());
    for (size_t i = 0; i < top.understood.size(); ++i)
        CHECK(top.understood[i].codes == all.understood[i].codes);
}

// `count` random queries of one to three of `words` (most without anything else, as the top-k
// path takes them; some with a category, a remote rule or a place, which it leaves to the one
// path), each followed through up to `pages` pages by its cursor; returns the pages compared.
inline size_t compare_top(const Index& index, const std::vector<std::string>& words, size_t count,
                          size_t pages, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::vector<size_t> limits{20, 20, 20, 1, 5, 100, 0};
    size_t compared = 0;
    for (size_t i = 0; i < count; ++i) {
        Query q;
        const size_t n = 1 + rng() % 3 % 2 + (rng() % 8 == 0);  // mostly one or two words
        for (size_t k = 0; k < n; ++k) q.text += (k ? " " : "") + words[rng() % words.size()];
        q.limit = limits[rng() % limits.size()];
        if (rng() % 3 == 0) q.sort = SortOrder::relevance;
        switch (rng() % 12) {
            case 0:
                q.remote = Remote::only;
                break;
            case 1:
                q.remote = Remote::exclude;
                break;
            case 2:
                q.thematiques = {"trouver-un-emploi"};
                break;
            case 3:
                q.place = "75056";
                q.radius_km = 10;
                break;
            default:
                break;
        }
        for (size_t page = 0; page < pages; ++page) {
            INFO("query " << i << " « " << q.text << " » limit " << q.limit << " page " << page);
            const Results top = index.search(q);
            Results all;
            {
                detail::ExhaustiveSearch exhaustive;
                all = index.search(q);
            }
            same_results(top, all);
            ++compared;
            if (top.next_cursor.empty()) break;
            q.cursor = top.next_cursor;
        }
    }
    return compared;
}

}  // namespace cartoffre::testing
