#include "cartoffre/hours.hpp"

#include <algorithm>

#include "cartoffre/error.hpp"
#include "hours/hours_french.hpp"
#include "hours/hours_osm.hpp"
#include "hours/hours_rules.hpp"

namespace cartoffre {

namespace {

constexpr const char* day_names[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                     "vendredi", "samedi", "dimanche"};

// Parsed rules the encoding cannot hold are a failure like any other: the text is kept.
HoursParse outcome(detail::RulesParse parsed) {
    HoursParse result;
    result.warnings = std::move(parsed.warnings);
    if (parsed.ok) parsed.error = detail::rules_too_large(parsed.rules);
    if (parsed.ok && parsed.error.empty())
        result.hours = OpeningHours::deserialize(detail::encode_rules(parsed.rules));
    else
        result.error = std::move(parsed.error);
    return result;
}

std::vector<Interval> sorted_joined(std::vector<Interval> intervals) {
    std::sort(intervals.begin(), intervals.end());
    std::vector<Interval> joined;
    for (auto interval : intervals) {
        if (!joined.empty() && interval.first <= joined.back().second)
            joined.back().second = std::max(joined.back().second, interval.second);
        else
            joined.push_back(interval);
    }
    return joined;
}

// A day's intervals sorted, joined, the empty ones dropped: what from_week() encodes.
std::vector<Interval> open_spans(const std::vector<Interval>& day) {
    std::vector<Interval> spans = sorted_joined(day);
    spans.erase(std::remove_if(spans.begin(), spans.end(),
                               [](const Interval& i) { return i.first == i.second; }),
                spans.end());
    return spans;
}

// A day's open intervals within its own 24 hours.
std::vector<Interval> day_intervals(std::string_view bytes, const detail::DayFacts& today,
                                    const detail::DayFacts& yesterday) {
    std::vector<Interval> intervals;
    detail::visit_day(bytes, today, yesterday, [&](int start, int end) {
        intervals.push_back({start, std::min(end, detail::minutes_per_day)});
        return false;
    });
    return sorted_joined(std::move(intervals));
}

}  // namespace

OpeningHours::OpeningHours() : m_bytes(detail::encode_rules({})) {}

// OSM first: it is what the standard asks for and what most catalogues write. French is tried
// when that fails, unless the text starts as OSM does: its OSM error is then the useful one.
HoursParse OpeningHours::parse(std::string_view text) {
    detail::RulesParse osm = detail::parse_osm(text);
    if (osm.ok || detail::looks_like_osm(text)) return outcome(std::move(osm));
    return outcome(detail::parse_french(text));
}

HoursParse OpeningHours::from_weekday_columns(const std::array<std::string_view, 7>& days) {
    HoursParse result;
    Week week;
    for (int d = 0; d < 7; ++d) {
        detail::DayParse day = detail::parse_day_hours(days[d]);
        for (auto& warning : day.warnings)
            result.warnings.push_back(std::string(day_names[d]) + ": " + warning);
        if (!day.ok) {
            result.error = std::string(day_names[d]) + ": " + day.error;
            return result;
        }
        week[d] = std::move(day.hours);
    }
    if (std::all_of(week.begin(), week.end(), [](auto& day) { return day.empty(); })) {
        result.error = "aucun horaire d'ouverture, aucun jour";
        return result;
    }
    for (int d = 0; d < 7; ++d)
        if (open_spans(week[d]).size() > 255) {  // more than the encoding holds: kept as text
            result.error = std::string(day_names[d]) + ": plus de 255 plages";
            return result;
        }
    result.hours = from_week(week);
    return result;
}

OpeningHours OpeningHours::from_week(const Week& week) {
    Week clean;
    for (int d = 0; d < 7; ++d) {
        for (auto [start, end] : week[d])
            if (start < 0 || end > detail::minutes_per_day || start > end)
                throw DataError("horaires : la plage de " + std::to_string(start) + " à " +
                                std::to_string(end) + " minutes sort de la journée");
        clean[d] = open_spans(week[d]);
    }
    return OpeningHours(detail::encode_rules(detail::rules_of_week(clean)));
}

bool OpeningHours::open_at(const LocalDateTime& when, std::string_view departement) const {
    const bool holidays = detail::rules_use_holidays(m_bytes);
    const auto today = detail::DayFacts::of(when.date, holidays, departement);
    const auto yesterday = detail::DayFacts::of(when.date.plus_days(-1), holidays, departement);
    const int minute = when.minute_of_day;
    return detail::visit_day(m_bytes, today, yesterday, [minute](int start, int end) {
        return start <= minute && minute < end;
    });
}

bool OpeningHours::open_on(const Date& day, std::string_view departement) const {
    const bool holidays = detail::rules_use_holidays(m_bytes);
    const auto today = detail::DayFacts::of(day, holidays, departement);
    const auto yesterday = detail::DayFacts::of(day.plus_days(-1), holidays, departement);
    return detail::visit_day(m_bytes, today, yesterday, [](int, int) { return true; });
}

Week OpeningHours::week_of(const Date& day, std::string_view departement) const {
    const bool holidays = detail::rules_use_holidays(m_bytes);
    const Date monday = day.plus_days(-day.weekday());
    Week week;
    auto yesterday = detail::DayFacts::of(monday.plus_days(-1), holidays, departement);
    for (int d = 0; d < 7; ++d) {
        const auto today = detail::DayFacts::of(monday.plus_days(d), holidays, departement);
        week[d] = day_intervals(m_bytes, today, yesterday);
        yesterday = today;
    }
    return week;
}

Week OpeningHours::typical_week() const {
    Week week;
    for (int d = 0; d < 7; ++d)
        week[d] = day_intervals(m_bytes, detail::DayFacts::typical(d),
                                detail::DayFacts::typical((d + 6) % 7));
    return week;
}

bool OpeningHours::uses_public_holidays() const {
    return detail::rules_use_holidays(m_bytes);
}

std::string OpeningHours::to_osm() const {
    return detail::rules_to_osm(detail::decode_rules(m_bytes));
}

OpeningHours OpeningHours::deserialize(std::string_view bytes) {
    detail::check_rules(bytes);
    return OpeningHours(std::string(bytes));
}

}  // namespace cartoffre
