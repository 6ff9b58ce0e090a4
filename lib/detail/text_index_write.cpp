// Writing the text index (see text_index.cpp): the forward index and postings
// (text_forward.hpp), the collection's statistics, the Xapian spelling dictionary, and copies of
// the vocabulary it was built with (text_vocabulary.hpp).

#include <xapian.h>

#include <algorithm>
#include <unordered_set>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "detail/text_forward.hpp"
#include "detail/text_index.hpp"
#include "detail/text_vocabulary.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

void write_text_index(const fs::path& dir, const std::vector<TextDocument>& documents,
                      const fs::path& data_dir) {
    Xapian::Stem stemmer("french");
    const TextVocabulary vocabulary = read_vocabulary(data_dir, stemmer);
    DocumentTerms terms(vocabulary, stemmer);
    try {
        fs::create_directories(dir);
        // One pass reads the documents into records numbering stems as first met; stems are
        // then numbered by decreasing frequency and each record renumbered and sorted in place.
        // Folding and stemming every text once (not twice) is most of a build's time.
        std::vector<uint32_t> words;  // per document: length, then stem << 8 | count
        std::vector<uint64_t> starts{0};
        starts.reserve(documents.size() + 1);
        uint64_t total_length = 0;
        for (auto& d : documents) {
            const std::vector<DocumentTerms::Term>& found = terms.of(d, true);
            if (terms.stems().size() >= (1u << 24))
                throw IndexError("text index " + dir.string() + ": more than 2^24 distinct stems");
            words.push_back(terms.length());
            total_length += terms.length();
            for (auto& t : found) words.push_back(t.stem << 8 | std::min<uint32_t>(t.count, 255));
            starts.push_back(words.size());
        }
        const std::vector<uint32_t> number =
            write_terms(dir / terms_file, terms.stems(), terms.frequency());
        for (size_t i = 0; i + 1 < starts.size(); ++i) {
            const auto first = words.begin() + static_cast<std::ptrdiff_t>(starts[i] + 1);
            const auto last = words.begin() + static_cast<std::ptrdiff_t>(starts[i + 1]);
            for (auto e = first; e != last; ++e) *e = number[*e >> 8] << 8 | (*e & 0xff);
            std::sort(first, last);  // by stem number, the high bits
        }
        const std::string_view records(reinterpret_cast<const char*>(words.data()),
                                       4 * words.size());
        const std::string_view offsets(reinterpret_cast<const char*>(starts.data()),
                                       8 * starts.size());
        write_file(dir / forward_file, records);
        write_file(dir / forward_offsets_file, offsets);
        write_postings(dir, records, offsets, static_cast<uint32_t>(terms.stems().size()));
        write_file(dir / collection_file, "documents\t" + std::to_string(documents.size()) +
                                              "\nlength\t" + std::to_string(total_length) + "\n");

        // Xapian keeps the spelling dictionary only: the postings and statistics are ours.
        Xapian::WritableDatabase db(dir.string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db.begin_transaction(false);

        // The words of a synonym group present in the index are worth suggesting too: "rqht"
        // should lead to "rqth" even where offers only spell the words out.
        const std::unordered_set<std::string> indexed(terms.stems().begin(), terms.stems().end());
        for (size_t g = 0; g < vocabulary.groups.size(); ++g) {
            const auto& group = vocabulary.groups[g];
            const bool present = std::any_of(group.begin(), group.end(), [&](auto& expression) {
                return std::all_of(expression.begin(), expression.end(),
                                   [&](auto& s) { return indexed.count(s) != 0; });
            });
            if (!present) continue;
            for (auto& w : vocabulary.group_words[g])
                if (worth_spelling(w)) terms.spellings().emplace(w, 1);
        }
        for (auto& [word, count] : terms.spellings()) db.add_spelling(word, count);
        db.commit_transaction();
        db.close();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot write the text index " + dir.string() + ": " +
                         e.get_description());
    } catch (const fs::filesystem_error& e) {
        throw IndexError("cannot write the text index " + dir.string() + ": " + e.what());
    }
    for (const char* name : {synonyms_file, stopwords_file}) {
        std::error_code error;
        fs::copy_file(data_dir / name, dir / name, fs::copy_options::overwrite_existing, error);
        if (error)
            throw IndexError("cannot copy " + (data_dir / name).string() + " into " + dir.string() +
                             ": " + error.message());
    }
}

}  // namespace cartoffre::detail
