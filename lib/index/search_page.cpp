#include "index/search_page.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

namespace cartoffre::detail {

namespace {
constexpr double no_distance = std::numeric_limits<double>::infinity();
}  // namespace

// The page's hits, `shown` matches in order from `first`, and the cursor after the last when
// `more` follow: decoded, judged for the person, or handed to `visit`.
void show(const RankedMatch* first, size_t shown, bool more, char order, uint32_t query_print,
          const ForPerson& for_person, const Snapshot& s, const PageVisitor* visit,
          Results& results) {
    // The hits' records lie apart in the file: ask for all of them before decoding the first.
    for (size_t i = 0; i < shown && !visit; ++i) {
        const std::string_view bytes = s.stored_record(first[i].position);
        for (size_t at = 0; at < bytes.size(); at += 64) __builtin_prefetch(bytes.data() + at);
    }
    if (!visit) results.hits.reserve(shown);
    for (size_t i = 0; i < shown; ++i) {
        const RankedMatch& m = first[i];
        if (visit) {
            (*visit)(m.position, m.distance);
            continue;
        }
        Hit& hit = results.hits.emplace_back();  // decoded in place: an Offer is some forty fields
        s.offer(m.position, hit.offer);
        if (m.distance != no_distance) hit.distance_km = std::round(m.distance * 10) / 10;
        hit.score = m.score;
        if (for_person.person)
            hit.eligibility = judge_with_reasons(m.position, for_person, s, hit.offer);
    }
    if (shown > 0 && more) {
        const RankedMatch& last = first[shown - 1];
        results.next_cursor = encode_cursor({order, query_print, s.token, last.ineligible, last.key,
                                             std::string(s.id(last.position))});
    }
}

// A page after the first from what the first page kept: the matches after the cursor's, as the
// query would order them again. False when the page reaches past the matches kept.
bool page_from_memo(const MemoEntry& memo, const Cursor& cursor, size_t limit, char order,
                    uint32_t query_print, const ForPerson& for_person, const Snapshot& s,
                    const PageVisitor* visit, Results& results) {
    const uint32_t from = s.lower_bound(cursor.last_id);
    if (from >= s.size || s.id(s.by_id[from]) != cursor.last_id) return false;  // names no offer
    const RankedMatch last{cursor.key, 0, 0, from, 0, cursor.ineligible};
    if (!memo.from_start && last < memo.start) return false;  // before what the entry holds
    // What the full path leaves out, up to the cursor, is a prefix of the order.
    const auto after = std::partition_point(memo.first.begin(), memo.first.end(),
                                            [&](const RankedMatch& k) { return !(last < k); });
    const size_t at = static_cast<size_t>(after - memo.first.begin());
    if (!memo.complete && at + limit > memo.first.size()) return false;
    results.total = memo.total;
    results.facets = memo.facets;
    results.unknown_words = memo.unknown_words;
    results.suggestion = memo.suggestion;
    results.corrected = memo.corrected;
    results.understood = memo.understood;
    const size_t shown = std::min(limit, memo.first.size() - at);
    count_page_from_memo();
    show(memo.first.data() + at, shown, at + shown < memo.first.size() || !memo.complete, order,
         query_print, for_person, s, visit, results);
    return true;
}

}  // namespace cartoffre::detail
