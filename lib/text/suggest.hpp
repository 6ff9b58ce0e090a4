#pragma once
// "Did you mean" for mistyped codes (statuses, thématiques, publics...): the known code
// nearest to what was typed, when it is near enough to be a typo.

#include <string>
#include <string_view>
#include <vector>

namespace cartoffre::detail {

// `: did you mean "CODE"?` for the known code nearest `typed` (edit distance at most a third of
// its length, at least 1; or a known code that starts with it), else empty.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& known);

}  // namespace cartoffre::detail
