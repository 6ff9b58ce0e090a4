// Writing and reading blockmax.bin (block_max.hpp).

#include "text/block_max.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "text/text_forward.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t block_max_version = 1;
// 128 documents a range: at 1,000,000 offers a word in half of them has about 60 in each, few
// enough that most ranges' best stays below the twentieth best overall.
constexpr uint32_t range_log2_default = 7;
// Stems held by fewer documents than this share get one bound for all ranges: their matches
// are few enough to weigh them all, and a table per stem costs 4 bytes a range.
constexpr uint32_t tabled_share = 64;  // 1 / 64 of the documents
constexpr uint32_t tabled_most = 512;
constexpr size_t header_bytes = 5 * sizeof(uint32_t);

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
    const uint32_t stems = forward.stem_count();
    const uint32_t ranges = documents ? ((documents - 1) >> range_log2_default) + 1 : 0;
    uint32_t tabled = 0;
    const uint32_t least = std::max<uint32_t>(64, documents / tabled_share);
    while (tabled < std::min(stems, tabled_most)) {
        const auto [first, last] = forward.postings(tabled);
        if (static_cast<uint32_t>(last - first) < least) break;
        ++tabled;
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
    std::vector<double> global(stems, 0.0);
    std::vector<double> table(static_cast<size_t>(tabled) * ranges, 0.0);
    for (uint32_t d = 0; d < documents; ++d) {
        auto [entry, end] = forward.entries(d);
        const double length = *entry++;
        const double norm = std::max(length / average, bm25_min_norm_length);
        const double k = bm25_k1 * ((1 - bm25_b) + bm25_b * norm);
        const double factor = quality_factor(quality[d]);
        const size_t range = d >> range_log2_default;
        for (; entry < end; ++entry) {
            const uint32_t stem = *entry >> 8;
            const double count = *entry & 0xff;
            const double v = idf[stem] * (bm25_k1 + 1) * count / (k + count) * factor;
            global[stem] = std::max(global[stem], v);
            if (stem < tabled) {
                double& cell = table[static_cast<size_t>(stem) * ranges + range];
                cell = std::max(cell, v);
            }
        }
    }
    std::string out;
    out.reserve(header_bytes + 4 * (global.size() + table.size()));
    for (uint32_t v : {block_max_version, range_log2_default, ranges, stems, tabled})
        append(out, v);
    for (double v : global) append(out, rounded_up(v));
    for (double v : table) append(out, rounded_up(v));
    write_file(dir / block_max_file, out);
}

BlockMax::BlockMax(const fs::path& dir, uint32_t stems, uint32_t documents)
    : m_file(dir / block_max_file) {
    const char* p = m_file.data();
    const fs::path file = dir / block_max_file;
    if (m_file.size() < header_bytes || load<uint32_t>(p) != block_max_version)
        throw IndexError("damaged " + file.string() + ": unknown header");
    m_range_log2 = load<uint32_t>(p + 4);
    m_ranges = load<uint32_t>(p + 8);
    m_tabled = load<uint32_t>(p + 16);
    const uint32_t expected_ranges = documents ? ((documents - 1) >> m_range_log2) + 1 : 0;
    if (m_range_log2 > 31 || m_ranges != expected_ranges || load<uint32_t>(p + 12) != stems ||
        m_tabled > stems ||
        m_file.size() != header_bytes + 4 * (size_t{stems} + size_t{m_tabled} * m_ranges))
        throw IndexError("damaged " + file.string() + ": sizes do not match the text index");
    // The header keeps the floats 4-byte aligned in a file mapped at a page boundary.
    m_global = reinterpret_cast<const float*>(p + header_bytes);
    m_table = m_global + stems;
}

void BlockMax::add(uint32_t stem, double times, std::vector<double>& bounds) const {
    if (stem >= m_tabled) {
        const double all = times * m_global[stem];
        for (double& b : bounds) b += all;
        return;
    }
    const float* row = m_table + static_cast<size_t>(stem) * m_ranges;
    for (uint32_t r = 0; r < m_ranges; ++r) bounds[r] += times * row[r];
}

}  // namespace cartoffre::detail
