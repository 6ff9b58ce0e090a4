#pragma once
// Partner catalogues as rows of named text fields, whatever their shape: what GDAL/OGR reads
// (CSV with any delimiter, GeoJSON, GeoPackage, Shapefile, XLSX, ODS...) and JSON arrays or
// JSON Lines of objects, plain or gzip-compressed.

#include <filesystem>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cartoffre::detail {

// One row: its place in the file and its fields by column name.
class Row {
  public:
    size_t position = 0;         // 1-based: the CSV line (header is line 1), or the record number
    std::optional<double> x, y;  // a point geometry (lon, lat), when the file has one

    // The field as text, empty when absent or null.
    const std::string& operator[](const std::string& column) const;
    bool has_column(const std::string& column) const;

    std::vector<std::string> columns;  // names, in file order
    std::vector<std::string> values;
    // Not empty when the row could not be read whole (broken CSV quotes, too many fields):
    // why, naming its lines. The loader rejects it; its values are those read before the fault.
    std::string problem;

    // Readers that keep one row for a whole table index its columns once: a mapping looks
    // up a dozen columns per row. The index is used only while the columns are those indexed.
    void index_columns();

  private:
    std::unordered_map<std::string, size_t> m_index;
    size_t m_indexed = 0;  // how many columns the index covers
};

struct ReadOptions {
    // "csv" (a plain .csv file by the project's scanner; another table format through
    // GDAL/OGR), "geojson", "json" (JSON records), "gdal" (GDAL/OGR whatever the file), or
    // empty (GDAL/OGR decides).
    std::string format;
    std::string separator;  // CSV: "," ";" "\t" or "|"; empty: GDAL guesses
    std::string encoding;   // "UTF-8" (default) or "ISO-8859-1" (converted to UTF-8)
};

// The values ReadOptions takes, for the mapping's checks and its error messages.
extern const std::vector<std::string> known_formats, known_separators, known_encodings;

// The columns of a file whose rows all have the same ones (a header), given before any row.
using HeaderCallback = std::function<void(const std::vector<std::string>&)>;

// Calls `handle` for every row of `file`. Throws DataError naming the file when it cannot be
// opened or read as a table, or is not text where text is expected (check_text_file). Plain CSV
// and GeoJSON files have readers of their own (format "csv" or "geojson"); other formats, and
// compressed ones, go through GDAL/OGR. `header`, when given, is called with the columns before
// the first row for tables (CSV, GDAL formats); JSON records and GeoJSON features have no
// header (their columns are the members each record has), and it is not called.
void for_each_row(const std::filesystem::path& file, const ReadOptions& options,
                  const std::function<void(const Row&)>& handle, const HeaderCallback& header = {});

// The same through GDAL/OGR whatever the format: the tests compare the readers with it.
void for_each_row_gdal(const std::filesystem::path& file, const ReadOptions& options,
                       const std::function<void(const Row&)>& handle);

std::string latin1_to_utf8(const std::string& text);

// A nested JSON value as columns named by their path ("position.ville", "coordinates[1]",
// "timeslot[].start"), each level with its text as well; lists as ";"-joined text.
void flatten_json(const std::string& path, const nlohmann::json& value, Row& row);

}  // namespace cartoffre::detail
