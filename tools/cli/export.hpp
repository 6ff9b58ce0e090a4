#pragma once
// `cartoffre export`: the offers a search matches, written out as they are read (one page of
// hits, or one offer, in memory at a time) as GeoJSON for maps, CSV for spreadsheets, or
// data·inclusion v1 JSON that `cartoffre index` reads back.

#include <string>

#include "cartoffre/index.hpp"
#include "cartoffre/query.hpp"

namespace cartoffre::cli {

enum class ExportFormat { csv, geojson, di_json };

struct ExportTarget {
    ExportFormat format = ExportFormat::csv;
    // A file, or "-" / empty for stdout; for di-json a directory that receives structures.json
    // and services.json (the two files `cartoffre index` takes).
    std::string out;
    bool bom = false;  // csv: a UTF-8 byte order mark first, so that Excel reads UTF-8
};

struct ExportSummary {
    size_t offers = 0;
    size_t structures = 0;  // di-json: distinct structures written
    // di-json: offers whose structure id was already written with another name or SIRET; they
    // read back with the first one's.
    size_t structure_conflicts = 0;
    bool corrected = false;  // no offer matched the words: the search's suggestion was exported
    std::string suggestion;
};

// Writes the offers `query` matches, in the search's order; with `whole_index`, every offer of
// the index in id order without searching. A file is written under a temporary name and renamed
// when complete, so that a failed export leaves no half file (a device or a pipe is written in
// place). Throws OutputError naming the file that cannot be written and the system's reason,
// QueryError / PlaceError as Index::search does.
ExportSummary export_offers(const Index& index, Query query, bool whole_index,
                            const ExportTarget& target);

}  // namespace cartoffre::cli
