// The candidate search of the duplicate detection: the same pairs as a brute-force scan of every
// pair (several sources, dense and sparse areas, offers at the very same point, offers placed at
// their commune's centre, the antimeridian and the poles), and a cost linear in the number of
// offers when none has a neighbour of another source within the radius.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cartoffre/geo.hpp"
#include "generator/generator_directory.hpp"
#include "index/duplicates.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using cartoffre::detail::duplicate_neighbours;
using cartoffre::detail::duplicate_radius_m;
using cartoffre::detail::DuplicatePair;
using cartoffre::detail::DuplicateSearchCost;
using cartoffre::detail::find_duplicate_pairs;

namespace {

using Pair = std::pair<uint32_t, uint32_t>;

Offer offer_at(std::string source, size_t number, double lat, double lon) {
    Offer o;
    o.source = std::move(source);
    o.id = o.source + "--" + std::to_string(number);
    o.nom = "Lieu " + std::to_string(number % 97);
    o.latitude = lat, o.longitude = lon;
    // One SIRET for all: every candidate is judged the same place, so the pairs found are the
    // candidates within the radius (and those of a commune), which is what is compared here.
    o.structure_siret = "12345678901234";
    return o;
}

// The rule as documented, by scanning every pair: for each offer sought, the offers of other
// sources ordered by their distance in degrees (longitude scaled by the cosine of the latitude;
// the smaller index first among equals), the first duplicate_neighbours of them within the
// radius; for an offer placed at its commune's centre, also the first duplicate_neighbours of
// its commune. Kept when one of the two is involved.
std::vector<Pair> brute_force(const std::vector<Offer>& offers, const std::vector<char>* seek,
                              const std::vector<char>* involving) {
    auto x = [](const Offer& o) { return *o.longitude * std::cos(*o.latitude * M_PI / 180); };
    std::set<Pair> pairs;
    for (uint32_t i = 0; i < offers.size(); ++i) {
        const Offer& o = offers[i];
        if (!o.location() || (seek && !(*seek)[i])) continue;
        std::vector<std::pair<double, uint32_t>> others, commune;
        for (uint32_t j = 0; j < offers.size(); ++j) {
            const Offer& p = offers[j];
            if (!p.location() || p.source == o.source) continue;
            const double dx = x(o) - x(p), dy = *o.latitude - *p.latitude;
            others.emplace_back(dx * dx + dy * dy, j);
            if (o.location_approximate && !o.code_insee.empty() && p.code_insee == o.code_insee)
                commune.emplace_back(std::sqrt(dx * dx + dy * dy), j);
        }
        std::sort(others.begin(), others.end());
        std::sort(commune.begin(), commune.end());
        for (size_t k = 0; k < others.size() && k < duplicate_neighbours; ++k) {
            const uint32_t j = others[k].second;
            if (distance_km(*o.location(), *offers[j].location()) * 1000 <= duplicate_radius_m)
                pairs.insert({std::min(i, j), std::max(i, j)});
        }
        for (size_t k = 0; k < commune.size() && k < duplicate_neighbours; ++k)
            pairs.insert({std::min(i, commune[k].second), std::max(i, commune[k].second)});
    }
    std::vector<Pair> kept;
    for (const Pair& p : pairs)
        if (!involving || (*involving)[p.first] || (*involving)[p.second]) kept.push_back(p);
    return kept;
}

std::vector<Pair> found(const std::vector<Offer>& offers, const std::vector<char>* seek,
                        const std::vector<char>* involving) {
    std::vector<const Offer*> pointers;
    for (const Offer& o : offers) pointers.push_back(&o);
    std::vector<Pair> pairs;
    for (const DuplicatePair& p : find_duplicate_pairs(pointers, seek, involving))
        pairs.emplace_back(p.a, p.b);
    return pairs;
}

// Four sources over a region of 2 degrees: sparse offers, towns where a few hundred lie within
// 600 m, offers at the very point of another (ties of distance), offers placed at the centre of
// their commune, offers without a location.
std::vector<Offer> mixed_catalogue(uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    const char* sources[] = {"alpha", "beta", "gamma", "delta"};
    auto source = [&] { return sources[random() % 4]; };
    std::vector<Offer> offers;
    for (size_t k = 0; k < 900; ++k)
        offers.push_back(
            offer_at(source(), offers.size(), 46 + 2 * unit(random), 2 + 2 * unit(random)));
    for (int town = 0; town < 6; ++town) {
        const double lat = 46.2 + 0.3 * town, lon = 2.1 + 0.3 * town;
        const std::string insee = "7" + std::to_string(1000 + town);
        const size_t first = offers.size();
        for (size_t k = 0; k < 250; ++k) {
            // Within about 600 m of the centre, denser near it.
            const double r = 0.0055 * unit(random) * unit(random), angle = 2 * M_PI * unit(random);
            offers.push_back(offer_at(source(), offers.size(), lat + r * std::sin(angle),
                                      lon + r * std::cos(angle) / std::cos(lat * M_PI / 180)));
            offers.back().code_insee = insee;
            if (k % 7 == 3) {  // at the point of an offer already placed
                const Offer& twin = offers[first + random() % (offers.size() - first)];
                offers.back().latitude = twin.latitude, offers.back().longitude = twin.longitude;
            }
            if (k % 11 == 5) {  // at the commune's centre
                offers.back().latitude = lat, offers.back().longitude = lon;
                offers.back().location_approximate = true;
            }
            if (k % 37 == 1) offers.back().latitude.reset();
        }
    }
    std::shuffle(offers.begin(), offers.end(), random);
    return offers;
}

// The pairs of one list missing from the other, a few of them spelt out for the report.
std::string difference(const std::vector<Pair>& a, const std::vector<Pair>& b) {
    std::vector<Pair> only;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
    std::string text = std::to_string(only.size());
    for (size_t k = 0; k < only.size() && k < 5; ++k)
        text += " (" + std::to_string(only[k].first) + "," + std::to_string(only[k].second) + ")";
    return text;
}

// Equal lists of pairs, or a failure saying how many differ.
void same_pairs(const std::vector<Pair>& got, const std::vector<Pair>& expected) {
    INFO("found and not expected: " << difference(got, expected));
    INFO("expected and not found: " << difference(expected, got));
    CHECK(got == expected);
}

}  // namespace

