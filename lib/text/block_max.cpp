// Writing and reading blockmax.bin (block_max.hpp).

#include "text/block_max.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "text/text_forward.hpp"
#include "text/text_vocabulary.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t block_max_version = 2;
// 128 documents a range: at 1,000,000 offers a word in half of them has about 60 in each, few
// enough that most ranges' best stays below the twentieth best overall.
constexpr uint32_t range_log2_default = 7;
// Stems held by fewer documents than this share get one bound for all ranges (a table costs a
// byte a range; a rare word's matches are few enough to weigh). Every group gets a table.
constexpr uint32_t tabled_share = 512;  // 1 / 512 of the documents
constexpr uint32_t tabled_most = 2048;
constexpr size_t header_bytes = 8 * sizeof(uint32_t);

// A double as a float not below it.
float rounded_up(double value) {
    float f = static_cast<float>(value);
    if (static_cast<double>(f) < value) f = std::nextafter(f, std::numeric_limits<float>::max());
    return f;
}

// Sets the bits of the documents in [begin, end).
void set_bits(const uint32_t* begin, const uint32_t* end, std::vector<uint64_t>& bits) {
    for (const uint32_t* p = begin; p < end; ++p) bits[*p >> 6] |= uint64_t{1} << (*p & 63);
}

bool has_bit(const std::vector<uint64_t>& bits, uint32_t doc) {
    return (bits[doc >> 6] >> (doc & 63)) & 1;
}

// `value` as a share of `global` (not below it), rounded up in 255ths: the bound read back,
// global × share / 255, is never below the value.
uint8_t in_255ths(double value, float global) {
    if (value <= 0) return 0;
    const double share = std::ceil(value / global * 255 * (1 + 1e-12));
    return static_cast<uint8_t>(std::min(share, 255.0));
}

}  // namespace

void match_bits(const ForwardIndex& forward, const StemSlots& slots, std::vector<uint64_t>& bits) {
    const size_t words = (size_t{forward.documents()} + 63) / 64;
    bits.assign(words, 0);
    std::vector<uint64_t> slot_bits(words), stem_bits;
    for (size_t k = 0; k < slots.size(); ++k) {
        std::fill(slot_bits.begin(), slot_bits.end(), 0);
        for (const std::vector<uint32_t>& expression : slots[k]) {
            if (expression.empty()) continue;
            // An expression of several stems: the documents of its rarest stem holding the rest.
            const auto rarest =
                std::min_element(expression.begin(), expression.end(), [&](uint32_t a, uint32_t b) {
                    const auto [a0, a1] = forward.postings(a);
                    const auto [b0, b1] = forward.postings(b);
                    return a1 - a0 < b1 - b0;
                });
            const auto [begin, end] = forward.postings(*rarest);
            if (expression.size() == 1) {
                set_bits(begin, end, slot_bits);
                continue;
            }
            std::vector<uint64_t> all(words, ~uint64_t{0});
            for (uint32_t stem : expression) {
                if (stem == *rarest) continue;
                stem_bits.assign(words, 0);
                const auto [first, last] = forward.postings(stem);
                set_bits(first, last, stem_bits);
                for (size_t w = 0; w < words; ++w) all[w] &= stem_bits[w];
            }
            for (const uint32_t* p = begin; p < end; ++p)
                if (has_bit(all, *p)) slot_bits[*p >> 6] |= uint64_t{1} << (*p & 63);
        }
        if (k == 0) {
            bits.swap(slot_bits);
            slot_bits.assign(words, 0);
        } else {
            for (size_t w = 0; w < words; ++w) bits[w] &= slot_bits[w];
        }
    }
}

