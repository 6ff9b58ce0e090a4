#pragma once
// Sorted lists of document positions (posting arrays, candidates) walked together: the text
// index's narrowing step (text_index.cpp).

#include <algorithm>
#include <boost/sort/spreadsort/integer_sort.hpp>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cartoffre::detail {

// The first of the sorted values [from, end) not below `value`, found by galloping from `from`:
// a few steps when it is near, as it mostly is when two sorted lists are walked together.
template <class It>
It gallop(It from, It end, uint32_t value) {
    size_t step = 1;
    It low = from;
    while (static_cast<size_t>(end - low) > step &&
           *(low + static_cast<std::ptrdiff_t>(step)) < value) {
        low += static_cast<std::ptrdiff_t>(step);
        step *= 2;
    }
    It high =
        static_cast<size_t>(end - low) > step ? low + static_cast<std::ptrdiff_t>(step) + 1 : end;
    return std::lower_bound(low, high, value);
}

// The positions in [begin, end) (sorted postings) that are among `within` (all when null),
// appended to `out` in order: postings and candidates skip ahead of each other.
inline void postings_within(const uint32_t* begin, const uint32_t* end,
                            const std::vector<uint32_t>* within, std::vector<uint32_t>& out) {
    if (!within) {
        out.insert(out.end(), begin, end);
        return;
    }
    auto w = within->begin();
    const auto w_end = within->end();
    while (begin < end && w < w_end) {
        if (*begin < *w) {
            begin = gallop(begin, end, *w);
        } else if (*begin > *w) {
            w = gallop(w, w_end, *begin);
        } else {
            out.push_back(*begin++);
            ++w;
        }
    }
}

// The candidates of a search as one bit per document, for the posting arrays shorter than a few
// times the candidates: testing each posting's bit costs a nanosecond or two, where skipping
// through the candidates (postings_within) costs five or more a posting, its branches
// mispredicted. The bits are set for a search and cleared after it (a thread's buffer, kept):
// `candidates` must outlive the object.
class CandidateBits {
  public:
    // `candidates` sorted; the postings to test hold positions below `documents`.
    CandidateBits(const std::vector<uint32_t>& candidates, uint32_t documents)
        : m_candidates(candidates), m_bits(buffer()) {
        // Candidates are sorted; some may lie past the last document (a caller's list): ignored
        // by the postings, they still get a bit.
        const uint32_t last = candidates.empty() ? 0 : std::max(documents, candidates.back());
        if (m_bits.size() < last / 64 + 1) m_bits.resize(last / 64 + 1);
        for (uint32_t p : candidates) m_bits[p >> 6] |= uint64_t{1} << (p & 63);
    }
    ~CandidateBits() {
        for (uint32_t p : m_candidates) m_bits[p >> 6] = 0;
    }
    CandidateBits(const CandidateBits&) = delete;
    CandidateBits& operator=(const CandidateBits&) = delete;

    // The positions in [begin, end) (sorted, each below `documents`) that are candidates,
    // appended to `out` in order.
    void within(const uint32_t* begin, const uint32_t* end, std::vector<uint32_t>& out) const {
        const size_t at = out.size();
        out.resize(at + static_cast<size_t>(end - begin));
        uint32_t* o = out.data() + at;
        for (const uint32_t* p = begin; p < end; ++p) {
            *o = *p;
            o += m_bits[*p >> 6] >> (*p & 63) & 1;
        }
        out.resize(static_cast<size_t>(o - out.data()));
    }

  private:
    static std::vector<uint64_t>& buffer() {
        static thread_local std::vector<uint64_t> bits;
        return bits;
    }
    const std::vector<uint32_t>& m_candidates;
    std::vector<uint64_t>& m_bits;
};

// Sorts and deduplicates positions gathered from several lists: the concatenated postings of a
// slot's stems, or the R-tree boxes, trees and communes around a place (index/search_candidates).
// Such positions fill much of their range (offers are stored in spatial order): a bitmap over
// the range then sorts them in two linear passes, where a sort costs tens of nanoseconds a
// position; sparse ones are sorted (radix-based).
inline void sort_unique(std::vector<uint32_t>& positions) {
    if (positions.empty()) return;
    const auto [low, high] = std::minmax_element(positions.begin(), positions.end());
    const uint32_t first = *low;
    const size_t words = (*high - first) / 64 + 1;
    if (words > 8 * positions.size()) {  // sparse: sorting costs less than scanning the bitmap
        boost::sort::spreadsort::integer_sort(positions.begin(), positions.end());
        positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
        return;
    }
    std::vector<uint64_t> bits(words);
    for (uint32_t p : positions) bits[(p - first) >> 6] |= uint64_t{1} << ((p - first) & 63);
    size_t n = 0;  // at most positions.size(): written over the positions already read
    for (size_t w = 0; w < words; ++w)
        for (uint64_t b = bits[w]; b; b &= b - 1)
            positions[n++] = first + static_cast<uint32_t>(w * 64 + __builtin_ctzll(b));
    positions.resize(n);
}

}  // namespace cartoffre::detail
