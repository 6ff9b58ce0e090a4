// Coverage against brute force: for random communes, subjects and filters, over a generated
// catalogue and over the real catalogues, the nearest offer's distance, the counts within the
// radius and in the commune, the remote offers and the population beyond the radius equal a
// scan of every offer that applies the rules written independently (haversine on every offer,
// string tests on codes and zones). With a person, the nearest offer equals a search's first.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <set>

#include "cartoffre/coverage.hpp"
#include "cartoffre/loader.hpp"
#include "support/generated_index.hpp"
#include "support/real_catalogues.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const testing::GeneratedIndex& generated() {
    static const testing::GeneratedIndex index(60000, 20261207);
    return index;
}

// Every mapping of data/mappings/ with its usual file, as `cartoffre index` loads them.
const testing::RealIndex& real() {
    static const testing::RealIndex catalogues("coverage-real");
    return catalogues;
}

bool any_of_codes(const std::vector<std::string>& have, const std::vector<std::string>& wanted) {
    for (auto& h : have)
        if (std::find(wanted.begin(), wanted.end(), h) != wanted.end()) return true;
    return false;
}

bool in_subject(const Offer& o, const std::string& subject) {
    for (auto& t : o.thematiques)
        if (t == subject || t.rfind(subject + "--", 0) == 0) return true;
    return false;
}

bool passes(const Offer& o, const Query& f) {
    if (!f.publics.empty() && !o.publics.empty() && !any_of_codes(o.publics, f.publics) &&
        !any_of_codes(o.publics, {"tous-publics"}))
        return false;
    if (!f.frais.empty() && !any_of_codes({o.frais}, f.frais)) return false;
    if (!f.types.empty() && !any_of_codes({o.type}, f.types)) return false;
    if (!f.sources.empty() && !any_of_codes({o.source}, f.sources)) return false;
    return true;
}

// The zones an index keeps of an offer: the codes it knows; none left means open to all.
bool open_to(const Offer& o, const std::set<std::string>& keys, const Gazetteer& g) {
    bool restricted = false;
    for (const std::string& z : o.zone_eligibilite) {
        const std::string key = z == "99100" ? "france" : z;
        const bool known = key == "france" || (key.size() == 9 && g.is_epci(key)) ||
                           (key.size() <= 3 && g.is_departement(key)) ||
                           (key.size() == 5 && g.find_code(key));
        if (!known) continue;
        restricted = true;
        if (keys.count(key)) return true;
    }
    return !restricted;
}

struct Expected {
    double nearest = std::numeric_limits<double>::infinity();
    size_t within = 0, in_commune = 0, remote = 0;
};

// The offers of a subject that pass the filters, whatever the commune: what brute_force scans.
std::vector<const Offer*> candidates(const std::vector<Offer>& offers, const std::string& subject,
                                     const Query& f) {
    std::vector<const Offer*> kept;
    for (const Offer& o : offers)
        if (in_subject(o, subject) && passes(o, f)) kept.push_back(&o);
    return kept;
}

