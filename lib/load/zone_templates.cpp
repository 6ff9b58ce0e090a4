#include "load/zone_templates.hpp"

#include "load/mapping_rules.hpp"

namespace cartoffre::detail {

namespace {

const char* const kinds[] = {"commune", "epci", "departement", "region"};

std::string kind_of(const std::string& value) {
    return value.substr(0, value.find(':'));
}

}  // namespace

bool is_zone_template(const std::string& value) {
    return value.find(':') != std::string::npos || value.find('{') != std::string::npos;
}

std::string zone_template_problem(const std::string& value) {
    const size_t colon = value.find(':');
    if (colon == std::string::npos)
        return "modèle de zone « " + value + " » sans genre : commune:, epci:, departement: ou " +
               "region: suivi du modèle, par exemple departement:{code_insee}";
    bool known = false;
    for (const char* kind : kinds) known = known || kind_of(value) == kind;
    if (!known)
        return "genre de zone « " + kind_of(value) +
               " » inconnu (commune, epci, departement, region)";
    const std::string pattern = value.substr(colon + 1);
    int depth = 0;
    for (char c : pattern) {
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        if (depth < 0 || depth > 1) return "accolades mal formées dans « " + value + " »";
    }
    if (depth != 0) return "accolade jamais fermée dans « " + value + " »";
    if (template_columns(pattern).empty())
        return "modèle de zone « " + value + " » sans colonne entre accolades";
    for (auto& column : template_columns(pattern))
        if (column.empty()) return "accolades vides dans « " + value + " »";
    return {};
}

std::vector<std::string> resolve_zone_template(const std::string& value, const Row& row,
                                               const Gazetteer& gazetteer, std::string& why) {
    const std::string kind = kind_of(value);
    std::string code = fill(value.substr(value.find(':') + 1), row);
    const size_t first = code.find_first_not_of(" \t");
    code = first == std::string::npos ? std::string() : code.substr(first);
    while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.pop_back();
    // A département or région code given as it is (a file with a département column).
    if (kind == "departement" && code.size() <= 3 && gazetteer.is_departement(code)) return {code};
    if (kind == "region" && code.size() <= 2 && gazetteer.is_region(code))
        return gazetteer.departements_of_region(code);
    const auto commune = gazetteer.find_code(code);
    if (!commune) {
        why = code.empty() ? "pas de commune dans la ligne pour « " + value + " », zone omise"
                           : "commune « " + code + " » inconnue pour « " + value + " », zone omise";
        return {};
    }
    const Commune c = gazetteer.commune(*commune);
    if (kind == "commune") return {std::string(c.parent.empty() ? c.code : c.parent)};
    if (kind == "departement") return {std::string(c.departement)};
    if (kind == "region") return gazetteer.departements_of_region(c.region);
    if (c.epci.empty()) {
        why = "commune « " + code + " » sans EPCI pour « " + value + " », zone omise";
        return {};
    }
    return {std::string(c.epci)};
}

}  // namespace cartoffre::detail
