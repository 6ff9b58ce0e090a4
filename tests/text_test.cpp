// Folding of French text: what a person types meets what catalogues hold.

#include "detail/text.hpp"

#include <catch2/catch.hpp>

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
