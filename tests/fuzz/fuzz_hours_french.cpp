// The French hours parsers (lib/hours/hours_french*.cpp): free text, one day's hours and the
// lexer, on any text; what they accept is checked as hours (fuzz_hours.hpp).

#include "fuzz_hours.hpp"
#include "hours/hours_french.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(fuzz::text_of(data, size));
    const auto tokens = detail::lex_french(text);
    fuzz::expect(!tokens.empty() && tokens.back().kind == detail::FrenchToken::end,
                 "tokens end with end");
    const detail::RulesParse french = detail::parse_french(text);
    fuzz::expect(french.ok || !french.error.empty(), "a failure says why");
    const HoursParse parsed = OpeningHours::parse(text);
    if (parsed.hours) fuzz::check_hours(*parsed.hours);
    const detail::DayParse day = detail::parse_day_hours(text);
    fuzz::expect(day.ok || !day.error.empty(), "a day's failure says why");
    // As France services columns: the same text every day.
    const HoursParse week = OpeningHours::from_weekday_columns(
        {text, text, text, text, text, text, std::string_view()});
    if (week.hours) fuzz::check_hours(*week.hours);
    return 0;
}
