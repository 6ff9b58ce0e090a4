// "Why is this offer not proposed?": one offer judged for a person at a place, with the checks
// a search makes around the verdict (distance, eligibility zone, hours) as reasons of their own.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "index/record.hpp"
#include "index/search_context.hpp"

namespace cartoffre {

namespace {

std::string kilometres(double km) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", km);
    std::string out = text;
    std::replace(out.begin(), out.end(), '.', ',');
    return out + " km";
}

std::string day_month(const Date& d) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d/%02d", d.day, d.month);
    return text;
}

// Distance from the place, for an offer delivered in person there.
Reason distance_reason(const detail::Area& area, const detail::OfferColumns& c, bool in_communes,
                       std::optional<double>& distance) {
    const std::string& place = area.place.label;
    if (!(c.flags & detail::flag_located))
        return {"distance", in_communes ? Verdict::eligible : Verdict::to_check,
                in_communes ? "Dans la commune recherchée (adresse sans coordonnées)"
                            : "Adresse sans coordonnées : distance inconnue"};
    double km = std::numeric_limits<double>::infinity();
    for (const LatLon& origin : area.place.origins)
        km = std::min(km, distance_km(origin, {c.lat, c.lon}));
    distance = std::round(km * 10) / 10;
    const std::string at = "À " + kilometres(km) + " de " + place;
    if (km <= area.radius_km)
        return {"distance", Verdict::eligible,
                at + ", dans le rayon de " + kilometres(area.radius_km)};
    if (in_communes) return {"distance", Verdict::eligible, at + ", dans la commune recherchée"};
    return {"distance", Verdict::ineligible,
            at + ", hors du rayon de " + kilometres(area.radius_km)};
}

}  // namespace

Explanation Index::explain(std::string_view id, const Query& q) const {
    const auto held = snapshot();  // kept to the end of the call, whatever refresh() does
    const detail::Snapshot& s = *held;
    const uint32_t rank = s.lower_bound(id);
    if (rank == s.size || s.id(s.by_id[rank]) != id)
        throw QueryError("aucune offre d'identifiant « " + std::string(id) + " » dans cet index");
    const uint32_t p = s.by_id[rank];
    const detail::OfferColumns& c = s.columns[p];

    const std::optional<detail::Area> area = detail::resolve_area(q, s);
    const detail::ForPerson f = detail::for_person_of(q, s);
    detail::Filters zones;
    detail::apply_zones(area, f.person, s, zones);

    Explanation e;
    e.offer = s.offer(p);
    e.eligibility = detail::judge_with_reasons(p, f, s, e.offer);
    std::vector<Reason>& reasons = e.eligibility.reasons;
    if (!f.person) {  // no profile: the criteria still say what they ask, as things to check
        detail::ForPerson unknown = f;
        unknown.person = detail::PersonFacts{};
        reasons = detail::judge_with_reasons(p, unknown, s, e.offer).reasons;
    }

    // The eligibility zone, judged where the search judges it.
    if (!s.open_everywhere(c)) {  // France-wide zones restrict nothing
        const std::string label = detail::zones_label(p, s);
        reasons.erase(std::remove_if(reasons.begin(), reasons.end(),
                                     [](const Reason& r) { return r.code == "residence"; }),
                      reasons.end());
        if (!zones.zones_apply) {
            reasons.push_back(
                {"zone", Verdict::to_check,
                 "Réservé aux résidents de " + label + " : lieu de résidence à vérifier"});
        } else {
            const bool inside = zones.accept(c, s.zones);
            const bool resides = f.person && f.person->residence;
            const std::string where =
                resides ? "la personne habite " +
                              std::string(s.gazetteer.commune(*f.person->residence).name)
                        : "recherche à " + area->place.label;
            // For a person whose residence is not given, the search keeps the offer (its zone
            // covers the place searched) but cannot tell where they live: to check, as there.
            const Verdict outcome = !inside                ? Verdict::ineligible
                                    : f.person && !resides ? Verdict::to_check
                                                           : Verdict::eligible;
            reasons.push_back(
                {"zone", outcome,
                 "Réservé aux résidents de " + label + " : " + where +
                     (outcome == Verdict::to_check ? ", lieu de résidence à vérifier" : "")});
        }
    }
    // Distance, or delivery at a distance.
    if (area) {
        const bool in_person = c.flags & detail::flag_in_person;
        const bool in_communes =
            std::binary_search(area->communes.begin(), area->communes.end(), c.commune);
        if (in_person) {
            Reason r = distance_reason(*area, c, in_communes, e.distance_km);
            if (r.outcome == Verdict::ineligible && (c.flags & detail::flag_remote))
                r = {"distance", Verdict::eligible, r.text + " ; accessible aussi à distance"};
            reasons.push_back(std::move(r));
        } else {
            reasons.push_back({"distance", Verdict::eligible, "À distance : sans déplacement"});
        }
    }
    // Hours, when the question is about a moment or a day.
    if (q.open_at || q.open_on) {
        const auto hours = detail::hours_of(s.rules[p], s.rules_extra(p));
        const std::string departement(
            c.commune == detail::no_commune ? "" : s.gazetteer.commune(c.commune).departement);
        if (!hours) {
            reasons.push_back(
                {"horaires", Verdict::to_check, "Horaires non renseignés ou illisibles"});
        } else if (q.open_at) {
            // Judged by the offer's own clock: 7 h in Paris is 10 h in Réunion in winter.
            const LocalDateTime when = f.open_at_in(departement);
            char at[16];
            std::snprintf(at, sizeof at, "%02d:%02d", when.minute_of_day / 60,
                          when.minute_of_day % 60);
            const bool open = hours->open_at(when, departement);
            const std::string_view place = local_time_place(departement);
            reasons.push_back(
                {"horaires", open ? Verdict::eligible : Verdict::ineligible,
                 std::string(open ? "Ouvert" : "Fermé") + " le " + day_month(when.date) + " à " +
                     at + (place.empty() ? "" : " (heure de " + std::string(place) + ")")});
        } else {
            const bool open = hours->open_on(*q.open_on, departement);
            reasons.push_back(
                {"horaires", open ? Verdict::eligible : Verdict::ineligible,
                 std::string(open ? "Ouvert" : "Fermé") + " le " + day_month(*q.open_on)});
        }
    }
    std::stable_sort(reasons.begin(), reasons.end(),
                     [](const Reason& a, const Reason& b) { return a.outcome > b.outcome; });
    // Distance and hours met say where and when, not that the person qualifies.
    e.eligibility.verdict = detail::verdict_of(reasons);
    return e;
}

}  // namespace cartoffre
