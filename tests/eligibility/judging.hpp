#pragma once
// What the eligibility tests share: the built-in tables, a person's facts from a profile, an
// offer with criteria, and judging it with and without reasons (both must agree).

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cartoffre/eligibility.hpp"
#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"
#include "support/generated_index.hpp"

namespace cartoffre::testing {

using namespace cartoffre::detail;

inline const Date today{2026, 11, 12};

inline const EligibilityTables& tables() {
    return EligibilityTables::builtin();
}

inline const std::vector<EligibilityTables::PublicRule>& public_rules() {
    static const auto rules = tables().public_rules(Taxonomy::builtin().publics());
    return rules;
}

inline PersonFacts facts(const Profile& profile, const Date& day = today) {
    static const Gazetteer no_places;
    return facts_of(profile, tables(), no_places, day);
}

inline Profile aged(int age) {
    Profile profile;
    profile.age = age;
    return profile;
}

inline Profile holding(std::vector<std::string> statuses, bool complete) {
    Profile profile;
    profile.statuses = std::move(statuses);
    profile.statuses_complete = complete;
    return profile;
}

inline Offer offer_with(const Criteria& criteria) {
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
inline Judged judged(const Offer& offer, const PersonFacts& person, const Date& day = today,
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

inline std::string profile_error(const Profile& profile) {
    try {
        facts_of(profile, tables(), real_gazetteer(), today);
    } catch (const Error& e) {
        return e.what();
    }
    return "(valid)";
}

}  // namespace cartoffre::testing
