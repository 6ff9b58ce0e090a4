#pragma once
// The search options, one set for `search` and `export`: words, place, filters, order and the
// person, so that what a caseworker sees in a search is what a data team exports.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cartoffre/query.hpp"
#include "cli/numbers.hpp"
#include "cli/person.hpp"

namespace cartoffre::cli {

struct SearchOptions {
    Query query;
    std::vector<std::string> words;
    bool free_only = false;
    std::string remote = "include", sort = "auto";
    PersonOptions person;

    void add_to(CLI::App& command) {
        const size_t before = command.get_options().size();
        command.add_option("words", words, "Mots cherchés");
        command.add_option("--near", query.place,
                           "Lieu : commune, 'Nom (dd)', code INSEE, code postal, lat,lon");
        command
            .add_option("--radius", query.radius_km,
                        "Rayon en km, plus de 0 et jusqu'à 20000 (défaut 50)")
            ->check(radius_km());
        command.add_option("--theme", query.thematiques, "Thématique ou catégorie (répétable)");
        command.add_option("--public", query.publics, "Public (répétable)");
        command.add_option("--type", query.types, "Type de service (répétable)");
        command.add_option("--source", query.sources, "Source du catalogue (répétable)");
        command.add_flag("--free", free_only, "Gratuit seulement");
        command.add_option("--remote", remote, "include|exclude|only")
            ->check(CLI::IsMember({"include", "exclude", "only"}));
        command.add_option("--sort", sort, "auto|distance|relevance|blend")
            ->check(CLI::IsMember({"auto", "distance", "relevance", "blend"}));
        command.add_option("--min-quality", query.min_quality,
                           "Score de qualité minimal (score_qualite data·inclusion, 0 à 1)");
        command.add_flag("--exclude-duplicates", query.exclude_duplicates,
                         "Une seule offre par groupe de doublons entre sources (la meilleure)");
        person.add_to(command);
        const std::vector<CLI::Option*> all = command.get_options();
        m_options.assign(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    }

    // True when any of these options was given: the index is then narrowed down by a search.
    bool given() const {
        for (const CLI::Option* o : m_options)
            if (o->count() > 0) return true;
        return false;
    }

    // The query as typed.
    Query apply() {
        Query q = query;
        for (auto& w : words) q.text += (q.text.empty() ? "" : " ") + w;
        if (free_only) q.frais.push_back("gratuit");
        person.apply(q);
        q.remote = remote == "exclude" ? Remote::exclude
                   : remote == "only"  ? Remote::only
                                       : Remote::include;
        q.sort = sort == "distance"    ? SortOrder::distance
                 : sort == "relevance" ? SortOrder::relevance
                 : sort == "blend"     ? SortOrder::blend
                                       : SortOrder::automatic;
        return q;
    }

  private:
    std::vector<const CLI::Option*> m_options;
};

}  // namespace cartoffre::cli
