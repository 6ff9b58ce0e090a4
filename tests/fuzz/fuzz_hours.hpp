#pragma once
// What both hours targets check of what a parser accepted: the hours evaluate on any day, their
// bytes read back the same, and their normalized OSM text reads back as the same hours.

#include "cartoffre/error.hpp"
#include "cartoffre/hours.hpp"
#include "fuzz_support.hpp"

namespace cartoffre::fuzz {

inline void check_hours(const OpeningHours& hours) {
    const OpeningHours copy = OpeningHours::deserialize(hours.serialize());
    expect(copy == hours, "serialized hours read back the same");
    // A week with Easter Monday and a Moselle holiday (26 December), and a leap day.
    for (const Date day : {Date{2026, 4, 6}, Date{2026, 12, 26}, Date{2028, 2, 29}}) {
        const Week week = hours.week_of(day, "57");
        for (const auto& intervals : week)
            for (const Interval& i : intervals)
                expect(0 <= i.first && i.first < i.second && i.second <= 1440, "a day's interval");
        hours.open_on(day);
        for (int minute : {0, 555, 1439}) hours.open_at(LocalDateTime{day, minute}, "57");
    }
    hours.typical_week();
    const std::string osm = hours.to_osm();
    const HoursParse back = OpeningHours::parse(osm);
    if (!back.hours) std::fprintf(stderr, "to_osm: '%s': %s\n", osm.c_str(), back.error.c_str());
    expect(back.hours.has_value(), "the normalized OSM text reads back");
    expect(back.hours->typical_week() == hours.typical_week(), "the same typical week");
}

}  // namespace cartoffre::fuzz
