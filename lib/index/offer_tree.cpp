#include "index/offer_tree.hpp"

#include <algorithm>
#include <cmath>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

// The position of cell (x, y) along a Hilbert curve over a 65,536 x 65,536 grid: cells close on
// the curve are close on the map, so consecutive entries make small leaves.
uint64_t hilbert_distance(uint32_t x, uint32_t y) {
    uint64_t d = 0;
    for (uint32_t s = 1u << 15; s > 0; s >>= 1) {
        const uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += uint64_t{s} * s * ((3 * rx) ^ ry);
        if (ry == 0) {  // turn the quadrant so that the curve's pieces join
            if (rx == 1) {
                x = s - 1 - (x & (s - 1));
                y = s - 1 - (y & (s - 1));
            }
            std::swap(x, y);
        }
    }
    return d;
}

NodeBox box_of(const OfferEntry& e) {
    return {e.lon, e.lat, e.lon, e.lat};
}

void extend(NodeBox& b, const NodeBox& other) {
    b.west = std::min(b.west, other.west);
    b.south = std::min(b.south, other.south);
    b.east = std::max(b.east, other.east);
    b.north = std::max(b.north, other.north);
}

}  // namespace

double least_chord2_to(LatLon from, double cos_from, const NodeBox& box) {
    constexpr double rad = M_PI / 180.0;
    const double dlat = std::max({0.0, box.south - from.lat, from.lat - box.north}) * rad;
    double dlon = 0;
    if (from.lon < box.west || from.lon > box.east) {
        const double west = std::fmod(std::fabs(from.lon - box.west), 360.0);
        const double east = std::fmod(std::fabs(from.lon - box.east), 360.0);
        dlon = std::min({west, 360 - west, east, 360 - east}) * rad;
    }
    if (dlat == 0 && dlon == 0) return 0;
    // cos is least at the latitude farthest from the equator: a lower bound for every point.
    const double cos_box =
        std::max(0.0, std::min(std::cos(box.south * rad), std::cos(box.north * rad)));
    const double slat = std::sin(dlat / 2), slon = std::sin(dlon / 2);
    const double h = slat * slat + cos_from * cos_box * slon * slon;
    return std::max(0.0, 4 * h * (1 - 1e-9) - 1e-15);
}

std::vector<OfferTree::Level> OfferTree::levels_for(size_t entries) {
    std::vector<Level> levels;
    size_t begin = 0;
    for (size_t below = entries; below > 0;) {
        const size_t count = (below + fanout - 1) / fanout;
        levels.push_back({begin, count});
        begin += count;
        if (count == 1) break;
        below = count;
    }
    return levels;
}

void OfferTree::pack(std::vector<OfferEntry> entries, SectionsWriter& out) {
    if (!entries.empty()) {
        NodeBox all = box_of(entries[0]);
        for (const OfferEntry& e : entries) extend(all, box_of(e));
        const double width = std::max(all.east - all.west, 1e-9);
        const double height = std::max(all.north - all.south, 1e-9);
        std::vector<std::pair<uint64_t, uint32_t>> order;  // (curve distance, position)
        order.reserve(entries.size());
        for (const OfferEntry& e : entries) {
            const auto x = static_cast<uint32_t>((e.lon - all.west) / width * 65535);
            const auto y = static_cast<uint32_t>((e.lat - all.south) / height * 65535);
            order.emplace_back(hilbert_distance(x, y), static_cast<uint32_t>(order.size()));
        }
        std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
            if (a.first != b.first) return a.first < b.first;
            return entries[a.second].position < entries[b.second].position;
        });
        std::vector<OfferEntry> sorted;
        sorted.reserve(entries.size());
        for (const auto& [distance, i] : order) sorted.push_back(entries[i]);
        entries = std::move(sorted);
    }
    const std::vector<Level> levels = levels_for(entries.size());
    std::vector<NodeBox> nodes;
    for (size_t l = 0; l < levels.size(); ++l) {
        const size_t below = l == 0 ? entries.size() : levels[l - 1].count;
        for (size_t node = 0; node < levels[l].count; ++node) {
            const size_t first = node * fanout, last = std::min(first + fanout, below);
            NodeBox b = l == 0 ? box_of(entries[first]) : nodes[levels[l - 1].begin + first];
            for (size_t i = first; i < last; ++i)
                extend(b, l == 0 ? box_of(entries[i]) : nodes[levels[l - 1].begin + i]);
            nodes.push_back(b);
        }
    }
    out.add(entries);
    out.add(nodes);
}

OfferTree::OfferTree(const Sections& file, size_t first, size_t offers)
    : m_entries(file.array<OfferEntry>(first)), m_offers(offers), m_file(file.path().string()) {
    m_levels = levels_for(m_entries.size());
    const size_t nodes = m_levels.empty() ? 0 : m_levels.back().begin + 1;
    if (m_levels.size() > max_levels)
        file.fail("la section " + std::to_string(first) + " a trop d'entrées");
    m_nodes = file.array<NodeBox>(first + 1, nodes);
}

void OfferTree::corrupt(uint32_t position) const {
    throw IndexError("fichier d'index " + m_file +
                     " abîmé : une entrée de l'arbre R nomme l'offre " + std::to_string(position) +
                     " sur " + std::to_string(m_offers));
}

}  // namespace cartoffre::detail
