#include "load/crosswalk.hpp"

#include <fstream>

#include "cartoffre/error.hpp"
#include "load/mapping_rules.hpp"
#include "load/zone_templates.hpp"

namespace cartoffre::detail {

namespace {

std::vector<std::string> cells(const std::string& line, char separator) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t end; (end = line.find(separator, start)) != std::string::npos; start = end + 1)
        out.push_back(line.substr(start, end - start));
    out.push_back(line.substr(start));
    return out;
}

std::string trimmed(const std::string& s) {
    const size_t first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

CrosswalkEntries read_crosswalk(const std::filesystem::path& table, const std::string& file,
                                const std::string& key) {
    auto wrong = [&](size_t line, const std::string& why) -> void {
        throw DataError("mapping " + file + " : \"" + key + "\" : " + table.string() +
                        (line ? ":" + std::to_string(line) : std::string()) + " : " + why);
    };
    std::ifstream in(table);
    if (!in) wrong(0, "table illisible");
    std::vector<std::string> header;
    CrosswalkEntries entries;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> row = cells(line, '\t');
        if (header.empty()) {
            header = row;
            if (header.size() < 2)
                wrong(number, "en-tête attendu : la colonne des valeurs puis des champs d'offre");
            for (size_t c = 1; c < header.size(); ++c)
                if (header[c] != "note" && !is_offer_field(header[c]))
                    wrong(number, "« " + header[c] + " » n'est ni un champ d'offre ni « note »");
            continue;
        }
        if (row.size() != header.size())
            wrong(number, std::to_string(row.size()) + " colonnes au lieu de " +
                              std::to_string(header.size()) + " (séparées par des tabulations)");
        const std::string value = trimmed(row[0]);
        if (value.empty()) wrong(number, "valeur vide en première colonne");
        if (entries.count(value)) wrong(number, "« " + value + " » déjà dans la table");
        auto& fields = entries[value];
        for (size_t c = 1; c < row.size(); ++c) {
            if (header[c] == "note") continue;
            for (const std::string& item : cells(row[c], ';')) {
                const std::string code = trimmed(item);
                if (code.empty()) continue;
                if (header[c] == "zone_eligibilite" && is_zone_template(code)) {
                    const std::string problem = zone_template_problem(code);
                    if (!problem.empty()) wrong(number, problem);
                }
                fields[header[c]].push_back(code);
            }
        }
    }
    if (header.empty()) wrong(0, "table vide");
    return entries;
}

}  // namespace cartoffre::detail
