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

// File slot_facets.bin: the total and facet counts of the offers in person or remote that hold
// a slot of one word (the stems held by at least 1/512 of the offers: the first ones) or of a
// synonym group, so that a query of one such slot counts nothing. uint32 version, offers,
// stems, groups, values (categories, types, frais, publics and kinds, in that order); then per
// stem, then per group, uint32 total and uint32 counts[values].
inline constexpr const char* slot_facets_file = "slot_facets.bin";

// Written from the text index in `text_dir` (written) and the columns.
void write_slot_facets(const std::filesystem::path& file, const std::filesystem::path& text_dir,
                       const std::vector<OfferColumns>& columns, const Taxonomy& taxonomy);

// Facet counts of offers added one at a time from their columns (OfferColumns, or a search's
// Match, which carries the same fields): what a search does when its matches are few.
class FacetTally {
  public:
    explicit FacetTally(const Taxonomy& t)
        : m_categories(t.categories().size()),
          m_types(t.types().size()),
          m_frais(t.frais().size()),
          m_publics(t.publics().size()),
          m_kinds(t.typologies().size()) {}
    template <class Columns>
    void add(const Columns& c) {
        for (uint32_t b = c.categories; b; b &= b - 1) ++m_categories[__builtin_ctz(b)];
        if (c.type) ++m_types[c.type - 1];
        for (uint32_t b = c.frais; b; b &= b - 1) ++m_frais[__builtin_ctz(b)];
        for (uint32_t b = c.publics; b; b &= b - 1) ++m_publics[__builtin_ctz(b)];
        if (c.kind) ++m_kinds[c.kind - 1];
    }
    // The values counted at least once, in their tables' order, with their labels.
    void fill(const Taxonomy& t, Facets& facets) const;

  private:
    std::vector<size_t> m_categories, m_types, m_frais, m_publics, m_kinds;
};

class FacetBits {
  public:
    FacetBits() = default;
    // Maps facets.bin and slot_facets.bin in `dir` for `offers` offers of `taxonomy`. Throws
    // IndexError.
    FacetBits(const std::filesystem::path& dir, size_t offers, const Taxonomy& taxonomy);

    size_t words() const { return m_words; }
    const uint64_t* in_person() const { return bitmap(0); }
    const uint64_t* remote() const { return bitmap(1); }

    // The facets of the offers whose bits are set in `matches` (words() words), as
    // Index::search counts them: every value held at least once, in its table's order.
    void count(const std::vector<uint64_t>& matches, const Taxonomy& taxonomy,
               Facets& facets) const;
    // The same for the matches among the offers of words [first, first + words): `matches`
    // holds those words only (a city's offers sit together: a short run of the bitmaps).
    void count(const uint64_t* matches, size_t first, size_t words, const Taxonomy& taxonomy,
               Facets& facets) const;

    // The counts of a slot of one stem (`stem` >= 0) or group kept by the build, into `total`
    // and `facets` as count() gives them; false when the build kept none for it.
    bool slot_counts(int64_t stem, int64_t group, const Taxonomy& taxonomy, size_t& total,
                     Facets& facets) const;

  private:
    const uint64_t* bitmap(size_t i) const { return m_bits + i * m_words; }

    MappedFile m_file, m_slots;
    uint32_t m_slot_stems = 0, m_slot_groups = 0, m_values = 0;
    const uint64_t* m_bits = nullptr;
    size_t m_words = 0;
};

// How many values the facets count: one bitmap each.
size_t facet_values(const Taxonomy& taxonomy);

// The offers set in `bits`: a popcount over the words.
size_t count_bits(const std::vector<uint64_t>& bits);

}  // namespace cartoffre::detail
