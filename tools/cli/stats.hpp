#pragma once
// `cartoffre stats`: what an index holds, for data teams: offers per source, category and
// département; freshness of date_maj; coverage of coordinates and hours; size and generation.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cartoffre/hours.hpp"
#include "cartoffre/index.hpp"

namespace cartoffre::cli {

inline void print_counts(const char* title, const std::map<std::string, size_t>& counts,
                         size_t total, size_t most = 15) {
    std::vector<std::pair<size_t, std::string>> sorted;
    for (auto& [key, count] : counts) sorted.push_back({count, key});
    std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    std::printf("%s :\n", title);
    for (size_t i = 0; i < sorted.size() && i < most; ++i)
        std::printf("  %-45s %8zu  %5.1f %%\n", sorted[i].second.c_str(), sorted[i].first,
                    100.0 * static_cast<double>(sorted[i].first) /
                        static_cast<double>(std::max<size_t>(total, 1)));
    if (sorted.size() > most) std::printf("  ... et %zu autres\n", sorted.size() - most);
}

inline int print_stats(const std::filesystem::path& dir, const Date& today) {
    const Index index = Index::open(dir);
    const std::vector<Offer> offers = index.offers();
    const Taxonomy& t = index.taxonomy();
    const Gazetteer& g = index.gazetteer();
    std::map<std::string, size_t> sources, categories, departements;
    size_t exact = 0, approximate = 0, unplaced = 0, hours_parsed = 0, hours_text = 0, remote = 0,
           dated = 0, older_than_a_year = 0;
    std::vector<std::string> dates;
    for (const Offer& o : offers) {
        ++sources[o.source];
        std::map<std::string, bool> seen;
        for (auto& theme : o.thematiques) {
            const std::string category = theme.substr(0, theme.find("--"));
            if (!seen[category]) ++categories[category], seen[category] = true;
        }
        if (o.thematiques.empty()) ++categories["(sans thématique)"];
        const auto commune = o.code_insee.empty() ? std::nullopt : g.find_code(o.code_insee);
        ++departements[commune ? std::string(g.commune(*commune).departement) + " " +
                                     g.departement_name(g.commune(*commune).departement)
                               : std::string("(commune inconnue)")];
        if (!o.location())
            ++unplaced;
        else if (o.location_approximate)
            ++approximate;
        else
            ++exact;
        if (!o.horaires_accueil.empty())
            ++(OpeningHours::parse(o.horaires_accueil).hours ? hours_parsed : hours_text);
        remote += o.is_remote();
        if (!o.date_maj.empty()) {
            ++dated;
            dates.push_back(o.date_maj);
            if (o.date_maj < today.plus_days(-365).to_string()) ++older_than_a_year;
        }
    }
    std::uintmax_t bytes = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(
             dir / ("gen-" + index.generation().substr(4))))
        if (e.is_regular_file()) bytes += e.file_size();
    const size_t n = offers.size();
    auto share = [n](size_t k) {
        return 100.0 * static_cast<double>(k) / static_cast<double>(std::max<size_t>(n, 1));
    };
    std::printf("Index %s, génération %s : %zu offres, %.1f Mo\n", dir.c_str(),
                index.generation().c_str(), n, static_cast<double>(bytes) / 1e6);
    print_counts("Par source", sources, n);
    std::map<std::string, size_t> labelled;
    for (auto& [code, count] : categories) {
        const auto number = t.categories().find(code);
        labelled[number ? t.categories().label(*number) : code] = count;
    }
    print_counts("Par catégorie (une offre peut en avoir plusieurs)", labelled, n, 20);
    print_counts("Par département", departements, n, 10);
    std::printf(
        "Coordonnées : %zu exactes (%.1f %%), %zu au centre de la commune (%.1f %%), %zu sans "
        "(%.1f %%)\n",
        exact, share(exact), approximate, share(approximate), unplaced, share(unplaced));
    std::printf("Horaires : %zu lus (%.1f %%), %zu en texte non lu (%.1f %%), %zu sans (%.1f %%)\n",
                hours_parsed, share(hours_parsed), hours_text, share(hours_text),
                n - hours_parsed - hours_text, share(n - hours_parsed - hours_text));
    std::printf("À distance : %zu (%.1f %%)\n", remote, share(remote));
    if (!dates.empty()) {
        std::sort(dates.begin(), dates.end());
        std::printf(
            "Fraîcheur (date_maj) : %zu datées, de %s à %s, médiane %s ; %zu de plus d'un an (%.1f "
            "%%)\n",
            dated, dates.front().c_str(), dates.back().c_str(), dates[dates.size() / 2].c_str(),
            older_than_a_year, share(older_than_a_year));
    }
    return 0;
}

}  // namespace cartoffre::cli
