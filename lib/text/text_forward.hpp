#pragma once
// The forward index of the text index (see text_index.cpp): per document, its stems and their
// weighted counts, to check and weigh candidates without Xapian.
//
// Files: terms.bin, the sorted stems and their numbers (uint32 count, uint32 offsets[count + 1],
// uint32 numbers[count], the bytes), stems being numbered by decreasing document frequency so
// that reading a record for common words stops early; forward.bin, per document a uint32 length
// then one uint32 per stem, number << 8 | count (counts saturate at 255), by stem number;
// forward.idx, uint64 offsets[documents + 1] into forward.bin, in uint32s. Fixed-width entries
// cost more room than varints but read without decoding: a record is a few cache lines,
// prefetched ahead of its turn.
//
// The postings, the same facts inverted: postings.bin, for each stem number in turn the sorted
// positions of the documents holding it (uint32); postings.idx, uint64 offsets[stems + 1] into
// postings.bin, in uint32s. Plain arrays, so that narrowing candidates down by a word skips
// through them by binary search in a few ns a step, where a Xapian posting iterator's skip
// costs 60 to 100 ns (measured at 1,000,000 documents).

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detail/mapped_file.hpp"
#include "text/text_index.hpp"
#include "text/text_vocabulary.hpp"

namespace cartoffre::detail {

inline constexpr const char* terms_file = "terms.bin";
inline constexpr const char* forward_file = "forward.bin";
inline constexpr const char* forward_offsets_file = "forward.idx";
inline constexpr const char* postings_file = "postings.bin";
inline constexpr const char* posting_offsets_file = "postings.idx";
// The collection's statistics for BM25, as text: "documents\tN" and "length\tT" (the sum of the
// documents' weighted lengths) on two lines.
inline constexpr const char* collection_file = "collection.txt";

template <class T>
T load(const char* p) {
    T value;
    std::memcpy(&value, p, sizeof value);
    return value;
}

template <class T>
void append(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// The weighted stems of documents, stems numbered in the order they are first met; and, when
// asked to count, the documents holding each stem and the words worth a spelling correction.
class DocumentTerms {
  public:
    struct Term {
        uint32_t stem;
        uint32_t count;  // occurrences weighted by field
    };

    DocumentTerms(const TextVocabulary& vocabulary, Xapian::Stem& stemmer)
        : m_vocabulary(vocabulary), m_stemmer(stemmer) {}

    const std::vector<Term>& of(const TextDocument& document, bool count);
    // The number of `stem`, numbered now if new, and one more document holding stem `number`:
    // for a document whose record is reused from a previous generation.
    uint32_t number_of_stem(const std::string& stem);
    void count(uint32_t number, uint32_t documents = 1) { m_frequency[number] += documents; }
    // The weighted length of the last document.
    uint32_t length() const { return m_length; }
    // Every stem met, by number.
    const std::vector<std::string>& stems() const { return m_stems; }
    // The number of counted documents holding each stem, by number.
    const std::vector<uint32_t>& frequency() const { return m_frequency; }
    std::unordered_map<std::string, Xapian::termcount>& spellings() { return m_spellings; }

  private:
    uint32_t number_of(const std::string& word);
    void add(const std::string& text, uint32_t weight);

    const TextVocabulary& m_vocabulary;
    Xapian::Stem& m_stemmer;
    std::unordered_map<std::string, uint32_t> m_words;         // folded word -> stem number
    std::unordered_map<std::string, uint32_t> m_stem_numbers;  // stem -> number
    std::vector<std::string> m_stems;
    std::vector<uint32_t> m_frequency;
    std::unordered_map<std::string, Xapian::termcount> m_spellings;
    std::vector<Term> m_terms;
    uint32_t m_length = 0;
    bool m_count = false;
};

// terms.bin for `stems` (by first-met number) found in `frequency` documents each; returns the
// number each gets in the index.
std::vector<uint32_t> write_terms(const std::filesystem::path& file,
                                  const std::vector<std::string>& stems,
                                  const std::vector<uint32_t>& frequency);

// postings.bin and postings.idx in `dir`, inverted from the forward records (forward.bin's
// content as `records`, its offsets as `offsets`, both in uint32s) of `stem_count` stems.
void write_postings(const std::filesystem::path& dir, std::string_view records,
                    std::string_view offsets, uint32_t stem_count);

// The stems a search looks for in forward records: their numbers, sorted, and a bitmap over
// every stem number for a test without branches the processor would mispredict.
struct WantedStems {
    std::vector<uint32_t> numbers;
    std::vector<uint64_t> bits;

    bool has(uint32_t number) const { return (bits[number >> 6] >> (number & 63)) & 1; }
};

// The forward index, memory-mapped: what `write_text_index` wrote next to the Xapian database.
class ForwardIndex {
  public:
    ForwardIndex() = default;
    // Maps the files of the index in `dir` of `documents` documents. Throws IndexError.
    ForwardIndex(const std::filesystem::path& dir, uint32_t documents);

    std::optional<uint32_t> number_of(std::string_view stem) const;

    uint32_t stem_count() const { return m_term_count; }
    uint32_t documents() const { return m_documents; }

    // The sorted positions of the documents holding stem `number`.
    std::pair<const uint32_t*, const uint32_t*> postings(uint32_t number) const {
        const uint32_t* all = reinterpret_cast<const uint32_t*>(m_postings.data());
        return {all + posting_offset(number), all + posting_offset(number + 1)};
    }

    // The counts of the `wanted` stems in document `doc`, 0 when absent, and its length.
    uint32_t read(uint32_t doc, const WantedStems& wanted, std::vector<uint32_t>& counts) const {
        counts.assign(wanted.numbers.size(), 0);
        const uint32_t* entry = record(doc);
        const uint32_t* end = record(doc + 1);
        const uint32_t length = *entry++;
        // Entries are sorted by stem number, as are the wanted stems. A few wanted stems are
        // found by binary searches, each from where the previous one stopped; many, by one scan
        // up to the last of them (bit tests, no branch to mispredict).
        const size_t entries = static_cast<size_t>(end - entry);
        if (wanted.numbers.size() * 8 < entries) {
            for (size_t k = 0; k < wanted.numbers.size() && entry < end; ++k) {
                entry = std::lower_bound(entry, end, wanted.numbers[k] << 8);
                if (entry < end && (*entry >> 8) == wanted.numbers[k]) counts[k] = *entry & 0xff;
            }
            return length;
        }
        const uint32_t last = wanted.numbers.back();
        size_t k = 0;  // the wanted stems met so far: both lists go up, a found one is the next
        for (; entry < end; ++entry) {
            const uint32_t stem = *entry >> 8;
            if (stem > last) break;
            if (!wanted.has(stem)) continue;
            while (wanted.numbers[k] < stem) ++k;
            counts[k] = *entry & 0xff;
        }
        return length;
    }

    // The record of `doc`, its length first, and where it ends: reused by an update.
    std::pair<const uint32_t*, const uint32_t*> entries(uint32_t doc) const {
        return {record(doc), record(doc + 1)};
    }
    // Every stem, by number.
    std::vector<std::string> stems_by_number() const {
        std::vector<std::string> stems(m_term_count);
        for (uint32_t i = 0; i < m_term_count; ++i) stems[term_number(i)] = term(i);
        return stems;
    }

    // Asks for the record of `doc` to be brought to the cache, and the offset of `later`, a
    // document to read after it: random reads overlap instead of waiting for each other.
    void prefetch(uint32_t doc, uint32_t later) const {
        __builtin_prefetch(m_offsets.data() + 8 * static_cast<size_t>(later));
        const char* end = reinterpret_cast<const char*>(record(doc + 1));
        for (const char* p = reinterpret_cast<const char*>(record(doc)); p < end; p += 64)
            __builtin_prefetch(p);
    }

  private:
    size_t term_offset(uint32_t i) const {
        return load<uint32_t>(m_terms.data() + 4 + 4 * static_cast<size_t>(i));
    }
    uint32_t term_number(uint32_t i) const {
        return load<uint32_t>(m_terms.data() + 8 + 4 * static_cast<size_t>(m_term_count + i));
    }
    std::string_view term(uint32_t i) const {
        return {m_terms.data() + m_term_bytes + term_offset(i),
                term_offset(i + 1) - term_offset(i)};
    }
    size_t record_offset(uint32_t doc) const {
        return load<uint64_t>(m_offsets.data() + 8 * static_cast<size_t>(doc));
    }
    size_t posting_offset(uint32_t number) const {
        return load<uint64_t>(m_posting_offsets.data() + 8 * static_cast<size_t>(number));
    }
    const uint32_t* record(uint32_t doc) const {
        return reinterpret_cast<const uint32_t*>(m_records.data()) + record_offset(doc);
    }

    MappedFile m_terms, m_records, m_offsets, m_postings, m_posting_offsets;
    uint32_t m_documents = 0;
    uint32_t m_term_count = 0;
    size_t m_term_bytes = 0;
};

}  // namespace cartoffre::detail
