// The DILA directory of local public services (62,138 points, 2016) through its mapping
// (data/mappings/dila_annuaire.json), written in the mapping language alone: exact counts, its
// crosswalk checked against the code lists, and searches a caseworker makes on the index.

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

struct Directory {
    LoadResult loaded = load();
    testing::TempDir dir{"dila"};
    Index index = build();

  private:
    static LoadResult load() {
        const Mapping mapping = Mapping::load(mappings / "dila_annuaire.json");
        return load_catalogue(mapping, shared_data_dir() / mapping.default_input(),
                              testing::real_gazetteer(), Taxonomy::builtin());
    }
    Index build() {
        BuildOptions options;
        options.gazetteer = &testing::real_gazetteer();
        REQUIRE(Index::build(dir.path(), loaded.offers, options).rejected == 0);
        return Index::open(dir.path());
    }
};

const Directory& directory() {
    static const Directory d;
    return d;
}

// The directory's hits of a search, by id.
std::map<std::string, Hit> hits(const std::string& place, double radius_km) {
    Query q;
    q.place = place;
    q.radius_km = radius_km;
    q.limit = 10000;
    std::map<std::string, Hit> out;
    for (auto& h : directory().index.search(q).hits) out.emplace(h.offer.id, h);
    return out;
}

// The crosswalk's rows: type -> column -> cell.
std::map<std::string, std::map<std::string, std::string>> crosswalk() {
    std::ifstream in(mappings / "dila_types.tsv");
    REQUIRE(in);
    std::vector<std::string> header;
    std::map<std::string, std::map<std::string, std::string>> rows;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells;
        std::istringstream split(line);
        for (std::string cell; std::getline(split, cell, '\t');) cells.push_back(cell);
        if (line.back() == '\t') cells.emplace_back();
        if (header.empty()) {
            header = cells;
            continue;
        }
        REQUIRE(cells.size() == header.size());
        for (size_t c = 1; c < cells.size(); ++c) rows[cells[0]][header[c]] = cells[c];
    }
    return rows;
}

// The first column of a data·inclusion v1 seeds list (value,label,description).
std::set<std::string> seed_codes(const std::string& name) {
    std::ifstream in(shared_data_dir() / "taxonomies" / "data-inclusion-seeds" / name);
    REQUIRE(in);
    std::set<std::string> codes;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line))
        if (!line.empty()) codes.insert(line.substr(0, line.find(',')));
    return codes;
}

}  // namespace

TEST_CASE("The DILA directory loads with the exact counts, its other bodies out of scope") {
    const LoadReport& r = directory().loaded.report;
    CHECK(r.read == 62138);
    CHECK(r.loaded == 11136);
    CHECK(r.rejected == 0);
    CHECK(r.out_of_scope == 51002);
    CHECK(r.read == r.loaded + r.out_of_scope + r.rejected);
    REQUIRE(r.out_of_scope_values.size() == 70);  // the 99 types less the 29 of the crosswalk
    CHECK(r.out_of_scope_values[0].value == "mairie");
    CHECK(r.out_of_scope_values[0].rows == 36192);
    CHECK(r.out_of_scope_values[1].value == "gendarmerie");
    CHECK(r.out_of_scope_values[1].rows == 3289);
    // Wrong geocodes among the bodies kept (of the 489 rows over 30 km from their commune in
    // the whole file): at their commune's centre, flagged approximate.
    CHECK(r.moved_to_commune_centre == 96);
    CHECK(r.placed_at_commune_centre == 85);
    size_t approximate = 0;
    for (auto& o : directory().loaded.offers) approximate += o.location_approximate;
    CHECK(approximate == 96 + 85);
}

