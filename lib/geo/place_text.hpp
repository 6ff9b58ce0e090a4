#pragma once
// The forms of what a person types as a place, recognised by hand: "48.85, 2.35", "insee:75056",
// "cp: 75011", "75011", "2A004", "Saint-Denis (93)". std::regex did it before, and its
// recursion overflowed the stack on a long text (a 40,000-character place killed the process);
// these scan each text once, without recursion.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cartoffre::detail {

// The longest place text read, in characters: no commune name comes close.
constexpr size_t max_place_characters = 200;

// Characters of a UTF-8 text (bytes that do not continue a sequence).
size_t character_count(std::string_view text);

// "LAT, LON" or "LAT;LON": two decimals ([-+]digits[.digits]), spaces around.
struct PointText {
    std::string latitude, longitude;
};
std::optional<PointText> match_point(std::string_view text);

// "insee:CODE" or "cp:CODE", any case, spaces around; kind in lower case.
struct CodeText {
    std::string kind, code;
};
std::optional<CodeText> match_code_form(std::string_view text);

// Five digits or 2A/2B and three digits, spaces around.
std::optional<std::string> match_five(std::string_view text);

// "NAME (DEP)": NAME up to its last non-space character, on one line; DEP two or three digits
// or 2A/2B (strict), or two or three ASCII letters, digits or '_' (loose, for suggestions).
struct NamedInDepartement {
    std::string name, departement;
};
std::optional<NamedInDepartement> match_with_departement(std::string_view text, bool loose);

// A name with a code typed beside it, as people write an address's last line: "Roubaix 59100",
// "saint denis 93", "59100 Roubaix", "Saint-Denis, 974". The code is two or three digits or
// 2A/2B (a département, after the name only) or five digits (a postcode, before or after),
// apart from the name by spaces or a comma; the name keeps at least one letter.
struct NamedWithCode {
    std::string name, code;
};
std::optional<NamedWithCode> match_name_with_code(std::string_view text);

// Whether a folded text is the start of a code: one to five digits, or 2a/2b and up to three
// digits.
bool is_code_start(std::string_view folded);

// The edit distance (insertions, deletions, substitutions of bytes) of a and b when it is at
// most `limit`, else limit + 1: the measure of Gazetteer::suggest, cut short past the limit.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

}  // namespace cartoffre::detail
