// The mapping language's row filters, crosswalk tables and zone templates on small files made
// here, and the phones as the project writes them.

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "load/offer_checks.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

struct Files {
    testing::TempDir dir{"mapping-language"};

    fs::path write(const std::string& name, const std::string& text) {
        std::ofstream(dir.path() / name, std::ios::binary) << text;
        return dir.path() / name;
    }
    LoadResult load(const std::string& mapping, const std::string& csv) {
        const Mapping m = Mapping::load(write("mapping.json", mapping));
        return load_catalogue(m, write("rows.csv", csv), testing::real_gazetteer(),
                              Taxonomy::builtin());
    }
};

// A directory of four kinds of bodies, as the DILA file writes them.
const char* const directory_rows =
    "id,type,nom,insee\n"
    "m1,mairie,Mairie de Melun,77288\n"
    "m2,mairie,Mairie de Meaux,77284\n"
    "g1,gendarmerie,Brigade de Melun,77288\n"
    "c1,caf,Caf de Seine-et-Marne,77288\n"
    "p1,pmi,PMI de Meaux,77284\n"
    "x1,paris_ppp_antenne,Antenne,75056\n"
    "x2,paris_ppp_gesvres,Gesvres,75056\n";

const Offer* find(const LoadResult& r, const std::string& id) {
    for (auto& o : r.offers)
        if (o.id == id) return &o;
    return nullptr;
}

size_t left_out(const LoadReport& r, const std::string& value) {
    for (auto& v : r.out_of_scope_values)
        if (v.value == value) return v.rows;
    return 0;
}

}  // namespace

TEST_CASE("A row filter keeps listed values and counts the others out of scope, per value") {
    Files f;
    const LoadResult r = f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "rows": [{"column": "type", "keep": ["caf", "pmi"]}]})",
                                directory_rows);
    CHECK(r.report.read == 7);
    CHECK(r.report.loaded == 2);
    CHECK(r.report.rejected == 0);
    CHECK(r.report.out_of_scope == 5);
    CHECK(r.report.read == r.report.loaded + r.report.out_of_scope + r.report.rejected);
    CHECK(find(r, "t--c1"));
    CHECK(find(r, "t--p1"));
    CHECK_FALSE(find(r, "t--m1"));
    // Most rows first: the reviewer reads "mairie 2" before the ones.
    REQUIRE(r.report.out_of_scope_values.size() == 4);
    CHECK(r.report.out_of_scope_values[0].value == "mairie");
    CHECK(r.report.out_of_scope_values[0].column == "type");
    CHECK(r.report.out_of_scope_values[0].rows == 2);
    CHECK(left_out(r.report, "gendarmerie") == 1);
    const std::string summary = r.report.summary();
    CHECK_THAT(summary, Catch::Contains("2 chargées"));
    CHECK_THAT(summary, Catch::Contains("0 rejetées, 5 hors champ"));
    CHECK_THAT(summary, Catch::Contains("hors champ : mairie 2, "));
    // The report file: one line per issue, then one per value left out.
    const fs::path csv = f.dir.path() / "report.csv";
    r.report.write_csv(csv);
    std::ifstream in(csv);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(text,
               Catch::Contains(",,\"type\",\"mairie\",\"hors champ : 2 lignes\",out-of-scope\n"));
}

TEST_CASE("A row filter drops listed values or those a pattern matches whole") {
    Files f;
    const LoadResult dropped = f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "rows": [{"column": "type", "drop": ["mairie", "gendarmerie"]},
                 {"column": "type", "drop": {"pattern": "paris_ppp_.*"}}]})",
                                      directory_rows);
    CHECK(dropped.report.loaded == 2);
    CHECK(dropped.report.out_of_scope == 5);
    CHECK(left_out(dropped.report, "paris_ppp_gesvres") == 1);
    // A pattern matches the whole value: "caf" does not keep "paris_ppp_antenne" for its "a".
    const LoadResult kept = f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "rows": [{"column": "type", "keep": {"pattern": "caf|pmi"}}]})",
                                   directory_rows);
    CHECK(kept.report.loaded == 2);
    CHECK(kept.report.out_of_scope == 5);
}

TEST_CASE("A row filter on a missing column is an error naming the mapping file and the column") {
    Files f;
    try {
        f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
            "rows": [{"column": "categorie", "keep": ["caf"]}]})",
               directory_rows);
        FAIL("no error");
    } catch (const DataError& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("mapping.json"));
        CHECK_THAT(what, Catch::Contains("rows[0].column"));
        CHECK_THAT(what, Catch::Contains("« categorie »"));
    }
    // JSON records, which have no header, are checked after their last record.
    const Mapping m = Mapping::load(f.write("m.json", R"({"source": "t", "read": {"format":
        "json"}, "id": "{id}", "fields": {"nom": "{nom}"}, "rows": [{"column": "statut",
        "drop": ["DRAFT"]}]})"));
    CHECK_THROWS_WITH(load_catalogue(m, f.write("r.json", R"([{"id": "1", "nom": "A"}])"),
                                     testing::real_gazetteer(), Taxonomy::builtin()),
                      Catch::Contains("rows[0].column") && Catch::Contains("statut"));
}

