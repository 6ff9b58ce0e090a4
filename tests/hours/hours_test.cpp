// Opening hours: the OSM syntax, French text and France services columns, the holiday
// calendar, evaluation and serialization.

#include "cartoffre/hours.hpp"

#include <catch2/catch.hpp>

#include "cartoffre/error.hpp"
#include "support/hours_week.hpp"

using namespace cartoffre;
using testing::expand_week;
using testing::week_text;

namespace {

OpeningHours hours_of(std::string_view text) {
    HoursParse parsed = OpeningHours::parse(text);
    INFO(text << ": " << parsed.error);
    REQUIRE(parsed.hours);
    return *parsed.hours;
}

std::string typical(std::string_view text) {
    return week_text(hours_of(text).typical_week());
}

std::string error_of(std::string_view text) {
    HoursParse parsed = OpeningHours::parse(text);
    return parsed.hours ? "(parsed)" : parsed.error;
}

bool open(const OpeningHours& hours, const char* when, std::string_view departement = {}) {
    return hours.open_at(parse_date_time(when), departement);
}

}  // namespace

TEST_CASE("Weekday lists and ranges name the days of a rule") {
    CHECK(typical("Mo-Fr 09:00-12:00") == expand_week("Mo-Fr 09:00-12:00"));
    CHECK(typical("Mo,We,Fr 10:00-12:00") == expand_week("Mo,We,Fr 10:00-12:00"));
    CHECK(typical("Tu-Th,Sa 10:00-12:00") == expand_week("Tu-Th,Sa 10:00-12:00"));
    CHECK(typical("Sa-Su 10:00-12:00") == expand_week("Sa-Su 10:00-12:00"));
    // A range may wrap over the weekend.
    CHECK(typical("Fr-Mo 10:00-12:00") == expand_week("Mo,Fr-Su 10:00-12:00"));
    // A rule without days holds every day; days without times are open all day.
    CHECK(typical("10:00-12:00") == expand_week("Mo-Su 10:00-12:00"));
    CHECK(typical("Sa,Su") == expand_week("Sa-Su 00:00-24:00"));
}

TEST_CASE("A rule holds several time ranges, in any order, and 24:00 ends a day") {
    CHECK(typical("Mo-Fr 09:00-12:00,14:00-17:00") == expand_week("Mo-Fr 09:00-12:00,14:00-17:00"));
    CHECK(typical("We 14:00-17:00,09:00-12:00") == expand_week("We 09:00-12:00,14:00-17:00"));
    CHECK(typical("Sa 18:00-24:00") == expand_week("Sa 18:00-24:00"));
    CHECK(typical("24/7") == expand_week("Mo-Su 00:00-24:00"));
    // Ranges that touch are one range.
    CHECK(typical("Mo 08:00-13:00,13:00-18:00") == expand_week("Mo 08:00-18:00"));
}

TEST_CASE("Sloppy spacing, lowercase days and a colon after the days are accepted") {
    const std::string expected = expand_week("Mo-Fr 09:00-12:00,14:00-17:00 | Sa 10:00-12:00");
    CHECK(typical("mo-fr 09:00 - 12:00 , 14:00-17:00 ;sa 10:00-12:00") == expected);
    CHECK(typical("  Mo - Fr 9:00-12:00,14:00-17:00; Sa 10:00-12:00;  ") == expected);
    HoursParse colon = OpeningHours::parse("Mo-Fr: 09:00-12:00,14:00-17:00; Sa 10:00-12:00");
    REQUIRE(colon.hours);
    CHECK(week_text(colon.hours->typical_week()) == expected);
    CHECK(colon.warnings == std::vector<std::string>{"deux-points après les jours"});
    HoursParse french = OpeningHours::parse("Mo-Fr 9h-12h30,13h30-17h");
    REQUIRE(french.hours);
    CHECK(week_text(french.hours->typical_week()) == expand_week("Mo-Fr 09:00-12:30,13:30-17:00"));
    CHECK(french.warnings.size() == 1);
}

