#pragma once
// Whether an offer is open to a person, and why (not): a verdict and one reason per criterion.

#include <string>
#include <vector>

namespace cartoffre {

// eligible: every criterion is met. to_check: none fails, but one needs a fact the profile
// lacks (or the offer's own data is uncertain). ineligible: some criterion fails.
enum class Verdict { eligible, to_check, ineligible };

// "eligible", "to-check", "ineligible": the stable codes of the command line and the bindings.
const char* verdict_code(Verdict verdict);

struct Reason {
    std::string code;  // the criterion, stable: age, statuts-requis, statuts-exclus, genre,
                       // residence, diplome, public, prescription, permis, vehicule, places,
                       // session, suspension, fermeture
    Verdict outcome = Verdict::eligible;
    std::string text;  // a short French sentence for the caseworker
};

struct Eligibility {
    Verdict verdict = Verdict::eligible;  // the worst outcome of the reasons
    std::vector<Reason> reasons;          // ineligible first, then to check, then met
};

}  // namespace cartoffre
