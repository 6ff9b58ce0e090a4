#include "load/table_reader.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cartoffre/error.hpp"
#include "detail/mapped_file.hpp"
#include "load/csv_table.hpp"
#include "load/geojson.hpp"
#include "load/json_records.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

const std::vector<std::string> known_formats = {"csv", "geojson", "json", "gdal"};
const std::vector<std::string> known_separators = {",", ";", "\\t", "\t", "|"};
const std::vector<std::string> known_encodings = {"UTF-8", "ISO-8859-1", "latin1"};

void Row::index_columns() {
    m_index.clear();
    for (size_t i = 0; i < columns.size(); ++i) m_index.emplace(columns[i], i);
    m_indexed = columns.size();
}

const std::string& Row::operator[](const std::string& column) const {
    static const std::string empty;
    if (m_indexed != 0 && m_indexed == columns.size()) {
        auto found = m_index.find(column);
        return found == m_index.end() ? empty : values[found->second];
    }
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == column) return values[i];
    return empty;
}

std::string latin1_to_utf8(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (unsigned char c : text) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xc0 | c >> 6);
            out += static_cast<char>(0x80 | (c & 0x3f));
        }
    }
    return out;
}

bool Row::has_column(const std::string& column) const {
    for (auto& c : columns)
        if (c == column) return true;
    return false;
}

namespace {

std::string json_text(const nlohmann::json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {  // lists become ";"-separated text, as CSV exports write them
        std::string out;
        for (auto& item : v) out += (out.empty() ? "" : ";") + json_text(item);
        return out;
    }
    if (v.is_object()) return v.dump();
    return v.dump();  // numbers and booleans as JSON writes them
}

}  // namespace

// Nested records (Soliguide's export) become columns named by their path: "position.ville",
// "location.coordinates[1]" for an item of a list of values, "timeslot[].start" for the values
// of one key across a list of objects (";"-separated). Every level keeps its text as well.
void flatten_json(const std::string& path, const nlohmann::json& value, Row& row) {
    row.columns.push_back(path);
    row.values.push_back(json_text(value));
    if (value.is_object()) {
        for (auto& [key, item] : value.items()) flatten_json(path + "." + key, item, row);
    } else if (value.is_array()) {
        std::vector<std::pair<std::string, std::string>> across;  // "[].key" -> joined values
        for (size_t i = 0; i < value.size(); ++i) {
            const nlohmann::json& item = value[i];
            if (!item.is_object()) {
                row.columns.push_back(path + "[" + std::to_string(i) + "]");
                row.values.push_back(json_text(item));
                continue;
            }
            Row inner;
            for (auto& [key, member] : item.items())
                flatten_json(path + "[]." + key, member, inner);
            for (size_t c = 0; c < inner.columns.size(); ++c) {
                auto found = std::find_if(across.begin(), across.end(),
                                          [&](auto& a) { return a.first == inner.columns[c]; });
                if (found == across.end())
                    across.push_back({inner.columns[c], inner.values[c]});
                else
                    found->second += ";" + inner.values[c];
            }
        }
        for (auto& [column, text] : across) {
            row.columns.push_back(column);
            row.values.push_back(text);
        }
    }
}

