#pragma once
// French full text over offers, on Xapian: folded words, French stems, stopwords, the field's
// synonyms, names weighted over thématiques over descriptions, and spelling suggestions.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cartoffre/query.hpp"

namespace cartoffre::detail {

// The code term an offer's text holds for a code of a list: "typologie:ACI". Never a folded
// word (those hold no ':'), so a code term and a word cannot meet.
inline std::string code_term(std::string_view list, std::string_view code) {
    return std::string(list) + ':' + std::string(code);
}

struct TextDocument {
    std::string name;         // the offer's name and its structure's name
    std::string themes;       // labels of its thématiques and their categories
    std::string description;  // description and other free text
    // Its codes as terms ("thematique:...", "categorie:...", "public:...", "type:...",
    // "typologie:..."); those the field's vocabulary names are indexed (text_vocabulary.hpp).
    std::vector<std::string> codes;
};

struct TextMatch {
    uint32_t doc;   // position of the offer in the index (Xapian docid - 1)
    double weight;  // relevance, higher is better; deterministic for a given index; 0 unweighed
};

struct TextResult {
    std::vector<TextMatch> matches;          // sorted by doc
    std::vector<std::string> unknown_words;  // query words found nowhere in the index
    std::string suggestion;                  // the query with misspelt words corrected, or empty
    std::vector<Understanding> understood;   // the words that named codes, and what they meant
    // find() only. Every document found holds the words: they are one slot, each of whose
    // expressions was walked whole or told by codes. Then no record need say which candidates
    // match, only weigh the few that may enter a page, by `bounds` when the index has them: per
    // range of 2^range_log2 documents, above any match's weight × quality factor (block_max.hpp).
    bool exact = false;
    std::vector<double> bounds;
    uint32_t range_log2 = 0;
};

// Writes the Xapian database for `documents` (document i gets Xapian docid i + 1) into `dir`,
// with the synonym table and stopword list read from `data_dir` (data/text/) kept inside.
void write_text_index(const std::filesystem::path& dir, const std::vector<TextDocument>& documents,
                      const std::filesystem::path& data_dir);

// A document of a generation written by an update: its text to analyse, or its forward record
// in a previous generation (length first, then stem << 8 | count in that generation's numbers).
struct TextEntry {
    const TextDocument* document = nullptr;
    const uint32_t* reused = nullptr;
    const uint32_t* reused_end = nullptr;
};

// What the reused records need: the previous generation's stems by number, and the spelling
// counts of the reused documents (the previous counts less those of the documents dropped).
struct TextReuse {
    std::vector<std::string> stems;
    std::unordered_map<std::string, uint32_t> spellings;
};

// The same index as write_text_index over the documents the entries stand for (byte for byte,
// Xapian's files aside), analysing only the texts given.
void write_text_index(const std::filesystem::path& dir, const std::vector<TextEntry>& entries,
                      const std::filesystem::path& data_dir, const TextReuse& reuse);
// The same, an entry with neither document nor reused record being `document_of(its rank)`:
// made when analysed, on the writer's thread, so that the texts are never all held at once.
void write_text_index(const std::filesystem::path& dir, const std::vector<TextEntry>& entries,
                      const std::filesystem::path& data_dir, const TextReuse& reuse,
                      const std::function<TextDocument(size_t)>& document_of);

// The spelling counts written with an index (spellings.tsv), and those `documents` add.
std::unordered_map<std::string, uint32_t> read_spellings(const std::filesystem::path& dir);
std::unordered_map<std::string, uint32_t> spellings_of(const std::vector<TextDocument>& documents,
                                                       const std::filesystem::path& data_dir);

// Which documents carry codes, as the caller's own per-document columns say (the search's themes,
// categories, publics, type and kind): a slot naming common codes then narrows the candidates by
// a test of each candidate, not by walking and uniting the codes' long posting lists.
class CodeColumns {
  public:
    virtual ~CodeColumns() = default;
    // A test of whether a document carries any of `terms` (code terms, "public:..."), agreeing
    // with its record; an empty function when some term is not told by the columns.
    virtual std::function<bool(uint32_t)> any_of(const std::vector<std::string>& terms) const = 0;
    // Asks for what the tests of `doc` read to be brought to the cache ahead of its turn.
    virtual void prefetch(uint32_t doc) const = 0;
};

// The exact matches of a text, from the posting arrays alone, and bounds of their weights by
// range of documents (block_max.hpp): what finds the best matches without weighing every one.
struct TextMatchSet {
    bool planned = false;        // some document may match: find() would return some
    std::vector<uint64_t> bits;  // one per document: it holds every slot
    // Per range of 2^range_log2 documents, above the weight × quality factor of any match in it;
    // empty when the index has no bounds (a text index written alone).
    std::vector<double> bounds;
    uint32_t range_log2 = 0;
    // A text of one slot: its synonym group, or its one stem, whose matches' counts an index
    // build keeps (facet_bits.hpp); -1 otherwise.
    int64_t group = -1, stem = -1;
};

class TextIndex {
  public:
    // Opens a database written by write_text_index. Throws IndexError.
    explicit TextIndex(const std::filesystem::path& dir);
    ~TextIndex();
    TextIndex(const TextIndex&) = delete;
    TextIndex& operator=(const TextIndex&) = delete;

    // Every document matching all words of `text` (each word or its synonyms), restricted to
    // `within` (sorted positions) unless it is null, weighed: find, then weigh what was found.
    // Safe to call from many threads at once, like the two halves below. An empty or
    // stopword-only text matches nothing and reports no unknown word.
    TextResult search(std::string_view text, const std::vector<uint32_t>* within) const;

    // The documents among `within` (all when null) that may match `text`: those holding its
    // most selective word, unweighed, sorted. A superset of the matches, found by the posting
    // lists alone; unknown words and the spelling suggestion as in search(). With `codes`, the
    // code alternatives of a slot are tested on the candidates of `within` by the columns
    // instead of read from their postings (the same superset, found faster). With `few_weighed`
    // (the caller weighs only a page's best of an exact answer), the words of one slot narrow
    // however common: walking them costs less than the records they spare.
    TextResult find(std::string_view text, const std::vector<uint32_t>* within,
                    const CodeColumns* codes = nullptr, bool few_weighed = false) const;

    // The sorted documents whose record holds `term`, a stem or a code term: for tests.
    std::vector<uint32_t> holders(std::string_view term) const;

    // The documents among `candidates` (sorted) that match `text`, weighed, by their forward
    // records: the exact test, one record read each.
    std::vector<TextMatch> weigh(std::string_view text,
                                 const std::vector<uint32_t>& candidates) const;

    // The exact matches of `text` and their bounds in `out`; unknown words, the suggestion and
    // what was understood as find() says them.
    TextResult match_set(std::string_view text, TextMatchSet& out) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cartoffre::detail
