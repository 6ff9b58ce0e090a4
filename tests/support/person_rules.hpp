#pragma once
// The eligibility rules written again from data/eligibility/README.md, on offers and profiles as
// they are given, not as the index stores them: the brute force of eligibility_oracle_test and
// person_oracle_test.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cartoffre/date.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/profile.hpp"

namespace cartoffre::testing {

// The statuses a caseworker may tick (data/eligibility/statuses.tsv without the residence facts
// qpv and frr, which the profile answers apart).
inline const std::vector<std::string> person_statuses = {"rsa",
                                                         "ass",
                                                         "aah",
                                                         "demandeur-emploi",
                                                         "deld",
                                                         "detld",
                                                         "rqth",
                                                         "jeune-ase",
                                                         "ppsmj",
                                                         "refugie",
                                                         "demandeur-asile",
                                                         "sans-domicile",
                                                         "parent-isole",
                                                         "etudiant",
                                                         "actif",
                                                         "senior"};

inline bool has(const std::vector<std::string>& list, const std::string& code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

inline int diploma_level(const std::string& code) {
    static const std::vector<std::string> levels = {"infra-bac", "bac", "bac+2", "superieur"};
    return static_cast<int>(std::find(levels.begin(), levels.end(), code) - levels.begin()) + 1;
}

// The person as the rules see them: statuses held (with what they imply) and known not held.
struct Person {
    const Profile& p;
    std::optional<int> age;  // said, or from the birth date on the day judged
    std::set<std::string> held;
    std::set<std::string> not_held;

    explicit Person(const Profile& profile, std::optional<Date> today = std::nullopt)
        : p(profile), age(profile.age) {
        if (!age && p.birth_date && today) {
            const Date& b = *p.birth_date;
            age = today->year - b.year -
                  (today->month < b.month || (today->month == b.month && today->day < b.day));
        }
        for (auto& s : p.statuses) held.insert(s);
        if (held.count("detld")) held.insert("deld");
        if (held.count("deld")) held.insert("demandeur-emploi");
        if (held.count("rsa") || held.count("ass")) held.insert("demandeur-emploi");
        if (p.qpv) (*p.qpv ? held : not_held).insert("qpv");
        if (p.frr) (*p.frr ? held : not_held).insert("frr");
        // A complete list of statuses says nothing of the residence facts qpv and frr: only
        // the profile's own answers tell those.
        const std::vector<std::string>& all = person_statuses;
        if (p.statuses_complete)
            for (auto& s : all)
                if (!held.count(s)) not_held.insert(s);
    }
    // true, false, or unknown (nullopt)
    std::optional<bool> holds_any(const std::vector<std::string>& statuses) const {
        bool unknown = false;
        for (auto& s : statuses) {
            if (held.count(s)) return true;
            if (!not_held.count(s)) unknown = true;
        }
        if (unknown) return std::nullopt;
        return false;
    }
};

// Whether the person belongs to a public: true, false, or unknown.
inline std::optional<bool> belongs(const Person& person, const std::string& code, const Offer& o) {
    const Criteria& c = o.criteria;
    auto in_age = [&](std::optional<int> low, std::optional<int> high) -> std::optional<bool> {
        if (c.age_min || c.age_max) low = c.age_min, high = c.age_max;  // the offer's own bounds
        if (!person.age) return std::nullopt;
        return (!low || *person.age >= *low) && (!high || *person.age <= *high);
    };
    auto any = [](std::vector<std::optional<bool>> facts) -> std::optional<bool> {
        bool unknown = false;
        for (auto& f : facts) {
            if (f && *f) return true;
            if (!f) unknown = true;
        }
        if (unknown) return std::nullopt;
        return false;
    };
    const std::optional<bool> femme =
        person.p.genre.empty() ? std::nullopt : std::optional<bool>(person.p.genre == "femme");
    if (code == "tous-publics") return true;
    if (code == "jeunes") return in_age(16, 25);
    if (code == "seniors") return any({in_age(60, std::nullopt), person.holds_any({"senior"})});
    if (code == "femmes") return femme;
    static const std::map<std::string, std::vector<std::string>> by_status = {
        {"beneficiaires-des-minimas-sociaux", {"rsa", "ass", "aah"}},
        {"personnes-en-situation-de-handicap", {"rqth", "aah"}},
        {"demandeurs-emploi", {"demandeur-emploi", "deld", "detld"}},
        {"etudiants", {"etudiant"}},
        {"actifs", {"actif"}},
        {"familles", {"parent-isole"}},
        {"personnes-en-situation-durgence", {"sans-domicile"}},
        {"personnes-en-situation-juridique-specifique", {"ppsmj"}},
        {"personnes-exilees", {"refugie", "demandeur-asile"}},
        {"residents-qpv-frr", {"qpv", "frr"}}};
    return person.holds_any(by_status.at(code));
}

inline Date date(const std::string& iso) {
    return parse_date(iso);
}

// Whether the rules refuse the offer to the person on `today` (a missing fact never refuses).
inline bool refused(const Offer& o, const Person& person, const Date& today) {
    const Criteria& c = o.criteria;
    const Profile& p = person.p;
    if (person.age &&
        ((c.age_min && *person.age < *c.age_min) || (c.age_max && *person.age > *c.age_max)))
        return true;
    if (!c.statuses_required.empty()) {
        auto any = person.holds_any(c.statuses_required);
        if (any && !*any) return true;
    }
    for (auto& s : c.statuses_excluded)
        if (person.held.count(s)) return true;
    if (!c.genre.empty() && !p.genre.empty() && c.genre != p.genre) return true;
    if (!c.diplome_max.empty() && !p.diplome.empty() &&
        diploma_level(p.diplome) > diploma_level(c.diplome_max))
        return true;
    if (c.permis_required && p.permis && !*p.permis) return true;
    if (c.vehicule_required && p.vehicule && !*p.vehicule) return true;
    if (!o.publics.empty() && !has(o.publics, "tous-publics") && c.accueil == "exclusif") {
        bool unknown = false, in = false;
        for (auto& code : o.publics) {
            auto b = belongs(person, code, o);
            in = in || (b && *b);
            unknown = unknown || !b;
        }
        if (!in && !unknown) return true;
    }
    if (!c.suspended_until.empty() && !(date(c.suspended_until) < today)) return true;
    if (!c.session_end.empty() && date(c.session_end) < today) return true;
    for (auto& closure : c.closures)
        if (!(today < date(closure.from)) && !(date(closure.to) < today)) return true;
    return false;
}

}  // namespace cartoffre::testing
