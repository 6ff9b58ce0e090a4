// What a person types as a place, read by hand (lib/geo/place_text.cpp): the same readings as
// the regular expressions it replaced (compared here on tricky and random texts), and texts of
// any length refused or read without a crash (a 40,000-character place overflowed the stack of
// std::regex and killed the process).

#include "geo/place_text.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using namespace cartoffre::testing;

namespace {

std::string resolve_error(const Gazetteer& g, const std::string& text) {
    try {
        g.resolve(text);
    } catch (const PlaceError& e) {
        return e.what();
    }
    return "(no error)";
}

// The expressions Gazetteer used before, applied to short texts only (their recursion grows
// with the text).
struct Expressions {
    std::regex point{R"(\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*[,;]\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*)"};
    std::regex code_form{R"(\s*(insee|cp)\s*:\s*(\S+)\s*)", std::regex::icase};
    std::regex five{R"(\s*([0-9]{5}|2[abAB][0-9]{3})\s*)"};
    std::regex strict{R"((.*\S)\s*\(\s*([0-9]{2,3}|2[abAB])\s*\)\s*)"};
    std::regex loose{R"((.*\S)\s*\(\s*(\w{2,3})\s*\)\s*)"};
    std::regex code_start{R"([0-9]{1,5}|2[ab][0-9]{0,3})"};
};

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Both readings of one text agree: matched or not, and the same parts.
void same_readings(const Expressions& e, const std::string& text) {
    INFO("text: '" << text << "'");
    std::smatch m;
    const auto point = detail::match_point(text);
    REQUIRE(point.has_value() == std::regex_match(text, m, e.point));
    if (point) CHECK((point->latitude == m[1].str() && point->longitude == m[2].str()));
    const auto form = detail::match_code_form(text);
    REQUIRE(form.has_value() == std::regex_match(text, m, e.code_form));
    if (form) CHECK((form->kind == lower(m[1].str()) && form->code == m[2].str()));
    const auto five = detail::match_five(text);
    REQUIRE(five.has_value() == std::regex_match(text, m, e.five));
    if (five) CHECK(*five == m[1].str());
    for (bool loose : {false, true}) {
        const auto named = detail::match_with_departement(text, loose);
        REQUIRE(named.has_value() == std::regex_match(text, m, loose ? e.loose : e.strict));
        if (named) CHECK((named->name == m[1].str() && named->departement == m[2].str()));
    }
    CHECK(detail::is_code_start(text) == std::regex_match(text, e.code_start));
}

}  // namespace

TEST_CASE("The hand-written place forms read what the regular expressions read", "[place_text]") {
    const Expressions e;
    for (const char* text : {"48.85,2.35",
                             " -48.5 ; +2 ",
                             "48.,2",
                             "48.5.5,2",
                             "1,2,3",
                             ",2",
                             "48.85, 2.35\n",
                             "insee:75056",
                             " INSEE : 2a004 ",
                             "Cp:75011",
                             "cp:",
                             "cp: 75 011",
                             "insee75056",
                             "inseex:1",
                             "75011",
                             " 2A004 ",
                             "2a00",
                             "750111",
                             "2C004",
                             "Melun (77)",
                             "Saint-Denis(93)",
                             "Ajaccio ( 2A )",
                             "Ajaccio (2a)",
                             "Melun (7)",
                             "Melun (7777)",
                             "(77)",
                             "   (77)",
                             "Mel\nun (77)",
                             "Melun \n(77)",
                             "Melun (77) (13)",
                             "a (77) b",
                             "a ((77)",
                             "a (77))",
                             "Bar (ab)",
                             "Bar (a_b)",
                             "Bar (é)",
                             "Bar (20A)",
                             "2",
                             "2a",
                             "2b999",
                             "2b9999",
                             "123456",
                             "",
                             " ",
                             "\t\v\f\r\n",
                             "é (77)"})
        same_readings(e, text);
    // Random texts over the characters the forms are made of.
    const std::string alphabet = " \t\n\r()0123456789aAbB2insecpINSECP:.,;-+x_\xC3\xA9";
    std::mt19937 random(14);
    for (int i = 0; i < 30000; ++i) {
        std::string text(random() % 14, ' ');
        for (auto& c : text) c = alphabet[random() % alphabet.size()];
        same_readings(e, text);
    }
    // Texts built to match: a decimal pair, a code form, a name and a département.
    const std::vector<std::string> parts{" ", "",  "-", "4", "48", ".",     "5",  ",", ";", "(",
                                         ")", "2", "A", "b", "77", "insee", "cp", ":", "x"};
    for (int i = 0; i < 30000; ++i) {
        std::string text;
        for (size_t n = random() % 8; n > 0; --n) text += parts[random() % parts.size()];
        same_readings(e, text);
    }
}

