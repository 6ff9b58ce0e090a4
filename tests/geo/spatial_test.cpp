// The boxes around a circle and the cheap test that leaves out their corners: together they
// must keep every point the exact distance keeps (a search checks exactly what they keep).
// The packed R-tree of offers against a scan of its entries, and its file when damaged.

#include "geo/spatial.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "detail/files.hpp"
#include "index/offer_tree.hpp"
#include "support/generated_index.hpp"

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
                    const OfferEntry entry{p.lon, p.lat, 0, 0};
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
                    REQUIRE(near_enough(OfferEntry{p.lon, p.lat, 0, 0}));
                }
            }
        }
    CHECK(inside > 100000);
    CHECK(corners_dropped > 10000);  // the test does leave corners out
}

namespace {

// Points like offers: most around a few towns (many at the very same place), some spread over
// France and overseas.
std::vector<OfferEntry> offers_like(size_t n, std::mt19937_64& rng) {
    const std::vector<LatLon> towns = {{48.8566, 2.3522},
                                       {45.764, 4.8357},
                                       {43.2965, 5.3698},
                                       {50.6292, 3.0573},
                                       {-21.1151, 55.5364}};
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<OfferEntry> entries;
    for (uint32_t p = 0; p < n; ++p) {
        const LatLon& town = towns[rng() % towns.size()];
        const double spread = p % 7 == 0 ? 0 : p % 3 == 0 ? 4 : 0.2;
        const double lat = p % 11 == 0 ? 42 + 9 * unit(rng) : town.lat + spread * (unit(rng) - 0.5);
        const double lon =
            p % 11 == 0 ? -5 + 13 * unit(rng) : town.lon + spread * (unit(rng) - 0.5);
        entries.push_back({lon, lat, p * 3 % static_cast<uint32_t>(n), 1u << (rng() % 5)});
    }
    return entries;
}

std::vector<uint32_t> sorted(std::vector<uint32_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST_CASE("A packed offer tree finds exactly the entries a scan finds, through its file") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    testing::TempDir dir("offer-tree");
    for (size_t n : {0, 1, 15, 16, 17, 255, 256, 257, 4097, 30000}) {
        const std::vector<OfferEntry> entries = offers_like(n, rng);
        SectionsWriter writer;
        OfferTree::pack(entries, writer);
        OfferTree::pack({}, writer);  // a second, empty tree after it in the same file
        write_file(dir.path() / "trees.bin", writer.bytes("test trees"));
        const Sections file(dir.path() / "trees.bin", "test trees");
        REQUIRE(file.count() == 4);
        const OfferTree tree(file, 0, n);
        const OfferTree empty(file, 2, n);
        REQUIRE(tree.size() == n);
        for (int q = 0; q < 300; ++q) {
            // Boxes from tiny to all of France, some on the entries' very points (edges count).
            const OfferEntry& at =
                entries.empty() ? OfferEntry{2.35, 48.85, 0, 0} : entries[rng() % entries.size()];
            const double w = q % 10 == 0 ? 0 : std::pow(10, -3 + 4 * unit(rng));
            const double h = q % 10 == 0 ? 0 : std::pow(10, -3 + 4 * unit(rng));
            const double x = at.lon - w * unit(rng), y = at.lat - h * unit(rng);
            const GeoBox box({x, y}, {x + w, y + h});
            const uint32_t wanted = 1u << (q % 5);
            auto keep = [&](const OfferEntry& e) { return q % 2 == 0 || (e.categories & wanted); };
            std::vector<uint32_t> found, expected;
            tree.query(box, keep, [&](const OfferEntry& e) { found.push_back(e.position); });
            for (const OfferEntry& e : entries)
                if (e.lon >= x && e.lon <= x + w && e.lat >= y && e.lat <= y + h && keep(e))
                    expected.push_back(e.position);
            INFO(n << " entries, box " << x << "," << y << " " << w << "x" << h);
            REQUIRE(sorted(found) == sorted(expected));
            empty.query(box, keep, [&](const OfferEntry&) { FAIL("an empty tree found"); });
        }
    }
}

TEST_CASE("A damaged trees file is an IndexError naming it, never a wrong read") {
    std::mt19937_64 rng(8);
    testing::TempDir dir("offer-tree-bad");
    const std::vector<OfferEntry> entries = offers_like(1000, rng);
    SectionsWriter writer;
    OfferTree::pack(entries, writer);
    const std::string bytes = writer.bytes("test trees");
    const auto file = dir.path() / "trees.bin";
    auto open_tree = [&](const std::string& content, size_t offers) {
        write_file(file, content);
        const Sections sections(file, "test trees");
        const OfferTree tree(sections, 0, offers);
        const GeoBox everywhere({-180, -90}, {180, 90});
        tree.query(
            everywhere, [](const OfferEntry&) { return true; }, [](const OfferEntry&) {});
    };
    REQUIRE_NOTHROW(open_tree(bytes, 1000));
    // Truncated anywhere: in the header, the table of sections or the sections.
    for (size_t cut : {size_t{0}, size_t{7}, size_t{31}, size_t{40}, size_t{100}, bytes.size() / 2,
                       bytes.size() - 1})
        REQUIRE_THROWS_WITH(open_tree(bytes.substr(0, cut), 1000),
                            Catch::Contains(file.string()) && Catch::Contains("abîmé"));
    // Another kind of file, and entries naming offers the index does not hold.
    REQUIRE_THROWS_WITH(open_tree(writer.bytes("other"), 1000),
                        Catch::Contains("ce n'est pas un fichier"));
    REQUIRE_THROWS_WITH(open_tree(bytes, 999), Catch::Contains("nomme l'offre 999 sur 999"));
}
