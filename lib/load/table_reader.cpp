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
#include "load/geojson.hpp"
#include "load/json_records.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

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

// True when one of the eight bytes of `word` is `c` (the classic bit trick: a byte of
// word ^ c*0x01..01 is zero exactly where `c` is).
bool has_byte(uint64_t word, char c) {
    const uint64_t x = word ^ (0x0101010101010101ull * static_cast<unsigned char>(c));
    return ((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) != 0;
}

// Plain CSV files are read here rather than through GDAL: the same rules (a header line, any of
// the four separators found from it, RFC 4180 quotes, missing fields empty, extra ones ignored)
// at several times GDAL's speed, which spends most of a load building features.
class CsvScanner {
  public:
    CsvScanner(std::string_view text, char separator) : m_text(text), m_separator(separator) {}

    // The next record's fields into `fields` (reusing their storage); false at the end.
    // `line` is the record's first line. Throws DataError on an unterminated quote.
    bool next(std::vector<std::string>& fields, size_t& count, size_t& line, const fs::path& file) {
        // Blank lines between records are skipped.
        while (m_at < m_text.size() && (m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
            if (m_text[m_at] == '\n') ++m_line;
            ++m_at;
        }
        if (m_at >= m_text.size()) return false;
        line = m_line;
        count = 0;
        for (;;) {
            if (count == fields.size()) fields.emplace_back();
            std::string& field = fields[count++];
            field.clear();
            if (m_at < m_text.size() && m_text[m_at] == '"') {
                ++m_at;
                for (;;) {
                    const size_t quote = m_text.find('"', m_at);
                    if (quote == std::string_view::npos)
                        throw DataError(file.string() + ":" + std::to_string(line) +
                                        ": a quoted field is never closed");
                    for (size_t i = m_at; i < quote; ++i) m_line += m_text[i] == '\n';
                    field.append(m_text.substr(m_at, quote - m_at));
                    m_at = quote + 1;
                    if (m_at < m_text.size() && m_text[m_at] == '"') {
                        field += '"';
                        ++m_at;
                    } else {
                        break;
                    }
                }
            }
            // Up to the next separator or end of line (after a quote, stray text is kept).
            size_t end = m_at;
            // Eight bytes at a time while none is the separator or a newline (most fields are
            // a few words long, descriptions a few hundred bytes).
            for (uint64_t word; end + 8 <= m_text.size(); end += 8) {
                std::memcpy(&word, m_text.data() + end, 8);
                if (has_byte(word, m_separator) || has_byte(word, '\n')) break;
            }
            while (end < m_text.size() && m_text[end] != m_separator && m_text[end] != '\n') ++end;
            size_t stop = end;
            if (stop > m_at && stop <= m_text.size() && m_text[stop - 1] == '\r' &&
                (stop == m_text.size() || m_text[stop] == '\n'))
                --stop;
            field.append(m_text.substr(m_at, stop - m_at));
            m_at = end;
            if (m_at < m_text.size() && m_text[m_at] == m_separator) {
                ++m_at;
                continue;
            }
            if (m_at < m_text.size()) ++m_at, ++m_line;  // the '\n'
            return true;
        }
    }

  private:
    std::string_view m_text;
    char m_separator;
    size_t m_at = 0;
    size_t m_line = 1;
};

// The separator of a header line: the one of , ; TAB | it holds most (outside quotes).
char separator_of(std::string_view header) {
    size_t counts[4] = {0, 0, 0, 0};
    const char candidates[4] = {',', ';', '\t', '|'};
    bool quoted = false;
    for (char c : header) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        for (int k = 0; k < 4; ++k) counts[k] += c == candidates[k];
    }
    int best = 0;
    for (int k = 1; k < 4; ++k)
        if (counts[k] > counts[best]) best = k;
    return candidates[best];
}

void read_csv(const fs::path& file, const ReadOptions& options,
              const std::function<void(const Row&)>& handle) {
    MappedFile mapped;
    try {
        mapped = MappedFile(file);
    } catch (const std::exception& e) {
        throw DataError("cannot read " + file.string() + ": " + e.what());
    }
    std::string_view text = mapped.view();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte-order mark
    const char separator = options.separator.empty()
                               ? separator_of(text.substr(0, text.find('\n')))
                               : (options.separator == "\\t" ? '\t' : options.separator[0]);
    const bool latin1 = options.encoding == "ISO-8859-1" || options.encoding == "latin1";
    CsvScanner scanner(text, separator);
    std::vector<std::string> fields;
    size_t count = 0, line = 0;
    Row row;
    if (!scanner.next(fields, count, line, file))
        throw DataError(file.string() + ": no header line");
    for (size_t i = 0; i < count; ++i)
        row.columns.push_back(latin1 ? latin1_to_utf8(fields[i]) : fields[i]);
    row.values.assign(row.columns.size(), std::string());
    row.index_columns();
    size_t number = 0;
    while (scanner.next(fields, count, line, file)) {
        ++number;
        row.position = number + 1;  // as GDAL numbers them: the header is line 1
        for (size_t i = 0; i < row.columns.size(); ++i) {
            if (i >= count)
                row.values[i].clear();
            else if (latin1)
                row.values[i] = latin1_to_utf8(fields[i]);
            else
                row.values[i].swap(fields[i]);
        }
        handle(row);
    }
}

void read_geojson_file(const fs::path& file, const std::function<void(const Row&)>& handle) {
    MappedFile mapped;
    try {
        mapped = MappedFile(file);
    } catch (const std::exception& e) {
        throw DataError("cannot read " + file.string() + ": " + e.what());
    }
    read_geojson(file, mapped.view(), handle);
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
    // GDAL finds a CSV's separator from its header line (a declared one is checked before).
    // GeoJSON dates stay as written, as the GeoJSON reader keeps them (GDAL would give
    // "2023/01/15"); options a driver does not know are ignored.
    std::vector<std::string> open_options = {"AUTODETECT_TYPE=NO", "KEEP_SOURCE_COLUMNS=NO",
                                             "HEADERS=AUTO", "DATE_AS_STRING=YES"};
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
    row.index_columns();
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
    if (options.format != "json") check_separator(file, options);
    if (options.format == "json")
        read_json(file, handle);
    else if (options.format == "csv" && file.extension() == ".csv")
        read_csv(file, options, handle);
    else if (options.format == "geojson" && file.extension() != ".gz")
        read_geojson_file(file, handle);
    else
        read_ogr(file, options, handle);
}

void for_each_row_gdal(const fs::path& file, const ReadOptions& options,
                       const std::function<void(const Row&)>& handle) {
    if (!fs::exists(file)) throw DataError("cannot read " + file.string() + ": no such file");
    read_ogr(file, options, handle);
}

}  // namespace cartoffre::detail
