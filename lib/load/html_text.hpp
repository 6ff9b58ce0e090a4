#pragma once
// Catalogue text written as HTML (Soliguide's descriptions: "<p>sur rendez-vous &#224; l'IAP</p>")
// read as the plain text a caseworker reads: character references decoded, the usual markup
// tags removed, a paragraph or line break kept as a line break, a list item as "- ".

#include <string>
#include <string_view>

namespace cartoffre::detail {

// Whether `text` holds a character reference or an HTML tag html_to_text would change.
bool looks_like_html(std::string_view text);

// The text without its markup. A "<" that does not open a known tag ("< 26 ans", "<3") and an
// "&" that does not start a known reference ("Pierre & Marie") are kept as they are.
std::string html_to_text(std::string_view text);

}  // namespace cartoffre::detail
