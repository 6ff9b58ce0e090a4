#pragma once
// The candidates of a search (search_candidates.cpp): every offer that may match, as sorted
// positions, before the filters and the area's rule decide.

#include <cstdint>
#include <vector>

#include "cartoffre/query.hpp"
#include "index/search_context.hpp"
#include "index/search_everywhere.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// Around the place: in-person offers in the R-tree boxes around each origin (the trees of the
// categories asked, or the tree of all) or located in the place's communes, and the remote
// offers open there, as `remote` asks, less those counted `apart` (search_everywhere.hpp).
std::vector<uint32_t> candidates(const Area& area, Remote remote, const Filters& filters,
                                 const Snapshot& s, const Apart* apart = nullptr);

// In-person offers located inside a map viewport, in the categories asked.
std::vector<uint32_t> viewport_candidates(const Box& box, const Filters& filters,
                                          const Snapshot& s);

}  // namespace cartoffre::detail
