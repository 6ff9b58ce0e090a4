// Coverage, commune by commune. One walk of the R-tree of all in-person offers within the radius
// of a commune's centre serves every subject at once (an entry carries its categories); a
// subject with nothing there asks its category's tree for the nearest offer beyond, best first.
// The filters and the person's verdict are judged once per offer (OfferJudge), the zones for
// each commune's keys, as a search judges them for a person living there.

#include "cartoffre/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "coverage/aggregate.hpp"
#include "coverage/offer_judge.hpp"
#include "coverage/territory.hpp"
#include "geo/spatial.hpp"

namespace cartoffre {

namespace {

using detail::OfferEntry;
using detail::OfferJudge;
using detail::Subject;

// Wide enough for a département's emptiest corners; a national radius would walk every offer
// from every commune.
constexpr double max_radius_km = 1000;

void check(const CoverageQuery& q) {
    if (!std::isfinite(q.radius_km) || q.radius_km <= 0 || q.radius_km > max_radius_km)
        throw QueryError("rayon invalide : " + std::to_string(q.radius_km) +
                         " km ; donnez un nombre de kilomètres au-dessus de 0 et jusqu'à 1000");
    const Query& f = q.filters;
    if (!f.place.empty() || f.point || f.bbox)
        throw QueryError(
            "la couverture se mesure depuis chaque commune du territoire : pas de "
            "lieu ni de point dans les filtres");
    if (f.text.find_first_not_of(" \t\n") != std::string::npos)
        throw QueryError(
            "la couverture ne prend pas de mots : donnez des thématiques, des "
            "publics, des types ou des sources");
    if (!f.thematiques.empty())
        throw QueryError("les thématiques d'une couverture sont ses sujets, pas des filtres");
    if (!f.cursor.empty()) throw QueryError("une couverture n'a pas de pages : pas de curseur");
    if (q.by == AreaLevel::table && !q.areas)
        throw QueryError("regroupement par zone demandé sans table de zones");
    if (q.by != AreaLevel::table && q.areas)
        throw QueryError("une table de zones est donnée : regroupez par zone");
}

std::vector<Subject> subjects_of(const CoverageQuery& q, const Taxonomy& t) {
    std::vector<std::string> codes = q.subjects;
    if (codes.empty())
        for (const Code& c : t.categories().codes()) codes.push_back(c.code);
    std::vector<Subject> subjects;
    for (const std::string& code : codes) {
        if (std::any_of(subjects.begin(), subjects.end(),
                        [&](const Subject& s) { return s.code == code; }))
            continue;
        Subject s;
        s.code = code;
        s.themes = t.theme_filter(code);  // QueryError for an unknown code
        const uint32_t bits = t.category_bits(s.themes);
        s.category = static_cast<uint32_t>(__builtin_ctz(bits));
        if (auto category = t.categories().find(code)) {
            s.label = t.categories().label(*category);
        } else {
            s.whole_category = false;
            s.label = t.thematiques().label(*t.thematiques().find(code));
        }
        subjects.push_back(std::move(s));
    }
    return subjects;
}

// The zone key ids a commune's residents are open to, sorted.
std::vector<uint32_t> key_ids(const Index::Snapshot& s, uint32_t commune) {
    std::vector<uint32_t> ids;
    for (const std::string& key : detail::zone_keys_of_commune(s.gazetteer, commune))
        if (auto it = s.zone_key_ids.find(key); it != s.zone_key_ids.end())
            ids.push_back(it->second);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// Remote offers open to a commune, per subject: those open everywhere counted once, those
// opened by zone keys remembered per key and merged for each commune's keys (an offer may be
// open by several of them).
class RemoteOffers {
  public:
    RemoteOffers(const Index::Snapshot& s, OfferJudge& judge, const std::vector<Subject>& subjects)
        : m_s(s), m_judge(judge), m_subjects(subjects), m_anywhere(subjects.size(), 0) {
        for (size_t j = 0; j < subjects.size(); ++j)
            for (uint32_t p : s.placement.remote_anywhere_in(subjects[j].category))
                if (judge.passes(p) && judge.in_subject(p, s.columns[p].categories, subjects[j]))
                    ++m_anywhere[j];
    }

    // Adds to `counts` (one per subject) the remote offers open to residents of these keys.
    void count(const std::vector<uint32_t>& keys, std::vector<size_t>& counts) {
        m_open.clear();
        for (uint32_t key : keys) {
            auto [it, fresh] = m_by_key.try_emplace(key);
            if (fresh)
                for (const detail::ListedOffer& listed : m_s.placement.remote_in_zone(key))
                    if (m_judge.passes(listed.position)) it->second.push_back(listed);
            m_open.insert(m_open.end(), it->second.begin(), it->second.end());
        }
        std::sort(m_open.begin(), m_open.end(),
                  [](const auto& a, const auto& b) { return a.position < b.position; });
        for (size_t j = 0; j < m_subjects.size(); ++j) {
            counts[j] = m_anywhere[j];
            for (size_t i = 0; i < m_open.size(); ++i)
                if ((i == 0 || m_open[i].position != m_open[i - 1].position) &&
                    m_judge.in_subject(m_open[i].position, m_open[i].categories, m_subjects[j]))
                    ++counts[j];
        }
    }

  private:
    const Index::Snapshot& m_s;
    OfferJudge& m_judge;
    const std::vector<Subject>& m_subjects;
    std::vector<size_t> m_anywhere;
    std::unordered_map<uint32_t, std::vector<detail::ListedOffer>> m_by_key;
    std::vector<detail::ListedOffer> m_open;
};

struct Best {
    double km = std::numeric_limits<double>::infinity();
    uint32_t rank = UINT32_MAX;  // ties go by id
    uint32_t position = 0;
    size_t within = 0;
};

}  // namespace

CoverageReport Index::coverage(const CoverageQuery& q) const {
    const auto held = snapshot();  // kept to the end of the call, whatever refresh() does
    const Snapshot& s = *held;
    check(q);
    const std::vector<Subject> subjects = subjects_of(q, s.taxonomy);
    Query base = q.filters;
    base.mode = EligibilityMode::strict;  // the offers the person may enter
    const detail::Filters filters = detail::compile_filters(base, s);
    const detail::ForPerson person = detail::for_person_of(base, s);
    const std::vector<uint32_t> communes = detail::territory_communes(s.gazetteer, q.territory);

    CoverageReport report;
    report.radius_km = q.radius_km;
    for (const Subject& subject : subjects) {
        report.subjects.push_back(subject.code);
        report.subject_labels.push_back(subject.label);
    }
    uint32_t wanted = 0;  // categories of the subjects
    for (const Subject& subject : subjects) wanted |= 1u << subject.category;

    OfferJudge judge(s, filters, person);
    RemoteOffers remote(s, judge, subjects);
    std::vector<Best> best(subjects.size());
    std::vector<size_t> in_commune(subjects.size()), remote_counts(subjects.size());
    report.communes.reserve(communes.size() * subjects.size());
    for (uint32_t c : communes) {
        const Commune commune = s.gazetteer.commune(c);
        const std::vector<uint32_t> keys = key_ids(s, c);
        auto counts_for = [&](uint32_t p) { return judge.passes(p) && judge.open_to(p, keys); };
        std::fill(best.begin(), best.end(), Best{});
        std::fill(in_commune.begin(), in_commune.end(), 0);
        if (commune.centre) {
            const Circle circle(*commune.centre, q.radius_km);
            auto near = [&](const OfferEntry& e) {
                const double chord2 = circle.chord2_to(s.placement.unit(e.position));
                if (!circle.contains({e.lat, e.lon}, chord2) || !counts_for(e.position)) return;
                const double km = Circle::distance_of(chord2);
                const uint32_t rank = s.columns[e.position].id_rank;
                for (size_t j = 0; j < subjects.size(); ++j) {
                    if (!judge.in_subject(e.position, e.categories, subjects[j])) continue;
                    Best& b = best[j];
                    ++b.within;
                    if (km < b.km || (km == b.km && rank < b.rank))
                        b = {km, rank, e.position, b.within};
                }
            };
            for (const auto& box : detail::boxes_around(*commune.centre, q.radius_km)) {
                const detail::NearEnough near_enough(*commune.centre, q.radius_km, box);
                s.placement.tree().query(
                    box,
                    [&](const OfferEntry& e) { return (e.categories & wanted) && near_enough(e); },
                    near);
            }
            // Nothing within the radius: the nearest beyond, in the subject's category tree.
            for (size_t j = 0; j < subjects.size(); ++j) {
                if (best[j].within) continue;
                const auto found =
                    s.placement.category_tree(subjects[j].category)
                        .nearest(
                            *commune.centre,
                            [&](const OfferEntry& e) {
                                return counts_for(e.position) &&
                                       judge.in_subject(e.position, e.categories, subjects[j]);
                            },
                            [&](const OfferEntry& e) { return s.columns[e.position].id_rank; });
                if (found) best[j] = {found->km, 0, found->entry.position, 0};
            }
        }
        for (const detail::ListedOffer& listed : s.placement.in_commune(c)) {
            if (!(listed.categories & wanted) || !counts_for(listed.position)) continue;
            for (size_t j = 0; j < subjects.size(); ++j)
                if (judge.in_subject(listed.position, listed.categories, subjects[j]))
                    ++in_commune[j];
        }
        remote.count(keys, remote_counts);
        for (size_t j = 0; j < subjects.size(); ++j) {
            CommuneCoverage row;
            row.commune = c;
            row.code = commune.code;
            row.name = commune.name;
            row.departement = commune.departement;
            row.population = commune.population;
            if (commune.centre) row.centre = *commune.centre;
            row.subject = subjects[j].code;
            if (std::isfinite(best[j].km)) {
                row.nearest_km = best[j].km;
                row.nearest_id = s.id(best[j].position);
            }
            row.within_radius = best[j].within;
            row.in_commune = in_commune[j];
            row.remote = remote_counts[j];
            report.communes.push_back(std::move(row));
        }
    }
    detail::aggregate(s, q, subjects, communes, judge, report);
    return report;
}

}  // namespace cartoffre
