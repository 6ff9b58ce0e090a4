// Words over all offers by relevance (lib/index/search_top.cpp), on a small generated catalogue:
// the same answers as weighing every match, and the bounds it relies on written by the build.

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "support/generated_index.hpp"
#include "support/top_queries.hpp"

using namespace cartoffre;

namespace {

const testing::GeneratedIndex& fixture() {
    static const testing::GeneratedIndex generated(20000, 20261207);
    return generated;
}

}  // namespace

TEST_CASE("top-k: words alone give the exhaustive answer, page after page") {
    std::mt19937_64 rng(7);
    const auto words = testing::top_words(fixture().catalogue.offers, rng, 40);
    CHECK(testing::compare_top(fixture().index, words, 300, 3, 11) >= 300);
}

TEST_CASE("top-k: a common word's first page, its total and its facets") {
    Query q;
    q.text = "emploi";
    const Results top = fixture().index.search(q);
    Results all;
    {
        detail::ExhaustiveSearch exhaustive;
        all = fixture().index.search(q);
    }
    REQUIRE(all.total > 1000);  // common enough that most of it is never weighed
    testing::same_results(top, all);
    REQUIRE(top.hits.size() == 20);
    for (size_t i = 1; i < top.hits.size(); ++i) CHECK(top.hits[i - 1].score >= top.hits[i].score);
}

TEST_CASE("top-k: a build writes the bounds and the facet bitmaps") {
    const std::filesystem::path root = fixture().dir.path();
    std::filesystem::path generation;
    for (auto& entry : std::filesystem::directory_iterator(root))
        if (entry.is_directory()) generation = entry.path();
    CHECK(std::filesystem::file_size(generation / "facets.bin") > 0);
    CHECK(std::filesystem::file_size(generation / "text" / "blockmax.bin") > 0);
}

TEST_CASE("top-k: a cursor of another order is refused as by the one path") {
    Query q;
    q.text = "logement";
    q.place = "75056";
    const Results near = fixture().index.search(q);
    REQUIRE_FALSE(near.next_cursor.empty());
    Query words_only;
    words_only.text = "logement";
    words_only.cursor = near.next_cursor;
    CHECK_THROWS_AS(fixture().index.search(words_only), QueryError);
}
