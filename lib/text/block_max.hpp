#pragma once
// Upper bounds of the text weight by range of documents, so that the best matches of a common
// word are found without weighing every match (lib/index/search_top.cpp).
//
// File text/blockmax.bin, written at build once the text index and the offers' quality are
// known: uint32 version, range_log2 (a range holds 2^range_log2 consecutive documents), ranges,
// stems, tabled (stems with a table), groups (synonym groups of the index's vocabulary), two
// zeros; float stem_global[stems], each stem's largest contribution to a weight over all
// documents; float group_global[groups], the same for a slot of each group (the sum of its
// matching expressions' contributions); uint8 stem_table[tabled][ranges], per range its largest
// contribution as a share of the global one, rounded up in 255ths; uint8 group_table[groups]
// [ranges], the same for the groups. The tabled stems are the most frequent (stems are numbered
// by decreasing frequency: the first ones); a stem's contribution is its BM25 term for a
// document times the document's quality factor (0.8 + 0.2 × score_qualite, as the search
// ranks): the bound of a range for a query is the sum of its slots' bounds.
//
// Offers are stored in spatial order, not by relevance, so a range's bound is the largest of a
// few dozen documents; for a common word the twentieth best weight overall is above most ranges'
// bounds, and those ranges are never read.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "detail/mapped_file.hpp"

namespace cartoffre::detail {

inline constexpr const char* block_max_file = "blockmax.bin";

// BM25 as the text index weighs (text_index.cpp): k1 = 1, b = 0.5, lengths normalised to at
// least half the average. Shared so that the bounds are computed as the weights are.
inline constexpr double bm25_k1 = 1.0;
inline constexpr double bm25_b = 0.5;
inline constexpr double bm25_min_norm_length = 0.5;

// The quality factor a text weight is multiplied by (search.cpp): 80 % at score_qualite 0.
inline double quality_factor(uint8_t quality_hundredths) {
    return 0.8 + 0.2 * quality_hundredths / 100.0;
}

// Writes blockmax.bin into the text index directory `dir` (already written), from its forward
// records and the quality of each document (score_qualite in hundredths, by position).
// The synonym groups come from the vocabulary copied into `dir`.
void write_block_max(const std::filesystem::path& dir, const std::vector<uint8_t>& quality);

class ForwardIndex;

// A query's slots as stem numbers: slot, alternative, stems (all of which the alternative needs).
using StemSlots = std::vector<std::vector<std::vector<uint32_t>>>;

// The documents holding every slot (any of its alternatives), one bit each in `bits`, read from
// the posting arrays alone: the exact matches, no record read.
void match_bits(const ForwardIndex& forward, const StemSlots& slots, std::vector<uint64_t>& bits);

class BlockMax {
  public:
    BlockMax() = default;
    // Maps blockmax.bin in `dir` for `stems` stems, `groups` synonym groups and `documents`
    // documents. Throws IndexError.
    BlockMax(const std::filesystem::path& dir, uint32_t stems, uint32_t groups, uint32_t documents);

    uint32_t range_log2() const { return m_range_log2; }
    uint32_t ranges() const { return m_ranges; }
    // Adds `times` × the bound of `stem` to each range's bound in `bounds` (ranges() values).
    void add_stem(uint32_t stem, double times, std::vector<double>& bounds) const;
    // Adds the bound of a slot of synonym group `group`.
    void add_group(uint32_t group, std::vector<double>& bounds) const;

  private:
    void add(float global, const uint8_t* row, double times, std::vector<double>& bounds) const;

    MappedFile m_file;
    const float* m_stem_global = nullptr;
    const float* m_group_global = nullptr;
    const uint8_t* m_stem_table = nullptr;
    const uint8_t* m_group_table = nullptr;
    uint32_t m_range_log2 = 0, m_ranges = 0, m_tabled = 0;
};

}  // namespace cartoffre::detail
