// The clusters of duplicates of an open generation, with the evidence of their pairs
// (duplicate_pairs.tsv, written at build), for review.

#include <fstream>
#include <sstream>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "index/snapshot.hpp"

namespace cartoffre {

std::vector<DuplicateCluster> Index::duplicates() const {
    const auto held = snapshot();  // kept to the end of the call, whatever refresh() does
    const detail::Snapshot& s = *held;
    const size_t count = s.cluster_begin_file.size() / sizeof(uint32_t) - 1;
    std::vector<DuplicateCluster> clusters(count);
    for (size_t k = 0; k < count; ++k)
        for (uint32_t i = s.cluster_begin[k]; i < s.cluster_begin[k + 1]; ++i)
            clusters[k].ids.emplace_back(s.id(s.cluster_members[i]));
    const auto file = s.directory / detail::files::duplicate_pairs;
    std::ifstream in(file);
    if (!in) throw IndexError("impossible de lire " + file.string());
    size_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        std::istringstream fields(line);
        DuplicateCluster::Pair pair;
        DuplicateEvidence& e = pair.evidence;
        if (!(std::getline(fields, pair.a, '\t') && std::getline(fields, pair.b, '\t') &&
              fields >> e.distance_m >> e.name_similarity >> e.address_similarity >> e.same_siret >>
                  e.same_siren >> e.same_phone >> e.approximate))
            throw IndexError(file.string() + ", ligne " + std::to_string(line_number) +
                             " : paire illisible");
        const uint32_t rank = s.lower_bound(pair.a);
        if (rank == s.size || s.id(s.by_id[rank]) != pair.a || s.clusters[s.by_id[rank]] >= count)
            throw IndexError(file.string() + ", ligne " + std::to_string(line_number) +
                             " : l'offre " + pair.a + " n'est dans aucun groupe");
        clusters[s.clusters[s.by_id[rank]]].pairs.push_back(std::move(pair));
    }
    return clusters;
}

}  // namespace cartoffre
