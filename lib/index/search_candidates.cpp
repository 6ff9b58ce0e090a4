// Gathering the candidates of a search (search.cpp, step 3): the R-trees around the place or
// over the viewport, the place's communes, and the remote offers open there, as sorted
// positions. A superset: the filters and the area's rule decide after.

#include "index/search_candidates.hpp"

#include <algorithm>
#include <iterator>

#include "text/postings.hpp"

namespace cartoffre::detail {

namespace {

bool in_categories(uint32_t categories, const Filters& filters) {
    return !filters.by_themes || (categories & filters.categories);
}

// The R-trees to walk: those of the categories asked, or the tree of all offers.
std::vector<const OfferTree*> trees_for(const Filters& filters, const Snapshot& s) {
    if (!filters.by_themes) return {&s.placement.tree()};
    std::vector<const OfferTree*> trees;
    for (uint32_t bits = filters.categories; bits; bits &= bits - 1)
        trees.push_back(&s.placement.category_tree(static_cast<uint32_t>(__builtin_ctz(bits))));
    return trees;
}

// In-person offers that may be inside the area, in the categories asked: those in the R-tree
// boxes around each origin (a superset of the circles; the trees of the categories asked, or the
// tree of all) and those located in the place's communes. The other filters come after.
std::vector<uint32_t> near_candidates(const Area& area, const Filters& filters, const Snapshot& s) {
    const std::vector<const OfferTree*> trees = trees_for(filters, s);
    std::vector<uint32_t> positions;
    auto consider = [&](const OfferEntry& e) { positions.push_back(e.position); };
    for (const LatLon& origin : area.place.origins)
        for (const auto& box : boxes_around(origin, area.radius_km)) {
            const NearEnough near_enough(origin, area.radius_km, box);
            for (const OfferTree* tree : trees) tree->query(box, near_enough, consider);
        }
    for (uint32_t c : area.communes)
        for (const ListedOffer& listed : s.placement.in_commune(c))
            if (in_categories(listed.categories, filters)) positions.push_back(listed.position);
    sort_unique(positions);  // trees, boxes and communes overlap
    return positions;
}

// A union of sorted lists built in two buffers that trade places: a list added costs one merge
// of what is held with it, and no allocation once the buffers have grown. The small lists are
// best added first, the long ones (the remote offers open everywhere) last.
class Union {
  public:
    explicit Union(std::vector<uint32_t> first) : m_held(std::move(first)) {}
    // Room for `more` positions besides those held.
    void reserve(size_t more) {
        m_held.reserve(m_held.size() + more);
        m_next.reserve(m_held.size() + more);
    }
    void add(const uint32_t* begin, const uint32_t* end) {
        if (begin == end) return;
        if (m_held.empty()) {
            m_held.assign(begin, end);
            return;
        }
        m_next.resize(m_held.size() + static_cast<size_t>(end - begin));
        const auto last = std::set_union(m_held.begin(), m_held.end(), begin, end, m_next.begin());
        m_next.resize(static_cast<size_t>(last - m_next.begin()));
        m_held.swap(m_next);
    }
    std::vector<uint32_t> take() { return std::move(m_held); }

  private:
    std::vector<uint32_t> m_held, m_next;
};

// Adds the remote offers open where the person is (everywhere, or by one of the place's zone
// keys), in the categories asked. Every list is sorted: their union is a merge.
void add_remote(Union& all, const Filters& filters, const Snapshot& s, const Apart* apart) {
    std::vector<uint32_t> zoned;
    for (uint32_t key : filters.zone_keys) {
        // Those in person are near the place, or counted apart: the trees and the communes
        // find the near ones.
        if (apart && apart->departement && key == apart->departement_key) continue;
        zoned.clear();
        for (const ListedOffer& listed : s.placement.remote_in_zone(key))
            if (in_categories(listed.categories, filters)) zoned.push_back(listed.position);
        all.add(zoned.data(), zoned.data() + zoned.size());
    }
    if (apart) return;
    if (!filters.by_themes) {
        all.add(s.placement.remote_anywhere().begin(), s.placement.remote_anywhere().end());
        return;
    }
    for (uint32_t bits = filters.categories; bits; bits &= bits - 1) {
        const auto listed =
            s.placement.remote_anywhere_in(static_cast<uint32_t>(__builtin_ctz(bits)));
        all.add(listed.begin(), listed.end());
    }
}

}  // namespace

// Every offer that may match around the place, as sorted positions: near it and remote as asked.
std::vector<uint32_t> candidates(const Area& area, Remote remote, const Filters& filters,
                                 const Snapshot& s, const Apart* apart) {
    Union all(remote != Remote::only ? near_candidates(area, filters, s) : std::vector<uint32_t>{});
    if (remote != Remote::exclude) {
        // Room for every list at once: the buffers never grow during the merges.
        size_t most = 0;
        for (uint32_t key : filters.zone_keys) most += s.placement.remote_in_zone(key).size();
        if (!filters.by_themes && !apart) most += s.placement.remote_anywhere().size();
        for (uint32_t bits = filters.by_themes && !apart ? filters.categories : 0; bits;
             bits &= bits - 1)
            most +=
                s.placement.remote_anywhere_in(static_cast<uint32_t>(__builtin_ctz(bits))).size();
        all.reserve(most);
        add_remote(all, filters, s, apart);
    }
    return all.take();
}

// In-person offers located inside a map viewport, in the categories asked (the trees hold
// exactly the located in-person offers). Sorted.
std::vector<uint32_t> viewport_candidates(const Box& box, const Filters& filters,
                                          const Snapshot& s) {
    const GeoBox corners({box.west, box.south}, {box.east, box.north});
    std::vector<uint32_t> positions;
    auto consider = [&](const OfferEntry& e) { positions.push_back(e.position); };
    auto all = [](const OfferEntry&) { return true; };
    for (const OfferTree* tree : trees_for(filters, s)) tree->query(corners, all, consider);
    sort_unique(positions);  // an offer of several categories is in several trees
    return positions;
}

}  // namespace cartoffre::detail
