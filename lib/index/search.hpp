#pragma once
// The one query path (search.cpp), with a way to take the page without its records decoded:
// a writer that copies the page's fields straight out of the records (search_v1.cpp) would
// otherwise pay for an Offer of every hit, most of a large page's cost.

#include <cstdint>
#include <functional>

#include "cartoffre/query.hpp"

namespace cartoffre::detail {

struct Snapshot;

// Each hit of the page, in the library's order: its position in the snapshot and its exact
// distance in km to the place's closest origin (infinity when remote or not measured).
using PageVisitor = std::function<void(uint32_t position, double distance_km)>;

// Index::search on one snapshot. With `visit`, the page's hits are given to it rather than
// decoded: the Results then hold everything but their hits.
Results search(const Query& q, const Snapshot& s, const PageVisitor* visit = nullptr);

}  // namespace cartoffre::detail
