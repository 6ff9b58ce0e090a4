#pragma once
// cartoffre's answers to the classes, and how they are compared with a peer's: for (a) and (c)
// the same ids, the same order up to distances within 10 m, the same distances (cartoffre shows
// them to 0.1 km: the peer's must round to it, unless within 10 m of a rounding edge); for the
// text classes the overlap of the top 20.

#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "workload.hpp"

namespace bench {

inline Answer run_cartoffre(const Index& index, const Spec& s, size_t limit) {
    Query q = s.query;
    Answer a;
    if (s.kind == Kind::e) {
        Results r = index.search(q);
        a.total = r.total;
        for (auto& c : r.facets.categories) a.counts.emplace_back(c.code, c.count);
        return a;
    }
    q.limit = s.kind == Kind::f ? 20 : limit;
    for (size_t page = 0; page < s.pages; ++page) {
        Results r = index.search(q);
        a.total = r.total;
        for (auto& hit : r.hits) {
            a.ids.push_back(hit.offer.id);
            a.km.push_back(hit.distance_km);
        }
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    return a;
}

constexpr double tolerance_km = 0.010;

// The differences between cartoffre's answer and a peer's for a class compared by ids, one
// line each (empty when they agree).
inline std::vector<std::string> differences(const Answer& ours, const Answer& peer) {
    std::vector<std::string> out;
    std::unordered_map<std::string, std::optional<double>> theirs;
    for (size_t i = 0; i < peer.ids.size(); ++i) theirs[peer.ids[i]] = peer.km[i];
    std::set<std::string> mine(ours.ids.begin(), ours.ids.end());
    for (auto& id : ours.ids)
        if (!theirs.count(id)) out.push_back("only cartoffre: " + id);
    for (auto& id : peer.ids)
        if (!mine.count(id)) out.push_back("only the peer: " + id);
    std::optional<double> previous, previous_shown;
    for (size_t i = 0; i < ours.ids.size(); ++i) {
        auto it = theirs.find(ours.ids[i]);
        if (it == theirs.end()) continue;
        const std::optional<double>& km = it->second;
        const std::optional<double>& shown = ours.km[i];
        if (km.has_value() != shown.has_value()) {
            out.push_back(ours.ids[i] + ": distance " + (shown ? "shown" : "absent") +
                          " in cartoffre, " + (km ? "measured" : "absent") + " by the peer");
            continue;
        }
        if (!km) continue;
        const double rounded = std::round(*km * 10) / 10;
        const bool near_edge = std::fabs(std::fmod(*km, 0.1) - 0.05) < tolerance_km;
        if (std::fabs(rounded - *shown) > 1e-9 && !near_edge)
            out.push_back(ours.ids[i] + ": " + std::to_string(*shown) + " km in cartoffre, " +
                          std::to_string(*km) + " km by the peer");
        // cartoffre's order by distance, checked against the peer's distances. At one distance
        // as shown (to 0.1 km) an offer placed at its commune's centre comes after one at its
        // address, whichever is nearer: only offers shown at different distances are compared.
        if (previous && *km + tolerance_km < *previous && *shown != *previous_shown)
            out.push_back(ours.ids[i] + ": after an offer " + std::to_string(*previous - *km) +
                          " km farther (peer's distances)");
        previous = km;
        previous_shown = shown;
    }
    return out;
}

// The share of the peer's top ids that cartoffre's top holds as well (1 when both are empty).
inline double overlap(const Answer& ours, const Answer& peer) {
    if (ours.ids.empty() && peer.ids.empty()) return 1;
    std::set<std::string> mine(ours.ids.begin(), ours.ids.end());
    size_t both = 0;
    for (auto& id : peer.ids) both += mine.count(id);
    return static_cast<double>(both) /
           static_cast<double>(std::max(ours.ids.size(), peer.ids.size()));
}

}  // namespace bench
