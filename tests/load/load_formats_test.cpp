// Every table format the mappings' README names, tested with a real file: the SIAE catalogue
// (../shared/data, read in place) converted at test time by GDAL's own converter into XLSX,
// ODS, GeoPackage, Shapefile, GeoJSON and gzip-compressed CSV, each loaded through
// data/mappings/siae.json, gives the same 3,853 offers as the CSV.

#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "load/gzip_file.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";
const fs::path siae_csv = shared_data_dir() / "catalogues" / "siae_les_emplois_fixture_2023.csv";

// GDALVectorTranslate, as ogr2ogr would: the CSV's columns as text, into `driver`.
void translate(const fs::path& output, const char* driver) {
    static const bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    (void)registered;
    // All columns as text, as a spreadsheet saved from the CSV has them (GDAL's header guess
    // then fails: the reproduction). A Shapefile gets points from the coordinate columns (one
    // without geometry is a lone .dbf); the columns stay, as the mapping reads them.
    std::vector<const char*> open_options = {"AUTODETECT_TYPE=NO"};
    if (std::string(driver) == "ESRI Shapefile")
        open_options.insert(open_options.end(),
                            {"X_POSSIBLE_NAMES=longitude", "Y_POSSIBLE_NAMES=latitude"});
    open_options.push_back(nullptr);
    GDALDatasetH source =
        GDALOpenEx(siae_csv.c_str(), GDAL_OF_VECTOR, nullptr, open_options.data(), nullptr);
    REQUIRE(source);
    // A DBF is written in ISO-8859-1 unless told otherwise: "œ" and "’" would be lost.
    std::vector<char*> args = {const_cast<char*>("-f"), const_cast<char*>(driver)};
    if (std::string(driver) == "ESRI Shapefile")
        args.insert(args.end(), {const_cast<char*>("-lco"), const_cast<char*>("ENCODING=UTF-8")});
    args.push_back(nullptr);
    CPLPushErrorHandler(CPLQuietErrorHandler);  // the laundered column names, said below
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(args.data(), nullptr);
    int usage_error = 0;
    GDALDatasetH out =
        GDALVectorTranslate(output.c_str(), nullptr, 1, &source, options, &usage_error);
    GDALVectorTranslateOptionsFree(options);
    CPLPopErrorHandler();
    INFO(CPLGetLastErrorMsg());
    REQUIRE(out);
    CHECK(usage_error == 0);
    GDALClose(out);
    GDALClose(source);
}

// A table's column names, as GDAL gives them.
std::vector<std::string> columns_of(const fs::path& file) {
    GDALDatasetH d = GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(d);
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(GDALDatasetGetLayer(d, 0));
    std::vector<std::string> columns;
    for (int i = 0; i < OGR_FD_GetFieldCount(definition); ++i)
        columns.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i)));
    GDALClose(d);
    return columns;
}

struct Key {
    std::string nom, adresse, code_insee;
    double lat = 0, lon = 0;
    bool operator==(const Key& o) const {
        return nom == o.nom && adresse == o.adresse && code_insee == o.code_insee &&
               std::abs(lat - o.lat) < 1e-9 && std::abs(lon - o.lon) < 1e-9;
    }
};

std::map<std::string, Key> offers_of(const LoadResult& r) {
    std::map<std::string, Key> out;
    for (auto& o : r.offers)
        out[o.id] = {o.nom, o.adresse, o.code_insee, o.latitude.value_or(0),
                     o.longitude.value_or(0)};
    return out;
}

LoadResult load(const fs::path& mapping, const fs::path& input) {
    return load_catalogue(Mapping::load(mapping), input, testing::real_gazetteer(),
                          Taxonomy::builtin());
}

}  // namespace

TEST_CASE("The SIAE catalogue as XLSX, ODS, GeoPackage, Shapefile, GeoJSON, CSV.gz loads as CSV") {
    testing::TempDir dir("load-formats");
    const fs::path siae = mappings / "siae.json";
    const LoadResult csv = load(siae, siae_csv);
    REQUIRE(csv.report.loaded == 3853);
    const auto expected = offers_of(csv);

    struct Format {
        const char* driver;
        const char* file;
        const char* format;  // the mapping's read.format
    };
    const Format formats[] = {
        {"XLSX", "siae.xlsx", "csv"},           {"ODS", "siae.ods", "csv"},
        {"GPKG", "siae.gpkg", "csv"},           {"ESRI Shapefile", "siae.shp", "csv"},
        {"GeoJSON", "siae.geojson", "geojson"},
    };
    for (const Format& f : formats) {
        INFO(f.driver);
        const fs::path file = dir.path() / f.file;
        translate(file, f.driver);
        nlohmann::json m = nlohmann::json::parse(std::ifstream(siae));
        m["read"] = {{"format", f.format}};
        if (std::string(f.driver) == "ESRI Shapefile") {
            // A DBF's column names have 10 characters at most: the mapping through siae.json
            // is refused, naming the column and the truncated one...
            std::ofstream(dir.path() / "siae-shp.json") << m.dump();
            CHECK_THROWS_WITH(
                load(dir.path() / "siae-shp.json", file),
                Catch::Contains("« address_line_1 »") && Catch::Contains("« address_li »"));
            // ... and a mapping written for the Shapefile's names loads it.
            const auto csv_columns = columns_of(siae_csv), shp_columns = columns_of(file);
            REQUIRE(csv_columns.size() == shp_columns.size());
            std::string text = m.dump();
            for (size_t i = 0; i < csv_columns.size(); ++i) {
                const std::string from = "{" + csv_columns[i] + "}",
                                  to = "{" + shp_columns[i] + "}";
                for (size_t at = text.find(from); at != std::string::npos;
                     at = text.find(from, at + to.size()))
                    text.replace(at, from.size(), to);
            }
            m = nlohmann::json::parse(text);
        }
        const fs::path mapping = dir.path() / (std::string(f.file) + ".json");
        std::ofstream(mapping) << m.dump();
        const LoadResult r = load(mapping, file);
        CHECK(r.report.read == 3853);
        CHECK(r.report.loaded == 3853);
        CHECK(r.report.rejected == 0);
        CHECK(r.report.warned == csv.report.warned);
        const auto got = offers_of(r);
        size_t same = 0;
        for (auto& [id, key] : expected) {
            auto found = got.find(id);
            same += found != got.end() && found->second == key;
        }
        CHECK(same == 3853);
    }

    // gzip-compressed CSV (read through GDAL's /vsigzip/).
    const fs::path gz = dir.path() / "siae.csv.gz";
    {
        std::ifstream in(siae_csv, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        detail::OutputFile out(gz);
        out.write(text);
        out.close();
    }
    const LoadResult compressed = load(siae, gz);
    CHECK(compressed.report.loaded == 3853);
    CHECK(offers_of(compressed) == expected);
}
