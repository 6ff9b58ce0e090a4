#include "load/row_filters.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

// std::regex_error's what() is English: its code, said in French.
std::string why(const std::regex_error& e) {
    namespace rc = std::regex_constants;
    switch (e.code()) {
        case rc::error_paren:
            return "parenthèses mal appariées";
        case rc::error_brack:
            return "crochets mal appariés";
        case rc::error_brace:
            return "accolades mal appariées";
        case rc::error_badbrace:
            return "nombre entre accolades non valide";
        case rc::error_badrepeat:
            return "répétition (*, +, ?) sans rien à répéter";
        case rc::error_escape:
            return "échappement non valide";
        case rc::error_range:
            return "intervalle de caractères non valide";
        case rc::error_ctype:
        case rc::error_collate:
            return "classe de caractères non valide";
        case rc::error_backref:
            return "référence arrière non valide";
        case rc::error_complexity:
        case rc::error_stack:
            return "expression trop complexe";
        default:
            return "expression non valide";
    }
}

using nlohmann::json;

[[noreturn]] void wrong(const std::string& file, const std::string& key, const std::string& why) {
    throw DataError("mapping " + file + " : \"" + key + "\" : " + why);
}

std::string text(const json& v, const std::string& file, const std::string& key) {
    if (!v.is_string()) wrong(file, key, "une chaîne est attendue, pas " + v.dump());
    return v.get<std::string>();
}

}  // namespace

bool RowFilter::matches(const std::string& value) const {
    if (compiled) return std::regex_match(value, *compiled);
    return values.count(value) > 0;
}

std::vector<RowFilter> parse_row_filters(const json& v, const std::string& file) {
    const char* shape =
        "une liste de {\"column\", \"keep\" ou \"drop\"} est attendue, chacun une liste de "
        "valeurs ou {\"pattern\": expression régulière}";
    if (!v.is_array()) wrong(file, "rows", shape);
    std::vector<RowFilter> filters;
    for (size_t i = 0; i < v.size(); ++i) {
        const std::string key = "rows[" + std::to_string(i) + "]";
        const json& f = v[i];
        if (!f.is_object() || !f.contains("column") || f.contains("keep") == f.contains("drop") ||
            f.size() != 2)
            wrong(file, key, shape);
        RowFilter filter;
        filter.column = text(f["column"], file, key + ".column");
        filter.keep = f.contains("keep");
        const std::string which = key + (filter.keep ? ".keep" : ".drop");
        const json& what = f[filter.keep ? "keep" : "drop"];
        if (what.is_array()) {
            if (what.empty()) wrong(file, which, "liste vide : aucune ligne ne passerait");
            for (size_t k = 0; k < what.size(); ++k)
                filter.values.insert(text(what[k], file, which + "[" + std::to_string(k) + "]"));
        } else if (what.is_object() && what.size() == 1 && what.contains("pattern")) {
            filter.pattern = text(what["pattern"], file, which + ".pattern");
            try {
                filter.compiled = std::make_shared<const std::regex>(filter.pattern);
            } catch (const std::regex_error& e) {
                wrong(file, which + ".pattern",
                      "expression régulière « " + filter.pattern + " » invalide : " + why(e));
            }
        } else {
            wrong(file, which, shape);
        }
        filters.push_back(std::move(filter));
    }
    return filters;
}

std::string RowScope::trimmed(const std::string& value) {
    const size_t first = value.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
}

bool RowScope::decide(size_t filter, const std::string& value) {
    if (m_decided.size() < m_filters.size()) m_decided.resize(m_filters.size());
    auto& decided = m_decided[filter];
    auto found = decided.find(value);
    if (found != decided.end()) return found->second;
    const bool match = m_filters[filter].matches(trimmed(value));
    decided.emplace(value, match);
    return match;
}

std::vector<RowScope::LeftOut> RowScope::left_out() const {
    std::vector<LeftOut> out;
    for (auto& [key, rows] : m_left_out)
        out.push_back({m_filters[key.first].column, key.second, rows});
    std::stable_sort(out.begin(), out.end(),
                     [](const LeftOut& a, const LeftOut& b) { return a.rows > b.rows; });
    return out;
}

}  // namespace cartoffre::detail
