#pragma once
// The OpenStreetMap opening_hours grammar, the part the data·inclusion catalogues use: weekday
// and month selectors, nth weekdays, PH, time ranges (past midnight too), off, 24/7, rules
// joined by ';' (replacing) or ',' (adding).

#include <string_view>

#include "hours/hours_rules.hpp"

namespace cartoffre::detail {

RulesParse parse_osm(std::string_view text);

// Whether a text starts as OSM syntax does (a weekday or month abbreviation, PH, 24/7), so that
// its failure is worth reporting rather than the French reading's.
bool looks_like_osm(std::string_view text);

}  // namespace cartoffre::detail
