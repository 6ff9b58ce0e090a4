#pragma once
// A mapping checked against the file it reads, before its rows are mapped: every column, join
// key and template field it names must be in the file, or the load stops with an error naming
// the mapping file, the mapping's key, the missing column and the nearest columns the file has
// (a column named wrong would empty a field, or unjoin every row, without a word).

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "load/mapping_rules.hpp"
#include "load/table_reader.hpp"

namespace cartoffre::detail {

// A column a mapping names, and the mapping key that names it ("fields.adresse").
struct NamedColumn {
    std::string key;
    std::string column;
};

class ColumnCheck {
  public:
    // The columns `mapping` reads from the rows of the loaded file (joined = false) or of the
    // file joined to them (joined = true: "join.key" and the "{as.column}" of other keys).
    ColumnCheck(const Mapping::Impl& mapping, const std::filesystem::path& file, bool joined);

    // A table's header: throws DataError at once for a column it lacks.
    void header(const std::vector<std::string>& columns);
    // A row of a file without a header (JSON records, GeoJSON features): the columns it has.
    void row(const Row& row) {
        if (!m_headed && !m_missing.empty()) seen(row);
    }
    // After the last row of a file without a header: throws DataError for a column no row had.
    void finish();

  private:
    void seen(const Row& row);
    [[noreturn]] void fail(const NamedColumn& named, const std::vector<std::string>& columns,
                           const char* where) const;

    const Mapping::Impl& m_mapping;
    std::filesystem::path m_file;
    std::vector<NamedColumn> m_named;
    std::vector<size_t> m_missing;    // of m_named, not seen yet
    std::set<std::string> m_columns;  // every column seen, for the hints
    bool m_headed = false;
};

// The `count` names of `candidates` nearest to `name` (edit distance, case ignored).
std::vector<std::string> nearest_names(const std::string& name,
                                       const std::vector<std::string>& candidates, size_t count);

}  // namespace cartoffre::detail
