#pragma once
// Opening hours written in French, as the catalogues' free text has them ("du lundi au vendredi
// 9h-12h / 14h-17h", "Lundi, mardi : 8h45-12h15 et 14h-17h30", "fermé le mercredi") and as one
// France services column holds one day's ("09:00 - 12:00 / 13:30 - 17:00"). Whatever is not
// understood with certainty fails with its reason: no guess.

#include <string>
#include <string_view>
#include <vector>

#include "hours/hours_rules.hpp"

namespace cartoffre::detail {

RulesParse parse_french(std::string_view text);

// One day's hours: times only; empty, "-" or "fermé" is closed.
struct DayParse {
    bool ok = false;
    std::vector<Interval> hours;
    std::string error;
    std::vector<std::string> warnings;
};
DayParse parse_day_hours(std::string_view text);

// The words of a French text, for the grammar in hours_french.cpp.
struct FrenchToken {
    enum Kind { day, time, number, word, mark, end };
    Kind kind = end;
    int value = 0;     // day: weekday (0 Monday); time: minutes; number: its value
    std::string text;  // as folded: lowercase ASCII ("apres-midi", "9h30", ":", "\n")
};

// Folds the text (lowercase, accents and no-break spaces away, HTML tags as line breaks) and
// cuts it into tokens, the last one of kind end.
std::vector<FrenchToken> lex_french(std::string_view text);

}  // namespace cartoffre::detail
