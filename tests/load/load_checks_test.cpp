// Nothing read is lost silently: broken CSV quotes, mappings that name what the file lacks or
// that are malformed themselves, files that are not text, geocodes far from their commune.
// Each case is a fault found in a real load; each test failed on the code before its fix.

#include <catch2/catch.hpp>
#include <fstream>

#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

struct Files {
    testing::TempDir dir{"load-checks"};
    fs::path write(const std::string& name, const std::string& content) {
        const fs::path file = dir.path() / name;
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }
    fs::path mapping(const std::string& name, const std::string& json) { return write(name, json); }
    LoadResult load(const fs::path& mapping_file, const fs::path& input) {
        return load_catalogue(Mapping::load(mapping_file), input, testing::real_gazetteer(),
                              Taxonomy::builtin());
    }
    // The usual small mapping: id, name, commune code and coordinates.
    fs::path plain_mapping(const std::string& format = "csv") {
        return write("plain-" + format + ".json",
                     R"({"source": "test", "read": {"format": ")" + format +
                         R"("}, "id": "{id}", "fields": {"nom": "{nom}", "code_insee": "{insee}"},
                         "coordinates": {"latitude": "lat", "longitude": "lon"}})");
    }
};

const LoadIssue* issue_at(const LoadReport& r, size_t position) {
    for (auto& i : r.issues)
        if (i.position == position) return &i;
    return nullptr;
}

}  // namespace

TEST_CASE("An unclosed quote in the middle of a CSV rejects its own line and nothing else") {
    Files f;
    // 60 rows; row 10 (line 11) opens a quote it never closes; row 49 (line 50) quotes a name
    // with a comma: the quote of line 11 used to run to line 50, 39 rows read as one offer.
    std::string csv = "id,nom,insee,lat,lon\n";
    for (int i = 1; i <= 60; ++i) {
        const std::string id = std::to_string(i);
        if (i == 10)
            csv += id + ",\"Atelier sans fin,77288,48.54,2.66\n";
        else if (i == 49)
            csv += id + ",\"Un, deux\",77288,48.54,2.66\n";
        else
            csv += id + ",Offre " + id + ",77288,48.54,2.66\n";
    }
    const LoadResult r = f.load(f.plain_mapping(), f.write("quote.csv", csv));
    CHECK(r.report.read == 60);
    CHECK(r.report.loaded == 59);
    CHECK(r.report.rejected == 1);
    const LoadIssue* issue = issue_at(r.report, 11);
    REQUIRE(issue);
    CHECK(issue->rejected);
    CHECK(issue->source_id == "10");  // the fields before the broken one are read
    CHECK_THAT(issue->reason, Catch::Contains("ligne 11"));
    size_t found = 0;
    for (auto& o : r.offers) {
        if (o.id == "test--11") CHECK(o.nom == "Offre 11");
        if (o.id == "test--49") CHECK(o.nom == "Un, deux");
        found += o.id == "test--48" || o.id == "test--50";
        CHECK(o.nom.find('\n') == std::string::npos);
    }
    CHECK(found == 2);

    // Text after a closing quote, and a record of too many fields: rejected with their lines.
    const LoadResult stray = f.load(f.plain_mapping(), f.write("stray.csv",
                                                               "id,nom,insee,lat,lon\n"
                                                               "1,\"Dit \"B\" ici\",77288,,\n"
                                                               "2,Deux,77288,48.54,2.66,extra\n"
                                                               "3,Trois,77288,48.54,2.66\n"));
    CHECK(stray.report.read == 3);
    CHECK(stray.report.loaded == 1);
    REQUIRE(issue_at(stray.report, 2));
    CHECK_THAT(issue_at(stray.report, 2)->reason, Catch::Contains("guillemet"));
    REQUIRE(issue_at(stray.report, 3));
    CHECK_THAT(issue_at(stray.report, 3)->reason, Catch::Contains("6 champs pour 5 colonnes"));
    // A quote never closed on the last line: that line only.
    const LoadResult last = f.load(f.plain_mapping(), f.write("last.csv",
                                                              "id,nom,insee,lat,lon\n"
                                                              "1,Un,77288,48.54,2.66\n"
                                                              "2,\"Deux,77288,48.54,2.66\n"));
    CHECK(last.report.loaded == 1);
    CHECK(last.report.rejected == 1);
    REQUIRE(issue_at(last.report, 3));
    CHECK_THAT(issue_at(last.report, 3)->reason, Catch::Contains("jamais refermé"));
}

