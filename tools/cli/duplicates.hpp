#pragma once
// `cartoffre duplicates`: the clusters of probable duplicates across sources, one CSV row per
// pair that joined them, with both records and the evidence, for a data team to review.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "cartoffre/index.hpp"

namespace cartoffre::cli {

inline std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// Writes the review table to `out` (standard output when empty or "-"); says how many clusters
// and pairs per pair of sources on stderr when writing to a file.
inline int print_duplicates(const Index& index, const std::string& out) {
    const std::vector<DuplicateCluster> clusters = index.duplicates();
    std::ofstream file;
    if (!out.empty() && out != "-") {
        file.open(out);
        if (!file) throw std::runtime_error("cannot write " + out);
    }
    std::ostream& o = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
    o << "cluster,prefere,source_a,id_a,nom_a,adresse_a,commune_a,telephone_a,siret_a,"
         "source_b,id_b,nom_b,adresse_b,commune_b,telephone_b,siret_b,distance_m,"
         "similarite_nom,similarite_adresse,signaux\n";
    std::map<std::string, std::pair<size_t, size_t>> by_sources;  // "a x b" -> clusters, pairs
    for (size_t k = 0; k < clusters.size(); ++k) {
        std::map<std::string, bool> seen;
        for (const auto& pair : clusters[k].pairs) {
            const auto a = index.get(pair.a), b = index.get(pair.b);
            if (!a || !b) continue;
            auto row = [&o](const Offer& x) {
                o << csv_field(x.source) << ',' << csv_field(x.id) << ',' << csv_field(x.nom) << ','
                  << csv_field(x.adresse) << ',' << csv_field(x.commune) << ','
                  << csv_field(x.telephone) << ',' << csv_field(x.structure_siret) << ',';
            };
            o << k + 1 << ',' << csv_field(clusters[k].ids.front()) << ',';
            row(*a);
            row(*b);
            char numbers[64];
            std::snprintf(numbers, sizeof numbers, "%.0f,%.2f,%.2f,", pair.evidence.distance_m,
                          pair.evidence.name_similarity, pair.evidence.address_similarity);
            o << numbers << csv_field(pair.evidence.signals()) << '\n';
            const std::string sources =
                std::min(a->source, b->source) + " x " + std::max(a->source, b->source);
            ++by_sources[sources].second;
            if (!seen[sources]) ++by_sources[sources].first, seen[sources] = true;
        }
    }
    if (file.is_open()) {
        std::fprintf(stderr, "%zu groupes de doublons probables écrits dans %s\n", clusters.size(),
                     out.c_str());
        for (auto& [sources, counts] : by_sources)
            std::fprintf(stderr, "  %-45s %5zu groupes %5zu paires\n", sources.c_str(),
                         counts.first, counts.second);
    }
    return 0;
}

}  // namespace cartoffre::cli
