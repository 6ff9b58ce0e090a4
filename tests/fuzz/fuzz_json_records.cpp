// The JSON records reader (lib/load/json_records.cpp) as the loader uses it: a JSON array or
// JSON Lines file, each record flattened into a row.

#include "cartoffre/error.hpp"
#include "fuzz_support.hpp"
#include "load/table_reader.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto& file = fuzz::scratch_file("input.json", fuzz::text_of(data, size));
    detail::ReadOptions options;
    options.format = "json";
    try {
        size_t last = 0;
        detail::for_each_row(file, options, [&](const detail::Row& row) {
            fuzz::expect(row.values.size() == row.columns.size(), "a value per column");
            fuzz::expect(row.position == last + 1, "records numbered in order");
            last = row.position;
        });
    } catch (const DataError&) {
    }
    return 0;
}
