#pragma once
// Whether an offer is open to a person, and why (not): a verdict and one reason per criterion.

#include <string>
#include <vector>

namespace cartoffre {

// Ordered from the least to the most said against the person (a verdict is the worst of its
// reasons). no_criteria: the offer states no condition on the person that cartoffre can read
// (it may state its availability: places, session); a caseworker reads it as "nothing known
// against", not as "known to qualify". eligible: at least one condition on the person is known
// and every one is met. to_check: none fails, but one needs a fact the profile lacks, or exists
// only as the source's free text (quoted). ineligible: some criterion fails.
enum class Verdict { no_criteria, eligible, to_check, ineligible };

// "no-criteria", "eligible", "to-check", "ineligible": the stable codes of the command line's
// CSV and JSON and of the bindings (English, as they were; the labels below are the French).
const char* verdict_code(Verdict verdict);

// The verdict as a caseworker reads it: « Aucun critère connu », « Éligible », « À vérifier »,
// « Inéligible ».
const char* verdict_label(Verdict verdict);

struct Reason {
    std::string code;  // the criterion, stable: age, statuts-requis, statuts-exclus, genre,
                       // residence, diplome, public, conditions, prescription, permis, vehicule,
                       // places, session, suspension, fermeture (explain adds zone, distance,
                       // horaires)
    Verdict outcome = Verdict::eligible;  // eligible, to_check or ineligible, never no_criteria
    std::string text;                     // a short French sentence for the caseworker
};

struct Eligibility {
    // The worst outcome of the reasons; no_criteria when every reason is met and none is a
    // condition on the person (only availability or information: places, session, prescription).
    Verdict verdict = Verdict::no_criteria;
    std::vector<Reason> reasons;  // ineligible first, then to check, then met
};

}  // namespace cartoffre
