#pragma once
// The synthetic catalogue generator, for the tests, the benchmarks and `cartoffre index
// --generate`: not part of the library a user links.

#include <cstddef>
#include <cstdint>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/taxonomy.hpp"

namespace cartoffre {

// A synthetic national catalogue: `offers` services placed in real communes weighted by
// population, with plausible French names and descriptions, themes, publics, zones, remote
// share. The same (gazetteer, offers, seed) always gives the same catalogue.
Catalogue generate_catalogue(const Gazetteer& gazetteer, const Taxonomy& taxonomy, size_t offers,
                             uint64_t seed);

}  // namespace cartoffre
