#pragma once
// A page nearest first without the distance of every match. Around a place most matches cannot
// enter the page (the median query of bench_core's geo+filters mix: 930 matches, most of them
// remote offers, for a page of 20), yet each one's distance took a square root and an arc sine,
// and each one's key a rounding. The squared chord a match's circle test computed grows with
// its distance: it tells which matches may come first, and only those are measured and keyed.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "geo/circle.hpp"

namespace cartoffre::detail {

// The distance as ranked: at the same distance as shown (a tenth of a kilometre), an offer
// placed at its commune's centre comes after those at their address, whose true distance is
// known. Within a tenth, exact distances keep their order in the band's first fifth, approximate
// ones in its second quarter: the bands never overlap. Infinite without a distance.
inline double ranked_km(double km, bool approximate) {
    if (km == std::numeric_limits<double>::infinity()) return km;
    const double shown = std::round(km * 10) / 10;
    return shown + 0.2 * (km - shown + 0.05) + (approximate ? 0.025 : 0);
}

// A squared chord beyond which every point ranks after every point at `chord2` or closer. The
// ranked key of a point at most `chord2` away is at most its band's tenth plus 0.045 km; a point
// 0.06 km past that band's upper tenth is shown at least a tenth further, its key at least
// 0.055 km above. The millimetre added to the distance covers the rounding of the arc sine, so
// that the band is never read too low. Infinite when the bound goes round the Earth.
inline double chord2_ranked_after(double chord2) {
    const double km = Circle::distance_of(chord2) + 1e-6;
    const double beyond = std::round(km * 10) / 10 + 0.06;
    const double half_angle = beyond / (2 * earth_radius_km);
    if (half_angle >= M_PI / 2) return std::numeric_limits<double>::infinity();
    const double chord = 2 * std::sin(half_angle);
    return chord * chord;
}

// The indexes (increasing) of the matches that may be among the `count` first of the order
// nearest first (ineligible last, then the ranked distance, then the id): a superset of those,
// often a small one. A match has `ineligible` and `chord2`, the squared chord to the closest
// origin (infinite when it has no distance). The tier of the `count`-th match by (ineligible,
// chord2) is found; every match of an earlier tier is kept, and of that tier those that do not
// surely rank after its `count` closest (chord2_ranked_after; the whole tier when the last of
// them has no distance: their order is the ids').
template <class Match>
std::vector<uint32_t> may_come_first(const std::vector<Match>& matches, size_t count) {
    std::vector<uint32_t> kept;
    if (count == 0) return kept;
    if (count >= matches.size()) {
        kept.resize(matches.size());
        for (uint32_t i = 0; i < matches.size(); ++i) kept[i] = i;
        return kept;
    }
    size_t eligible = 0;
    for (const Match& m : matches) eligible += !m.ineligible;
    const bool tier = count > eligible;  // the ineligible tier holds the `count`-th
    const size_t rank = tier ? count - eligible : count;
    // Only the tier's distances are selected among: most matches around a place are remote
    // offers, without one, and come after them all.
    std::vector<double> chords;
    chords.reserve(tier ? matches.size() - eligible : eligible);
    for (const Match& m : matches)
        if (m.ineligible == tier && m.chord2 != std::numeric_limits<double>::infinity())
            chords.push_back(m.chord2);
    double last = std::numeric_limits<double>::infinity();
    if (rank <= chords.size()) {
        std::nth_element(chords.begin(), chords.begin() + static_cast<long>(rank - 1),
                         chords.end());
        last = chords[rank - 1];
    }
    const double bound =
        last == std::numeric_limits<double>::infinity() ? last : chord2_ranked_after(last);
    for (uint32_t i = 0; i < matches.size(); ++i)
        if (matches[i].ineligible < tier ||
            (matches[i].ineligible == tier && matches[i].chord2 <= bound))
            kept.push_back(i);
    return kept;
}

}  // namespace cartoffre::detail
