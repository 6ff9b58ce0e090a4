// Loading the real partner catalogues through their mappings (data/mappings/, files read in
// place from the shared data), and broken files made here: exact counts, known rows, clear
// errors, nothing lost.

#include "cartoffre/loader.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "cartoffre/error.hpp"
#include "cartoffre/hours.hpp"
#include "cartoffre/index.hpp"
#include "load/mapping_rules.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

LoadResult load(const std::string& mapping_file) {
    const Mapping mapping = Mapping::load(mappings / mapping_file);
    return load_catalogue(mapping, shared_data_dir() / mapping.default_input(),
                          testing::real_gazetteer(), Taxonomy::builtin());
}

const Offer* find(const LoadResult& r, const std::string& id) {
    for (auto& o : r.offers)
        if (o.id == id) return &o;
    return nullptr;
}

// The same mapping without its row filters: every row whatever its status (Soliguide's drafts
// hold the export's richest records).
LoadResult load_every_row(const std::string& mapping_file, const testing::TempDir& dir) {
    std::ifstream in(mappings / mapping_file);
    nlohmann::json doc = nlohmann::json::parse(in);
    doc.erase("rows");
    const fs::path copy = dir.path() / mapping_file;
    std::ofstream(copy) << doc.dump();
    const Mapping mapping = Mapping::load(copy);
    return load_catalogue(mapping, shared_data_dir() / mapping.default_input(),
                          testing::real_gazetteer(), Taxonomy::builtin());
}

struct Counts {
    const char* mapping;
    size_t read, loaded, warned, rejected, out_of_scope;
};

}  // namespace

TEST_CASE("Every real catalogue loads through its mapping with the exact counts") {
    // Measured on the files of ../shared/data/catalogues; warnings are the real rows' faults
    // (no coordinates, hours not understood, coordinates far from their commune (fewer since
    // Guyane's huge communes are allowed 120 km from their centre), one mednum
    // address in UTF-8 read twice: "NÂ° 11A", record 680, also joined to one v0 service).
    // Soliguide's drafts, offline and closed places (113) are out of scope; the DILA
    // directory's bodies outside the offre d'insertion (51,002) too.
    const Counts expected[] = {
        {"siae.json", 3853, 3853, 41, 0, 0},
        {"prescribers.json", 1003, 1003, 6, 0, 0},
        {"pole_emploi.json", 959, 959, 2, 0, 0},
        {"france_services.json", 2683, 2683, 45, 0, 0},
        {"mednum.json", 3811, 3811, 501, 0, 0},
        {"conseillers_numeriques.json", 4930, 4930, 90, 0, 0},
        {"soliguide.json", 142, 29, 2, 0, 113},
        // 3,640 v0 services have no structure in the mednum file: no place, warned.
        {"data_inclusion_services.json", 4261, 4261, 3654, 0, 0},
        {"soliguide_lieux.json", 142, 29, 2, 0, 113},
        {"dila_annuaire.json", 62138, 11136, 186, 0, 51002},
    };
    for (const Counts& c : expected) {
        INFO(c.mapping);
        const LoadResult r = load(c.mapping);
        CHECK(r.report.read == c.read);
        CHECK(r.report.loaded == c.loaded);
        CHECK(r.report.warned == c.warned);
        CHECK(r.report.rejected == c.rejected);
        CHECK(r.report.out_of_scope == c.out_of_scope);
        CHECK(r.report.read == r.report.loaded + r.report.out_of_scope + r.report.rejected);
        CHECK(r.offers.size() == r.report.loaded);
    }
}

TEST_CASE("A named SIAE of Romainville is found within 1 km of its coordinates") {
    const LoadResult r = load("siae.json");
    testing::TempDir dir("loader-siae");
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    REQUIRE(Index::build(dir.path(), r.offers, options).rejected == 0);
    const Index index = Index::open(dir.path());
    Query q;
    q.point = LatLon{48.88053, 2.431955};  // its row: BALUCHON A TABLE CITOYENS, Romainville
    q.radius_km = 1;
    q.limit = 100;
    bool found = false;
    for (auto& h : index.search(q).hits)
        found = found || (h.offer.structure_nom == "BALUCHON A TABLE CITOYENS" &&
                          h.offer.commune == "Romainville");
    CHECK(found);
    const Offer* baluchon = find(r, "siae--80746931700018-EI");
    REQUIRE(baluchon);
    CHECK(baluchon->code_insee == "93063");  // placed by postcode: Romainville
    CHECK(baluchon->nom == "Baluchon-À table citoyens");
}

