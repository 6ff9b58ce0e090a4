#include "hours/hours_rules.hpp"

#include <cstdio>
#include <map>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

// Layout: version, rule count, then per rule: flags, weekdays, date count, span count,
// [7 nth bytes when flagged], dates (from, to: 2 bytes each), spans (start, end: 2 bytes each),
// numbers little-endian.
constexpr unsigned char format_version = 1;

constexpr const char* weekday_names[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void put16(std::string& out, uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}

int days_in_month(int year, int month) {
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month - 1];
}

std::string clock(int minutes) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
    return text;
}

std::string date_text(uint16_t month_day, bool with_month) {
    std::string text = with_month ? month_names[month_day / 32 - 1] : "";
    char day[8];
    std::snprintf(day, sizeof day, "%s%02d", with_month ? " " : "", month_day % 32);
    return text + day;
}

std::string dates_text(const std::vector<DateRange>& dates) {
    std::string text;
    for (const DateRange& range : dates) {
        if (!text.empty()) text += ',';
        const int from_month = range.from / 32, to_month = range.to / 32;
        if (range.from % 32 == 1 && range.to % 32 == 31) {  // whole months
            text += month_names[from_month - 1];
            if (to_month != from_month) text += std::string("-") + month_names[to_month - 1];
            continue;
        }
        text += date_text(range.from, true);
        if (range.to != range.from)
            text += "-" + date_text(range.to, to_month != from_month || range.to < range.from);
    }
    return text;
}

std::string nth_text(uint8_t bits) {
    std::string text;
    for (int k = 0; k < 6; ++k)
        if (bits >> k & 1) {
            if (!text.empty()) text += ',';
            text += k == 5 ? "-1" : std::to_string(k + 1);
        }
    return "[" + text + "]";
}

std::string weekdays_text(const Rule& rule) {
    std::vector<std::string> items;
    for (int d = 0; d < 7;) {
        if (!(rule.weekdays >> d & 1)) {
            ++d;
            continue;
        }
        if (rule.nth[d]) {
            items.push_back(weekday_names[d] + nth_text(rule.nth[d]));
            ++d;
            continue;
        }
        int last = d;
        while (last + 1 < 7 && (rule.weekdays >> (last + 1) & 1) && !rule.nth[last + 1]) ++last;
        if (last - d >= 2) {
            items.push_back(std::string(weekday_names[d]) + "-" + weekday_names[last]);
        } else {
            for (int e = d; e <= last; ++e) items.push_back(weekday_names[e]);
        }
        d = last + 1;
    }
    if (rule.holidays) items.push_back("PH");
    std::string text;
    for (auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

std::string spans_text(const std::vector<Span>& spans) {
    std::string text;
    for (const Span& span : spans) {
        if (!text.empty()) text += ',';
        // An end past midnight is written as the next day's time when that reads unambiguously
        // (22:00-02:00), as an extended hour otherwise (10:00-34:00).
        int end = span.end;
        if (end > minutes_per_day && end - minutes_per_day < span.start) end -= minutes_per_day;
        text += clock(span.start) + "-" + clock(end);
    }
    return text;
}

}  // namespace

void normalize_spans(std::vector<Span>& spans) {
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start < b.start; });
    std::vector<Span> joined;
    for (const Span& span : spans) {
        if (span.start >= span.end) continue;
        if (!joined.empty() && span.start <= joined.back().end)
            joined.back().end = std::max(joined.back().end, span.end);
        else
            joined.push_back(span);
    }
    spans = std::move(joined);
}

std::string rules_too_large(const std::vector<Rule>& rules) {
    if (rules.size() > 255) return "plus de 255 règles (" + std::to_string(rules.size()) + ")";
    for (const Rule& rule : rules)
        if (rule.dates.size() > 255 || rule.spans.size() > 255)
            return "plus de 255 dates ou plages dans une règle";
    return {};
}

std::string encode_rules(const std::vector<Rule>& rules) {
    if (const std::string why = rules_too_large(rules); !why.empty())
        throw DataError("horaires : " + why);
    std::string out;
    out += static_cast<char>(format_version);
    out += static_cast<char>(rules.size());
    for (const Rule& rule : rules) {
        const bool has_nth = rule.nth != std::array<uint8_t, 7>{};
        out += static_cast<char>(
            (rule.additional ? RuleView::additional : 0) | (rule.closed ? RuleView::closed : 0) |
            (rule.holidays ? RuleView::holidays : 0) | (has_nth ? RuleView::has_nth : 0));
        out += static_cast<char>(rule.weekdays);
        out += static_cast<char>(rule.dates.size());
        out += static_cast<char>(rule.spans.size());
        if (has_nth)
            for (uint8_t bits : rule.nth) out += static_cast<char>(bits);
        for (const DateRange& range : rule.dates) {
            put16(out, range.from);
            put16(out, range.to);
        }
        for (const Span& span : rule.spans) {
            put16(out, span.start);
            put16(out, span.end);
        }
    }
    return out;
}

RuleView RuleView::at(const unsigned char* p) {
    RuleView rule;
    rule.flags = p[0];
    rule.weekdays = p[1];
    rule.date_count = p[2];
    rule.span_count = p[3];
    p += 4;
    if (rule.flags & has_nth) {
        rule.nth = p;
        p += 7;
    }
    rule.dates = p;
    rule.spans = p + 4 * rule.date_count;
    rule.size = 4 + (rule.flags & has_nth ? 7 : 0) + 4 * (rule.date_count + rule.span_count);
    return rule;
}