TEST_CASE("Hours past midnight spill into the next day") {
    const OpeningHours late = hours_of("Fr 22:00-02:00");
    CHECK(week_text(late.typical_week()) == expand_week("Fr 22:00-24:00 | Sa 00:00-02:00"));
    CHECK(open(late, "2026-11-27T23:30"));  // a Friday
    CHECK(open(late, "2026-11-28T01:59"));  // Saturday morning, Friday's hours
    CHECK_FALSE(open(late, "2026-11-28T02:00"));
    CHECK_FALSE(open(late, "2026-11-27T01:00"));  // Friday morning: Thursday is closed
    CHECK(late.open_on(Date{2026, 11, 28}));
    CHECK_FALSE(late.open_on(Date{2026, 11, 29}));
    // Sunday night spills into Monday, in the typical week as in a dated one.
    const OpeningHours sunday = hours_of("Su 20:00-01:00");
    CHECK(week_text(sunday.typical_week()) == expand_week("Mo 00:00-01:00 | Su 20:00-24:00"));
    CHECK(week_text(sunday.week_of(Date{2026, 11, 23})) ==
          expand_week("Mo 00:00-01:00 | Su 20:00-24:00"));
    CHECK(OpeningHours::parse("Fr 22:00-02:00").warnings ==
          std::vector<std::string>{"la plage 22:00-02:00 finit le lendemain"});
}

TEST_CASE("A later rule replaces earlier ones for the days it names, spills included") {
    CHECK(typical("Mo-Fr 09:00-17:00; We off") == expand_week("Mo-Tu,Th-Fr 09:00-17:00"));
    CHECK(typical("Mo-Fr 09:00-17:00; We closed") == expand_week("Mo-Tu,Th-Fr 09:00-17:00"));
    CHECK(typical("We off; Mo-Fr 09:00-17:00") == expand_week("Mo-Fr 09:00-17:00"));
    CHECK(typical("Mo-Fr 09:00-12:00,14:00-17:00; Tu 09:00-12:00") ==
          expand_week("Mo,We-Fr 09:00-12:00,14:00-17:00 | Tu 09:00-12:00"));
    // As opening_hours.js does: Tuesday's rule wipes Monday's spill; Tuesday's own spill
    // (from the first rule, read before) is added to Wednesday.
    const OpeningHours nights = hours_of("Mo-Su 22:00-02:00; Tu off");
    CHECK_FALSE(open(nights, "2026-11-24T01:00"));  // Tuesday
    CHECK_FALSE(open(nights, "2026-11-24T23:00"));
    CHECK(open(nights, "2026-11-25T01:00"));  // Wednesday
}

TEST_CASE("A rule joined by a comma adds hours instead of replacing them") {
    CHECK(typical("Mo-Fr 08:00-12:00, We 14:00-16:00") ==
          expand_week("Mo-Tu,Th-Fr 08:00-12:00 | We 08:00-12:00,14:00-16:00"));
    CHECK(typical("Mo-Fr 08:00-12:00; We 14:00-16:00") ==
          expand_week("Mo-Tu,Th-Fr 08:00-12:00 | We 14:00-16:00"));
}

TEST_CASE("PH rules hold on public holidays: closed on 14 July, open the day after") {
    const OpeningHours hours = hours_of("Mo-Fr 09:00-12:00,14:00-17:00; PH off");
    CHECK(hours.uses_public_holidays());
    CHECK_FALSE(open(hours, "2026-07-14T10:00"));  // a Tuesday
    CHECK(open(hours, "2026-07-15T10:00"));
    CHECK_FALSE(hours.open_on(Date{2026, 7, 14}));
    CHECK(week_text(hours.week_of(Date{2026, 7, 15})) ==
          expand_week("Mo,We-Fr 09:00-12:00,14:00-17:00"));
    // PH with hours, and PH among weekdays.
    const OpeningHours morning = hours_of("Mo-Fr 09:00-17:00; PH 10:00-12:00");
    CHECK(open(morning, "2026-07-14T11:00"));
    CHECK_FALSE(open(morning, "2026-07-14T15:00"));
    const OpeningHours with_holidays = hours_of("Sa,PH 10:00-12:00");
    CHECK(open(with_holidays, "2026-07-14T11:00"));
    CHECK_FALSE(open(with_holidays, "2026-07-15T11:00"));
    // Without PH, a holiday is a day like any other.
    CHECK(open(hours_of("Mo-Fr 09:00-17:00"), "2026-07-14T10:00"));
}

