// Eligibility: the tables of data/eligibility, an offer's rules and a person's facts (the verdict
// itself: judge_test.cpp).

#include "cartoffre/eligibility.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>

#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"
#include "judging.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using namespace cartoffre::detail;
using namespace cartoffre::testing;

namespace {

std::filesystem::path data_dir() {
    return Taxonomy::default_dir().parent_path() / "eligibility";
}

std::string rules_error(const Offer& offer) {
    std::string extra;
    try {
        rules_of(offer, tables(), extra);
    } catch (const DataError& e) {
        return e.what();
    }
    return "(valid)";
}

uint32_t bit(const char* status) {
    return 1u << *tables().status_bit(status);
}

}  // namespace

TEST_CASE("The status table lists the version 1 statuses with French labels") {
    REQUIRE(tables().status_count() == 18);
    CHECK(tables().status_code(0) == "rsa");
    CHECK(tables().status_label(0) == "Bénéficiaire du RSA");
    CHECK(tables().status_plural(*tables().status_bit("ass")) == "bénéficiaires de l'ASS");
    for (const char* code :
         {"aah", "deld", "detld", "rqth", "jeune-ase", "ppsmj", "refugie", "demandeur-asile",
          "sans-domicile", "parent-isole", "etudiant", "actif", "senior", "qpv", "frr"})
        CHECK(tables().status_bit(code));
    CHECK_FALSE(tables().status_bit("chomeur"));
}

TEST_CASE("Diploma levels are ordered from infra-bac to superieur") {
    CHECK(tables().diploma_level("infra-bac") == 1);
    CHECK(tables().diploma_level("bac") == 2);
    CHECK(tables().diploma_level("bac+2") == 3);
    CHECK(tables().diploma_level("superieur") == 4);
    CHECK(tables().diploma_label(2) == "Niveau bac");
    CHECK_FALSE(tables().diploma_level("licence"));
}

TEST_CASE("Every data·inclusion public has a rule in profile facts") {
    const Vocabulary& publics = Taxonomy::builtin().publics();
    REQUIRE(public_rules().size() == publics.size());
    const auto& jeunes = public_rules()[*publics.find("jeunes")];
    CHECK(jeunes.age_min == 16);
    CHECK(jeunes.age_max == 25);
    CHECK(public_rules()[*publics.find("tous-publics")].everyone);
    CHECK(public_rules()[*publics.find("femmes")].genre == "femme");
    CHECK(public_rules()[*publics.find("seniors")].statuses == bit("senior"));
    CHECK(public_rules()[*publics.find("residents-qpv-frr")].statuses == (bit("qpv") | bit("frr")));
    CHECK(public_rules()[*publics.find("demandeurs-emploi")].statuses ==
          (bit("demandeur-emploi") | bit("deld") | bit("detld")));
}

TEST_CASE("A broken eligibility table is reported with its file, line and value") {
    TempDir dir("eligibility-tables");
    auto fresh = [&] {
        std::filesystem::copy(data_dir(), dir.path(),
                              std::filesystem::copy_options::overwrite_existing |
                                  std::filesystem::copy_options::recursive);
    };
    fresh();
    CHECK_NOTHROW(EligibilityTables::load(dir.path()));
    std::ofstream(dir.path() / "statuses.tsv", std::ios::app) << "xx\tX\tdes x\tnope\n";
    CHECK_THROWS_WITH(EligibilityTables::load(dir.path()),
                      Catch::Contains("statuses.tsv:30 : champ implies : code de statut inconnu "
                                      "« nope »"));
    fresh();
    std::ofstream(dir.path() / "diplomas.tsv") << "# version 1\ncode\tlabel\nbac\n";
    CHECK_THROWS_WITH(EligibilityTables::load(dir.path()),
                      Catch::Contains("diplomas.tsv:3 : 2 colonnes séparées par des "
                                      "tabulations attendues, 1 trouvées"));
    std::ofstream(dir.path() / "diplomas.tsv") << "code\tlabel\nbac\tBac\n";
    CHECK_THROWS_WITH(
        EligibilityTables::load(dir.path()),
        Catch::Contains("diplomas.tsv : pas de ligne de commentaire « # version N »"));
    fresh();
    std::ofstream(dir.path() / "publics.tsv", std::ios::app) << "vieux\t\tsoixante\t\t\t\n";
    CHECK_THROWS_WITH(
        EligibilityTables::load(dir.path()),
        Catch::Contains("publics.tsv:23 : champ age_min : « soixante » n'est pas un âge"));
    fresh();
    std::ofstream(dir.path() / "publics.tsv", std::ios::app) << "chomeurs\t\t\t\t\tdeld\n";
    CHECK_THROWS_WITH(
        EligibilityTables::load(dir.path()).public_rules(Taxonomy::builtin().publics()),
        Catch::Contains("publics.tsv:23 : « chomeurs » n'est pas un code de la liste des publics"));
}

