// One validation path for every input: data·inclusion v1 catalogues are checked as a
// mapping's rows are (places against their commune, unknown codes dropped, a report), and the
// real catalogues' geocodes far from their commune are counted.

#include <catch2/catch.hpp>
#include <fstream>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

fs::path write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

const LoadIssue* issue_of(const LoadReport& r, const std::string& id, const std::string& field) {
    for (auto& i : r.issues)
        if (i.source_id == id && i.field == field) return &i;
    return nullptr;
}

}  // namespace

TEST_CASE("v1 services are checked as mapped rows: places, codes, a report") {
    testing::TempDir dir("v1-checks");
    // Six structures of Nice (06088) geocoded as real files have them: right, at 0,0, swapped,
    // in the USA, 685 km away (in Brittany), and one with a bad value.
    const fs::path structures = write(dir.path() / "structures.json", R"([
      {"id": "s-ok", "source": "t", "nom": "Bon", "date_maj": "2024-01-01", "code_insee": "06088",
       "latitude": 43.7031, "longitude": 7.2661},
      {"id": "s-zero", "source": "t", "nom": "Zero", "date_maj": "2024-01-01",
       "code_insee": "06088", "latitude": 0, "longitude": 0},
      {"id": "s-swap", "source": "t", "nom": "Swap", "date_maj": "2024-01-01",
       "code_insee": "06088", "latitude": 7.2661, "longitude": 43.7031},
      {"id": "s-usa", "source": "t", "nom": "USA", "date_maj": "2024-01-01",
       "code_insee": "06088", "latitude": 40.7128, "longitude": -74.006},
      {"id": "s-far", "source": "t", "nom": "Far", "date_maj": "2024-01-01",
       "code_insee": "06088", "latitude": 48.11, "longitude": -1.68},
      {"id": "s-bad", "source": "t", "nom": "Bad", "date_maj": "2024-01-01",
       "latitude": "quarante"}
    ])");
    auto service = [](const std::string& id, const std::string& structure,
                      const std::string& extra = "") {
        return R"({"id": ")" + id + R"(", "source": "t", "structure_id": ")" + structure +
               R"(", "nom": "Service )" + id +
               R"(", "description": "d", "date_maj": "2024-01-01",
                 "thematiques": ["mobilite--acceder-a-un-vehicule")" +
               extra + "]}";
    };
    const fs::path services = write(
        dir.path() / "services.json",
        "[" + service("ok", "s-ok", R"(, "mobilite--voler")") + "," + service("zero", "s-zero") +
            "," + service("swap", "s-swap") + "," + service("usa", "s-usa") + "," +
            service("far", "s-far") + "," + service("bad", "s-bad") + "," +
            service("orphan", "s-none") + "," + service("ok", "s-ok") + "]");
    const CatalogueLoad loaded = load_data_inclusion_v1(
        structures, services, testing::real_gazetteer(), Taxonomy::builtin());
    const LoadReport& r = loaded.report;
    CHECK(r.read == 8);
    CHECK(r.loaded == 5);
    CHECK(r.rejected == 3);  // its structure rejected, no structure, the same id twice
    CHECK(r.read == r.loaded + r.rejected);
    CHECK(r.moved_to_commune_centre == 1);
    CHECK(r.placed_at_commune_centre == 2);  // 0,0 and the USA dropped
    const auto nice = testing::real_gazetteer().find_code("06088");
    const LatLon centre = *testing::real_gazetteer().commune(*nice).centre;
    for (const Offer& o : loaded.catalogue.offers) {
        INFO(o.id);
        REQUIRE(o.location());
        CHECK(distance_km(*o.location(), centre) < 5);
        CHECK(o.location_approximate == (o.id != "ok" && o.id != "swap"));
    }
    // The unknown code is dropped and warned; the offer stays.
    REQUIRE(issue_of(r, "ok", "thematiques"));
    CHECK(issue_of(r, "ok", "thematiques")->value == "mobilite--voler");
    CHECK(loaded.catalogue.offers.at(0).thematiques ==
          std::vector<std::string>{"mobilite--acceder-a-un-vehicule"});
    CHECK(issue_of(r, "zero", "latitude/longitude"));
    CHECK(issue_of(r, "usa", "latitude/longitude"));
    CHECK(issue_of(r, "far", "latitude/longitude"));
    CHECK(issue_of(r, "s-bad", "structure"));
    CHECK(issue_of(r, "bad", "structure_id"));
    CHECK(issue_of(r, "orphan", "structure_id"));

    // Indexed, a 5 km search around Nice lists them all within 5 km (they were listed 685 to
    // 6,709 km away when the v1 path skipped these checks).
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    const BuildReport built = Index::build(dir.path() / "index", loaded.catalogue.offers, options);
    CHECK(built.rejected == 0);
    const Index index = Index::open(dir.path() / "index");
    Query q;
    q.point = centre;
    q.radius_km = 5;
    const Results results = index.search(q);
    CHECK(results.total == 5);
    for (auto& h : results.hits) {
        REQUIRE(h.distance_km);
        CHECK(*h.distance_km <= 5);
    }
}

TEST_CASE("Real geocodes far from their commune are moved to its centre, and counted") {
    struct Expected {
        const char* mapping;
        size_t moved;
    };
    // Measured with the tolerance of offer_checks.cpp (30 km; Arles, Saintes-Maries 45;
    // Guyane 120).
    const Expected expected[] = {
        {"siae.json", 8},
        {"prescribers.json", 3},
        {"pole_emploi.json", 2},
        {"france_services.json", 2},
        {"mednum.json", 11},
        {"conseillers_numeriques.json", 13},
        {"soliguide.json", 0},
        {"data_inclusion_services.json", 1},
        {"soliguide_lieux.json", 0},
        {"dila_annuaire.json", 96},  // of its 11,136 bodies kept (489 in the whole file)
    };
    for (const Expected& e : expected) {
        INFO(e.mapping);
        const Mapping m = Mapping::load(mappings / e.mapping);
        const LoadResult r = load_catalogue(m, shared_data_dir() / m.default_input(),
                                            testing::real_gazetteer(), Taxonomy::builtin());
        CHECK(r.report.moved_to_commune_centre == e.moved);
        size_t approximate = 0;
        for (auto& o : r.offers) approximate += o.location_approximate;
        CHECK(approximate == r.report.moved_to_commune_centre + r.report.placed_at_commune_centre);
    }
    // The DILA directory of public services (62,138 rows; no mapping of its own in
    // data/mappings: one written here for its columns).
    testing::TempDir dir("dila");
    const fs::path dila = write(dir.path() / "dila.json", R"({"source": "dila",
        "read": {"format": "csv"}, "id": "{id}",
        "fields": {"nom": "{nom}", "code_insee": "{code_insee}", "adresse": "{adresse}",
                   "code_postal": "{code_postal}", "commune": "{commune}"},
        "coordinates": {"latitude": "latitude", "longitude": "longitude"}})");
    const LoadResult r = load_catalogue(
        Mapping::load(dila),
        shared_data_dir() / "catalogues" / "annuaire_services_publics_dila_2016.csv.gz",
        testing::real_gazetteer(), Taxonomy::builtin());
    CHECK(r.report.read == 62138);
    // 489 rows: the ~236 geocoded hundreds of km away, and those of 30 to 200 km (a town hall
    // of Blet, a 30 km² commune, 31 km from it; police stations of Châtellerault in Poitiers).
    CHECK(r.report.moved_to_commune_centre == 489);
}
