#pragma once
// A mapping's row filters ("rows"): which rows of a partner's file are in the catalogue's scope.
// A national file holds more than an insertion caseworker needs (the DILA directory's 36,192
// town halls) and a partner's export holds places it does not publish (Soliguide's drafts): a
// filter keeps or drops rows by a column's value, and every row it leaves out is counted, per
// value, in the load report as out of scope (read = loaded + out of scope + rejected).

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cartoffre::detail {

struct RowFilter {
    std::string column;
    bool keep = true;              // keep the rows that match; else drop them
    std::set<std::string> values;  // matched as written, spaces around ignored
    std::string pattern;           // or an ECMAScript regular expression of the whole value
    std::shared_ptr<const std::regex> compiled;

    bool matches(const std::string& value) const;
};

// Reads the mapping's "rows" key: a list of {"column", "keep" or "drop"}, each a list of values
// or {"pattern": regex}. Throws DataError naming the mapping file and the key.
std::vector<RowFilter> parse_row_filters(const nlohmann::json& v, const std::string& file);

// The row filters of one load, and the rows they left out, by filter and value.
class RowScope {
  public:
    explicit RowScope(const std::vector<RowFilter>& filters) : m_filters(filters) {}

    // True when the row is in scope; else counts it against the value that left it out.
    // `value_of(column)` gives the row's value of a column.
    template <class ValueOf>
    bool in_scope(const ValueOf& value_of) {
        for (size_t i = 0; i < m_filters.size(); ++i) {
            const RowFilter& f = m_filters[i];
            const std::string& value = value_of(f.column);
            if (decide(i, value) != f.keep) {
                ++m_left_out[{i, trimmed(value)}];
                return false;
            }
        }
        return true;
    }

    // (column, value, rows), the most rows first (ties by column and value).
    struct LeftOut {
        std::string column, value;
        size_t rows = 0;
    };
    std::vector<LeftOut> left_out() const;

  private:
    bool decide(size_t filter, const std::string& value);
    static std::string trimmed(const std::string& value);

    const std::vector<RowFilter>& m_filters;
    // Whether a filter matches a value, found once per distinct value: a column filtered on
    // (a type, a status) has few values over many rows.
    std::vector<std::unordered_map<std::string, bool>> m_decided;
    std::map<std::pair<size_t, std::string>, size_t> m_left_out;
};

}  // namespace cartoffre::detail
