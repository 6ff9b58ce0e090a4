// The verdict: publics, zones and residence, sessions and closures, free places, the order of
// reasons, judging without allocating, and the offers a search passes over.

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <random>

#include "generator/generator.hpp"
#include "judging.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using namespace cartoffre::detail;
using namespace cartoffre::testing;

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

std::string residence_code(const std::string& lives_in) {
    Profile profile;
    profile.lives_in = lives_in;
    const PersonFacts f = facts_of(profile, tables(), real_gazetteer(), today);
    REQUIRE(f.residence);
    return std::string(real_gazetteer().commune(*f.residence).code);
}

}  // namespace

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