TEST_CASE("Good Friday closes PH rules only in Alsace-Moselle") {
    const OpeningHours hours = hours_of("Mo-Fr 09:00-17:00; PH off");
    CHECK(open(hours, "2026-04-03T10:00"));
    CHECK(open(hours, "2026-04-03T10:00", "75"));
    CHECK_FALSE(open(hours, "2026-04-03T10:00", "67"));
    CHECK_FALSE(open(hours, "2026-04-03T10:00", "57"));
    CHECK(week_text(hours.week_of(Date{2026, 3, 30}, "68")) == expand_week("Mo-Th 09:00-17:00"));
    CHECK(week_text(hours.week_of(Date{2026, 3, 30})) == expand_week("Mo-Fr 09:00-17:00"));
    // Easter Monday, everywhere.
    CHECK(week_text(hours.week_of(Date{2026, 4, 8}, "68")) == expand_week("Tu-Fr 09:00-17:00"));
}

TEST_CASE("Month and date ranges restrict rules, across the new year too") {
    const OpeningHours seasons = hours_of("Jan-Jun Mo-Fr 09:00-12:00; Jul-Aug Mo-Fr 10:00-12:00");
    CHECK(open(seasons, "2026-03-02T09:30"));
    CHECK_FALSE(open(seasons, "2026-08-03T09:30"));
    CHECK(open(seasons, "2026-08-03T10:30"));
    CHECK_FALSE(open(seasons, "2026-10-05T10:30"));
    CHECK(week_text(seasons.typical_week()).empty());  // no rule holds all year

    const OpeningHours holidays = hours_of("Mo-Fr 09:00-17:00; Dec 24-Jan 2 off");
    CHECK(week_text(holidays.typical_week()) == expand_week("Mo-Fr 09:00-17:00"));
    CHECK_FALSE(open(holidays, "2025-12-29T10:00"));
    CHECK_FALSE(open(holidays, "2026-01-02T10:00"));
    CHECK(open(holidays, "2026-01-05T10:00"));
    CHECK(open(holidays, "2026-12-23T10:00"));
    CHECK_FALSE(open(holidays, "2026-12-24T10:00"));

    const OpeningHours august = hours_of("Mo-Fr 09:00-17:00; Aug off");
    CHECK_FALSE(open(august, "2026-08-03T10:00"));
    CHECK(open(august, "2026-09-01T10:00"));
    CHECK_FALSE(open(hours_of("Mo-Fr 09:00-17:00; Dec 25 off"), "2026-12-25T10:00"));
    CHECK_FALSE(open(hours_of("Mo-Su 09:00-17:00; Dec 24-26 off"), "2026-12-26T10:00"));
    CHECK(open(hours_of("Mo-Su 09:00-17:00; Dec 24-26 off"), "2026-12-27T10:00"));
}

TEST_CASE("Nth weekdays hold in the named weeks of the month only") {
    const OpeningHours first = hours_of("Mo[1] 09:00-12:00");
    CHECK(open(first, "2026-03-02T10:00"));
    CHECK_FALSE(open(first, "2026-03-09T10:00"));
    const OpeningHours some = hours_of("Mo[1,3],We[-1] 09:00-12:00");
    CHECK(open(some, "2026-03-16T10:00"));
    CHECK_FALSE(open(some, "2026-03-23T10:00"));
    CHECK(open(some, "2026-03-25T10:00"));  // the last Wednesday of March
    CHECK_FALSE(open(some, "2026-03-18T10:00"));
    CHECK(open(hours_of("Mo[-1] 09:00-12:00"), "2026-03-30T10:00"));
    CHECK(some.to_osm() == "Mo[1,3],We[-1] 09:00-12:00");
}

TEST_CASE("A zero-length range is read as closed, with a warning") {
    HoursParse parsed = OpeningHours::parse("Mo-Fr 09:00-12:00; We 14:00-14:00");
    REQUIRE(parsed.hours);
    CHECK(week_text(parsed.hours->typical_week()) == expand_week("Mo-Tu,Th-Fr 09:00-12:00"));
    CHECK(parsed.warnings ==
          std::vector<std::string>{"plage de durée nulle 14:00-14:00 lue comme fermée"});
    CHECK(parsed.hours->to_osm() == "Mo-Fr 09:00-12:00; We off");
}