TEST_CASE("Rule days count from 2000-01-01 as day one and clamp outside their range") {
    CHECK(rule_day({2000, 1, 1}) == 1);
    CHECK(rule_day({2000, 1, 31}) == 31);
    CHECK(rule_date(rule_day(today)) == today);
    CHECK(rule_date(rule_day({2024, 2, 29})) == Date{2024, 2, 29});
    CHECK(rule_day({1999, 12, 31}) == 1);
    CHECK(rule_day({2179, 6, 5}) == 65535);
    CHECK(rule_day({2300, 1, 1}) == 65535);
}

TEST_CASE("An offer's criterion that is not understood names the offer, the field and value") {
    Criteria c;
    c.statuses_required = {"rsa", "xyz"};
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.statuts_requis : code de statut inconnu « xyz »");
    c = {};
    c.statuses_excluded = {"etudiants"};
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.statuts_exclus : code de statut inconnu « etudiants »");
    c = {};
    c.diplome_max = "licence";
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.diplome_max : code de diplôme inconnu « licence »");
    c = {};
    c.genre = "femmes";
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.genre : genre inconnu « femmes » (femme ou homme)");
    c = {};
    c.accueil = "exclusive";
    CHECK_THAT(rules_error(offer_with(c)), Catch::Contains("criteres.accueil : accueil inconnu"));
    c = {};
    c.age_min = -1;
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.age_min : âge -1 hors de 0 à 130");
    c = {};
    c.age_min = 26;
    c.age_max = 16;
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.age_max : 16 est sous age_min 26");
    c = {};
    c.session_start = "2026-13-01";
    CHECK_THAT(rules_error(offer_with(c)),
               Catch::StartsWith("offre gen--42 : champ criteres.session_debut : date invalide "
                                 "« 2026-13-01 »"));
    c = {};
    c.suspended_until = "1999-12-31";
    CHECK_THAT(rules_error(offer_with(c)),
               Catch::Contains("criteres.suspendue_jusqu_au : date « 1999-12-31 » hors des dates"));
    c = {};
    c.closures = {{"2026-08-01", "2026-08-15"}, {"2026-12-24", "2026-12-01"}};
    CHECK(rules_error(offer_with(c)) ==
          "offre gen--42 : champ criteres.fermetures[1] : la fin « 2026-12-01 » précède le "
          "début « 2026-12-24 »");
    c = {};
    c.places_total = 3;
    c.places_free = 5;
    CHECK_THAT(
        rules_error(offer_with(c)),
        Catch::Contains("criteres.places_libres : 5 places libres dépassent places_total 3"));
}

