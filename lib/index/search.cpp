// The one query path, top to bottom: check the query, resolve the place and the person, gather
// candidates (R-trees around the place or over the viewport, commune and remote lists), let the
// rarest word narrow them down, apply the filters, the area's rule and the person's verdict as
// column and rule tests, let the words decide and weigh what is left, count facets, order, page.

#include "index/search.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "eligibility/eligibility.hpp"
#include "index/cursor.hpp"
#include "index/facet_bits.hpp"
#include "index/nearest_first.hpp"
#include "index/page_memo.hpp"
#include "index/record.hpp"
#include "index/search_best.hpp"
#include "index/search_beyond.hpp"
#include "index/search_candidates.hpp"
#include "index/search_context.hpp"
#include "index/search_everywhere.hpp"
#include "index/search_page.hpp"
#include "index/search_top.hpp"
#include "index/snapshot.hpp"

namespace cartoffre {

namespace {

using detail::Area;
using detail::Circle;
using detail::Filters;
using detail::ForPerson;
using detail::OfferColumns;
// A match's place in the page's order: ineligible last (an inclusive search for a person), then
// the key, then the id's rank.
using Keyed = detail::PagePlace;

constexpr double no_distance = std::numeric_limits<double>::infinity();
constexpr double max_radius_km = 20100;  // half the Earth's circumference, and a little more
constexpr size_t max_limit = 10000;

// A match carries what the steps after the filters read of its columns (facets, ties by id),
// so that they need not read them again: thousands of cache lines for a large match set.
struct Match {
    uint32_t position;
    bool near;         // delivered in person in the area (else: remote)
    bool ineligible;   // kept by an inclusive search for a person: ranked after the others
    bool approximate;  // placed at its commune's centre
    uint8_t type;      // as OfferColumns
    uint8_t frais;
    uint8_t kind;
    uint32_t categories;
    uint32_t publics;
    uint32_t id_rank;
    double chord2;    // squared chord to the closest origin, when measured (else no_distance)
    double distance;  // from chord2 when needed (measure_all, the page); else no_distance
    double weight;    // text relevance, 0 without words
    // Near the place, and counted apart (search_everywhere.hpp): in the page, not in the counts.
    bool counted_apart = false;
};

// The filters and the rule of the area, on the candidates: an in-person offer is near when
// within the radius of an origin or located in one of the place's communes, or when there is no
// place; a remote offer (open here: the filters check zones) is kept unless the query excludes
// remote offers. A viewport keeps the in-person offers located inside it. When the order asks
// for distances (`measured`), a near located match keeps the squared chord to the closest origin
// the circles' test computed: its distance when needed (measure_all, or the page only).
std::vector<Match> keep(const std::optional<Area>& area, const std::optional<Box>& box,
                        Remote remote, const Filters& filters, const ForPerson& for_person,
                        bool measured, const std::vector<uint32_t>& possible,
                        const detail::Apart* apart, const detail::Snapshot& s) {
    std::vector<Match> matches;
    matches.reserve(possible.size());
    // What a candidate's tests read (its columns, unit vector and rules: three files) is asked
    // for before its turn, so that the reads overlap.
    constexpr size_t ahead = 8;
    const bool judged = for_person.asks();
    const bool more_filters = filters.asks_more();
    for (size_t i = 0; i < possible.size(); ++i) {
        if (i + ahead < possible.size()) {
            const uint32_t later = possible[i + ahead];
            __builtin_prefetch(&s.columns[later]);
            if (area) __builtin_prefetch(&s.placement.unit(later));
            if (judged) __builtin_prefetch(&s.rules[later]);
        }
        const uint32_t p = possible[i];
        const OfferColumns& c = s.columns[p];
        if (!filters.accept_theme_and_zone(c, s.zones) || (more_filters && !filters.accept_more(c)))
            continue;
        const bool in_person = c.flags & detail::flag_in_person;
        if (box &&
            !(in_person && (c.flags & detail::flag_located) && box->contains({c.lat, c.lon})))
            continue;
        bool near = in_person && !area;  // without a place, everywhere is near
        double closest = no_distance;    // squared chord to the closest origin
        if (in_person && area) {
            if (c.flags & detail::flag_located)
                for (const Circle& circle : area->circles) {
                    const double chord2 = circle.chord2_to(s.placement.unit(p));
                    closest = std::min(closest, chord2);
                    near = near || circle.contains({c.lat, c.lon}, chord2);
                }
            near =
                near || std::binary_search(area->communes.begin(), area->communes.end(), c.commune);
        }
        const bool remote_ok = remote != Remote::exclude && (c.flags & detail::flag_remote);
        if (!(remote == Remote::only ? remote_ok : near || remote_ok)) continue;
        // Counted apart: kept near the place only, for the page's order.
        const bool counted = apart && apart->counted(c, s);
        if (counted && !near) continue;
        bool ineligible = false;
        if (judged && !detail::suits(p, for_person, s, ineligible)) continue;
        const bool measure = measured && near && closest != no_distance;
        matches.push_back({p, near, ineligible, (c.flags & detail::flag_approximate) != 0, c.type,
                           c.frais, c.kind, c.categories, c.publics, c.id_rank,
                           measure ? closest : no_distance, no_distance, 0.0, counted});
    }
    return matches;
}

// Whether the offer at `position` is among `near` (sorted by position).
bool near_of(const std::vector<Match>& near, uint32_t position) {
    const auto at = std::lower_bound(near.begin(), near.end(), position,
                                     [](const Match& m, uint32_t p) { return m.position < p; });
    return at != near.end() && at->position == position;
}

// The distance of a match from the squared chord keep() measured, when it did.
void distance_from_chord(Match& m) {
    if (m.chord2 != no_distance) m.distance = Circle::distance_of(m.chord2);
}

// The distance of a near, located match to the closest origin of the place.
void measure(Match& m, const Area& area, const detail::Snapshot& s) {
    const OfferColumns& c = s.columns[m.position];
    if (!m.near || !(c.flags & detail::flag_located)) return;
    for (const Circle& circle : area.circles)
        m.distance = std::min(m.distance, circle.distance_to(s.placement.unit(m.position)));
}

// The offers that may hold the words among `within` (all offers when null), sorted: a superset
// read from the posting lists, checked later. When the words as typed match nothing, the answer
// is for their spelling correction, `words` becomes it, and the results say so. `few_weighed`:
// the page will weigh only its best (TextIndex::find). `found` keeps
// whether they are exact (TextResult::exact) and their bounds.
std::vector<uint32_t> find_words(std::string& words, const std::vector<uint32_t>* within,
                                 const detail::Snapshot& s, Results& results,
                                 detail::TextResult& found, bool few_weighed) {
    const detail::ColumnCodes codes(s);
    found = s.text->find(words, within, &codes, few_weighed);
    if (found.matches.empty() && !found.suggestion.empty()) {
        detail::TextResult again = s.text->find(found.suggestion, within, &codes, few_weighed);
        results.corrected = !again.matches.empty();
        if (results.corrected) {
            words = found.suggestion;
            found.matches = std::move(again.matches);
            found.understood = std::move(again.understood);
            found.exact = again.exact;
            found.bounds = std::move(again.bounds);
            found.range_log2 = again.range_log2;
        }
    }
    results.understood = std::move(found.understood);
    results.unknown_words = std::move(found.unknown_words);
    results.suggestion = std::move(found.suggestion);
    std::vector<uint32_t> positions;
    positions.reserve(found.matches.size());
    for (const detail::TextMatch& m : found.matches) positions.push_back(m.doc);
    return positions;
}

// Keeps the matches the words found, with their weight; both lists are sorted by position.
void keep_worded(std::vector<Match>& matches, const std::vector<detail::TextMatch>& worded) {
    size_t n = 0, w = 0;
    for (const Match& m : matches) {
        while (w < worded.size() && worded[w].doc < m.position) ++w;
        if (w == worded.size()) break;
        if (worded[w].doc == m.position) {
            matches[n] = m;
            matches[n++].weight = worded[w].weight;
        }
    }
    matches.resize(n);
}

// Quality as a ranking prior: a text weight counts from 80 % (score_qualite 0) to 100 % (1).
void weigh_quality(std::vector<Match>& matches, const detail::Snapshot& s) {
    for (Match& m : matches) m.weight *= 0.8 + 0.2 * s.columns[m.position].quality / 100.0;
}

// Among the matches of one cluster of duplicates, keeps the first in the cluster's order (fresher,
// then more complete, then smaller id: index/representative.hpp): the others are the same place
// seen by another catalogue.
void keep_one_per_cluster(std::vector<Match>& matches, const detail::Snapshot& s) {
    std::unordered_map<uint32_t, uint32_t> kept;  // cluster -> the best member matching
    auto order_in = [&s](uint32_t cluster, uint32_t position) {
        const uint32_t* members = s.cluster_members + s.cluster_begin[cluster];
        return std::find(members, s.cluster_members + s.cluster_begin[cluster + 1], position) -
               members;
    };
    for (const Match& m : matches) {
        if (!(s.columns[m.position].flags & detail::flag_duplicate)) continue;
        const uint32_t k = s.clusters[m.position];
        auto [it, fresh] = kept.emplace(k, m.position);
        if (!fresh && order_in(k, m.position) < order_in(k, it->second)) it->second = m.position;
    }
    matches.erase(
        std::remove_if(matches.begin(), matches.end(),
                       [&](const Match& m) {
                           return (s.columns[m.position].flags & detail::flag_duplicate) &&
                                  kept[s.clusters[m.position]] != m.position;
                       }),
        matches.end());
}

std::vector<uint32_t> positions_of(const std::vector<Match>& matches) {
    std::vector<uint32_t> positions;
    positions.reserve(matches.size());
    for (const Match& m : matches) positions.push_back(m.position);
    return positions;
}

SortOrder effective_order(const Query& q, bool has_text, bool has_area) {
    if (q.sort != SortOrder::automatic) return q.sort;
    if (has_text) return has_area ? SortOrder::blend : SortOrder::relevance;
    return has_area ? SortOrder::distance : SortOrder::automatic;
}

char order_code(SortOrder order) {
    switch (order) {
        case SortOrder::distance:
            return 'd';
        case SortOrder::relevance:
            return 'r';
        case SortOrder::blend:
            return 'b';
        default:
            return 'i';
    }
}

// The distance as ranked (nearest_first.hpp).
double ranked_km(const Match& m) {
    return detail::ranked_km(m.distance, m.approximate);
}

// Lower keys come first; ties go by offer id.
double sort_key(const Match& m, SortOrder order) {
    switch (order) {
        case SortOrder::distance:
            return ranked_km(m);
        case SortOrder::relevance:
            return -m.weight;
        case SortOrder::blend: {
            // A remote offer counts as if 20 km away: useful, but not before a close one.
            const double km = m.distance == no_distance ? 20.0 : ranked_km(m);
            return -(m.weight / (1 + km / 10));
        }
        default:
            return 0;
    }
}

// `matches` in position order, as every step keeps them. Many matches over a short run of
// positions (around a city: offers are stored in spatial order) are counted by AND and popcount
// over that run of the facets' bitmaps, a few hundred bytes a value, rather than by a dozen
// increments a match.
void count_facets(const std::vector<Match>& matches, const detail::Snapshot& s, Facets& facets) {
    const detail::FacetBits& bits = s.facet_bits;
    if (!matches.empty() && bits.words() > 0) {
        const size_t first = matches.front().position / 64;
        const size_t words = matches.back().position / 64 - first + 1;
        // A word of every bitmap against about 4 ns a match (measured at 1,000,000 offers).
        if (words * detail::facet_values(s.taxonomy) < 8 * matches.size()) {
            std::vector<uint64_t> run(words);
            for (const Match& m : matches)
                run[m.position / 64 - first] |= uint64_t{1} << (m.position % 64);
            bits.count(run.data(), first, words, s.taxonomy, facets);
            return;
        }
    }
    detail::FacetTally tally(s.taxonomy);
    for (const Match& m : matches) tally.add(m);
    tally.fill(s.taxonomy, facets);
}

}  // namespace

Results Index::search(const Query& q) const {
    const auto held = snapshot();  // kept to the end of the call, whatever refresh() does
    return detail::search(q, *held);
}

Results detail::search(const Query& q, const detail::Snapshot& s, const PageVisitor* visit) {
    if (!std::isfinite(q.radius_km) || q.radius_km <= 0 || q.radius_km > max_radius_km)
        throw QueryError("rayon invalide : " + std::to_string(q.radius_km) +
                         " km ; donner un nombre de kilomètres au-dessus de 0 et jusqu'à 20 000");
    if (q.limit > max_limit)
        throw QueryError("limite " + std::to_string(q.limit) + " au-dessus du maximum de " +
                         std::to_string(max_limit) + " résultats par page");

    if (q.bbox) {
        const Box& b = *q.bbox;
        if (!valid({b.south, b.west}) || !valid({b.north, b.east}) || b.south > b.north ||
            b.west > b.east)
            throw QueryError("emprise invalide " + std::to_string(b.south) + "," +
                             std::to_string(b.west) + "," + std::to_string(b.north) + "," +
                             std::to_string(b.east) +
                             " : donner sud,ouest,nord,est en degrés, sud <= nord et ouest <= est");
    }
    // Before any work: a cursor changed on its way, or of another generation than this one.
    // Continuing another generation's page with this one's offers would skip or repeat some,
    // with another total: refused, the caller starts again.
    std::optional<detail::Cursor> cursor;
    if (!q.cursor.empty()) {
        cursor = detail::decode_cursor(q.cursor);
        if (cursor->generation != s.token)
            throw StaleCursorError(
                "l'index a changé depuis la première page : relancez la recherche");
    }
    Filters filters = detail::compile_filters(q, s);
    Results results;
    const std::optional<Area> area = detail::resolve_area(q, s);
    if (area) {
        results.place = area->place;
        results.notices = area->place.notices;
    }
    // The person's facts, resolved once (never kept beyond this search), and the day.
    const ForPerson for_person = detail::for_person_of(q, s);
    detail::apply_zones(area, for_person.person, s, filters);

    const bool has_text = q.text.find_first_not_of(" \t\n") != std::string::npos;
    const SortOrder order = effective_order(q, has_text, area.has_value());
    // Words alone over all offers, by relevance: the best found without weighing every match.
    if (has_text &&
        detail::top_applies(q, area.has_value(), order == SortOrder::relevance, filters,
                            for_person) &&
        detail::search_top(q, cursor, detail::fingerprint(q), s, results))
        return results;

    // A page after the first: the cursor must be this query's, and the first page's answer,
    // when this generation still holds it, gives the page without redoing the query.
    const uint32_t query_print = detail::fingerprint(q);
    if (cursor && (cursor->order != order_code(order) || cursor->query != query_print))
        throw QueryError("ce curseur appartient à une autre recherche : recommencer sans curseur");
    const bool memo =
        detail::page_memo_used() && q.limit > 0 && q.limit <= detail::PageMemo::max_limit;
    std::optional<detail::MemoKey> key_of_query;
    if (cursor && memo) {
        key_of_query = detail::memo_key(q, for_person.today);
        if (const auto entry = s.page_memo.find(*key_of_query))
            if (detail::page_from_memo(*entry, *cursor, q.limit, order_code(order), query_print,
                                       for_person, s, visit, results))
                return results;
    }

    // Candidates: near the place (R-tree boxes and the place's communes) and remote offers open
    // there, narrowed down to those holding the rarest of the words; without a place, the
    // offers holding it, or every offer.
    std::string words = q.text;  // as typed, or as corrected when they match nothing
    std::vector<uint32_t> possible;
    // Nearest first without words, the remote offers open everywhere and in the place's
    // département may be counted apart (search_everywhere.hpp): the same around every place,
    // most of the matches.
    std::optional<detail::Apart> apart;
    if (area)
        apart = detail::apart(q, *area, filters, for_person,
                              order == SortOrder::distance && !cursor && !has_text, s);
    if (area) possible = detail::candidates(*area, q.remote, filters, s, apart ? &*apart : nullptr);
    if (q.bbox && !area) possible = detail::viewport_candidates(*q.bbox, filters, s);
    detail::TextResult found;
    const bool by_weight = (order == SortOrder::relevance || order == SortOrder::blend);
    if (has_text) {
        possible = find_words(words, area || q.bbox ? &possible : nullptr, s, results, found,
                              by_weight && !detail::exhaustive_search());
    } else if (!area && !q.bbox) {
        possible.resize(s.size);
        std::iota(possible.begin(), possible.end(), 0u);
    }

    // The filters, the area's rule, the hours and the person's verdict decide: column and rule
    // tests, cheaper than reading records. Distances are measured there when the order needs
    // them, else later, only for the hits shown.
    const bool by_distance = area && (order == SortOrder::distance || order == SortOrder::blend);
    std::vector<Match> matches = keep(area, q.bbox, q.remote, filters, for_person, by_distance,
                                      possible, apart ? &*apart : nullptr, s);
    // Nearest first on a first page, only the matches that may enter the page (or the memo) are
    // measured and keyed, below; every other order reads every match's distance.
    const bool page_measured = by_distance && order == SortOrder::distance && !cursor;
    if (by_distance && !page_measured)
        for (Match& m : matches) distance_from_chord(m);

    // The words keep what holds all of them, by the text records, and weigh it; or, when the
    // narrowing was exact and the page goes by weight, only what may enter the page is weighed
    // (search_best.hpp), after the duplicates are left out.
    const bool best_only = has_text && found.exact && !found.bounds.empty() && by_weight &&
                           !detail::exhaustive_search();
    if (has_text && !best_only) {
        keep_worded(matches, s.text->weigh(words, positions_of(matches)));
        weigh_quality(matches, s);
    }
    if (q.exclude_duplicates) keep_one_per_cluster(matches, s);
    if (best_only) {
        std::optional<Keyed> last;  // the cursor's place, as the page below reads it
        bool at_last = false;
        if (cursor) {
            const uint32_t from = s.lower_bound(cursor->last_id);
            at_last = from < s.size && s.id(s.by_id[from]) == cursor->last_id;
            last = Keyed{cursor->ineligible, cursor->key, from, 0};
        }
        detail::weigh_best(
            matches, words, found, q.limit + 1, [&](const Match& m) { return sort_key(m, order); },
            [&](const Keyed& k) { return !last || (at_last ? *last < k : !(k < *last)); }, s);
    }

    // The near matches counted apart are counted there, and ordered by their distance here.
    std::vector<Match> near_apart;
    if (apart) {
        size_t kept = 0;
        for (const Match& m : matches)
            if (m.counted_apart)
                near_apart.push_back(m);
            else
                matches[kept++] = m;
        matches.resize(kept);
    }
    results.total = matches.size() + (apart ? apart->count() : 0);
    count_facets(matches, s, results.facets);
    for (const auto* counted :
         {apart ? apart->everywhere.get() : nullptr, apart ? apart->departement.get() : nullptr})
        if (counted) detail::add_facets(counted->facets, s.taxonomy, results.facets);
    for (const Match& m : near_apart) matches.push_back(m);
    // What a local search cannot show, said on its first page: the matching offers with no known
    // place, and when nothing is within the radius, the nearest beyond it (search_beyond.cpp).
    if (area && !q.bbox && q.remote != Remote::only && !q.unplaced && !cursor) {
        results.unplaced = detail::count_unplaced(words, has_text, filters, for_person, s);
        if (results.total == 0)
            results.nearest_beyond = detail::hits_beyond(*area, words, has_text, filters,
                                                         for_person, q.exclude_duplicates, s);
    }
    // Counts alone (a map's viewport, facets for a form): no page to order, no cursor.
    if (q.limit == 0) return results;

    // Order and page: keys after the cursor's, the `limit` smallest; on a first page, the first
    // few hundred kept in order for the pages after it.
    std::vector<Keyed> page;
    // The matches after the cursor, of which `page` holds those that may come first.
    size_t left = results.total;
    const bool may_memoize = memo && !best_only && left >= detail::memo_min_matches();
    if (page_measured) {
        const size_t first = may_memoize ? detail::PageMemo::depth(q.limit) : q.limit;
        const std::vector<uint32_t> leading = detail::may_come_first(matches, first);
        page.reserve(leading.size());
        for (uint32_t i : leading) {
            distance_from_chord(matches[i]);
            page.push_back(
                {matches[i].ineligible, sort_key(matches[i], order), matches[i].id_rank, i});
        }
        // The remote offers counted apart and not near come after every near match, by id:
        // the first ones of each list are enough, made matches as keep() would have made them.
        for (const auto* counted : {apart ? apart->everywhere.get() : nullptr,
                                    apart ? apart->departement.get() : nullptr})
            for (size_t i = 0, taken = 0; counted && i < counted->count && taken < first; ++i) {
                const uint32_t p = counted->by_rank[i];
                if (near_of(near_apart, p)) continue;  // already there, by its distance
                ++taken;
                const OfferColumns& c = s.columns[p];
                page.push_back(
                    {false, no_distance, c.id_rank, static_cast<uint32_t>(matches.size())});
                matches.push_back({p, false, false, (c.flags & detail::flag_approximate) != 0,
                                   c.type, c.frais, c.kind, c.categories, c.publics, c.id_rank,
                                   no_distance, no_distance, 0.0});
            }
    } else {
        page.reserve(matches.size());
        for (uint32_t i = 0; i < matches.size(); ++i)
            page.push_back(
                {matches[i].ineligible, sort_key(matches[i], order), matches[i].id_rank, i});
    }
    std::optional<Keyed> last;  // the cursor's place in the order, when it names an offer
    if (cursor) {
        const uint32_t from = s.lower_bound(cursor->last_id);
        const bool exact = from < s.size && s.id(s.by_id[from]) == cursor->last_id;
        const Keyed after{cursor->ineligible, cursor->key, from, 0};
        page.erase(std::remove_if(page.begin(), page.end(),
                                  [&](const Keyed& k) { return exact ? !(after < k) : k < after; }),
                   page.end());
        if (exact) last = after;
        left = page.size();
    }
    // Not when only the page was weighed exactly (best_only): the pages after it would rank by
    // bounds, and weighing twenty pages would cost the first page what the memo saves the others.
    const bool memoize =
        memo && !best_only && left >= detail::memo_min_matches() && (!cursor || last);
    const size_t ordered = std::min(memoize ? detail::PageMemo::depth(q.limit) : q.limit, left);
    // A page alone: the heap of partial_sort. The hundreds of matches a memo keeps: a selection
    // in linear time, then a sort of those only (a heap of 401 over 100,000 matches costs
    // several times more).
    const auto end_of_ordered = page.begin() + static_cast<long>(ordered);
    if (ordered <= q.limit) {
        std::partial_sort(page.begin(), end_of_ordered, page.end());
    } else {
        std::nth_element(page.begin(), end_of_ordered, page.end());
        std::sort(page.begin(), end_of_ordered);
    }
    std::vector<detail::RankedMatch> ranked;
    ranked.reserve(ordered);
    for (size_t i = 0; i < ordered; ++i) {
        Match& m = matches[page[i].index];
        if (area && m.distance == no_distance) measure(m, *area, s);
        ranked.push_back({page[i].key, m.distance,
                          order == SortOrder::blend ? -page[i].key : m.weight, page[i].rank,
                          m.position, page[i].ineligible});
    }
    const size_t shown = std::min(q.limit, ranked.size());
    detail::show(ranked.data(), shown, left > shown, order_code(order), query_print, for_person, s,
                 visit, results);
    if (memoize) {
        auto entry = std::make_shared<detail::MemoEntry>();
        entry->key = key_of_query ? *key_of_query : detail::memo_key(q, for_person.today);
        entry->from_start = !last;
        if (last) entry->start = {last->key, 0, 0, last->rank, 0, last->ineligible};
        entry->total = results.total;
        entry->facets = results.facets;
        entry->unknown_words = results.unknown_words;
        entry->suggestion = results.suggestion;
        entry->corrected = results.corrected;
        entry->understood = results.understood;
        entry->complete = ranked.size() == left;
        entry->first = std::move(ranked);
        s.page_memo.keep(std::move(entry));
    }
    return results;
}

}  // namespace cartoffre
