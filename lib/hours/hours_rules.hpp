#pragma once
// Opening-hours rules as the parsers produce them, their compact binary form (what an
// OpeningHours holds and an index stores), their evaluation on that form without decoding it,
// and their OSM text.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/hours.hpp"

namespace cartoffre::detail {

constexpr int minutes_per_day = 1440;

// Minutes from the midnight starting the rule's day; an end past 1440 spills into the next day.
struct Span {
    uint16_t start = 0, end = 0;
    friend bool operator==(const Span& a, const Span& b) {
        return a.start == b.start && a.end == b.end;
    }
};

// Inclusive, as month * 32 + day; from > to wraps over the new year (Dec 24-Jan 2).
struct DateRange {
    uint16_t from = 0, to = 0;
};

constexpr uint8_t nth_last = 1 << 5;  // in Rule::nth: bit k is the (k+1)th weekday of the month

struct Rule {
    uint8_t weekdays = 0;          // bit d = weekday d (0 Monday); none and no PH = every day
    bool holidays = false;         // PH among the weekdays
    bool additional = false;       // joined by ',': adds hours instead of replacing the day's
    bool closed = false;           // off: no spans
    std::array<uint8_t, 7> nth{};  // per weekday, the weeks of the month it holds in; 0 = all
    std::vector<DateRange> dates;  // none = all year
    std::vector<Span> spans;       // sorted, disjoint
};

// What a parser made of a text: rules, or why there are none.
struct RulesParse {
    bool ok = false;
    std::vector<Rule> rules;
    std::string error;
    std::vector<std::string> warnings;
};

// Sorts spans and joins those that touch or overlap; zero-length ones are dropped.
void normalize_spans(std::vector<Span>& spans);

// What the encoding cannot hold (more than 255 rules, or dates or spans in one rule), in French;
// empty when the rules fit. A parser returns it as its error: hours that long stay text.
std::string rules_too_large(const std::vector<Rule>& rules);
// Rules in order, the later replacing the earlier for the days they both name. Throws DataError
// when rules_too_large() says why.
std::string encode_rules(const std::vector<Rule>& rules);
// Both throw DataError when the bytes are not encoded rules.
void check_rules(std::string_view bytes);
std::vector<Rule> decode_rules(std::string_view bytes);
std::string rules_to_osm(const std::vector<Rule>& rules);
// One rule per group of days with the same hours, closed days left out.
std::vector<Rule> rules_of_week(const Week& week);

// What rules look at in a day. A day without a date matches only rules that hold every week.
struct DayFacts {
    int weekday = 0;
    bool dated = false;
    uint16_t month_day = 0;  // month * 32 + day
    uint8_t week_bits = 0;   // the Rule::nth bits this day is in (its week of the month, last)
    bool holiday = false;

    static DayFacts of(const Date& day, bool holidays_needed, std::string_view departement);
    static DayFacts typical(int weekday);
};

bool rules_use_holidays(std::string_view bytes);

// Rule matching and reading, for visit_day.
struct RuleView {
    uint8_t flags = 0, weekdays = 0, date_count = 0, span_count = 0;
    const unsigned char* nth = nullptr;
    const unsigned char* dates = nullptr;
    const unsigned char* spans = nullptr;
    size_t size = 0;  // bytes

    static constexpr uint8_t additional = 1, closed = 2, holidays = 4, has_nth = 8;
    bool matches(const DayFacts& day) const;
    uint16_t span_start(int i) const { return load(spans + 4 * i); }
    uint16_t span_end(int i) const { return load(spans + 4 * i + 2); }
    static uint16_t load(const unsigned char* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
    static RuleView at(const unsigned char* p);
};

// Calls visit(start, end) for each open span of a day in minutes from its midnight: its own
// spans (up to 2880) and, shifted by -1440, the spans spilling from the day before, following
// opening_hours.js: a rule naming a day replaces all it holds, spills included, and a spill is
// added when its rule is read. Stops when visit returns true; returns whether it did.
template <typename Visit>
bool visit_day(std::string_view bytes, const DayFacts& today, const DayFacts& yesterday,
               Visit&& visit) {
    if (bytes.size() < 2) return false;
    const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data()) + 2;
    const int count = static_cast<unsigned char>(bytes[1]);
    // The last rule replacing the day's hours: nothing before it counts.
    const unsigned char* base = begin;
    int base_index = -1;
    const unsigned char* p = begin;
    for (int i = 0; i < count; ++i) {
        RuleView rule = RuleView::at(p);
        if (!(rule.flags & RuleView::additional) && rule.matches(today)) {
            base = p;
            base_index = i;
        }
        p += rule.size;
    }
    p = base_index < 0 ? begin : base;
    for (int i = base_index < 0 ? 0 : base_index; i < count; ++i) {
        RuleView rule = RuleView::at(p);
        p += rule.size;
        const bool own =
            i == base_index ||
            (i > base_index && (rule.flags & RuleView::additional) && rule.matches(today));
        const bool spill = rule.matches(yesterday);  // the replacing rule's own spill stays
        for (int s = 0; s < rule.span_count && (own || spill); ++s) {
            const int start = rule.span_start(s), end = rule.span_end(s);
            if (own && visit(start, end)) return true;
            if (spill && end > minutes_per_day &&
                visit(std::max(start - minutes_per_day, 0), end - minutes_per_day))
                return true;
        }
    }
    return false;
}

}  // namespace cartoffre::detail
