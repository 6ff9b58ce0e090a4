#include "load/mapping_check.hpp"

#include <algorithm>
#include <cctype>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

std::vector<NamedColumn> named_columns(const Mapping::Impl& m) {
    std::vector<NamedColumn> named;
    auto add = [&](const std::string& key, const std::string& column) {
        if (!column.empty()) named.push_back({key, column});
    };
    auto add_template = [&](const std::string& key, const std::string& pattern) {
        for (auto& column : template_columns(pattern)) add(key, column);
    };
    add_template("id", m.id);
    for (auto& [field, pattern] : m.fields) add_template("fields." + field, pattern);
    add("coordinates.latitude", m.latitude);
    add("coordinates.longitude", m.longitude);
    add("hours", m.hours_text);
    for (size_t d = 0; d < m.hours_days.size(); ++d)
        add("hours[" + std::to_string(d) + "]", m.hours_days[d]);
    if (m.hours_slots) add("hours.week", m.hours_slots->week);
    add("zone.type", m.zone_type);
    add("zone.code", m.zone_code);
    for (size_t i = 0; i < m.values.size(); ++i) {
        const std::string name = "values[" + std::to_string(i) + "]";
        add(name + ".column", m.values[i].column);
        // A criterion's value may be a template of the row ("{publics.age.min}").
        auto add_criteria = [&](const std::string& key, const auto& fields) {
            for (auto& [field, items] : fields)
                if (is_criteria_field(field))
                    for (auto& item : items) add_template(key + "." + field, item);
        };
        for (auto& [value, fields] : m.values[i].map) add_criteria(name + "." + value, fields);
        add_criteria(name + ".otherwise", m.values[i].otherwise);
    }
    if (m.join) add_template("join.on", m.join->on);
    for (size_t i = 0; i < m.row_filters.size(); ++i)
        add("rows[" + std::to_string(i) + "].column", m.row_filters[i].column);
    for (auto& [key, zone] : m.zone_templates) add_template(key, zone.substr(zone.find(':') + 1));
    return named;
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::vector<std::string> nearest_names(const std::string& name,
                                       const std::vector<std::string>& candidates, size_t count) {
    std::vector<std::pair<size_t, std::string>> scored;
    for (auto& c : candidates) scored.push_back({edit_distance(name, c), c});
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (size_t i = 0; i < scored.size() && out.size() < count; ++i)
        out.push_back(scored[i].second);
    return out;
}

ColumnCheck::ColumnCheck(const Mapping::Impl& mapping, const fs::path& file, bool joined)
    : m_mapping(mapping), m_file(file) {
    // With a join, "{as.column}" is a column of the joined file.
    const std::string prefix = mapping.join ? mapping.join->as + "." : std::string();
    if (joined) {
        for (auto& column : template_columns(mapping.join->key))
            m_named.push_back({"join.key", column});
        for (auto& n : named_columns(mapping))
            if (n.column.rfind(prefix, 0) == 0)
                m_named.push_back({n.key, n.column.substr(prefix.size())});
    } else {
        for (auto& n : named_columns(mapping))
            if (prefix.empty() || n.column.rfind(prefix, 0) != 0) m_named.push_back(n);
    }
    for (size_t i = 0; i < m_named.size(); ++i) m_missing.push_back(i);
}

void ColumnCheck::header(const std::vector<std::string>& columns) {
    m_headed = true;
    const std::set<std::string> has(columns.begin(), columns.end());
    for (auto& n : m_named)
        if (!has.count(n.column)) fail(n, columns, "de l'en-tête de");
    m_missing.clear();
}

void ColumnCheck::seen(const Row& row) {
    if (m_columns.size() < 5000)
        m_columns.insert(row.columns.begin(), row.columns.end());  // for the hints only
    m_missing.erase(std::remove_if(m_missing.begin(), m_missing.end(),
                                   [&](size_t i) { return row.has_column(m_named[i].column); }),
                    m_missing.end());
}

void ColumnCheck::finish() {
    if (m_headed || m_missing.empty()) return;
    fail(m_named[m_missing.front()], {m_columns.begin(), m_columns.end()},
         "de tous les enregistrements de");
}

void ColumnCheck::fail(const NamedColumn& named, const std::vector<std::string>& columns,
                       const char* where) const {
    std::string hints;
    for (auto& c : nearest_names(named.column, columns, 3))
        hints += (hints.empty() ? "" : ", ") + ("« " + c + " »");
    throw DataError("mapping " + m_mapping.file + " : \"" + named.key + "\" nomme la colonne « " +
                    named.column + " », absente " + where + " " + m_file.string() +
                    (hints.empty() ? std::string(" (aucune colonne)")
                                   : " ; colonnes les plus proches : " + hints));
}

}  // namespace cartoffre::detail
