#pragma once
// A coverage's figures per area and for the whole territory, from its communes' rows and the
// offers located in each area.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "cartoffre/coverage.hpp"
#include "coverage/offer_judge.hpp"

namespace cartoffre::detail {

// Fills report.areas, report.totals, report.offer_side and the area table's warnings from
// report.communes (communes.size() x subjects.size() rows, commune by commune).
void aggregate(const detail::Snapshot& s, const CoverageQuery& q,
               const std::vector<Subject>& subjects, const std::vector<uint32_t>& communes,
               OfferJudge& judge, CoverageReport& report);

// The least value whose cumulated weight reaches `share` of the total, values sorted by value
// first; unweighted when the weights add up to 0. Nothing for no values or an infinite answer.
std::optional<double> weighted_quantile(std::vector<std::pair<double, double>> values,
                                        double share);

}  // namespace cartoffre::detail