TEST_CASE("OSM text that cannot be read with certainty fails with its reason") {
    CHECK(error_of("Mo 08:22") == "une heure sans fin : '08:22'");
    CHECK(error_of("Mo-Fr 09:00-12:00-14:00") ==
          "trois heures à la suite ne se lisent pas comme des plages : '09:00-12:00-...'");
    CHECK(error_of("SH off") == "les vacances scolaires (SH) ne sont pas connues");
    CHECK(error_of("Mo-Fr 08:00+") == "les heures sans fin ('+') ne sont pas prises en charge");
    CHECK(error_of("Mo-Fr 09:00-12:00 || \"sur rendez-vous\"") ==
          "les règles de repli ('||') ne sont pas prises en charge");
    CHECK(error_of("Mo 25:00-26:00") == "cette heure n'existe pas : '25:00'");
    CHECK(error_of("") == "aucun horaire d'ouverture");
    CHECK(error_of("Mo-Xx 10:00-12:00") == "un jour de la semaine est attendu à 'Xx 10:00-12:00'");
    // French times need days: read as OSM, they would name every day.
    CHECK(error_of("9h-12h") == "des heures sans jours : '9h - 12h'");
}

TEST_CASE("French text: days then hours, in the shapes the catalogues use") {
    CHECK(typical("du lundi au vendredi 9h-12h / 14h-17h") ==
          expand_week("Mo-Fr 09:00-12:00,14:00-17:00"));
    CHECK(typical("Lundi,mardi,jeudi,vendredi : 8h45-12h15 et 14h-17h30 et le mercredi : "
                  "8h45-12h15") ==
          expand_week("Mo,Tu,Th,Fr 08:45-12:15,14:00-17:30 | We 08:45-12:15"));
    CHECK(typical("Mardi de 9h à 12h") == expand_week("Tu 09:00-12:00"));
    CHECK(typical("Du Lundi au Vendredi de 9h - 12h et de 14h - 17h") ==
          expand_week("Mo-Fr 09:00-12:00,14:00-17:00"));
    CHECK(typical("Horaires d'ouverture :Du lundi au vendredi9h/12h - 14h/17h") ==
          expand_week("Mo-Fr 09:00-12:00,14:00-17:00"));
    CHECK(typical("Lundi : 14H - 17HMardi, Mercredi et Jeudi : 9H30 - 12H") ==
          expand_week("Mo 14:00-17:00 | Tu-Th 09:30-12:00"));
    CHECK(typical("lundi au vendredi 8h15-19h30 et week-end 9h-19h30") ==
          expand_week("Mo-Fr 08:15-19:30 | Sa-Su 09:00-19:30"));
    CHECK(typical("<ul><li>mardi-jeudi-vendredi 14H00-17H45</li><li>mercredi 15H00-17H45</li>"
                  "</ul>") == expand_week("Tu,Th-Fr 14:00-17:45 | We 15:00-17:45"));
    CHECK(typical("Du lundi au jeudi de 9 h - 12 h 30 et de 13 h 30 - 17 heures") ==
          expand_week("Mo-Th 09:00-12:30,13:30-17:00"));
}

TEST_CASE("French text: closings remove days or half-days") {
    CHECK(typical("Du lundi au vendredi : 9h - 12h / 12h30 - 16h \nfermé le mercredi") ==
          expand_week("Mo-Tu,Th-Fr 09:00-12:00,12:30-16:00"));
    CHECK(typical("du lundi au vendredi sauf le mercredi de 9h à 12h") ==
          expand_week("Mo-Tu,Th-Fr 09:00-12:00"));
    CHECK(typical("Du lundi au jeudi : 9h-12h30, 13h30-17h. Fermeture au public le jeudi "
                  "après-midi.") == expand_week("Mo-We 09:00-12:30,13:30-17:00 | Th 09:00-12:30"));
    CHECK(typical("Lundi au vendredi 9h-12h. Samedi : fermé") == expand_week("Mo-Fr 09:00-12:00"));
    const OpeningHours holidays = hours_of("Du lundi au vendredi 9h-17h, fermé les jours fériés");
    CHECK(holidays.to_osm() == "Mo-Fr 09:00-17:00; PH off");
    CHECK_FALSE(holidays.open_on(Date{2026, 7, 14}));
}

