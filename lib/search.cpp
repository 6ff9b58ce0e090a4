// The one query path, top to bottom: check the query, resolve the place, gather candidates
// (R-tree, commune and remote lists), let the words narrow them down and weigh them, apply the
// filters and the area's rule as column tests, count facets, order, page.

#include <algorithm>
#include <boost/function_output_iterator.hpp>
#include <boost/sort/spreadsort/integer_sort.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "detail/cursor.hpp"
#include "detail/record.hpp"
#include "detail/snapshot.hpp"

namespace cartoffre {

namespace {

using detail::OfferColumns;

constexpr double no_distance = std::numeric_limits<double>::infinity();
constexpr double max_radius_km = 20100;  // half the Earth's circumference, and a little more
constexpr size_t max_limit = 10000;

// The filters of a query compiled to column tests.
struct Filters {
    ThemeSet themes;
    bool by_themes = false;
    uint32_t categories = 0;  // bits of the categories of `themes`, for candidate lists
    uint32_t publics = 0, types = 0, frais = 0;
    uint32_t tous_publics = 0;
    uint8_t modes = 0;  // flag_in_person / flag_remote
    std::vector<uint16_t> sources;
    std::vector<uint32_t> zone_keys;  // the searched communes' keys; used when zones apply
    bool zones_apply = false;

