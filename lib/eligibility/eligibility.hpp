#pragma once
// Eligibility inside the index: an offer's criteria in a compact fixed-size form (rules.bin,
// one per offer, read by every search for a person), a person's facts resolved once per search,
// and the one function that judges the first against the second.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cartoffre/eligibility.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/hours.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/profile.hpp"
#include "cartoffre/taxonomy.hpp"

namespace cartoffre::detail {

// The code lists of data/eligibility/: the statuses a person may hold (at most 32, each a bit),
// the diploma levels (ordered), and what each data·inclusion public means in profile facts.
class EligibilityTables {
  public:
    // Reads statuses.tsv, diplomas.tsv and publics.tsv from `dir`; throws DataError naming the
    // file, line and value that are wrong.
    static EligibilityTables load(const std::filesystem::path& dir);
    // The project's tables (data/eligibility, or $CARTOFFRE_DATA/eligibility), loaded once.
    static const EligibilityTables& builtin();

    std::optional<uint32_t> status_bit(std::string_view code) const;  // 0 .. 31
    const std::string& status_code(uint32_t bit) const;
    const std::string& status_label(uint32_t bit) const;
    // The status as a public, for "Réservé aux ...": "bénéficiaires du RSA".
    const std::string& status_plural(uint32_t bit) const;
    size_t status_count() const;
    // `bits` and every status they imply, transitively (detld: deld and demandeur-emploi).
    uint32_t implied_statuses(uint32_t bits) const;
    std::optional<uint8_t> diploma_level(std::string_view code) const;  // 1 .. n, low to high
    const std::string& diploma_label(uint8_t level) const;

    // What a person must be to belong to a public (a data·inclusion publics code): anyone, or
    // any of these facts (an age range, a gender, a status among `statuses`).
    struct PublicRule {
        bool everyone = false;
        std::optional<int> age_min, age_max;
        std::string genre;      // femme / homme, or empty
        uint32_t statuses = 0;  // bits: holding any of them is enough
    };
    // Indexed like Taxonomy::publics(); throws DataError when a public has no rule.
    std::vector<PublicRule> public_rules(const Vocabulary& publics) const;

