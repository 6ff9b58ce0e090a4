// Writing the text index (see text_index.cpp): the forward index and postings
// (text_forward.hpp), the collection's statistics, the Xapian spelling dictionary and the counts
// it was made from (spellings.tsv, so that an update can adjust them), and copies of the
// vocabulary it was built with (text_vocabulary.hpp).

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <unordered_set>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "detail/halves.hpp"
#include "text/text_forward.hpp"
#include "text/text_index.hpp"
#include "text/text_vocabulary.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

// Words worth a spelling suggestion and how often the documents use them, one per line
// ("word\tcount"), sorted.
constexpr const char* spellings_file = "spellings.tsv";

// Writes the index of `entries`; a reused entry's stems are read from `reuse`.
void write_entries(const fs::path& dir, const std::vector<TextEntry>& entries,
                   const fs::path& data_dir, const TextReuse* reuse,
                   const std::function<TextDocument(size_t)>* document_of) {
    Xapian::Stem stemmer("french");
    const TextVocabulary vocabulary = read_vocabulary(data_dir, stemmer);
    // The documents analysed in two halves, each numbering its stems as first met (its own
    // stemmer: a Xapian::Stem is not shared between threads); the second half's numbers are
    // then turned into the first's. The stems' final numbers depend on their frequency and
    // spelling only (write_terms), not on which half met them first.
    Xapian::Stem second_stemmer("french");
    DocumentTerms halves[2] = {DocumentTerms(vocabulary, stemmer),
                               DocumentTerms(vocabulary, second_stemmer)};
    DocumentTerms& terms = halves[0];
    constexpr uint32_t unnumbered = std::numeric_limits<uint32_t>::max();
    const auto too_many_stems = [&] {
        return IndexError("index de texte " + dir.string() + " : plus de 2^24 racines distinctes");
    };
    try {
        fs::create_directories(dir);
        // One pass reads the documents into records numbering stems as first met; stems are
        // then numbered by decreasing frequency and each record renumbered and sorted in place.
        // Folding and stemming every text once (not twice) is most of a build's time; a record
        // reused from a previous generation is only renumbered.
        std::vector<uint32_t> words_of[2];  // per document: length, then stem << 8 | count
        std::vector<uint64_t> ends_of[2];   // where each document's record ends in its half
        uint64_t length_of[2] = {0, 0};
        in_halves(entries.size(), [&](int part, size_t begin, size_t end) {
            DocumentTerms& own = halves[part];
            std::vector<uint32_t>& words = words_of[part];
            std::vector<uint32_t> renumbered(reuse ? reuse->stems.size() : 0, unnumbered);
            TextDocument made;
            ends_of[part].reserve(end - begin);
            for (size_t rank = begin; rank < end; ++rank) {
                const TextEntry& e = entries[rank];
                if (e.document || !e.reused) {
                    if (!e.document) made = (*document_of)(rank);
                    const std::vector<DocumentTerms::Term>& found =
                        own.of(e.document ? *e.document : made, true);
                    words.push_back(own.length());
                    length_of[part] += own.length();
                    for (auto& t : found)
                        words.push_back(t.stem << 8 | std::min<uint32_t>(t.count, 255));
                } else {
                    words.push_back(*e.reused);
                    length_of[part] += *e.reused;
                    for (const uint32_t* p = e.reused + 1; p < e.reused_end; ++p) {
                        const uint32_t old = *p >> 8;
                        if (old >= renumbered.size())
                            throw IndexError(
                                "index de texte abîmé : une fiche reprise a la racine " +
                                std::to_string(old) + " sur " + std::to_string(renumbered.size()));
                        if (renumbered[old] == unnumbered)
                            renumbered[old] = own.number_of_stem(reuse->stems[old]);
                        own.count(renumbered[old]);
                        words.push_back(renumbered[old] << 8 | (*p & 0xff));
                    }
                }
                if (own.stems().size() >= (1u << 24)) throw too_many_stems();
                ends_of[part].push_back(words.size());
            }
        });
        // The second half in the first's numbers, its records after the first's.
        std::vector<uint32_t> first_number(halves[1].stems().size());
        for (uint32_t n = 0; n < first_number.size(); ++n) {
            first_number[n] = terms.number_of_stem(halves[1].stems()[n]);
            terms.count(first_number[n], halves[1].frequency()[n]);
        }
        if (terms.stems().size() >= (1u << 24)) throw too_many_stems();
        for (auto& [word, count] : halves[1].spellings()) terms.spellings()[word] += count;
        std::vector<uint32_t>& words = words_of[0];
        std::vector<uint64_t> starts{0};
        starts.reserve(entries.size() + 1);
        for (uint64_t end : ends_of[0]) starts.push_back(end);
        const uint64_t second_begin = words.size();
        words.reserve(words.size() + words_of[1].size());
        uint64_t at = 0;
        for (const uint64_t end : ends_of[1]) {
            words.push_back(words_of[1][at]);  // the length
            for (++at; at < end; ++at)
                words.push_back(first_number[words_of[1][at] >> 8] << 8 | (words_of[1][at] & 0xff));
            starts.push_back(second_begin + end);
        }
        words_of[1] = {};
        ends_of[0] = ends_of[1] = {};
        const uint64_t total_length = length_of[0] + length_of[1];
        build_phase("text: analysed");
        const std::vector<uint32_t> number =
            write_terms(dir / terms_file, terms.stems(), terms.frequency());
        in_halves(entries.size(), [&](int, size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) {
                const auto first = words.begin() + static_cast<std::ptrdiff_t>(starts[i] + 1);
                const auto last = words.begin() + static_cast<std::ptrdiff_t>(starts[i + 1]);
                for (auto e = first; e != last; ++e) *e = number[*e >> 8] << 8 | (*e & 0xff);
                std::sort(first, last);  // by stem number, the high bits
            }
        });
        const std::string_view records(reinterpret_cast<const char*>(words.data()),
                                       4 * words.size());
        const std::string_view offsets(reinterpret_cast<const char*>(starts.data()),
                                       8 * starts.size());
        write_file(dir / forward_file, records);
        write_file(dir / forward_offsets_file, offsets);
        write_postings(dir, records, offsets, static_cast<uint32_t>(terms.stems().size()));
        build_phase("text: postings");
        write_file(dir / collection_file, "documents\t" + std::to_string(entries.size()) +
                                              "\nlength\t" + std::to_string(total_length) + "\n");

        // The documents' spelling counts: those of the texts analysed, plus the reused ones'.
        auto& spellings = terms.spellings();
        if (reuse)
            for (auto& [word, count] : reuse->spellings)
                if (count > 0) spellings[word] += count;
        std::vector<std::pair<std::string, Xapian::termcount>> sorted(spellings.begin(),
                                                                      spellings.end());
        std::sort(sorted.begin(), sorted.end());
        std::string counts;
        for (auto& [word, count] : sorted) counts += word + '\t' + std::to_string(count) + '\n';
        write_file(dir / spellings_file, counts);

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
                if (worth_spelling(w)) spellings.emplace(w, 1);
        }
        // In the words' order: the counts of the second half were added to the first's, so the
        // map's own order depends on where the documents were cut.
        sorted.assign(spellings.begin(), spellings.end());
        std::sort(sorted.begin(), sorted.end());
        for (auto& [word, count] : sorted) db.add_spelling(word, count);
        db.commit_transaction();
        db.close();
    } catch (const Xapian::Error& e) {
        throw IndexError("impossible d'écrire l'index de texte " + dir.string() +
                         " (Xapian : " + e.get_description() + ")");
    } catch (const fs::filesystem_error& e) {
        throw IndexError("impossible d'écrire l'index de texte " + dir.string() + " : " +
                         system_error_text(e.code().value()));
    }
    build_phase("text: xapian");
    for (const char* name : {synonyms_file, stopwords_file, vocabulary_file}) {
        std::error_code error;
        fs::copy_file(data_dir / name, dir / name, fs::copy_options::overwrite_existing, error);
        if (error)
            throw IndexError("impossible de copier " + (data_dir / name).string() + " dans " +
                             dir.string() + " : " + system_error_text(error.value()));
    }
}

}  // namespace

