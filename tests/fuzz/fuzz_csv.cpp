// The CSV readers: the loader's (for_each_row on a .csv file, UTF-8 and ISO-8859-1, separator
// found from the header), the geography's (CsvReader) and parse_csv. Every row read holds as
// many values as the header has columns.

#include "cartoffre/error.hpp"
#include "detail/csv.hpp"
#include "fuzz_support.hpp"
#include "load/table_reader.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::text_of(data, size);
    const auto& file = fuzz::scratch_file("input.csv", text);
    for (const char* encoding : {"UTF-8", "ISO-8859-1"}) {
        detail::ReadOptions options;
        options.format = "csv";
        options.encoding = encoding;
        try {
            size_t last = 1;
            detail::for_each_row(file, options, [&](const detail::Row& row) {
                fuzz::expect(row.values.size() == row.columns.size(), "a value per column");
                fuzz::expect(row.position > last, "rows in file order");
                last = row.position;
            });
        } catch (const DataError&) {
        }
    }
    try {
        detail::CsvReader reader(file);
        while (reader.next()) {
        }
    } catch (const DataError&) {
    }
    for (const auto& record : detail::parse_csv(text)) fuzz::expect(!record.empty(), "a field");
    return 0;
}
