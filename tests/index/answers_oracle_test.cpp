// What a local search says beyond its hits, against brute force on the real catalogues: the
// nearest offers beyond the radius are those the same search over the whole Earth puts first,
// and the count of offers without a known place is what a search of those offers alone finds.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/generated_index.hpp"
#include "support/real_catalogues.hpp"

using namespace cartoffre;

namespace {

const Index& real_index() {
    static const testing::RealIndex real("answers-oracle-real");
    return real.index;
}

struct Asked {
    std::string text, place;
    double radius_km;
    std::vector<std::string> thematiques;
    std::optional<int> age;
};

Query query_of(const Asked& a) {
    Query q;
    q.text = a.text;
    q.place = a.place;
    q.radius_km = a.radius_km;
    q.thematiques = a.thematiques;
    if (a.age) {
        q.profile = Profile{};
        q.profile->age = a.age;
    }
    return q;
}

const std::vector<Asked> asked{
    {"IAE", "Melun", 15, {}, {}},
    {"garage solidaire", "Melun", 5, {}, {}},
    {"", "Melun", 1, {"mobilite"}, {}},
    {"", "Aurillac", 3, {"famille"}, {}},
    {"domiciliation", "Gap", 5, {}, {}},
    {"chantier", "Mende", 10, {}, 30},
    {"apprendre le français", "Guéret", 10, {}, {}},
    {"vélo", "Saint-Flour (15)", 5, {}, {}},
    {"emploi", "Paris", 5, {}, {}},
    {"", "Paris", 2, {}, {}},
    {"numérique", "Rodez", 2, {"numerique"}, {}},
    {"", "Évry (89)", 2, {}, {}},
    // Empty within their radius whatever the vocabulary widens (IAE, domiciliation and
    // « apprendre le français » above find offers since words name codes).
    {"garage solidaire", "Aurillac", 2, {}, {}},
    {"vélo", "Mende", 2, {}, {}},
    {"garage solidaire", "Gap", 3, {}, {}},
    {"vélo", "Guéret", 2, {}, {}},
    {"cuisine", "Évry (89)", 2, {}, {}},
};

}  // namespace

TEST_CASE(
    "The nearest offers beyond an empty answer are those the same search finds first "
    "over the whole Earth") {
    const Index& index = real_index();
    size_t empty = 0;
    for (const Asked& a : asked) {
        INFO(a.text << " near " << a.place << " within " << a.radius_km << " km");
        Query q = query_of(a);
        const Results r = index.search(q);
        if (r.total > 0) {
            CHECK(r.nearest_beyond.empty());
            continue;
        }
        ++empty;
        // Brute force: the whole Earth, in person only, by distance.
        q.radius_km = 20000;
        q.remote = Remote::exclude;
        q.sort = SortOrder::distance;
        q.limit = 3;
        const Results all = index.search(q);
        REQUIRE(r.nearest_beyond.size() == all.hits.size());
        for (size_t i = 0; i < all.hits.size(); ++i) {
            // Equal distances may come in another order: the distances are the same.
            CHECK(*r.nearest_beyond[i].distance_km ==
                  Approx(*all.hits[i].distance_km).margin(0.051));
            CHECK(*r.nearest_beyond[i].distance_km > a.radius_km);
        }
    }
    CHECK(empty >= 6);
}

TEST_CASE(
    "A local search counts the matching offers without a known place as a search of those "
    "offers alone does") {
    const Index& index = real_index();
    size_t counted = 0;
    for (const Asked& a : asked) {
        INFO(a.text << " near " << a.place);
        const Results r = index.search(query_of(a));
        // No offer without a place has eligibility zones in these catalogues: the place does not
        // change which of them match.
        Query alone = query_of(a);
        alone.place.clear();
        alone.unplaced = true;
        alone.limit = 0;
        CHECK(r.unplaced == index.search(alone).total);
        counted += r.unplaced;
    }
    CHECK(counted > 0);
}

TEST_CASE("One offer per cluster of duplicates among the nearest beyond, when asked") {
    const Index& index = real_index();
    size_t pairs_without = 0, pairs_with = 0;
    auto duplicate_pairs = [](const std::vector<Hit>& hits) {
        size_t pairs = 0;
        for (auto& a : hits)
            for (auto& b : hits)
                pairs += std::count(a.offer.doublons.begin(), a.offer.doublons.end(), b.offer.id);
        return pairs;
    };
    for (const Asked& a : asked) {
        Query q = query_of(a);
        pairs_without += duplicate_pairs(index.search(q).nearest_beyond);
        q.exclude_duplicates = true;
        pairs_with += duplicate_pairs(index.search(q).nearest_beyond);
    }
    CHECK(pairs_with == 0);
    WARN("duplicate pairs among the nearest beyond without exclude_duplicates: " << pairs_without);
}
