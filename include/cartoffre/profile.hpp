#pragma once
// A person's situation as a caseworker describes it, to find what is open to them. Every fact is
// optional: a criterion that needs a fact the profile lacks gives "to check", never a refusal.
// The library neither stores nor logs a profile: it lives in the caller's query, for one search.

#include <optional>
#include <string>
#include <vector>

#include "cartoffre/date.hpp"

namespace cartoffre {

struct Profile {
    std::optional<int> age;          // in years
    std::optional<Date> birth_date;  // gives the age on the search's date when `age` is absent
    std::string genre;               // femme, homme, or empty when not said
    std::string lives_in;            // the residence: a place resolving to one commune, or empty
    std::optional<bool> qpv;         // lives in a quartier prioritaire de la politique de la ville
    std::optional<bool> frr;         // lives in a France Ruralités Revitalisation area (ex-ZRR)
    std::vector<std::string> statuses;  // codes of data/eligibility/statuses.tsv the person holds
    bool statuses_complete = false;     // they are all the person holds: any other is a "no"
    std::string diplome;                // code of data/eligibility/diplomas.tsv, or empty
    std::optional<bool> permis;         // holds a driving licence
    std::optional<bool> vehicule;       // has a vehicle
};

}  // namespace cartoffre
