#pragma once
// Eligibility zones from a row's commune: a zone_eligibilite value "departement:{code_insee}"
// (in a mapping's constants, value maps or crosswalk tables) is filled from the row and
// resolved through the gazetteer into the zone codes the index knows. A body that serves a
// whole département (a CAF, an MDPH, a SPIP) is then found from anywhere in it, and not from
// the next one. Kinds: commune, epci, departement, region (a région as its départements).

#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "load/table_reader.hpp"

namespace cartoffre::detail {

// True when a zone_eligibilite value is a template ("kind:..." with a "{column}").
bool is_zone_template(const std::string& value);

// The reason a zone template is malformed (an unknown kind, braces not closed, no column), or
// empty when it is well formed.
std::string zone_template_problem(const std::string& value);

// The zone codes `value` stands for in `row`: the commune its template names (an INSEE code;
// for departement and region, a département or région code is taken as it is) resolved to the
// kind's code. Empty when the row's value names no known commune: `why` then says so.
std::vector<std::string> resolve_zone_template(const std::string& value, const Row& row,
                                               const Gazetteer& gazetteer, std::string& why);

}  // namespace cartoffre::detail