void write_block_max(const fs::path& dir, const std::vector<uint8_t>& quality) {
    const uint32_t documents = static_cast<uint32_t>(quality.size());
    const ForwardIndex forward(dir, documents);
    Xapian::Stem stemmer("french");
    const TextVocabulary vocabulary = read_vocabulary(dir, stemmer);
    const uint32_t stems = forward.stem_count();
    const uint32_t ranges = documents ? ((documents - 1) >> range_log2_default) + 1 : 0;
    uint32_t tabled = 0;
    const uint32_t least = std::max<uint32_t>(64, documents / tabled_share);
    while (tabled < std::min(stems, tabled_most)) {
        const auto [first, last] = forward.postings(tabled);
        if (static_cast<uint32_t>(last - first) < least) break;
        ++tabled;
    }
    // Each group's expressions by stem numbers (an expression holding a stem found nowhere
    // cannot match, and is left out), and the groups each stem is in.
    const uint32_t groups = static_cast<uint32_t>(vocabulary.groups.size());
    std::vector<std::vector<std::vector<uint32_t>>> expressions(groups);
    std::vector<std::vector<uint32_t>> groups_of(stems);
    for (uint32_t g = 0; g < groups; ++g)
        for (const auto& expression : vocabulary.groups[g]) {
            std::vector<uint32_t> numbers;
            for (const std::string& stem : expression)
                if (auto n = forward.number_of(stem)) numbers.push_back(*n);
            if (numbers.size() != expression.size()) continue;
            for (uint32_t n : numbers)
                if (groups_of[n].empty() || groups_of[n].back() != g) groups_of[n].push_back(g);
            expressions[g].push_back(std::move(numbers));
        }
    // The average length as the search reads it (collection.txt: the sum over the count).
    uint64_t total_length = 0;
    for (uint32_t d = 0; d < documents; ++d) total_length += *forward.entries(d).first;
    const double average =
        documents ? static_cast<double>(total_length) / static_cast<double>(documents) : 1.0;
    std::vector<double> idf(stems);
    for (uint32_t s = 0; s < stems; ++s) {
        const auto [first, last] = forward.postings(s);
        const double n = static_cast<double>(last - first);
        idf[s] = std::log(1 + (documents - n + 0.5) / (n + 0.5));
    }
    std::vector<double> stem_global(stems, 0.0), group_global(groups, 0.0);
    std::vector<double> stem_table(size_t{tabled} * ranges, 0.0);
    std::vector<double> group_table(size_t{groups} * ranges, 0.0);
    std::vector<double> contribution(stems, 0.0);  // of the current document's stems, else 0
    std::vector<uint32_t> touched;
    for (uint32_t d = 0; d < documents; ++d) {
        auto [entry, end] = forward.entries(d);
        const double length = *entry++;
        const double norm = std::max(length / average, bm25_min_norm_length);
        const double k = bm25_k1 * ((1 - bm25_b) + bm25_b * norm);
        const double factor = quality_factor(quality[d]);
        const size_t range = d >> range_log2_default;
        touched.clear();
        for (const uint32_t* e = entry; e < end; ++e) {
            const uint32_t stem = *e >> 8;
            const double count = *e & 0xff;
            const double v = idf[stem] * (bm25_k1 + 1) * count / (k + count) * factor;
            contribution[stem] = v;
            stem_global[stem] = std::max(stem_global[stem], v);
            if (stem < tabled) {
                double& cell = stem_table[size_t{stem} * ranges + range];
                cell = std::max(cell, v);
            }
            touched.insert(touched.end(), groups_of[stem].begin(), groups_of[stem].end());
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (uint32_t g : touched) {
            double v = 0;  // as the search weighs a slot: every matching expression adds
            for (const auto& expression : expressions[g]) {
                double sum = 0;
                bool all = true;
                for (uint32_t n : expression) {
                    all = all && contribution[n] > 0;
                    sum += contribution[n];
                }
                if (all) v += sum;
            }
            group_global[g] = std::max(group_global[g], v);
            double& cell = group_table[size_t{g} * ranges + range];
            cell = std::max(cell, v);
        }
        for (const uint32_t* e = entry; e < end; ++e) contribution[*e >> 8] = 0;
    }
    std::string out;
    for (uint32_t v :
         {block_max_version, range_log2_default, ranges, stems, tabled, groups, 0u, 0u})
        append(out, v);
    std::vector<float> stem_bound(stems), group_bound(groups);
    for (uint32_t s = 0; s < stems; ++s) append(out, stem_bound[s] = rounded_up(stem_global[s]));
    for (uint32_t g = 0; g < groups; ++g) append(out, group_bound[g] = rounded_up(group_global[g]));
    for (size_t i = 0; i < stem_table.size(); ++i)
        out += static_cast<char>(in_255ths(stem_table[i], stem_bound[i / ranges]));
    for (size_t i = 0; i < group_table.size(); ++i)
        out += static_cast<char>(in_255ths(group_table[i], group_bound[i / ranges]));
    write_file(dir / block_max_file, out);
}

BlockMax::BlockMax(const fs::path& dir, uint32_t stems, uint32_t groups, uint32_t documents)
    : m_file(dir / block_max_file) {
    const char* p = m_file.data();
    const fs::path file = dir / block_max_file;
    if (m_file.size() < header_bytes || load<uint32_t>(p) != block_max_version)
        throw IndexError("fichier d'index " + file.string() + " endommagé : en-tête inconnu");
    m_range_log2 = load<uint32_t>(p + 4);
    m_ranges = load<uint32_t>(p + 8);
    m_tabled = load<uint32_t>(p + 16);
    const uint32_t expected_ranges = documents ? ((documents - 1) >> m_range_log2) + 1 : 0;
    if (m_range_log2 > 31 || m_ranges != expected_ranges || load<uint32_t>(p + 12) != stems ||
        load<uint32_t>(p + 20) != groups || m_tabled > stems ||
        m_file.size() !=
            header_bytes + 4 * (size_t{stems} + groups) + (size_t{m_tabled} + groups) * m_ranges)
        throw IndexError("fichier d'index " + file.string() +
                         " endommagé : ses tailles ne sont pas celles de l'index des mots");
    // The header keeps the floats 4-byte aligned in a file mapped at a page boundary.
    m_stem_global = reinterpret_cast<const float*>(p + header_bytes);
    m_group_global = m_stem_global + stems;
    m_stem_table = reinterpret_cast<const uint8_t*>(m_group_global + groups);
    m_group_table = m_stem_table + size_t{m_tabled} * m_ranges;
}

void BlockMax::add(float global, const uint8_t* row, double times,
                   std::vector<double>& bounds) const {
    const double scale = times * global / 255;
    if (!row) {
        for (double& b : bounds) b += times * global;
        return;
    }
    for (uint32_t r = 0; r < m_ranges; ++r) bounds[r] += scale * row[r];
}

void BlockMax::add_stem(uint32_t stem, double times, std::vector<double>& bounds) const {
    add(m_stem_global[stem],
        stem < m_tabled ? m_stem_table + static_cast<size_t>(stem) * m_ranges : nullptr, times,
        bounds);
}

void BlockMax::add_group(uint32_t group, std::vector<double>& bounds) const {
    add(m_group_global[group], m_group_table + static_cast<size_t>(group) * m_ranges, 1, bounds);
}

}  // namespace cartoffre::detail