namespace {

void read_json(const fs::path& file, const std::function<void(const Row&)>& handle) {
    for_each_record(file, [&](const nlohmann::json& object, RecordPlace& at) {
        Row row;
        row.position = at.record;
        for (auto& [key, value] : object.items()) {
            if (value.is_structured())
                flatten_json(key, value, row);
            else {
                row.columns.push_back(key);
                row.values.push_back(json_text(value));
            }
        }
        handle(row);
    });
}

// A CSV's separator is found from its header line; a declared one is checked against it, so
// that a file that changed shape is an error, not a table of one column.
void check_separator(const fs::path& file, const ReadOptions& options) {
    if (options.separator.empty() || file.extension() == ".gz") return;
    const std::string declared = options.separator == "\\t" ? "\t" : options.separator;
    std::ifstream in(file, std::ios::binary);
    std::string header;
    std::getline(in, header);
    header = header.substr(0, header.find('\r'));  // a file of CR line ends
    if (header.find(declared) == std::string::npos)
        for (const char* other : {",", ";", "\t", "|"})
            if (other != declared && header.find(other) != std::string::npos)
                throw DataError(file.string() + ":1 : le mapping déclare le séparateur '" +
                                options.separator + "' mais la ligne d'en-tête emploie '" +
                                std::string(other) + "'");
}

void read_geojson_file(const fs::path& file, const std::function<void(const Row&)>& handle) {
    MappedFile mapped;
    try {
        mapped = MappedFile(file);
    } catch (const std::exception& e) {
        throw DataError("impossible de lire " + file.string() + " : " + e.what());
    }
    read_geojson(file, mapped.view(), handle);
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};

void read_ogr(const fs::path& file, const ReadOptions& options, const HeaderCallback& header,
              const std::function<void(const Row&)>& handle) {
    static const bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    (void)registered;
    // GDAL's messages come back in our errors, not on the terminal.
    struct QuietGdal {
        QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
        ~QuietGdal() { CPLPopErrorHandler(); }
    } quiet;
    // GDAL finds a CSV's separator from its header line (a declared one is checked before).
    // GeoJSON dates stay as written, as the GeoJSON reader keeps them (GDAL would give
    // "2023/01/15"); options a driver does not know are ignored.
    std::vector<std::string> open_options = {"AUTODETECT_TYPE=NO", "KEEP_SOURCE_COLUMNS=NO",
                                             "DATE_AS_STRING=YES"};
    std::string path = file.string();
    if (file.extension() == ".gz") path = "/vsigzip/" + path;
    // A spreadsheet's first row is its header: GDAL's guess (HEADERS=AUTO) takes it for data
    // when every cell of the sheet is text, as in an export where codes and postcodes are text
    // (every SIAE row rejected for want of an id). Cells are read as their text.
    // GDAL reads these as open options from 3.8, as configuration options before (for the
    // whole read: a sheet is parsed when its layer is first used).
    struct ThreadConfig {
        std::string key, previous;
        bool had = false;
        ThreadConfig(const char* k, const char* value) : key(k) {
            if (const char* p = CPLGetThreadLocalConfigOption(k, nullptr)) previous = p, had = true;
            CPLSetThreadLocalConfigOption(k, value);
        }
        ~ThreadConfig() {
            CPLSetThreadLocalConfigOption(key.c_str(), had ? previous.c_str() : nullptr);
        }
    };
    std::vector<std::unique_ptr<ThreadConfig>> config;
    const char* const spreadsheets[] = {"XLSX", "ODS", nullptr};
    if (GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, spreadsheets, nullptr)) {
        open_options.insert(open_options.end(), {"HEADERS=FORCE", "FIELD_TYPES=STRING"});
        for (const char* option : {"OGR_XLSX_HEADERS", "OGR_ODS_HEADERS"})
            config.push_back(std::make_unique<ThreadConfig>(option, "FORCE"));
        for (const char* option : {"OGR_XLSX_FIELD_TYPES", "OGR_ODS_FIELD_TYPES"})
            config.push_back(std::make_unique<ThreadConfig>(option, "STRING"));
    } else {
        open_options.push_back("HEADERS=AUTO");
    }
    std::vector<const char*> raw;
    for (auto& o : open_options) raw.push_back(o.c_str());
    raw.push_back(nullptr);
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> dataset(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, raw.data()));
    if (!dataset) {
        const std::string why = CPLGetLastErrorMsg();
        throw DataError("impossible de lire " + file.string() + " comme une table" +
                        (why.empty() ? "" : ": " + why));
    }
    if (dataset->GetLayerCount() == 0)
        throw DataError(file.string() + " : aucune table dans le fichier");
    OGRLayer* layer = dataset->GetLayer(0);
    OGRFeatureDefn* definition = layer->GetLayerDefn();
    Row row;
    for (int i = 0; i < definition->GetFieldCount(); ++i)
        row.columns.push_back(definition->GetFieldDefn(i)->GetNameRef());
    const bool latin1 = options.encoding == "ISO-8859-1" || options.encoding == "latin1";
    if (latin1)
        for (auto& c : row.columns) c = latin1_to_utf8(c);
    row.index_columns();
    if (header) header(row.columns);
    const bool csv = std::string(dataset->GetDriverName()) == "CSV";
    layer->ResetReading();
    size_t number = 0;
    for (OGRFeature* raw_feature; (raw_feature = layer->GetNextFeature()) != nullptr;) {
        std::unique_ptr<OGRFeature> feature(raw_feature);
        ++number;
        row.position = csv ? number + 1 : number;  // a CSV's data start on line 2
        row.values.assign(row.columns.size(), std::string());
        for (int i = 0; i < definition->GetFieldCount(); ++i)
            if (feature->IsFieldSetAndNotNull(i)) {
                std::string value = feature->GetFieldAsString(i);
                row.values[static_cast<size_t>(i)] = latin1 ? latin1_to_utf8(value) : value;
            }
        row.x.reset(), row.y.reset();
        if (const OGRGeometry* g = feature->GetGeometryRef();
            g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            const auto* point = g->toPoint();
            row.x = point->getX();
            row.y = point->getY();
        }
        handle(row);
    }
    if (CPLGetLastErrorType() >= CE_Failure)
        throw DataError("erreur de lecture de " + file.string() + " : " + CPLGetLastErrorMsg());
}

// Formats read as text: their first bytes are checked before a reader sees them.
bool read_as_text(const fs::path& file, const ReadOptions& options) {
    if (options.format == "json" || options.format == "geojson") return true;
    fs::path name = file;
    if (name.extension() == ".gz") name = name.stem();
    const std::string extension = name.extension().string();
    for (const char* text : {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".geojson"})
        if (extension == text) return true;
    return false;
}

}  // namespace

void for_each_row(const fs::path& file, const ReadOptions& options,
                  const std::function<void(const Row&)>& handle, const HeaderCallback& header) {
    if (!fs::exists(file))
        throw DataError("impossible de lire " + file.string() + " : fichier introuvable");
    if (fs::file_size(file) == 0) throw DataError(file.string() + " : fichier vide");
    if (read_as_text(file, options)) {
        check_text_file(file, file.extension() == ".gz");
        // Not on a spreadsheet or a GeoPackage: their first "line" is binary.
        if (options.format != "json") check_separator(file, options);
    }
    if (options.format == "json")
        read_json(file, handle);
    else if (options.format == "csv" && file.extension() == ".csv")
        read_csv_table(file, options, header, handle);
    else if (options.format == "geojson" && file.extension() != ".gz")
        read_geojson_file(file, handle);
    else
        read_ogr(file, options, header, handle);
}

void for_each_row_gdal(const fs::path& file, const ReadOptions& options,
                       const std::function<void(const Row&)>& handle) {
    if (!fs::exists(file))
        throw DataError("impossible de lire " + file.string() + " : fichier introuvable");
    read_ogr(file, options, {}, handle);
}

}  // namespace cartoffre::detail
