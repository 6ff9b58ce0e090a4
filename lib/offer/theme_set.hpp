#pragma once
// Thématiques as bits, how the index stores an offer's themes and compiles a thématique filter.

#include <cstdint>
#include <string_view>

#include "cartoffre/taxonomy.hpp"

namespace cartoffre::detail {

// A set of thématiques as bits (69 codes fit in 128).
struct ThemeSet {
    uint64_t bits[2] = {0, 0};
    void add(uint32_t theme) { bits[theme / 64] |= uint64_t{1} << (theme % 64); }
    bool has(uint32_t theme) const { return bits[theme / 64] >> (theme % 64) & 1; }
    bool intersects(const ThemeSet& o) const {
        return (bits[0] & o.bits[0]) != 0 || (bits[1] & o.bits[1]) != 0;
    }
    bool empty() const { return bits[0] == 0 && bits[1] == 0; }
    ThemeSet& operator|=(const ThemeSet& o) {
        bits[0] |= o.bits[0];
        bits[1] |= o.bits[1];
        return *this;
    }
};

// One bit per category holding one of the themes (at most 32 categories).
uint32_t category_bits(const Taxonomy& taxonomy, const ThemeSet& themes);
// The thématiques a filter code stands for: itself, or every sub-theme of a category.
// Throws QueryError on an unknown code.
ThemeSet theme_filter(const Taxonomy& taxonomy, std::string_view code);

}  // namespace cartoffre::detail