TEST_CASE("The decimal-comma Pôle emploi file gives correct coordinates") {
    const LoadResult r = load("pole_emploi.json");
    const Offer* defense = find(r, "pole-emploi-2019--PES0001005145");
    REQUIRE(defense);
    CHECK(*defense->latitude == Approx(48.909987).margin(1e-9));
    CHECK(*defense->longitude == Approx(2.233133).margin(1e-9));
    CHECK(defense->code_insee == "92025");  // Colombes, by its postcode
}

TEST_CASE("France services day columns become one opening-hours rule") {
    const LoadResult r = load("france_services.json");
    const Offer* valserhone = find(r, "france-services--1");
    REQUIRE(valserhone);
    const HoursParse hours = OpeningHours::parse(valserhone->horaires_accueil);
    REQUIRE(hours.hours);
    CHECK(hours.hours->open_at({Date{2026, 11, 24}, 14 * 60}));             // Tuesday 14:00
    CHECK_FALSE(hours.hours->open_at({Date{2026, 11, 27}, 16 * 60 + 30}));  // Friday 16:30
    CHECK_FALSE(hours.hours->open_at({Date{2026, 11, 28}, 10 * 60}));       // Saturday
}

TEST_CASE("Rows without coordinates are placed at their commune's centre and flagged") {
    const LoadResult r = load("mednum.json");
    CHECK(r.report.placed_at_commune_centre == 420);
    size_t approximate = 0;
    for (auto& o : r.offers) approximate += o.location_approximate;
    CHECK(r.report.moved_to_commune_centre == 11);  // geocodes far from their commune
    CHECK(approximate == 431);
}

TEST_CASE("data·inclusion v0 services get v1 codes and their structure's place") {
    const LoadResult r = load("data_inclusion_services.json");
    // A dora service joined to its structure in the mednum file (Saint-Denis, La Réunion).
    const Offer* webcup = find(r, "data-inclusion-v0--dora-469a6421-43c3-4d29-ab08-1344201656ee");
    REQUIRE(webcup);
    CHECK(webcup->nom == "Accompagnement démarches en ligne");
    CHECK(webcup->structure_nom == "WEBCUP CAMPUS SAINT-DENIS");
    CHECK(webcup->code_insee == "97411");
    CHECK(*webcup->latitude == Approx(-20.880783).margin(1e-9));
    CHECK(webcup->telephone == "02 62 79 00 49");  // "0262790049" in the file
    CHECK(webcup->type == "formation");  // the first of formation, numerique, accompagnement...
    const std::vector<std::string> themes = {
        "numerique--acceder-a-des-services-en-ligne",
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acquerir-un-equipement",
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "sante--acces-aux-soins",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"};
    CHECK(std::set<std::string>(webcup->thematiques.begin(), webcup->thematiques.end()) ==
          std::set<std::string>(themes.begin(), themes.end()));
    // A mes-aides service tagged with the bare v0 category: every v1 mobility sub-theme, and
    // no place (its structure is not in the mednum file).
    const Offer* repair = find(r, "data-inclusion-v0--mes-aides-rec0FfCTvBvGrQf9F-réparation");
    REQUIRE(repair);
    CHECK(repair->thematiques.size() == 6);
    CHECK(repair->type == "aide-materielle");
    CHECK_FALSE(repair->latitude);
    size_t v1_only = 0;
    for (auto& o : r.offers)
        for (auto& t : o.thematiques) v1_only += Taxonomy::builtin().thematiques().find(t) ? 1 : 0;
    size_t all = 0;
    for (auto& o : r.offers) all += o.thematiques.size();
    CHECK(v1_only == all);
}

TEST_CASE("Soliguide's raw export: nested fields, services and time slots") {
    // Every place, drafts included (the real mapping leaves them out of scope).
    testing::TempDir dir("loader-soliguide");
    const LoadResult r = load_every_row("soliguide_lieux.json", dir);
    const Offer* first = find(r, "soliguide-lieux--1");
    REQUIRE(first);
    CHECK(*first->latitude == Approx(48.8634914).margin(1e-9));
    CHECK(*first->longitude == Approx(2.3525585).margin(1e-9));
    CHECK(first->code_postal == "75003");
    CHECK(first->type == "aide-materielle");
    CHECK(first->thematiques ==
          std::vector<std::string>{
              "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"});
    CHECK(first->frais == "gratuit");
    const HoursParse always = OpeningHours::parse(first->horaires_accueil);
    REQUIRE(always.hours);                                       // 00:00-23:59 every day
    CHECK(always.hours->open_at({Date{2026, 11, 29}, 3 * 60}));  // Sunday 03:00
    // Place n°1: Monday to Friday 9:30-12:00 (its slots), closed at the weekend.
    const Offer* place = find(r, "soliguide-lieux--30");
    REQUIRE(place);
    const HoursParse mornings = OpeningHours::parse(place->horaires_accueil);
    REQUIRE(mornings.hours);
    CHECK(mornings.hours->open_at({Date{2026, 11, 23}, 10 * 60}));        // Monday 10:00
    CHECK_FALSE(mornings.hours->open_at({Date{2026, 11, 23}, 13 * 60}));  // Monday 13:00
    CHECK_FALSE(mornings.hours->open_at({Date{2026, 11, 28}, 10 * 60}));  // Saturday
    // A phone from a list of objects.
    const Offer* vigne = find(r, "soliguide-lieux--146");
    REQUIRE(vigne);
    CHECK(vigne->telephone == "09 87 09 07 75");
    CHECK(*vigne->latitude == Approx(43.5247914).margin(1e-9));
}

namespace {

struct Broken {
    testing::TempDir dir{"loader-broken"};
    fs::path write(const std::string& name, const std::string& content) {
        const fs::path file = dir.path() / name;
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }
    fs::path mapping(const std::string& format) {
        return write("mapping-" + format + ".json",
                     R"({"source": "test", "read": {"format": ")" + format +
                         R"("}, "id": "{id}", "fields": {"nom": "{nom}", "code_insee": "{insee}"},
                         "coordinates": {"latitude": "lat", "longitude": "lon"}})");
    }
    LoadResult load(const std::string& format, const fs::path& input) {
        return load_catalogue(Mapping::load(mapping(format)), input, testing::real_gazetteer(),
                              Taxonomy::builtin());
    }
    // Through a mapping of the id and name only, for files of those columns.
    LoadResult load_names(const std::string& format, const fs::path& input) {
        const fs::path names = write("names-" + format + ".json",
                                     R"({"source": "test", "read": {"format": ")" + format +
                                         R"("}, "id": "{id}", "fields": {"nom": "{nom}"}})");
        return load_catalogue(Mapping::load(names), input, testing::real_gazetteer(),
                              Taxonomy::builtin());
    }
};

