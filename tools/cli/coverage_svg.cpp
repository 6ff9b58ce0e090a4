#ifdef CARTOFFRE_LOADING  // with the coverage command (cli/coverage.cpp)

#include "cli/coverage_svg.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

namespace cartoffre::cli {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

struct Point {
    double x, y;  // km, east and north
};
using BoostPoint = bg::model::point<double, 2, bg::cs::cartesian>;

// The points of `cell` on the side of the bisector of p and q nearer to p (Sutherland-Hodgman
// against one half-plane).
std::vector<Point> clip(const std::vector<Point>& cell, Point p, Point q) {
    const double nx = q.x - p.x, ny = q.y - p.y;
    const double mx = (p.x + q.x) / 2, my = (p.y + q.y) / 2;
    auto side = [&](Point a) { return (a.x - mx) * nx + (a.y - my) * ny; };  // <= 0: kept
    std::vector<Point> kept;
    for (size_t i = 0; i < cell.size(); ++i) {
        const Point a = cell[i], b = cell[(i + 1) % cell.size()];
        const double sa = side(a), sb = side(b);
        if (sa <= 0) kept.push_back(a);
        if ((sa < 0 && sb > 0) || (sa > 0 && sb < 0)) {
            const double t = sa / (sa - sb);
            kept.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
        }
    }
    return kept;
}

// The Voronoi cell of each point among its nearest neighbours (a cell's edges are bisectors
// with close points), bounded by a square of 1.5 times the distance to the nearest neighbour,
// at least 2 km and at most 25 km from the centre.
std::vector<std::vector<Point>> voronoi_cells(const std::vector<Point>& points) {
    std::vector<std::pair<BoostPoint, size_t>> entries;
    for (size_t i = 0; i < points.size(); ++i)
        entries.emplace_back(BoostPoint(points[i].x, points[i].y), i);
    const bgi::rtree<std::pair<BoostPoint, size_t>, bgi::quadratic<16>> tree(entries);
    std::vector<std::vector<Point>> cells;
    std::vector<std::pair<BoostPoint, size_t>> near;
    for (const Point& p : points) {
        near.clear();
        tree.query(bgi::nearest(BoostPoint(p.x, p.y), 24), std::back_inserter(near));
        double closest = HUGE_VAL;
        for (const auto& n : near) {
            const Point q = points[n.second];
            const double d = std::hypot(q.x - p.x, q.y - p.y);
            if (d > 0) closest = std::min(closest, d);
        }
        const double h = std::clamp(std::isfinite(closest) ? 1.5 * closest : 25.0, 2.0, 25.0);
        std::vector<Point> cell{
            {p.x - h, p.y - h}, {p.x + h, p.y - h}, {p.x + h, p.y + h}, {p.x - h, p.y + h}};
        for (const auto& n : near) {
            const Point q = points[n.second];
            if (q.x == p.x && q.y == p.y) continue;  // itself, or a commune at the same centre
            cell = clip(cell, p, q);
        }
        cells.push_back(std::move(cell));
    }
    return cells;
}

const char* const colours[] = {"#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027"};
constexpr const char* no_offer = "#9e9e9e";

// The class of a distance: thirds of the radius, up to twice the radius, beyond.
size_t class_of(double km, double radius) {
    if (km <= radius / 3) return 0;
    if (km <= 2 * radius / 3) return 1;
    if (km <= radius) return 2;
    if (km <= 2 * radius) return 3;
    if (km <= 4 * radius) return 4;
    return 5;
}

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else if (c == '"')
            out += "&quot;";
        else
            out += c;
    }
    return out;
}

std::string number(double x, int digits = 1) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, x);
    return text;
}

std::string french(double x) {
    std::string s = number(x);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

constexpr size_t max_dots = 20000;

}  // namespace

