#pragma once
// `cartoffre coverage --format svg`: a map readable without any web service. Each commune is
// drawn as the Voronoi cell of its centre (commune outlines are not in the shared data), bounded
// so that a commune of the coast or the border does not spread out to sea, and coloured by the
// distance to its nearest offer; the offers are dots, found by the search's viewport query.

#include <string>

#include "cartoffre/coverage.hpp"
#include "cartoffre/index.hpp"

namespace cartoffre::cli {

// Draws the first subject of `report` (the legend says so when there are more).
// A commune with a contour in `contours` (may be null) is drawn by it, the others by the
// Voronoi cell of their centre.
void write_svg(const CoverageReport& report, const Index& index, const CoverageQuery& query,
               const Contours* contours, std::string& out);

}  // namespace cartoffre::cli
