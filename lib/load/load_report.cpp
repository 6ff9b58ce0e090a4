// What a load says: the counts, the values left out of scope and the most frequent reasons for
// the terminal, and every issue in a CSV file.

#include <algorithm>
#include <fstream>
#include <map>

#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"

namespace cartoffre {

namespace fs = std::filesystem;

std::string LoadReport::summary() const {
    std::string out = source + " (" + file + ") : " + std::to_string(read) + " lignes lues, " +
                      std::to_string(loaded) + " chargées (dont " + std::to_string(warned) +
                      " avec avertissement), " + std::to_string(rejected) + " rejetées";
    if (out_of_scope) out += ", " + std::to_string(out_of_scope) + " hors champ";
    if (placed_at_commune_centre)
        out += " ; " + std::to_string(placed_at_commune_centre) +
               " sans coordonnées placées au centre de leur commune";
    if (moved_to_commune_centre)
        out += " ; " + std::to_string(moved_to_commune_centre) +
               " trop loin de leur commune placées en son centre";
    out += "\n";
    if (!out_of_scope_values.empty()) {
        // The values that weigh, as a reviewer reads them: "mairie 36192, gendarmerie 3289…".
        out += "  hors champ : ";
        for (size_t i = 0; i < out_of_scope_values.size() && i < 8; ++i) {
            const OutOfScopeValue& v = out_of_scope_values[i];
            out += (i ? ", " : "") + (v.value.empty() ? std::string("(vide)") : v.value) + " " +
                   std::to_string(v.rows);
        }
        if (out_of_scope_values.size() > 8)
            out += " et " + std::to_string(out_of_scope_values.size() - 8) + " autres valeurs";
        out += "\n";
    }
    std::map<std::string, size_t> reasons;
    for (auto& issue : issues) {
        std::string reason = issue.reason.substr(0, issue.reason.find(':'));
        // French puts a space before the colon: "loin de la commune indiquée : 512 km…".
        while (!reason.empty() && reason.back() == ' ') reason.pop_back();
        ++reasons[(issue.rejected ? "rejet : " : "avertissement : ") + issue.field + " : " +
                  reason];
    }
    std::vector<std::pair<size_t, std::string>> by_count;
    for (auto& [reason, count] : reasons) by_count.push_back({count, reason});
    std::sort(by_count.rbegin(), by_count.rend());
    for (size_t i = 0; i < by_count.size() && i < 8; ++i)
        out += "  " + std::to_string(by_count[i].first) + " × " + by_count[i].second + "\n";
    return out;
}

void LoadReport::write_csv(const fs::path& file) const {
    std::ofstream out(file, std::ios::binary);
    if (!out) throw DataError("impossible d'écrire le rapport " + file.string());
    auto field = [&](const std::string& s) {
        out << '"';
        for (char c : s) out << (c == '"' ? "\"\"" : std::string(1, c));
        out << '"';
    };
    out << "position,source_id,field,value,reason,status\n";
    for (auto& i : issues) {
        out << i.position << ',';
        field(i.source_id), out << ',', field(i.field), out << ',', field(i.value), out << ',';
        field(i.reason), out << ',' << (i.rejected ? "rejected" : "warning") << '\n';
    }
    for (auto& v : out_of_scope_values) {
        out << ",,";
        field(v.column), out << ',', field(v.value), out << ',';
        field("hors champ : " + std::to_string(v.rows) + " lignes"), out << ",out-of-scope\n";
    }
    if (!out) throw DataError("impossible d'écrire le rapport " + file.string());
}

}  // namespace cartoffre
