// Words over all offers, by relevance, without weighing every match.
//
// A common word is held by hundreds of thousands of offers at 1,000,000; the one query path
// reads each one's columns and forward record to count, facet and weigh it. Here:
// - the exact matches come from the posting arrays as a bitmap (TextIndex::match_set), less the
//   offers neither in person nor remote as the query asks (facets.bin's first two bitmaps);
// - the total is a popcount, the facets an AND and popcount per facet value (facet_bits.hpp),
//   or one columns read per match when they are few;
// - the page: offers are cut in ranges of 128 positions, each with a bound of any match's
//   weight × quality factor (block_max.hpp). Ranges are taken best bound first and their matches
//   weighed exactly as the one path weighs them, keeping the page's `limit + 1` best (the extra
//   one says whether a next page exists); once the next range's bound is below the worst kept
//   weight, no offer left can enter the page, and the rest is never read.
// The page is the one the exhaustive path gives: same weights (the same function on the same
// record, times the same factor), same order (weight, then id rank), same cursor rule.

#include "index/search_top.hpp"

#include <algorithm>
#include <numeric>

#include "cartoffre/error.hpp"
#include "index/facet_bits.hpp"
#include "text/block_max.hpp"

namespace cartoffre::detail {

namespace {

thread_local bool exhaustive = false;

// An offer's place in the order, as Index::search keys it (no ineligible offer here).
struct Keyed {
    bool ineligible;
    double key;  // -weight
    uint32_t rank;
    uint32_t position;
    bool operator<(const Keyed& o) const {
        if (ineligible != o.ineligible) return o.ineligible;
        return key < o.key || (key == o.key && rank < o.rank);
    }
};

// Matches per weighing: enough that a plan is made once for hundreds of records.
constexpr size_t batch_size = 256;

}  // namespace

bool exhaustive_search() {
    return exhaustive;
}

ExhaustiveSearch::ExhaustiveSearch() {
    exhaustive = true;
}
ExhaustiveSearch::~ExhaustiveSearch() {
    exhaustive = false;
}

bool top_applies(const Query& q, bool has_area, bool by_relevance, const Filters& f,
                 const ForPerson& for_person) {
    return !exhaustive && !has_area && !q.bbox && by_relevance && !q.exclude_duplicates &&
           !for_person.asks() && !f.by_themes && !f.publics && !f.types && !f.frais && !f.modes &&
           !f.by_kinds && f.sources.empty() && !f.zones_apply && !f.min_quality && !f.unplaced;
}

bool search_top(const Query& q, const std::optional<Cursor>& cursor, uint32_t query_print,
                const Snapshot& s, Results& results) {
    std::string words = q.text;
    TextMatchSet set;
    TextResult found = s.text->match_set(words, set);
    if (set.planned && (set.bounds.empty() || set.range_log2 < 6)) return false;
    if (!set.planned && !found.suggestion.empty()) {
        // As the one path: the correction is searched when the words as typed match nothing.
        TextMatchSet again;
        TextResult corrected = s.text->match_set(found.suggestion, again);
        results.corrected = again.planned;
        if (results.corrected) {
            if (again.bounds.empty() || again.range_log2 < 6) return false;
            words = found.suggestion;
            set = std::move(again);
            found.understood = std::move(corrected.understood);
        }
    }
    results.understood = std::move(found.understood);
    results.unknown_words = std::move(found.unknown_words);
    results.suggestion = std::move(found.suggestion);
    if (cursor && (cursor->order != 'r' || cursor->query != query_print))
        throw QueryError("ce curseur appartient à une autre recherche : recommencer sans curseur");
    if (!set.planned) return true;

    // The offers the query shows: in person and remote, as it asks.
    const FacetBits& bits = s.facet_bits;
    std::vector<uint64_t>& matches = set.bits;
    for (size_t w = 0; w < matches.size(); ++w) {
        const uint64_t in_person = bits.in_person()[w], remote = bits.remote()[w];
        matches[w] &= q.remote == Remote::only      ? remote
                      : q.remote == Remote::exclude ? in_person
                                                    : (in_person | remote);
    }
    if (q.remote == Remote::include &&
        bits.slot_counts(set.stem, set.group, s.taxonomy, results.total, results.facets)) {
        // One slot: counted at build.
    } else if ((results.total = count_bits(matches)) * 4 <
               matches.size()) {  // few: their columns cost less than the bitmaps
        FacetTally tally(s.taxonomy);
        for (size_t w = 0; w < matches.size(); ++w)
            for (uint64_t b = matches[w]; b; b &= b - 1)
                tally.add(s.columns[w * 64 + static_cast<size_t>(__builtin_ctzll(b))]);
        tally.fill(s.taxonomy, results.facets);
    } else {
        bits.count(matches, s.taxonomy, results.facets);
    }
    if (q.limit == 0) return true;

    // The ranges holding a match, best bound first.
    const size_t range_words = size_t{1} << (set.range_log2 - 6);
    std::vector<uint32_t> ranges;
    for (uint32_t r = 0; r < set.bounds.size(); ++r) {
        const size_t first = r * range_words, last = std::min(first + range_words, matches.size());
        for (size_t w = first; w < last; ++w)
            if (matches[w]) {
                ranges.push_back(r);
                break;
            }
    }
    auto by_bound = [&](uint32_t a, uint32_t b) {
        return set.bounds[a] > set.bounds[b] || (set.bounds[a] == set.bounds[b] && a < b);
    };

    // What is not after the cursor is left out, as the one path does.
    std::optional<Keyed> last;
    bool exact = false;
    if (cursor) {
        const uint32_t from = s.lower_bound(cursor->last_id);
        exact = from < s.size && s.id(s.by_id[from]) == cursor->last_id;
        last = Keyed{cursor->ineligible, cursor->key, from, 0};
    }
    const size_t kept = q.limit + 1;
    std::vector<Keyed> best;  // a heap, the worst kept on top
    auto may_enter = [&](double bound) {
        // The sum of the bounds is rounded: a little margin keeps it above every weight.
        return best.size() < kept || bound * (1 + 1e-9) >= -best.front().key;
    };
    std::vector<uint32_t> batch;
    // Weighs the matches of ranges[next, end) (sorted) until a range's bound is below the page's
    // last weight; returns where it stopped.
    auto weigh_ranges = [&](size_t next, size_t end) {
        while (next < end && may_enter(set.bounds[ranges[next]])) {
            batch.clear();
            for (; next < end && batch.size() < batch_size; ++next) {
                if (!may_enter(set.bounds[ranges[next]])) break;
                const size_t first = ranges[next] * range_words;
                const size_t stop = std::min(first + range_words, matches.size());
                for (size_t w = first; w < stop; ++w)
                    for (uint64_t b = matches[w]; b; b &= b - 1)
                        batch.push_back(static_cast<uint32_t>(w * 64) +
                                        static_cast<uint32_t>(__builtin_ctzll(b)));
            }
            std::sort(batch.begin(), batch.end());
            for (const TextMatch& m : s.text->weigh(words, batch)) {
                const OfferColumns& c = s.columns[m.doc];
                const double weight = m.weight * quality_factor(c.quality);
                const Keyed k{false, -weight, c.id_rank, m.doc};
                if (last && (exact ? !(*last < k) : k < *last)) continue;
                if (best.size() < kept) {
                    best.push_back(k);
                    std::push_heap(best.begin(), best.end());
                } else if (k < best.front()) {
                    std::pop_heap(best.begin(), best.end());
                    best.back() = k;
                    std::push_heap(best.begin(), best.end());
                }
            }
        }
        return next;
    };
    // The best few ranges first: their matches mostly fill the page, and then only the ranges
    // whose bound reaches its last weight are sorted, not the thousands of a common word.
    const size_t first_few = std::min<size_t>(ranges.size(), 64);
    std::partial_sort(ranges.begin(), ranges.begin() + static_cast<long>(first_few), ranges.end(),
                      by_bound);
    if (weigh_ranges(0, first_few) == first_few && first_few < ranges.size()) {
        auto rest = ranges.begin() + static_cast<long>(first_few);
        ranges.erase(std::remove_if(rest, ranges.end(),
                                    [&](uint32_t r) { return !may_enter(set.bounds[r]); }),
                     ranges.end());
        std::sort(ranges.begin() + static_cast<long>(first_few), ranges.end(), by_bound);
        weigh_ranges(first_few, ranges.size());
    }
    std::sort_heap(best.begin(), best.end());

    const size_t shown = std::min(q.limit, best.size());
    for (size_t i = 0; i < shown; ++i) {
        const std::string_view bytes = s.stored_record(best[i].position);
        for (size_t at = 0; at < bytes.size(); at += 64) __builtin_prefetch(bytes.data() + at);
    }
    results.hits.reserve(shown);
    for (size_t i = 0; i < shown; ++i) {
        Hit& hit = results.hits.emplace_back();  // decoded in place, as search.cpp's
        s.offer(best[i].position, hit.offer);
        hit.score = -best[i].key;
    }
    if (shown > 0 && best.size() > shown) {
        const Keyed& end = best[shown - 1];
        results.next_cursor = encode_cursor(
            {'r', query_print, s.token, false, end.key, std::string(s.id(end.position))});
    }
    return true;
}

}  // namespace cartoffre::detail
