// Words over all offers by relevance (lib/index/search_top.cpp): thousands of random queries, on
// a generated catalogue of 200,000 offers and on the real partner catalogues, answered as when
// every match is weighed: same total, facets, hits in the same order, same cursors page after
// page.

#include <catch2/catch.hpp>
#include <random>

#include "support/generated_index.hpp"
#include "support/real_catalogues.hpp"
#include "support/top_queries.hpp"

using namespace cartoffre;

TEST_CASE("top-k oracle: a generated catalogue of 200,000 offers") {
    static const testing::GeneratedIndex generated(200000, 20261208);
    std::mt19937_64 rng(1);
    const auto words = testing::top_words(generated.catalogue.offers, rng, 200);
    CHECK(testing::compare_top(generated.index, words, 2000, 4, 21) >= 2000);
}

TEST_CASE("top-k oracle: the real catalogues") {
    static const testing::RealIndex real("top-oracle");
    std::mt19937_64 rng(2);
    const auto words = testing::top_words(real.offers, rng, 300);
    CHECK(testing::compare_top(real.index, words, 2000, 4, 22) >= 2000);
}
