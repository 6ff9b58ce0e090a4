#pragma once
// The R-tree over offer coordinates and the boxes that cover a circle on the sphere.

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstdint>
#include <functional>
#include <mutex>
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
using PackedOfferTree = bgi::rtree<OfferEntry, bgi::rstar<16>, OfferEntryPoint, OfferEntryEqual>;

// An R-tree of offers packed on its first query rather than when the index opens: a command
// that searches once (the `cartoffre` process) pays only for the tree it walks, out of the tree
// of all offers and one per category. Safe to query from many threads at once (one packs, the
// others wait for it).
class OfferTree {
  public:
    // Appends the tree's entries to the vector it is given; called once, at the first query.
    using Entries = std::function<void(std::vector<OfferEntry>&)>;
    OfferTree() = default;  // empty until given its entries
    explicit OfferTree(Entries entries) : m_entries(std::move(entries)) {}
    OfferTree(const OfferTree&) = delete;
    OfferTree& operator=(const OfferTree&) = delete;
    // Before the tree is shared with other threads only.
    void set_entries(Entries entries) { m_entries = std::move(entries); }

    template <class Predicates, class OutIterator>
    size_t query(const Predicates& predicates, OutIterator out) const {
        return packed().query(predicates, out);
    }
    const PackedOfferTree& packed() const {
        std::call_once(m_once, [this] {
            std::vector<OfferEntry> entries;
            if (m_entries) m_entries(entries);
            m_tree = PackedOfferTree(entries.begin(), entries.end());
            m_entries = nullptr;  // what it held (the snapshot) is not needed any more
        });
        return m_tree;
    }

  private:
    mutable std::once_flag m_once;
    mutable Entries m_entries;
    mutable PackedOfferTree m_tree;
};

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
        const double dlat = e.point.get<1>() - m_lat, dlon = e.point.get<0>() - m_lon;
        return dlat * dlat + m_cos2 * dlon * dlon <= m_reach2;
    }

  private:
    double m_lat = 0, m_lon = 0, m_cos2 = 0;
    double m_reach2 = HUGE_VAL;  // squared radius in degrees, with the margin
};

}  // namespace cartoffre::detail
