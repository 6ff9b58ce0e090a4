#pragma once
// The one JSON shape of offers, explanations and result pages, as text: what the command's
// --json prints and Python's to_dict() gives (an offer is every field under its data·inclusion
// v1 name, empty ones too). indent: -1 for one line, else the spaces of each level.

#include <string>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/query.hpp"

namespace cartoffre {

std::string to_json(const Offer& offer, int indent = -1);
std::string to_json(const Explanation& explanation, int indent = -1);
// The page's place is described with the gazetteer's communes.
std::string to_json(const Results& results, const Gazetteer& gazetteer, int indent = -1);
// A place as a search's page describes it (`cartoffre places --json`).
std::string to_json(const Place& place, const Gazetteer& gazetteer, int indent = -1);

}  // namespace cartoffre
