#pragma once
// The stopwords and synonym groups of the text index (see text_index.cpp), and the small word
// helpers its parts share.

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "text/text.hpp"

namespace cartoffre::detail {

inline constexpr const char* synonyms_file = "synonyms.tsv";
inline constexpr const char* stopwords_file = "stopwords_fr.txt";
// The field's vocabulary: words naming codes (vocabulary.cpp, data/text/vocabulary.tsv).
inline constexpr const char* vocabulary_file = "vocabulary.tsv";

// Words shorter than this are not worth a spelling correction (nor safely correctable).
inline constexpr size_t min_spelling_length = 3;
// Longer "words" (URLs, runs of letters) are nobody's typo, and Xapian's keys are bounded.
inline constexpr size_t max_spelling_length = 48;

inline bool all_digits(const std::string& word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether a folded word goes into the spelling dictionary.
inline bool worth_spelling(const std::string& word) {
    return word.size() >= min_spelling_length && word.size() <= max_spelling_length &&
           !all_digits(word);
}

template <class It>
std::string join(It first, It last) {
    std::string out;
    for (; first != last; ++first) {
        if (!out.empty()) out += ' ';
        out += *first;
    }
    return out;
}

inline std::string join(const std::vector<std::string>& words) {
    return join(words.begin(), words.end());
}

// A group of the field's vocabulary: how a search says it understood the words, and the codes
// ("typologie:ACI", "public:jeunes") whose offers they name.
struct CodeMeaning {
    std::string label;
    std::vector<std::string> codes;
};

// The stopwords and synonym groups of an index, read from data/text/ at build time and from the
// copies inside the index when it is opened, so both sides fold and stem them the same way.
struct TextVocabulary {
    std::unordered_set<std::string> stopwords;
    // Each group: the expressions a query matches, each a list of stems (stopwords dropped),
    // without those holding all the stems of a shorter one ("permis de conduire" adds nothing
    // to "permis" but postings to read and a double count).
    std::vector<std::vector<std::vector<std::string>>> groups;
    // Each group: the folded words of its expressions, unstemmed (spelling targets).
    std::vector<std::vector<std::string>> group_words;
    // Stems of an expression joined by spaces -> its group.
    std::unordered_map<std::string, size_t> group_of;
    size_t longest_expression = 0;
    // Each group: what it means when the field's vocabulary names codes with it (the code terms
    // are among the group's expressions, one stem each), else an empty meaning.
    std::vector<CodeMeaning> meanings;
    // Every code term some group names: the only ones an offer's record holds (the others would
    // lengthen the records for nothing; an update whose vocabulary changed rebuilds them all).
    std::unordered_set<std::string> code_terms;

    bool is_stopword(const std::string& word) const { return stopwords.count(word) != 0; }

    // The folded words of `text` that are not stopwords.
    std::vector<std::string> content_words(std::string_view text) const {
        std::vector<std::string> out = words(text);
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](const std::string& w) { return is_stopword(w); }),
                  out.end());
        return out;
    }
};

// Reads the stopwords, synonyms and vocabulary files in `dir`, stemming with `stem`. Throws
// DataError.
TextVocabulary read_vocabulary(const std::filesystem::path& dir, Xapian::Stem& stem);

// A row of the field's vocabulary (data/text/vocabulary.tsv) as written: its expressions, the
// codes they name, how a search says it understood them, its source and note.
struct VocabularyEntry {
    size_t line = 0;
    std::vector<std::string> expressions;
    std::vector<std::string> codes;
    std::string understood;
    std::string source;
    std::string note;
};

// The rows of a vocabulary file. Throws DataError naming the file and line.
std::vector<VocabularyEntry> read_vocabulary_entries(const std::filesystem::path& file);

}  // namespace cartoffre::detail
