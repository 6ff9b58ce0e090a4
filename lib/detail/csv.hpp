#pragma once
// A reader for the comma-separated tables of the official geography: a header line naming the
// columns, then one record a line; fields may be quoted ("a, b" and "" for a quote).

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cartoffre::detail {

class CsvReader {
  public:
    // Throws DataError when the file cannot be read or has no header.
    explicit CsvReader(const std::filesystem::path& file);

    // Reads the next record; false at the end. Throws DataError on a record whose number of
    // fields differs from the header's.
    bool next();
    // A field of the current record by column name. Throws DataError when the file has no such
    // column.
    const std::string& field(const std::string& column) const;
    // A decimal number, or nothing when the field is empty. Throws DataError otherwise.
    std::optional<double> number(const std::string& column) const;
    // Throws DataError "FILE:LINE: field COLUMN: value 'V': why".
    [[noreturn]] void fail(const std::string& column, const std::string& why) const;

    size_t line() const { return m_line; }

  private:
    std::filesystem::path m_file;
    std::ifstream m_in;
    size_t m_line = 0;
    std::unordered_map<std::string, size_t> m_columns;
    std::vector<std::string> m_fields;
};

// Splits one CSV line into fields.
std::vector<std::string> split_csv_line(const std::string& line);
// The records of a whole CSV text; a quoted field may run over line breaks; blank lines are
// skipped.
std::vector<std::vector<std::string>> parse_csv(std::string_view text);

}  // namespace cartoffre::detail