    bool accept(const OfferColumns& c, const uint32_t* zones) const {
        if (by_themes && !c.themes.intersects(themes)) return false;
        if (publics && c.publics && !(c.publics & (publics | tous_publics))) return false;
        if (types && !(c.type && (types >> (c.type - 1) & 1))) return false;
        if (frais && !(c.frais & frais)) return false;
        if (modes && !(c.flags & modes)) return false;
        if (!sources.empty() &&
            std::find(sources.begin(), sources.end(), c.source) == sources.end())
            return false;
        if (zones_apply && c.zones_count) {
            const uint32_t* z = zones + c.zones_begin;
            bool inside = false;
            for (uint32_t i = 0; i < c.zones_count && !inside; ++i)
                inside = std::find(zone_keys.begin(), zone_keys.end(), z[i]) != zone_keys.end();
            if (!inside) return false;
        }
        return true;
    }
};

uint32_t code_bits(const std::vector<std::string>& codes, const Vocabulary& vocabulary) {
    uint32_t bits = 0;
    for (auto& code : codes) {
        auto n = vocabulary.find(code);
        if (!n) throw QueryError("unknown " + vocabulary.name() + " code '" + code + "'");
        bits |= 1u << *n;
    }
    return bits;
}

Filters compile_filters(const Query& q, const Index::Snapshot& s) {
    Filters f;
    for (auto& code : q.thematiques) f.themes |= s.taxonomy.theme_filter(code);
    f.by_themes = !q.thematiques.empty();
    f.categories = s.taxonomy.category_bits(f.themes);
    f.publics = code_bits(q.publics, s.taxonomy.publics());
    if (auto all = s.taxonomy.publics().find("tous-publics")) f.tous_publics = 1u << *all;
    f.types = code_bits(q.types, s.taxonomy.types());
    f.frais = code_bits(q.frais, s.taxonomy.frais());
    for (auto& mode : q.modes_accueil) {
        if (mode == "en-presentiel")
            f.modes |= detail::flag_in_person;
        else if (mode == "a-distance")
            f.modes |= detail::flag_remote;
        else
            throw QueryError("unknown modes_accueil code '" + mode + "'");
    }
    for (auto& source : q.sources) {
        auto it = std::find(s.sources.begin(), s.sources.end(), source);
        if (it == s.sources.end()) {
            std::string known;
            for (auto& k : s.sources) known += (known.empty() ? "" : ", ") + k;
            throw QueryError("unknown source '" + source + "' (sources: " + known + ")");
        }
        f.sources.push_back(static_cast<uint16_t>(it - s.sources.begin()));
    }
    return f;
}

// Where the person searches: the resolved place, radius and eligibility zone keys.
struct Area {
    Place place;
    std::vector<uint32_t> communes;  // sorted
    double radius_km = 0;
};

std::optional<Area> resolve_area(const Query& q, const Index::Snapshot& s, Filters& filters) {
    if (q.place.empty() && !q.point) return std::nullopt;
    if (!q.place.empty() && q.point) throw QueryError("give a place or a point, not both");
    Area area;
    if (q.point) {
        if (!valid(*q.point))
            throw QueryError("invalid coordinates " + std::to_string(q.point->lat) + "," +
                             std::to_string(q.point->lon));
        area.place.kind = Place::Kind::point;
        area.place.origins = {*q.point};
        area.place.zone_commune = s.gazetteer.nearest(*q.point);
        area.place.label = std::to_string(q.point->lat) + "," + std::to_string(q.point->lon);
    } else {
        area.place = s.gazetteer.resolve(q.place);
    }
    area.radius_km = q.radius_km;
    area.communes = area.place.communes;
    std::sort(area.communes.begin(), area.communes.end());
    std::vector<uint32_t> zone_communes = area.place.communes;
    if (area.place.zone_commune) zone_communes = {*area.place.zone_commune};
    for (uint32_t c : zone_communes)
        for (auto& key : detail::zone_keys_of_commune(s.gazetteer, c))
            if (auto it = s.zone_key_ids.find(key); it != s.zone_key_ids.end())
                filters.zone_keys.push_back(it->second);
    std::sort(filters.zone_keys.begin(), filters.zone_keys.end());
    filters.zone_keys.erase(std::unique(filters.zone_keys.begin(), filters.zone_keys.end()),
                            filters.zone_keys.end());
    filters.zones_apply = true;
    return area;
}

struct Match {
    uint32_t position;
    double distance;  // no_distance when remote or without a place
    double weight;    // text relevance, 0 without words
};

bool in_categories(uint32_t categories, const Filters& filters) {
    return !filters.by_themes || (categories & filters.categories);
}

// Sorts and deduplicates. Positions gathered around a place fill much of their range (offers are
// stored in spatial order): a bitmap over the range then sorts them in two linear passes, where a
// sort costs tens of nanoseconds a position.
void sort_unique(std::vector<uint32_t>& positions) {
    if (positions.empty()) return;
    const auto [low, high] = std::minmax_element(positions.begin(), positions.end());
    const uint32_t first = *low;
    const size_t words = (*high - first) / 64 + 1;
    if (words > 8 * positions.size()) {  // sparse: sorting costs less than scanning the bitmap
        boost::sort::spreadsort::integer_sort(positions.begin(), positions.end());  // radix-based
        positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
        return;
    }
    std::vector<uint64_t> bits(words);
    for (uint32_t p : positions) bits[(p - first) >> 6] |= uint64_t{1} << ((p - first) & 63);
    size_t n = 0;  // at most positions.size(): written over the positions already read
    for (size_t w = 0; w < words; ++w)
        for (uint64_t b = bits[w]; b; b &= b - 1)
            positions[n++] = first + static_cast<uint32_t>(w * 64 + __builtin_ctzll(b));
    positions.resize(n);
}

// In-person offers that may be inside the area, in the categories asked: those in the R-tree
// boxes around each origin (a superset of the circles) and those located in the place's
// communes. The other filters wait for the words to have narrowed them down.
std::vector<uint32_t> near_candidates(const Area& area, const Filters& filters,
                                      const Index::Snapshot& s) {
    std::vector<uint32_t> positions;
    auto consider = [&](uint32_t p) { positions.push_back(p); };
    for (const LatLon& origin : area.place.origins)
        for (const auto& box : detail::boxes_around(origin, area.radius_km))
            s.tree.query(detail::bgi::intersects(box),
                         boost::make_function_output_iterator([&](const detail::OfferEntry& e) {
                             if (in_categories(e.categories, filters)) consider(e.position);
                         }));
    for (uint32_t c : area.communes)
        for (uint32_t i = s.commune_begin[c]; i < s.commune_begin[c + 1]; ++i)
            if (in_categories(s.commune_offers[i].categories, filters))
                consider(s.commune_offers[i].position);
    sort_unique(positions);  // boxes and communes overlap
    return positions;
}

// Remote offers open where the person is (without zones, or with one of the place's zone
// keys), in the categories asked.
std::vector<uint32_t> remote_candidates(const Filters& filters, const Index::Snapshot& s) {
    std::vector<uint32_t> positions;
    using Listed = Index::Snapshot::ListedOffer;
    auto add = [&](const Listed* begin, const Listed* end) {
        for (const Listed* r = begin; r != end; ++r)
            if (in_categories(r->categories, filters)) positions.push_back(r->position);
    };
    add(s.remote_anywhere.data(), s.remote_anywhere.data() + s.remote_anywhere.size());
    for (uint32_t key : filters.zone_keys)
        add(s.remote_zone_offers.data() + s.remote_zone_begin[key],
            s.remote_zone_offers.data() + s.remote_zone_begin[key + 1]);
    sort_unique(positions);
    return positions;
}

// Every offer that may match, as sorted positions: near the place and remote as asked, or,
// without a place, every offer (the filters decide after the words).
std::vector<uint32_t> candidates(const std::optional<Area>& area, Remote remote,
                                 const Filters& filters, const Index::Snapshot& s) {
    std::vector<uint32_t> positions;
    if (!area) {
        positions.resize(s.size);
        std::iota(positions.begin(), positions.end(), 0u);
        return positions;
    }
    if (remote != Remote::only) positions = near_candidates(*area, filters, s);
    if (remote != Remote::exclude) {
        std::vector<uint32_t> far = remote_candidates(filters, s), both;
        std::merge(positions.begin(), positions.end(), far.begin(), far.end(),
                   std::back_inserter(both));
        both.erase(std::unique(both.begin(), both.end()), both.end());
        positions = std::move(both);
    }
    return positions;
}

// The filters and the rule of the area, on what is left of the candidates: an in-person offer
// is near when within the radius of an origin or located in one of the place's communes (and
// then has a distance), or when there is no place; a remote offer (open here: the filters
// check zones) is kept unless the query excludes remote offers.
std::vector<Match> keep(const std::optional<Area>& area, Remote remote, const Filters& filters,
                        const std::vector<std::pair<uint32_t, double>>& weighed,
                        const Index::Snapshot& s) {
    std::vector<Match> matches;
    matches.reserve(weighed.size());
    for (const auto& [p, weight] : weighed) {
        const OfferColumns& c = s.columns[p];
        if (!filters.accept(c, s.zones)) continue;
        const bool in_person = c.flags & detail::flag_in_person;
        double d = no_distance;
        bool near = in_person && !area;  // without a place, everywhere is near
        if (in_person && area) {
            if (c.flags & detail::flag_located)
                for (const LatLon& origin : area->place.origins)
                    d = std::min(d, distance_km(origin, {c.lat, c.lon}));
            near = d <= area->radius_km ||
                   std::binary_search(area->communes.begin(), area->communes.end(), c.commune);
        }
        const bool remote_ok = remote != Remote::exclude && (c.flags & detail::flag_remote);
        if (remote == Remote::only ? remote_ok : near || remote_ok)
            matches.push_back({p, near ? d : no_distance, weight});
    }
    return matches;
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

// Lower keys come first; ties go by offer id.
double sort_key(const Match& m, SortOrder order) {
    switch (order) {
        case SortOrder::distance:
            return m.distance;
        case SortOrder::relevance:
            return -m.weight;
        case SortOrder::blend: {
            // A remote offer counts as if 20 km away: useful, but not before a close one.
            const double km = m.distance == no_distance ? 20.0 : m.distance;
            return -(m.weight / (1 + km / 10));
        }
        default:
            return 0;
    }
}

// FNV-1a over what defines the match set and its order, so that a cursor is only used with
// the query it came from.
uint32_t fingerprint(const Query& q) {
    uint32_t h = 2166136261u;
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 16777619u;
        h = (h ^ 0xff) * 16777619u;
    };
    mix(q.text), mix(q.place);
    if (q.point) mix(std::to_string(q.point->lat) + "," + std::to_string(q.point->lon));
    mix(std::to_string(q.radius_km));
    for (auto* list :
         {&q.thematiques, &q.publics, &q.types, &q.frais, &q.sources, &q.modes_accueil}) {
        std::vector<std::string> sorted = *list;
        std::sort(sorted.begin(), sorted.end());
        for (auto& s : sorted) mix(s);
        mix("|");
    }
    mix(std::to_string(static_cast<int>(q.remote)));
    return h;
}

void count_facets(const std::vector<Match>& matches, const Index::Snapshot& s, Facets& facets) {
    const Taxonomy& t = s.taxonomy;
    std::vector<size_t> categories(t.categories().size()), types(t.types().size()),
        frais(t.frais().size()), publics(t.publics().size());
    for (const Match& m : matches) {
        const OfferColumns& c = s.columns[m.position];
        uint32_t seen = c.categories;
        for (; seen; seen &= seen - 1) ++categories[__builtin_ctz(seen)];
        if (c.type) ++types[c.type - 1];
        for (uint32_t b = c.frais; b; b &= b - 1) ++frais[__builtin_ctz(b)];
        for (uint32_t b = c.publics; b; b &= b - 1) ++publics[__builtin_ctz(b)];
    }
    auto fill = [](const std::vector<size_t>& counts, const Vocabulary& v,
                   std::vector<FacetCount>& out) {
        for (uint32_t i = 0; i < counts.size(); ++i)
            if (counts[i]) out.push_back({v.code(i), v.label(i), counts[i]});
    };
    fill(categories, t.categories(), facets.categories);
    fill(types, t.types(), facets.types);
    fill(frais, t.frais(), facets.frais);
    fill(publics, t.publics(), facets.publics);
}

}  // namespace

Results Index::search(const Query& q) const {
    const Snapshot& s = *m_snapshot;
    if (!std::isfinite(q.radius_km) || q.radius_km <= 0 || q.radius_km > max_radius_km)
        throw QueryError("invalid radius " + std::to_string(q.radius_km) +
                         " km: give a number of kilometres above 0 and up to 20,000");
    if (q.limit > max_limit)
        throw QueryError("limit " + std::to_string(q.limit) + " is above the maximum of " +
                         std::to_string(max_limit) + " hits a page");

    Filters filters = compile_filters(q, s);
    Results results;
    const std::optional<Area> area = resolve_area(q, s, filters);
    if (area) {
        results.place = area->place;
        results.notices = area->place.notices;
    }

    // Candidates: near the place (R-tree boxes and the place's communes) and remote offers open
    // there, or every offer.
    const std::vector<uint32_t> possible = candidates(area, q.remote, filters, s);

    // Words narrow the candidates down and weigh them.
    std::vector<std::pair<uint32_t, double>> weighed;
    const bool has_text = q.text.find_first_not_of(" \t\n") != std::string::npos;
    if (has_text) {
        // Without a place every offer is a candidate: no need to restrict the text.
        const std::vector<uint32_t>* within = possible.size() == s.size ? nullptr : &possible;
        detail::TextResult text = s.text->search(q.text, within);
        if (text.matches.empty() && !text.suggestion.empty()) {
            // Nothing for the words as typed: answer for the spelling correction, and say so.
            text.matches = s.text->search(text.suggestion, within).matches;
            results.corrected = !text.matches.empty();
        }
        weighed.reserve(text.matches.size());
        for (const detail::TextMatch& t : text.matches) weighed.emplace_back(t.doc, t.weight);
        results.unknown_words = std::move(text.unknown_words);
        results.suggestion = std::move(text.suggestion);
    } else {
        weighed.reserve(possible.size());
        for (uint32_t p : possible) weighed.emplace_back(p, 0.0);
    }

    // The filters and the area's rule decide, and distances are measured, on what is left.
    const std::vector<Match> matches = keep(area, q.remote, filters, weighed, s);

    results.total = matches.size();
    count_facets(matches, s, results.facets);

    // Order and page: keys after the cursor's, the `limit` smallest.
    const SortOrder order = effective_order(q, has_text, area.has_value());
    struct Keyed {
        double key;
        uint32_t rank;  // ties go by id
        uint32_t index;
        bool operator<(const Keyed& o) const {
            return key < o.key || (key == o.key && rank < o.rank);
        }
    };
    std::vector<Keyed> page;
    page.reserve(matches.size());
    for (uint32_t i = 0; i < matches.size(); ++i)
        page.push_back({sort_key(matches[i], order), s.columns[matches[i].position].id_rank, i});
    const uint32_t query_print = fingerprint(q);
    if (!q.cursor.empty()) {
        const detail::Cursor cursor = detail::decode_cursor(q.cursor);
        if (cursor.order != order_code(order) || cursor.query != query_print)
            throw QueryError("this cursor belongs to another query: start again without cursor");
        // The first offer after the cursor's: its id may be gone from a newer generation.
        const uint32_t from = s.lower_bound(cursor.last_id);
        const bool exact = from < s.size && s.id(s.by_id[from]) == cursor.last_id;
        const Keyed last{cursor.key, from, 0};
        page.erase(std::remove_if(page.begin(), page.end(),
                                  [&](const Keyed& k) { return exact ? !(last < k) : k < last; }),
                   page.end());
    }
    const size_t shown = std::min(q.limit, page.size());
    std::partial_sort(page.begin(), page.begin() + static_cast<long>(shown), page.end());
    for (size_t i = 0; i < shown; ++i) {
        const Match& m = matches[page[i].index];
        Hit hit;
        hit.offer = detail::decode_record(s.record(m.position));
        if (m.distance != no_distance) hit.distance_km = std::round(m.distance * 10) / 10;
        hit.score = order == SortOrder::blend ? -page[i].key : m.weight;
        results.hits.push_back(std::move(hit));
    }
    if (shown > 0 && page.size() > shown) {
        const Keyed& last = page[shown - 1];
        results.next_cursor =
            detail::encode_cursor({order_code(order), query_print, last.key,
                                   std::string(s.id(matches[last.index].position))});
    }
    return results;
}

}  // namespace cartoffre