bool RuleView::matches(const DayFacts& day) const {
    if (date_count) {
        if (!day.dated) return false;
        bool inside = false;
        for (int i = 0; i < date_count && !inside; ++i) {
            const uint16_t from = load(dates + 4 * i), to = load(dates + 4 * i + 2);
            inside = from <= to ? from <= day.month_day && day.month_day <= to
                                : day.month_day >= from || day.month_day <= to;
        }
        if (!inside) return false;
    }
    if (weekdays == 0 && !(flags & holidays)) return true;
    if ((flags & holidays) && day.holiday) return true;
    if (!(weekdays >> day.weekday & 1)) return false;
    if ((flags & has_nth) && nth[day.weekday] != 0)
        return day.dated && (nth[day.weekday] & day.week_bits) != 0;
    return true;
}

// Checks every length and value, so that evaluation may trust the bytes.
void check_rules(std::string_view bytes) {
    auto bad = [](const char* why) {
        return DataError(std::string("invalid serialized opening hours: ") + why);
    };
    if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != format_version)
        throw bad("unknown format");
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + 2;
    const auto* end = reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size();
    for (int r = 0; r < static_cast<unsigned char>(bytes[1]); ++r) {
        if (end - p < 4) throw bad("truncated");
        const size_t need = 4 + (p[0] & RuleView::has_nth ? 7 : 0) + 4 * (p[2] + p[3]);
        if (static_cast<size_t>(end - p) < need) throw bad("truncated");
        const RuleView rule = RuleView::at(p);
        if (rule.flags >= 16 || rule.weekdays >= 128) throw bad("unknown flags");
        for (int i = 0; i < 2 * rule.date_count; ++i) {
            const uint16_t month_day = RuleView::load(rule.dates + 2 * i);
            if (month_day / 32 < 1 || month_day / 32 > 12 || month_day % 32 < 1)
                throw bad("no such date");
        }
        for (int i = 0; i < rule.span_count; ++i)
            if (rule.span_start(i) >= rule.span_end(i) || rule.span_start(i) >= minutes_per_day ||
                rule.span_end(i) > 2 * minutes_per_day)
                throw bad("time out of range");
        p += rule.size;
    }
    if (p != end) throw bad("trailing bytes");
}

std::vector<Rule> decode_rules(std::string_view bytes) {
    check_rules(bytes);
    std::vector<Rule> rules(static_cast<unsigned char>(bytes[1]));
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + 2;
    for (Rule& rule : rules) {
        const RuleView view = RuleView::at(p);
        rule.additional = view.flags & RuleView::additional;
        rule.closed = view.flags & RuleView::closed;
        rule.holidays = view.flags & RuleView::holidays;
        rule.weekdays = view.weekdays;
        if (view.nth)
            for (int d = 0; d < 7; ++d) rule.nth[d] = view.nth[d];
        for (int i = 0; i < view.date_count; ++i)
            rule.dates.push_back(
                {RuleView::load(view.dates + 4 * i), RuleView::load(view.dates + 4 * i + 2)});
        for (int i = 0; i < view.span_count; ++i)
            rule.spans.push_back({view.span_start(i), view.span_end(i)});
        p += view.size;
    }
    return rules;
}

bool rules_use_holidays(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + 2;
    for (int i = 0; i < static_cast<unsigned char>(bytes[1]); ++i) {
        RuleView rule = RuleView::at(p);
        if (rule.flags & RuleView::holidays) return true;
        p += rule.size;
    }
    return false;
}

DayFacts DayFacts::of(const Date& day, bool holidays_needed, std::string_view departement) {
    DayFacts facts;
    facts.weekday = day.weekday();
    facts.dated = true;
    facts.month_day = static_cast<uint16_t>(day.month * 32 + day.day);
    facts.week_bits = static_cast<uint8_t>(1 << ((day.day - 1) / 7));
    if (day.day + 7 > days_in_month(day.year, day.month)) facts.week_bits |= nth_last;
    facts.holiday = holidays_needed && is_public_holiday(day, departement);
    return facts;
}

DayFacts DayFacts::typical(int weekday) {
    DayFacts facts;
    facts.weekday = weekday;
    return facts;
}

std::string rules_to_osm(const std::vector<Rule>& rules) {
    if (rules.empty()) return "off";
    std::string text;
    for (const Rule& rule : rules) {
        if (!text.empty()) text += rule.additional ? ", " : "; ";
        std::string selectors = dates_text(rule.dates);
        const std::string weekdays = weekdays_text(rule);
        if (!weekdays.empty()) selectors += (selectors.empty() ? "" : " ") + weekdays;
        if (selectors.empty() && !rule.closed && rule.spans.size() == 1 &&
            rule.spans[0] == Span{0, minutes_per_day}) {
            text += "24/7";
            continue;
        }
        if (!selectors.empty()) text += selectors + " ";
        text += rule.closed ? "off" : spans_text(rule.spans);
    }
    return text;
}

std::vector<Rule> rules_of_week(const Week& week) {
    std::map<std::vector<Interval>, uint8_t> days_of;  // hours -> the days having them
    std::vector<std::vector<Interval>> order;
    for (int d = 0; d < 7; ++d) {
        if (week[d].empty()) continue;
        auto [it, added] = days_of.emplace(week[d], 0);
        it->second |= static_cast<uint8_t>(1 << d);
        if (added) order.push_back(week[d]);
    }
    std::vector<Rule> rules;
    for (const auto& hours : order) {
        Rule rule;
        rule.weekdays = days_of[hours];
        for (auto [start, end] : hours)
            rule.spans.push_back({static_cast<uint16_t>(start), static_cast<uint16_t>(end)});
        rules.push_back(std::move(rule));
    }
    return rules;
}

}  // namespace cartoffre::detail