TEST_CASE("The duplicate candidates are those of a brute-force scan of every pair",
          "[duplicates]") {
    for (uint32_t seed : {1u, 2u, 3u}) {
        const std::vector<Offer> offers = mixed_catalogue(seed);
        INFO("seed " << seed);
        const std::vector<Pair> expected = brute_force(offers, nullptr, nullptr);
        same_pairs(found(offers, nullptr, nullptr), expected);
        CHECK(expected.size() > 1000);
        // An update's search: neighbours sought from some offers, pairs kept around others.
        std::mt19937 random(seed);
        std::vector<char> seek(offers.size()), involving(offers.size());
        for (size_t i = 0; i < offers.size(); ++i)
            seek[i] = random() % 3 != 0, involving[i] = random() % 4 == 0;
        same_pairs(found(offers, &seek, &involving), brute_force(offers, &seek, &involving));
    }
}

TEST_CASE("Neighbours across the antimeridian and near a pole are found as by the scan",
          "[duplicates]") {
    // 0.002 degrees of longitude at 17 degrees south is 213 m; at 89.999 degrees north, two
    // offers 0.0005 degrees of latitude apart are 56 m apart.
    std::vector<Offer> offers{
        offer_at("alpha", 0, -17, 179.999),      offer_at("beta", 1, -17, -179.999),
        offer_at("gamma", 2, -17.001, 179.9985), offer_at("alpha", 3, 89.999, 10),
        offer_at("beta", 4, 89.9995, -170),      offer_at("gamma", 5, 48.85, 2.35)};
    const std::vector<Pair> expected = brute_force(offers, nullptr, nullptr);
    same_pairs(found(offers, nullptr, nullptr), expected);
    CHECK(std::find(expected.begin(), expected.end(), Pair{0, 1}) != expected.end());
    CHECK(std::find(expected.begin(), expected.end(), Pair{3, 4}) != expected.end());
}

TEST_CASE(
    "With no neighbour of another source, the search reads a number of offers linear in "
    "the catalogue",
    "[duplicates]") {
    // One source (a directory of public services), offers on a grid 1.1 km apart: no offer has a
    // candidate, and finding that must cost the same per offer at 4,000 and at 16,000 offers.
    auto examined = [](size_t n) {
        std::vector<Offer> offers;
        for (size_t k = 0; k < n; ++k)
            offers.push_back(offer_at("annuaire", k, 44 + 0.01 * static_cast<double>(k / 100),
                                      0.014 * static_cast<double>(k % 100)));
        std::vector<const Offer*> pointers;
        for (const Offer& o : offers) pointers.push_back(&o);
        DuplicateSearchCost cost;
        CHECK(find_duplicate_pairs(pointers, nullptr, nullptr, &cost).empty());
        return cost.offers_examined;
    };
    const size_t small = examined(4000), large = examined(16000);
    INFO("offers examined: " << small << " at 4,000 offers, " << large << " at 16,000");
    CHECK(small <= 2 * 4000);
    CHECK(large <= 2 * 16000);
    CHECK(large <= small * 9 / 2);
}

TEST_CASE(
    "A generated directory of 62,138 public services: one source, no pair, and a few "
    "offers read per offer",
    "[duplicates]") {
    // The shape of the DILA's national directory (one source, 58 % town halls, 0.6 % never
    // geocoded), on the real communes.
    const std::vector<Offer> offers = generate_directory(testing::real_gazetteer(), 62138, 1);
    REQUIRE(offers.size() == 62138);
    std::set<std::string> ids;
    size_t halls = 0, unplaced = 0, other_source = 0;
    for (const Offer& o : offers) {
        other_source += o.source != "annuaire-services-publics";
        ids.insert(o.id);
        halls += o.nom.rfind("Mairie de ", 0) == 0;
        unplaced += !o.location();
    }
    CHECK(other_source == 0);
    CHECK(ids.size() == offers.size());
    CHECK(halls == Approx(0.58 * 62138).epsilon(0.02));
    CHECK(unplaced == Approx(0.006 * 62138).epsilon(0.25));
    const std::vector<Offer> again = generate_directory(testing::real_gazetteer(), 62138, 1);
    CHECK(again.back().id == offers.back().id);
    CHECK(again.back().latitude == offers.back().latitude);

    std::vector<const Offer*> pointers;
    for (const Offer& o : offers) pointers.push_back(&o);
    DuplicateSearchCost cost;
    CHECK(find_duplicate_pairs(pointers, nullptr, nullptr, &cost).empty());
    // Every offer reads those of its source within about 300 m: few, even in Paris (1.7 on
    // average when written).
    INFO("offers examined: " << cost.offers_examined);
    CHECK(cost.offers_examined < 5 * offers.size());
}
