#pragma once
// Opening hours: the OpenStreetMap opening_hours syntax of the data·inclusion standard
// (horaires_accueil), the per-weekday columns of France services and the common shapes of free
// French text, evaluated against the French public holidays. Times are the place's local time.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartoffre/date.hpp"

namespace cartoffre {

// Minutes [start, end) within one day, end at most 1440.
using Interval = std::pair<int, int>;
// Monday to Sunday, each day's open intervals sorted and disjoint.
using Week = std::array<std::vector<Interval>, 7>;

struct HoursParse;

// A small value: the rules in a compact binary form, evaluated in place.
class OpeningHours {
  public:
    OpeningHours();  // closed at all times

    // OSM opening_hours syntax, or free French text ("du lundi au vendredi 9h-12h / 14h-17h").
    static HoursParse parse(std::string_view text);
    // One text per weekday from Monday ("09:00 - 12:00 / 13:30 - 17:00"; empty or "-" is
    // closed), as France services publishes them. A missing Sunday is an empty text.
    static HoursParse from_weekday_columns(const std::array<std::string_view, 7>& days);
    // The hours of a week given day by day.
    static OpeningHours from_week(const Week& week);

    // departement (e.g. "57") adds the local public holidays to the national ones.
    bool open_at(const LocalDateTime& when, std::string_view departement = {}) const;
    // Open at some moment of the day, including hours spilling from the evening before.
    bool open_on(const Date& day, std::string_view departement = {}) const;
    // The seven days starting at a Monday (any other date: the week containing it).
    Week week_of(const Date& day, std::string_view departement = {}) const;
    // The usual week: rules restricted to dates, months, nth weekdays or public holidays left
    // out, Sunday's late hours spilling into Monday.
    Week typical_week() const;
    bool uses_public_holidays() const;

    std::string to_osm() const;  // normalized: "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    std::string serialize() const { return m_bytes; }
    // Throws DataError when the bytes are not serialized hours.
    static OpeningHours deserialize(std::string_view bytes);

    friend bool operator==(const OpeningHours& a, const OpeningHours& b) {
        return a.m_bytes == b.m_bytes;
    }

  private:
    explicit OpeningHours(std::string bytes) : m_bytes(std::move(bytes)) {}

    std::string m_bytes;
};

// The outcome of reading catalogue hours: failures are values, their reason meant to be kept
// with the text and reported, never a guess.
struct HoursParse {
    std::optional<OpeningHours> hours;
    std::string error;                  // why the text was not understood (when no hours)
    std::vector<std::string> warnings;  // what was read but looked wrong (zero-length ranges...)
};

bool is_public_holiday(const Date& day, std::string_view departement = {});
// In date order.
std::vector<Date> public_holidays(int year, std::string_view departement = {});
Date easter_sunday(int year);

}  // namespace cartoffre
