// The GeoJSON reader (lib/load/geojson.cpp) against GDAL/OGR, which read GeoJSON before it:
// the same rows for the real catalogues written as GeoJSON, for a generated catalogue and for
// a hand-made file of every kind of value; the same offers and reports once loaded; and clear
// errors, never a crash, on broken files.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "generator/generator.hpp"
#include "index/record.hpp"
#include "load/json_records.hpp"
#include "load/mapping_rules.hpp"
#include "load/table_reader.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

fs::path write(const fs::path& file, const std::string& content) {
    std::ofstream(file, std::ios::binary) << content;
    return file;
}

std::vector<detail::Row> rows_of(const fs::path& file, bool gdal) {
    std::vector<detail::Row> rows;
    detail::ReadOptions options;
    options.format = "geojson";
    auto keep = [&](const detail::Row& row) { rows.push_back(row); };
    if (gdal)
        detail::for_each_row_gdal(file, options, keep);
    else
        detail::for_each_row(file, options, keep);
    return rows;
}

bool same_number(std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return !a == !b;
    return *a == *b || (std::isnan(*a) && std::isnan(*b));
}

// Every row the same: position, point, and every column's text (GDAL lists all the file's
// columns in every row; the reader adds them as they appear: absent ones read as empty).
void check_same_rows(const fs::path& file) {
    const auto ours = rows_of(file, false), gdal = rows_of(file, true);
    REQUIRE(ours.size() == gdal.size());
    REQUIRE(!ours.empty());
    const std::set<std::string> gdal_columns(gdal.back().columns.begin(),
                                             gdal.back().columns.end());
    CHECK(std::set<std::string>(ours.back().columns.begin(), ours.back().columns.end()) ==
          gdal_columns);
    size_t differences = 0;
    for (size_t i = 0; i < ours.size() && differences < 10; ++i) {
        INFO(file.filename().string() << " feature " << i + 1);
        CHECK(ours[i].position == gdal[i].position);
        CHECK(same_number(ours[i].x, gdal[i].x));
        CHECK(same_number(ours[i].y, gdal[i].y));
        for (auto& column : gdal_columns) {
            INFO("column " << column);
            CHECK(ours[i][column] == gdal[i][column]);
            differences += ours[i][column] != gdal[i][column];
        }
    }
}

std::optional<double> number(std::string text) {
    if (text.empty()) return std::nullopt;
    if (text.find('.') == std::string::npos) std::replace(text.begin(), text.end(), ',', '.');
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (*end != '\0') return std::nullopt;
    return value;
}

// A catalogue's rows, as its mapping reads them, written as a FeatureCollection: every column
// a string property, the mapping's coordinate columns also as a Point.
void write_as_geojson(const Mapping& mapping, const fs::path& input, const fs::path& output) {
    const auto& m = mapping.impl();
    std::string out = "{\"type\": \"FeatureCollection\", \"features\": [\n";
    bool first = true;
    detail::for_each_row(input, m.read, [&](const detail::Row& row) {
        out += first ? "" : ",\n";
        first = false;
        out += "{\"type\": \"Feature\", \"properties\": {";
        for (size_t c = 0; c < row.columns.size(); ++c) {
            out += c ? ", " : "";
            detail::append_json_string(out, row.columns[c]);
            out += ": ";
            detail::append_json_string(out, row.values[c]);
        }
        out += "}, \"geometry\": ";
        const auto lat = m.latitude.empty() ? std::nullopt : number(row[m.latitude]);
        const auto lon = m.latitude.empty() ? std::nullopt : number(row[m.longitude]);
        if (lat && lon) {
            out += "{\"type\": \"Point\", \"coordinates\": [";
            detail::append_json_number(out, *lon);
            out += ", ";
            detail::append_json_number(out, *lat);
            out += "]}}";
        } else {
            out += "null}";
        }
    });
    write(output, out + "\n]}\n");
}

// The mapping file with another reader ("geojson": ours; "gdal": GDAL/OGR).
Mapping with_format(const fs::path& mapping_file, const std::string& format, const fs::path& dir) {
    nlohmann::json m = nlohmann::json::parse(std::ifstream(mapping_file));
    m["read"] = {{"format", format}};
    // Its crosswalk tables stay beside the original (a path relative to the mapping file).
    if (m.contains("values"))
        for (auto& value_map : m["values"])
            if (value_map.contains("crosswalk"))
                value_map["crosswalk"] = (fs::absolute(mapping_file).parent_path() /
                                          value_map["crosswalk"].get<std::string>())
                                             .string();
    return Mapping::load(write(dir / (format + "-" + mapping_file.filename().string()), m.dump()));
}

