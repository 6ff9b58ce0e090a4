// The project's code lists (data/taxonomy) and what they check.

#include "cartoffre/taxonomy.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "cartoffre/error.hpp"
#include "cartoffre/offer.hpp"
#include "offer/theme_set.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;

namespace {

std::string validation_error(const Offer& offer) {
    try {
        Taxonomy::builtin().validate(offer);
    } catch (const DataError& e) {
        return e.what();
    }
    return "(valid)";
}

}  // namespace

TEST_CASE("The tables hold the v1 code lists: 16 categories and their thématiques") {
    const Taxonomy& t = Taxonomy::builtin();
    CHECK(t.categories().size() == 16);
    CHECK(t.thematiques().size() == 69);
    // Every thématique code starts with its category's code, as in the standard.
    for (uint32_t i = 0; i < t.thematiques().size(); ++i) {
        const std::string& theme = t.thematiques().code(i);
        const std::string& category = t.categories().code(t.category_of(i));
        INFO(theme);
        CHECK(theme.rfind(category + "--", 0) == 0);
    }
    CHECK(t.frais().find("gratuit"));
    CHECK(t.publics().find("tous-publics"));
    CHECK(t.modes_accueil().size() == 2);
    CHECK(t.thematiques().label(*t.thematiques().find("famille--garde-denfants")) ==
          "Garde d’enfants");
}

TEST_CASE("A category filter stands for all its sub-themes and a theme for itself") {
    const Taxonomy& t = Taxonomy::builtin();
    const detail::ThemeSet mobility = detail::theme_filter(t, "mobilite");
    size_t in_category = 0;
    for (uint32_t i = 0; i < t.thematiques().size(); ++i) {
        const bool is_mobility = t.categories().code(t.category_of(i)) == "mobilite";
        CHECK(mobility.has(i) == is_mobility);
        in_category += is_mobility;
    }
    CHECK(in_category >= 5);
    const detail::ThemeSet childcare = detail::theme_filter(t, "famille--garde-denfants");
    CHECK(childcare.has(*t.thematiques().find("famille--garde-denfants")));
    CHECK_FALSE(childcare.intersects(mobility));
    CHECK_THROWS_WITH(detail::theme_filter(t, "mobility"),
                      Catch::Contains("thématique ou catégorie inconnue « mobility »"));
}

TEST_CASE("An unknown code is an error naming the record, the field and the value") {
    Offer offer;
    offer.id = "cd35--42";
    offer.thematiques = {"mobilite--etre-accompagne-dans-son-parcours-mobilite"};
    CHECK(validation_error(offer) == "(valid)");
    offer.thematiques.push_back("mobilite--voiture-volante");
    CHECK(validation_error(offer) ==
          "offre cd35--42 : champ thematiques : code inconnu 'mobilite--voiture-volante'");
    offer.thematiques.pop_back();
    offer.frais = "gratuite";
    CHECK(validation_error(offer) == "offre cd35--42 : champ frais : code inconnu 'gratuite'");
    offer.frais = "gratuit";
    offer.publics = {"tous-publics", "jeunes"};
    CHECK(validation_error(offer).find("'tous-publics' doit être seul") != std::string::npos);
}

TEST_CASE("Saved tables load back the same code lists") {
    testing::TempDir dir("taxonomy");
    Taxonomy::builtin().save(dir.path());
    Taxonomy copy = Taxonomy::load(dir.path());
    const Taxonomy& t = Taxonomy::builtin();
    REQUIRE(copy.thematiques().size() == t.thematiques().size());
    for (uint32_t i = 0; i < t.thematiques().size(); ++i) {
        CHECK(copy.thematiques().code(i) == t.thematiques().code(i));
        CHECK(copy.thematiques().label(i) == t.thematiques().label(i));
        CHECK(copy.category_of(i) == t.category_of(i));
    }
    CHECK(copy.mobilisable_par().size() == t.mobilisable_par().size());
}

TEST_CASE("A broken table is reported with its file and line") {
    testing::TempDir dir("taxonomy-broken");
    Taxonomy::builtin().save(dir.path());
    std::ofstream(dir.path() / "thematiques.tsv", std::ios::app) << "sante--x\tsante\n";
    CHECK_THROWS_WITH(
        Taxonomy::load(dir.path()),
        Catch::Contains("thematiques.tsv:") &&
            Catch::Contains("3 colonnes séparées par des tabulations attendues, 2 trouvées"));
    std::ofstream(dir.path() / "thematiques.tsv") << "code\tcategory\tlabel\nx--y\tnone\tX\n";
    CHECK_THROWS_WITH(Taxonomy::load(dir.path()), Catch::Contains("catégorie inconnue « none »"));
}
