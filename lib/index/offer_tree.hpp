#pragma once
// The R-tree of offers, packed when a generation is written and read in place when it opens:
// a command that searches once pays nothing to build it, and processes serving the same
// generation share its pages.
//
// Entries are sorted along a Hilbert curve and cut into leaves of `fanout` consecutive entries;
// each level above groups `fanout` consecutive nodes of the level below. Nodes hold only their
// box: which entries or nodes they cover follows from their number, so the file cannot point
// anywhere else.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/spatial.hpp"
#include "index/sections.hpp"

namespace cartoffre::detail {

struct NodeBox {
    double west, south, east, north;
};

// A squared chord (between unit vectors, as Circle::chord2_to) that no point of the box is
// nearer than to `from`: four times the haversine of the latitude gap and of the longitude gap
// at the box's latitude nearest a pole, each the least over the box, less a hair for rounding.
// `cos_from` is cos(from.lat).
double least_chord2_to(LatLon from, double cos_from, const NodeBox& box);

class OfferTree {
  public:
    static constexpr uint32_t fanout = 16;

    // The tree's two sections (entries, then node boxes), sorted and computed from `entries`.
    static void pack(std::vector<OfferEntry> entries, SectionsWriter& out);

    OfferTree() = default;  // no entries
    // Reads the tree in sections `first` and `first + 1` of `file`; `offers` bounds the
    // positions (IndexError when an entry read is beyond it).
    OfferTree(const Sections& file, size_t first, size_t offers);

    // How a node's box stands to a region a walk counts in.
    enum class Overlap { outside, across, inside };
    // Calls out(entry) for each entry inside `box` (edges included) that keep(entry) accepts.
    template <class Keep, class Out>
    void query(const GeoBox& box, const Keep& keep, Out&& out) const {
        walk(
            box, [](const NodeBox&) { return Overlap::across; },
            [](uint32_t, uint32_t) { return false; }, keep, std::forward<Out>(out));
    }
    size_t size() const { return m_entries.size(); }

    // Walks the nodes that meet `box` like query(), asking classify(node box) how each stands
    // to the caller's region: outside, it is skipped; inside, it is first offered whole to
    // take(level, number) and, taken, not opened. The entries of the leaves opened go to
    // out(entry) when inside `box` and keep(entry) accepts them. Leaves are level 0.
    template <class Classify, class Take, class Keep, class Out>
    void walk(const GeoBox& box, const Classify& classify, const Take& take, const Keep& keep,
              Out&& out) const {
        if (m_entries.empty()) return;
        const double west = box.min_corner().get<0>(), south = box.min_corner().get<1>();
        const double east = box.max_corner().get<0>(), north = box.max_corner().get<1>();
        std::pair<uint32_t, uint32_t> stack[fanout * max_levels];
        size_t waiting = 0;
        stack[waiting++] = {static_cast<uint32_t>(m_levels.size() - 1), 0};
        while (waiting) {
            const auto [level, node] = stack[--waiting];
            const NodeBox& b = node_box(level, node);
            if (b.east < west || b.west > east || b.north < south || b.south > north) continue;
            const Overlap overlap = classify(b);
            if (overlap == Overlap::outside) continue;
            if (overlap == Overlap::inside && take(level, node)) continue;
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
            const size_t last = std::min(first + fanout, m_levels[level - 1].count);
            for (size_t child = last; child-- > first;)
                stack[waiting++] = {level - 1, static_cast<uint32_t>(child)};
        }
    }
    // The levels of nodes (leaves are level 0, the root the last), the nodes of one, a node's
    // box, and the entries it covers: [first, last) in entry() order.
    uint32_t levels() const { return static_cast<uint32_t>(m_levels.size()); }
    size_t nodes_at(uint32_t level) const { return m_levels[level].count; }
    const NodeBox& node_box(uint32_t level, uint32_t node) const {
        return m_nodes[m_levels[level].begin + node];
    }
    std::pair<size_t, size_t> entries_of(uint32_t level, uint32_t node) const {
        size_t span = fanout;
        for (uint32_t l = 0; l < level; ++l) span *= fanout;
        const size_t first = node * span;
        return {first, std::min(first + span, m_entries.size())};
    }
    const OfferEntry& entry(size_t i) const {
        const OfferEntry& e = m_entries[i];
        if (e.position >= m_offers) corrupt(e.position);
        return e;
    }

    struct Nearest {
        OfferEntry entry;
        double chord2;  // squared chord from the point (Circle::distance_of gives km)
    };
    // What a search for the nearest entry keeps between calls, so that it allocates once.
    struct Waiting {
        double chord2;
        bool entry;     // an entry (else a node), read after the nodes as near
        uint32_t rank;  // of an entry
        uint32_t level, number;
        bool operator<(const Waiting& o) const {  // the top of the heap is the least
            if (chord2 != o.chord2) return chord2 > o.chord2;
            if (entry != o.entry) return entry;
            return rank > o.rank;
        }
    };
    // The entry nearest to `from` among those keep(entry) accepts and no farther than `bound`
    // (a squared chord), ties going to the smaller rank(entry); nothing when there is none.
    // chord2(entry) measures an entry. Best first: nodes open in the order of least_chord2_to,
    // so that only those nearer than the answer are read, and those beyond `bound` never.
    template <class Chord2, class Keep, class Rank>
    std::optional<Nearest> nearest(LatLon from, const Chord2& chord2, const Keep& keep,
                                   const Rank& rank, double bound,
                                   std::vector<Waiting>& heap) const {
        heap.clear();
        if (m_entries.empty()) return std::nullopt;
        const double cos_from = std::cos(from.lat * M_PI / 180.0);
        heap.push_back({0, false, 0, static_cast<uint32_t>(m_levels.size() - 1), 0});
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end());
            const Waiting w = heap.back();
            heap.pop_back();
            if (w.entry) return Nearest{m_entries[w.number], w.chord2};
            const size_t first = size_t{w.number} * fanout;
            if (w.level == 0) {
                const size_t last = std::min(first + fanout, m_entries.size());
                for (size_t i = first; i < last; ++i) {
                    const OfferEntry& e = m_entries[i];
                    if (e.position >= m_offers) corrupt(e.position);
                    const double c2 = chord2(e);
                    if (c2 > bound || !keep(e)) continue;
                    heap.push_back({c2, true, rank(e), 0, static_cast<uint32_t>(i)});
                    std::push_heap(heap.begin(), heap.end());
                }
                continue;
            }
            const Level& below = m_levels[w.level - 1];
            const size_t last = std::min(first + fanout, below.count);
            for (size_t child = first; child < last; ++child) {
                const double c2 = least_chord2_to(from, cos_from, m_nodes[below.begin + child]);
                if (c2 > bound) continue;
                heap.push_back({c2, false, 0, w.level - 1, static_cast<uint32_t>(child)});
                std::push_heap(heap.begin(), heap.end());
            }
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