void check_same_load(const LoadResult& ours, const LoadResult& gdal) {
    CHECK(ours.report.read == gdal.report.read);
    CHECK(ours.report.loaded == gdal.report.loaded);
    CHECK(ours.report.warned == gdal.report.warned);
    CHECK(ours.report.rejected == gdal.report.rejected);
    CHECK(ours.report.out_of_scope == gdal.report.out_of_scope);
    REQUIRE(ours.offers.size() == gdal.offers.size());
    size_t same = 0;
    for (size_t i = 0; i < ours.offers.size(); ++i)
        same += detail::encode_record(ours.offers[i]) == detail::encode_record(gdal.offers[i]);
    CHECK(same == ours.offers.size());
    REQUIRE(ours.report.issues.size() == gdal.report.issues.size());
    for (size_t i = 0; i < ours.report.issues.size(); ++i) {
        const LoadIssue &a = ours.report.issues[i], &b = gdal.report.issues[i];
        CHECK((a.position == b.position && a.field == b.field && a.value == b.value &&
               a.reason == b.reason && a.rejected == b.rejected));
    }
}

}  // namespace

TEST_CASE("GeoJSON: the real catalogues written as GeoJSON read and load as through GDAL") {
    testing::TempDir dir("geojson-real");
    size_t files = 0;
    for (auto& entry : fs::directory_iterator(mappings)) {
        if (entry.path().extension() != ".json") continue;
        const Mapping mapping = Mapping::load(entry.path());
        if (mapping.impl().join) continue;  // the joined file is not the one converted
        INFO(entry.path().filename().string());
        const fs::path input = shared_data_dir() / mapping.default_input();
        const fs::path geojson = dir.path() / (entry.path().stem().string() + ".geojson");
        write_as_geojson(mapping, input, geojson);
        check_same_rows(geojson);
        // Loaded from the GeoJSON, the catalogue gives what it gave from its own file.
        const LoadResult original =
            load_catalogue(mapping, input, testing::real_gazetteer(), Taxonomy::builtin());
        const LoadResult ours =
            load_catalogue(with_format(entry.path(), "geojson", dir.path()), geojson,
                           testing::real_gazetteer(), Taxonomy::builtin());
        const LoadResult gdal =
            load_catalogue(with_format(entry.path(), "gdal", dir.path()), geojson,
                           testing::real_gazetteer(), Taxonomy::builtin());
        CHECK(ours.report.read == original.report.read);
        CHECK(ours.report.loaded == original.report.loaded);
        CHECK(ours.report.rejected == original.report.rejected);
        CHECK(ours.report.out_of_scope == original.report.out_of_scope);
        check_same_load(ours, gdal);
        ++files;
    }
    CHECK(files == 9);  // every mapping but the v0 services joined to their structures
}

TEST_CASE("GeoJSON: a generated catalogue with point geometries loads as through GDAL") {
    testing::TempDir dir("geojson-generated");
    const Catalogue catalogue =
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), 3000, 7);
    std::string out = "{\"type\": \"FeatureCollection\", \"name\": \"offres\", \"features\": [";
    for (size_t i = 0; i < catalogue.offers.size(); ++i) {
        const Offer& o = catalogue.offers[i];
        out += i ? ",\n" : "\n";
        out += "{\"type\": \"Feature\", \"id\": ";
        detail::append_json_string(out, o.id);
        out += ", \"geometry\": ";
        if (o.latitude) {
            out += "{\"type\": \"Point\", \"coordinates\": [";
            detail::append_json_number(out, *o.longitude);
            out += ", ";
            detail::append_json_number(out, *o.latitude);
            out += "]}";
        } else {
            out += "null";
        }
        out += ", \"properties\": {\"nom\": ";  // after the geometry: any order is allowed
        detail::append_json_string(out, o.nom);
        for (auto [key, value] : {std::pair{"code_insee", &o.code_insee},
                                  {"horaires", &o.horaires_accueil},
                                  {"date_maj", &o.date_maj},
                                  {"telephone", &o.telephone}}) {
            if (value->empty()) continue;  // absent from some features
            out += ", \"" + std::string(key) + "\": ";
            detail::append_json_string(out, *value);
        }
        out += ", \"places\": ";
        out += o.criteria.places_total ? std::to_string(*o.criteria.places_total) : "null";
        out += "}}";
    }
    const fs::path file = write(dir.path() / "offres.geojson", out + "\n]}\n");
    check_same_rows(file);
    const fs::path mapping = write(dir.path() / "mapping.json", R"({"source": "gen", "id": "{id}",
        "fields": {"nom": "{nom}", "code_insee": "{code_insee}", "date_maj": "{date_maj}",
                   "telephone": "{telephone}", "description": "{places} places"},
        "hours": "horaires"})");
    const LoadResult ours = load_catalogue(with_format(mapping, "geojson", dir.path()), file,
                                           testing::real_gazetteer(), Taxonomy::builtin());
    const LoadResult gdal = load_catalogue(with_format(mapping, "gdal", dir.path()), file,
                                           testing::real_gazetteer(), Taxonomy::builtin());
    CHECK(ours.report.loaded == 3000);
    check_same_load(ours, gdal);
}

