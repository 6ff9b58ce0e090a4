#include "detail/table_reader.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cartoffre/error.hpp"
#include "detail/json_records.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

const std::string& Row::operator[](const std::string& column) const {
    static const std::string empty;
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == column) return values[i];
    return empty;
}

bool Row::has_column(const std::string& column) const {
    for (auto& c : columns)
        if (c == column) return true;
    return false;
}

namespace {

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

// Nested records (Soliguide's export) become columns named by their path: "position.ville",
// "location.coordinates[1]" for an item of a list of values, "timeslot[].start" for the values
// of one key across a list of objects (";"-separated). Every level keeps its text as well.
void flatten(const std::string& path, const nlohmann::json& value, Row& row) {
    row.columns.push_back(path);
    row.values.push_back(json_text(value));
    if (value.is_object()) {
        for (auto& [key, item] : value.items()) flatten(path + "." + key, item, row);
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
            for (auto& [key, member] : item.items()) flatten(path + "[]." + key, member, inner);
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

void read_json(const fs::path& file, const std::function<void(const Row&)>& handle) {
    for_each_record(file, [&](const nlohmann::json& object, RecordPlace& at) {
        Row row;
        row.position = at.record;
        for (auto& [key, value] : object.items()) {
            if (value.is_structured())
                flatten(key, value, row);
            else {
                row.columns.push_back(key);
                row.values.push_back(json_text(value));
            }
        }
        handle(row);
    });
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};

void read_ogr(const fs::path& file, const ReadOptions& options,
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
    // GDAL finds a CSV's separator from its header line; a declared one is checked against it,
    // so that a file that changed shape is an error, not a table of one column.
    std::vector<std::string> open_options = {"AUTODETECT_TYPE=NO", "KEEP_SOURCE_COLUMNS=NO",
                                             "HEADERS=AUTO"};
    if (!options.separator.empty() && file.extension() != ".gz") {
        std::ifstream in(file, std::ios::binary);
        std::string header;
        std::getline(in, header);
        if (header.find(options.separator) == std::string::npos)
            for (const char* other : {",", ";", "\t", "|"})
                if (other != options.separator && header.find(other) != std::string::npos)
                    throw DataError(file.string() + ":1: the mapping declares the separator '" +
                                    options.separator + "' but the header line uses '" +
                                    std::string(other) + "'");
    }
    std::vector<const char*> raw;
    for (auto& o : open_options) raw.push_back(o.c_str());
    raw.push_back(nullptr);
    std::string path = file.string();
    if (file.extension() == ".gz") path = "/vsigzip/" + path;
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> dataset(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, raw.data()));
    if (!dataset) {
        const std::string why = CPLGetLastErrorMsg();
        throw DataError("cannot read " + file.string() + " as a table" +
                        (why.empty() ? "" : ": " + why));
    }
    if (dataset->GetLayerCount() == 0) throw DataError(file.string() + ": no table in the file");
    OGRLayer* layer = dataset->GetLayer(0);
    OGRFeatureDefn* definition = layer->GetLayerDefn();
    Row row;
    for (int i = 0; i < definition->GetFieldCount(); ++i)
        row.columns.push_back(definition->GetFieldDefn(i)->GetNameRef());
    const bool latin1 = options.encoding == "ISO-8859-1" || options.encoding == "latin1";
    if (latin1)
        for (auto& c : row.columns) c = latin1_to_utf8(c);
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
        throw DataError("error reading " + file.string() + ": " + CPLGetLastErrorMsg());
}

}  // namespace

void for_each_row(const fs::path& file, const ReadOptions& options,
                  const std::function<void(const Row&)>& handle) {
    if (!fs::exists(file)) throw DataError("cannot read " + file.string() + ": no such file");
    if (fs::file_size(file) == 0) throw DataError(file.string() + ": empty file");
    if (options.format == "json")
        read_json(file, handle);
    else
        read_ogr(file, options, handle);
}

}  // namespace cartoffre::detail
