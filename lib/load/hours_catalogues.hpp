#pragma once
// Opening hours as the real partner catalogues hold them (mednum exports: one `horaires` text;
// France services: one column per weekday), read for surveys and tests of the parsers.

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "cartoffre/hours.hpp"

namespace cartoffre::detail {

struct CatalogueHours {
    std::string text;                    // mednum: the horaires field
    std::array<std::string, 7> columns;  // France services: lundi .. samedi, Sunday empty
    bool by_columns = false;

    HoursParse parse() const;
    std::string label() const;  // the text, or the columns joined by " | "
};

// The records of a mednum JSON export (.json or .json.gz) whose horaires is not empty.
std::vector<CatalogueHours> read_mednum_hours(const std::filesystem::path& file);
// The rows of the France services CSV with at least one day column not empty. Its quoted fields
// may hold line breaks, so the file is cut into records with its quotes in mind.
std::vector<CatalogueHours> read_france_services_hours(const std::filesystem::path& file);

}  // namespace cartoffre::detail
