#include "index/search_everywhere.hpp"

#include <algorithm>
#include <utility>

#include "index/facet_bits.hpp"

namespace cartoffre::detail {

namespace {
thread_local bool together = false;
thread_local size_t apart = 0;
}  // namespace

EverywhereWithTheOthers::EverywhereWithTheOthers() {
    together = true;
}
EverywhereWithTheOthers::~EverywhereWithTheOthers() {
    together = false;
}

size_t searches_everywhere_apart() {
    return apart;
}

bool everywhere_applies(const Query& q, const Filters& filters, const ForPerson& for_person,
                        bool nearest_first_page, const Snapshot& s) {
    if (together || !nearest_first_page || q.bbox || q.remote != Remote::include ||
        q.exclude_duplicates || q.unplaced || for_person.asks())
        return false;
    if (filters.publics || filters.types || filters.frais || filters.modes || filters.by_kinds ||
        !filters.sources.empty() || filters.min_quality || filters.unplaced)
        return false;
    // An offer open everywhere by the zone "france" passes the zone test when France is among
    // the place's zone keys, as it always is (index/zones.hpp).
    return !filters.zones_apply || !s.france_key ||
           std::binary_search(filters.zone_keys.begin(), filters.zone_keys.end(), *s.france_key);
}

namespace {

// The lists of remote offers open everywhere in the categories asked, or of all, united.
std::vector<uint32_t> listed(const Filters& filters, const Snapshot& s) {
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

std::shared_ptr<const Everywhere> compute(const Filters& filters, const Snapshot& s) {
    auto e = std::make_shared<Everywhere>();
    // The themes decide, as keep() decides for these offers: the zone test passes (open to
    // every residence), the other filters are not asked (everywhere_applies).
    Filters themes = filters;
    themes.zones_apply = false;
    FacetTally tally(s.taxonomy);
    std::vector<std::pair<uint32_t, uint32_t>> ranked;  // id rank, position
    for (uint32_t p : listed(filters, s)) {
        const OfferColumns& c = s.columns[p];
        if (c.flags & flag_in_person) {
            e->in_person.push_back(p);
            continue;
        }
        if (!themes.accept(c, s.zones)) continue;
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

}  // namespace

std::shared_ptr<const Everywhere> everywhere(const Filters& filters, const Snapshot& s) {
    const EverywhereMemo::Key key{filters.by_themes, filters.themes.bits[0],
                                  filters.themes.bits[1]};
    ++apart;
    if (auto found = s.everywhere_memo.find(key)) return found;
    auto computed = compute(filters, s);
    s.everywhere_memo.keep(key, computed);
    return computed;
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
