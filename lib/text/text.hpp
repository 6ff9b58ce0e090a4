#pragma once
// Folding of French text for matching: what a person types and what catalogues hold must meet
// whatever their case, accents, ligatures, hyphens or apostrophes.

#include <string>
#include <string_view>
#include <vector>

namespace cartoffre::detail {

// Lower case, accents removed (É -> e), ligatures split (œ -> oe), every run of characters that
// are neither letters nor digits turned into one space; no leading or trailing space.
// "L'Île-Saint-Denis" -> "l ile saint denis".
std::string fold(std::string_view utf8);

// The folded words of a text, in order ("Aide à l'emploi" -> aide, a, l, emploi).
std::vector<std::string> words(std::string_view utf8);

}  // namespace cartoffre::detail
