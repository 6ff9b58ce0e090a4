// What a local search says beyond its hits, on small hand-made catalogues around real places
// (issues 15 and 16): an offer placed at its commune's centre never ranked above one at its
// address at the same distance; the nearest matching offers when none is within the radius; how
// many matching offers have no known place.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"
#include "support/hand_offers.hpp"

using namespace cartoffre;

namespace {

// Melun's centre in the COG 2026.
constexpr LatLon melun{48.5421, 2.6554};

using testing::offer;

Index build(const testing::TempDir& dir, std::vector<Offer> offers) {
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    Index::build(dir.path(), std::move(offers), options);
    return Index::open(dir.path());
}

std::vector<std::string> order_of(const Results& r) {
    std::vector<std::string> out;
    for (auto& h : r.hits) out.push_back(h.offer.id);
    return out;
}

}  // namespace

TEST_CASE(
    "An offer placed at its commune's centre is ranked after one at its address at the "
    "same distance") {
    testing::TempDir dir("answers-approximate");
    // "a-centre" has no address: it is placed at Melun's centre (0.0 km), and sorts first by id.
    // "b-address" is at its address 30 m from the centre: 0.0 km as shown too.
    Index index = build(
        dir,
        {offer("a-centre", "Auto-école sociale", std::nullopt, "77288"),
         offer("b-address", "Auto-école sociale", LatLon{melun.lat + 0.0003, melun.lon}, "77288"),
         offer("c-farther", "Auto-école sociale", LatLon{melun.lat + 0.01, melun.lon}, "77288")});
    Query q;
    q.place = "Melun";
    q.radius_km = 10;
    q.sort = SortOrder::distance;
    Results r = index.search(q);
    REQUIRE(r.hits.size() == 3);
    CHECK(r.hits[0].offer.location_approximate == false);
    CHECK(*r.hits[0].distance_km == *r.hits[1].distance_km);  // equal as shown
    CHECK(order_of(r) ==
          std::vector<std::string>{"test--b-address", "test--a-centre", "test--c-farther"});
    // Blended with words of equal weight, the same.
    q.text = "auto-école";
    q.sort = SortOrder::blend;
    r = index.search(q);
    REQUIRE(r.hits.size() == 3);
    CHECK(r.hits[0].offer.id == "test--b-address");
    CHECK(r.hits[1].offer.id == "test--a-centre");
    // Pages follow the same order.
    q.sort = SortOrder::distance;
    q.text.clear();
    q.limit = 1;
    std::vector<std::string> paged;
    for (;;) {
        Results page = index.search(q);
        for (auto& h : page.hits) paged.push_back(h.offer.id);
        if (page.next_cursor.empty()) break;
        q.cursor = page.next_cursor;
    }
    CHECK(paged ==
          std::vector<std::string>{"test--b-address", "test--a-centre", "test--c-farther"});
}

TEST_CASE("An approximate offer nearer by more than a tenth of a kilometre still comes first") {
    testing::TempDir dir("answers-approximate-nearer");
    Index index = build(
        dir, {offer("address", "Garage solidaire", LatLon{melun.lat + 0.003, melun.lon}, "77288"),
              offer("centre", "Garage solidaire", std::nullopt, "77288")});
    Query q;
    q.place = "Melun";
    q.radius_km = 10;
    Results r = index.search(q);
    REQUIRE(r.hits.size() == 2);
    CHECK(*r.hits[1].distance_km == Approx(0.3));
    CHECK(order_of(r) == std::vector<std::string>{"test--centre", "test--address"});
}

namespace {

// Around Melun: a garage in Fontainebleau (about 15 km), one in Meaux (about 40 km) for the
// over-25s only, a driving school in Melun, and offers with no known place.
std::vector<Offer> around_melun() {
    std::vector<Offer> offers{
        offer("garage-fontainebleau", "Garage solidaire", LatLon{48.4047, 2.7016}, "77186"),
        offer("garage-meaux", "Garage solidaire", LatLon{48.9601, 2.8788}, "77284"),
        offer("ecole-melun", "Auto-école sociale", LatLon{48.5400, 2.6600}, "77288"),
        offer("garage-nowhere", "Garage solidaire", std::nullopt),
        offer("garage-nowhere-2", "Garage solidaire", std::nullopt),
        offer("ecole-nowhere", "Auto-école sociale", std::nullopt),
        offer("garage-nowhere-lyon", "Garage solidaire", std::nullopt),
    };
    offers[1].criteria.age_min = 26;
    offers[1].thematiques = {"mobilite--acceder-a-un-vehicule"};
    // Open to the residents of the Rhône only: not counted for a search at Melun.
    offers[6].zone_eligibilite = {"69"};
    return offers;
}

}  // namespace

TEST_CASE("A local search that finds nothing names the nearest matching offers beyond it") {
    testing::TempDir dir("answers-beyond");
    Index index = build(dir, around_melun());
    Query q;
    q.text = "garage";
    q.place = "Melun";
    q.radius_km = 5;
    Results r = index.search(q);
    CHECK(r.total == 0);
    REQUIRE(r.nearest_beyond.size() == 2);
    CHECK(r.nearest_beyond[0].offer.id == "test--garage-fontainebleau");
    CHECK(*r.nearest_beyond[0].distance_km == Approx(15.6).margin(0.5));
    CHECK(r.nearest_beyond[1].offer.id == "test--garage-meaux");
    // The same words and filters: a thématique leaves only Meaux; a person of 20, no one.
    q.thematiques = {"mobilite--acceder-a-un-vehicule"};
    r = index.search(q);
    REQUIRE(r.nearest_beyond.size() == 1);
    CHECK(r.nearest_beyond[0].offer.id == "test--garage-meaux");
    q.profile = Profile{};
    q.profile->age = 20;
    CHECK(index.search(q).nearest_beyond.empty());
    // Without words, the R-trees give the same.
    q = Query{};
    q.place = "Melun";
    q.radius_km = 5;
    q.thematiques = {"mobilite--acceder-a-un-vehicule"};
    r = index.search(q);
    CHECK(r.total == 0);
    REQUIRE(r.nearest_beyond.size() == 1);
    CHECK(r.nearest_beyond[0].offer.id == "test--garage-meaux");
    CHECK(*r.nearest_beyond[0].distance_km == Approx(47).margin(4));
    // Something found within the radius: nothing said beyond it.
    q.thematiques.clear();
    r = index.search(q);
    CHECK(r.total == 1);
    CHECK(r.nearest_beyond.empty());
}

TEST_CASE("A local search says how many matching offers have no known place") {
    testing::TempDir dir("answers-unplaced");
    Index index = build(dir, around_melun());
    Query q;
    q.text = "garage";
    q.place = "Melun";
    q.radius_km = 5;
    // Two garages without a place; the third is only for the Rhône's residents.
    CHECK(index.search(q).unplaced == 2);
    q.text = "sociale";
    CHECK(index.search(q).unplaced == 1);
    q.text.clear();
    CHECK(index.search(q).unplaced == 3);
    q.place = "Lyon";
    CHECK(index.search(q).unplaced == 4);
    // The same filters: a thématique none of them has.
    q.thematiques = {"mobilite--acceder-a-un-vehicule"};
    CHECK(index.search(q).unplaced == 0);
    // Not a local search: no count (--unplaced lists them).
    Query everywhere;
    everywhere.text = "garage";
    CHECK(index.search(everywhere).unplaced == 0);
    everywhere.unplaced = true;
    CHECK(index.search(everywhere).total == 3);
}
