#pragma once
// The remote offers open everywhere that a search around a place finds, once per theme set
// (index/search_everywhere.hpp): kept by the generation, as the page memo keeps pages.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "cartoffre/query.hpp"

namespace cartoffre::detail {

// The offers of the lists of remote offers open everywhere (placement.hpp) in the themes asked.
struct Everywhere {
    // Remote, not in person, open to every residence, in the themes: matched by every search
    // around any place that asks no more than the themes.
    size_t count = 0;
    Facets facets;                  // theirs
    std::vector<uint32_t> by_rank;  // their positions, in id order (their order in every page)
    // The lists' offers that are also in person: near some places only, so still candidates.
    std::vector<uint32_t> in_person;  // sorted positions
};

class EverywhereMemo {
  public:
    // By whether themes are asked and which (ThemeSet's bits).
    using Key = std::array<uint64_t, 3>;
    // Theme sets are a category or a few themes: a bound that real use never reaches.
    static constexpr size_t most = 1024;

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