TEST_CASE("A malformed row filter is refused with its key") {
    Files f;
    auto refused = [&](const std::string& rows, const std::string& key) {
        INFO(rows);
        CHECK_THROWS_WITH(
            Mapping::load(f.write("bad.json", R"({"source": "t", "id": "{id}", "fields": {"nom":
                "{nom}"}, "rows": )" + rows + "}")),
            Catch::Contains(key));
    };
    refused(R"({"column": "type"})", "\"rows\"");
    refused(R"([{"column": "type", "keep": ["a"], "drop": ["b"]}])", "rows[0]");
    refused(R"([{"column": "type", "keep": []}])", "rows[0].keep");
    refused(R"([{"column": "type", "drop": {"pattern": "(a"}}])", "rows[0].drop.pattern");
    refused(R"([{"column": "type", "keep": "caf"}])", "rows[0].keep");
}

TEST_CASE("A crosswalk table turns a column's values into offer fields, zones from templates") {
    Files f;
    f.write("types.tsv",
            "# a comment\n"
            "type_source\tthematiques\ttype\tpublics\tzone_eligibilite\tnote\n"
            "caf\tfamille--garde-denfants;famille--soutien-a-la-parentalite-et-a-leducation\t"
            "aide-financiere\tfamilles\tdepartement:{insee}\tune caisse par département\n"
            "pmi\tfamille--soutien-a-la-parentalite-et-a-leducation\taccompagnement\tfamilles\t"
            "\tcentres locaux\n"
            "gendarmerie\t\t\t\tregion:{insee}\tpour essayer les régions\n");
    const LoadResult r = f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}",
        "code_insee": "{insee}"}, "values": [{"column": "type", "crosswalk": "types.tsv"}]})",
                                directory_rows);
    const Offer* caf = find(r, "t--c1");
    REQUIRE(caf);
    CHECK(caf->thematiques ==
          std::vector<std::string>{"famille--garde-denfants",
                                   "famille--soutien-a-la-parentalite-et-a-leducation"});
    CHECK(caf->type == "aide-financiere");
    CHECK(caf->publics == std::vector<std::string>{"familles"});
    CHECK(caf->zone_eligibilite == std::vector<std::string>{"77"});
    const Offer* pmi = find(r, "t--p1");
    REQUIRE(pmi);
    CHECK(pmi->zone_eligibilite.empty());
    // Île-de-France as its eight départements.
    const Offer* brigade = find(r, "t--g1");
    REQUIRE(brigade);
    CHECK(
        std::set<std::string>(brigade->zone_eligibilite.begin(), brigade->zone_eligibilite.end()) ==
        std::set<std::string>{"75", "77", "78", "91", "92", "93", "94", "95"});
    // A value not in the table is warned, as with the v0 tables.
    bool warned = false;
    for (auto& i : r.report.issues) warned = warned || (i.field == "type" && i.value == "mairie");
    CHECK(warned);
}

TEST_CASE("Zone templates: every kind, an unknown commune warned, a malformed one refused") {
    Files f;
    const LoadResult r = f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "constants": {"zone_eligibilite": ["commune:{insee}", "epci:{insee}",
                                           "departement:{insee}"]}})",
                                "id,nom,insee\n1,Melun,77288\n2,Paris 11e,75111\n3,Nulle part,"
                                "99999\n");
    const Offer* melun = find(r, "t--1");
    REQUIRE(melun);
    CHECK(melun->zone_eligibilite ==
          std::vector<std::string>{"77288", "247700057", "77"});  // CA Melun Val de Seine
    const Offer* paris = find(r, "t--2");
    REQUIRE(paris);
    CHECK(paris->zone_eligibilite.front() == "75056");  // an arrondissement's commune
    const Offer* nowhere = find(r, "t--3");
    REQUIRE(nowhere);
    CHECK(nowhere->zone_eligibilite.empty());
    size_t warned = 0;
    for (auto& i : r.report.issues)
        warned += i.field == "zone_eligibilite" && i.reason.find("99999") != std::string::npos;
    CHECK(warned == 3);
    auto refused = [&](const std::string& zone, const std::string& why) {
        INFO(zone);
        CHECK_THROWS_WITH(
            Mapping::load(f.write("z.json", R"({"source": "t", "id": "{id}", "fields": {"nom":
                "{nom}"}, "constants": {"zone_eligibilite": ")" +
                                                zone + "\"}}")),
            Catch::Contains("constants.zone_eligibilite") && Catch::Contains(why));
    };
    refused("canton:{insee}", "genre de zone « canton »");
    refused("departement:{insee", "accolade jamais fermée");
    refused("departement:77", "sans colonne");
    // A template's column must be in the file, like any column the mapping names.
    CHECK_THROWS_WITH(f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "constants": {"zone_eligibilite": "departement:{code_insee}"}})",
                             "id,nom,insee\n1,Melun,77288\n"),
                      Catch::Contains("« code_insee »"));
}

