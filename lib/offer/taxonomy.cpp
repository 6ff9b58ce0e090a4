#include "cartoffre/taxonomy.hpp"

#include <cstdlib>
#include <fstream>

#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/offer.hpp"
#include "detail/files.hpp"
#include "text/suggest.hpp"

namespace cartoffre {

namespace fs = std::filesystem;

Vocabulary::Vocabulary(std::string name, std::vector<Code> codes)
    : m_name(std::move(name)), m_codes(std::move(codes)) {
    for (uint32_t i = 0; i < m_codes.size(); ++i) m_numbers.emplace(m_codes[i].code, i);
}

std::optional<uint32_t> Vocabulary::find(std::string_view code) const {
    auto it = m_numbers.find(std::string(code));
    if (it == m_numbers.end()) return std::nullopt;
    return it->second;
}

namespace {

// A table: '#' comment lines, a header line, then tab-separated rows.
std::vector<std::vector<std::string>> read_table(const fs::path& file, size_t columns) {
    std::ifstream in(file);
    if (!in) throw DataError("impossible de lire la table de codes " + file.string());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    bool header = true;
    for (size_t number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> cells;
        size_t start = 0;
        for (;;) {
            size_t tab = line.find('\t', start);
            cells.push_back(line.substr(start, tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (cells.size() != columns)
            throw DataError(file.string() + ":" + std::to_string(number) + " : " +
                            std::to_string(columns) +
                            " colonnes séparées par des tabulations attendues, " +
                            std::to_string(cells.size()) + " trouvées");
        rows.push_back(std::move(cells));
    }
    return rows;
}

Vocabulary read_vocabulary(const fs::path& dir, const std::string& name) {
    std::vector<Code> codes;
    for (auto& row : read_table(dir / (name + ".tsv"), 2)) codes.push_back({row[0], row[1]});
    return Vocabulary(name, std::move(codes));
}

// Written with detail::write_file: a failure names the file and the system's reason.
void write_vocabulary(const fs::path& dir, const Vocabulary& v) {
    std::string out = "code\tlabel\n";
    for (auto& c : v.codes()) out += c.code + '\t' + c.label + '\n';
    detail::write_file(dir / (v.name() + ".tsv"), out);
}

void check_codes(const Offer& offer, const char* field, const std::vector<std::string>& values,
                 const Vocabulary& vocabulary) {
    for (auto& v : values)
        if (!vocabulary.find(v))
            throw DataError("offre " + offer.id + " : champ " + field + " : code inconnu '" + v +
                            "'");
}

}  // namespace

Taxonomy Taxonomy::load(const fs::path& dir) {
    Taxonomy t;
    t.m_categories = read_vocabulary(dir, "categories");
    std::vector<Code> themes;
    for (auto& row : read_table(dir / "thematiques.tsv", 3)) {
        auto category = t.m_categories.find(row[1]);
        if (!category)
            throw DataError((dir / "thematiques.tsv").string() + " : thématique " + row[0] +
                            " : catégorie inconnue « " + row[1] + " »");
        themes.push_back({row[0], row[2]});
        t.m_category_of.push_back(*category);
    }
    if (themes.size() > 128)
        throw DataError("plus de 128 thématiques : un index n'en garde que 128");
    t.m_thematiques = Vocabulary("thematiques", std::move(themes));
    t.m_publics = read_vocabulary(dir, "publics");
    t.m_types = read_vocabulary(dir, "types");
    t.m_frais = read_vocabulary(dir, "frais");
    t.m_modes_accueil = read_vocabulary(dir, "modes_accueil");
    t.m_modes_mobilisation = read_vocabulary(dir, "modes_mobilisation");
    t.m_mobilisable_par = read_vocabulary(dir, "mobilisable_par");
    t.m_typologies = read_vocabulary(dir, "typologies");
    if (t.m_categories.size() > 32 || t.m_publics.size() > 32 || t.m_types.size() > 32 ||
        t.m_frais.size() > 8 || t.m_modes_accueil.size() > 8 || t.m_typologies.size() > 255)
        throw DataError("une liste de codes de " + dir.string() +
                        " est plus longue qu'un index ne le permet");
    return t;
}

void Taxonomy::save(const fs::path& dir) const {
    fs::create_directories(dir);
    write_vocabulary(dir, m_categories);
    std::string themes = "code\tcategory\tlabel\n";
    for (uint32_t i = 0; i < m_thematiques.size(); ++i)
        themes += std::string(m_thematiques.code(i)) + '\t' +
                  std::string(m_categories.code(m_category_of[i])) + '\t' +
                  std::string(m_thematiques.label(i)) + '\n';
    detail::write_file(dir / "thematiques.tsv", themes);
    for (auto* v : {&m_publics, &m_types, &m_frais, &m_modes_accueil, &m_modes_mobilisation,
                    &m_mobilisable_par, &m_typologies})
        write_vocabulary(dir, *v);
}

fs::path Taxonomy::default_dir() {
    return data_dir() / "taxonomy";
}

const Taxonomy& Taxonomy::builtin() {
    static const Taxonomy taxonomy = load(default_dir());
    return taxonomy;
}

void Taxonomy::validate(const Offer& offer) const {
    check_codes(offer, "thematiques", offer.thematiques, m_thematiques);
    check_codes(offer, "publics", offer.publics, m_publics);
    check_codes(offer, "modes_accueil", offer.modes_accueil, m_modes_accueil);
    check_codes(offer, "modes_mobilisation", offer.modes_mobilisation, m_modes_mobilisation);
    check_codes(offer, "mobilisable_par", offer.mobilisable_par, m_mobilisable_par);
    if (!offer.type.empty()) check_codes(offer, "type", {offer.type}, m_types);
    if (!offer.frais.empty()) check_codes(offer, "frais", {offer.frais}, m_frais);
    if (!offer.structure_typologie.empty())
        check_codes(offer, "structure_typologie", {offer.structure_typologie}, m_typologies);
    if (offer.publics.size() > 1)
        for (auto& p : offer.publics)
            if (p == "tous-publics")
                throw DataError("offre " + offer.id +
                                " : champ publics : 'tous-publics' doit être seul");
}

std::string Taxonomy::theme_text(const Offer& offer) const {
    std::string text;
    for (auto& code : offer.thematiques) {
        auto theme = m_thematiques.find(code);
        if (!theme) continue;
        text += m_categories.label(m_category_of[*theme]);
        text += ". ";
        text += m_thematiques.label(*theme);
        text += ". ";
    }
    if (auto kind = m_typologies.find(offer.structure_typologie))
        text += m_typologies.label(*kind) + ". ";
    return text;
}

}  // namespace cartoffre