TEST_CASE("French text: what is not certain fails with its reason") {
    CHECK(error_of("9h-12h30 / 13h30-17h30") == "des heures sans jours : '9h - 12h30 / 13h30 -'");
    CHECK(error_of("Ouvert tous les jours de 9h - 18h") ==
          "'tous les jours de 9h -' ne dit pas quels jours");
    CHECK(error_of("Mardi, Jeudi : 9h-12h. Le samedi sur rendez-vous") ==
          "pas d'heures après 'le samedi'");
    CHECK(error_of("Lundi le matin") ==
          "pas d'heures après 'lundi' (un moment de la journée n'est pas une heure)");
    CHECK(error_of("lundi au vendredi : 8h-12h, 13h30-17h30 (vendredi 16h30)") ==
          "une heure sans sa paire dans '16h30'");
    CHECK(error_of("Du lundi au vendredi 9h-17h. Vendredi 9h-12h") ==
          "heures données deux fois pour le vendredi");
    CHECK(error_of("Lundi 9h-16h / 13h-16h") ==
          "des plages horaires qui se chevauchent : '9h - 16h / 13h - 16h'");
    CHECK(error_of("Très variables") == "non compris : 'tres variables'");
    CHECK(error_of("mardi-jeudi 14h-17h") ==
          "'mardi-jeudi' peut être deux jours ou les jours entre eux");
    CHECK(typical("mardi-mercredi 14h-17h") == expand_week("Tu-We 14:00-17:00"));
}

TEST_CASE("France services columns give one day each, empty or '-' when closed") {
    HoursParse parsed =
        OpeningHours::from_weekday_columns({"09:00 - 12:00 / 13:30 - 17:00", "09:30 - 16:30", "",
                                            "-", "09:00-12:00/14:00-16:00", "08 :30-12:00", ""});
    REQUIRE(parsed.hours);
    CHECK(week_text(parsed.hours->typical_week()) ==
          expand_week("Mo 09:00-12:00,13:30-17:00 | Tu 09:30-16:30 | Fr 09:00-12:00,14:00-16:00 "
                      "| Sa 08:30-12:00"));
    CHECK(parsed.warnings.empty());
    HoursParse zero = OpeningHours::from_weekday_columns(
        {"00:00 - 00:00 / 08:30 - 16:00", "08:30 - 12:00 / 08:30 - 12:00", "", "", "", "", ""});
    REQUIRE(zero.hours);
    CHECK(week_text(zero.hours->typical_week()) == expand_week("Mo 08:30-16:00 | Tu 08:30-12:00"));
    CHECK(zero.warnings ==
          std::vector<std::string>{
              "lundi: plage de durée nulle lue comme fermée : '00:00 - 00:00 / 08:30 - 16:00'",
              "mardi: une plage écrite deux fois : '08:30 - 12:00 / 08:30 - 12:00'"});
    CHECK(OpeningHours::from_weekday_columns({"07:30:12:30", "", "", "", "", "", ""}).error ==
          "lundi: une heure sans sa paire dans '07:30'");
    CHECK(OpeningHours::from_weekday_columns({"-", "-", "", "", "", "", ""}).error ==
          "aucun horaire d'ouverture, aucun jour");
}

TEST_CASE("Easter and the holidays that follow it, for several years") {
    CHECK(easter_sunday(2024) == Date{2024, 3, 31});
    CHECK(easter_sunday(2025) == Date{2025, 4, 20});
    CHECK(easter_sunday(2026) == Date{2026, 4, 5});
    CHECK(easter_sunday(2000) == Date{2000, 4, 23});
    CHECK(easter_sunday(2038) == Date{2038, 4, 25});  // the latest possible
    CHECK(easter_sunday(2285) == Date{2285, 3, 22});  // the earliest possible
    CHECK(easter_sunday(2008) == Date{2008, 3, 23});
    // Easter Monday, Ascension (Thursday, 39 days on), Whit Monday (50 days on).
    for (const Date& d : {Date{2024, 4, 1}, Date{2024, 5, 9}, Date{2024, 5, 20}, Date{2025, 4, 21},
                          Date{2025, 5, 29}, Date{2025, 6, 9}, Date{2026, 4, 6}, Date{2026, 5, 14},
                          Date{2026, 5, 25}}) {
        INFO(d.to_string());
        CHECK(is_public_holiday(d));
    }
    CHECK_FALSE(is_public_holiday(Date{2026, 4, 5}));  // Easter Sunday is a Sunday, not a holiday
    CHECK_FALSE(is_public_holiday(Date{2026, 5, 15}));
}

