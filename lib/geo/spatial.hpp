#pragma once
// R-trees of points and the boxes that cover a circle on the sphere.

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstdint>
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

// An offer in the offers' R-tree (detail::OfferTree): its point, its position, and the bits of
// its theme categories, so that a category filter skips most entries without reading their
// columns.
struct OfferEntry {
    double lon, lat;
    uint32_t position;
    uint32_t categories;
};
static_assert(sizeof(OfferEntry) == 24, "trees.bin layout (ARCHITECTURE.md)");

// Degree boxes that together contain every point within `radius_km` of `centre` (two boxes
// when the circle crosses the antimeridian, all longitudes near a pole).
std::vector<GeoBox> boxes_around(LatLon centre, double radius_km);

// Leaves out the corners of the boxes around a circle before anything else is read of their
// offers (a box holds 4/pi as many points as its circle). A point is surely outside when its
// planar distance (degrees to radians, longitudes scaled by the smallest cosine of the box's
// latitudes) exceeds the radius by 0.1 %: up to 100 km the great-circle distance is at least
// 0.9999 of that planar one. Beyond 100 km, or near a pole, it keeps everything; the exact test
// comes after, on what is kept.
class NearEnough {
  public:
    NearEnough(LatLon centre, double radius_km, const GeoBox& box);
    bool operator()(const OfferEntry& e) const {
        const double dlat = e.lat - m_lat, dlon = e.lon - m_lon;
        return dlat * dlat + m_cos2 * dlon * dlon <= m_reach2;
    }

  private:
    double m_lat = 0, m_lon = 0, m_cos2 = 0;
    double m_reach2 = HUGE_VAL;  // squared radius in degrees, with the margin
};

}  // namespace cartoffre::detail
