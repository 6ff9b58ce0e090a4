#pragma once
// The R-tree over offer coordinates and the boxes that cover a circle on the sphere.

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstdint>
#include <utility>
#include <vector>

#include "cartoffre/geo.hpp"

namespace cartoffre::detail {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

// Boost points are (x = lon, y = lat), in plain degrees: boxes are all the R-tree needs.
using GeoPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using GeoBox = bg::model::box<GeoPoint>;
using GeoEntry = std::pair<GeoPoint, uint32_t>;
// Built by the packing constructor (bulk load), never modified after.
using GeoTree = bgi::rtree<GeoEntry, bgi::rstar<16>>;

// The offers' tree: point, position, and the bits of the offer's theme categories, so that a
// category filter skips most entries without reading their columns.
struct OfferEntry {
    GeoPoint point;
    uint32_t position;
    uint32_t categories;
};
struct OfferEntryPoint {
    using result_type = GeoPoint;
    const GeoPoint& operator()(const OfferEntry& e) const { return e.point; }
};
struct OfferEntryEqual {
    bool operator()(const OfferEntry& a, const OfferEntry& b) const {
        return a.position == b.position;
    }
};
using OfferTree = bgi::rtree<OfferEntry, bgi::rstar<16>, OfferEntryPoint, OfferEntryEqual>;

// Degree boxes that together contain every point within `radius_km` of `centre` (two boxes
// when the circle crosses the antimeridian, all longitudes near a pole).
std::vector<GeoBox> boxes_around(LatLon centre, double radius_km);

}  // namespace cartoffre::detail
