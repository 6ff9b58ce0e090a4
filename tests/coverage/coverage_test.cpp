// Coverage on a few hand-made offers around Melun, whose every figure can be checked by hand:
// the territory's communes, the aggregation (population-weighted percentiles, places, the offer
// side), the area table's columns, and the queries refused.

#include "cartoffre/coverage.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "cartoffre/error.hpp"
#include "coverage/aggregate.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;

namespace {

Offer offer(const std::string& id, const std::string& theme, double lat, double lon) {
    Offer o;
    o.id = "main--" + id;
    o.source = "main";
    o.nom = id;
    o.thematiques = {theme};
    o.modes_accueil = {"en-presentiel"};
    o.latitude = lat;
    o.longitude = lon;
    o.code_insee = "77288";  // Melun
    return o;
}

// Three mobility offers at Melun's centre (one full, one with free places), a job offer in
// Fontainebleau open to Seine-et-Marne only, a remote one open to Essonne only.
struct Fixture {
    testing::TempDir dir{"coverage"};
    Index index = build();

    static Index build(const std::filesystem::path& path) {
        std::vector<Offer> offers{offer("a", "mobilite--financer-ma-mobilite", 48.5422, 2.6554),
                                  offer("b", "mobilite--acceder-a-un-vehicule", 48.5423, 2.6555),
                                  offer("c", "mobilite--acceder-a-un-vehicule", 48.5424, 2.6556)};
        offers[0].criteria.places_total = 10;
        offers[0].criteria.places_free = 0;
        offers[1].criteria.places_total = 20;
        offers[1].criteria.places_free = 5;
        Offer job =
            offer("job", "trouver-un-emploi--repondre-a-des-offres-demploi", 48.4047, 2.7016);
        job.code_insee = "77186";
        job.zone_eligibilite = {"77"};
        offers.push_back(job);
        Offer remote =
            offer("remote", "trouver-un-emploi--repondre-a-des-offres-demploi", 48.6, 2.4);
        remote.modes_accueil = {"a-distance"};
        remote.zone_eligibilite = {"91"};
        offers.push_back(remote);
        BuildOptions options;
        options.gazetteer = &testing::real_gazetteer();
        const BuildReport report = Index::build(path, offers, options);
        REQUIRE(report.loaded == offers.size());
        return Index::open(path);
    }

  private:
    Index build() { return build(dir.path()); }
};

CoverageQuery melun_and_fontainebleau() {
    CoverageQuery q;
    q.territory = {Territory::Kind::communes, {"77288", "77186"}};
    q.subjects = {"mobilite", "trouver-un-emploi"};
    return q;
}

}  // namespace

TEST_CASE("Each commune gets its nearest offer, counts within the radius and remote offers",
          "[coverage]") {
    Fixture f;
    const CoverageReport r = f.index.coverage(melun_and_fontainebleau());
    REQUIRE(r.subjects == std::vector<std::string>{"mobilite", "trouver-un-emploi"});
    REQUIRE(r.communes.size() == 4);
    const CommuneCoverage& melun_mobility = r.communes[2];  // 77186 comes before 77288
    CHECK(melun_mobility.code == "77288");
    CHECK(melun_mobility.within_radius == 3);
    CHECK(melun_mobility.in_commune == 3);
    CHECK(melun_mobility.nearest_id == "main--a");
    CHECK(*melun_mobility.nearest_km < 0.05);
    const CommuneCoverage& fontainebleau_job = r.communes[1];
    CHECK(fontainebleau_job.code == "77186");
    CHECK(fontainebleau_job.nearest_id == "main--job");
    CHECK(fontainebleau_job.in_commune == 1);
    CHECK(fontainebleau_job.remote == 0);  // open to Essonne only
    const CommuneCoverage& fontainebleau_mobility = r.communes[0];
    CHECK(*fontainebleau_mobility.nearest_km ==
          Approx(distance_km({48.4236, 2.6817}, {48.5422, 2.6554})).epsilon(1e-6));
}

TEST_CASE("An offer restricted to other residents is neither near nor counted", "[coverage]") {
    Fixture f;
    CoverageQuery q = melun_and_fontainebleau();
    q.territory = {Territory::Kind::communes, {"91228"}};  // Évry-Courcouronnes, in Essonne
    q.radius_km = 40;
    const CoverageReport r = f.index.coverage(q);
    const CommuneCoverage& job = r.communes[1];
    CHECK(job.subject == "trouver-un-emploi");
    CHECK(job.within_radius == 0);  // the job offer is for Seine-et-Marne
    CHECK_FALSE(job.nearest_km);
    CHECK(job.remote == 1);  // the remote one is for Essonne
    CHECK(r.communes[0].within_radius == 3);
}