TEST_CASE("Closures and parsed opening hours round-trip through the extra bytes") {
    std::string extra;
    Offer a = offer_with({});
    a.criteria.closures = {{"2026-12-24", "2027-01-02"}};
    a.horaires_accueil = "Mo-Fr 09:00-12:00,14:00-17:00; PH off";
    Offer b = offer_with({});
    b.horaires_accueil = "du lundi au vendredi de 9h à 12h";
    Offer c = offer_with({});
    c.horaires_accueil = "quand le chat dort ???";
    const OfferRules ra = rules_of(a, tables(), extra);
    const OfferRules rb = rules_of(b, tables(), extra);
    const OfferRules rc = rules_of(c, tables(), extra);
    auto bytes_of = [&](const OfferRules& r) {
        return std::string_view(extra).substr(r.extra_begin, r.extra_size);
    };

    CHECK(ra.extra_begin == 0);
    CHECK(ra.closures == 1);
    CHECK(rb.extra_begin == ra.extra_size);
    CHECK(extra.size() == size_t{ra.extra_size} + rb.extra_size);
    REQUIRE(hours_of(ra, bytes_of(ra)));
    CHECK(*hours_of(ra, bytes_of(ra)) == *OpeningHours::parse(a.horaires_accueil).hours);
    CHECK(hours_of(ra, bytes_of(ra))->open_at(parse_date_time("2026-11-12T10:00")));
    REQUIRE(hours_of(rb, bytes_of(rb)));
    CHECK(*hours_of(rb, bytes_of(rb)) == *OpeningHours::parse(b.horaires_accueil).hours);
    // Text that does not parse stays with the offer, not in its rules.
    CHECK_FALSE(rc.flags & rule_hours);
    CHECK(rc.extra_size == 0);
    CHECK_FALSE(hours_of(rc, bytes_of(rc)));
    CHECK_THROWS_AS(hours_of(ra, extra), DataError);

    // rules.bin holds the struct as bytes.
    char stored[sizeof(OfferRules)];
    std::memcpy(stored, &ra, sizeof stored);
    OfferRules back;
    std::memcpy(&back, stored, sizeof stored);
    CHECK(*hours_of(back, bytes_of(back)) == *hours_of(ra, bytes_of(ra)));
    CHECK(judged(a, facts({}), {2026, 12, 24}).reason("fermeture") ==
          "ineligible: Fermée du 24/12 au 02/01");
}

TEST_CASE("An age range admits both its bounds and refuses one year beyond") {
    Criteria c;
    c.age_min = 16;
    c.age_max = 25;
    const Offer offer = offer_with(c);
    CHECK(judged(offer, facts(aged(25))).verdict() == Verdict::eligible);
    CHECK(judged(offer, facts(aged(16))).verdict() == Verdict::eligible);
    CHECK(judged(offer, facts(aged(26))).reason("age") ==
          "ineligible: Réservé aux 16-25 ans : la personne a 26 ans");
    CHECK(judged(offer, facts(aged(15))).verdict() == Verdict::ineligible);
    CHECK(judged(offer, facts(aged(31))).reason("age") ==
          "ineligible: Réservé aux 16-25 ans : la personne a 31 ans");
    CHECK(judged(offer, facts({})).reason("age") ==
          "to-check: Réservé aux 16-25 ans : âge à vérifier");

    c = {};
    c.age_min = 18;
    CHECK(judged(offer_with(c), facts(aged(17))).reason("age") ==
          "ineligible: À partir de 18 ans : la personne a 17 ans");
    c = {};
    c.age_max = 25;
    CHECK(judged(offer_with(c), facts(aged(20))).reason("age") ==
          "eligible: Jusqu'à 25 ans : la personne a 20 ans");
    CHECK(judged(offer_with({}), facts(aged(20))).reason("age") == "(none)");
}

TEST_CASE("Without an age the birth date gives it on the day judged") {
    Profile profile;
    profile.birth_date = Date{2000, 11, 13};
    CHECK(facts(profile, {2026, 11, 12}).age == 25);
    CHECK(facts(profile, {2026, 11, 13}).age == 26);
    profile.age = 40;  // a stated age wins
    CHECK(facts(profile).age == 40);
    CHECK_FALSE(facts({}).age);
}

TEST_CASE("A profile with an absurd age or an unknown code is refused, saying why") {
    CHECK(profile_error(aged(-1)) == "âge invalide : -1 (de 0 à 130 ans)");
    CHECK(profile_error(aged(131)) == "âge invalide : 131 (de 0 à 130 ans)");
    CHECK(profile_error(aged(130)) == "(valid)");
    Profile future;
    future.birth_date = Date{2027, 1, 1};
    CHECK_THAT(profile_error(future), Catch::Contains("postérieure au jour jugé"));
    CHECK_THAT(profile_error(holding({"rsa", "chomeur"}, false)),
               Catch::StartsWith("statut inconnu « chomeur » ; statuts connus : rsa, ass, aah, "
                                 "demandeur-emploi, deld, detld,"));
    Profile diploma;
    diploma.diplome = "licence";
    CHECK(profile_error(diploma) ==
          "diplôme inconnu « licence » : infra-bac, bac, bac+2 ou superieur");
    Profile genre;
    genre.genre = "f";
    CHECK(profile_error(genre) == "genre inconnu « f » : femme ou homme");
    Profile contradiction = holding({"qpv"}, false);
    contradiction.qpv = false;
    CHECK_THROWS_AS(facts(contradiction), QueryError);
}

