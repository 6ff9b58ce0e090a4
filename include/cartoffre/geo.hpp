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

// A point as a unit vector from the Earth's centre. The straight line between two of them (the
// chord, 2 sin(d / 2R) for a great-circle distance d) grows with the distance, so "within r km"
// becomes one comparison of squared chords, without trigonometry per point.
struct UnitVector {
    double x = 0, y = 0, z = 0;
};

inline UnitVector unit_vector(LatLon p) noexcept {
    constexpr double rad = M_PI / 180.0;
    const double lat = p.lat * rad, lon = p.lon * rad;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

// "Is this point within r km of the centre?" asked of many points, answered exactly as
// distance_km would: by the chord, except within a hair of the edge, where the formula decides.
class Circle {
  public:
    Circle(LatLon centre, double radius_km) noexcept
        : m_centre(centre), m_unit(unit_vector(centre)), m_radius_km(radius_km) {
        if (radius_km >= M_PI * earth_radius_km) {  // the whole sphere
            m_inner = m_outer = HUGE_VAL;
            return;
        }
        const double chord = 2 * std::sin(radius_km / (2 * earth_radius_km));
        // Far wider than the rounding of either formula (a few 1e-16 of a unit vector).
        const double margin = chord * chord * 1e-6 + chord * 1e-14;
        m_inner = chord * chord - margin;
        m_outer = chord * chord + margin;
    }

    // The squared chord from the centre to `u`: what both questions below start from, so that
    // a point asked both costs one reading of its vector.
    double chord2_to(const UnitVector& u) const noexcept {
        const double dx = u.x - m_unit.x, dy = u.y - m_unit.y, dz = u.z - m_unit.z;
        return dx * dx + dy * dy + dz * dz;
    }

    // Whether `p`, at squared chord `chord2` from the centre, is within the radius.
    bool contains(LatLon p, double chord2) const noexcept {
        if (chord2 < m_inner) return true;
        if (chord2 > m_outer) return false;
        return distance_km(m_centre, p) <= m_radius_km;
    }
    bool contains(LatLon p, const UnitVector& u) const noexcept {
        return contains(p, chord2_to(u));
    }

    // The great-circle distance of a squared chord: the haversine distance to within a few
    // 1e-12 km, for a square root and an arc sine.
    static double distance_of(double chord2) noexcept {
        return 2 * earth_radius_km * std::asin(std::fmin(1.0, std::sqrt(chord2) / 2));
    }
    double distance_to(const UnitVector& u) const noexcept { return distance_of(chord2_to(u)); }

  private:
    LatLon m_centre;
    UnitVector m_unit;
    double m_radius_km;
    double m_inner = 0, m_outer = 0;  // squared chords surely inside, surely outside
};

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