TEST_CASE("Every crosswalk row maps to existing codes, and the filter keeps exactly its types") {
    const Taxonomy& t = Taxonomy::builtin();
    const auto rows = crosswalk();
    const std::set<std::string> v1_thematiques = seed_codes("v1__thematiques_v1.csv");
    const std::set<std::string> v1_publics = seed_codes("v1__publics_v1.csv");
    const std::set<std::string> v1_types = seed_codes("v1__types_de_services_v1.csv");
    auto codes = [](const std::string& cell) {
        std::vector<std::string> out;
        std::istringstream split(cell);
        for (std::string code; std::getline(split, code, ';');)
            if (!code.empty()) out.push_back(code);
        return out;
    };
    for (auto& [type, cells] : rows) {
        INFO(type);
        CHECK_FALSE(codes(cells.at("thematiques")).empty());
        for (auto& code : codes(cells.at("thematiques"))) {
            CHECK(t.thematiques().find(code));
            CHECK(v1_thematiques.count(code));
        }
        for (auto& code : codes(cells.at("publics"))) {
            CHECK(t.publics().find(code));
            CHECK(v1_publics.count(code));
        }
        REQUIRE(codes(cells.at("type")).size() == 1);
        CHECK(t.types().find(cells.at("type")));
        CHECK(v1_types.count(cells.at("type")));
        for (auto& code : codes(cells.at("frais"))) CHECK(t.frais().find(code));
        for (auto& zone : codes(cells.at("zone_eligibilite")))
            CHECK((zone == "departement:{code_insee}" || zone == "region:{code_insee}"));
        CHECK_FALSE(cells.at("note").empty());
    }
    // The row filter keeps the crosswalk's types, no more, no fewer, and each is in the file.
    std::ifstream in(mappings / "dila_annuaire.json");
    const nlohmann::json mapping = nlohmann::json::parse(in);
    std::set<std::string> kept, listed;
    for (auto& type : mapping["rows"][0]["keep"]) kept.insert(type.get<std::string>());
    for (auto& [type, cells] : rows) listed.insert(type);
    CHECK(kept == listed);
    std::set<std::string> loaded;
    for (auto& o : directory().loaded.offers)
        loaded.insert(o.id.substr(o.id.find("--") + 2,
                                  o.id.find('-', o.id.find("--") + 2) - o.id.find("--") - 2));
    CHECK(loaded == listed);
    // No warning of the crosswalk: every kept row's type is in it, every code known.
    for (auto& issue : directory().loaded.report.issues) {
        INFO(issue.field << " " << issue.value << " " << issue.reason);
        CHECK(issue.field != "type");
        CHECK(issue.field != "thematiques");
        CHECK(issue.field != "publics");
        CHECK(issue.field != "zone_eligibilite");
    }
}

TEST_CASE("Phones as the project writes them, the 2016 date kept, départements as zones") {
    const Offer* platform = nullptr;
    const Offer* caf = nullptr;
    for (auto& o : directory().loaded.offers) {
        if (o.id == "dila-annuaire--accompagnement_personnes_agees-01322-01") platform = &o;
        if (o.id == "dila-annuaire--caf-77288-01") caf = &o;
    }
    REQUIRE(platform);
    CHECK(platform->telephone == "04 74 00 85 01");  // "+33 4 74 00 85 01" in the file
    CHECK(platform->date_maj == "2015-04-30");
    CHECK(platform->zone_eligibilite.empty());
    REQUIRE(caf);
    CHECK(caf->telephone == "08 10 25 77 10");
    CHECK(caf->zone_eligibilite == std::vector<std::string>{"77"});
    CHECK(caf->type == "aide-financiere");
    // The index keeps the date: the quality score sees its age.
    const auto indexed = directory().index.get("dila-annuaire--caf-77288-01");
    REQUIRE(indexed);
    CHECK(indexed->date_maj == "2016-02-08");
}

TEST_CASE("A mission locale is found within 15 km of Roubaix, a PMI near Lille") {
    const auto roubaix = hits("Roubaix", 15);
    size_t missions = 0;
    for (auto& [id, hit] : roubaix)
        if (id.rfind("dila-annuaire--mission_locale-", 0) == 0) {
            ++missions;
            REQUIRE(hit.distance_km);
            CHECK(*hit.distance_km <= 15.0);
        }
    CHECK(missions >= 3);
    CHECK(roubaix.count("dila-annuaire--mission_locale-59512-01"));  // Mission locale de Roubaix
    const auto lille = hits("Lille", 5);
    CHECK(lille.count("dila-annuaire--pmi-59350-03"));  // PMI, UTPAS de Lille Moulin
    const auto& pmi = lille.at("dila-annuaire--pmi-59350-03").offer;
    CHECK(std::find(pmi.publics.begin(), pmi.publics.end(), "familles") != pmi.publics.end());
}

TEST_CASE("The CAF of Seine-et-Marne is found 40 km away in its département, not from the next") {
    const std::string melun = "dila-annuaire--caf-77288-01";  // its seat
    // Chelles (77) is 40.4 km from it, Étampes (91) 38.6 km: both inside a 45 km radius.
    const auto chelles = hits("Chelles (77)", 45);
    REQUIRE(chelles.count(melun));
    CHECK(*chelles.at(melun).distance_km == Approx(40.4).margin(1.0));
    const auto etampes = hits("Étampes", 45);
    CHECK_FALSE(etampes.count(melun));
    // Étampes still finds its own département's CAF, and no other département's.
    size_t own = 0;
    for (auto& [id, hit] : etampes) {
        if (id.rfind("dila-annuaire--caf-", 0) != 0) continue;
        CHECK(hit.offer.zone_eligibilite == std::vector<std::string>{"91"});
        ++own;
    }
    CHECK(own >= 1);
    // Bodies without a zone (a PMI of Seine-et-Marne) are found across the border as before.
    bool pmi_77 = false;
    for (auto& [id, hit] : etampes) pmi_77 = pmi_77 || id.rfind("dila-annuaire--pmi-77", 0) == 0;
    CHECK(pmi_77);
}