bool has_issue(const LoadReport& r, size_t position, const std::string& field, bool rejected) {
    for (auto& i : r.issues)
        if (i.position == position && i.field == field && i.rejected == rejected) return true;
    return false;
}

}  // namespace

TEST_CASE("Broken rows are rejected or warned where they are, and counted") {
    Broken b;
    const LoadResult r =
        b.load("csv", b.write("rows.csv",
                              "id,nom,insee,lat,lon\n"
                              "1,Ok,77288,48.54,2.66\n"
                              "2,,77288,48.54,2.66\n"         // no name: rejected
                              "1,Twice,77288,48.54,2.66\n"    // duplicate id: rejected
                              "4,Nan,77288,nan,inf\n"         // not finite: warned, centre of Melun
                              "5,Swapped,77288,2.66,48.54\n"  // put back
                              "6,Far,2A004,48.54,2.66\n"      // far from Ajaccio: at its centre
                              "7,Nowhere,99999,,\n"           // unknown commune, no place
                              ",No id,77288,48.54,2.66\n"));  // no id: rejected
    const LoadReport& rep = r.report;
    CHECK(rep.read == 8);
    CHECK(rep.loaded == 5);
    CHECK(rep.rejected == 3);
    CHECK(rep.warned == 4);
    CHECK(has_issue(rep, 3, "nom", true));
    CHECK(has_issue(rep, 4, "id", true));
    CHECK(has_issue(rep, 9, "id", true));
    CHECK(has_issue(rep, 5, "latitude/longitude", false));
    CHECK(has_issue(rep, 6, "latitude/longitude", false));
    CHECK(has_issue(rep, 7, "latitude/longitude", false));
    CHECK(has_issue(rep, 8, "code_insee", false));
    for (auto& o : r.offers) {
        if (o.id == "test--4") CHECK(o.location_approximate);
        if (o.id == "test--5") CHECK(*o.latitude == Approx(48.54));
        if (o.id == "test--6") CHECK(o.location_approximate);
    }
    CHECK(rep.moved_to_commune_centre == 1);
    // The report file has one line per issue.
    const fs::path report = b.dir.path() / "report.csv";
    rep.write_csv(report);
    std::ifstream in(report);
    size_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    CHECK(lines == rep.issues.size() + 1);
}

