#include "text/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace cartoffre::detail {

namespace {

// Levenshtein distance over bytes: codes are ASCII.
size_t distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), size_t{0});
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& known) {
    const size_t limit = std::max<size_t>(1, typed.size() / 3);
    const std::string* best = nullptr;
    size_t best_distance = limit + 1;
    for (const std::string& code : known) {
        // A code typed short ("mobil" for "mobilite") is as good as one letter off.
        const size_t d = typed.size() >= 4 && code.compare(0, typed.size(), typed) == 0
                             ? 1
                             : distance(typed, code);
        if (d < best_distance) {
            best = &code;
            best_distance = d;
        }
    }
    return best ? " : vouliez-vous dire « " + *best + " » ?" : std::string();
}

}  // namespace cartoffre::detail
