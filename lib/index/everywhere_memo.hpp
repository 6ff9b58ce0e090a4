#pragma once
// The remote offers that a search around a place finds whatever the place, once per theme set
// (index/search_everywhere.hpp): kept by the generation, as the page memo keeps pages.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "cartoffre/query.hpp"

namespace cartoffre::detail {

// The offers of one list of remote offers (open everywhere, or in one zone: placement.hpp) in
// the themes asked: matched by every search around a place the list covers that asks no more
// than the themes, whether near the place or not.
struct Everywhere {
    size_t count = 0;
    Facets facets;                  // theirs
    std::vector<uint32_t> by_rank;  // their positions, in id order (their order when not near)
};

class EverywhereMemo {
  public:
    // Whether themes are asked, which (ThemeSet's bits), and the list: 0 for the offers open
    // everywhere, else 1 + the zone key.
    using Key = std::array<uint64_t, 4>;
    // Theme sets are a category or a few themes, zones a hundred départements: a bound that
    // real use never reaches.
    static constexpr size_t most = 4096;

    std::shared_ptr<const Everywhere> find(const Key& key) const {
        std::lock_guard<std::mutex> hold(m_mutex);
        const auto it = m_entries.find(key);
        return it == m_entries.end() ? nullptr : it->second;
    }
    void keep(const Key& key, std::shared_ptr<const Everywhere> entry) {
        std::lock_guard<std::mutex> hold(m_mutex);
        if (m_entries.size() < most) m_entries.emplace(key, std::move(entry));
    }

  private:
    mutable std::mutex m_mutex;
    std::map<Key, std::shared_ptr<const Everywhere>> m_entries;
};

}  // namespace cartoffre::detail
