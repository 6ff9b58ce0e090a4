#pragma once
// Eligibility criteria and availability of generated offers (cartoffre's extension of v1).

#include <cstdint>

#include "cartoffre/offer.hpp"

namespace cartoffre::detail::generator {

// Fills `offer.criteria` from its own random stream (`seed`), so that adding criteria left the
// rest of the generated catalogue as it was. Criteria follow the offer's publics and type: a
// service for jeunes is often 16-25, a training has sessions, an IAE job asks a prescription.
void add_criteria(Offer& offer, uint64_t seed);

}  // namespace cartoffre::detail::generator
