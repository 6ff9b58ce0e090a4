// Time in France: metropolitan France and Corsica keep Europe/Paris time, each overseas
// département its own zone. The process's TZ never decides: a server in UTC and a laptop in
// Tokyo say the same "open now". The rules of each zone (summer time, past changes) are ICU's.

#include <unicode/calendar.h>
#include <unicode/timezone.h>

#include <array>
#include <map>
#include <memory>
#include <string>

#include "cartoffre/date.hpp"
#include "cartoffre/error.hpp"

namespace cartoffre {

namespace {

struct Zone {
    const char* departement;
    const char* name;   // IANA, as ICU knows it
    const char* where;  // as a caseworker says it: "heure de La Réunion"
};
// The départements and collectivités with a code of their own whose zone is not Paris's.
constexpr std::array<Zone, 8> overseas = {{
    {"971", "America/Guadeloupe", "la Guadeloupe"},
    {"972", "America/Martinique", "la Martinique"},
    {"973", "America/Cayenne", "la Guyane"},
    {"974", "Indian/Reunion", "La Réunion"},
    {"975", "America/Miquelon", "Saint-Pierre-et-Miquelon"},
    {"976", "Indian/Mayotte", "Mayotte"},
    {"977", "America/St_Barthelemy", "Saint-Barthélemy"},
    {"978", "America/Marigot", "Saint-Martin"},
}};
constexpr const char* paris = "Europe/Paris";

// A Gregorian calendar in `zone`, made once per thread and zone (making one costs microseconds,
// and every search asks for the time); the error names the zone (ICU without its data).
icu::Calendar& calendar_in(const char* zone) {
    thread_local std::map<std::string, std::unique_ptr<icu::Calendar>> calendars;
    std::unique_ptr<icu::Calendar>& c = calendars[zone];
    if (!c) {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Calendar> made(icu::Calendar::createInstance(
            icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)), status));
        if (U_FAILURE(status))
            throw Error(std::string("fuseau horaire ") + zone +
                        " inconnu d'ICU : " + u_errorName(status));
        made->setLenient(true);  // a wall time in the spring gap moves forward, as clocks do
        c = std::move(made);
    }
    return *c;
}

LocalDateTime wall_time(icu::Calendar& c) {
    UErrorCode status = U_ZERO_ERROR;
    const int year = c.get(UCAL_YEAR, status), month = c.get(UCAL_MONTH, status) + 1,
              day = c.get(UCAL_DATE, status), hour = c.get(UCAL_HOUR_OF_DAY, status),
              minute = c.get(UCAL_MINUTE, status);
    if (U_FAILURE(status))
        throw Error(std::string("heure locale illisible : ") + u_errorName(status));
    return {Date{year, month, day}, hour * 60 + minute};
}

// The instant (ms since 1970, UTC) of a wall time in `zone`.
UDate instant_of(const LocalDateTime& wall, const char* zone) {
    icu::Calendar* c = &calendar_in(zone);
    c->clear();
    c->set(wall.date.year, wall.date.month - 1, wall.date.day, wall.minute_of_day / 60,
           wall.minute_of_day % 60, 0);
    UErrorCode status = U_ZERO_ERROR;
    const UDate at = c->getTime(status);
    if (U_FAILURE(status)) throw Error(std::string("heure illisible : ") + u_errorName(status));
    return at;
}

LocalDateTime wall_time_at(UDate instant, const char* zone) {
    icu::Calendar* c = &calendar_in(zone);
    UErrorCode status = U_ZERO_ERROR;
    c->setTime(instant, status);
    if (U_FAILURE(status)) throw Error(std::string("heure illisible : ") + u_errorName(status));
    return wall_time(*c);
}

}  // namespace

std::string_view time_zone_of(std::string_view departement) {
    for (const Zone& z : overseas)
        if (departement == z.departement) return z.name;
    return paris;
}

std::string_view local_time_place(std::string_view departement) {
    for (const Zone& z : overseas)
        if (departement == z.departement) return z.where;
    return {};
}

LocalDateTime local_time_in(const LocalDateTime& paris_time, std::string_view departement) {
    const std::string_view zone = time_zone_of(departement);
    if (zone == paris) return paris_time;
    return wall_time_at(instant_of(paris_time, paris), std::string(zone).c_str());
}

LocalDateTime paris_time_of(const LocalDateTime& wall, int utc_offset_minutes) {
    const UDate utc = instant_of(wall, "Etc/UTC") - utc_offset_minutes * 60000.0;
    return wall_time_at(utc, paris);
}

LocalDateTime local_now() {
    return wall_time_at(icu::Calendar::getNow(), paris);
}

}  // namespace cartoffre