TEST_CASE("The national holidays of a year, and the local ones of a département") {
    std::vector<std::string> days;
    for (const Date& d : public_holidays(2026)) days.push_back(d.to_string());
    CHECK(days == std::vector<std::string>{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08",
                                           "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15",
                                           "2026-11-01", "2026-11-11", "2026-12-25"});
    CHECK(public_holidays(2026, "67").size() == 13);
    CHECK(is_public_holiday(Date{2026, 4, 3}, "57"));
    CHECK(is_public_holiday(Date{2026, 12, 26}, "68"));
    CHECK_FALSE(is_public_holiday(Date{2026, 12, 26}, "75"));
    CHECK_FALSE(is_public_holiday(Date{2026, 4, 3}));
    // Abolition of slavery overseas.
    CHECK(is_public_holiday(Date{2026, 5, 27}, "971"));
    CHECK(is_public_holiday(Date{2026, 5, 22}, "972"));
    CHECK(is_public_holiday(Date{2026, 6, 10}, "973"));
    CHECK(is_public_holiday(Date{2026, 12, 20}, "974"));
    CHECK(is_public_holiday(Date{2026, 4, 27}, "976"));
    CHECK_FALSE(is_public_holiday(Date{2026, 5, 27}, "972"));
    // In 2008 Ascension fell on 1 May: listed once.
    CHECK(public_holidays(2008).size() == 10);
}

TEST_CASE("Civil dates count days from 1970 and know their weekday") {
    CHECK(Date{1970, 1, 1}.days() == 0);
    CHECK(Date{1969, 12, 31}.days() == -1);
    CHECK(Date{2026, 11, 24}.days() == 20781);
    CHECK(Date{2026, 11, 24}.weekday() == 1);  // a Tuesday
    CHECK(Date{2000, 1, 1}.weekday() == 5);    // a Saturday
    CHECK(Date{1969, 12, 31}.weekday() == 2);
    CHECK(Date{2024, 2, 28}.plus_days(1) == Date{2024, 2, 29});
    CHECK(Date{2023, 2, 28}.plus_days(1) == Date{2023, 3, 1});
    CHECK(Date{2025, 12, 31}.plus_days(1) == Date{2026, 1, 1});
    for (int64_t n = -800000; n <= 800000; n += 997) CHECK(Date::from_days(n).days() == n);
    CHECK(Date{2024, 2, 29}.valid());
    CHECK_FALSE(Date{2100, 2, 29}.valid());
    CHECK(Date{2000, 2, 29}.valid());
}

TEST_CASE("User dates are ISO; a bad one is a QueryError naming it") {
    CHECK(parse_date("2026-11-24") == Date{2026, 11, 24});
    const LocalDateTime t = parse_date_time("2026-11-24T14:30");
    CHECK(t.date == Date{2026, 11, 24});
    CHECK(t.minute_of_day == 14 * 60 + 30);
    CHECK(parse_date_time("2026-11-24 08:05").minute_of_day == 8 * 60 + 5);
    CHECK(parse_date_time("2026-11-24T08:05:59").minute_of_day == 8 * 60 + 5);
    CHECK_THROWS_MATCHES(parse_date("24/11/2026"), QueryError,
                         Catch::Message("date invalide « 24/11/2026 » : attendu AAAA-MM-JJ"));
    CHECK_THROWS_MATCHES(parse_date("2026-02-30"), QueryError,
                         Catch::Message("date invalide « 2026-02-30 » : ce jour n'existe pas"));
    CHECK_THROWS_MATCHES(parse_date("2026-11-24T10:00"), QueryError,
                         Catch::Message("date invalide « 2026-11-24T10:00 » : attendu AAAA-MM-JJ"));
    CHECK_THROWS_MATCHES(parse_date_time("2026-11-24"), QueryError,
                         Catch::Message("date et heure invalides « 2026-11-24 » : attendu "
                                        "AAAA-MM-JJTHH:MM"));
    CHECK_THROWS_MATCHES(
        parse_date_time("2026-11-24T24:00"), QueryError,
        Catch::Message("date et heure invalides « 2026-11-24T24:00 » : cette heure "
                       "n'existe pas"));
    CHECK_THROWS_AS(parse_date_time("2026-13-01T10:00"), QueryError);
}

