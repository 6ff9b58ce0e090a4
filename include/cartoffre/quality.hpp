#pragma once
// The quality score of an offer, as data·inclusion computes its `score_qualite`: the mean of the
// criteria that apply to it, each in [0, 1], rounded to hundredths.

#include <optional>
#include <string>
#include <vector>

#include "cartoffre/date.hpp"
#include "cartoffre/offer.hpp"

namespace cartoffre {

struct QualityCriterion {
    std::string name;             // data·inclusion's name, e.g. "date_maj_recente"
    std::optional<double> value;  // none when the criterion does not apply to the offer
};

// The score on `today` (the freshness of date_maj is measured up to that day), in [0, 1] in
// steps of 0.01. `criteria`, when given, receives each criterion's value.
double score_qualite(const Offer& offer, Date today,
                     std::vector<QualityCriterion>* criteria = nullptr);

}  // namespace cartoffre
