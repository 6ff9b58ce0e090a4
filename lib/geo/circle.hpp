#pragma once
// "Within r km" asked of many points: points as unit vectors, and a circle that answers by the
// chord, exactly as distance_km would.

#include <cmath>

#include "cartoffre/geo.hpp"

namespace cartoffre::detail {

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

}  // namespace cartoffre::detail
