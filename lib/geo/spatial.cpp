#include "geo/spatial.hpp"

#include <algorithm>
#include <cmath>

namespace cartoffre::detail {

std::vector<GeoBox> boxes_around(LatLon centre, double radius_km) {
    constexpr double deg = 180.0 / M_PI;
    // A hair of margin so that rounding never drops a point the exact distance keeps.
    const double angle = radius_km / earth_radius_km;
    const double dlat = angle * deg * (1 + 1e-9) + 1e-9;
    const double south = centre.lat - dlat;
    const double north = centre.lat + dlat;
    std::vector<GeoBox> boxes;
    // The widest longitude span of a spherical cap: asin(sin(angle) / cos(lat)).
    const double s = std::sin(std::min(angle, M_PI / 2)) / std::cos(centre.lat / deg);
    if (north >= 90 || south <= -90 || angle >= M_PI / 2 || s >= 1) {
        boxes.emplace_back(GeoPoint(-180, std::max(south, -90.0)),
                           GeoPoint(180, std::min(north, 90.0)));
        return boxes;
    }
    const double dlon = std::asin(s) * deg * (1 + 1e-9) + 1e-9;
    const double west = centre.lon - dlon;
    const double east = centre.lon + dlon;
    if (west < -180) {
        boxes.emplace_back(GeoPoint(-180, south), GeoPoint(east, north));
        boxes.emplace_back(GeoPoint(west + 360, south), GeoPoint(180, north));
    } else if (east > 180) {
        boxes.emplace_back(GeoPoint(west, south), GeoPoint(180, north));
        boxes.emplace_back(GeoPoint(-180, south), GeoPoint(east - 360, north));
    } else {
        boxes.emplace_back(GeoPoint(west, south), GeoPoint(east, north));
    }
    return boxes;
}

NearEnough::NearEnough(LatLon centre, double radius_km, const GeoBox& box)
    : m_lat(centre.lat), m_lon(centre.lon) {
    constexpr double deg = 180.0 / M_PI;
    const double south = box.min_corner().get<1>(), north = box.max_corner().get<1>();
    if (radius_km > 100 || south < -80 || north > 80) return;  // keeps everything
    const double cos_min = std::min(std::cos(south / deg), std::cos(north / deg));
    m_cos2 = cos_min * cos_min;
    const double reach = (radius_km * 1.001 + 0.001) / earth_radius_km * deg;
    m_reach2 = reach * reach;
}

}  // namespace cartoffre::detail
