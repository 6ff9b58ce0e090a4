#pragma once
// A synthetic directory of local public services, for the benchmarks and tests of a large
// single-source catalogue.

#include <cstdint>
#include <vector>

#include "cartoffre/offer.hpp"

namespace cartoffre {

class Gazetteer;

// A directory shaped as the DILA's national one: `rows` offers of one source
// ("annuaire-services-publics"), 58 % town halls near their commune's centre, the others (Caf,
// CPAM, mission locale...) in communes weighted by population, 0.6 % without coordinates. The
// same (gazetteer, rows, seed) always gives the same offers.
std::vector<Offer> generate_directory(const Gazetteer& gazetteer, size_t rows, uint64_t seed);

}  // namespace cartoffre
