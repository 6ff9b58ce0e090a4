#pragma once
// Weeks of opening hours as text, for tests: one day per item, "Mo 09:00-12:00,14:00-17:00|Tu
// ...", closed days left out; and a shorthand to write expected weeks by hand, expanded here
// without the library's parsers: "Mo-Fr 09:00-12:00,14:00-17:00 | Sa 09:00-12:00".

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>

#include "cartoffre/hours.hpp"

namespace cartoffre::testing {

inline const char* const weekday_codes[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

inline std::string week_text(const Week& week) {
    std::string text;
    for (int d = 0; d < 7; ++d) {
        if (week[d].empty()) continue;
        if (!text.empty()) text += '|';
        text += weekday_codes[d];
        for (size_t i = 0; i < week[d].size(); ++i) {
            char range[64];
            std::snprintf(range, sizeof range, "%c%02d:%02d-%02d:%02d", i ? ',' : ' ',
                          week[d][i].first / 60, week[d][i].first % 60, week[d][i].second / 60,
                          week[d][i].second % 60);
            text += range;
        }
    }
    return text;
}

inline int weekday_code(const std::string& code) {
    for (int d = 0; d < 7; ++d)
        if (code == weekday_codes[d]) return d;
    throw std::invalid_argument("bad weekday in expected week: " + code);
}

// "Mo-Fr 09:00-12:00,14:00-17:00 | Sa,Su 10:00-12:00" as week_text writes it. Each day may
// appear once; "" is a week closed every day.
inline std::string expand_week(const std::string& shorthand) {
    Week week;
    std::istringstream items(shorthand);
    std::string item;
    while (std::getline(items, item, '|')) {
        std::istringstream parts(item);
        std::string days, times;
        if (!(parts >> days >> times)) continue;
        std::vector<Interval> hours;
        std::istringstream ranges(times);
        std::string range;
        while (std::getline(ranges, range, ',')) {
            int h1, m1, h2, m2;
            if (std::sscanf(range.c_str(), "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4)
                throw std::invalid_argument("bad range in expected week: " + range);
            hours.push_back({h1 * 60 + m1, h2 * 60 + m2});
        }
        std::istringstream groups(days);
        std::string group;
        while (std::getline(groups, group, ',')) {
            const int first = weekday_code(group.substr(0, 2));
            const int last = group.size() > 2 ? weekday_code(group.substr(3, 2)) : first;
            for (int d = first; d <= last; ++d) {
                if (!week[d].empty())
                    throw std::invalid_argument("day twice in expected week: " + shorthand);
                week[d] = hours;
            }
        }
    }
    return week_text(week);
}

}  // namespace cartoffre::testing
