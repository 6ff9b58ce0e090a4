#include "coverage/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "coverage/territory.hpp"

namespace cartoffre::detail {

namespace {

// What the offers located in an area's communes say, per subject and for the offer side.
struct OfferCounts {
    struct PerSubject {
        size_t offers = 0, duplicates = 0, with_places = 0;
        long places_total = 0, places_free = 0;
    };
    std::vector<PerSubject> subjects;
    AreaOffers side;

    // The areas of a level part the territory: its totals are the sum of theirs.
    void add(const OfferCounts& o) {
        if (subjects.empty()) {
            *this = o;
            return;
        }
        for (size_t j = 0; j < subjects.size(); ++j) {
            subjects[j].offers += o.subjects[j].offers;
            subjects[j].duplicates += o.subjects[j].duplicates;
            subjects[j].with_places += o.subjects[j].with_places;
            subjects[j].places_total += o.subjects[j].places_total;
            subjects[j].places_free += o.subjects[j].places_free;
        }
        side.offers += o.side.offers;
        for (size_t i = 0; i < side.by_category.size(); ++i)
            side.by_category[i] += o.side.by_category[i];
        for (size_t i = 0; i < side.by_source.size(); ++i) side.by_source[i] += o.side.by_source[i];
    }
};

OfferCounts count_offers(const detail::Snapshot& s, const std::vector<Subject>& subjects,
                         const std::vector<uint32_t>& communes, OfferJudge& judge) {
    OfferCounts counts;
    counts.subjects.resize(subjects.size());
    std::vector<size_t>& by_category = counts.side.by_category;
    std::vector<size_t>& by_source = counts.side.by_source;
    by_category.assign(s.taxonomy.categories().size(), 0);
    by_source.assign(s.sources.size(), 0);
    for (uint32_t c : communes)
        for (const ListedOffer& listed : s.placement.in_commune(c)) {
            const uint32_t p = listed.position;
            if (!judge.passes(p)) continue;
            ++counts.side.offers;
            for (uint32_t b = listed.categories; b; b &= b - 1) ++by_category[__builtin_ctz(b)];
            ++by_source[s.columns[p].source];
            const OfferColumns& col = s.columns[p];
            // A cluster's first member is the one kept; the others repeat it from another source.
            const bool duplicate = (col.flags & flag_duplicate) &&
                                   s.cluster_members[s.cluster_begin[s.clusters[p]]] != p;
            const OfferRules& rules = s.rules[p];
            const bool places = rules.places_total >= 0 && rules.places_free >= 0;
            for (size_t j = 0; j < subjects.size(); ++j) {
                if (!judge.in_subject(p, listed.categories, subjects[j])) continue;
                OfferCounts::PerSubject& n = counts.subjects[j];
                ++n.offers;
                n.duplicates += duplicate;
                if (places) {
                    ++n.with_places;
                    n.places_total += rules.places_total;
                    n.places_free += rules.places_free;
                }
            }
        }
    return counts;
}

// One area for one subject: its communes' rows (`members`: indices into `communes`).
AreaCoverage summarize(const CoverageReport& report, size_t subjects, size_t j,
                       const std::vector<size_t>& members, const OfferCounts& offers) {
    AreaCoverage area;
    area.subject = report.subjects[j];
    std::vector<std::pair<double, double>> distances;
    for (size_t i : members) {
        const CommuneCoverage& row = report.communes[i * subjects + j];
        ++area.communes;
        area.population += row.population;
        if (row.beyond_radius()) {
            ++area.communes_beyond;
            area.population_beyond += row.population;
        }
        area.communes_with_remote += row.remote > 0;
        distances.emplace_back(row.nearest_km.value_or(HUGE_VAL),
                               static_cast<double>(std::max(0L, row.population)));
    }
    area.median_km = weighted_quantile(distances, 0.5);
    area.p90_km = weighted_quantile(std::move(distances), 0.9);
    const OfferCounts::PerSubject& n = offers.subjects[j];
    area.offers = n.offers;
    if (area.population > 0) area.offers_per_10000 = 10000.0 * n.offers / area.population;
    area.duplicates = n.duplicates;
    if (n.offers) area.duplicate_share = static_cast<double>(n.duplicates) / n.offers;
    area.offers_with_places = n.with_places;
    area.places_total = n.places_total;
    area.places_free = n.places_free;
    if (n.places_total > 0) area.free_share = static_cast<double>(n.places_free) / n.places_total;
    return area;
}

}  // namespace

std::optional<double> weighted_quantile(std::vector<std::pair<double, double>> values,
                                        double share) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    double total = 0;
    for (const auto& v : values) total += v.second;
    const bool unweighted = total <= 0;
    if (unweighted) total = static_cast<double>(values.size());
    double cumulated = 0;
    for (const auto& [value, weight] : values) {
        cumulated += unweighted ? 1 : weight;
        if (cumulated >= share * total - 1e-9 * total) {
            if (!std::isfinite(value)) return std::nullopt;
            return value;
        }
    }
    return std::nullopt;  // not reached: the last value reaches every share
}

void aggregate(const detail::Snapshot& s, const CoverageQuery& q,
               const std::vector<Subject>& subjects, const std::vector<uint32_t>& communes,
               OfferJudge& judge, CoverageReport& report) {
    const std::vector<AreaOf> areas =
        areas_of(s.gazetteer, communes, q.by, q.areas ? &*q.areas : nullptr, report.warnings);
    // Communes by area, areas in code order ("hors table", code "", first).
    std::map<std::string, std::pair<std::string, std::vector<size_t>>> groups;
    for (size_t i = 0; i < communes.size(); ++i) {
        auto& group = groups[areas[i].code];
        group.first = areas[i].name;
        group.second.push_back(i);
    }
    for (const Code& c : s.taxonomy.categories().codes()) report.categories.push_back(c.code);
    report.sources = s.sources;
    const std::string level = level_name(q.by);
    OfferCounts all_offers;
    auto add = [&](const std::string& lvl, const std::string& code, const std::string& name,
                   const std::vector<size_t>& members, const OfferCounts& offers,
                   std::vector<AreaCoverage>& out) {
        for (size_t j = 0; j < subjects.size(); ++j) {
            AreaCoverage area = summarize(report, subjects.size(), j, members, offers);
            area.level = lvl;
            area.code = code;
            area.name = name;
            out.push_back(std::move(area));
        }
        return offers.side;
    };
    std::vector<uint32_t> area_communes;
    for (const auto& [code, group] : groups) {
        area_communes.clear();
        for (size_t i : group.second) area_communes.push_back(communes[i]);
        const OfferCounts offers = count_offers(s, subjects, area_communes, judge);
        all_offers.add(offers);
        AreaOffers side = add(level, code, group.first, group.second, offers, report.areas);
        side.level = level;
        side.code = code;
        side.name = group.first;
        report.offer_side.push_back(std::move(side));
    }
    std::vector<size_t> all(communes.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    if (all_offers.subjects.empty()) all_offers = count_offers(s, subjects, {}, judge);
    add("territoire", "", territory_name(s.gazetteer, q.territory), all, all_offers, report.totals);
}

}  // namespace cartoffre::detail
