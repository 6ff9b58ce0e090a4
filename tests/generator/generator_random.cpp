#include "generator/generator_random.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cartoffre::detail::generator {

namespace {

// cos by its series, which converges fast for latitudes; libm's cos may differ in the last bit
// between versions.
double cos_degrees(double degrees) {
    const double x = degrees * (3.14159265358979323846 / 180.0);
    double term = 1, sum = 1;
    for (int k = 1; k <= 12; ++k) {
        term *= -x * x / ((2 * k - 1) * (2 * k));
        sum += term;
    }
    return sum;
}

double round6(double degrees) {
    return std::round(degrees * 1e6) / 1e6;
}

std::string digits(Random& random, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + random.below(10));
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

LatLon point_near(LatLon centre, double radius_km, Random& random) {
    double x, y;
    do {
        x = 2 * random.unit() - 1;
        y = 2 * random.unit() - 1;
    } while (x * x + y * y > 1);
    constexpr double km_per_degree = 111.2;
    return {round6(centre.lat + y * radius_km / km_per_degree),
            round6(centre.lon + x * radius_km / (km_per_degree * cos_degrees(centre.lat)))};
}

double spread_km(const Commune& commune) {
    if (commune.type == "arrondissement-municipal") return 1.2;
    return std::min(6.0, 1.0 + 2.0 * std::sqrt(static_cast<double>(commune.population) / 1e5));
}

// H. Hinnant's civil_from_days.
std::string date_of(long days) {
    days += 719468;
    const long era = days / 146097;
    const long doe = days - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long day = doy - (153 * mp + 2) / 5 + 1;
    const long month = mp < 10 ? mp + 3 : mp - 9;
    const long year = yoe + era * 400 + (month <= 2);
    std::string out = "0000-00-00";
    auto put = [&](long value, int last) {
        for (int i = last; value > 0 && out[i] != '-'; --i, value /= 10)
            out[i] = static_cast<char>('0' + value % 10);
    };
    put(year, 3);
    put(month, 6);
    put(day, 9);
    return out;
}

std::string siret(Random& random) {
    std::string s = static_cast<char>('1' + random.below(9)) + digits(random, 12);
    int sum = 0;
    for (int k = 0; k < 13; ++k) {  // from the right, every second digit is doubled
        const int d = (s[k] - '0') * (k % 2 == 0 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
    }
    return s + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string telephone(const Commune& c, Random& random) {
    std::string prefix = "09";
    if (c.departement == "971")
        prefix = "0590";
    else if (c.departement == "972")
        prefix = "0596";
    else if (c.departement == "973")
        prefix = "0594";
    else if (c.departement == "974")
        prefix = "0262";
    else if (c.departement == "976")
        prefix = "0269";
    else if (c.region == "11")
        prefix = "01";
    else if (c.region == "24" || c.region == "28" || c.region == "52" || c.region == "53")
        prefix = "02";
    else if (c.region == "27" || c.region == "32" || c.region == "44")
        prefix = "03";
    else if (c.region == "84" || c.region == "93" || c.region == "94")
        prefix = "04";
    else if (c.region == "75" || c.region == "76")
        prefix = "05";
    const std::string number = prefix + digits(random, 10 - static_cast<int>(prefix.size()));
    std::string out;
    for (size_t i = 0; i < number.size(); i += 2) out += (i ? " " : "") + number.substr(i, 2);
    return out;
}

std::string slug(std::string_view name) {
    // Latin-1 letters (UTF-8 C3 80 to C3 BF) without their accents; '-' for the rest.
    static constexpr std::string_view latin1 =
        "aaaaaaaceeeeiiiidnooooo-ouuuuy-saaaaaaaceeeeiiiidnooooo-ouuuuy-y";
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        const unsigned char b = static_cast<unsigned char>(name[i]);
        char c = '-';
        if (b < 0x80 && std::isalnum(b)) {
            c = static_cast<char>(std::tolower(b));
        } else if (b == 0xC3 && i + 1 < name.size()) {
            c = latin1[static_cast<unsigned char>(name[++i]) & 0x3F];
        } else if (b == 0xC5 && i + 1 < name.size() &&
                   (name[i + 1] == '\x92' || name[i + 1] == '\x93')) {
            out += 'o';  // œ, Œ
            c = 'e';
            ++i;
        } else if (b >= 0x80) {
            while (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xC0) == 0x80)
                ++i;
        }
        if (c != '-' || (!out.empty() && out.back() != '-')) out += c;
    }
    // Names too long for a domain are cut after a whole word.
    if (out.size() > 30 && out.find('-', 20) != std::string::npos) out.resize(out.find('-', 20));
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string with_de(const std::string& name) {
    for (auto p : {"de ", "du ", "des ", "d'"})
        if (starts_with(name, p)) return name;
    if (starts_with(name, "Le ")) return "du " + name.substr(3);
    if (starts_with(name, "Les ")) return "des " + name.substr(4);
    for (auto v : {"A", "E", "I", "O", "U", "Y", "É", "È", "Ê", "Î", "Ô", "Â"})
        if (starts_with(name, v)) return "d'" + name;
    return "de " + name;
}

}  // namespace cartoffre::detail::generator
