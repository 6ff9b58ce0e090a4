// The stopwords and synonym groups of the text index: see text_vocabulary.hpp.

#include "text/text_vocabulary.hpp"

#include <fstream>
#include <optional>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

bool includes_all(const std::vector<std::string>& big, const std::vector<std::string>& small) {
    return std::all_of(small.begin(), small.end(), [&](const std::string& s) {
        return std::find(big.begin(), big.end(), s) != big.end();
    });
}

std::vector<std::vector<std::string>> without_supersets(
    std::vector<std::vector<std::string>> expressions) {
    std::vector<std::vector<std::string>> kept;
    for (size_t i = 0; i < expressions.size(); ++i) {
        bool redundant = false;
        for (size_t j = 0; j < expressions.size() && !redundant; ++j)
            redundant = j != i && includes_all(expressions[i], expressions[j]) &&
                        (expressions[j].size() < expressions[i].size() || j < i);
        if (!redundant) kept.push_back(expressions[i]);
    }
    return kept;
}

std::ifstream open_data(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw DataError("impossible de lire " + file.string());
    return in;
}

// The cells of `text` between separators, spaces around them trimmed, empty ones dropped.
std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view cell = text.substr(start, end - start);
        while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
        while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
        if (!cell.empty() || separator == '\t') out.emplace_back(cell);
        start = end + 1;
    }
    return out;
}

// Each row of the field's vocabulary joins the synonym group holding one of its expressions,
// or makes a group of its own; its codes' terms become expressions of that group (one stem
// each, never typed: they are not keys), so that a slot naming them matches the offers carrying
// the codes as well as those holding the words.
void add_field_vocabulary(TextVocabulary& v, const fs::path& file, Xapian::Stem& stem) {
    for (const VocabularyEntry& entry : read_vocabulary_entries(file)) {
        const std::string where = file.string() + ":" + std::to_string(entry.line) + " : ";
        std::vector<std::vector<std::string>> expressions;
        std::vector<std::string> keys, surface;
        std::optional<size_t> group;
        for (auto& expression : entry.expressions) {
            std::vector<std::string> stems;
            for (auto& w : v.content_words(expression)) {
                stems.push_back(stem(w));
                surface.push_back(w);
            }
            if (stems.empty())
                throw DataError(where + "« " + expression + " » n'a que des mots vides");
            keys.push_back(join(stems));
            expressions.push_back(std::move(stems));
            auto found = v.group_of.find(keys.back());
            if (found == v.group_of.end()) continue;
            if (group && *group != found->second)
                throw DataError(where + "« " + expression +
                                " » est d'un autre groupe de synonymes que les autres mots de la "
                                "ligne");
            group = found->second;
        }
        if (!group) {
            group = v.groups.size();
            v.groups.emplace_back();
            v.group_words.emplace_back();
            v.meanings.emplace_back();
        }
        if (!v.meanings[*group].label.empty())
            throw DataError(where + "« " + entry.expressions.front() +
                            " » a déjà un sens sur une autre ligne");
        auto& alternatives = v.groups[*group];
        for (size_t i = 0; i < keys.size(); ++i) {
            if (!v.group_of.emplace(keys[i], *group).second) continue;
            alternatives.push_back(expressions[i]);
            v.longest_expression = std::max(v.longest_expression, expressions[i].size());
        }
        for (auto& code : entry.codes) {
            alternatives.push_back({code});
            v.code_terms.insert(code);
        }
        alternatives = without_supersets(std::move(alternatives));
        auto& words = v.group_words[*group];
        words.insert(words.end(), surface.begin(), surface.end());
        v.meanings[*group] = {entry.understood, entry.codes};
    }
}

}  // namespace

TextVocabulary read_vocabulary(const fs::path& dir, Xapian::Stem& stem) {
    TextVocabulary v;
    {
        std::ifstream in = open_data(dir / stopwords_file);
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#') continue;
            for (auto& w : words(line)) v.stopwords.insert(w);
        }
    }
    const fs::path file = dir / synonyms_file;
    std::ifstream in = open_data(file);
    size_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::vector<std::string>> group;
        std::vector<std::string> keys;
        std::vector<std::string> surface;
        size_t start = 0;
        while (start <= line.size()) {
            size_t end = line.find('\t', start);
            if (end == std::string::npos) end = line.size();
            std::vector<std::string> stems;
            for (auto& w : v.content_words(std::string_view(line).substr(start, end - start))) {
                stems.push_back(stem(w));
                surface.push_back(w);
            }
            start = end + 1;
            if (stems.empty()) continue;
            std::string key = join(stems);
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            keys.push_back(std::move(key));
            group.push_back(std::move(stems));
        }
        if (group.size() < 2) continue;
        for (size_t i = 0; i < keys.size(); ++i) {
            if (!v.group_of.emplace(keys[i], v.groups.size()).second)
                throw DataError(file.string() + ":" + std::to_string(line_number) + " : « " +
                                keys[i] + " » est déjà dans un autre groupe de synonymes");
            v.longest_expression = std::max(v.longest_expression, group[i].size());
        }
        v.groups.push_back(without_supersets(std::move(group)));
        v.group_words.push_back(std::move(surface));
    }
    v.meanings.resize(v.groups.size());
    add_field_vocabulary(v, dir / vocabulary_file, stem);
    return v;
}

std::vector<VocabularyEntry> read_vocabulary_entries(const fs::path& file) {
    static const std::vector<std::string> header = {"expressions", "codes", "compris", "source",
                                                    "note"};
    std::ifstream in = open_data(file);
    std::vector<VocabularyEntry> entries;
    bool headed = false;
    size_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> cells = split(line, '\t');
        const std::string where = file.string() + ":" + std::to_string(line_number) + " : ";
        if (!headed) {
            if (cells != header)
                throw DataError(where +
                                "en-tête attendu : expressions, codes, compris, source, note "
                                "(séparés par des tabulations)");
            headed = true;
            continue;
        }
        if (cells.size() != header.size())
            throw DataError(where + "5 colonnes séparées par des tabulations attendues, " +
                            std::to_string(cells.size()) + " trouvées");
        VocabularyEntry e;
        e.line = line_number;
        e.expressions = split(cells[0], ';');
        e.codes = split(cells[1], ';');
        e.understood = cells[2];
        e.source = cells[3];
        e.note = cells[4];
        if (e.expressions.empty() || e.codes.empty() || e.understood.empty() || e.source.empty())
            throw DataError(where + "expressions, codes, compris et source sont obligatoires");
        entries.push_back(std::move(e));
    }
    return entries;
}

}  // namespace cartoffre::detail
