// Folding of French text: what a person types meets what catalogues hold.

#include "text/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <random>

using cartoffre::detail::fold;
using cartoffre::detail::words;

TEST_CASE("Folding removes case, accents and punctuation") {
    CHECK(fold("L'Île-Saint-Denis") == "l ile saint denis");
    CHECK(fold("  HÉBERGEMENT d'urgence !") == "hebergement d urgence");
    CHECK(fold("Crèche « Les Petits Loups »") == "creche les petits loups");
    CHECK(fold("ÇA, c'est Noël à Besançon") == "ca c est noel a besancon");
    CHECK(fold("plain ascii, Text") == "plain ascii text");
    CHECK(fold("") == "");
    CHECK(fold("---") == "");
}

TEST_CASE("Folding splits ligatures and keeps digits") {
    CHECK(fold("Œuvre cœur") == "oeuvre coeur");
    CHECK(fold("Lætitia") == "laetitia");
    CHECK(fold("Paris 11e, 75011") == "paris 11e 75011");
    CHECK(fold("ﬁnancement") == "financement");  // compatibility ligature
}

TEST_CASE("Folding is the same for composed and decomposed accents") {
    CHECK(fold("e\xCC\x81tudiant") == fold("\xC3\xA9tudiant"));  // e + combining acute vs é
    CHECK(fold("e\xCC\x81tudiant") == "etudiant");
}

TEST_CASE("Words are the folded words in order") {
    CHECK(words("Aide à l'emploi") == std::vector<std::string>{"aide", "a", "l", "emploi"});
    CHECK(words("  ").empty());
}

TEST_CASE("Invalid UTF-8 does not crash folding") {
    const std::string broken = "caf\xC3 \xFF\xFE creche";
    const std::string folded = fold(broken);
    CHECK(folded.find("creche") != std::string::npos);
}

namespace {

// Folding as first written, over the whole text at once: NFKD of the text, marks dropped,
// letters and digits lower-cased, ligatures spelt out, anything else a separator. The library
// folds code point by code point; both must agree.
std::string fold_whole_text(const std::string& utf8) {
    std::string out;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    REQUIRE(U_SUCCESS(status));
    const icu::UnicodeString decomposed =
        nfkd->normalize(icu::UnicodeString::fromUTF8(utf8), status);
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
        if (c == 0x0153 || c == 0x0152) {
            out += "oe";
        } else if (c == 0x00E6 || c == 0x00C6) {
            out += "ae";
        } else if (c == 0x00DF) {
            out += "ss";
        } else if (u_isalnum(c)) {
            icu::UnicodeString(u_tolower(c)).toUTF8String(out);
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string utf8_of(UChar32 c) {
    std::string s;
    icu::UnicodeString(c).toUTF8String(s);
    return s;
}

}  // namespace

TEST_CASE("Folding code point by code point equals folding the whole text") {
    // Every code point of the Basic Multilingual Plane but surrogates, alone and between letters.
    for (UChar32 c = 1; c < 0x10000; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        const std::string alone = utf8_of(c), between = "Ab" + alone + "Cd";
        INFO("U+" << std::hex << c);
        REQUIRE(fold(alone) == fold_whole_text(alone));
        REQUIRE(fold(between) == fold_whole_text(between));
    }
    // Random texts of French letters, marks, ligatures, punctuation and others.
    const std::vector<UChar32> pieces{'a',    'Z',    '7',    ' ',    '\'',   '-',    0xE9,
                                      0xC9,   0xE7,   0x153,  0xC6,   0xDF,   0x301,  0x327,
                                      0xFB01, 0xAB,   0xBB,   0x2019, 0x20AC, 0x1E9E, 0x130,
                                      0x3A3,  0x4E2D, 0xFF21, 0x2460, 0xA0,   0x2013, 0x1F600};
    std::mt19937 rng(3);
    for (int n = 0; n < 20000; ++n) {
        std::string text;
        for (int k = std::uniform_int_distribution<int>(0, 12)(rng); k > 0; --k)
            text +=
                utf8_of(pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)]);
        INFO(text);
        REQUIRE(fold(text) == fold_whole_text(text));
    }
}