TEST_CASE("GeoJSON: numbers, booleans, nulls, escapes and geometries read as GDAL reads them") {
    testing::TempDir dir("geojson-values");
    const fs::path file = write(dir.path() / "values.geojson", R"({
  "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
  "bbox": [2.0, 48.0, 3.0, 49.0],
  "features": [
    {"type": "Feature", "id": "a1", "properties": {"nom": "Caf\u00e9 \"solidaire\"\n\ud83d\ude00 \/",
      "places": 12, "ratio": 0.5, "poids": 1.0, "exp": 1e3, "neg": -3, "ouvert": true,
      "vide": null, "date_maj": "2023-01-15", "heure": "10:00", "texte": "é à ü"},
     "geometry": {"type": "Point", "coordinates": [2.3522, 48.8566, 35.0]}},
    {"type": "Feature", "id": "a2", "properties": {"places": -7, "ratio": 2.25, "ouvert": false,
      "nouveau": "colonne", "nom": "Deux"},
     "geometry": {"coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]],
                  "type": "Polygon"}},
    {"type": "Feature", "properties": {"nom": "Sans id"}, "geometry": null},
    {"type": "Feature", "properties": null,
     "geometry": {"type": "Point", "coordinates": []}},
    {"type": "Feature", "geometry": {"coordinates": [4.85, 45.75], "type": "Point"},
     "properties": {"nom": "Lyon", "id": "propre"}, "id": "ignore"},
    {"properties": {"nom": "Sans type"}, "geometry": {"type": "MultiPoint",
     "coordinates": [[1, 2], [3, 4]]}, "type": "Feature"}
  ]})");
    check_same_rows(file);
    const auto rows = rows_of(file, false);
    CHECK(rows[0]["nom"] == "Café \"solidaire\"\n\xF0\x9F\x98\x80 /");
    CHECK(rows[0]["poids"] == "1");
    CHECK(rows[0]["ouvert"] == "1");
    CHECK(rows[0]["date_maj"] == "2023-01-15");  // as written (GDAL alone: "2023/01/15")
    CHECK(*rows[0].x == 2.3522);
    CHECK(!rows[1].x);  // a polygon: no point
    CHECK(rows[1]["nouveau"] == "colonne");
    CHECK(rows[4]["id"] == "propre");
}

TEST_CASE("GeoJSON: lists, objects and numeric ids are given as the JSON records reader does") {
    testing::TempDir dir("geojson-nested");
    const fs::path file = write(dir.path() / "nested.geojson", R"({"type": "FeatureCollection",
      "features": [{"type": "Feature", "id": 42, "geometry": null,
        "properties": {"thematiques": ["mobilite", "numerique"], "lieu": {"ville": "Melun",
          "cp": 77000}, "vide": []}}]})");
    const auto rows = rows_of(file, false);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["id"] == "42");  // GDAL makes it the feature number and drops it
    CHECK(rows[0]["thematiques"] == "mobilite;numerique");  // GDAL: "(2:mobilite,numerique)"
    CHECK(rows[0]["thematiques[1]"] == "numerique");
    CHECK(rows[0]["lieu.ville"] == "Melun");
    CHECK(rows[0]["lieu.cp"] == "77000");
    CHECK(rows[0]["vide"].empty());
}

