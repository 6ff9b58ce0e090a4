#include "index/search_beyond.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "index/offer_tree.hpp"

namespace cartoffre::detail {

namespace {

// Whether the hours, the availability and the person's verdict let the offer through (strict:
// an ineligible offer does not count; inclusive: it does, as the search shows it).
bool suits_person(uint32_t p, const ForPerson& for_person, const Snapshot& s) {
    bool ineligible = false;
    return !for_person.asks() || suits(p, for_person, s, ineligible);
}

std::vector<uint32_t> holding_words(const std::string& words, const std::vector<uint32_t>& within,
                                    const Snapshot& s) {
    std::vector<uint32_t> maybe;
    const ColumnCodes codes(s);
    for (const TextMatch& m : s.text->find(words, &within, &codes).matches) maybe.push_back(m.doc);
    std::vector<uint32_t> out;
    for (const TextMatch& m : s.text->weigh(words, maybe)) out.push_back(m.doc);
    return out;
}

}  // namespace

size_t count_unplaced(const std::string& words, bool has_text, const Filters& filters,
                      const ForPerson& for_person, const Snapshot& s) {
    std::vector<uint32_t> kept;
    for (uint32_t p : s.placement.unplaced())
        if (filters.accept(s.columns[p], s.zones)) kept.push_back(p);
    if (has_text && !kept.empty()) kept = holding_words(words, kept, s);
    return static_cast<size_t>(std::count_if(
        kept.begin(), kept.end(), [&](uint32_t p) { return suits_person(p, for_person, s); }));
}

std::vector<Nearby> nearest_beyond(const Area& area, const std::string& words, bool has_text,
                                   const Filters& filters, const ForPerson& for_person,
                                   bool one_per_cluster, size_t limit, const Snapshot& s) {
    std::vector<Nearby> found;
    if (area.circles.empty() || limit == 0) return found;
    auto chord2_of = [&](uint32_t p) {
        double least = HUGE_VAL;
        for (const Circle& circle : area.circles)
            least = std::min(least, circle.chord2_to(s.placement.unit(p)));
        return least;
    };
    auto fits = [&](uint32_t p) {
        const OfferColumns& c = s.columns[p];
        return (c.flags & flag_in_person) && (c.flags & flag_located) && filters.accept(c, s.zones);
    };
    // Already found, or (one per cluster asked) a duplicate of one found.
    auto duplicate = [&](uint32_t p) { return (s.columns[p].flags & flag_duplicate) != 0; };
    auto taken = [&](uint32_t p) {
        return std::any_of(found.begin(), found.end(), [&](const Nearby& n) {
            return n.position == p || (one_per_cluster && duplicate(p) && duplicate(n.position) &&
                                       s.clusters[p] == s.clusters[n.position]);
        });
    };
    if (has_text) {
        // The offers that may hold the words, by distance; the words and the person are checked
        // nearest first, in batches growing fourfold, until `limit` pass.
        std::vector<std::pair<double, uint32_t>> by_distance;
        for (const TextMatch& m : s.text->find(words, nullptr).matches)
            if (fits(m.doc)) by_distance.emplace_back(chord2_of(m.doc), m.doc);
        std::sort(by_distance.begin(), by_distance.end(), [&](const auto& a, const auto& b) {
            if (a.first != b.first) return a.first < b.first;
            return s.columns[a.second].id_rank < s.columns[b.second].id_rank;
        });
        for (size_t at = 0, batch = 16; at < by_distance.size() && found.size() < limit;
             batch *= 4) {
            const size_t end = std::min(by_distance.size(), at + batch);
            std::vector<uint32_t> slice;
            for (size_t i = at; i < end; ++i) slice.push_back(by_distance[i].second);
            std::sort(slice.begin(), slice.end());
            std::vector<uint32_t> worded;
            for (const TextMatch& m : s.text->weigh(words, slice)) worded.push_back(m.doc);
            for (size_t i = at; i < end && found.size() < limit; ++i) {
                const auto [chord2, p] = by_distance[i];
                if (std::binary_search(worded.begin(), worded.end(), p) && !taken(p) &&
                    suits_person(p, for_person, s))
                    found.push_back({p, Circle::distance_of(chord2)});
            }
            at = end;
        }
        return found;
    }
    // Without words: the R-trees, best first, once per offer wanted, from each origin.
    std::vector<const OfferTree*> trees;
    if (!filters.by_themes) trees.push_back(&s.placement.tree());
    for (uint32_t bits = filters.by_themes ? filters.categories : 0; bits; bits &= bits - 1)
        trees.push_back(&s.placement.category_tree(static_cast<uint32_t>(__builtin_ctz(bits))));
    std::vector<OfferTree::Waiting> heap;
    auto keep = [&](const OfferEntry& e) {
        return !taken(e.position) && fits(e.position) && suits_person(e.position, for_person, s);
    };
    auto rank = [&](const OfferEntry& e) { return s.columns[e.position].id_rank; };
    while (found.size() < limit) {
        std::optional<std::pair<double, uint32_t>> best;  // (squared chord, position)
        for (const Circle& circle : area.circles) {
            auto chord2 = [&](const OfferEntry& e) {
                return circle.chord2_to(s.placement.unit(e.position));
            };
            for (const OfferTree* tree : trees) {
                const auto near = tree->nearest(area.place.origins[&circle - area.circles.data()],
                                                chord2, keep, rank, HUGE_VAL, heap);
                if (!near) continue;
                const std::pair<double, uint32_t> candidate{near->chord2, near->entry.position};
                if (!best || candidate.first < best->first ||
                    (candidate.first == best->first &&
                     rank(near->entry) < s.columns[best->second].id_rank))
                    best = candidate;
            }
        }
        if (!best) break;
        found.push_back({best->second, Circle::distance_of(best->first)});
    }
    return found;
}

std::vector<Hit> hits_beyond(const Area& area, const std::string& words, bool has_text,
                             const Filters& filters, const ForPerson& for_person,
                             bool one_per_cluster, const Snapshot& s) {
    std::vector<Hit> hits;
    for (const Nearby& n :
         nearest_beyond(area, words, has_text, filters, for_person, one_per_cluster, 3, s)) {
        Hit& hit = hits.emplace_back();
        s.offer(n.position, hit.offer);
        hit.distance_km = std::round(n.km * 10) / 10;
        if (for_person.person)
            hit.eligibility = judge_with_reasons(n.position, for_person, s, hit.offer);
    }
    return hits;
}

}  // namespace cartoffre::detail
