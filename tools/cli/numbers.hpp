#pragma once
// Checks of the numbers typed on the command line. CLI11 reads "-1" into an unsigned option as
// 18446744073709551615 and "1e9" into a radius: each number option says its range, and a value
// outside it is a usage error (exit 2) in French, before anything is read or written.

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace cartoffre::cli {

// A whole number from `min` to `max`, digits only (no sign, no exponent).
inline CLI::Validator whole_number(uint64_t min, uint64_t max) {
    const std::string range = std::to_string(min) + " à " + std::to_string(max);
    return CLI::Validator(
        [min, max, range](std::string& value) -> std::string {
            const bool digits = !value.empty() && value.size() <= 20 &&
                                value.find_first_not_of("0123456789") == std::string::npos;
            errno = 0;
            const unsigned long long n = digits ? std::strtoull(value.c_str(), nullptr, 10) : 0;
            if (!digits || errno == ERANGE || n < min || n > max)
                return "« " + value + " » n'est pas un nombre entier de " + range;
            return {};
        },
        "");  // no description: the option's help says its range where it matters
}

// A decimal number above `above` (excluded) and up to `max` (included).
inline CLI::Validator decimal_number(double above, double max) {
    char range[96];
    std::snprintf(range, sizeof range, "plus de %g et jusqu'à %g", above, max);
    return CLI::Validator(
        [above, max, text = std::string(range)](std::string& value) -> std::string {
            char* end = nullptr;
            errno = 0;
            const double x = value.empty() ? NAN : std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(x) ||
                x <= above || x > max)
                return "« " + value + " » n'est pas un nombre de " + text;
            return {};
        },
        "");
}

// The radius of a search, in km (the library's limit: half the Earth's circumference).
inline CLI::Validator radius_km() {
    return decimal_number(0, 20000);
}

}  // namespace cartoffre::cli
