// The OSM opening_hours parser (lib/hours/hours_osm.cpp) on any text, and the serialized form
// an index keeps read from any bytes (DataError or hours that evaluate).

#include "fuzz_hours.hpp"
#include "hours/hours_osm.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(fuzz::text_of(data, size));
    detail::looks_like_osm(text);
    const detail::RulesParse osm = detail::parse_osm(text);
    fuzz::expect(osm.ok || !osm.error.empty(), "a failure says why");
    const HoursParse parsed = OpeningHours::parse(text);
    if (parsed.hours) fuzz::check_hours(*parsed.hours);
    try {
        const OpeningHours stored = OpeningHours::deserialize(text);
        stored.typical_week();
        stored.week_of(Date{2026, 4, 6}, "57");
        stored.to_osm();
    } catch (const DataError&) {
    }
    return 0;
}
