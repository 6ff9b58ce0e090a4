#pragma once
// `cartoffre duplicates`: the clusters of probable duplicates across sources, one CSV row per
// pair that joined them, with both records and the evidence, for a data team to review.

#include <cstdio>
#include <map>
#include <string>

#include "cartoffre/index.hpp"
#include "cli/output_file.hpp"

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
    OutputFile file(out);  // checked: a failed write is an error naming the file
    std::string& o = file.buffer();
    o += "cluster,prefere,source_a,id_a,nom_a,adresse_a,commune_a,telephone_a,siret_a,"
         "source_b,id_b,nom_b,adresse_b,commune_b,telephone_b,siret_b,distance_m,"
         "similarite_nom,similarite_adresse,signaux\n";
    std::map<std::string, std::pair<size_t, size_t>> by_sources;  // "a x b" -> clusters, pairs
    for (size_t k = 0; k < clusters.size(); ++k) {
        std::map<std::string, bool> seen;
        for (const auto& pair : clusters[k].pairs) {
            const auto a = index.get(pair.a), b = index.get(pair.b);
            if (!a || !b) continue;
            auto row = [&o](const Offer& x) {
                for (const std::string* v : {&x.source, &x.id, &x.nom, &x.adresse, &x.commune,
                                             &x.telephone, &x.structure_siret})
                    o += csv_field(*v) + ',';
            };
            o += std::to_string(k + 1) + ',' + csv_field(clusters[k].ids.front()) + ',';
            row(*a);
            row(*b);
            char numbers[64];
            std::snprintf(numbers, sizeof numbers, "%.0f,%.2f,%.2f,", pair.evidence.distance_m,
                          pair.evidence.name_similarity, pair.evidence.address_similarity);
            o += numbers + csv_field(pair.evidence.signals()) + '\n';
            file.flush_if_full();
            const std::string sources =
                std::min(a->source, b->source) + " x " + std::max(a->source, b->source);
            ++by_sources[sources].second;
            if (!seen[sources]) ++by_sources[sources].first, seen[sources] = true;
        }
    }
    file.finish();
    if (!out.empty() && out != "-") {
        std::fprintf(stderr, "%zu groupes de doublons probables écrits dans %s\n", clusters.size(),
                     out.c_str());
        for (auto& [sources, counts] : by_sources)
            std::fprintf(stderr, "  %-45s %5zu groupes %5zu paires\n", sources.c_str(),
                         counts.first, counts.second);
    }
    return 0;
}

}  // namespace cartoffre::cli
