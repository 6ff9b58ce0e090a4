#pragma once
// Whether an offer can be taken up on a given day, from its rules alone (no profile).

#include <string_view>

#include "cartoffre/hours.hpp"
#include "eligibility/eligibility.hpp"

namespace cartoffre::detail {

// Not suspended on `day`, not within a closure, within its session window when it has one (a
// session starting later counts: the person can enrol), and with free places when its capacity
// is known.
inline bool available_on(const OfferRules& rules, std::string_view extra, const Date& day) {
    const uint16_t today = rule_day(day);
    if (rules.suspended_until && today <= rules.suspended_until) return false;
    if (rules.session_end && today > rules.session_end) return false;
    if (rules.places_free == 0) return false;
    for (uint16_t i = 0; i < rules.closures; ++i) {
        const unsigned char* c =
            reinterpret_cast<const unsigned char*>(extra.data()) + 4 * static_cast<size_t>(i);
        const uint16_t from = static_cast<uint16_t>(c[0] | c[1] << 8);
        const uint16_t to = static_cast<uint16_t>(c[2] | c[3] << 8);
        if (today >= from && today <= to) return false;
    }
    return true;
}

}  // namespace cartoffre::detail
