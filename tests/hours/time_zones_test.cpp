// French legal time whatever the process's TZ: Paris for metropolitan France, each overseas
// département its own zone; instants with a UTC offset read as Paris time. The C library's
// zone database is the oracle (TZ set to the zone, localtime_r), independent of ICU's.

#include <time.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "cartoffre/date.hpp"
#include "cartoffre/error.hpp"

using namespace cartoffre;

namespace {

// The wall time `zone` shows at `instant`, by the C library with TZ set to it.
LocalDateTime libc_wall_time(std::time_t instant, const char* zone) {
    const char* before = std::getenv("TZ");
    const std::string saved = before ? before : "";
    setenv("TZ", zone, 1);
    tzset();
    std::tm t{};
    localtime_r(&instant, &t);
    if (before)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
    return {Date{t.tm_year + 1900, t.tm_mon + 1, t.tm_mday}, t.tm_hour * 60 + t.tm_min};
}

bool same(const LocalDateTime& a, const LocalDateTime& b) {
    return a.date == b.date && a.minute_of_day == b.minute_of_day;
}

std::string text(const LocalDateTime& t) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d", t.minute_of_day / 60, t.minute_of_day % 60);
    return t.date.to_string() + buffer;
}

}  // namespace

TEST_CASE("Now is Paris time whatever the process's TZ") {
    for (const char* zone : {"UTC", "Asia/Tokyo", "America/Los_Angeles", "Europe/Paris"}) {
        setenv("TZ", zone, 1);
        tzset();
        for (int attempt = 0; attempt < 3; ++attempt) {  // a minute may turn between the reads
            const std::time_t instant = std::time(nullptr);
            const LocalDateTime now = local_now();
            const LocalDateTime expected = libc_wall_time(instant, "Europe/Paris");
            if (std::time(nullptr) / 60 != instant / 60) continue;
            INFO("TZ=" << zone << ": " << text(now) << " expected " << text(expected));
            CHECK(same(now, expected));
            break;
        }
    }
    unsetenv("TZ");
    tzset();
}

TEST_CASE("A Paris time is each overseas département's own wall time at that instant") {
    // Every hour of 2026 (summer time both ways included) and every overseas code, against the
    // C library.
    const struct {
        const char* departement;
        const char* zone;
    } zones[] = {{"971", "America/Guadeloupe"}, {"972", "America/Martinique"},
                 {"973", "America/Cayenne"},    {"974", "Indian/Reunion"},
                 {"975", "America/Miquelon"},   {"976", "Indian/Mayotte"},
                 {"75", "Europe/Paris"},        {"2A", "Europe/Paris"}};
    const std::time_t start = 1767225600;  // 2026-01-01T00:00Z
    size_t shifted = 0;
    for (std::time_t instant = start; instant < start + 365 * 86400; instant += 3 * 3600 + 60) {
        const LocalDateTime paris = libc_wall_time(instant, "Europe/Paris");
        for (const auto& z : zones) {
            const LocalDateTime expected = libc_wall_time(instant, z.zone);
            const LocalDateTime got = local_time_in(paris, z.departement);
            INFO(text(paris) << " Paris, " << z.departement << ": " << text(got) << " expected "
                             << text(expected));
            // The hour Paris repeats in October is ambiguous: either reading is an answer.
            if (!same(got, expected)) {
                const bool repeated = same(libc_wall_time(instant + 3600, "Europe/Paris"), paris) ||
                                      same(libc_wall_time(instant - 3600, "Europe/Paris"), paris);
                CHECK(repeated);
                CHECK((same(got, libc_wall_time(instant + 3600, z.zone)) ||
                       same(got, libc_wall_time(instant - 3600, z.zone))));
            }
            shifted += !same(got, paris);
        }
    }
    CHECK(shifted > 10000);  // the overseas clocks did differ from Paris's
    CHECK(time_zone_of("974") == "Indian/Reunion");
    CHECK(time_zone_of("") == "Europe/Paris");
    CHECK(time_zone_of("57") == "Europe/Paris");
    CHECK(local_time_place("974") == "La Réunion");
    CHECK(local_time_place("75").empty());
}

TEST_CASE("A time with a UTC offset is read as the same instant in Paris") {
    auto paris = [](const char* iso) { return text(parse_date_time(iso)); };
    CHECK(paris("2026-12-07T06:00Z") == "2026-12-07T07:00");       // winter: UTC+1
    CHECK(paris("2026-07-01T06:00Z") == "2026-07-01T08:00");       // summer: UTC+2
    CHECK(paris("2026-12-07T10:00+04:00") == "2026-12-07T07:00");  // Réunion's morning
    CHECK(paris("2026-12-07T02:00-04:00") == "2026-12-07T07:00");  // Guadeloupe's night
    CHECK(paris("2026-12-07T23:30-0400") == "2026-12-08T04:30");   // the next day in Paris
    CHECK(paris("2026-12-07T14:30") == "2026-12-07T14:30");        // no offset: Paris time
    CHECK(paris("2026-12-07T14:30:15+01:00") == "2026-12-07T14:30");
    CHECK_THROWS_AS(parse_date_time("2026-12-07T14:30+25:00"), QueryError);
    CHECK_THROWS_AS(parse_date_time("2026-12-07T14:30+4"), QueryError);
    CHECK_THROWS_AS(parse_date_time("2026-12-07T14:30Q"), QueryError);
}
