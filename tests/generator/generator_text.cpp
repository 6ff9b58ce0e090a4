// Everyday phrases of the field for the synthetic catalogue's addresses, hours and
// descriptions.

#include "generator/generator_text.hpp"

#include <utility>

namespace cartoffre::detail::generator {

namespace {

std::string_view lookup(const std::vector<std::pair<std::string_view, std::string_view>>& table,
                        std::string_view code) {
    for (auto& [key, text] : table)
        if (key == code) return text;
    return {};
}

}  // namespace

const std::vector<StructureKind>& structure_kinds() {
    static const std::vector<StructureKind> kinds = [] {
        std::vector<StructureKind> all = social_kinds();
        all.insert(all.end(), employment_kinds().begin(), employment_kinds().end());
        return all;
    }();
    return kinds;
}

const std::vector<const char*>& association_names() {
    static const std::vector<const char*> names = {
        "Le Tremplin",   "La Passerelle",   "L'Escale",     "Horizons",        "Le Relais",
        "Trait d'union", "Les Colibris",    "Le Phare",     "Archipel",        "La Clé",
        "Le Pont",       "Envol",           "Les Tilleuls", "Avenir",          "L'Étape",
        "Le Lien",       "Main tendue",     "Nouvel Élan",  "Rebond",          "La Boussole",
        "Les Glycines",  "L'Olivier",       "Les Lucioles", "La Ruche",        "Les Marronniers",
        "Cap Avenir",    "Le Fil d'Ariane", "La Source",    "Les Hirondelles", "Arc-en-ciel",
    };
    return names;
}

const std::vector<const char*>& street_kinds() {
    static const std::vector<const char*> kinds = {
        "rue", "rue", "rue", "avenue", "place", "allée", "boulevard", "chemin", "impasse", "quai"};
    return kinds;
}

const std::vector<const char*>& street_names() {
    static const std::vector<const char*> names = {
        "de la République", "Jean Jaurès",
        "Victor Hugo",      "du Général de Gaulle",
        "de la Gare",       "Pasteur",
        "des Écoles",       "Jean Moulin",
        "de la Mairie",     "du Moulin",
        "des Lilas",        "Gambetta",
        "de la Paix",       "du 8 Mai 1945",
        "Émile Zola",       "des Tilleuls",
        "de l'Église",      "Nationale",
        "Aristide Briand",  "Jules Ferry",
        "de la Liberté",    "Louise Michel",
        "Simone Veil",      "du Stade",
        "des Acacias",      "Paul Vaillant-Couturier",
        "du Marché",        "Georges Clemenceau",
        "de Verdun",        "des Peupliers",
    };
    return names;
}

const std::vector<const char*>& address_complements() {
    static const std::vector<const char*> complements = {
        "Bâtiment B",      "2e étage",
        "Rez-de-chaussée", "Résidence Les Tilleuls",
        "Porte 3",         "Maison des associations",
        "Hôtel de ville",  "Centre commercial",
        "Escalier A",
    };
    return complements;
}

const std::vector<const char*>& opening_hours() {
    static const std::vector<const char*> hours = {
        "Mo-Fr 09:00-12:00,13:30-17:00",
        "Mo-Fr 08:30-12:30,13:30-17:30; PH off",
        "Mo,Tu,Th,Fr 09:00-12:30,14:00-17:00; We 09:00-12:30",
        "Tu,Th 14:00-17:00",
        "Mo-Th 09:00-17:00; Fr 09:00-12:00",
        "We 14:00-18:00; Sa 10:00-12:00",
        "Mo-Fr 09:00-17:30",
        "Mo-Fr 08:00-18:00; Sa 09:00-12:00",
    };
    return hours;
}

const std::vector<const char*>& access_conditions() {
    static const std::vector<const char*> conditions = {
        "Résider sur le territoire de l'intercommunalité.",
        "Se munir d'une pièce d'identité et d'un justificatif de domicile.",
        "Sur rendez-vous.",
        "Sur prescription uniquement.",
    };
    return conditions;
}

std::string_view access_condition(std::string_view code) {
    static const std::vector<std::pair<std::string_view, std::string_view>> table = {
        {"beneficiaires-des-minimas-sociaux", "Être bénéficiaire du RSA."},
        {"demandeurs-emploi", "Être inscrit à France Travail."},
        {"jeunes", "Avoir entre 16 et 25 ans."},
        {"personnes-en-situation-de-handicap", "Avoir une RQTH ou une demande en cours."},
        {"residents-qpv-frr", "Habiter un quartier prioritaire de la ville."},
    };
    return lookup(table, code);
}

const std::vector<const char*>& fee_details() {
    static const std::vector<const char*> details = {
        "Participation de 2 € par séance.",
        "Adhésion annuelle de 10 €.",
        "Tarif solidaire selon le quotient familial.",
        "10 % du prix public.",
        "Gratuit pour les bénéficiaires du RSA, 5 € sinon.",
    };
    return details;
}

const std::vector<const char*>& mobilisation_details() {
    static const std::vector<const char*> details = {
        "Fiche de liaison à envoyer par courriel au référent du dispositif.",
        "Appeler l'accueil pour convenir d'un premier rendez-vous.",
        "Une réunion d'information collective a lieu chaque premier mardi du mois.",
        "Orientation par le référent RSA, la Mission locale ou France Travail.",
        "Se présenter avec une pièce d'identité aux heures d'ouverture.",
    };
    return details;
}

std::string_view public_sentence(std::string_view code) {
    static const std::vector<std::pair<std::string_view, std::string_view>> table = {
        {"actifs",
         "Ouvert aux personnes en emploi qui souhaitent évoluer ou sécuriser leur "
         "parcours."},
        {"beneficiaires-des-minimas-sociaux",
         "Pour les bénéficiaires du RSA, de l'ASS ou de l'AAH engagés dans un parcours "
         "d'insertion."},
        {"demandeurs-emploi",
         "Pour les personnes inscrites à France Travail, indemnisées ou "
         "non."},
        {"etudiants", "Ouvert aux étudiants et aux apprentis."},
        {"familles", "Pour les familles et les parents isolés."},
        {"femmes", "Réservé aux femmes, avec ou sans enfants."},
        {"jeunes", "Pour les jeunes de 16 à 25 ans, jusqu'à 30 ans en situation de handicap."},
        {"personnes-en-situation-de-handicap",
         "Pour les personnes reconnues travailleurs handicapés (RQTH) ou en cours de "
         "reconnaissance."},
        {"personnes-en-situation-durgence",
         "Pour les personnes sans domicile ou en grande précarité."},
        {"personnes-en-situation-juridique-specifique",
         "Pour les personnes placées sous main de justice ou sortant de détention."},
        {"personnes-exilees",
         "Pour les personnes réfugiées, bénéficiaires de la protection internationale ou "
         "demandeuses d'asile."},
        {"residents-qpv-frr",
         "Priorité aux habitants des quartiers prioritaires de la politique de la ville et des "
         "zones France ruralités revitalisation."},
        {"seniors", "Pour les personnes de plus de 60 ans."},
        {"tous-publics", "Ouvert à tous, sans condition."},
    };
    return lookup(table, code);
}

std::string_view public_precision(std::string_view code) {
    static const std::vector<std::pair<std::string_view, std::string_view>> table = {
        {"beneficiaires-des-minimas-sociaux", "Bénéficiaires du RSA soumis aux droits et devoirs"},
        {"demandeurs-emploi", "Demandeurs d'emploi de longue durée"},
        {"familles", "Parents d'enfants de moins de 6 ans"},
        {"femmes", "Femmes isolées, cheffes de famille monoparentale"},
        {"jeunes", "Jeunes de 16 à 25 ans sortis du système scolaire"},
        {"personnes-en-situation-de-handicap", "Titulaires de la RQTH"},
        {"personnes-en-situation-durgence", "Personnes sans domicile stable"},
        {"personnes-en-situation-juridique-specifique", "Personnes sortant de détention"},
        {"personnes-exilees", "Bénéficiaires de la protection internationale"},
        {"residents-qpv-frr", "Habitants des quartiers prioritaires"},
        {"seniors", "Personnes de plus de 60 ans"},
    };
    return lookup(table, code);
}

std::string_view orientation_sentence(bool by_professionals, bool by_users, bool remote_only) {
    if (remote_only)
        return by_users ? "Rendez-vous par téléphone ou en visioconférence, sur simple demande."
                        : "Sur orientation d'un professionnel, puis rendez-vous par téléphone ou "
                          "en visioconférence.";
    if (by_professionals && by_users)
        return "Accueil sur orientation d'un professionnel ou à l'initiative de la personne.";
    if (by_professionals)
        return "Sur orientation d'un professionnel : travailleur social, conseiller France "
               "Travail, Mission locale ou Cap emploi.";
    return "Accueil sans rendez-vous aux heures d'ouverture, ou sur rendez-vous par téléphone.";
}

}  // namespace cartoffre::detail::generator
