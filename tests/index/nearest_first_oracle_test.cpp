// The page nearest first measured only where it may lead (index/nearest_first.hpp), against the
// order of every match keyed: random matches around an origin, many of them on the edges of the
// tenths of a kilometre where the ranked key jumps, approximate or not, eligible or not, some
// without a distance; the first `count` (the page, the memo's depth) must be the same matches in
// the same order whichever way they are found.
//
// Checked to fail when the bound is broken: chord2_ranked_after returning its argument (the
// band's approximate offers and the next tenth forgotten), or reaching 0.04 km past the band
// rather than 0.06, fails the first case at its second round.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "index/nearest_first.hpp"
#include "index/search_best.hpp"

using namespace cartoffre;
using namespace cartoffre::detail;

namespace {

constexpr double none = std::numeric_limits<double>::infinity();

struct Match {
    bool ineligible;
    bool approximate;
    double chord2;
    uint32_t id_rank;
};

// As search.cpp measures and keys a match nearest first.
PagePlace place_of(const Match& m, uint32_t index) {
    const double km = m.chord2 == none ? none : Circle::distance_of(m.chord2);
    return {m.ineligible, ranked_km(km, m.approximate), m.id_rank, index};
}

std::vector<PagePlace> first_of_all(const std::vector<Match>& matches, size_t count) {
    std::vector<PagePlace> page;
    for (uint32_t i = 0; i < matches.size(); ++i) page.push_back(place_of(matches[i], i));
    count = std::min(count, page.size());
    std::partial_sort(page.begin(), page.begin() + static_cast<long>(count), page.end());
    page.resize(count);
    return page;
}

std::vector<PagePlace> first_of_leading(const std::vector<Match>& matches, size_t count) {
    const std::vector<uint32_t> leading = may_come_first(matches, count);
    REQUIRE(leading.size() >= std::min(count, matches.size()));
    REQUIRE(std::is_sorted(leading.begin(), leading.end()));
    std::vector<PagePlace> page;
    for (uint32_t i : leading) page.push_back(place_of(matches[i], i));
    count = std::min(count, page.size());
    std::partial_sort(page.begin(), page.begin() + static_cast<long>(count), page.end());
    page.resize(count);
    return page;
}

bool same(const std::vector<PagePlace>& a, const std::vector<PagePlace>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].index != b[i].index || a[i].key != b[i].key || a[i].rank != b[i].rank ||
            a[i].ineligible != b[i].ineligible)
            return false;
    return true;
}

double chord2_of_km(double km) {
    const double chord = 2 * std::sin(km / (2 * earth_radius_km));
    return chord * chord;
}

// A distance drawn to fall on a tenth's edge, where rounding decides the band, or anywhere.
double draw_km(std::mt19937_64& rng, double radius) {
    std::uniform_real_distribution<double> any(0, radius);
    switch (rng() % 4) {
        case 0: {  // a hair from x.x5 km, on either side, or on it
            const double edge =
                static_cast<double>(rng() % static_cast<uint64_t>(radius * 10)) / 10 + 0.05;
            const double hair = std::ldexp(1.0, -static_cast<int>(20 + rng() % 32));
            return edge + (rng() % 3 == 0 ? 0 : rng() % 2 ? hair : -hair);
        }
        case 1:  // within a few metres of a tenth, where exact and approximate bands meet
            return static_cast<double>(rng() % static_cast<uint64_t>(radius * 10)) / 10 +
                   std::uniform_real_distribution<double>(-0.03, 0.03)(rng);
        default:
            return any(rng);
    }
}

}  // namespace

TEST_CASE(
    "The matches that may lead a page nearest first give the same page as every match keyed") {
    std::mt19937_64 rng(20);
    const std::vector<size_t> counts{0, 1, 2, 20, 21, 401};
    for (int round = 0; round < 3000; ++round) {
        const size_t n = 1 + rng() % (round % 10 == 0 ? 3000 : 300);
        const double radius = std::vector<double>{0.3, 2, 10, 30, 100}[rng() % 5];
        const int far_share = static_cast<int>(rng() % 4);  // remote offers, in quarters
        const bool judged = rng() % 2;
        std::vector<Match> matches;
        std::vector<uint32_t> ranks(n);
        for (uint32_t i = 0; i < n; ++i) ranks[i] = i;
        std::shuffle(ranks.begin(), ranks.end(), rng);
        for (size_t i = 0; i < n; ++i) {
            Match m{judged && rng() % 3 == 0, rng() % 3 == 0, none, ranks[i]};
            if (static_cast<int>(rng() % 4) >= far_share)
                m.chord2 = chord2_of_km(draw_km(rng, radius));
            matches.push_back(m);
        }
        // Several matches at the very same place: ties by id.
        for (size_t i = 1; i < n; i += 7) matches[i].chord2 = matches[i - 1].chord2;
        std::vector<size_t> asked = counts;
        asked.push_back(n - 1);
        asked.push_back(n);
        asked.push_back(n + 5);
        for (size_t count : asked) {
            INFO("round " << round << ", " << n << " matches, first " << count);
            REQUIRE(same(first_of_leading(matches, count), first_of_all(matches, count)));
        }
    }
}

TEST_CASE("Only the matches near the page's last are measured around a place") {
    // 1,000 offers every 10 m from the origin, the page of 20 nearest: those within the tenths
    // of the twentieth, a few more, never the whole set.
    std::vector<Match> matches;
    for (uint32_t i = 0; i < 1000; ++i)
        matches.push_back({false, i % 2 == 1, chord2_of_km(0.01 * i), i});
    const std::vector<uint32_t> leading = may_come_first(matches, 20);
    CHECK(leading.size() >= 20);
    CHECK(leading.size() < 40);
    CHECK(same(first_of_leading(matches, 20), first_of_all(matches, 20)));
    // Far offers (no distance) are kept only when the page reaches them.
    std::vector<Match> few(matches.begin(), matches.begin() + 5);
    for (uint32_t i = 0; i < 100; ++i) few.push_back({false, false, none, 1000 + i});
    CHECK(may_come_first(few, 3).size() == 5);  // within 40 m of each other
    CHECK(may_come_first(few, 20).size() == few.size());
    CHECK(same(first_of_leading(few, 20), first_of_all(few, 20)));
}
