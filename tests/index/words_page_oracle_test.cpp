// Words around a place, by relevance or blended with distance (lib/index/search_best.hpp): when
// the words are one slot, only the matches that may enter the page are weighed. Thousands of
// random queries around the densest places of a generated catalogue of 200,000 offers and of the
// real catalogues, with filters, persons (strict and inclusive), the duplicates rule and pages,
// answered as when every match is weighed (detail::ExhaustiveSearch): same total, facets, hits in
// the same order with the same scores, same cursors page after page.
//
// Checked to fail when the page's weighing is broken: its bounds times 0.5 (matches that belong
// on the page left unweighed), or its cursor test reversed.

#include <catch2/catch.hpp>
#include <random>

#include "support/generated_index.hpp"
#include "support/person_rules.hpp"
#include "support/real_catalogues.hpp"
#include "support/top_queries.hpp"

using namespace cartoffre;

namespace {

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[rng() % v.size()];
}

Profile some_person(std::mt19937_64& rng, const std::string& place) {
    Profile p;
    if (rng() % 3) p.age = 16 + static_cast<int>(rng() % 50);
    for (int n = static_cast<int>(rng() % 3); n > 0; --n)
        p.statuses.push_back(pick(rng, testing::person_statuses));
    if (rng() % 2) p.lives_in = place;
    if (rng() % 2) p.permis = rng() % 2 == 0;
    return p;
}

// `count` random queries around `places` (dense ones: many matches per word), each followed
// through up to four pages; returns the pages compared.
size_t compare_pages(const Index& index, const std::vector<std::string>& words,
                     const std::vector<std::string>& places, size_t count, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const Taxonomy& t = index.taxonomy();
    const std::vector<size_t> limits{20, 20, 20, 1, 5, 100, 0};
    const std::vector<SortOrder> orders{SortOrder::relevance, SortOrder::relevance,
                                        SortOrder::automatic, SortOrder::blend};
    size_t compared = 0;
    for (size_t i = 0; i < count; ++i) {
        Query q;
        q.today = Date{2026, 12, 7};
        q.text = pick(rng, words);
        if (rng() % 6 == 0) q.text += " " + pick(rng, words);  // two slots: every match weighed
        q.place = pick(rng, places);
        q.radius_km = std::vector<double>{2, 5, 10, 10, 20, 30}[rng() % 6];
        q.limit = pick(rng, limits);
        q.sort = pick(rng, orders);
        if (rng() % 3 == 0) q.frais = {"gratuit"};
        if (rng() % 5 == 0) q.thematiques = {pick(rng, t.categories().codes()).code};
        if (rng() % 8 == 0) q.publics = {pick(rng, t.publics().codes()).code};
        if (rng() % 6 == 0) q.remote = rng() % 2 ? Remote::exclude : Remote::only;
        if (rng() % 3 == 0) {
            q.profile = some_person(rng, q.place);
            q.mode = rng() % 2 ? EligibilityMode::strict : EligibilityMode::inclusive;
        }
        q.exclude_duplicates = rng() % 4 == 0;
        for (size_t page = 0; page < 4; ++page) {
            INFO("query " << i << " « " << q.text << " » " << q.place << " " << q.radius_km
                          << " km limit " << q.limit << " page " << page);
            const Results fast = index.search(q);
            Results all;
            {
                detail::ExhaustiveSearch exhaustive;
                all = index.search(q);
            }
            testing::same_results(fast, all);
            ++compared;
            if (fast.next_cursor.empty()) break;
            q.cursor = fast.next_cursor;
        }
    }
    return compared;
}

// Paris, Marseille, Lyon, Toulouse, Nice, Lille, Boulogne-Billancourt, Montreuil, Nanterre.
const std::vector<std::string> dense_places{"insee:75056", "insee:13055", "insee:69123",
                                            "insee:31555", "insee:06088", "insee:59350",
                                            "insee:92012", "insee:93048", "insee:92050"};

}  // namespace

TEST_CASE("a page's words weighed best first: a generated catalogue of 200,000 offers") {
    static const testing::GeneratedIndex generated(200000, 20261209);
    std::mt19937_64 rng(3);
    const auto words = testing::top_words(generated.catalogue.offers, rng, 100);
    CHECK(compare_pages(generated.index, words, dense_places, 1500, 31) >= 1500);
}

TEST_CASE("a page's words weighed best first: the real catalogues") {
    static const testing::RealIndex real("words-page-oracle");
    std::mt19937_64 rng(4);
    const auto words = testing::top_words(real.offers, rng, 200);
    CHECK(compare_pages(real.index, words, dense_places, 1500, 32) >= 1500);
}
