// Eligibility: the tables of data/eligibility, an offer's rules, a person's facts and the
// verdict with its reasons.

#include "cartoffre/eligibility.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <random>

#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"
#include "generator/generator.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using namespace cartoffre::detail;
using cartoffre::testing::real_gazetteer;
using cartoffre::testing::TempDir;

// Counting allocations shows that judging without reasons allocates nothing: it runs for every
// candidate of a search.
namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
// The nothrow form too (Catch uses it): AddressSanitizer's own would take the free() below for
// a mismatch with its operator new.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++allocations;
    return std::malloc(size ? size : 1);
}
// GCC 12 inlines these into callers and takes the free() of a replaced operator delete for a
// mismatch with the operator new it knows (a false positive: both are replaced above).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
#pragma GCC diagnostic pop

namespace {

const Date today{2026, 11, 12};

const EligibilityTables& tables() {
    return EligibilityTables::builtin();
}

const std::vector<EligibilityTables::PublicRule>& public_rules() {
    static const auto rules = tables().public_rules(Taxonomy::builtin().publics());
    return rules;
}

std::filesystem::path data_dir() {
    return Taxonomy::default_dir().parent_path() / "eligibility";
}

PersonFacts facts(const Profile& profile, const Date& day = today) {
    static const Gazetteer no_places;
    return facts_of(profile, tables(), no_places, day);
}

Profile aged(int age) {
    Profile profile;
    profile.age = age;
    return profile;
}

Profile holding(std::vector<std::string> statuses, bool complete) {
    Profile profile;
    profile.statuses = std::move(statuses);
    profile.statuses_complete = complete;
    return profile;
}

Offer offer_with(const Criteria& criteria) {
    Offer offer;
    offer.id = "gen--42";
    offer.criteria = criteria;
    return offer;
}

struct Judged {
    Eligibility eligibility;
    std::string reason(const std::string& code) const {
        std::string out;
        for (const Reason& r : eligibility.reasons)
            if (r.code == code)
                out += (out.empty() ? "" : " | ") + std::string(verdict_code(r.outcome)) + ": " +
                       r.text;
        return out.empty() ? "(none)" : out;
    }
    Verdict verdict() const { return eligibility.verdict; }
};

// Judges with reasons and without: both must give the same verdict.
Judged judged(const Offer& offer, const PersonFacts& person, const Date& day = today,
              const std::string& zones_label = "") {
    std::string extra = "bytes of earlier offers";
    const OfferRules rules = rules_of(offer, tables(), extra);
    OfferFacts facts;
    for (const std::string& p : offer.publics)
        facts.publics |= 1u << *Taxonomy::builtin().publics().find(p);
    facts.zones_restricted = !offer.zone_eligibilite.empty();
    facts.zones_label = zones_label;
    facts.extra = std::string_view(extra).substr(rules.extra_begin, rules.extra_size);
    facts.conditions = offer.conditions_acces;
    Judged out;
    out.eligibility.verdict = judge(rules, facts, person, day, tables(), Taxonomy::builtin(),
                                    public_rules(), &out.eligibility.reasons);
    CHECK(judge(rules, facts, person, day, tables(), Taxonomy::builtin(), public_rules(),
                nullptr) == out.eligibility.verdict);
    CHECK(verdict_of(out.eligibility.reasons) == out.eligibility.verdict);  // explain's rule
    return out;
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

std::string profile_error(const Profile& profile) {
    try {
        facts_of(profile, tables(), real_gazetteer(), today);
    } catch (const Error& e) {
        return e.what();
    }
    return "(valid)";
}

std::string residence_code(const std::string& lives_in) {
    Profile profile;
    profile.lives_in = lives_in;
    const PersonFacts f = facts_of(profile, tables(), real_gazetteer(), today);
    REQUIRE(f.residence);
    return std::string(real_gazetteer().commune(*f.residence).code);
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

TEST_CASE("Genre, diploma, licence and vehicle refuse a known mismatch and check a missing fact") {
    Criteria c;
    c.genre = "femme";
    c.diplome_max = "bac";
    c.permis_required = true;
    c.vehicule_required = true;
    const Offer offer = offer_with(c);
    Profile p;
    p.genre = "homme";
    p.diplome = "bac+2";
    p.permis = false;
    p.vehicule = false;
    Judged j = judged(offer, facts(p));
    CHECK(j.reason("genre") == "ineligible: Réservé aux femmes");
    CHECK(j.reason("diplome") == "ineligible: Niveau bac maximum : la personne a un niveau bac+2");
    CHECK(j.reason("permis") == "ineligible: Permis de conduire requis");
    CHECK(j.reason("vehicule") == "ineligible: Véhicule requis");
    p.genre = "femme";
    p.diplome = "bac";
    p.permis = true;
    p.vehicule = true;
    j = judged(offer, facts(p));
    CHECK(j.verdict() == Verdict::eligible);
    CHECK(j.reason("diplome") == "eligible: Niveau bac maximum");
    j = judged(offer, facts({}));
    CHECK(j.verdict() == Verdict::to_check);
    CHECK(j.reason("genre") == "to-check: Réservé aux femmes : à vérifier");
    CHECK(j.reason("diplome") == "to-check: Niveau bac maximum : diplôme à vérifier");
    CHECK(j.reason("permis") == "to-check: Permis de conduire requis : à vérifier");
    CHECK(j.reason("vehicule") == "to-check: Véhicule requis : à vérifier");
}

TEST_CASE("A prescription is information for the caseworker, never a bar") {
    Criteria c;
    c.prescription_required = true;
    const Judged j = judged(offer_with(c), facts({}));
    // Nothing is asked of the person: the prescription is said, the verdict is not "eligible".
    CHECK(j.verdict() == Verdict::no_criteria);
    CHECK(j.reason("prescription") == "eligible: Sur prescription d'un professionnel");
}

TEST_CASE("A person outside the listed publics is refused only by an exclusive welcome") {
    Offer offer = offer_with({});
    offer.publics = {"jeunes"};
    auto with = [&](const char* accueil, const Profile& p) {
        offer.criteria.accueil = accueil;
        return judged(offer, facts(p)).reason("public");
    };
    CHECK(with("", aged(31)) == "to-check: Public visé : jeunes ; à vérifier");
    CHECK(with("exclusif", aged(31)) == "ineligible: Accueil exclusif des jeunes");
    CHECK(with("preferentiel", aged(31)) ==
          "eligible: Accueil prioritaire des jeunes ; ouvert à tous");
    CHECK(with("inconditionnel", aged(31)) ==
          "eligible: Accueil inconditionnel ; public visé : jeunes");
    CHECK(with("", aged(20)) == "eligible: Public visé : jeunes");
    CHECK(with("exclusif", aged(25)) == "eligible: Accueil exclusif des jeunes");
    CHECK(with("exclusif", {}) == "to-check: Accueil exclusif des jeunes ; à vérifier");
    CHECK(with("", {}) == "to-check: Public visé : jeunes ; à vérifier");
    // Welcoming everyone, the offer needs no fact to admit the person.
    CHECK(with("preferentiel", {}) == "eligible: Accueil prioritaire des jeunes ; ouvert à tous");
}

TEST_CASE("A person belongs to a public by any of its facts: age, genre or a status") {
    Offer offer = offer_with({});
    offer.criteria.accueil = "exclusif";
    offer.publics = {"femmes", "demandeurs-emploi"};
    Profile man = holding({}, true);
    man.genre = "homme";
    CHECK(judged(offer, facts(man)).reason("public") ==
          "ineligible: Accueil exclusif des demandeurs d’emploi ou femmes");
    Profile unemployed = holding({"detld"}, false);
    unemployed.genre = "homme";
    CHECK(judged(offer, facts(unemployed)).verdict() == Verdict::eligible);
    man.statuses_complete = false;
    CHECK(judged(offer, facts(man)).verdict() == Verdict::to_check);

    offer.publics = {"seniors"};
    Profile retired = holding({"senior"}, false);
    retired.age = 55;
    CHECK(judged(offer, facts(retired)).verdict() == Verdict::eligible);
    CHECK(judged(offer, facts(aged(60))).verdict() == Verdict::eligible);
    CHECK(judged(offer, facts(holding({}, true))).verdict() == Verdict::to_check);  // no age

    offer.publics = {"residents-qpv-frr"};
    Profile resident;
    resident.qpv = false;
    CHECK(judged(offer, facts(resident)).verdict() == Verdict::to_check);  // frr unknown
    resident.frr = false;
    CHECK(judged(offer, facts(resident)).verdict() == Verdict::ineligible);
    resident.frr = true;
    CHECK(judged(offer, facts(resident)).verdict() == Verdict::eligible);
}

TEST_CASE("An offer's own age bounds replace the age range of jeunes") {
    Criteria c;
    c.accueil = "exclusif";
    Offer offer = offer_with(c);
    offer.publics = {"jeunes"};
    CHECK(judged(offer, facts(aged(28))).reason("public") ==
          "ineligible: Accueil exclusif des jeunes");
    offer.criteria.age_min = 18;
    offer.criteria.age_max = 30;
    const Judged j = judged(offer, facts(aged(28)));
    CHECK(j.verdict() == Verdict::eligible);
    CHECK(j.reason("public") == "eligible: Accueil exclusif des jeunes");
    CHECK(judged(offer, facts(aged(17))).reason("public") ==
          "ineligible: Accueil exclusif des jeunes");
}

TEST_CASE("Offers for all publics or stating none give no public reason") {
    Offer offer = offer_with({});
    offer.criteria.accueil = "exclusif";
    CHECK(judged(offer, facts(aged(40))).reason("public") == "(none)");
    offer.publics = {"tous-publics"};
    const Judged j = judged(offer, facts(aged(40)));
    CHECK(j.reason("public") == "(none)");
    CHECK(j.verdict() == Verdict::no_criteria);
}

TEST_CASE("Zones give a reason met with a known residence and to check without one") {
    Offer offer = offer_with({});
    offer.zone_eligibilite = {"77"};
    CHECK(judged(offer, facts({}), today, "Seine-et-Marne").reason("residence") ==
          "to-check: Résidents de Seine-et-Marne uniquement : lieu de résidence à vérifier");
    Profile melun;
    melun.lives_in = "Melun";
    const PersonFacts f = facts_of(melun, tables(), real_gazetteer(), today);
    CHECK(judged(offer, f, today, "Seine-et-Marne").reason("residence") ==
          "eligible: Résidents de Seine-et-Marne uniquement");
    CHECK(judged(offer, f, today, "Île-de-France").reason("residence") ==
          "eligible: Résidents d'Île-de-France uniquement");
    CHECK(judged(offer_with({}), f).reason("residence") == "(none)");
}

TEST_CASE("A residence resolves to one commune, in Corsica and overseas too") {
    CHECK(residence_code("Melun") == "77288");
    CHECK(residence_code("2A004") == "2A004");  // Ajaccio
    CHECK(residence_code("Ajaccio") == "2A004");
    CHECK(residence_code("insee:97411") == "97411");  // Saint-Denis, La Réunion
    CHECK(residence_code("Saint-Denis (974)") == "97411");
    // Five digits read as a postcode first, as the gazetteer does: 97411 is one of Saint-Paul's.
    CHECK(residence_code("97411") == "97415");
    CHECK(residence_code("Paris") == "75056");
    CHECK(residence_code("75011") == "75111");  // the arrondissement, its city's zones included
}

TEST_CASE("A residence that is unknown, ambiguous or several communes is a PlaceError") {
    auto error = [](const char* lives_in) {
        Profile p;
        p.lives_in = lives_in;
        CHECK_THROWS_AS(facts_of(p, tables(), real_gazetteer(), today), PlaceError);
        return profile_error(p);
    };
    CHECK_THAT(error("Saint-Denis"),
               Catch::StartsWith("lieu de résidence : lieu ambigu « Saint-Denis »"));
    CHECK_THAT(error("Trifouilly-les-Oies"),
               Catch::StartsWith("lieu de résidence : lieu inconnu « Trifouilly-les-Oies »"));
    CHECK(error("77000") ==
          "lieu de résidence : « 77000 » couvre 4 communes (Livry-sur-Seine, Melun, La Rochette, "
          "Vaux-le-Pénil) : donner la commune");
}

TEST_CASE("A session is open from its first to its last day included") {
    Criteria c;
    c.session_start = "2026-11-12";
    c.session_end = "2026-12-18";
    const Offer offer = offer_with(c);
    CHECK(judged(offer, facts({}), {2026, 11, 11}).reason("session") ==
          "to-check: Prochaine session le 12/11");
    CHECK(judged(offer, facts({}), {2026, 11, 12}).reason("session") ==
          "eligible: Session en cours jusqu'au 18/12");
    // A session says when, not who: an offer stating nothing else has no known criterion.
    CHECK(judged(offer, facts({}), {2026, 12, 18}).verdict() == Verdict::no_criteria);
    CHECK(judged(offer, facts({}), {2026, 12, 19}).reason("session") ==
          "ineligible: Session terminée le 18/12");
    c.session_end.clear();
    CHECK(judged(offer_with(c), facts({}), {2027, 3, 1}).reason("session") ==
          "eligible: Session commencée le 12/11");
}

TEST_CASE("A suspension refuses until its last day included") {
    Criteria c;
    c.suspended_until = "2026-11-30";
    const Offer offer = offer_with(c);
    CHECK(judged(offer, facts({}), {2026, 11, 30}).reason("suspension") ==
          "ineligible: Suspendue jusqu'au 30/11");
    const Judged after = judged(offer, facts({}), {2026, 12, 1});
    CHECK(after.reason("suspension") == "(none)");
    CHECK(after.verdict() == Verdict::no_criteria);
}

TEST_CASE("A closure refuses from its first to its last day") {
    Criteria c;
    c.closures = {{"2026-08-01", "2026-08-15"}, {"2026-12-24", "2027-01-02"}};
    const Offer offer = offer_with(c);
    CHECK(judged(offer, facts({}), {2026, 12, 23}).reason("fermeture") == "(none)");
    CHECK(judged(offer, facts({}), {2026, 12, 24}).reason("fermeture") ==
          "ineligible: Fermée du 24/12 au 02/01");
    CHECK(judged(offer, facts({}), {2027, 1, 2}).verdict() == Verdict::ineligible);
    CHECK(judged(offer, facts({}), {2027, 1, 3}).verdict() == Verdict::no_criteria);
    CHECK(judged(offer, facts({}), {2026, 8, 1}).reason("fermeture") ==
          "ineligible: Fermée du 01/08 au 15/08");
}

TEST_CASE("No free place is to check and free places are met, as counted on their day") {
    Criteria c;
    c.places_total = 20;
    c.places_free = 0;
    c.places_date = "2026-11-12";
    CHECK(judged(offer_with(c), facts({})).reason("places") == "to-check: Complet au 12/11");
    c.places_free = 12;
    CHECK(judged(offer_with(c), facts({})).reason("places") ==
          "eligible: 12 places libres au 12/11");
    c.places_free = 1;
    CHECK(judged(offer_with(c), facts({})).reason("places") == "eligible: 1 place libre au 12/11");
    c.places_free.reset();
    CHECK(judged(offer_with(c), facts({})).reason("places") == "(none)");
    c.places_free = 3;
    c.places_date.clear();
    CHECK(judged(offer_with(c), facts({})).reason("places") == "eligible: 3 places libres");
}

TEST_CASE("The verdict is the worst outcome and reasons come ineligible first") {
    Criteria c;
    c.age_min = 16;
    c.age_max = 25;
    c.prescription_required = true;
    c.permis_required = true;
    c.places_free = 0;
    const Offer offer = offer_with(c);
    auto codes = [](const Judged& j) {
        std::string out;
        for (const Reason& r : j.eligibility.reasons) out += r.code + " ";
        return out;
    };
    Judged j = judged(offer, facts(aged(31)));
    CHECK(j.verdict() == Verdict::ineligible);
    CHECK(codes(j) == "age permis places prescription ");
    Profile p = aged(20);
    p.permis = true;
    j = judged(offer, facts(p));
    CHECK(j.verdict() == Verdict::to_check);
    CHECK(codes(j) == "places age prescription permis ");
    p.permis.reset();
    j = judged(offer, facts(p));
    CHECK(codes(j) == "permis places age prescription ");
    CHECK(judged(offer_with({}), facts(p)).eligibility.reasons.empty());
}

TEST_CASE("Judging without reasons allocates nothing") {
    Criteria c;
    c.age_min = 16;
    c.age_max = 25;
    c.statuses_required = {"rsa", "deld"};
    c.statuses_excluded = {"etudiant"};
    c.accueil = "exclusif";
    c.permis_required = true;
    c.places_free = 2;
    c.session_start = "2026-09-01";
    c.closures = {{"2026-12-24", "2027-01-02"}};
    Offer offer = offer_with(c);
    offer.publics = {"jeunes", "demandeurs-emploi"};
    offer.horaires_accueil = "Mo-Fr 09:00-17:00";
    std::string extra;
    const OfferRules rules = rules_of(offer, tables(), extra);
    OfferFacts offer_facts;
    offer_facts.publics = 1u << *Taxonomy::builtin().publics().find("jeunes");
    offer_facts.zones_restricted = true;
    offer_facts.extra = extra;
    Profile p = holding({"detld"}, false);
    p.age = 24;
    const PersonFacts person = facts(p);
    const auto& rules_of_publics = public_rules();
    const long before = allocations;
    const Verdict verdict = judge(rules, offer_facts, person, today, tables(), Taxonomy::builtin(),
                                  rules_of_publics, nullptr);
    const long after = allocations;
    CHECK(after == before);
    CHECK(verdict == Verdict::to_check);  // permis and residence unknown
}

TEST_CASE("Verdicts have stable codes for the command line and the bindings") {
    CHECK(std::string(verdict_code(Verdict::no_criteria)) == "no-criteria");
    CHECK(std::string(verdict_code(Verdict::eligible)) == "eligible");
    CHECK(std::string(verdict_code(Verdict::to_check)) == "to-check");
    CHECK(std::string(verdict_code(Verdict::ineligible)) == "ineligible");
}

// The search judges only the offers may_exclude() names: for every other offer of a generated
// catalogue, no person, however their profile reads, is ineligible on any day.
TEST_CASE("Offers may_exclude passes over are never ineligible, whoever asks and when") {
    const Taxonomy& taxonomy = Taxonomy::builtin();
    const Catalogue catalogue = generate_catalogue(real_gazetteer(), taxonomy, 6000, 20261126);
    std::vector<PersonFacts> people;
    const std::vector<std::string> statuses = {"rsa",      "rqth",   "detld",   "jeune-ase",
                                               "etudiant", "senior", "refugie", "ppsmj"};
    std::mt19937 rng(7);
    for (int i = 0; i < 60; ++i) {
        Profile p;
        if (i % 5) p.age = 15 + static_cast<int>(rng() % 60);
        if (i % 3) p.genre = i % 2 ? "femme" : "homme";
        for (const std::string& s : statuses)
            if (rng() % 4 == 0) p.statuses.push_back(s);
        p.statuses_complete = i % 2;
        if (i % 4) p.diplome = i % 8 < 4 ? "infra-bac" : "superieur";
        if (i % 6) p.permis = i % 12 < 6, p.vehicule = i % 7 < 3;
        people.push_back(facts(p));
    }
    const std::vector<Date> days = {{2026, 11, 24}, {2027, 6, 1}, {2029, 1, 15}};
    size_t passed_over = 0, excluding = 0;
    for (const Offer& offer : catalogue.offers) {
        std::string extra;
        const OfferRules rules = rules_of(offer, tables(), extra);
        OfferFacts offer_facts;
        for (const std::string& code : offer.publics)
            offer_facts.publics |= 1u << *taxonomy.publics().find(code);
        offer_facts.zones_restricted = !offer.zone_eligibilite.empty();
        offer_facts.extra = std::string_view(extra).substr(rules.extra_begin, rules.extra_size);
        bool someone_refused = false;
        for (const PersonFacts& person : people)
            for (const Date& day : days)
                someone_refused |= judge(rules, offer_facts, person, day, tables(), taxonomy,
                                         public_rules(), nullptr) == Verdict::ineligible;
        if (!may_exclude(rules)) {
            ++passed_over;
            INFO(offer.id);
            CHECK_FALSE(someone_refused);
        }
        excluding += someone_refused;
    }
    // Both kinds are common, so the check above is not vacuous.
    CHECK(passed_over > 1000);
    CHECK(excluding > 1000);
}
