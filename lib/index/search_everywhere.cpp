#include "index/search_everywhere.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "index/facet_bits.hpp"

namespace cartoffre::detail {

namespace {

thread_local bool together = false;
thread_local size_t everywhere_apart = 0, departement_apart = 0;

// The lists of remote offers open everywhere in the categories asked, or of all, united.
std::vector<uint32_t> listed_everywhere(const Filters& filters, const Snapshot& s) {
    if (!filters.by_themes)
        return {s.placement.remote_anywhere().begin(), s.placement.remote_anywhere().end()};
    std::vector<uint32_t> all;
    for (uint32_t bits = filters.categories; bits; bits &= bits - 1) {
        const auto list =
            s.placement.remote_anywhere_in(static_cast<uint32_t>(__builtin_ctz(bits)));
        all.insert(all.end(), list.begin(), list.end());
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

std::vector<uint32_t> listed_in_zone(uint32_t key, const Snapshot& s) {
    std::vector<uint32_t> positions;
    for (const ListedOffer& listed : s.placement.remote_in_zone(key))
        positions.push_back(listed.position);
    return positions;
}

// The offers of `listed` in the themes, as Everywhere says. The themes decide, as keep()
// decides for these offers: the zone test passes (the list is open where the place is), the
// other filters are not asked (apart()), and a remote offer is kept near the place or not.
std::shared_ptr<const Everywhere> compute(const std::vector<uint32_t>& listed,
                                          const Filters& filters, const Snapshot& s) {
    auto e = std::make_shared<Everywhere>();
    Filters themes = filters;
    themes.zones_apply = false;
    FacetTally tally(s.taxonomy);
    std::vector<std::pair<uint32_t, uint32_t>> ranked;  // id rank, position
    for (uint32_t p : listed) {
        const OfferColumns& c = s.columns[p];
        if (!themes.accept(c, s.zones)) continue;  // a theme asked holds its category
        tally.add(c);
        ranked.emplace_back(c.id_rank, p);
    }
    std::sort(ranked.begin(), ranked.end());
    e->count = ranked.size();
    e->by_rank.reserve(ranked.size());
    for (const auto& [rank, p] : ranked) e->by_rank.push_back(p);
    tally.fill(s.taxonomy, e->facets);
    return e;
}

// From the memo, or computed and kept: `list` is 0 for the offers open everywhere, else 1 +
// the zone key.
template <class Listed>
std::shared_ptr<const Everywhere> memoized(uint64_t list, const Filters& filters, const Snapshot& s,
                                           Listed&& listed) {
    const EverywhereMemo::Key key{filters.by_themes, filters.themes.bits[0], filters.themes.bits[1],
                                  list};
    if (auto found = s.everywhere_memo.find(key)) return found;
    auto computed = compute(listed(), filters, s);
    s.everywhere_memo.keep(key, computed);
    return computed;
}

}  // namespace

EverywhereWithTheOthers::EverywhereWithTheOthers() {
    together = true;
}
EverywhereWithTheOthers::~EverywhereWithTheOthers() {
    together = false;
}
size_t searches_everywhere_apart() {
    return everywhere_apart;
}
size_t searches_departement_apart() {
    return departement_apart;
}

bool Apart::counted(const OfferColumns& c, const Snapshot& s) const {
    if (!(c.flags & flag_remote)) return false;
    if (s.open_everywhere(c)) return true;
    if (!departement) return false;
    const uint32_t* z = s.zones + c.zones_begin;
    return std::find(z, z + c.zones_count, departement_key) != z + c.zones_count;
}

std::optional<Apart> apart(const Query& q, const Area& area, const Filters& filters,
                           const ForPerson& for_person, bool nearest_first_page,
                           const Snapshot& s) {
    if (together || !nearest_first_page || q.bbox || q.remote != Remote::include ||
        q.exclude_duplicates || q.unplaced || for_person.asks())
        return std::nullopt;
    if (filters.publics || filters.types || filters.frais || filters.modes || filters.by_kinds ||
        !filters.sources.empty() || filters.min_quality || filters.unplaced)
        return std::nullopt;
    const auto& keys = filters.zone_keys;  // sorted
    // An offer open everywhere by the zone "france" passes the zone test when France is among
    // the place's zone keys, as it always is (index/zones.hpp).
    if (filters.zones_apply && s.france_key &&
        !std::binary_search(keys.begin(), keys.end(), *s.france_key))
        return std::nullopt;
    Apart a;
    a.everywhere = memoized(0, filters, s, [&] { return listed_everywhere(filters, s); });
    ++everywhere_apart;
    // Without a person, the zones are the place's commune's (apply_zones): its département's
    // offers are open here.
    if (filters.zones_apply && area.place.zone_commune) {
        const Commune commune = s.gazetteer.commune(*area.place.zone_commune);
        const auto id = s.zone_key_ids.find(std::string(commune.departement));
        if (id != s.zone_key_ids.end() &&
            std::binary_search(keys.begin(), keys.end(), id->second)) {
            a.departement_key = id->second;
            a.departement = memoized(1 + uint64_t{id->second}, filters, s,
                                     [&] { return listed_in_zone(id->second, s); });
            ++departement_apart;
        }
    }
    return a;
}

void add_facets(const Facets& more, const Taxonomy& taxonomy, Facets& into) {
    auto add = [](const std::vector<FacetCount>& extra, const Vocabulary& v,
                  std::vector<FacetCount>& list) {
        if (extra.empty()) return;
        std::vector<FacetCount> both;
        both.reserve(list.size() + extra.size());
        size_t a = 0, b = 0;
        for (uint32_t i = 0; i < v.size(); ++i) {
            const bool in_list = a < list.size() && list[a].code == v.code(i);
            const bool in_extra = b < extra.size() && extra[b].code == v.code(i);
            if (in_list) both.push_back(std::move(list[a++]));
            if (in_extra && in_list) both.back().count += extra[b].count;
            if (in_extra && !in_list) both.push_back(extra[b]);
            b += in_extra;
        }
        list = std::move(both);
    };
    add(more.categories, taxonomy.categories(), into.categories);
    add(more.types, taxonomy.types(), into.types);
    add(more.frais, taxonomy.frais(), into.frais);
    add(more.publics, taxonomy.publics(), into.publics);
    add(more.kinds, taxonomy.typologies(), into.kinds);
}

}  // namespace cartoffre::detail