TEST_CASE("A place of 40,000 characters is refused by its length, not a crash", "[place_text]") {
    const Gazetteer& g = real_gazetteer();
    CHECK(resolve_error(g, std::string(40000, 'a')) ==
          "lieu trop long (40000 caractères, 200 au plus)");
    CHECK(resolve_error(g, std::string(100000, '(')) ==
          "lieu trop long (100000 caractères, 200 au plus)");
    CHECK(resolve_error(g, "Melun (" + std::string(100000, '7') + ")") ==
          "lieu trop long (100008 caractères, 200 au plus)");
    CHECK(resolve_error(g, std::string(50000, '4') + ",2") ==
          "lieu trop long (50002 caractères, 200 au plus)");
    // Characters, not bytes: 201 "é" are 402 bytes.
    std::string accents;
    for (int i = 0; i < 201; ++i) accents += "\xC3\xA9";
    CHECK(resolve_error(g, accents) == "lieu trop long (201 caractères, 200 au plus)");
    CHECK(g.suggest(std::string(40000, 'a')).empty());
    CHECK(g.complete(std::string(40000, 'a')).empty());
    CHECK(g.complete(std::string(100000, '(')).empty());
}

TEST_CASE("Places up to 200 characters are still read", "[place_text]") {
    const Gazetteer& g = real_gazetteer();
    // 200 characters: spaces around a name and its département.
    const std::string padded = std::string(95, ' ') + "Melun (77)" + std::string(95, ' ');
    REQUIRE(padded.size() == 200);
    CHECK(g.commune(g.resolve(padded).communes.at(0)).code == "77288");
    // 200 "é" (400 bytes) are read as a name, unknown.
    std::string accents;
    for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
    CHECK(resolve_error(g, accents).find("lieu inconnu") != std::string::npos);
    CHECK(resolve_error(g, std::string(198, '4') + ",2").find("coordonnées invalides") !=
          std::string::npos);
}

TEST_CASE("The suggestions' edit distance equals the full measure up to its limit",
          "[place_text]") {
    // Brute force: the whole Wagner-Fischer table.
    auto full = [](const std::string& a, const std::string& b) {
        std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
        for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
        for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
        for (size_t i = 1; i <= a.size(); ++i)
            for (size_t j = 1; j <= b.size(); ++j)
                d[i][j] = std::min(
                    {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
        return d[a.size()][b.size()];
    };
    std::mt19937 random(20261207);
    auto word = [&](size_t length) {
        std::string w;
        for (size_t i = 0; i < length; ++i) w += static_cast<char>('a' + random() % 3);
        return w;
    };
    size_t within = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        const std::string a = word(random() % 12), b = word(random() % 12);
        const size_t limit = random() % 5;
        const size_t expected = std::min(full(a, b), limit + 1);
        INFO(a << " / " << b << " limit " << limit);
        REQUIRE(detail::edit_distance(a, b, limit) == expected);
        within += expected <= limit;
    }
    CHECK(within > 2000);  // the trials are not all past the limit
    CHECK(detail::edit_distance("melun", "meluns", 1) == 1);
    CHECK(detail::edit_distance("hazebrouk", "hazebrouck", 2) == 1);
}

TEST_CASE("A code typed beside a name is read as a département or a postcode", "[place_text]") {
    auto reading = [](const std::string& text) -> std::string {
        const auto m = detail::match_name_with_code(text);
        return m ? m->name + "|" + m->code : "-";
    };
    CHECK(reading("saint denis 93") == "saint denis|93");
    CHECK(reading("  Saint-Denis, 974 ") == "Saint-Denis|974");
    CHECK(reading("Ajaccio 2A") == "Ajaccio|2A");
    CHECK(reading("Roubaix 59100") == "Roubaix|59100");
    CHECK(reading("59100 Roubaix") == "Roubaix|59100");
    CHECK(reading("59100, Roubaix") == "Roubaix|59100");
    CHECK(reading("Évry 91") == "Évry|91");
    // A département is written after the name only; a name needs a letter; no code, no reading.
    CHECK(reading("93 saint denis") == "-");
    CHECK(reading("59100 75011") == "-");
    CHECK(reading("Roubaix 5910") == "-");
    CHECK(reading("Paris 11e") == "-");
    CHECK(reading("Melun") == "-");
    CHECK(reading("93") == "-");
    CHECK(reading("") == "-");
    CHECK(reading(std::string(10000, ' ') + "Melun 77") == "Melun|77");
}
