#pragma once
// A value crosswalk as a table a reviewer reads line by line (data/mappings/*.tsv): one row per
// value of a source's column (the DILA directory's `type`), one column per offer field it fills
// (thématiques, type, publics, frais, zone_eligibilite...), several codes in a cell separated by
// ";", and a `note` column saying why, which the loader does not read. The mapping names it in a
// value map: {"column": "type", "crosswalk": "dila_types.tsv"}.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cartoffre::detail {

// Value -> offer field -> codes.
using CrosswalkEntries = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

// Reads the table. Throws DataError naming the mapping file, its key, the table, the line and
// what is wrong (a header column that is not an offer field nor `note`, a row of the wrong
// width, a value listed twice, a malformed zone template).
CrosswalkEntries read_crosswalk(const std::filesystem::path& table, const std::string& file,
                                const std::string& key);

}  // namespace cartoffre::detail
