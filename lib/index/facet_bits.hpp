#pragma once
// The offers holding each facet value as one bit per offer, so that the facets of a large match
// set (a word over all of France: hundreds of thousands of offers) are counted by AND and
// popcount over bitmaps instead of one columns read per match (lib/index/search_top.cpp).
//
// File facets.bin: uint32 version, uint32 offers, uint32 sizes[5] (categories, types, frais,
// publics, kinds of the index's taxonomy); then, each of ceil(offers / 64) uint64 words, the
// bitmaps of: offers delivered in person, remote offers, then each category, type, frais,
// public and kind in their tables' order, as OfferColumns hold them.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "cartoffre/index.hpp"
#include "cartoffre/taxonomy.hpp"
#include "detail/mapped_file.hpp"

namespace cartoffre::detail {

struct OfferColumns;

inline constexpr const char* facet_bits_file = "facets.bin";

void write_facet_bits(const std::filesystem::path& file, const std::vector<OfferColumns>& columns,
                      const Taxonomy& taxonomy);

class FacetBits {
  public:
    FacetBits() = default;
    // Maps `file` for `offers` offers of `taxonomy`. Throws IndexError.
    FacetBits(const std::filesystem::path& file, size_t offers, const Taxonomy& taxonomy);

    size_t words() const { return m_words; }
    const uint64_t* in_person() const { return bitmap(0); }
    const uint64_t* remote() const { return bitmap(1); }

    // The facets of the offers whose bits are set in `matches` (words() words), as
    // Index::search counts them: every value held at least once, in its table's order.
    void count(const std::vector<uint64_t>& matches, const Taxonomy& taxonomy,
               Facets& facets) const;

  private:
    const uint64_t* bitmap(size_t i) const { return m_bits + i * m_words; }

    MappedFile m_file;
    const uint64_t* m_bits = nullptr;
    size_t m_words = 0;
};

// The offers set in `bits`: a popcount over the words.
size_t count_bits(const std::vector<uint64_t>& bits);

}  // namespace cartoffre::detail
