#pragma once
// The candidates of a search (search_candidates.cpp): every offer that may match, as sorted
// positions, before the filters and the area's rule decide.

#include <cstdint>
#include <vector>

#include "cartoffre/query.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// Around the place: in-person offers in the R-tree boxes around each origin (the trees of the
// categories asked, or the tree of all) or located in the place's communes, and the remote
// offers open there, as `remote` asks. With `everywhere`, the remote offers open everywhere are
// those alone (search_everywhere.hpp: the others are counted apart).
std::vector<uint32_t> candidates(const Area& area, Remote remote, const Filters& filters,
                                 const Snapshot& s,
                                 const std::vector<uint32_t>* everywhere = nullptr);

// In-person offers located inside a map viewport, in the categories asked.
std::vector<uint32_t> viewport_candidates(const Box& box, const Filters& filters,
                                          const Snapshot& s);

}  // namespace cartoffre::detail