TEST_CASE("A crosswalk table with a mistake is refused with its line") {
    Files f;
    auto refused = [&](const std::string& table, const std::string& why) {
        INFO(table);
        f.write("t.tsv", table);
        CHECK_THROWS_WITH(
            Mapping::load(f.write("m.json", R"({"source": "t", "id": "{id}", "fields": {"nom":
                "{nom}"}, "values": [{"column": "type", "crosswalk": "t.tsv"}]})")),
            Catch::Contains("values[0].crosswalk") && Catch::Contains(why));
    };
    refused("type\tcouleur\n", "« couleur » n'est ni un champ d'offre");
    refused("type\ttype\ncaf\taide-financiere\textra\n", "t.tsv:2");
    refused("type\ttype\ncaf\tinformation\ncaf\tinformation\n", "« caf » déjà dans la table");
    refused("type\tzone_eligibilite\ncaf\tcanton:{insee}\n", "genre de zone");
    refused("# rien\n", "table vide");
}

TEST_CASE("French phones are written as the project writes them") {
    using detail::french_phone;
    CHECK(french_phone("+33 4 74 00 85 01") == "04 74 00 85 01");
    CHECK(french_phone("+ 33 4 74 00 85 01") == "04 74 00 85 01");
    CHECK(french_phone("+33 (0)1 45 00 00 00") == "01 45 00 00 00");
    CHECK(french_phone("0033474008501") == "04 74 00 85 01");
    CHECK(french_phone("04.74.00.85.01") == "04 74 00 85 01");
    CHECK(french_phone("0474008501") == "04 74 00 85 01");
    CHECK(french_phone("+262 262 12 34 56") == "02 62 12 34 56");
    CHECK(french_phone("+590 590 12 34 56") == "05 90 12 34 56");
    // Kept as written: a short number, a foreign one, two numbers, words.
    CHECK(french_phone(" 3939 ") == "3939");
    CHECK(french_phone("+687 27 12 34") == "+687 27 12 34");
    CHECK(french_phone("+32 2 123 45 67") == "+32 2 123 45 67");
    CHECK(french_phone("04 74 00 85 01 / 04 74 00 85 02") == "04 74 00 85 01 / 04 74 00 85 02");
    CHECK(french_phone("voir le site") == "voir le site");
    CHECK(french_phone("") == "");
}

TEST_CASE("A mapping fills criteria as criteres.<name>, a value map's from the row's columns") {
    Files f;
    // Soliguide's shape: the welcome decides whether the age range is a bar.
    const LoadResult r = f.load(R"({"source": "t", "id": "{id}",
        "fields": {"nom": "{nom}", "criteres.genre": "{genre}"},
        "values": [{"column": "accueil", "map": {
            "2": {"criteres.accueil": "exclusif", "criteres.age_min": "{amin}",
                  "criteres.age_max": "{amax}", "criteres.statuts_requis": ["rsa", "ass"]},
            "1": {"criteres.accueil": "preferentiel"}}, "otherwise": {}}]})",
                                "id,nom,accueil,amin,amax,genre\n"
                                "a,Exclusif,2,24,64,femme\n"
                                "b,Prioritaire,1,24,64,\n"
                                "c,Tout âge,2,0,99,\n"
                                "d,Mal écrit,2,vingt,64,\n");
    REQUIRE(r.report.loaded == 4);
    const Criteria& a = find(r, "t--a")->criteria;
    CHECK(a.accueil == "exclusif");
    CHECK(a.age_min == 24);
    CHECK(a.age_max == 64);
    CHECK(a.genre == "femme");
    CHECK(a.statuses_required == std::vector<std::string>{"rsa", "ass"});
    const Criteria& b = find(r, "t--b")->criteria;
    CHECK(b.accueil == "preferentiel");
    CHECK_FALSE(b.age_min);  // not under a preferential welcome
    const Criteria& c = find(r, "t--c")->criteria;
    CHECK_FALSE(c.age_min);  // 0 to 99: any age
    CHECK_FALSE(c.age_max);
    const Criteria& d = find(r, "t--d")->criteria;
    CHECK_FALSE(d.age_min);  // not a number: left out, warned
    CHECK(d.age_max == 64);
    bool warned = false;
    for (auto& i : r.report.issues)
        warned = warned || (i.field == "criteres.age_min" && i.value == "vingt");
    CHECK(warned);
}

TEST_CASE("A criterion's template naming a column the file lacks is refused before any row") {
    Files f;
    CHECK_THROWS_WITH(f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "values": [{"column": "accueil", "map": {"2": {"criteres.age_min": "{agemin}"}}}]})",
                             "id,nom,accueil,amin\na,A,2,24\n"),
                      Catch::Contains("agemin"));
    CHECK_THROWS_WITH(f.load(R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "values": [{"column": "accueil", "map": {},
                    "otherwise": {"criteres.age_max": "{agemax}"}}]})",
                             "id,nom,accueil\na,A,2\n"),
                      Catch::Contains("agemax"));
    CHECK_THROWS_WITH(f.load(R"({"source": "t", "id": "{id}",
        "fields": {"nom": "{nom}", "criteres.couleur": "{nom}"}})",
                             "id,nom\na,A\n"),
                      Catch::Contains("criteres.couleur"));
}
