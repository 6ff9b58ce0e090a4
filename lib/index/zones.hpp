#pragma once
// Eligibility zones as keys: what an offer's zone_eligibilite codes become at build, and the keys
// a residence commune matches at search. Shared by the build and the query path, so that the
// query path needs nothing of the build.

#include <cstdint>
#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"

namespace cartoffre::detail {

// The zone key a zone_eligibilite code stands for: a commune code, a département code, an EPCI
// SIREN, or "france" (99100 is stored as france; régions as their départements). Empty when the
// code is unknown.
std::string zone_key(const Gazetteer& gazetteer, const std::string& code);

// The zone keys that take in a commune: itself, its département, France, its parent commune
// (arrondissements) and its EPCI.
std::vector<std::string> zone_keys_of_commune(const Gazetteer& gazetteer, uint32_t commune);

}  // namespace cartoffre::detail
