// The member that stands for a cluster of duplicates (index/representative.hpp,
// docs/design/duplicates.md).

#include "index/representative.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "text/text.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

std::vector<Renaming> read_renamings(const fs::path& file) {
    std::ifstream in(file);
    if (!in)
        throw DataError("impossible de lire la table des organisations renommées " + file.string());
    std::vector<Renaming> table;
    bool headed = false;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const std::string where = file.string() + ":" + std::to_string(number) + " : ";
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> columns;
        std::istringstream split(line);
        for (std::string column; std::getline(split, column, '\t');) columns.push_back(column);
        if (!headed) {
            if (columns != std::vector<std::string>{"ancien_nom", "nouveau_nom", "date", "source"})
                throw DataError(where + "en-tête attendu : ancien_nom, nouveau_nom, date, source");
            headed = true;
            continue;
        }
        if (columns.size() != 4)
            throw DataError(where + "4 colonnes séparées par des tabulations attendues, " +
                            std::to_string(columns.size()) + " trouvées");
        Renaming r{fold(columns[0]), fold(columns[1]), {}, columns[3]};
        if (r.old_name.empty() || r.new_name.empty() || r.source.empty())
            throw DataError(where + "ancien_nom, nouveau_nom et source sont obligatoires");
        if (r.old_name == r.new_name || name_holds(columns[1], columns[0]))
            throw DataError(where + "le nouveau nom contient l'ancien : « " + columns[1] + " »");
        try {
            r.date = parse_date(columns[2]);
        } catch (const QueryError& e) {
            throw DataError(where + e.what());
        }
        table.push_back(std::move(r));
    }
    if (!headed) throw DataError(file.string() + " : pas de ligne d'en-tête");
    return table;
}

const std::vector<Renaming>& renamings() {
    static const std::vector<Renaming> table =
        read_renamings(data_dir() / "duplicates" / "renamed.tsv");
    return table;
}

bool name_holds(const std::string& name, const std::string& pattern) {
    const std::string folded = fold(pattern);
    if (folded.empty()) return false;
    return (" " + fold(name) + " ").find(" " + folded + " ") != std::string::npos;
}

namespace {

bool bears(const Offer& o, const std::string& folded_name) {
    return name_holds(o.nom, folded_name) || name_holds(o.structure_nom, folded_name);
}

}  // namespace

std::string freshness(const Offer& offer, const std::vector<Renaming>& table) {
    std::string fresh = offer.date_maj;
    // A record bearing a new name was written once it existed; one bearing an old name alone was
    // written before the renaming, whatever date its catalogue gives (a stale export's date_maj
    // is often the export's). Raised first, so that the older name has the last word.
    for (const Renaming& r : table)
        if (bears(offer, r.new_name)) fresh = std::max(fresh, r.date.to_string());
    for (const Renaming& r : table)
        if (!fresh.empty() && bears(offer, r.old_name) && !bears(offer, r.new_name))
            fresh = std::min(fresh, r.date.plus_days(-1).to_string());
    return fresh;
}

int completeness(const Offer& o) {
    return !o.telephone.empty() + !o.courriel.empty() + !o.horaires_accueil.empty() +
           (o.location() && !o.location_approximate) + !o.description.empty();
}

bool stands_before(const Offer& a, const Offer& b, const std::vector<Renaming>& table) {
    const std::string fresh_a = freshness(a, table), fresh_b = freshness(b, table);
    if (fresh_a != fresh_b) return fresh_a > fresh_b;
    const int complete_a = completeness(a), complete_b = completeness(b);
    if (complete_a != complete_b) return complete_a > complete_b;
    return a.id < b.id;
}

}  // namespace cartoffre::detail
