#pragma once
// Where a search finds offers around a place: derived from the offers' columns when a generation
// is written, mapped when it opens, so that opening rebuilds nothing.
//   units.bin  each offer's unit vector (zero when it has no location), for exact distances;
//   lists.bin  offers delivered in person by commune; remote offers open everywhere (all, and
//              per category of thématiques), and the others by the zone keys that open them;
//              the offers with no known place;
//   trees.bin  R-trees of the located offers delivered in person: all, then one per category.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "cartoffre/geo.hpp"
#include "geo/circle.hpp"
#include "index/offer_tree.hpp"
#include "index/sections.hpp"

namespace cartoffre::detail {

struct OfferColumns;

// An offer in a list, with its category bits: a category filter skips most of a list without
// reading the columns.
struct ListedOffer {
    uint32_t position;
    uint32_t categories;
};

// What the lists and trees are counted in.
struct PlacementShape {
    size_t offers = 0, communes = 0, zone_keys = 0, categories = 0;
};

// Writes units.bin, lists.bin and trees.bin into `dir` for `columns` (their zone keys in
// `zones`; `france_key` the id of "france" when an offer has it).
void write_placement(const std::filesystem::path& dir, const std::vector<OfferColumns>& columns,
                     const std::vector<uint32_t>& zones, std::optional<uint32_t> france_key,
                     const PlacementShape& shape);

class Placement {
  public:
    Placement() = default;
    // Maps the three files of generation `dir` and checks them against `shape`: IndexError
    // naming the file when one is missing, truncated or inconsistent.
    Placement(const std::filesystem::path& dir, const PlacementShape& shape);

    const UnitVector& unit(uint32_t position) const { return m_units[position]; }
    // Offers delivered in person in a commune (gazetteer index).
    Array<ListedOffer> in_commune(uint32_t commune) const {
        return slice(m_commune_offers, m_commune_begin, commune);
    }
    // Remote offers open by one zone key, and not everywhere.
    Array<ListedOffer> remote_in_zone(uint32_t zone_key) const {
        return slice(m_remote_zone_offers, m_remote_zone_begin, zone_key);
    }
    // Remote offers open everywhere (no zones, or France among them), sorted: all of them, or
    // those of one category.
    Array<uint32_t> remote_anywhere() const { return m_remote_anywhere; }
    Array<uint32_t> remote_anywhere_in(uint32_t category) const {
        return slice(m_remote_anywhere_in, m_remote_anywhere_in_begin, category);
    }
    // The offers with no known place (is_unplaced), sorted.
    Array<uint32_t> unplaced() const { return m_unplaced; }
    // The R-tree of all located in-person offers, and that of one category.
    const OfferTree& tree() const { return m_trees.at(0); }
    const OfferTree& category_tree(uint32_t category) const { return m_trees.at(1 + category); }

  private:
    template <class T>
    static Array<T> slice(Array<T> all, Array<uint32_t> begin, uint32_t group) {
        return {all.data() + begin[group], size_t{begin[group + 1]} - begin[group]};
    }

    MappedFile m_units_file;
    Array<UnitVector> m_units;
    Sections m_lists, m_tree_file;
    Array<uint32_t> m_commune_begin, m_remote_zone_begin, m_remote_anywhere_in_begin;
    Array<ListedOffer> m_commune_offers, m_remote_zone_offers;
    Array<uint32_t> m_remote_anywhere, m_remote_anywhere_in, m_unplaced;
    std::vector<OfferTree> m_trees;
};

}  // namespace cartoffre::detail
