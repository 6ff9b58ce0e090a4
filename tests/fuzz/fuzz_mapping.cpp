// Mappings and their templates (lib/load/mapping*.cpp): a mapping file, then the rows it maps.
// The input is the mapping's JSON, a line "=====", and the rows, as JSON records when the
// mapping reads "json", else as CSV (other formats go through GDAL, not fuzzed here). Loading
// counts every row: read = loaded + out of scope (row filters) + rejected. Each template is also
// filled from the first rows' columns.

#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "cartoffre/taxonomy.hpp"
#include "fuzz_support.hpp"
#include "load/mapping_rules.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::real_gazetteer();
    Taxonomy::builtin();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input = fuzz::text_of(data, size);
    const size_t cut = input.find("\n=====\n");
    const std::string_view mapping_text = input.substr(0, cut);
    const std::string_view rows =
        cut == std::string_view::npos ? std::string_view() : input.substr(cut + 7);
    Mapping mapping;
    try {
        mapping = Mapping::load(fuzz::scratch_file("mapping.json", mapping_text));
    } catch (const DataError&) {
        return 0;
    }
    const Mapping::Impl& rules = mapping.impl();
    const std::string format = rules.read.format;
    if (format != "json" && format != "csv" && !format.empty()) return 0;
    const auto& file = fuzz::scratch_file(format == "json" ? "rows.json" : "rows.csv", rows);
    detail::ReadOptions options = rules.read;
    options.format = format == "json" ? "json" : "csv";
    try {
        size_t filled = 0;
        detail::for_each_row(file, options, [&](const detail::Row& row) {
            if (++filled > 3) return;
            detail::fill(rules.id, row);
            for (const auto& [field, pattern] : rules.fields) detail::fill(pattern, row);
        });
    } catch (const DataError&) {
    }
    if (format.empty()) return 0;  // GDAL would read the rows
    try {
        const LoadResult result =
            load_catalogue(mapping, file, fuzz::real_gazetteer(), Taxonomy::builtin());
        const LoadReport& r = result.report;
        fuzz::expect(r.read == r.loaded + r.out_of_scope + r.rejected,
                     "read = loaded + out of scope + rejected");
    } catch (const DataError&) {
    }
    return 0;
}
