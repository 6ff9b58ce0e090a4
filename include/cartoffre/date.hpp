#pragma once
// Civil dates and local times, as a person asks about a day ("ouvert le 24 novembre") and as
// opening hours are evaluated.

#include <cstdint>
#include <string>
#include <string_view>

namespace cartoffre {

// A civil date of the proleptic Gregorian calendar.
struct Date {
    int year = 1970, month = 1, day = 1;

    int weekday() const;   // 0 = Monday .. 6 = Sunday
    int64_t days() const;  // days since 1970-01-01 (negative before)
    static Date from_days(int64_t days);
    Date plus_days(int64_t n) const { return from_days(days() + n); }
    bool valid() const;             // a day that exists (29 February only in leap years)
    std::string to_string() const;  // 2026-11-24

    friend bool operator==(const Date& a, const Date& b) {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
    friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
    friend bool operator<(const Date& a, const Date& b) {
        if (a.year != b.year) return a.year < b.year;
        if (a.month != b.month) return a.month < b.month;
        return a.day < b.day;
    }
};

struct LocalDateTime {
    Date date;
    int minute_of_day = 0;  // 0 .. 1439
};

// Dates and times are French legal time: Europe/Paris for metropolitan France and Corsica,
// whatever the process's TZ; an overseas département's offers are judged in its own zone.

// The date and time in Paris now.
LocalDateTime local_now();
// The IANA zone of a département's code: "Indian/Reunion" for 974, "Europe/Paris" for any code
// not overseas (and for none).
std::string_view time_zone_of(std::string_view departement);
// Where an overseas département's clock is read, in French ("La Réunion" for 974); empty for
// Paris's zone.
std::string_view local_time_place(std::string_view departement);
// The wall time in the département's zone at the instant Paris shows `paris_time`.
LocalDateTime local_time_in(const LocalDateTime& paris_time, std::string_view departement);
// The time in Paris at the instant a clock `utc_offset_minutes` ahead of UTC shows `wall`.
LocalDateTime paris_time_of(const LocalDateTime& wall, int utc_offset_minutes);

// "2026-11-24"; throws QueryError naming the value.
Date parse_date(std::string_view iso);
// "2026-11-24T14:30" or "2026-11-24 14:30" (seconds allowed and ignored), Paris time; with a
// UTC offset ("...T14:30Z", "...T14:30+04:00") the same instant in Paris. Throws QueryError.
LocalDateTime parse_date_time(std::string_view iso);

}  // namespace cartoffre
