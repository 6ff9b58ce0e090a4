// The forward index of the text index: see text_forward.hpp.

#include "text/text_forward.hpp"

#include <numeric>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

// How many times a word of each field counts (see text_index.cpp).
constexpr uint32_t name_wdf = 6;
constexpr uint32_t themes_wdf = 3;
constexpr uint32_t description_wdf = 1;
// A code named by the query's words counts as a word of the name: the offer is what was asked.
// Code terms add nothing to the length: the words' weights stay as they were.
constexpr uint32_t code_wdf = 6;

}  // namespace

const std::vector<DocumentTerms::Term>& DocumentTerms::of(const TextDocument& document,
                                                          bool count) {
    m_terms.clear();
    m_length = 0;
    m_count = count;
    add(document.name, name_wdf);
    add(document.themes, themes_wdf);
    add(document.description, description_wdf);
    for (auto& code : document.codes) {
        if (!m_vocabulary.code_terms.count(code)) continue;
        const uint32_t stem = number_of_stem(code);
        if (std::none_of(m_terms.begin(), m_terms.end(),
                         [&](const Term& t) { return t.stem == stem; }))
            m_terms.push_back({stem, code_wdf});
    }
    if (count)
        for (auto& t : m_terms) ++m_frequency[t.stem];
    return m_terms;
}

uint32_t DocumentTerms::number_of(const std::string& word) {
    auto known = m_words.find(word);
    if (known != m_words.end()) return known->second;
    auto [stem, fresh] =
        m_stem_numbers.emplace(m_stemmer(word), static_cast<uint32_t>(m_stems.size()));
    if (fresh) {
        m_stems.push_back(stem->first);
        m_frequency.push_back(0);
    }
    m_words.emplace(word, stem->second);
    return stem->second;
}

uint32_t DocumentTerms::number_of_stem(const std::string& stem) {
    auto [it, fresh] = m_stem_numbers.emplace(stem, static_cast<uint32_t>(m_stems.size()));
    if (fresh) {
        m_stems.push_back(stem);
        m_frequency.push_back(0);
    }
    return it->second;
}

void DocumentTerms::add(const std::string& text, uint32_t weight) {
    for (auto& w : m_vocabulary.content_words(text)) {
        const uint32_t stem = number_of(w);
        auto same = std::find_if(m_terms.begin(), m_terms.end(),
                                 [&](const Term& t) { return t.stem == stem; });
        if (same == m_terms.end())
            m_terms.push_back({stem, weight});
        else
            same->count += weight;
        m_length += weight;
        if (m_count && worth_spelling(w)) ++m_spellings[w];
    }
}

std::vector<uint32_t> write_terms(const fs::path& file, const std::vector<std::string>& stems,
                                  const std::vector<uint32_t>& frequency) {
    std::vector<uint32_t> order(stems.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return frequency[a] != frequency[b] ? frequency[a] > frequency[b] : stems[a] < stems[b];
    });
    std::vector<uint32_t> number(stems.size());
    for (uint32_t i = 0; i < order.size(); ++i) number[order[i]] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return stems[a] < stems[b]; });
    std::string offsets, numbers, bytes;
    append(offsets, static_cast<uint32_t>(stems.size()));
    for (uint32_t stem : order) {
        append(offsets, static_cast<uint32_t>(bytes.size()));
        append(numbers, number[stem]);
        bytes += stems[stem];
    }
    append(offsets, static_cast<uint32_t>(bytes.size()));
    write_file(file, offsets + numbers + bytes);
    return number;
}

ForwardIndex::ForwardIndex(const fs::path& dir, uint32_t documents)
    : m_terms(dir / terms_file),
      m_records(dir / forward_file),
      m_offsets(dir / forward_offsets_file),
      m_postings(dir / postings_file),
      m_posting_offsets(dir / posting_offsets_file),
      m_documents(documents) {
    const auto damaged = [&](const char* file) {
        return IndexError("damaged text index file " + (dir / file).string());
    };
    if (m_terms.size() < 8) throw damaged(terms_file);
    m_term_count = load<uint32_t>(m_terms.data());
    m_term_bytes = 4 + 8 * static_cast<size_t>(m_term_count) + 4;
    if (m_terms.size() < m_term_bytes || term_offset(m_term_count) != m_terms.size() - m_term_bytes)
        throw damaged(terms_file);
    for (uint32_t i = 0; i < m_term_count; ++i)
        if (term_offset(i) > term_offset(i + 1) || term_number(i) >= m_term_count)
            throw damaged(terms_file);
    if (m_offsets.size() != (static_cast<size_t>(documents) + 1) * 8)
        throw damaged(forward_offsets_file);
    for (uint32_t d = 0; d < documents; ++d)  // each record holds at least its length
        if (record_offset(d) >= record_offset(d + 1)) throw damaged(forward_offsets_file);
    if (record_offset(documents) * 4 != m_records.size()) throw damaged(forward_file);
    if (m_posting_offsets.size() != (static_cast<size_t>(m_term_count) + 1) * 8)
        throw damaged(posting_offsets_file);
    for (uint32_t n = 0; n < m_term_count; ++n)
        if (posting_offset(n) > posting_offset(n + 1)) throw damaged(posting_offsets_file);
    if (posting_offset(m_term_count) * 4 != m_postings.size()) throw damaged(postings_file);
}

std::optional<uint32_t> ForwardIndex::number_of(std::string_view stem) const {
    uint32_t low = 0, high = m_term_count;
    while (low < high) {
        const uint32_t mid = low + (high - low) / 2;
        const int c = term(mid).compare(stem);
        if (c == 0) return term_number(mid);
        if (c < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return std::nullopt;
}

void write_postings(const fs::path& dir, std::string_view records, std::string_view offsets,
                    uint32_t stem_count) {
    const size_t documents = offsets.size() / 8 - 1;
    auto entry = [&](size_t i) { return load<uint32_t>(records.data() + 4 * i); };
    auto offset = [&](size_t d) { return load<uint64_t>(offsets.data() + 8 * d); };
    // Counting sort by stem number: count, then place; documents come in order, so every
    // posting list comes out sorted.
    std::vector<uint64_t> begin(static_cast<size_t>(stem_count) + 1, 0);
    for (size_t d = 0; d < documents; ++d)
        for (size_t i = offset(d) + 1; i < offset(d + 1); ++i) ++begin[(entry(i) >> 8) + 1];
    for (size_t n = 0; n < stem_count; ++n) begin[n + 1] += begin[n];
    std::vector<uint32_t> postings(begin.back());
    std::vector<uint64_t> fill(begin.begin(), begin.end() - 1);
    for (size_t d = 0; d < documents; ++d)
        for (size_t i = offset(d) + 1; i < offset(d + 1); ++i)
            postings[fill[entry(i) >> 8]++] = static_cast<uint32_t>(d);
    write_file(dir / postings_file, std::string_view(reinterpret_cast<const char*>(postings.data()),
                                                     postings.size() * sizeof(uint32_t)));
    write_file(dir / posting_offsets_file,
               std::string_view(reinterpret_cast<const char*>(begin.data()),
                                begin.size() * sizeof(uint64_t)));
}

}  // namespace cartoffre::detail
