// The four verdicts a caseworker can tell apart: no criterion known, eligible (with the criteria
// met), to check (a fact missing, or a condition written only as text, quoted), ineligible.

#include <catch2/catch.hpp>
#include <string>

#include "cartoffre/eligibility.hpp"
#include "eligibility/eligibility.hpp"

using namespace cartoffre;
using namespace cartoffre::detail;

namespace {

const Date today{2026, 12, 7};

Eligibility judged(const Offer& offer, const Profile& profile) {
    static const Gazetteer no_places;
    const EligibilityTables& tables = EligibilityTables::builtin();
    static const auto public_rules = tables.public_rules(Taxonomy::builtin().publics());
    std::string extra;
    const OfferRules rules = rules_of(offer, tables, extra);
    OfferFacts facts;
    for (const std::string& p : offer.publics)
        facts.publics |= 1u << *Taxonomy::builtin().publics().find(p);
    facts.extra = extra;
    facts.conditions = offer.conditions_acces;
    const PersonFacts person = facts_of(profile, tables, no_places, today);
    Eligibility e;
    e.verdict =
        judge(rules, facts, person, today, tables, Taxonomy::builtin(), public_rules, &e.reasons);
    CHECK(judge(rules, facts, person, today, tables, Taxonomy::builtin(), public_rules, nullptr) ==
          e.verdict);
    CHECK(verdict_of(e.reasons) == e.verdict);
    return e;
}

Profile aged(int age) {
    Profile p;
    p.age = age;
    return p;
}

const Reason* reason(const Eligibility& e, const std::string& code) {
    for (const Reason& r : e.reasons)
        if (r.code == code) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("An offer stating no condition is « aucun critère connu », never eligible") {
    Offer offer;
    offer.id = "test--rien";
    const Eligibility e = judged(offer, aged(23));
    CHECK(e.verdict == Verdict::no_criteria);
    CHECK(e.reasons.empty());
    CHECK(std::string(verdict_label(e.verdict)) == "Aucun critère connu");
}

TEST_CASE("Availability met says when, not who: the verdict stays « aucun critère connu »") {
    Offer offer;
    offer.id = "test--places";
    offer.criteria.places_free = 4;
    offer.criteria.prescription_required = true;
    const Eligibility e = judged(offer, aged(23));
    CHECK(e.verdict == Verdict::no_criteria);
    CHECK(e.reasons.size() == 2);    // said, for information
    offer.criteria.places_free = 0;  // full: to check, whatever the person
    CHECK(judged(offer, aged(23)).verdict == Verdict::to_check);
}

TEST_CASE("Eligible means a condition on the person is known and met, and says which") {
    Offer offer;
    offer.id = "test--jeunes";
    offer.criteria.age_min = 16;
    offer.criteria.age_max = 25;
    offer.criteria.places_free = 4;
    const Eligibility e = judged(offer, aged(23));
    CHECK(e.verdict == Verdict::eligible);
    REQUIRE(!e.reasons.empty());
    CHECK(e.reasons.front().code == "age");  // the criterion first, availability after
    CHECK(judged(offer, aged(26)).verdict == Verdict::ineligible);
    CHECK(judged(offer, Profile{}).verdict == Verdict::to_check);
}

TEST_CASE("A condition the source writes only as text is to check, quoted") {
    Offer offer;
    offer.id = "test--texte";
    offer.conditions_acces = "Personnes domiciliées dans les 5e,\n 6e et 7e arrondissements.";
    Eligibility e = judged(offer, aged(23));
    CHECK(e.verdict == Verdict::to_check);
    const Reason* r = reason(e, "conditions");
    REQUIRE(r);
    CHECK(r->outcome == Verdict::to_check);
    CHECK(r->text ==
          "Conditions d'accès, à vérifier : « Personnes domiciliées dans les 5e, 6e et 7e "
          "arrondissements. »");
    // A criterion that fails still decides.
    offer.criteria.age_max = 20;
    CHECK(judged(offer, aged(23)).verdict == Verdict::ineligible);
    // Blank text is no condition.
    offer.criteria.age_max.reset();
    offer.conditions_acces = " \n ";
    CHECK(judged(offer, aged(23)).verdict == Verdict::no_criteria);
}

TEST_CASE("A long condition is quoted up to 300 bytes, cut on a character") {
    Offer offer;
    offer.id = "test--long";
    for (int i = 0; i < 200; ++i) offer.conditions_acces += "é";  // 400 bytes
    const Eligibility e = judged(offer, aged(23));
    const Reason* r = reason(e, "conditions");
    REQUIRE(r);
    std::string cut;
    for (int i = 0; i < 150; ++i) cut += "é";
    CHECK(r->text == "Conditions d'accès, à vérifier : « " + cut + "… »");
}

TEST_CASE("Explain's verdict from its reasons: distance and hours met say where and when") {
    std::vector<Reason> reasons = {{"distance", Verdict::eligible, "À 1,5 km"},
                                   {"horaires", Verdict::eligible, "Ouvert"}};
    CHECK(verdict_of(reasons) == Verdict::no_criteria);
    reasons.push_back({"zone", Verdict::eligible, "Réservé aux résidents de Seine-et-Marne"});
    CHECK(verdict_of(reasons) == Verdict::eligible);
    reasons.push_back({"horaires", Verdict::ineligible, "Fermé"});
    CHECK(verdict_of(reasons) == Verdict::ineligible);
}
