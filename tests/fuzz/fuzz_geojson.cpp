// The GeoJSON reader (lib/load/geojson.cpp) on any text: rows numbered in order, one value per
// column.

#include "cartoffre/error.hpp"
#include "fuzz_support.hpp"
#include "load/geojson.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // A copy the exact size of the input, so that AddressSanitizer sees any read past its end.
    const std::string text(fuzz::text_of(data, size));
    try {
        size_t last = 0;
        detail::read_geojson("input.geojson", text, [&](const detail::Row& row) {
            fuzz::expect(row.values.size() == row.columns.size(), "a value per column");
            fuzz::expect(row.position == last + 1, "features numbered in order");
            last = row.position;
        });
    } catch (const DataError&) {
    }
    return 0;
}