TEST_CASE("A mapping naming a column the file lacks is refused before any row, with hints") {
    Files f;
    const fs::path csv = f.write("places.csv",
                                 "id,nom,insee,lat,lon,kind\n"
                                 "1,Un,77288,48.54,2.66,ACI\n");
    auto refused = [&](const std::string& name, const std::string& json, const std::string& key,
                       const std::string& column, const std::string& hint,
                       const std::string& file = "places.csv") {
        INFO(name);
        const fs::path m = f.mapping(name, json);
        CHECK_THROWS_WITH(f.load(m, csv), Catch::Contains(name) && Catch::Contains(key) &&
                                              Catch::Contains("« " + column + " »") &&
                                              Catch::Contains("« " + hint + " »") &&
                                              Catch::Contains(file));
    };
    refused("values.json", R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "values": [{"column": "kinds", "map": {"ACI": {"type": "accompagnement"}}}]})",
            "values[0].column", "kinds", "kind");
    refused("nom.json", R"({"source": "t", "id": "{id}", "fields": {"nom": "{name}"}})",
            "fields.nom", "name", "nom");
    refused("id.json", R"({"source": "t", "id": "{ident} | {id}", "fields": {"nom": "{nom}"}})",
            "\"id\"", "ident", "id");
    refused("coords.json", R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}"},
        "coordinates": {"latitude": "latitude", "longitude": "lon"}})",
            "coordinates.latitude", "latitude", "lat");
    // A join: its key over the joined file, its columns "{as.column}" too.
    f.write("structures.csv", "sid,adresse\n1,1 rue de la Paix\n");
    refused("join-key.json", R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}",
        "adresse": "{s.adresse}"}, "join": {"input": "structures.csv", "key": "{id_structure}",
        "on": "{id}", "as": "s"}})",
            "join.key", "id_structure", "sid", "structures.csv");
    refused("join-field.json", R"({"source": "t", "id": "{id}", "fields": {"nom": "{nom}",
        "adresse": "{s.adress}"}, "join": {"input": "structures.csv", "key": "{sid}",
        "on": "{id}", "as": "s"}})",
            "fields.adresse", "adress", "adresse", "structures.csv");
    // JSON records have no header: a member no record has is refused after reading them.
    const fs::path json = f.write("records.json", R"([{"id": "1", "nom": "Un"}, {"id": "2"}])");
    CHECK_THROWS_WITH(
        f.load(f.mapping("json.json", R"({"source": "t", "read": {"format": "json"}, "id": "{id}",
            "fields": {"nom": "{nom}", "description": "{desc}"}})"),
               json),
        Catch::Contains("fields.description") && Catch::Contains("« desc »"));
    // Every real mapping names only columns its real file has.
    for (auto& entry : fs::directory_iterator(mappings)) {
        if (entry.path().extension() != ".json") continue;
        INFO(entry.path());
        const Mapping m = Mapping::load(entry.path());
        CHECK_NOTHROW(load_catalogue(m, shared_data_dir() / m.default_input(),
                                     testing::real_gazetteer(), Taxonomy::builtin()));
    }
}

TEST_CASE("Unknown read options and malformed templates are refused with where they are") {
    Files f;
    CHECK_THROWS_WITH(
        Mapping::load(f.mapping("xml.json", R"({"source": "t", "read": {"format": "xml"},
            "id": "{id}", "fields": {"nom": "{nom}"}})")),
        Catch::Contains("xml.json") && Catch::Contains("read.format") && Catch::Contains("xml") &&
            Catch::Contains("\"csv\", \"geojson\", \"json\""));
    CHECK_THROWS_WITH(
        Mapping::load(f.mapping("enc.json", R"({"source": "t", "read": {"encoding": "UTF-16"},
            "id": "{id}", "fields": {"nom": "{nom}"}})")),
        Catch::Contains("read.encoding") && Catch::Contains("ISO-8859-1"));
    CHECK_THROWS_WITH(
        Mapping::load(f.mapping("sep.json", R"({"source": "t", "read": {"separator": "::"},
            "id": "{id}", "fields": {"nom": "{nom}"}})")),
        Catch::Contains("read.separator"));
    auto malformed = [&](const std::string& name, const std::string& key,
                         const std::string& pattern, const std::string& where) {
        INFO(name);
        std::string id = "{id}", nom = "{nom}";
        (key == "\"id\"" ? id : nom) = pattern;
        CHECK_THROWS_WITH(
            Mapping::load(f.mapping(name, R"({"source": "t", "id": ")" + id +
                                              R"(", "fields": {"nom": ")" + nom + R"("}})")),
            Catch::Contains(name) && Catch::Contains(key) &&
                Catch::Contains("« " + pattern + " »") && Catch::Contains(where));
    };
    malformed("brand.json", "fields.nom", "{brand", "caractère 1 n'est jamais fermée");
    malformed("close.json", "fields.nom", "Pôle emploi NOM}", "caractère 16 sans accolade");
    malformed("nested.json", "\"id\"", "{a{b}}", "caractère 3");
    malformed("empty.json", "fields.nom", "{} | {nom}", "aucun nom de colonne");
}