TEST_CASE("GeoJSON: broken files give errors naming the file, line, feature and member") {
    testing::TempDir dir("geojson-broken");
    auto error_of = [&](const std::string& name, const std::string& text) -> std::string {
        try {
            rows_of(write(dir.path() / name, text), false);
        } catch (const DataError& e) {
            return e.what();
        }
        return "no error";
    };
    const std::string head = "{\"type\": \"FeatureCollection\", \"features\": [\n";
    const std::string good = R"({"type": "Feature", "properties": {"nom": "A"}, "geometry": null})";
    auto contains = [](const std::string& text, std::initializer_list<const char*> parts) {
        INFO(text);
        for (const char* part : parts) CHECK(text.find(part) != std::string::npos);
    };
    // Truncated in the middle of the second feature's properties.
    contains(error_of("cut.geojson",
                      head + good + ",\n{\"type\": \"Feature\", \"properties\": {\"nom\": \"B"),
             {"cut.geojson:3:", "objet 2", "\"properties.nom\"", "jamais fermée"});
    contains(error_of("cut2.geojson", head + good + ",\n" + good.substr(0, 30)),
             {"cut2.geojson:3:", "objet 2", "tronqué"});
    contains(error_of("cut3.geojson", head + good), {"cut3.geojson:2:", "tronqué"});
    contains(error_of("point.geojson", R"({"type": "Point", "coordinates": [1, 2]})"),
             {"point.geojson", "pas une FeatureCollection GeoJSON", "\"Point\""});
    contains(error_of("array.geojson", "[1, 2]"), {"array.geojson:1:1", "un objet GeoJSON"});
    contains(error_of("nofeatures.geojson", R"({"type": "FeatureCollection"})"),
             {"nofeatures.geojson", "sans \"features\""});
    contains(error_of("number.geojson", head + good + ", 5]}"),
             {"number.geojson:2:", "objet 2", "un objet Feature est attendu, pas '5]}'"});
    contains(error_of("props.geojson", head + R"({"type": "Feature", "properties": "nom"}]})"),
             {"props.geojson:2:", "objet 1", "\"properties\"", "un objet ou null est attendu"});
    contains(error_of("type.geojson", head + R"({"type": "Polygon", "properties": {}}]})"),
             {"type.geojson:2:", "objet 1", "pas \"Feature\""});
    contains(
        error_of("comma.geojson", head + R"({"type": "Feature", "properties": {"a": 1 "b": 2}}]})"),
        {"comma.geojson:2:", "objet 1", "\"properties.a\"", "',' ou '}'"});
    contains(error_of("escape.geojson", head + R"({"properties": {"a": "x\qy"}}]})"),
             {"escape.geojson:2:", "échappement inconnu \\q"});
    contains(error_of("number2.geojson", head + R"({"properties": {"a": 1.2.3}}]})"),
             {"number2.geojson:2:", "\"properties.a\"", "une valeur est attendue"});
    contains(error_of("overflow.geojson", head + R"({"properties": {"a": 1e999}}]})"),
             {"overflow.geojson:2:", "\"properties.a\"", "nombre hors des limites", "1e999"});
    contains(error_of("overflow2.geojson", head + R"({"properties": {"a": [2, -1e999]}}]})"),
             {"overflow2.geojson:2:", "\"properties.a\"", "nombre hors des limites", "-1e999"});
    contains(error_of("coords.geojson",
                      head + R"({"geometry": {"type": "Point", "coordinates": [2, "x"]}}]})"),
             {"coords.geojson:2:", "\"geometry\"", "une valeur est attendue"});
    contains(error_of("after.geojson", head + good + "]} {}"),
             {"after.geojson:2:", "du texte après"});
    std::string deep = "1";
    for (int i = 0; i < 100; ++i) deep = "[" + deep + "]";
    contains(error_of("deep.geojson", head + R"({"properties": {"a": )" + deep + "}}]}"),
             {"deep.geojson:2:", "\"properties.a\"", "imbriqué sur plus de 64"});
    // A bracket that closes what was not opened, in a skipped member.
    contains(error_of("bracket.geojson", head + R"({"bbox": [1, 2}, "properties": {}}]})"),
             {"bracket.geojson:2:", "objet 1", "inattendu : '}'"});
}

