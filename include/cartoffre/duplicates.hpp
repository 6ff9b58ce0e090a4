#pragma once
// Probable duplicates across catalogues: the same place listed by two partners (a France
// services site also in the digital-inclusion export, a Pôle emploi agency in two lists).
// Offers of different sources close to each other are compared by name, SIRET/SIREN, phone and
// address; the pairs judged the same place are joined into clusters (Index::duplicates()). The
// finder itself is the library's own (lib/index/duplicates.hpp).

#include <string>
#include <vector>

namespace cartoffre {

// What two offers have in common.
struct DuplicateEvidence {
    double distance_m = 0;
    double name_similarity = 0;     // 0 to 1: the better of word overlap and trigram likeness
    double address_similarity = 0;  // 0 to 1; 0 when one has no address
    bool same_siret = false;
    bool same_siren = false;   // same organisation (the first 9 digits), another or the same site
    bool same_phone = false;   // the same 10-digit number, not one shared by a whole network
    bool approximate = false;  // one of them is only placed at its commune's centre

    // The signals that matched, e.g. "siret+phone+name(0.92)+address(1.00)+distance(12m)".
    std::string signals() const;
};

// A cluster as the index reports it.
struct DuplicateCluster {
    std::vector<std::string> ids;  // best first: the one exclude_duplicates prefers
    struct Pair {
        std::string a, b;
        DuplicateEvidence evidence;
    };
    std::vector<Pair> pairs;  // the pairs that joined it
};

}  // namespace cartoffre
