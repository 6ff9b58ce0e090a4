// The stopwords and synonym groups of the text index: see text_vocabulary.hpp.

#include "text/text_vocabulary.hpp"

#include <fstream>

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
    if (!in) throw DataError("cannot read " + file.string());
    return in;
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
                throw DataError(file.string() + ":" + std::to_string(line_number) + ": '" +
                                keys[i] + "' already belongs to another synonym group");
            v.longest_expression = std::max(v.longest_expression, group[i].size());
        }
        v.groups.push_back(without_supersets(std::move(group)));
        v.group_words.push_back(std::move(surface));
    }
    return v;
}

}  // namespace cartoffre::detail
