#pragma once
// The one JSON shape of offers and results, for the command's --json and Python's to_dict():
// an offer is every field of its table (include/cartoffre/fields.hpp) under its data·inclusion
// v1 name, empty ones too (a consumer finds the same keys in every offer), its criteria under
// "criteres" and closures as "YYYY-MM-DD/YYYY-MM-DD" intervals, as a v1 export writes them.
// Hits and pages keep the keys the portal reads: offer, distance_km, score, verdict, reasons.

#include <nlohmann/json.hpp>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/query.hpp"

namespace cartoffre::detail {

// Keys in the tables' order, so that a reader finds an offer's fields as the standard lists them.
using Json = nlohmann::ordered_json;

Json offer_json(const Offer& offer);
Json reason_json(const Reason& reason);  // {code, outcome, text}
Json hit_json(const Hit& hit);           // {offer, distance_km, score, verdict, reasons}
Json explanation_json(const Explanation& explanation);
// {kind, label, communes: [{code, name, departement}], origins: [[lat, lon]], notices}
Json place_json(const Place& place, const Gazetteer& gazetteer);
// {total, next_cursor, facets, place, notices, unknown_words, suggestion, corrected, hits,
//  unplaced, nearest_beyond: [hit]}
Json results_json(const Results& results, const Gazetteer& gazetteer);

}  // namespace cartoffre::detail