TEST_CASE("Serialized hours read back the same and evaluate the same") {
    for (const char* text :
         {"Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Fr 22:00-02:00", "24/7",
          "Jan-Jun Mo-Fr 09:00-12:00; Jul-Aug Mo-Fr 10:00-12:00; Dec 24-Jan 02 off",
          "Mo[1,3],We[-1] 09:00-12:00", "Mo-Fr 08:00-12:00, We 14:00-16:00", "off"}) {
        INFO(text);
        const OpeningHours hours = hours_of(text);
        const std::string bytes = hours.serialize();
        CHECK(bytes.size() < 64);
        const OpeningHours back = OpeningHours::deserialize(bytes);
        CHECK(back == hours);
        CHECK(back.to_osm() == text);
        CHECK(hours_of(back.to_osm()) == hours);
        for (int day = 0; day < 60; ++day)
            for (int minute = 0; minute < 1440; minute += 45) {
                const LocalDateTime when{Date{2026, 12, 1}.plus_days(day), minute};
                CHECK(back.open_at(when) == hours.open_at(when));
            }
    }
    CHECK(OpeningHours().serialize() == OpeningHours::from_week({}).serialize());
    CHECK_THROWS_AS(OpeningHours::deserialize(""), DataError);
    CHECK_THROWS_AS(OpeningHours::deserialize("\x01\x01\x00"), DataError);
    std::string bytes = hours_of("Mo 09:00-12:00").serialize();
    bytes.back() = '\x7f';  // an end past 48:00
    CHECK_THROWS_AS(OpeningHours::deserialize(bytes), DataError);
}

TEST_CASE("A week given day by day becomes grouped rules") {
    Week week;
    for (int d = 0; d < 5; ++d) week[d] = {{9 * 60, 12 * 60}, {14 * 60, 17 * 60}};
    week[5] = {{9 * 60, 12 * 60}};
    const OpeningHours hours = OpeningHours::from_week(week);
    CHECK(hours.to_osm() == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00");
    CHECK(hours.typical_week() == week);
    CHECK(OpeningHours().to_osm() == "off");
    CHECK_FALSE(OpeningHours().open_on(Date{2026, 1, 1}));
    week[6] = {{-5, 10}};
    CHECK_THROWS_AS(OpeningHours::from_week(week), DataError);
}

TEST_CASE("Long runs of digits in hours are refused, not overflowed (found by fuzzing)") {
    // The French lexer multiplied every digit into an int (UndefinedBehaviorSanitizer: signed
    // overflow), and so did the OSM day of the month, whose error then showed a wrapped number.
    CHECK_FALSE(error_of("B7222222222222222222222222222222222:400").empty());
    CHECK_FALSE(error_of("T,u1111111111111111111111111111111111111111Th 0914:0--19:00").empty());
    CHECK_FALSE(error_of("ouvert le 99999999999999 de 9h à 12h").empty());
    CHECK(error_of("Jan 99999999999 10:00-12:00")
              .find("ce jour du mois n'existe pas : 99999999999") != std::string::npos);
    CHECK(error_of("Jan 32 10:00-12:00").find("ce jour du mois n'existe pas : 32") !=
          std::string::npos);
    CHECK(error_of("Jan 05 10:00-12:00") == "(parsed)");
}

// Found by the fuzzing campaign: rules beyond what the encoding holds made parse() throw (the
// loader, the index build and `cartoffre show` then failed on one offer's hours).
TEST_CASE("Hours longer than the encoding holds are a parse failure, kept as text") {
    std::string rules;
    for (int i = 0; i < 300; ++i) rules += "Mo 08:00-09:00; ";
    HoursParse parsed;
    REQUIRE_NOTHROW(parsed = OpeningHours::parse(rules));
    CHECK_FALSE(parsed.hours);
    CHECK(parsed.error == "plus de 255 règles (300)");
    rules.resize(255 * 16 - 2);  // 255 rules fit
    CHECK(OpeningHours::parse(rules).hours);
    // One day of the France services columns with 300 spans; 255 fit.
    std::string spans;
    for (int i = 0; i < 300; ++i) {
        const int start = 6 * 60 + 2 * i;  // one minute open, one closed, from 06:00
        char text[32];
        std::snprintf(text, sizeof text, "%s%02d:%02d-%02d:%02d", i ? ", " : "", start / 60,
                      start % 60, (start + 1) / 60, (start + 1) % 60);
        spans += text;
    }
    HoursParse week;
    REQUIRE_NOTHROW(week = OpeningHours::from_weekday_columns({spans, "", "", "", "", "", ""}));
    CHECK_FALSE(week.hours);
    CHECK(week.error == "lundi: plus de 255 plages");
    spans.resize(spans.find(", 14:30"));  // 06:00 to 14:29: 255 spans
    const HoursParse fits = OpeningHours::from_weekday_columns({spans, "", "", "", "", "", ""});
    INFO(fits.error);
    REQUIRE(fits.hours);
    CHECK(fits.hours->typical_week()[0].size() == 255);
}