  private:
    struct Impl;
    std::shared_ptr<const Impl> m_impl;
};

// Days since 2000-01-01 plus one (0: no date), as the rules store dates. rule_day clamps a
// date outside 2000-01-01 .. 2179-06-05 to the nearest end (rules_of rejects such dates).
uint16_t rule_day(const Date& date);
Date rule_date(uint16_t day);

// An offer's criteria and availability, compact. Variable parts (closures, parsed hours) sit in
// rules_extra.bin at `extra_begin`, `extra_size` bytes.
struct OfferRules {
    uint32_t statuses_required = 0;  // bits; the person holds at least one
    uint32_t statuses_excluded = 0;  // bits; the person holds none
    uint32_t extra_begin = 0;
    uint16_t extra_size = 0;
    uint16_t closures = 0;  // how many closure periods open the extra bytes (4 bytes each)
    uint16_t session_start = 0, session_end = 0, suspended_until = 0, places_date = 0;  // days
    int16_t places_total = -1, places_free = -1;  // -1 unknown
    uint8_t age_min = 0, age_max = 255;           // 0 / 255: no bound
    uint8_t genre = 0;                            // 0 anyone, 1 femme, 2 homme
    uint8_t diplome_max = 0;                      // 0 any, else a diploma level
    uint8_t accueil = 0;  // 0 not said, 1 inconditionnel, 2 preferentiel, 3 exclusif
    uint8_t flags = 0;    // see below
    // The struct's padding, named so that it is always zero: rules.bin is written from these
    // bytes, and unnamed padding left whatever the stack held (an updated generation then
    // differed from a full build's, seen in the clang sanitizer build).
    uint8_t reserved[2] = {0, 0};
};
static_assert(std::is_trivially_copyable_v<OfferRules>);
static_assert(sizeof(OfferRules) == 36, "rules.bin layout (ARCHITECTURE.md)");

// Criteria::accueil as OfferRules stores it.
constexpr uint8_t accueil_inconditionnel = 1, accueil_preferentiel = 2, accueil_exclusif = 3;

constexpr uint8_t rule_prescription = 1;
constexpr uint8_t rule_permis = 2;
constexpr uint8_t rule_vehicule = 4;
constexpr uint8_t rule_hours = 8;  // parsed opening hours follow the closures in the extra bytes
// The source states access conditions only as text (conditions_acces): to check, quoted. An
// index built before this flag reads as having none (the text is still shown by `show`).
constexpr uint8_t rule_conditions = 16;

// The rules of `offer` and their extra bytes (appended to `extra`); throws DataError naming the
// offer, the field and the value when a code or a date is not understood. Hours that do not
// parse are left out (the offer keeps its text): they were reported when the catalogue loaded.
OfferRules rules_of(const Offer& offer, const EligibilityTables& tables, std::string& extra);

// A person's facts, resolved once per search from a Profile.
struct PersonFacts {
    std::optional<int> age;
    uint8_t genre = 0;            // 0 not said, 1 femme, 2 homme
    uint32_t statuses_held = 0;   // bits
    uint32_t statuses_known = 0;  // bits whose answer is known (held, or known not held)
    uint8_t diplome = 0;          // 0 not said
    std::optional<bool> permis, vehicule;
    std::optional<uint32_t> residence;  // gazetteer index of the commune the person lives in
};

// A genre as the rules store it: 1 femme, 2 homme, 0 anything else (not said).
uint8_t genre_number(std::string_view genre);

// Checks the profile (negative or absurd age, unknown status or diploma code, a residence that
// is not one commune) and resolves it; throws QueryError or PlaceError saying what is wrong.
// `today` gives the age from a birth date; qpv and frr become the statuses of the same codes.
PersonFacts facts_of(const Profile& profile, const EligibilityTables& tables,
                     const Gazetteer& gazetteer, const Date& today);

// What judging an offer needs besides its rules and the person.
struct OfferFacts {
    uint32_t publics = 0;           // bits of Taxonomy::publics()
    bool zones_restricted = false;  // the offer lists eligibility zones
    std::string zones_label;        // "Seine-et-Marne", for the sentence; may be empty
    std::string_view extra;         // the offer's extra bytes: extra_size bytes from extra_begin
    std::string_view conditions;    // the offer's conditions_acces, for the sentence; may be empty
};

// The verdict of `rules` for `person` on `today` (availability: session, suspension, closures,
// free places). With `reasons`, also (replacing its content) one reason per criterion that
// applies, in French, sorted as Eligibility::reasons; without, nothing is allocated. Zones are
// a filter of the search; here they only give a reason: met when the person's residence is
// known (the search kept the offer for it), to check otherwise.
Verdict judge(const OfferRules& rules, const OfferFacts& offer, const PersonFacts& person,
              const Date& today, const EligibilityTables& tables, const Taxonomy& taxonomy,
              const std::vector<EligibilityTables::PublicRule>& public_rules,
              std::vector<Reason>* reasons);

// Whether a reason's code is a condition on the person (age, statuses, genre, residence, zone,
// diploma, public, conditions, licence, vehicle) rather than the offer's availability or a fact
// given for information (prescription, places, session, suspension, closure, distance, hours).
bool about_person(std::string_view code);

// The verdict of a list of reasons: the worst outcome; no_criteria when all are met and none is
// about the person. What judge() answers, for lists that explain() completes.
Verdict verdict_of(const std::vector<Reason>& reasons);

// Whether some person could be ineligible for an offer of these rules: a criterion that can
// refuse (age, statuses, genre, diploma, licence, vehicle, an exclusive welcome, a session's end,
// a suspension, a closure). judge() never answers ineligible otherwise; the other criteria
// (residence, a non-exclusive public, places, prescription, a session to come) only ask to check.
// A search skips judging the offers it says no for: nearly half of a national catalogue.
inline bool may_exclude(const OfferRules& r) {
    return r.statuses_required | r.statuses_excluded | r.closures | r.session_end |
           r.suspended_until | r.age_min | (r.age_max != 255) | r.genre | r.diplome_max |
           (r.flags & (rule_permis | rule_vehicule)) | (r.accueil == accueil_exclusif);
}

// The opening hours in an offer's extra bytes (as OfferFacts::extra), if it has parsed ones.
// Throws DataError when the bytes are not what the rules say.
std::optional<OpeningHours> hours_of(const OfferRules& rules, std::string_view extra);

}  // namespace cartoffre::detail
