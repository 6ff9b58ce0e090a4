#pragma once
// GeoJSON FeatureCollections (RFC 7946) read as rows, one feature at a time, straight from the
// mapped file: GDAL builds a whole feature object per row and scans the file twice, which made
// it the slowest of the loader's readers.
//
// A feature's row is what GDAL gives (tests/geojson_test.cpp compares the two): its properties
// as columns (a number as GDAL writes it, true/false as 1/0, null as empty), a string "id" of
// the feature as the column "id" when the properties have none, and a Point's first two
// coordinates as the row's x, y (other geometries give no coordinates). Where GDAL's output
// would not serve a mapping, the text is the JSON records reader's instead: dates as written
// (GDAL gives "2023/01/15"), lists joined by ";" (GDAL: "(2:a,b)"), nested objects as JSON text
// and "key.member" columns, and a numeric feature id as "id" too (GDAL drops it).

#include <filesystem>
#include <functional>
#include <string_view>

#include "load/table_reader.hpp"

namespace cartoffre::detail {

// Calls handle(row) for every feature of the GeoJSON `text` read from `file` (row.position is
// the 1-based feature number). A lone Feature is one row. Throws DataError naming the file,
// line and column, the feature and the member on malformed or truncated JSON, on a document
// that is neither a FeatureCollection nor a Feature, or on a feature that is not an object.
void read_geojson(const std::filesystem::path& file, std::string_view text,
                  const std::function<void(const Row&)>& handle);

}  // namespace cartoffre::detail
