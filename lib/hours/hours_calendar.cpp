// Civil dates and the French public holidays.

#include <algorithm>
#include <cstdio>
#include <optional>

#include "cartoffre/error.hpp"
#include "cartoffre/hours.hpp"

namespace cartoffre {

namespace {

int64_t floor_div(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : lengths[month - 1];
}

bool alsace_moselle(std::string_view departement) {
    return departement == "57" || departement == "67" || departement == "68";
}

// Days by law that are not in the national list, by (month, day) for one département.
struct LocalDay {
    const char* departement;
    int month, day;
};
// 26 December in Alsace-Moselle (local law kept from 1919, Code du travail art. L3134-13);
// the abolition of slavery overseas, décret n° 83-1003 du 23 novembre 1983 as amended:
// Mayotte 27 April, Martinique 22 May, Guadeloupe 27 May, Guyane 10 June, La Réunion
// 20 December.
constexpr LocalDay local_days[] = {{"57", 12, 26}, {"67", 12, 26}, {"68", 12, 26}, {"976", 4, 27},
                                   {"972", 5, 22}, {"971", 5, 27}, {"973", 6, 10}, {"974", 12, 20}};

// Days after Easter Sunday: Easter Monday, Ascension, Whit Monday.
constexpr int easter_offsets[] = {1, 39, 50};
// Alsace-Moselle only (Code du travail art. L3134-13): by the letter of the law in the communes
// with a Protestant or mixed church, observed throughout the three départements.
constexpr int good_friday = -2;

constexpr std::pair<int, int> national_days[] = {{1, 1},  {5, 1},  {5, 8},   {7, 14},
                                                 {8, 15}, {11, 1}, {11, 11}, {12, 25}};

int two_digits(std::string_view s, size_t at) {
    if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
        return -1;
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

std::optional<Date> read_date(std::string_view s) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int high = two_digits(s, 0), low = two_digits(s, 2);
    Date d{high * 100 + low, two_digits(s, 5), two_digits(s, 8)};
    if (high < 0 || low < 0 || d.month < 0 || d.day < 0) return std::nullopt;
    return d;
}

}  // namespace

// The shifted year starting in March puts the leap day last, so that a month's first day is a
// linear function of its number; 400 years are exactly 146,097 days.
int64_t Date::days() const {
    const int64_t y = year - (month <= 2);
    const int64_t era = floor_div(y, 400);
    const int64_t year_of_era = y - era * 400;
    const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719,468 days from 0000-03-01 to 1970-01-01
}

Date Date::from_days(int64_t days) {
    days += 719468;
    const int64_t era = floor_div(days, 146097);
    const int64_t day_of_era = days - era * 146097;
    const int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t shifted_month = (5 * day_of_year + 2) / 153;
    Date d;
    d.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
    d.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
    d.year = static_cast<int>(year_of_era + era * 400 + (d.month <= 2));
    return d;
}

int Date::weekday() const {
    return static_cast<int>(((days() % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

bool Date::valid() const {
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string Date::to_string() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

// The anonymous Gregorian computus (Meeus, Astronomical Algorithms, ch. 8): the paschal full
// moon from the Metonic cycle with the century's solar and lunar corrections, then the next
// Sunday.
Date easter_sunday(int year) {
    const int golden = year % 19;
    const int century = year / 100, in_century = year % 100;
    const int leap_corrections = century / 4, century_rest = century % 4;
    const int moon_correction = (century - (century + 8) / 25 + 1) / 3;
    const int epact = (19 * golden + century - leap_corrections - moon_correction + 15) % 30;
    const int to_sunday =
        (32 + 2 * century_rest + 2 * (in_century / 4) - epact - in_century % 4) % 7;
    const int late = (golden + 11 * epact + 22 * to_sunday) / 451;
    const int n = epact + to_sunday - 7 * late + 114;
    return Date{year, n / 31, n % 31 + 1};
}

bool is_public_holiday(const Date& day, std::string_view departement) {
    for (auto [month, d] : national_days)
        if (day.month == month && day.day == d) return true;
    if (!departement.empty())
        for (const LocalDay& local : local_days)
            if (day.month == local.month && day.day == local.day &&
                departement == local.departement)
                return true;
    if (day.month < 3 || day.month > 6) return false;  // Easter's days fall from March to June
    const int64_t after_easter = day.days() - easter_sunday(day.year).days();
    for (int offset : easter_offsets)
        if (after_easter == offset) return true;
    return after_easter == good_friday && alsace_moselle(departement);
}

std::vector<Date> public_holidays(int year, std::string_view departement) {
    std::vector<Date> days;
    for (auto [month, d] : national_days) days.push_back({year, month, d});
    if (!departement.empty())
        for (const LocalDay& local : local_days)
            if (departement == local.departement) days.push_back({year, local.month, local.day});
    const Date easter = easter_sunday(year);
    for (int offset : easter_offsets) days.push_back(easter.plus_days(offset));
    if (alsace_moselle(departement)) days.push_back(easter.plus_days(good_friday));
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());  // 1 May can be Ascension
    return days;
}

Date parse_date(std::string_view iso) {
    auto d = iso.size() == 10 ? read_date(iso) : std::nullopt;
    if (!d) throw QueryError("date invalide « " + std::string(iso) + " » : attendu AAAA-MM-JJ");
    if (!d->valid())
        throw QueryError("date invalide « " + std::string(iso) + " » : ce jour n'existe pas");
    return *d;
}

LocalDateTime parse_date_time(std::string_view iso) {
    const std::string quoted = "« " + std::string(iso) + " »";
    // A UTC offset at the end ("Z", "+01:00", "-0400") names an instant, given back as the
    // time in Paris; without one, the time is Paris's.
    std::optional<int> offset;
    std::string_view wall = iso;
    if (!wall.empty() && (wall.back() == 'Z' || wall.back() == 'z')) {
        offset = 0;
        wall.remove_suffix(1);
    } else if (wall.size() > 19 || (wall.size() > 16 && wall[16] != ':')) {
        const size_t sign = wall.find_last_of("+-");
        std::string_view zone = sign == std::string_view::npos || sign < 16 ? std::string_view()
                                                                            : wall.substr(sign + 1);
        const std::string digits =
            zone.size() == 5 && zone[2] == ':'
                ? std::string(zone.substr(0, 2)) + std::string(zone.substr(3))
                : std::string(zone);
        const int hours = digits.size() == 4 ? two_digits(digits, 0) : -1;
        const int minutes = digits.size() == 4 ? two_digits(digits, 2) : -1;
        if (hours < 0 || minutes < 0 || hours > 14 || minutes > 59)
            throw QueryError("date et heure invalides " + quoted +
                             " : attendu AAAA-MM-JJTHH:MM, avec Z ou +HH:MM pour un autre fuseau");
        offset = (wall[sign] == '-' ? -1 : 1) * (hours * 60 + minutes);
        wall = wall.substr(0, sign);
    }
    auto d = read_date(wall);
    const bool shaped = d && (wall.size() == 16 || wall.size() == 19) &&
                        (wall[10] == 'T' || wall[10] == ' ') && wall[13] == ':' &&
                        (wall.size() == 16 || wall[16] == ':');
    const int hour = shaped ? two_digits(wall, 11) : -1;
    const int minute = shaped ? two_digits(wall, 14) : -1;
    const int second = wall.size() == 19 ? two_digits(wall, 17) : 0;
    if (hour < 0 || minute < 0 || second < 0)
        throw QueryError("date et heure invalides " + quoted + " : attendu AAAA-MM-JJTHH:MM");
    if (!d->valid())
        throw QueryError("date et heure invalides " + quoted + " : ce jour n'existe pas");
    if (hour > 23 || minute > 59 || second > 59)
        throw QueryError("date et heure invalides " + quoted + " : cette heure n'existe pas");
    const LocalDateTime read{*d, hour * 60 + minute};
    return offset ? paris_time_of(read, *offset) : read;
}

}  // namespace cartoffre