TEST_CASE("Broken files give clear errors naming the file") {
    Broken b;
    const fs::path empty = b.write("empty.csv", "");
    CHECK_THROWS_WITH(b.load("csv", empty), Catch::Contains("empty.csv"));
    CHECK(b.load("csv", b.write("header.csv", "id,nom,insee,lat,lon\n")).report.read == 0);
    CHECK_THROWS_AS(b.load("csv", b.dir.path() / "missing.csv"), DataError);
    const fs::path truncated = b.write("truncated.json", R"([{"id": "1", "nom": "A"}, {"id": )");
    CHECK_THROWS_WITH(b.load("json", truncated), Catch::Contains("truncated.json"));
    // A semicolon file: GDAL finds the separator by itself...
    const fs::path semi = b.write("semi.csv", "id;nom\n1;A\n2;B\n");
    CHECK(b.load_names("csv", semi).report.loaded == 2);
    // ... and a declared separator that the header does not use is an error, not a table of
    // one column.
    const fs::path commas =
        b.write("commas.json", R"({"source": "test", "read": {"format": "csv", "separator": ","},
                            "id": "{id}", "fields": {"nom": "{nom}"}})");
    CHECK_THROWS_WITH(
        load_catalogue(Mapping::load(commas), semi, testing::real_gazetteer(), Taxonomy::builtin()),
        Catch::Contains("semi.csv:1") && Catch::Contains("';'"));
    // 10,000 columns in one row.
    std::string wide = "id,nom";
    for (int i = 0; i < 10000; ++i) wide += ",c" + std::to_string(i);
    wide += "\n1,Wide";
    for (int i = 0; i < 10000; ++i) wide += ",x";
    const LoadResult w = b.load_names("csv", b.write("wide.csv", wide + "\n"));
    CHECK(w.report.loaded == 1);
    // Latin-1 bytes read as declared.
    const fs::path latin1 = b.write("latin1.csv",
                                    "id,nom\n1,Cr\xe8"
                                    "che\n");
    const fs::path mapping = b.write(
        "latin1.json", R"({"source": "test", "read": {"format": "csv", "encoding": "ISO-8859-1"},
                            "id": "{id}", "fields": {"nom": "{nom}"}})");
    const LoadResult l = load_catalogue(Mapping::load(mapping), latin1, testing::real_gazetteer(),
                                        Taxonomy::builtin());
    REQUIRE(l.offers.size() == 1);
    CHECK(l.offers[0].nom == "Crèche");
}

TEST_CASE("v0 codes outside the crosswalk, zones and joins are reported where they are") {
    Broken b;
    b.write("places.json", R"([{"k": "p1", "insee": "77288", "geo": {"at": [2.66, 48.54]}}])");
    const fs::path services = b.write(
        "services.json",
        R"([{"id": "s1", "place": "p1", "nom": "A", "thematiques": ["mobilite--louer-un-vehicule",
               "mobilite--voler"], "profils": ["adultes", "jeunes-16-26"],
             "zone_diffusion_type": "region", "zone_diffusion_code": "11"},
            {"id": "s2", "place": "p9", "nom": "B", "thematiques": [], "profils": [],
             "zone_diffusion_type": "canton", "zone_diffusion_code": "7701"}])");
    const std::string tables = (mappings / ".." / "taxonomy" / "v0_v1").string();
    const fs::path mapping =
        b.write("v0.json", R"({"source": "v0", "read": {"format": "json"}, "id": "{id}",
          "join": {"input": "places.json", "read": {"format": "json"}, "key": "{k}",
                   "on": "{place}", "as": "place"},
          "fields": {"nom": "{nom}", "code_insee": "{place.insee}"},
          "coordinates": {"latitude": "place.geo.at[1]", "longitude": "place.geo.at[0]"},
          "zone": {"type": "zone_diffusion_type", "code": "zone_diffusion_code"},
          "values": [{"column": "thematiques", "split": ";", "table": ")" +
                               tables + R"(/thematiques.tsv"},
                     {"column": "profils", "split": ";", "table": ")" +
                               tables + R"(/profils.tsv"}]})");
    const LoadResult r = load_catalogue(Mapping::load(mapping), services, testing::real_gazetteer(),
                                        Taxonomy::builtin());
    CHECK(r.report.read == 2);
    CHECK(r.report.loaded == 2);
    CHECK(r.report.warned == 2);
    CHECK(has_issue(r.report, 1, "thematiques", false));  // mobilite--voler: not in the table
    CHECK(has_issue(r.report, 1, "profils", false));      // adultes: no v1 equivalent
    CHECK(has_issue(r.report, 2, "zone_eligibilite", false));
    CHECK(has_issue(r.report, 2, "latitude/longitude", false));  // p9 is not joined: no place
    const Offer& s1 = r.offers.at(0);
    CHECK(s1.thematiques == std::vector<std::string>{"mobilite--acceder-a-un-vehicule"});
    CHECK(s1.publics == std::vector<std::string>{"jeunes"});
    CHECK(s1.zone_eligibilite == std::vector<std::string>{"75", "77", "78", "91", "92", "93", "94",
                                                          "95"});  // Île-de-France
    CHECK(*s1.latitude == Approx(48.54));
    CHECK(s1.code_insee == "77288");
    CHECK(r.offers.at(1).zone_eligibilite.empty());
}

