#pragma once
// `cartoffre stats`: what an index holds, for data teams: offers per source, category and
// département; freshness of date_maj; coverage of coordinates and hours; size and generation.
// As a French page, or as JSON (--json) for a data team's own tables.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
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

// What `stats` counts, once, for its French page and its JSON.
struct IndexStats {
    std::string generation;
    size_t offers = 0;
    std::uintmax_t bytes = 0;
    std::map<std::string, size_t> sources;
    // Category code -> (label, count); "" for offers without a theme.
    std::map<std::string, std::pair<std::string, size_t>> categories;
    // Département code -> (name, count); "" for offers of no known commune.
    std::map<std::string, std::pair<std::string, size_t>> departements;
    size_t exact = 0, approximate = 0, unplaced = 0;
    size_t hours_parsed = 0, hours_text = 0, remote = 0;
    size_t dated = 0, older_than_a_year = 0;
    std::string first_date, last_date, median_date;
};

inline IndexStats index_stats(const std::filesystem::path& dir, const Date& today) {
    const Index index = Index::open(dir);
    const std::vector<Offer> offers = index.offers();
    const Taxonomy& t = index.taxonomy();
    const Gazetteer& g = index.gazetteer();
    IndexStats s;
    s.generation = index.generation();
    s.offers = offers.size();
    std::vector<std::string> dates;
    for (const Offer& o : offers) {
        ++s.sources[o.source];
        std::map<std::string, bool> seen;
        for (auto& theme : o.thematiques) {
            const std::string category = theme.substr(0, theme.find("--"));
            if (seen[category]) continue;
            seen[category] = true;
            auto& [label, count] = s.categories[category];
            const auto number = t.categories().find(category);
            label = number ? t.categories().label(*number) : category;
            ++count;
        }
        if (o.thematiques.empty()) {
            auto& [label, count] = s.categories[""];
            label = "(sans thématique)", ++count;
        }
        const auto commune = o.code_insee.empty() ? std::nullopt : g.find_code(o.code_insee);
        const std::string departement =
            commune ? std::string(g.commune(*commune).departement) : std::string();
        auto& [name, count] = s.departements[departement];
        name = commune ? std::string(g.departement_name(departement)) : "(commune inconnue)";
        ++count;
        if (!o.location())
            ++s.unplaced;
        else if (o.location_approximate)
            ++s.approximate;
        else
            ++s.exact;
        if (!o.horaires_accueil.empty())
            ++(OpeningHours::parse(o.horaires_accueil).hours ? s.hours_parsed : s.hours_text);
        s.remote += o.is_remote();
        if (!o.date_maj.empty()) {
            ++s.dated;
            dates.push_back(o.date_maj);
            if (o.date_maj < today.plus_days(-365).to_string()) ++s.older_than_a_year;
        }
    }
    for (auto& e : std::filesystem::recursive_directory_iterator(
             dir / ("gen-" + index.generation().substr(4))))
        if (e.is_regular_file()) s.bytes += e.file_size();
    if (!dates.empty()) {
        std::sort(dates.begin(), dates.end());
        s.first_date = dates.front(), s.last_date = dates.back();
        s.median_date = dates[dates.size() / 2];
    }
    return s;
}

// The same counts as JSON, every value listed (the page shows the largest), as
// {code, label, count} like search facets; the index's size in bytes.
inline nlohmann::ordered_json stats_json(const std::filesystem::path& dir, const IndexStats& s) {
    using Json = nlohmann::ordered_json;
    auto counted = [](const std::map<std::string, std::pair<std::string, size_t>>& counts) {
        std::vector<std::pair<std::string, std::pair<std::string, size_t>>> sorted(counts.begin(),
                                                                                   counts.end());
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](auto& a, auto& b) { return a.second.second > b.second.second; });
        Json out = Json::array();
        for (auto& [code, labelled] : sorted)
            out.push_back({{"code", code.empty() ? Json(nullptr) : Json(code)},
                           {"label", labelled.first},
                           {"count", labelled.second}});
        return out;
    };
    std::map<std::string, std::pair<std::string, size_t>> sources;
    for (auto& [code, count] : s.sources) sources[code] = {code, count};
    Json out;
    out["index"] = dir.string();
    out["generation"] = s.generation;
    out["offers"] = s.offers;
    out["bytes"] = s.bytes;
    out["sources"] = counted(sources);
    out["categories"] = counted(s.categories);
    out["departements"] = counted(s.departements);
    out["locations"] = {
        {"exact", s.exact}, {"approximate", s.approximate}, {"unknown", s.unplaced}};
    out["hours"] = {{"parsed", s.hours_parsed},
                    {"text", s.hours_text},
                    {"none", s.offers - s.hours_parsed - s.hours_text}};
    out["remote"] = s.remote;
    auto date = [](const std::string& d) { return d.empty() ? Json(nullptr) : Json(d); };
    out["date_maj"] = {{"dated", s.dated},
                       {"first", date(s.first_date)},
                       {"last", date(s.last_date)},
                       {"median", date(s.median_date)},
                       {"older_than_a_year", s.older_than_a_year}};
    return out;
}

inline int print_stats(const std::filesystem::path& dir, const Date& today, bool json = false) {
    const IndexStats s = index_stats(dir, today);
    if (json) {
        std::cout << stats_json(dir, s).dump(2, ' ', false,
                                             nlohmann::json::error_handler_t::replace)
                  << '\n';
        return 0;
    }
    const size_t n = s.offers;
    auto share = [n](size_t k) {
        return 100.0 * static_cast<double>(k) / static_cast<double>(std::max<size_t>(n, 1));
    };
    std::printf("Index %s, génération %s : %zu offres, %.1f Mo\n", dir.c_str(),
                s.generation.c_str(), n, static_cast<double>(s.bytes) / 1e6);
    print_counts("Par source", s.sources, n);
    std::map<std::string, size_t> labelled, departements;
    for (auto& [code, counted] : s.categories) labelled[counted.first] = counted.second;
    print_counts("Par catégorie (une offre peut en avoir plusieurs)", labelled, n, 20);
    for (auto& [code, named] : s.departements)
        departements[code.empty() ? named.first : code + " " + named.first] = named.second;
    print_counts("Par département", departements, n, 10);
    std::printf(
        "Coordonnées : %zu exactes (%.1f %%), %zu au centre de la commune (%.1f %%), %zu sans "
        "(%.1f %%)\n",
        s.exact, share(s.exact), s.approximate, share(s.approximate), s.unplaced,
        share(s.unplaced));
    const size_t no_hours = n - s.hours_parsed - s.hours_text;
    std::printf("Horaires : %zu lus (%.1f %%), %zu en texte non lu (%.1f %%), %zu sans (%.1f %%)\n",
                s.hours_parsed, share(s.hours_parsed), s.hours_text, share(s.hours_text), no_hours,
                share(no_hours));
    std::printf("À distance : %zu (%.1f %%)\n", s.remote, share(s.remote));
    if (s.dated)
        std::printf(
            "Fraîcheur (date_maj) : %zu datées, de %s à %s, médiane %s ; %zu de plus d'un an (%.1f "
            "%%)\n",
            s.dated, s.first_date.c_str(), s.last_date.c_str(), s.median_date.c_str(),
            s.older_than_a_year, share(s.older_than_a_year));
    return 0;
}

}  // namespace cartoffre::cli
