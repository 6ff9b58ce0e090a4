#pragma once
// One offer in full, and the verdict on it for a person, in French for caseworkers.

#include <cstdio>
#include <string>
#include <vector>

#include "cartoffre/hours.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/taxonomy.hpp"
#include "cli/output.hpp"

namespace cartoffre::cli {

inline std::string labels(const std::vector<std::string>& codes, const Vocabulary& vocabulary) {
    std::string out;
    for (auto& code : codes) {
        const auto n = vocabulary.find(code);
        out += (out.empty() ? "" : ", ") + (n ? vocabulary.label(*n) : code);
    }
    return out;
}

inline void line(const char* label, const std::string& value) {
    if (!value.empty()) std::printf("%s : %s\n", label, value.c_str());
}

// "Lundi 09:00-12:00, 14:00-17:00", one day a line; the text itself when it does not parse.
inline void print_hours(const std::string& text) {
    if (text.empty()) return;
    const HoursParse parsed = OpeningHours::parse(text);
    if (!parsed.hours) {
        std::printf("Horaires (texte non lu : %s) : %s\n", parsed.error.c_str(), text.c_str());
        return;
    }
    static const char* days[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                 "vendredi", "samedi", "dimanche"};
    std::printf("Horaires (semaine type) :\n");
    const Week week = parsed.hours->typical_week();
    for (int d = 0; d < 7; ++d) {
        std::string ranges;
        for (auto [from, to] : week[d]) {
            char range[16];
            std::snprintf(range, sizeof range, "%02d:%02d-%02d:%02d", from / 60 % 100, from % 60,
                          to / 60 % 100, to % 60);
            ranges += (ranges.empty() ? "" : ", ") + std::string(range);
        }
        std::printf("  %-9s %s\n", days[d], ranges.empty() ? "fermé" : ranges.c_str());
    }
    if (parsed.hours->uses_public_holidays())
        std::printf("  (jours fériés : voir %s)\n", text.c_str());
}

inline std::string criteria_text(const Criteria& c) {
    std::vector<std::string> parts;
    if (c.age_min || c.age_max)
        parts.push_back("âge " + (c.age_min ? std::to_string(*c.age_min) : "") + "-" +
                        (c.age_max ? std::to_string(*c.age_max) : "") + " ans");
    if (!c.statuses_required.empty()) {
        std::string s;
        for (auto& code : c.statuses_required) s += (s.empty() ? "" : " ou ") + code;
        parts.push_back("statut requis : " + s);
    }
    for (auto& code : c.statuses_excluded) parts.push_back("exclu : " + code);
    if (!c.genre.empty()) parts.push_back("réservé : " + c.genre);
    if (!c.diplome_max.empty()) parts.push_back("diplôme au plus : " + c.diplome_max);
    if (!c.accueil.empty()) parts.push_back("accueil " + c.accueil);
    if (c.prescription_required) parts.push_back("sur prescription");
    if (c.permis_required) parts.push_back("permis de conduire");
    if (c.vehicule_required) parts.push_back("véhicule");
    if (c.places_free)
        parts.push_back(std::to_string(*c.places_free) + " places libres" +
                        (c.places_total ? " sur " + std::to_string(*c.places_total) : "") +
                        (c.places_date.empty() ? "" : " au " + c.places_date));
    if (!c.session_start.empty() || !c.session_end.empty())
        parts.push_back("session du " + c.session_start + " au " + c.session_end);
    if (!c.suspended_until.empty()) parts.push_back("suspendue jusqu'au " + c.suspended_until);
    for (auto& closure : c.closures)
        parts.push_back("fermée du " + closure.from + " au " + closure.to);
    std::string out;
    for (auto& p : parts) out += (out.empty() ? "" : " ; ") + p;
    return out;
}

inline void print_offer(const Offer& o, const Taxonomy& t) {
    std::printf("%s\n", o.nom.c_str());
    line("Structure",
         o.structure_nom + (o.structure_siret.empty() ? "" : " (SIRET " + o.structure_siret + ")"));
    line("Identifiant", o.id + " ; source " + o.source +
                            (o.date_maj.empty() ? "" : " ; mise à jour le " + o.date_maj));
    std::string address = o.adresse;
    if (!o.complement_adresse.empty()) address += ", " + o.complement_adresse;
    // Catalogues often write the postcode and commune in the address already: said once.
    const std::string town = o.code_postal + (o.code_postal.empty() ? "" : " ") + o.commune;
    if (!town.empty() && address.find(town) == std::string::npos)
        address += (address.empty() ? "" : ", ") + town;
    if (o.location_approximate) address += " (position approchée : centre de la commune)";
    line("Adresse", address);
    line("Accueil", labels(o.modes_accueil, t.modes_accueil()));
    // The contacts the cluster of duplicates pools (this offer's first), when the index gave them.
    const auto joined = [](const std::vector<std::string>& list) {
        std::string out;
        for (auto& item : list) out += (out.empty() ? "" : " ; ") + item;
        return out;
    };
    line(o.telephones.size() > 1 ? "Téléphones" : "Téléphone",
         o.telephones.empty() ? o.telephone : joined(o.telephones));
    line(o.courriels.size() > 1 ? "Courriels" : "Courriel",
         o.courriels.empty() ? o.courriel : joined(o.courriels));
    line("Type",
         labels(o.type.empty() ? std::vector<std::string>{} : std::vector{o.type}, t.types()));
    line("Thématiques", labels(o.thematiques, t.thematiques()));
    // The precisions alone when no public is coded, in brackets after the publics otherwise.
    const std::string publics = labels(o.publics, t.publics());
    line("Publics", publics.empty() || o.publics_precisions.empty()
                        ? publics + o.publics_precisions
                        : publics + " (" + o.publics_precisions + ")");
    line("Frais",
         labels(o.frais.empty() ? std::vector<std::string>{} : std::vector{o.frais}, t.frais()) +
             (o.frais_precisions.empty() ? "" : " (" + o.frais_precisions + ")"));
    std::string zones;
    for (auto& z : o.zone_eligibilite) zones += (zones.empty() ? "" : ", ") + z;
    line("Zone d'éligibilité", zones);
    print_hours(o.horaires_accueil);
    line("Mobilisation", labels(o.modes_mobilisation, t.modes_mobilisation()));
    line("Mobilisable par", labels(o.mobilisable_par, t.mobilisable_par()));
    line("Lien pour orienter", o.lien_mobilisation);
    line("Précisions", o.mobilisation_precisions);
    line("Conditions d'accès", o.conditions_acces);
    line("Critères", criteria_text(o.criteria));
    line("Description", o.description);
    line("Source", o.lien_source);
    std::vector<std::string> other_links;
    for (auto& link : o.liens)
        if (link != o.lien_source && link != o.lien_mobilisation) other_links.push_back(link);
    line("Autres fiches du même lieu", joined(other_links));
    if (o.score_qualite) {
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", *o.score_qualite);
        line("Qualité", std::string(score) + " (score_qualite data·inclusion, de 0 à 1)");
    }
    std::string doublons;
    for (auto& id : o.doublons) doublons += (doublons.empty() ? "" : ", ") + id;
    if (!doublons.empty())
        doublons += o.doublon_prefere ? " (cette offre est la préférée du groupe)"
                                      : " (la première est la préférée du groupe)";
    line("Doublons probables", doublons);
}

inline void print_explanation(const Explanation& e) {
    const auto mark = [](Verdict v) {
        return v == Verdict::ineligible ? "non" : v == Verdict::to_check ? "?  " : "ok ";
    };
    std::printf("%s (%s)\n", e.offer.nom.c_str(), e.offer.id.c_str());
    std::printf("Verdict : %s\n", verdict_label(e.eligibility.verdict));
    for (auto& r : e.eligibility.reasons)
        std::printf("  %s %s  [%s]\n", mark(r.outcome), r.text.c_str(), r.code.c_str());
}

}  // namespace cartoffre::cli
