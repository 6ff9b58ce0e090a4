// HTML in catalogue text (lib/load/html_text.cpp): references decoded, known tags removed,
// anything else kept as written.

#include "load/html_text.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>

using namespace cartoffre::detail;

TEST_CASE("Character references and markup become plain text") {
    CHECK(html_to_text("<p>sur rendez-vous &#224; l'IAP, Pr&#233;venir</p>") ==
          "sur rendez-vous à l'IAP, Prévenir");
    CHECK(html_to_text("caf&eacute; &amp; th&#xE9;&nbsp;!") == "café & thé !");
    CHECK(html_to_text("<p>Lundi</p><p>Mardi<br/>Jeudi</p>") == "Lundi\nMardi\nJeudi");
    CHECK(html_to_text("<ul><li>Douches</li><li>Laverie</li></ul>") == "- Douches\n- Laverie");
    CHECK(html_to_text("<a href=\"https://x.fr/?a=1&amp;b=2\">le site</a>") == "le site");
    CHECK(html_to_text("<STRONG>Accueil</STRONG> &laquo; jeunes &raquo;") == "Accueil « jeunes »");
    CHECK(html_to_text("&#x1F600;") == "\xF0\x9F\x98\x80");
}

TEST_CASE("What is not markup is kept as written") {
    for (const char* text :
         {"jeunes < 26 ans", "Pierre & Marie", "a < b > c", "&#0;", "&#xD800;", "&#1114112;",
          "&unknown;", "&", "<", "<p", "<3", "tarif &euro", "<script>x</script>"}) {
        INFO(text);
        CHECK_FALSE(looks_like_html(text));
    }
    CHECK(looks_like_html("&#233;"));
    CHECK(looks_like_html("<br>"));
    CHECK(looks_like_html("x</p>"));
}

TEST_CASE("Any text converts to no more bytes than it had") {
    // A reference is longer than its character, a tag than the line break or "- " it leaves.
    std::mt19937 random(7);
    const std::string alphabet = "<>&#;/ \"'pbrliaxX0123456789eacute\n";
    size_t changed = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        std::string text;
        const size_t length = random() % 40;
        for (size_t i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
        const std::string out = html_to_text(text);
        INFO(text);
        CHECK(out.size() <= text.size());
        changed += looks_like_html(text);
    }
    CHECK(changed > 50);
}