Expected brute_force(const std::vector<const Offer*>& offers, const Gazetteer& g, uint32_t commune,
                     double radius) {
    const Commune c = g.commune(commune);
    const std::set<std::string> keys = testing::zone_keys_of({commune}, g);
    Expected e;
    for (const Offer* o : offers) {
        if (!open_to(*o, keys, g)) continue;
        if (o->is_remote()) ++e.remote;
        if (!o->is_in_person()) continue;
        if (!o->code_insee.empty() && g.find_code(o->code_insee) == commune) ++e.in_commune;
        const auto at = testing::located(*o, g);
        if (!at || !c.centre) continue;
        const double d = distance_km(*c.centre, *at);
        e.nearest = std::min(e.nearest, d);
        if (d <= radius) ++e.within;
    }
    return e;
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

// Random communes of random départements, random subjects and filters, each compared.
void compare_random(const Index& index, const std::vector<Offer>& offers, uint64_t seed,
                    int rounds) {
    const Gazetteer& g = testing::real_gazetteer();
    const Taxonomy& t = Taxonomy::builtin();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<std::string> departements;
    for (uint32_t i = 0; i < g.size(); ++i)
        if (g.commune(i).is_current()) departements.emplace_back(g.commune(i).departement);
    std::sort(departements.begin(), departements.end());
    departements.erase(std::unique(departements.begin(), departements.end()), departements.end());
    size_t compared = 0, beyond = 0, far = 0;
    for (int round = 0; round < rounds; ++round) {
        CoverageQuery q;
        q.territory = {Territory::Kind::departement, {pick(rng, departements)}};
        q.radius_km = 2 + unit(rng) * 30;
        q.subjects = {pick(rng, t.categories().codes()).code};
        if (unit(rng) < 0.5) q.subjects.push_back(pick(rng, t.thematiques().codes()).code);
        if (unit(rng) < 0.2) q.filters.publics.push_back(pick(rng, t.publics().codes()).code);
        if (unit(rng) < 0.15) q.filters.frais.push_back(pick(rng, t.frais().codes()).code);
        if (unit(rng) < 0.15) q.filters.types.push_back(pick(rng, t.types().codes()).code);
        const CoverageReport report = index.coverage(q);
        const size_t subjects = report.subjects.size();
        REQUIRE(report.communes.size() % subjects == 0);
        const size_t communes = report.communes.size() / subjects;
        std::vector<std::vector<const Offer*>> scanned;
        for (const std::string& subject : report.subjects)
            scanned.push_back(candidates(offers, subject, q.filters));
        for (int sample = 0; sample < 6; ++sample) {
            const size_t i = std::uniform_int_distribution<size_t>(0, communes - 1)(rng);
            for (size_t j = 0; j < subjects; ++j) {
                const CommuneCoverage& row = report.communes[i * subjects + j];
                INFO("round " << round << ", commune " << row.code << ", subject " << row.subject
                              << ", radius " << q.radius_km);
                const Expected e = brute_force(scanned[j], g, row.commune, q.radius_km);
                REQUIRE(row.subject == report.subjects[j]);
                CHECK(row.within_radius == e.within);
                CHECK(row.in_commune == e.in_commune);
                CHECK(row.remote == e.remote);
                if (std::isfinite(e.nearest)) {
                    REQUIRE(row.nearest_km);
                    CHECK(*row.nearest_km == Approx(e.nearest).margin(1e-6));
                    REQUIRE(index.get(row.nearest_id));
                    far += e.nearest > q.radius_km;
                } else {
                    CHECK_FALSE(row.nearest_km);
                }
                beyond += e.within == 0;
                ++compared;
            }
        }
        // The population beyond the radius, over the whole département, by brute force.
        for (size_t j = 0; j < subjects; ++j) {
            long expected = 0;
            for (size_t i = 0; i < communes; ++i) {
                const CommuneCoverage& row = report.communes[i * subjects + j];
                if (brute_force(scanned[j], g, row.commune, q.radius_km).within == 0)
                    expected += row.population;
            }
            INFO("round " << round << ", subject " << report.subjects[j]);
            CHECK(report.totals[j].population_beyond == expected);
        }
    }
    // The draw reached both sides of the radius and the search beyond it.
    CHECK(compared > 100);
    CHECK(beyond > 5);
    CHECK(far > 5);
}

// Every commune of a territory, every subject, compared: around a dense city the circles hold
// whole nodes of the tree, counted from their tallies, and the nearest taken inside them.
void compare_all(const Index& index, const std::vector<Offer>& offers, const CoverageQuery& q) {
    const Gazetteer& g = testing::real_gazetteer();
    const CoverageReport report = index.coverage(q);
    const size_t subjects = report.subjects.size();
    std::vector<std::vector<const Offer*>> scanned;
    for (const std::string& subject : report.subjects)
        scanned.push_back(candidates(offers, subject, q.filters));
    size_t within = 0;
    for (const CommuneCoverage& row : report.communes) {
        const size_t j = static_cast<size_t>(&row - report.communes.data()) % subjects;
        INFO("commune " << row.code << ", subject " << row.subject);
        const Expected e = brute_force(scanned[j], g, row.commune, q.radius_km);
        CHECK(row.within_radius == e.within);
        CHECK(row.in_commune == e.in_commune);
        CHECK(row.remote == e.remote);
        REQUIRE(std::isfinite(e.nearest) == bool(row.nearest_km));
        if (row.nearest_km) CHECK(*row.nearest_km == Approx(e.nearest).margin(1e-6));
        within += e.within;
    }
    CHECK(within > 10000);  // the circles held thousands of offers each
}

}  // namespace

