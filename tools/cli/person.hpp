#pragma once
// The person and the moment, as options shared by `search` and `explain`. What is typed here is
// used for one command and never written anywhere.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cartoffre/hours.hpp"
#include "cartoffre/query.hpp"
#include "cli/usage_french.hpp"

namespace cartoffre::cli {

struct PersonOptions {
    Profile person;
    std::optional<int> age;
    std::string open_at, today;
    bool open_now = false, inclusive = false, strict = false, available = false;
    // A fact said either way: "--licence" or "--licence=oui" (true), "--licence=non" (false);
    // not given, it is unknown and a criterion needing it is "à vérifier".
    std::string qpv, licence, vehicle;

    // The filters (include/cartoffre/filters.hpp) whose options are bound here.
    static bool binds(const std::string& filter) {
        for (const char* name : {"profile", "mode", "today", "open_at", "available"})
            if (filter == name) return true;
        return false;
    }

    void add_to(CLI::App& command) {
        command.add_option("--age", age, "Âge de la personne");
        command.add_option("--status", person.statuses,
                           "Statut de la personne (répétable) : rsa, rqth, deld, ...");
        command.add_option("--lives-in", person.lives_in, "Commune de résidence");
        command.add_option("--gender", person.genre, "femme|homme")
            ->check(one_of({"femme", "homme"}));
        command.add_option("--diploma", person.diplome, "infra-bac|bac|bac+2|superieur");
        const auto yes_no = one_of({"true", "false", "oui", "non"});
        command.add_flag("--qpv", qpv, "Réside en quartier prioritaire (QPV) ; --qpv=non : non")
            ->check(yes_no);
        command
            .add_flag("--licence", licence, "A le permis de conduire ; --licence=non : ne l'a pas")
            ->check(yes_no);
        command.add_flag("--vehicle", vehicle, "A un véhicule ; --vehicle=non : n'en a pas")
            ->check(yes_no);
        command.add_flag("--strict", strict,
                         "Seulement les offres ouvertes à la personne (défaut)");
        command.add_flag("--inclusive", inclusive, "Toutes les offres, les inéligibles en dernier")
            ->excludes("--strict");
        command.add_flag("--open-now", open_now,
                         "Ouvertes maintenant (chaque offre à l'heure de son département)");
        command
            .add_option("--open-at", open_at,
                        "Ouvertes à ce moment, heure de Paris : 2026-11-24T14:30 "
                        "(ou avec un décalage : 2026-11-24T14:30+04:00)")
            ->excludes("--open-now");
        command.add_flag("--available", available,
                         "Disponibles : ni suspendues, ni fermées, ni complètes");
        command.add_option("--today", today, "Date de la recherche (défaut : aujourd'hui)");
    }

    // Fills the query's profile (when any fact or mode was given), day and moment.
    void apply(Query& q) {
        person.age = age;
        auto said = [](const std::string& value) -> std::optional<bool> {
            if (value.empty()) return std::nullopt;
            return value == "true" || value == "oui";
        };
        person.qpv = said(qpv);
        person.permis = said(licence);
        person.vehicule = said(vehicle);
        if (age || !person.statuses.empty() || !person.lives_in.empty() || !person.genre.empty() ||
            !person.diplome.empty() || person.qpv || person.permis || person.vehicule || strict ||
            inclusive)
            q.profile = person;
        q.mode = inclusive ? EligibilityMode::inclusive : EligibilityMode::strict;
        q.available = available;
        if (!today.empty()) q.today = parse_date(today);
        if (!open_at.empty()) q.open_at = parse_date_time(open_at);
        if (open_now) q.open_at = local_now();
    }
};

}  // namespace cartoffre::cli
