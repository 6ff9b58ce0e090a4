#pragma once
// The R-tree of offers, packed when a generation is written and read in place when it opens:
// a command that searches once pays nothing to build it, and processes serving the same
// generation share its pages.
//
// Entries are sorted along a Hilbert curve and cut into leaves of `fanout` consecutive entries;
// each level above groups `fanout` consecutive nodes of the level below. Nodes hold only their
// box: which entries or nodes they cover follows from their number, so the file cannot point
// anywhere else.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "geo/spatial.hpp"
#include "index/sections.hpp"

namespace cartoffre::detail {

struct NodeBox {
    double west, south, east, north;
};

// A distance no point of the box is nearer than to `from` (great circle, km): the haversine of
// the latitude gap and of the longitude gap at the box's latitude nearest a pole, each the least
// over the box, less a hair for rounding.
double least_km_to(LatLon from, const NodeBox& box);

class OfferTree {
  public:
    static constexpr uint32_t fanout = 16;

    // The tree's two sections (entries, then node boxes), sorted and computed from `entries`.
    static void pack(std::vector<OfferEntry> entries, SectionsWriter& out);

    OfferTree() = default;  // no entries
    // Reads the tree in sections `first` and `first + 1` of `file`; `offers` bounds the
    // positions (IndexError when an entry read is beyond it).
    OfferTree(const Sections& file, size_t first, size_t offers);

    // Calls out(entry) for each entry inside `box` (edges included) that keep(entry) accepts.
    template <class Keep, class Out>
    void query(const GeoBox& box, const Keep& keep, Out&& out) const {
        if (m_entries.empty()) return;
        const double west = box.min_corner().get<0>(), south = box.min_corner().get<1>();
        const double east = box.max_corner().get<0>(), north = box.max_corner().get<1>();
        // Nodes still to open, as (level, number); at most fanout per level are waiting.
        std::pair<uint32_t, uint32_t> stack[fanout * max_levels];
        size_t waiting = 0;
        stack[waiting++] = {static_cast<uint32_t>(m_levels.size() - 1), 0};
        while (waiting) {
            const auto [level, node] = stack[--waiting];
            const size_t first = size_t{node} * fanout;
            if (level == 0) {
                const size_t last = std::min(first + fanout, m_entries.size());
                for (size_t i = first; i < last; ++i) {
                    const OfferEntry& e = m_entries[i];
                    if (e.lon < west || e.lon > east || e.lat < south || e.lat > north) continue;
                    if (e.position >= m_offers) corrupt(e.position);
                    if (keep(e)) out(e);
                }
                continue;
            }
            const Level& below = m_levels[level - 1];
            const size_t last = std::min(first + fanout, below.count);
            for (size_t child = last; child-- > first;) {
                const NodeBox& b = m_nodes[below.begin + child];
                if (b.east < west || b.west > east || b.north < south || b.south > north) continue;
                stack[waiting++] = {level - 1, static_cast<uint32_t>(child)};
            }
        }
    }
    size_t size() const { return m_entries.size(); }

    struct Nearest {
        OfferEntry entry;
        double km;  // distance_km from the point
    };
    // The entry nearest to `from` (distance_km) among those keep(entry) accepts, ties going to
    // the smaller rank(entry); nothing when it accepts none. Best first: nodes open in the order
    // of least_km_to, so that only the nodes nearer than the answer are read.
    template <class Keep, class Rank>
    std::optional<Nearest> nearest(LatLon from, const Keep& keep, const Rank& rank) const {
        if (m_entries.empty()) return std::nullopt;
        struct Waiting {
            double km;
            bool entry;     // an entry (else a node), read after the nodes as near
            uint32_t rank;  // of an entry
            uint32_t level, number;
            bool operator<(const Waiting& o) const {  // the top of the queue is the least
                if (km != o.km) return km > o.km;
                if (entry != o.entry) return entry;
                return rank > o.rank;
            }
        };
        std::priority_queue<Waiting> queue;
        queue.push({0, false, 0, static_cast<uint32_t>(m_levels.size() - 1), 0});
        while (!queue.empty()) {
            const Waiting w = queue.top();
            queue.pop();
            if (w.entry) return Nearest{m_entries[w.number], w.km};
            const size_t first = size_t{w.number} * fanout;
            if (w.level == 0) {
                const size_t last = std::min(first + fanout, m_entries.size());
                for (size_t i = first; i < last; ++i) {
                    const OfferEntry& e = m_entries[i];
                    if (e.position >= m_offers) corrupt(e.position);
                    if (!keep(e)) continue;
                    queue.push({distance_km(from, {e.lat, e.lon}), true, rank(e), 0,
                                static_cast<uint32_t>(i)});
                }
                continue;
            }
            const Level& below = m_levels[w.level - 1];
            const size_t last = std::min(first + fanout, below.count);
            for (size_t child = first; child < last; ++child)
                queue.push({least_km_to(from, m_nodes[below.begin + child]), false, 0, w.level - 1,
                            static_cast<uint32_t>(child)});
        }
        return std::nullopt;
    }

  private:
    static constexpr size_t max_levels = 8;  // 16^8 entries
    struct Level {
        size_t begin, count;  // in m_nodes
    };
    // The nodes of each level, leaves' parents first, for `entries` entries.
    static std::vector<Level> levels_for(size_t entries);
    [[noreturn]] void corrupt(uint32_t position) const;

    Array<OfferEntry> m_entries;
    Array<NodeBox> m_nodes;
    std::vector<Level> m_levels;
    size_t m_offers = 0;
    std::string m_file;  // for errors
};

}  // namespace cartoffre::detail