TEST_CASE("Files that are not UTF-8 text are refused with what they are") {
    Files f;
    const fs::path m = f.plain_mapping();
    // Lines ended by CR alone (old Mac exports): read as lines.
    const LoadResult mac =
        f.load(m, f.write("mac.csv", "id,nom,insee,lat,lon\r1,Un,77288,48.54,2.66\r2,Deux,,,\r"));
    REQUIRE(mac.report.read == 2);
    CHECK(mac.offers.at(0).nom == "Un");
    CHECK(*mac.offers.at(0).longitude == Approx(2.66));
    CHECK(mac.offers.at(1).nom == "Deux");
    // UTF-16 with and without a byte-order mark, little- and big-endian.
    auto utf16 = [](const std::string& ascii, bool big, bool bom) {
        std::string out = bom ? (big ? "\xFE\xFF" : "\xFF\xFE") : "";
        for (char c : ascii) {
            if (big) out += '\0';
            out += c;
            if (!big) out += '\0';
        }
        return out;
    };
    const std::string text = "id,nom,insee,lat,lon\n1,Un,77288,48.54,2.66\n";
    for (bool big : {false, true})
        for (bool bom : {false, true}) {
            INFO("big-endian " << big << ", byte-order mark " << bom);
            const fs::path file = f.write("utf16.csv", utf16(text, big, bom));
            CHECK_THROWS_WITH(f.load(m, file), Catch::Contains("utf16.csv") &&
                                                   Catch::Contains("UTF-16") &&
                                                   Catch::Contains("enregistrez-le en UTF-8"));
        }
    // The same for JSON records and GeoJSON.
    CHECK_THROWS_WITH(f.load(f.plain_mapping("json"),
                             f.write("utf16.json", utf16(R"([{"id": "1"}])", false, true))),
                      Catch::Contains("UTF-16"));
    CHECK_THROWS_WITH(f.load(f.plain_mapping("geojson"),
                             f.write("utf16.geojson", utf16(R"({"type": "x"})", false, false))),
                      Catch::Contains("UTF-16"));
    // NUL bytes: a binary file, or a file of nothing else.
    CHECK_THROWS_WITH(f.load(m, f.write("nul.csv", std::string(1000, '\0'))),
                      Catch::Contains("nul.csv") && Catch::Contains("binaire") &&
                          Catch::Contains("que des octets nuls"));
    const char binary[] = "id,nom\n1,A\n\x01\x02\0\0\x7f\0\x12";
    CHECK_THROWS_WITH(f.load(m, f.write("bin.csv", std::string(binary, sizeof binary - 1))),
                      Catch::Contains("binaire") && Catch::Contains("ligne 3"));
    // A spreadsheet under a .csv name.
    CHECK_THROWS_WITH(f.load(m, f.write("sheet.csv", std::string("PK\x03\x04\x14\0\0\0", 8))),
                      Catch::Contains("ZIP"));
    // A file cut inside its header line.
    CHECK_THROWS_WITH(f.load(m, f.write("cut.csv", "id,nom,ins")),
                      Catch::Contains("cut.csv") && Catch::Contains("en-tête"));
}

TEST_CASE("A geocode far from its commune is placed at the commune's centre, flagged") {
    Files f;
    // Row 1: in Nice but geocoded at the centre of France (391.8 km away); row 2: in Nice;
    // row 3: Saint-Laurent-du-Maroni (Guyane, a huge commune), its town 62 km from its centre.
    const LoadResult r = f.load(f.plain_mapping(), f.write("far.csv",
                                                           "id,nom,insee,lat,lon\n"
                                                           "1,Loin,06088,46.603354,1.888334\n"
                                                           "2,Près,06088,43.7031,7.2661\n"
                                                           "3,Guyane,97311,5.4985,-54.0325\n"));
    REQUIRE(r.offers.size() == 3);
    const auto nice = testing::real_gazetteer().find_code("06088");
    const LatLon centre = *testing::real_gazetteer().commune(*nice).centre;
    const Offer& far = r.offers[0];
    CHECK(far.location_approximate);
    REQUIRE(far.location());
    CHECK(distance_km(*far.location(), centre) < 0.001);
    REQUIRE(issue_at(r.report, 2));
    CHECK_THAT(issue_at(r.report, 2)->reason,
               Catch::Contains("loin de la commune indiquée") && Catch::Contains("centre"));
    CHECK_FALSE(r.offers[1].location_approximate);
    CHECK(*r.offers[1].latitude == Approx(43.7031));
    CHECK_FALSE(r.offers[2].location_approximate);
    CHECK(*r.offers[2].longitude == Approx(-54.0325));
}
