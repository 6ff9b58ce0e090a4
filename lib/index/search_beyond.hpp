#pragma once
// What a local search says beyond its area (issues 15 and 16): how many matching offers have no
// known place, and, when nothing was found, the nearest matching offers beyond the radius. Both
// apply the search's own words, filters and person; both cost little: the first walks the
// index's short list of offers without a place, the second runs only on an empty answer.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "index/search_context.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// The offers with no known place (Placement::unplaced) that pass the filters, hold the words
// (when `words` has any) and suit the person and the hours asked.
size_t count_unplaced(const std::string& words, bool has_text, const Filters& filters,
                      const ForPerson& for_person, const Snapshot& s);

struct Nearby {
    uint32_t position;
    double km;  // to the nearest origin of the area
};

// The `limit` nearest located offers delivered in person that pass the filters, hold the words
// and suit the person, nearest first (ties by id), wherever they are: for a local search that
// found nothing inside its radius; with `one_per_cluster`, one offer of a cluster of duplicates
// (the nearest). Without words, a best-first walk of the R-trees of the
// categories asked; with words, the offers that may hold them, measured, then checked in order
// of distance.
std::vector<Nearby> nearest_beyond(const Area& area, const std::string& words, bool has_text,
                                   const Filters& filters, const ForPerson& for_person,
                                   bool one_per_cluster, size_t limit, const Snapshot& s);

// The three nearest beyond as hits: each offer with its distance (one decimal) and, for a
// person, its verdict and reasons.
std::vector<Hit> hits_beyond(const Area& area, const std::string& words, bool has_text,
                             const Filters& filters, const ForPerson& for_person,
                             bool one_per_cluster, const Snapshot& s);

}  // namespace cartoffre::detail