TEST_CASE("Coverage around Paris, whole nodes counted at once, equals brute force", "[oracle]") {
    CoverageQuery q;
    q.territory = {Territory::Kind::departement, {"75", "92", "93", "94"}};
    q.radius_km = 15;
    SECTION("the 16 categories") {
        compare_all(generated().index, generated().catalogue.offers, q);
    }
    SECTION("a category and a thématique, for a public") {
        q.subjects = {"mobilite", "trouver-un-emploi--faire-des-candidatures-spontanees"};
        q.filters.publics = {"jeunes"};
        compare_all(generated().index, generated().catalogue.offers, q);
    }
}

TEST_CASE("Coverage of a generated catalogue equals brute force for random communes", "[oracle]") {
    compare_random(generated().index, generated().catalogue.offers, 17, 25);
}

TEST_CASE("Coverage of the real catalogues equals brute force for random communes", "[oracle]") {
    compare_random(real().index, real().offers, 23, 40);
}

TEST_CASE("With a person, the nearest offer is the first a search for them returns", "[oracle]") {
    const Index& index = generated().index;
    const Gazetteer& g = testing::real_gazetteer();
    std::mt19937_64 rng(5);
    const std::vector<std::string> departements{"23", "77", "13", "2A", "974"};
    const std::vector<std::string> statuses{"rsa", "rqth", "deld", "refugie"};
    size_t compared = 0;
    for (int round = 0; round < 10; ++round) {
        CoverageQuery q;
        q.territory = {Territory::Kind::departement, {pick(rng, departements)}};
        q.subjects = {pick(rng, Taxonomy::builtin().categories().codes()).code};
        Profile person;
        person.age = std::uniform_int_distribution<int>(16, 70)(rng);
        person.statuses = {pick(rng, statuses)};
        q.filters.profile = person;
        q.filters.today = Date{2026, 12, 7};
        const CoverageReport report = index.coverage(q);
        for (int sample = 0; sample < 5; ++sample) {
            const CommuneCoverage& row = pick(rng, report.communes);
            Query search;
            search.place = "insee:" + row.code;
            search.radius_km = 300;
            search.thematiques = q.subjects;
            search.remote = Remote::exclude;
            search.sort = SortOrder::distance;
            search.profile = person;
            search.profile->lives_in = "insee:" + row.code;
            search.today = q.filters.today;
            search.limit = 1;
            const Results found = index.search(search);
            INFO("round " << round << ", commune " << row.code << " ("
                          << g.commune(row.commune).name << "), subject " << row.subject);
            if (found.hits.empty() || !found.hits[0].distance_km) {
                CHECK((!row.nearest_km || *row.nearest_km > 300));
                continue;
            }
            REQUIRE(row.nearest_km);
            // Hits give distances to a tenth of a kilometre.
            CHECK(*row.nearest_km == Approx(*found.hits[0].distance_km).margin(0.051));
            ++compared;
        }
    }
    CHECK(compared > 20);
}
