#pragma once
// The duplicate finder the build runs (cartoffre/duplicates.hpp says what a duplicate is):
// candidates by proximity, the decision rule, clusters.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "cartoffre/duplicates.hpp"
#include "cartoffre/offer.hpp"
#include "index/representative.hpp"

namespace cartoffre::detail {

// Offers are compared when of different sources and within this distance, or in the same commune
// when one of them is only placed at its commune's centre.
constexpr double duplicate_radius_m = 300;
// Each offer is compared with at most this many offers of other sources nearest to it within the
// radius (by latitude and longitude scaled by the cosine of the latitude; among offers at the
// same distance, the one given first): a place listed by more catalogues than that is rare, and
// the cost per offer stays flat in dense areas.
constexpr size_t duplicate_neighbours = 8;

// Whether the evidence says "same place": the decision rule, tuned on the real catalogues
// (ARCHITECTURE.md, tests/fixtures/duplicates_checked.tsv).
bool probably_same(const DuplicateEvidence& e);

// Compares two located offers (placed as the index places them).
DuplicateEvidence compare_offers(const Offer& a, const Offer& b);

struct DuplicatePair {
    uint32_t a = 0, b = 0;  // indexes into the offers given, a < b
    DuplicateEvidence evidence;
};

// Every pair of offers from different sources judged the same place, sorted by (a, b). Offers
// without a location are never paired. Phone numbers held by more than a few offers of one source
// (a network's switchboard) do not count as evidence.
std::vector<DuplicatePair> find_duplicate_pairs(const std::vector<const Offer*>& offers);

// The same pairs restricted to those involving an offer marked in `involving`, the neighbours
// being sought from the offers marked in `seek` only (for an update: every offer near enough to
// one of those involved to be its candidate must be marked in `seek`). Null marks every offer.
// What the candidate search cost, for the tests that bound it.
struct DuplicateSearchCost {
    size_t offers_examined = 0;  // offers read as possible candidates of an offer (all the seeks)
};

std::vector<DuplicatePair> find_duplicate_pairs(const std::vector<const Offer*>& offers,
                                                const std::vector<char>* seek,
                                                const std::vector<char>* involving,
                                                DuplicateSearchCost* cost = nullptr);

// The phone numbers that do not count as evidence: each held by more than 3 offers of a source.
std::unordered_set<std::string> shared_phones(const std::vector<const Offer*>& offers);
// An offer's phone as those are compared: 10 national digits, or empty.
std::string national_phone_of(const Offer& offer);

// Clusters of the pairs, transitively joined, the strongest evidence first, never two offers of
// one source in a cluster (a join that would is refused, and its pair dropped from `pairs`).
// Each cluster is listed best first (stands_before, index/representative.hpp: the fresher
// record, an old name of `renamings` dating it, then the more complete, then the smaller id);
// clusters ordered by their first member's id. Offers in no pair are in no cluster.
std::vector<std::vector<uint32_t>> duplicate_clusters(const std::vector<const Offer*>& offers,
                                                      std::vector<DuplicatePair>& pairs,
                                                      const std::vector<Renaming>& renamings);

}  // namespace cartoffre::detail
