// The boxes around a circle and the cheap test that leaves out their corners: together they
// must keep every point the exact distance keeps (a search checks exactly what they keep).

#include "detail/spatial.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace cartoffre;
using namespace cartoffre::detail;

TEST_CASE("Boxes and the corner test keep every point within the radius, and drop far corners") {
    std::mt19937_64 rng(20261126);
    std::uniform_real_distribution<double> unit(0, 1);
    // Mainland France, Corsica, the overseas départements, and far north and south.
    const std::vector<LatLon> centres = {
        {48.8566, 2.3522},   {43.2965, 5.3698},   {51.03, 2.37},      {42.70, 9.45},
        {-21.1151, 55.5364}, {16.2650, -61.5510}, {4.9372, -52.3260}, {-12.78, 45.23},
        {70.5, 25.0},        {-60.0, -45.0}};
    size_t inside = 0, corners_dropped = 0;
    for (const LatLon& centre : centres)
        for (double radius : {0.5, 3.0, 10.0, 30.0, 99.0, 100.0, 150.0}) {
            for (const GeoBox& box : boxes_around(centre, radius)) {
                const NearEnough near_enough(centre, radius, box);
                const double w = box.min_corner().get<0>(), s = box.min_corner().get<1>();
                const double e = box.max_corner().get<0>(), n = box.max_corner().get<1>();
                for (int i = 0; i < 4000; ++i) {
                    const LatLon p{s + (n - s) * unit(rng), w + (e - w) * unit(rng)};
                    const OfferEntry entry{GeoPoint(p.lon, p.lat), 0, 0};
                    const double d = distance_km(centre, p);
                    if (d <= radius) {
                        ++inside;
                        INFO(centre.lat << "," << centre.lon << " r " << radius << " at " << d);
                        REQUIRE(near_enough(entry));
                    }
                    corners_dropped += d > radius * 1.01 && !near_enough(entry);
                }
                // Points just inside the edge, all around: the hardest for the margin.
                for (int k = 0; k < 720; ++k) {
                    const double bearing = k * M_PI / 360,
                                 angle = radius * 0.99999 / earth_radius_km;
                    const double lat0 = centre.lat * M_PI / 180, lon0 = centre.lon * M_PI / 180;
                    const double lat =
                        std::asin(std::sin(lat0) * std::cos(angle) +
                                  std::cos(lat0) * std::sin(angle) * std::cos(bearing));
                    const double lon =
                        lon0 + std::atan2(std::sin(bearing) * std::sin(angle) * std::cos(lat0),
                                          std::cos(angle) - std::sin(lat0) * std::sin(lat));
                    const LatLon p{lat * 180 / M_PI, lon * 180 / M_PI};
                    if (p.lon < w || p.lon > e || p.lat < s || p.lat > n) continue;  // other box
                    REQUIRE(distance_km(centre, p) <= radius);
                    REQUIRE(near_enough(OfferEntry{GeoPoint(p.lon, p.lat), 0, 0}));
                }
            }
        }
    CHECK(inside > 100000);
    CHECK(corners_dropped > 10000);  // the test does leave corners out
}