TEST_CASE("Areas weigh distances by population and add up places where they are known",
          "[coverage]") {
    Fixture f;
    CoverageQuery q = melun_and_fontainebleau();
    q.radius_km = 5;
    q.by = AreaLevel::departement;
    const CoverageReport r = f.index.coverage(q);
    REQUIRE(r.areas.size() == 2);
    const AreaCoverage& mobility = r.areas[0];
    CHECK(mobility.level == "departement");
    CHECK(mobility.code == "77");
    CHECK(mobility.name == "Seine-et-Marne");
    CHECK(mobility.communes == 2);
    // Fontainebleau's centre is 13 km from Melun's offers: beyond 5 km.
    CHECK(mobility.communes_beyond == 1);
    CHECK(mobility.population_beyond == 15583);
    CHECK(mobility.population == 15583 + 45995);
    CHECK(*mobility.median_km < 0.05);  // Melun's 45,995 inhabitants are the majority
    CHECK(*mobility.p90_km == Approx(13.3).margin(0.1));  // Fontainebleau's are the last 25 %
    CHECK(mobility.offers == 3);
    CHECK(mobility.offers_per_10000 == Approx(3 * 10000.0 / (15583 + 45995)));
    CHECK(mobility.offers_with_places == 2);
    CHECK(mobility.places_total == 30);
    CHECK(mobility.places_free == 5);
    CHECK(*mobility.free_share == Approx(5.0 / 30));
    REQUIRE(r.offer_side.size() == 1);
    const AreaOffers& side = r.offer_side[0];
    CHECK(side.offers == 4);
    size_t zero = 0;
    for (size_t k = 0; k < r.categories.size(); ++k) {
        if (r.categories[k] == "mobilite") CHECK(side.by_category[k] == 3);
        zero += side.by_category[k] == 0;
    }
    CHECK(zero == 14);
    CHECK(r.totals.size() == 2);
    CHECK(r.totals[0].level == "territoire");
}

TEST_CASE("A weighted quantile is the least value whose weight reaches the share", "[coverage]") {
    using detail::weighted_quantile;
    CHECK(*weighted_quantile({{1, 10}, {5, 10}, {9, 80}}, 0.5) == 9);
    CHECK(*weighted_quantile({{1, 10}, {5, 10}, {9, 80}}, 0.2) == 5);
    CHECK(*weighted_quantile({{9, 80}, {1, 10}, {5, 10}}, 0.1) == 1);
    CHECK(*weighted_quantile({{1, 0}, {3, 0}}, 0.5) == 1);  // no population: unweighted
    CHECK_FALSE(weighted_quantile({{1, 10}, {HUGE_VAL, 90}}, 0.5));
    CHECK_FALSE(weighted_quantile({}, 0.5));
}

TEST_CASE("Paris is covered by arrondissement, and France counts each commune once", "[coverage]") {
    Fixture f;
    CoverageQuery q;
    q.territory = {Territory::Kind::communes, {"75056"}};
    q.subjects = {"mobilite"};
    const CoverageReport paris = f.index.coverage(q);
    CHECK(paris.communes.size() == 20);
    CHECK(paris.communes[0].code == "75101");
    q.territory = {Territory::Kind::france, {}};
    const CoverageReport france = f.index.coverage(q);
    long population = 0;
    for (uint32_t c = 0; c < testing::real_gazetteer().size(); ++c) {
        const Commune commune = testing::real_gazetteer().commune(c);
        if (commune.type == "commune-actuelle") population += commune.population;
    }
    CHECK(france.totals[0].population == population);  // arrondissements sum to their commune
}

TEST_CASE("An area table is read by INSEE's column names or by position", "[coverage]") {
    testing::TempDir dir("coverage-table");
    const auto insee = dir.path() / "ze.csv";
    std::ofstream(insee) << "LIBGEO;CODGEO;ZE2020;LIBZE2020\nMelun;77288;1109;Melun\n"
                            "Ain;1001;8201;Bourg\n";
    const AreaTable t = AreaTable::load(insee);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0].commune == "77288");
    CHECK(t.rows[0].area == "1109");
    CHECK(t.rows[0].name == "Melun");
    CHECK(t.rows[0].line == 2);
    CHECK(t.rows[1].commune == "01001");  // the zero a spreadsheet dropped
    const auto plain = dir.path() / "plain.csv";
    std::ofstream(plain) << "c,z\n77288,nord\n";
    const AreaTable p = AreaTable::load(plain);
    CHECK(p.rows.at(0).area == "nord");
    CHECK(p.rows.at(0).name.empty());
    const auto narrow = dir.path() / "narrow.csv";
    std::ofstream(narrow) << "commune\n77288\n";
    CHECK_THROWS_AS(AreaTable::load(narrow), DataError);
}

TEST_CASE("Queries a coverage cannot answer are refused with what is wrong", "[coverage]") {
    Fixture f;
    CoverageQuery q = melun_and_fontainebleau();
    q.filters.place = "Melun";
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
    q = melun_and_fontainebleau();
    q.filters.text = "permis";
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
    q = melun_and_fontainebleau();
    q.filters.thematiques = {"mobilite"};
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
    q = melun_and_fontainebleau();
    q.radius_km = 0;
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
    q = melun_and_fontainebleau();
    q.by = AreaLevel::table;
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
    q = melun_and_fontainebleau();
    q.subjects = {"mobilte"};
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
    q = melun_and_fontainebleau();
    q.territory = {Territory::Kind::departement, {"100"}};
    CHECK_THROWS_WITH(f.index.coverage(q), "département inconnu : « 100 »");
    q.territory = {Territory::Kind::communes, {"77166"}};  // Écuelles, delegated
    CHECK_THROWS_AS(f.index.coverage(q), PlaceError);
    q.territory = {Territory::Kind::epci, {}};
    CHECK_THROWS_AS(f.index.coverage(q), QueryError);
}