TEST_CASE("GeoJSON: NaN and infinite coordinates, wide and empty features, a lone feature") {
    testing::TempDir dir("geojson-odd");
    const fs::path mapping = write(dir.path() / "m.json", R"({"source": "t",
        "read": {"format": "geojson"}, "id": "{id}",
        "fields": {"nom": "{nom}", "code_insee": "{insee}"}})");
    std::string wide;
    for (int i = 0; i < 10000; ++i)
        wide += ", \"c" + std::to_string(i) + "\": " + std::to_string(i);
    const fs::path file =
        write(dir.path() / "odd.geojson",
              R"({"type": "FeatureCollection",
      "features": [
        {"type": "Feature", "properties": {"id": "1", "nom": "Nan", "insee": "77288"},
         "geometry": {"type": "Point", "coordinates": [NaN, Infinity]}},
        {"type": "Feature", "properties": {"id": "2", "nom": "Large", "insee": "77288")" +
                  wide +
                  R"(}, "geometry": {"type": "Point", "coordinates": [2.66, 48.54]}},
        {"type": "Feature", "properties": null, "geometry": null},
        {"type": "Feature", "properties": {"id": "4", "nom": "Moins", "insee": "77288"},
         "geometry": {"type": "Point", "coordinates": [-Infinity, 48.54]}}]})");
    check_same_rows(file);
    const LoadResult r = load_catalogue(Mapping::load(mapping), file, testing::real_gazetteer(),
                                        Taxonomy::builtin());
    CHECK(r.report.read == 4);
    CHECK(r.report.loaded == 3);
    CHECK(r.report.rejected == 1);  // the feature without properties has no id
    auto issue = [&](size_t position, const std::string& reason) {
        for (auto& i : r.report.issues)
            if (i.position == position && i.reason.find(reason) != std::string::npos) return true;
        return false;
    };
    CHECK(issue(1, "pas un nombre fini"));  // then placed at Melun's centre
    CHECK(issue(3, "pas d'identifiant stable"));
    CHECK(issue(4, "pas un nombre fini"));
    CHECK(r.offers.at(1).nom == "Large");
    CHECK(*r.offers.at(1).latitude == Approx(48.54));
    // A lone Feature is one row.
    const fs::path lone =
        write(dir.path() / "lone.geojson",
              R"({"properties": {"id": "9", "nom": "Seule", "insee": "77288"}, "type": "Feature",
                                   "geometry": {"type": "Point", "coordinates": [2.66, 48.54]}})");
    check_same_rows(lone);
    const LoadResult one = load_catalogue(Mapping::load(mapping), lone, testing::real_gazetteer(),
                                          Taxonomy::builtin());
    REQUIRE(one.offers.size() == 1);
    CHECK(*one.offers[0].longitude == Approx(2.66));
}

TEST_CASE("GeoJSON: every truncation and byte change of a file is a clear error or rows") {
    testing::TempDir dir("geojson-cuts");
    const std::string text = R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "id": "a", "properties": {"nom": "Caf\u00e9 \"A\"", "n": 1.5, "ok": true,
 "l": ["x", {"k": [1, null]}], "v": null}, "geometry": {"type": "Point", "coordinates": [2.3, 48.8]}},
{"type": "Feature", "properties": {"nom": "B"}, "geometry": {"type": "Polygon",
 "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]})";
    const fs::path file = dir.path() / "cut.geojson";
    size_t errors = 0, read = 0;
    auto attempt = [&](const std::string& content) {
        write(file, content);
        try {
            std::vector<detail::Row> rows;
            detail::ReadOptions options;
            options.format = "geojson";
            detail::for_each_row(file, options, [&](const detail::Row& r) { rows.push_back(r); });
            ++read;
        } catch (const DataError& e) {  // anything else fails the test
            CHECK(std::string(e.what()).find("cut.geojson") != std::string::npos);
            ++errors;
        }
    };
    for (size_t length = 1; length < text.size(); ++length) attempt(text.substr(0, length));
    CHECK(read == 0);  // no prefix is a whole document
    // Each byte replaced by a few that matter to JSON.
    for (size_t at = 0; at < text.size(); ++at)
        for (char c : {'"', '\\', '{', ']', ',', '\0'}) {
            std::string changed = text;
            changed[at] = c;
            attempt(changed);
        }
    CHECK(errors > text.size());
}
