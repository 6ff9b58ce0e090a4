// Oracle test of person-centred search: thousands of (profile, offer) pairs over a generated
// catalogue with criteria. For random people searching around random places, a strict search
// returns exactly the offers a brute-force evaluation of the rules accepts (the rules written
// again here, from data/eligibility/README.md, on the offers as generated), and an inclusive
// search returns them all with the ineligible ones last.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "support/commune_draw.hpp"
#include "support/generated_index.hpp"
#include "support/person_rules.hpp"

using namespace cartoffre;
using testing::Person;
using testing::refused;

namespace {

const testing::GeneratedIndex& fixture() {
    static const testing::GeneratedIndex generated(30000, 20261126);
    return generated;
}

const Date today{2026, 11, 24};

// The offers near the place (or remote) and open in the zones of the reference commune(s).
std::vector<const Offer*> around(const Query& q, const Gazetteer& g) {
    const Place place = g.resolve(q.place);
    std::vector<uint32_t> zone_communes = place.communes;
    if (place.zone_commune) zone_communes = {*place.zone_commune};
    if (!q.profile->lives_in.empty()) zone_communes = g.resolve(q.profile->lives_in).communes;
    const std::set<std::string> keys = testing::zone_keys_of(zone_communes, g);
    std::vector<const Offer*> out;
    for (const Offer& o : fixture().catalogue.offers) {
        double d = std::numeric_limits<double>::infinity();
        if (auto loc = testing::located(o, g))
            for (auto origin : place.origins) d = std::min(d, distance_km(origin, *loc));
        auto commune = o.code_insee.empty() ? std::nullopt : g.find_code(o.code_insee);
        const bool in_commune = commune && std::find(place.communes.begin(), place.communes.end(),
                                                     *commune) != place.communes.end();
        if (!((o.is_in_person() && (d <= q.radius_km || in_commune)) || o.is_remote())) continue;
        bool inside = o.zone_eligibilite.empty();
        for (auto& z : o.zone_eligibilite)
            inside = inside || keys.count(z == "99100" ? std::string("france") : z) > 0;
        if (inside) out.push_back(&o);
    }
    return out;
}

}  // namespace

namespace {

// A person as caseworkers describe them: some facts known, others not.
Profile random_profile(std::mt19937_64& rng, const std::string& place) {
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    const std::vector<std::string>& statuses = testing::person_statuses;
    Profile p;
    if (chance(0.7)) p.age = 14 + static_cast<int>(rng() % 60);
    if (chance(0.6)) p.genre = chance(0.5) ? "femme" : "homme";
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) p.statuses.push_back(pick(statuses));
    p.statuses_complete = chance(0.5);
    if (chance(0.3)) p.qpv = chance(0.5);
    if (chance(0.3)) p.frr = chance(0.5);
    if (chance(0.5)) p.diplome = pick({"infra-bac", "bac", "bac+2", "superieur"});
    if (chance(0.5)) p.permis = chance(0.6);
    if (chance(0.5)) p.vehicule = chance(0.5);
    if (chance(0.4)) p.lives_in = place;
    return p;
}

std::vector<Hit> all_pages(const Index& index, Query q) {
    std::vector<Hit> hits;
    for (;;) {
        Results r = index.search(q);
        for (auto& h : r.hits) hits.push_back(std::move(h));
        if (r.next_cursor.empty()) return hits;
        q.cursor = r.next_cursor;
    }
}

// Places where people search, drawn by population; the same for both tests.
std::vector<Query> person_queries(size_t count) {
    testing::CommuneDraw draw(fixture().index.gazetteer());
    std::mt19937_64 rng(7);
    std::vector<Query> queries;
    for (size_t i = 0; i < count; ++i) {
        Query q;
        q.place = "insee:" + draw(rng);
        q.radius_km = 2 + static_cast<double>(rng() % 20);
        q.profile = random_profile(rng, q.place);
        q.today = today;
        q.sort = SortOrder::distance;
        q.limit = 500;
        queries.push_back(q);
    }
    return queries;
}

}  // namespace

TEST_CASE("A strict search for a person returns exactly the offers the rules accept") {
    const Index& index = fixture().index;
    const Gazetteer& g = index.gazetteer();
    REQUIRE(fixture().report.rejected == 0);  // generated criteria are all valid
    size_t pairs = 0, refusals = 0;
    for (const Query& q : person_queries(150)) {
        std::set<std::string> expected;
        for (const Offer* o : around(q, g)) {
            ++pairs;
            if (refused(*o, Person(*q.profile), today))
                ++refusals;
            else
                expected.insert(o->id);
        }
        std::set<std::string> got;
        for (const Hit& h : all_pages(index, q)) {
            got.insert(h.offer.id);
            REQUIRE(h.eligibility);
            CHECK(h.eligibility->verdict != Verdict::ineligible);
        }
        INFO("place " << q.place << ", radius " << q.radius_km);
        std::vector<std::string> missing, extra;
        std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                            std::back_inserter(missing));
        std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                            std::back_inserter(extra));
        INFO("missing " << (missing.empty() ? "" : missing[0]) << ", extra "
                        << (extra.empty() ? "" : extra[0]));
        REQUIRE(missing.empty());
        REQUIRE(extra.empty());
    }
    // The sample must exercise the rules: many pairs, a fair share refused.
    CHECK(pairs > 20000);
    CHECK(refusals > pairs / 50);
}

TEST_CASE("An inclusive search returns every offer near, the ineligible ones marked and last") {
    const Index& index = fixture().index;
    const Gazetteer& g = index.gazetteer();
    for (Query q : person_queries(60)) {
        q.mode = EligibilityMode::inclusive;
        std::map<std::string, bool> expected;  // id -> refused
        for (const Offer* o : around(q, g))
            expected[o->id] = refused(*o, Person(*q.profile), today);
        const std::vector<Hit> hits = all_pages(index, q);
        REQUIRE(hits.size() == expected.size());
        bool seen_ineligible = false;
        for (const Hit& h : hits) {
            INFO("offer " << h.offer.id << " at " << q.place);
            REQUIRE(expected.count(h.offer.id));
            REQUIRE(h.eligibility);
            const bool ineligible = h.eligibility->verdict == Verdict::ineligible;
            CHECK(ineligible == expected[h.offer.id]);
            CHECK((!seen_ineligible || ineligible));  // once among the ineligible, stays there
            seen_ineligible = seen_ineligible || ineligible;
        }
    }
}
