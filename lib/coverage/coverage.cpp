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
#include "coverage/node_tallies.hpp"
#include "coverage/offer_judge.hpp"
#include "coverage/territory.hpp"
#include "geo/circle.hpp"
#include "geo/spatial.hpp"
#include "index/zones.hpp"

namespace cartoffre {

namespace {

using detail::Circle;
using detail::OfferEntry;
using detail::OfferJudge;
using detail::Snapshot;
using detail::Subject;
using detail::unit_vector;
using detail::UnitVector;

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
        s.themes = detail::theme_filter(t, code);  // QueryError for an unknown code
        const uint32_t bits = detail::category_bits(t, s.themes);
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
std::vector<uint32_t> key_ids(const detail::Snapshot& s, uint32_t commune) {
    std::vector<uint32_t> ids;
    for (const std::string& key : detail::zone_keys_of_commune(s.gazetteer, commune))
        if (auto it = s.zone_key_ids.find(key); it != s.zone_key_ids.end())
            ids.push_back(it->second);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// Remote offers open to a commune, per subject: those open everywhere counted once; per zone
// key, the counts of those open by that key alone, and the few open by several keys (an offer of
// two keys of one commune counts once) merged for each commune.
class RemoteOffers {
  public:
    RemoteOffers(const detail::Snapshot& s, OfferJudge& judge, const std::vector<Subject>& subjects)
        : m_s(s), m_judge(judge), m_subjects(subjects), m_anywhere(subjects.size(), 0) {
        for (size_t j = 0; j < subjects.size(); ++j)
            for (uint32_t p : s.placement.remote_anywhere_in(subjects[j].category))
                if (judge.passes(p) && judge.in_subject(p, s.columns[p].categories, subjects[j]))
                    ++m_anywhere[j];
    }

    // Sets `counts` (one per subject) to the remote offers open to residents of these keys.
    void count(const std::vector<uint32_t>& keys, std::vector<size_t>& counts) {
        counts = m_anywhere;
        m_several.clear();
        for (uint32_t key : keys) {
            auto [it, fresh] = m_by_key.try_emplace(key);
            if (fresh) fill(key, it->second);
            for (size_t j = 0; j < m_subjects.size(); ++j) counts[j] += it->second.alone[j];
            m_several.insert(m_several.end(), it->second.several.begin(), it->second.several.end());
        }
        std::sort(m_several.begin(), m_several.end(),
                  [](const auto& a, const auto& b) { return a.position < b.position; });
        for (size_t i = 0; i < m_several.size(); ++i) {
            if (i && m_several[i].position == m_several[i - 1].position) continue;
            for (size_t j = 0; j < m_subjects.size(); ++j)
                counts[j] += m_judge.in_subject(m_several[i].position, m_several[i].categories,
                                                m_subjects[j]);
        }
    }

  private:
    struct ByKey {
        std::vector<size_t> alone;                 // per subject
        std::vector<detail::ListedOffer> several;  // open by more keys than this one
    };
    void fill(uint32_t key, ByKey& by_key) {
        by_key.alone.assign(m_subjects.size(), 0);
        for (const detail::ListedOffer& listed : m_s.placement.remote_in_zone(key)) {
            if (!m_judge.passes(listed.position)) continue;
            if (m_s.columns[listed.position].zones_count > 1) {
                by_key.several.push_back(listed);
                continue;
            }
            for (size_t j = 0; j < m_subjects.size(); ++j)
                by_key.alone[j] +=
                    m_judge.in_subject(listed.position, listed.categories, m_subjects[j]);
        }
    }

    const detail::Snapshot& m_s;
    OfferJudge& m_judge;
    const std::vector<Subject>& m_subjects;
    std::vector<size_t> m_anywhere;
    std::unordered_map<uint32_t, ByKey> m_by_key;
    std::vector<detail::ListedOffer> m_several;
};

// Bounds of the haversine h = sin²(dlat/2) + cos(lat1) cos(lat2) sin²(dlon/2) from a centre to
// the points of one of the boxes around it, from their degrees alone: most offers are surely
// inside or surely outside the radius, or farther than the nearest found so far, without reading
// their unit vector. With sin x <= x, sin² x >= x² (1 - x²/3) and the cosines of the box's
// latitudes between cmin and cmax: h_low <= h <= h_up; the distance 2R asin(sqrt h) is at least
// 2R sqrt(h_low) and, as asin y <= y / sqrt(1 - y²), at most what h_up gives.
class Bounds {
  public:
    Bounds(LatLon centre, double radius_km, const detail::GeoBox& box)
        : m_lat(centre.lat),
          m_lon(centre.lon),
          m_west(box.min_corner().get<0>()),
          m_south(box.min_corner().get<1>()),
          m_east(box.max_corner().get<0>()),
          m_north(box.max_corner().get<1>()) {
        const double south = m_south * rad, north = m_north * rad;
        const double cmin = std::max(0.0, std::min(std::cos(south), std::cos(north)));
        const double cmax =
            south <= 0 && north >= 0 ? 1 : std::max(std::cos(south), std::cos(north));
        m_cmin2 = cmin * cmin;
        m_cmax2 = cmax * cmax;
        const double r2 = radius_km * radius_km, R2 = earth_radius_km * earth_radius_km;
        m_inside = r2 / (4 * R2 + r2) * (1 - 1e-9);
        m_outside = r2 / (4 * R2) * (1 + 1e-9);
    }
    struct Measure {
        double h_low, h_up;
    };
    Measure of(const OfferEntry& e) const {
        double dlon = e.lon - m_lon;
        if (dlon > 180) dlon -= 360;  // a box across the antimeridian
        if (dlon < -180) dlon += 360;
        return of_gaps(e.lat - m_lat, dlon, e.lat - m_lat, dlon);
    }
    bool surely_inside(const Measure& m) const { return m.h_up <= m_inside; }
    bool surely_outside(const Measure& m) const { return m.h_low > m_outside; }

    // How a node of the tree stands to the circle, from the nearest and farthest gaps of its
    // box in latitude and longitude: a node wholly inside is within the walked box too, where
    // the cosines above hold; a node's part beyond the walked box is beyond the circle.
    // Across the antimeridian, with two boxes, no node is said inside (it could meet both).
    detail::OfferTree::Overlap overlap(const detail::NodeBox& b, bool one_box) const {
        using Overlap = detail::OfferTree::Overlap;
        const double near_lat = std::max({0.0, b.south - m_lat, m_lat - b.north});
        const double near_lon = std::max({0.0, b.west - m_lon, m_lon - b.east});
        if (!one_box || near_lon > 180) return Overlap::across;
        const double far_lat = std::max(std::fabs(b.north - m_lat), std::fabs(b.south - m_lat));
        const double far_lon = std::max(std::fabs(b.east - m_lon), std::fabs(b.west - m_lon));
        const Measure m = of_gaps(near_lat, near_lon, far_lat, far_lon);
        if (surely_outside(m)) return Overlap::outside;
        if (b.west < m_west || b.east > m_east || b.south < m_south || b.north > m_north)
            return Overlap::across;
        return surely_inside(m) ? Overlap::inside : Overlap::across;
    }
    // No point of a node within the walked box is nearer than this squared chord (= 4 h).
    double least_chord2(const detail::NodeBox& b) const {
        const double near_lat = std::max({0.0, b.south - m_lat, m_lat - b.north});
        const double near_lon = std::max({0.0, b.west - m_lon, m_lon - b.east});
        return 4 * of_gaps(near_lat, near_lon, 0, 0).h_low;
    }

  private:
    // h_low from the least gaps, h_up from the greatest, in degrees.
    // A third rounded up, multiplied rather than divided: h_low only the lower for it.
    Measure of_gaps(double near_lat, double near_lon, double far_lat, double far_lon) const {
        constexpr double third = 0.33333333333333337;
        const double a = near_lat * (rad / 2), b = near_lon * (rad / 2);
        const double c = far_lat * (rad / 2), d = far_lon * (rad / 2);
        const double a2 = a * a, b2 = b * b;
        return {a2 * (1 - a2 * third) + m_cmin2 * b2 * (1 - b2 * third), c * c + m_cmax2 * d * d};
    }
    static constexpr double rad = M_PI / 180;
    double m_lat, m_lon, m_west, m_south, m_east, m_north;
    double m_cmin2 = 0, m_cmax2 = 1, m_inside = 0, m_outside = 0;
};

struct Best {
    double chord2 = std::numeric_limits<double>::infinity();
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
    // The subjects of each category: an entry of the tree of all offers serves those only. The
    // first is kept apart: most often (the 16 categories) it is the only one.
    std::vector<std::vector<size_t>> of_category(32);
    for (size_t j = 0; j < subjects.size(); ++j) of_category[subjects[j].category].push_back(j);

    OfferJudge judge(s, filters, person);
    RemoteOffers remote(s, judge, subjects);
    const detail::OfferTree& tree = s.placement.tree();
    detail::NodeTallies tallies(tree, judge, subjects, wanted);
    std::vector<size_t> node_counts;
    std::vector<Best> best(subjects.size());
    // Each subject's nearest offer for the commune before: communes come in code order, close
    // to each other, so its distance bounds the search for the next one's.
    std::vector<std::optional<uint32_t>> previous(subjects.size());
    std::vector<detail::OfferTree::Waiting> heap;
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
            const Bounds* bounds = nullptr;  // of the box being walked
            auto near = [&](const OfferEntry& e) {
                const Bounds::Measure m = bounds->of(e);
                if (bounds->surely_outside(m)) return;
                double chord2 = -1;  // read only when needed
                if (!bounds->surely_inside(m)) {
                    chord2 = circle.chord2_to(s.placement.unit(e.position));
                    if (!circle.contains({e.lat, e.lon}, chord2)) return;
                }
                if (!counts_for(e.position)) return;
                const double least_chord2 = 4 * m.h_low;  // chord² = 4 h
                uint32_t rank = UINT32_MAX;
                auto count = [&](size_t j) {
                    if (!judge.in_subject(e.position, e.categories, subjects[j])) return;
                    Best& b = best[j];
                    ++b.within;
                    if (least_chord2 > b.chord2) return;
                    if (chord2 < 0) chord2 = circle.chord2_to(s.placement.unit(e.position));
                    if (chord2 > b.chord2) return;
                    if (rank == UINT32_MAX) rank = s.columns[e.position].id_rank;
                    if (chord2 < b.chord2 || rank < b.rank) {
                        b.chord2 = chord2;
                        b.rank = rank;
                        b.position = e.position;
                    }
                };
                for (uint32_t bits = e.categories & wanted; bits; bits &= bits - 1) {
                    const std::vector<size_t>& served = of_category[__builtin_ctz(bits)];
                    count(served[0]);
                    for (size_t k = 1; k < served.size(); ++k) count(served[k]);
                }
            };
            // Each subject's nearest for the commune before, when it counts here and lies
            // within the radius: a bound that lets the walk take whole the nodes beyond it.
            for (size_t j = 0; j < subjects.size(); ++j) {
                if (!previous[j] || !counts_for(*previous[j])) continue;
                const uint32_t p = *previous[j];
                const double chord2 = circle.chord2_to(s.placement.unit(p));
                if (circle.contains({s.columns[p].lat, s.columns[p].lon}, chord2))
                    best[j] = {chord2, s.columns[p].id_rank, p, 0};
            }
            // A node wholly within the radius is counted from its tally, unless it may hold a
            // subject's offer nearer than the nearest found so far: then it is walked.
            auto take = [&](uint32_t level, uint32_t number) {
                tallies.count(level, number, keys, node_counts);
                const double least = bounds->least_chord2(tree.node_box(level, number));
                for (size_t j = 0; j < subjects.size(); ++j)
                    if (node_counts[j] && !(least > best[j].chord2)) return false;
                for (size_t j = 0; j < subjects.size(); ++j) best[j].within += node_counts[j];
                return true;
            };
            const std::vector<detail::GeoBox> boxes =
                detail::boxes_around(*commune.centre, q.radius_km);
            for (const auto& box : boxes) {
                const Bounds box_bounds(*commune.centre, q.radius_km, box);
                bounds = &box_bounds;
                auto overlap = [&](const detail::NodeBox& b) {
                    return box_bounds.overlap(b, boxes.size() == 1);
                };
                tree.walk(
                    box, overlap, take,
                    [&](const OfferEntry& e) { return (e.categories & wanted) != 0; }, near);
            }
            // Nothing within the radius: the nearest beyond, in the subject's category tree, no
            // farther than the previous commune's nearest when it is open here too.
            const UnitVector centre = unit_vector(*commune.centre);
            auto chord2_of = [&](const OfferEntry& e) {
                const UnitVector& u = s.placement.unit(e.position);
                const double dx = u.x - centre.x, dy = u.y - centre.y, dz = u.z - centre.z;
                return dx * dx + dy * dy + dz * dz;
            };
            for (size_t j = 0; j < subjects.size(); ++j) {
                if (best[j].within) continue;
                const Subject& subject = subjects[j];
                double bound = HUGE_VAL;
                if (previous[j] && counts_for(*previous[j]))
                    bound = chord2_of({0, 0, *previous[j], 0}) * (1 + 1e-12) + 1e-15;
                const auto found =
                    s.placement.category_tree(subject.category)
                        .nearest(
                            *commune.centre, chord2_of,
                            [&](const OfferEntry& e) {
                                return counts_for(e.position) &&
                                       judge.in_subject(e.position, e.categories, subject);
                            },
                            [&](const OfferEntry& e) { return s.columns[e.position].id_rank; },
                            bound, heap);
                if (found) best[j] = {found->chord2, 0, found->entry.position, 0};
            }
        }
        for (size_t j = 0; j < subjects.size(); ++j)
            if (std::isfinite(best[j].chord2)) previous[j] = best[j].position;
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
            if (std::isfinite(best[j].chord2)) {
                row.nearest_km = Circle::distance_of(best[j].chord2);
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