void write_text_index(const fs::path& dir, const std::vector<TextDocument>& documents,
                      const fs::path& data_dir) {
    std::vector<TextEntry> entries(documents.size());
    for (size_t i = 0; i < documents.size(); ++i) entries[i].document = &documents[i];
    write_entries(dir, entries, data_dir, nullptr, nullptr);
}

void write_text_index(const fs::path& dir, const std::vector<TextEntry>& entries,
                      const fs::path& data_dir, const TextReuse& reuse) {
    write_entries(dir, entries, data_dir, &reuse, nullptr);
}

void write_text_index(const fs::path& dir, const std::vector<TextEntry>& entries,
                      const fs::path& data_dir, const TextReuse& reuse,
                      const std::function<TextDocument(size_t)>& document_of) {
    write_entries(dir, entries, data_dir, &reuse, &document_of);
}

std::unordered_map<std::string, uint32_t> read_spellings(const fs::path& dir) {
    const fs::path file = dir / spellings_file;
    std::ifstream in(file);
    if (!in) throw IndexError("impossible de lire " + file.string());
    std::unordered_map<std::string, uint32_t> counts;
    size_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        const size_t tab = line.find('\t');
        char* end = nullptr;
        const unsigned long count =
            tab == std::string::npos ? 0 : std::strtoul(line.c_str() + tab + 1, &end, 10);
        if (count == 0 || *end != '\0')
            throw IndexError(file.string() + ", ligne " + std::to_string(line_number) +
                             " : un mot et son nombre attendus");
        counts.emplace(line.substr(0, tab), static_cast<uint32_t>(count));
    }
    return counts;
}

std::unordered_map<std::string, uint32_t> spellings_of(const std::vector<TextDocument>& documents,
                                                       const fs::path& data_dir) {
    Xapian::Stem stemmer("french");
    const TextVocabulary vocabulary = read_vocabulary(data_dir, stemmer);
    DocumentTerms terms(vocabulary, stemmer);
    for (const TextDocument& d : documents) terms.of(d, true);
    return {terms.spellings().begin(), terms.spellings().end()};
}

}  // namespace cartoffre::detail