TEST_CASE("Files in the wrong encoding are warned where they are, both ways") {
    Broken b;
    const std::string latin1_text =
        "id,nom\n1,Cr\xe8"
        "che\n2,Plain\n";
    const std::string utf8_text =
        "id,nom\n1,Cr\xc3\xa8"
        "che\n2,Plain\n";
    auto load_as = [&](const std::string& encoding, const std::string& name,
                       const std::string& text) {
        const Mapping mapping = Mapping::load(
            b.write("m-" + encoding + ".json",
                    R"({"source": "test", "read": {"format": "csv", "encoding": ")" + encoding +
                        R"("}, "id": "{id}", "fields": {"nom": "{nom}"}})"));
        return load_catalogue(mapping, b.write(name, text), testing::real_gazetteer(),
                              Taxonomy::builtin());
    };
    auto name_issues = [](const LoadResult& r) {
        size_t n = 0;
        for (auto& i : r.report.issues) n += i.field == "nom";
        return n;
    };
    // Latin-1 bytes in a file declared UTF-8: read as Latin-1, warned on its line.
    const LoadResult latin1 = load_as("UTF-8", "l1.csv", latin1_text);
    REQUIRE(latin1.offers.size() == 2);
    CHECK(latin1.offers[0].nom == "Crèche");
    CHECK(name_issues(latin1) == 1);
    CHECK(has_issue(latin1.report, 2, "nom", false));
    // UTF-8 in a file declared Latin-1: "CrÃ¨che", warned.
    const LoadResult utf8 = load_as("ISO-8859-1", "u8.csv", utf8_text);
    REQUIRE(utf8.offers.size() == 2);
    CHECK(name_issues(utf8) == 1);
    CHECK(has_issue(utf8.report, 2, "nom", false));
    // Each file read as it says: no warning on the names.
    const LoadResult right_utf8 = load_as("UTF-8", "u8ok.csv", utf8_text);
    CHECK(right_utf8.offers.at(0).nom == "Crèche");
    CHECK(name_issues(right_utf8) == 0);
    CHECK(name_issues(load_as("ISO-8859-1", "l1ok.csv", latin1_text)) == 0);
}

TEST_CASE("A broken file loaded with the library leaves the index as it was") {
    Broken b;
    testing::TempDir index_dir("loader-intact");
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    const LoadResult good = b.load(
        "csv", b.write("good.csv", "id,nom,insee,lat,lon\n1,Un,77288,48.54,2.66\n2,Deux,,,\n"));
    REQUIRE(Index::build(index_dir.path(), good.offers, options).loaded == 2);
    auto ids = [&] {
        std::vector<std::string> out;
        for (auto& o : Index::open(index_dir.path()).offers()) out.push_back(o.id + " " + o.nom);
        return out;
    };
    const auto before = ids();
    std::string wide = "id,nom";
    for (int i = 0; i < 10000; ++i) wide += ",c" + std::to_string(i);
    const std::pair<const char*, fs::path> broken[] = {
        {"json", b.write("cut.json", R"([{"id": "1", "nom": "A"}, {"id": )")},
        {"csv", b.write("void.csv", "")},
        {"csv", b.dir.path() / "absent.csv"},
        {"json", b.write("not-objects.json", "[1, 2]")},
    };
    for (auto& [format, file] : broken) {
        INFO(file);
        // As a program would: load, then build from what was loaded; the load throws first.
        CHECK_THROWS_AS(Index::build(index_dir.path(), b.load(format, file).offers, options),
                        DataError);
        CHECK(ids() == before);
    }
    // Rows that are all rejected, or a header with 10,000 columns and no row: nothing to add,
    // and nothing thrown.
    CHECK(b.load_names("csv", b.write("dup.csv", "id,nom\n1,\n1,\n")).report.rejected == 2);
    CHECK(b.load_names("csv", b.write("wide-header.csv", wide + "\n")).report.read == 0);
    CHECK(ids() == before);
}

