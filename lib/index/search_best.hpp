#pragma once
// The words' weights a page needs, around a place: only the matches that may enter it are
// weighed by their records, the others get their range's bound.
//
// Around a dense city a word is held by thousands of the candidates (12,500 for « rsa » 10 km
// around Paris at 1,000,000 generated offers), and reading each one's forward record to weigh it
// was a third of such a search's time. When the words are one slot walked whole
// (TextResult::exact), every match is known to hold them without a record; the total and facets
// need no weight, and the page needs only the weights that may beat its last hit. Each match's
// weight × quality factor is below its range's bound (block_max.hpp): matches are weighed best
// bound first, keeping the `kept` best after the cursor, until the best bound left ranks after
// the last kept. Those not weighed keep their bound as weight: still ranked after every kept
// one, they change neither the page nor its cursor (tests/index/words_page_oracle_test.cpp
// compares with weighing every match).

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "index/snapshot.hpp"
#include "text/text_index.hpp"

namespace cartoffre::detail {

// A match's place in a page's order: ineligible last, then the key, then the id's rank.
struct PagePlace {
    bool ineligible;
    double key;
    uint32_t rank;
    uint32_t index;
    bool operator<(const PagePlace& o) const {
        if (ineligible != o.ineligible) return o.ineligible;
        return key < o.key || (key == o.key && rank < o.rank);
    }
};

// Sets each match's `weight` (text weight × quality factor, as the one path weighs) exactly
// where it may be among the `kept` first after the cursor, to an upper bound elsewhere.
// `matches` are sorted by position and every one holds `words` (`found.exact`); `key_of(match)`
// is the order's key from its weight, `after(place)` whether a place comes after the cursor.
template <class Match, class KeyOf, class After>
void weigh_best(std::vector<Match>& matches, const std::string& words, const TextResult& found,
                size_t kept, KeyOf key_of, After after, const Snapshot& s) {
    std::vector<PagePlace> best;  // a heap, the last kept on top
    std::vector<uint32_t> positions;
    // Weighs the matches `batch` (indexes, sorted) and keeps the best after the cursor.
    auto weigh = [&](const std::vector<uint32_t>& batch) {
        positions.clear();
        for (uint32_t i : batch) positions.push_back(matches[i].position);
        const std::vector<TextMatch> weighed = s.text->weigh(words, positions);
        if (weighed.size() != batch.size())
            throw std::logic_error("weigh_best: a match of an exact narrowing lacks the words");
        for (size_t k = 0; k < batch.size(); ++k) {
            Match& m = matches[batch[k]];
            m.weight = weighed[k].weight;
            m.weight *= 0.8 + 0.2 * s.columns[m.position].quality / 100.0;  // as weigh_quality
            const PagePlace place{m.ineligible, key_of(m), m.id_rank, batch[k]};
            if (!after(place)) continue;
            if (best.size() < kept) {
                best.push_back(place);
                std::push_heap(best.begin(), best.end());
            } else if (place < best.front()) {
                std::pop_heap(best.begin(), best.end());
                best.back() = place;
                std::push_heap(best.begin(), best.end());
            }
        }
    };
    std::vector<uint32_t> batch;
    // A few hundred matches: weighed in one pass, as the one path does, no bound read.
    constexpr size_t all_below = 256;
    if (matches.size() <= all_below) {
        for (uint32_t i = 0; i < matches.size(); ++i) batch.push_back(i);
        weigh(batch);
        return;
    }
    // The bounds are sums of floats rounded up: a little margin keeps them above every weight.
    constexpr double margin = 1 + 1e-9;
    // The matches of one range of documents share its bound: they are weighed together, the
    // ranges best first, each at the place of its best match at the bound.
    struct Run {
        PagePlace lower;
        uint32_t begin, end;  // its matches, [begin, end)
    };
    std::vector<Run> runs;
    for (uint32_t i = 0; i < matches.size(); ++i) {
        Match& m = matches[i];
        const uint32_t range = m.position >> found.range_log2;
        m.weight = found.bounds[range] * margin;
        const PagePlace place{m.ineligible, key_of(m), m.id_rank, range};
        if (runs.empty() || runs.back().lower.index != range)
            runs.push_back({place, i, i + 1});
        else
            runs.back().lower = std::min(runs.back().lower, place), runs.back().end = i + 1;
    }
    std::sort(runs.begin(), runs.end(),
              [](const Run& a, const Run& b) { return a.lower < b.lower; });
    auto may_enter = [&](const PagePlace& p) { return best.size() < kept || p < best.front(); };
    constexpr size_t batch_size = 64;  // records asked for ahead of their turn: reads overlap
    for (size_t r = 0; r < runs.size() && may_enter(runs[r].lower);) {
        batch.clear();
        for (; r < runs.size() && batch.size() < batch_size && may_enter(runs[r].lower); ++r)
            for (uint32_t i = runs[r].begin; i < runs[r].end; ++i) batch.push_back(i);
        std::sort(batch.begin(), batch.end());  // matches are by position
        weigh(batch);
    }
}

}  // namespace cartoffre::detail
