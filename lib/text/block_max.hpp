#pragma once
// Upper bounds of the text weight by range of documents, so that the best matches of a common
// word are found without weighing every match (lib/index/search_top.cpp).
//
// File text/blockmax.bin, written at build once the text index and the offers' quality are
// known: uint32 version, uint32 range_log2 (a range holds 2^range_log2 consecutive documents),
// uint32 ranges, uint32 stems, uint32 tabled; then float global[stems], each stem's largest
// contribution to a weight over every document; then float table[tabled][ranges], the same per
// range, for the `tabled` most frequent stems (stems are numbered by decreasing frequency: the
// first ones). A contribution is the stem's BM25 term for that document times the document's
// quality factor (0.8 + 0.2 × score_qualite, as the search ranks), rounded up: the bound of a
// range is then the sum of its stems' bounds, whatever the query's other stems.
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
    // Maps blockmax.bin in `dir` for `stems` stems and `documents` documents. Throws IndexError.
    BlockMax(const std::filesystem::path& dir, uint32_t stems, uint32_t documents);

    uint32_t range_log2() const { return m_range_log2; }
    uint32_t ranges() const { return m_ranges; }
    // Adds `times` × the bound of `stem` to each range's bound in `bounds` (ranges() values).
    void add(uint32_t stem, double times, std::vector<double>& bounds) const;

  private:
    MappedFile m_file;
    const float* m_global = nullptr;
    const float* m_table = nullptr;
    uint32_t m_range_log2 = 0, m_ranges = 0, m_tabled = 0;
};

}  // namespace cartoffre::detail