TEST_CASE("CSV quotes, CRLF, a byte-order mark and a quote never closed") {
    Broken b;
    const LoadResult r =
        b.load("csv", b.write("quoted.csv",
                              "\xEF\xBB\xBFid,nom,insee,lat,lon\r\n"
                              "1,\"Un, deux\",77288,48.54,2.66\r\n"
                              "2,\"Dit \"\"B\"\"\nsur deux lignes\",77288,48.54,2.66\r\n"
                              "\r\n"
                              "3,Trois\r\n"));  // short row: the missing fields are empty
    REQUIRE(r.offers.size() == 3);
    CHECK(r.offers[0].nom == "Un, deux");
    CHECK(r.offers[1].nom == "Dit \"B\"\nsur deux lignes");
    CHECK(r.offers[2].nom == "Trois");
    CHECK(*r.offers[0].longitude == Approx(2.66));               // no \r left on the last field
    CHECK(has_issue(r.report, 6, "latitude/longitude", false));  // positions are lines
    // A quote never closed: its line is rejected, naming it (load_checks_test.cpp has more).
    const LoadResult unclosed =
        b.load_names("csv", b.write("unclosed.csv", "id,nom\n1,\"open\n2,Deux\n"));
    CHECK(unclosed.report.read == 2);
    CHECK(unclosed.report.loaded == 1);
    CHECK(has_issue(unclosed.report, 2, "ligne", true));
}

TEST_CASE("A mapping with a mistake is refused with the key that is wrong") {
    Broken b;
    CHECK_THROWS_WITH(Mapping::load(b.write("m1.json", R"({"source": "x", "id": "{a}"})")),
                      Catch::Contains("fields.nom"));
    CHECK_THROWS_WITH(
        Mapping::load(b.write("m2.json", R"({"source": "x", "id": "{a}", "fields": {"nom": "{a}",
                      "colour": "{b}"}})")),
        Catch::Contains("fields.colour"));
    CHECK_THROWS_WITH(Mapping::load(b.write("m3.json", "{")), Catch::Contains("JSON mal formé"));
    // nlohmann throws out_of_range, not parse_error, for a number beyond a double.
    CHECK_THROWS_WITH(
        Mapping::load(b.write("m4.json", R"({"source": "x", "version": 1e999})")),
        Catch::Contains("JSON mal formé : nombre hors des limites d'un réel : '1e999'"));
    for (auto& entry : fs::directory_iterator(mappings))
        if (entry.path().extension() == ".json") CHECK_NOTHROW(Mapping::load(entry.path()));
}

TEST_CASE("Text a catalogue writes as HTML loads as plain text") {
    for (const char* file : {"soliguide_lieux.json", "soliguide.json"}) {
        const LoadResult r = load(file);
        size_t texts = 0;
        for (const Offer& o : r.offers) {
            Offer copy = o;
            detail::for_each_text_field(copy, [&](const char* field, std::string& value) {
                INFO(file << " " << o.id << " " << field << ": " << value);
                CHECK(value.find("&#") == std::string::npos);
                CHECK(value.find("<p>") == std::string::npos);
                CHECK(value.find("&agrave;") == std::string::npos);
                ++texts;
            });
        }
        CHECK(texts > 500);  // the 29 online places of each file, every text field
    }
    const LoadResult r = load("soliguide_lieux.json");
    const Offer* place = find(r, "soliguide-lieux--10");
    REQUIRE(place);
    CHECK(place->description ==
          "Consultations jeunes consommateurs sur rendez-vous à l'IAP (Informer, Accompagner, "
          "Prévenir) au 58 rue Gustave Eiffel, à Créteil.");
}
