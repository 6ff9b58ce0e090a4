#pragma once
// The communes of a coverage's territory and the area each belongs to.

#include <cstdint>
#include <string>
#include <vector>

#include "cartoffre/coverage.hpp"
#include "cartoffre/gazetteer.hpp"

namespace cartoffre::detail {

// The current communes and municipal arrondissements of the territory, in gazetteer order; a
// commune divided in arrondissements gives them instead. Throws PlaceError naming an unknown
// code (with close names for a commune), QueryError for an empty list.
std::vector<uint32_t> territory_communes(const Gazetteer& g, const Territory& territory);

// "Creuse", "France", "Nouvelle-Aquitaine, Occitanie", "Melun et 2 autres communes".
std::string territory_name(const Gazetteer& g, const Territory& territory);

struct AreaOf {
    std::string code, name;
};

// The area of each of `communes` at `level` (the table's for AreaLevel::table). Communes of the
// territory absent from the table go to an area "hors table"; the table's codes that are not
// current communes, and communes listed twice, are warned (in French, with their line).
std::vector<AreaOf> areas_of(const Gazetteer& g, const std::vector<uint32_t>& communes,
                             AreaLevel level, const AreaTable* table,
                             std::vector<std::string>& warnings);

const char* level_name(AreaLevel level);

}  // namespace cartoffre::detail