void write_svg(const CoverageReport& r, const Index& index, const CoverageQuery& query,
               const Contours* contours, std::string& out) {
    const size_t subjects = r.subjects.size();
    // Overseas communes drawn with metropolitan ones would shrink the map to a dot: left out.
    std::vector<const CommuneCoverage*> drawn;
    size_t overseas = 0;
    bool metropolitan = false;
    for (size_t i = 0; i < r.communes.size(); i += subjects)
        metropolitan = metropolitan || r.communes[i].departement.rfind("97", 0) != 0;
    for (size_t i = 0; i < r.communes.size(); i += subjects) {
        const CommuneCoverage& c = r.communes[i];
        if (metropolitan && c.departement.rfind("97", 0) == 0)
            ++overseas;
        else
            drawn.push_back(&c);
    }
    Box box{90, 180, -90, -180};
    for (const CommuneCoverage* c : drawn) {
        box.south = std::min(box.south, c->centre.lat);
        box.north = std::max(box.north, c->centre.lat);
        box.west = std::min(box.west, c->centre.lon);
        box.east = std::max(box.east, c->centre.lon);
    }
    if (drawn.empty()) box = {0, 0, 0, 0};
    const double lat0 = (box.south + box.north) / 2 * M_PI / 180;
    auto project = [&](double lat, double lon) {
        return Point{lon * std::cos(lat0) * 111.32, lat * 110.57};
    };
    std::vector<Point> points;
    for (const CommuneCoverage* c : drawn) points.push_back(project(c->centre.lat, c->centre.lon));
    const std::vector<std::vector<Point>> cells = voronoi_cells(points);
    // Each commune's rings: its contour's, projected, or its cell.
    std::vector<std::vector<std::vector<Point>>> shapes(drawn.size());
    size_t outlined = 0;
    for (size_t i = 0; i < drawn.size(); ++i) {
        const Contour* outline = contours ? contours->find(drawn[i]->code) : nullptr;
        if (!outline) {
            shapes[i].push_back(cells[i]);
            continue;
        }
        ++outlined;
        for (const auto& ring : outline->rings) {
            shapes[i].emplace_back();
            for (const LatLon& p : ring) shapes[i].back().push_back(project(p.lat, p.lon));
        }
    }

    // The map's frame: every shape, in pixels of a 900-pixel-wide drawing.
    double minx = HUGE_VAL, maxx = -HUGE_VAL, miny = HUGE_VAL, maxy = -HUGE_VAL;
    for (const auto& shape : shapes)
        for (const auto& ring : shape)
            for (const Point& p : ring) {
                minx = std::min(minx, p.x), maxx = std::max(maxx, p.x);
                miny = std::min(miny, p.y), maxy = std::max(maxy, p.y);
            }
    if (cells.empty()) minx = miny = 0, maxx = maxy = 1;
    const double width = 900, scale = width / std::max(maxx - minx, 1e-9);
    const double height = std::max(200.0, (maxy - miny) * scale), legend = 330;
    auto px = [&](Point p) { return Point{(p.x - minx) * scale, (maxy - p.y) * scale}; };

    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(width + legend, 0) +
           "\" height=\"" + number(std::max(height, 420.0), 0) + "\" viewBox=\"0 0 " +
           number(width + legend, 0) + " " + number(std::max(height, 420.0), 0) +
           "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    out += "<title>Couverture : " + escaped(r.totals.at(0).name) + ", " +
           escaped(r.subject_labels.at(0)) +
           "</title>\n<g id=\"communes\" stroke=\"#ffffff\" "
           "stroke-width=\"0.4\">\n";
    for (size_t i = 0; i < drawn.size(); ++i) {
        const CommuneCoverage& c = *drawn[i];
        out += "<path class=\"commune\" data-code=\"" + escaped(c.code) + "\" fill=\"" +
               (c.nearest_km ? colours[class_of(*c.nearest_km, r.radius_km)] : no_offer) +
               "\" d=\"";
        for (const auto& ring : shapes[i]) {
            for (size_t k = 0; k < ring.size(); ++k) {
                const Point p = px(ring[k]);
                out += (k ? "L" : "M") + number(p.x) + "," + number(p.y);
            }
            out += "Z";
        }
        out += "\" fill-rule=\"evenodd\"><title>" + escaped(c.name) + " (" + escaped(c.code) +
               ") : " + (c.nearest_km ? french(*c.nearest_km) + " km" : "aucune offre") +
               "</title></path>\n";
    }
    out += "</g>\n";

    // The offers: in person, located in the frame, of the first subject and the filters.
    Query dots = query.filters;
    dots.thematiques = {r.subjects.at(0)};
    dots.bbox = Box{box.south - 0.05, box.west - 0.05, box.north + 0.05, box.east + 0.05};
    dots.limit = 10000;
    size_t drawn_dots = 0;
    bool more = false;
    out += "<g id=\"offres\" fill=\"#08306b\" stroke=\"#ffffff\" stroke-width=\"0.3\">\n";
    while (!drawn.empty()) {
        const Results page = index.search(dots);
        for (const Hit& hit : page.hits) {
            if (drawn_dots == max_dots) {
                more = true;
                break;
            }
            const Point p = px(project(*hit.offer.latitude, *hit.offer.longitude));
            out += "<circle class=\"offre\" cx=\"" + number(p.x) + "\" cy=\"" + number(p.y) +
                   "\" r=\"1.8\"/>\n";
            ++drawn_dots;
        }
        if (more || page.next_cursor.empty()) break;
        dots.cursor = page.next_cursor;
    }
    out += "</g>\n";

    // The legend: what the colours, the surfaces and the dots are.
    const double lx = width + 20;
    double y = 24;
    auto text = [&](const std::string& t, bool bold = false) {
        out += "<text x=\"" + number(lx, 0) + "\" y=\"" + number(y, 0) + "\"" +
               (bold ? " font-weight=\"bold\"" : "") + ">" + escaped(t) + "</text>\n";
        y += 17;
    };
    out += "<g id=\"legende\">\n";
    text("Distance à l'offre la plus proche", true);
    text(r.subject_labels.at(0) + ", du centre de la commune");
    const double radius = r.radius_km;
    const std::string bounds[] = {"jusqu'à " + french(radius / 3) + " km",
                                  french(radius / 3) + " à " + french(2 * radius / 3) + " km",
                                  french(2 * radius / 3) + " à " + french(radius) + " km",
                                  french(radius) + " à " + french(2 * radius) + " km",
                                  french(2 * radius) + " à " + french(4 * radius) + " km",
                                  "plus de " + french(4 * radius) + " km"};
    for (size_t k = 0; k <= 6; ++k) {
        out += "<rect x=\"" + number(lx, 0) + "\" y=\"" + number(y - 11, 0) +
               "\" width=\"16\" height=\"12\" fill=\"" + (k < 6 ? colours[k] : no_offer) + "\"/>\n";
        out += "<text x=\"" + number(lx + 24, 0) + "\" y=\"" + number(y, 0) + "\">" +
               escaped(k < 6 ? bounds[k] : "aucune offre") + "</text>\n";
        y += 17;
    }
    y += 8;
    out += "<circle cx=\"" + number(lx + 8, 0) + "\" cy=\"" + number(y - 4, 0) +
           "\" r=\"3\" fill=\"#08306b\"/>\n";
    out +=
        "<text x=\"" + number(lx + 24, 0) + "\" y=\"" + number(y, 0) + "\">" +
        escaped("offre sur place (" + std::to_string(drawn_dots) + (more ? " premières)" : ")")) +
        "</text>\n";
    y += 25;
    if (outlined == drawn.size() && outlined > 0) {
        text("Surfaces : les contours donnés");
        text("(" + std::to_string(outlined) + " communes).");
    } else {
        if (outlined) {
            text("Surfaces : les contours donnés pour");
            text(std::to_string(outlined) + " communes ; pour les autres, les");
            text("cellules de Voronoï des centres");
        } else {
            text("Surfaces : cellules de Voronoï des centres");
        }
        text("des communes, bornées à 1,5 fois la distance");
        text("au centre voisin (2 à 25 km) : une");
        text("approximation, pas les limites communales.");
    }
    if (overseas) text(std::to_string(overseas) + " communes d'outre-mer non dessinées.");
    if (subjects > 1) text("Premier sujet seulement (" + std::to_string(subjects) + " demandés).");
    out += "</g>\n</svg>\n";
}

}  // namespace cartoffre::cli

#endif