TEST_CASE("Holding detld implies holding deld and demandeur-emploi") {
    const PersonFacts f = facts(holding({"detld"}, false));
    CHECK(f.statuses_held == (bit("detld") | bit("deld") | bit("demandeur-emploi")));
    CHECK(f.statuses_known == f.statuses_held);
    CHECK(facts(holding({"deld"}, false)).statuses_held == (bit("deld") | bit("demandeur-emploi")));
    Criteria c;
    c.statuses_required = {"deld"};
    CHECK(judged(offer_with(c), f).verdict() == Verdict::eligible);
    c = {};
    c.statuses_excluded = {"demandeur-emploi"};
    CHECK(judged(offer_with(c), f).reason("statuts-exclus") ==
          "ineligible: Non ouvert aux demandeurs d'emploi");
}

TEST_CASE("RSA and ASS beneficiaries are job seekers, as France Travail registers them") {
    Criteria c;
    c.statuses_required = {"demandeur-emploi"};
    for (const char* status : {"rsa", "ass"}) {
        const PersonFacts f = facts(holding({status}, false));
        CHECK(f.statuses_held & bit("demandeur-emploi"));
        CHECK(judged(offer_with(c), f).reason("statuts-requis") ==
              "eligible: Réservé aux demandeurs d'emploi");
    }
    // Not the other way: a job seeker is not known to receive the RSA.
    CHECK_FALSE(facts(holding({"demandeur-emploi"}, false)).statuses_held & bit("rsa"));
}

TEST_CASE("Required statuses: one held is met, all known not held fails, else to check") {
    Criteria c;
    c.statuses_required = {"rsa", "ass"};
    const Offer offer = offer_with(c);
    CHECK(judged(offer, facts(holding({"ass"}, false))).reason("statuts-requis") ==
          "eligible: Réservé aux bénéficiaires du RSA ou de l'ASS");
    CHECK(judged(offer, facts(holding({"etudiant"}, true))).reason("statuts-requis") ==
          "ineligible: Réservé aux bénéficiaires du RSA ou de l'ASS");
    CHECK(judged(offer, facts(holding({"etudiant"}, false))).reason("statuts-requis") ==
          "to-check: Réservé aux bénéficiaires du RSA ou de l'ASS : situation à vérifier");
    c.statuses_required = {"demandeur-emploi", "deld", "aah"};
    CHECK(judged(offer_with(c), facts({})).reason("statuts-requis") ==
          "to-check: Réservé aux bénéficiaires de l'AAH, demandeurs d'emploi ou demandeurs "
          "d'emploi de longue durée : situation à vérifier");
}

TEST_CASE("Excluded statuses: one held fails, all known not held is met, else to check") {
    Criteria c;
    c.statuses_excluded = {"etudiant"};
    const Offer offer = offer_with(c);
    CHECK(judged(offer, facts(holding({"etudiant"}, false))).reason("statuts-exclus") ==
          "ineligible: Non ouvert aux étudiants");
    CHECK(judged(offer, facts(holding({"rsa"}, true))).reason("statuts-exclus") ==
          "eligible: Non ouvert aux étudiants : la personne n'en fait pas partie");
    CHECK(judged(offer, facts(holding({"rsa"}, false))).reason("statuts-exclus") ==
          "to-check: Non ouvert aux étudiants : situation à vérifier");
}

TEST_CASE("qpv and frr are known only from the profile's residence facts") {
    Profile profile = holding({"rsa"}, true);
    PersonFacts f = facts(profile);
    CHECK_FALSE(f.statuses_known & bit("qpv"));  // a complete list answers for statuses only
    CHECK(f.statuses_known & bit("ass"));
    profile.qpv = true;
    profile.frr = false;
    f = facts(profile);
    CHECK(f.statuses_held & bit("qpv"));
    CHECK_FALSE(f.statuses_held & bit("frr"));
    CHECK(f.statuses_known & bit("frr"));
}
