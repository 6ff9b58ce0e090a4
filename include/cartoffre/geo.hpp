#pragma once
// Points on the Earth and great-circle distances.

#include <cmath>

namespace cartoffre {

// WGS84 decimal degrees. Stored (lat, lon) like the standard; Boost.Geometry wants (lon, lat).
struct LatLon {
    double lat = 0;
    double lon = 0;
};

// Mean Earth radius (IUGG), the usual sphere for haversine distances.
constexpr double earth_radius_km = 6371.0088;

// Great-circle distance by the haversine formula (R. W. Sinnott, 1984). Exact enough for
// "within X km" questions: the sphere differs from the ellipsoid by at most 0.5 %.
inline double distance_km(LatLon a, LatLon b) noexcept {
    constexpr double rad = M_PI / 180.0;
    const double dlat = (b.lat - a.lat) * rad;
    const double dlon = (b.lon - a.lon) * rad;
    const double h =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(a.lat * rad) * std::cos(b.lat * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * earth_radius_km * std::asin(std::sqrt(std::fmin(1.0, h)));
}

// A map viewport in decimal degrees, edges included; west <= east (no box across the
// antimeridian: France's territories do not need one).
struct Box {
    double south = 0;
    double west = 0;
    double north = 0;
    double east = 0;

    bool contains(LatLon p) const noexcept {
        return p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east;
    }
};

inline bool valid(LatLon p) noexcept {
    return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 &&
           p.lon >= -180 && p.lon <= 180;
}

}  // namespace cartoffre
