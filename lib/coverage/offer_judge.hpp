#pragma once
// Whether an offer counts for a coverage: the search's filters and the person's verdict, which
// do not depend on the commune, judged once per offer and remembered; the eligibility zones,
// which do, judged for each commune's keys.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "cartoffre/coverage.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"
#include "offer/theme_set.hpp"

namespace cartoffre::detail {

// One subject of a coverage: a category, or a thématique within one.
struct Subject {
    std::string code, label;
    ThemeSet themes;
    uint32_t category = 0;       // its bit in OfferEntry::categories
    bool whole_category = true;  // a category: its tree's entries need no theme test
};

class OfferJudge {
  public:
    OfferJudge(const detail::Snapshot& s, const Filters& filters, const ForPerson& person)
        : m_s(s), m_filters(filters), m_person(person), m_state(s.size, 0), m_key(s.size, 0) {}

    // The filters (no zones) and the person's verdict, strict: the offers the person may enter.
    bool passes(uint32_t p) {
        uint8_t& state = m_state[p];
        if (!state) {
            const OfferColumns& c = m_s.columns[p];
            bool ineligible = false;
            const bool ok = m_filters.accept(c, m_s.zones) &&
                            (!m_person.asks() || suits(p, m_person, m_s, ineligible));
            state = known | (ok ? passed : 0) | (m_s.open_everywhere(c) ? 0 : restricted);
            if (c.zones_count == 1) {
                state |= single;
                m_key[p] = m_s.zones[c.zones_begin];
            }
        }
        return state & passed;
    }
    // Open to the residents of a commune of these zone keys (five at most); after passes().
    bool open_to(uint32_t p, const std::vector<uint32_t>& keys) const {
        if (!(m_state[p] & restricted)) return true;
        // Most restricted offers name one zone: kept apart, their columns need not be read.
        if (m_state[p] & single) return std::find(keys.begin(), keys.end(), m_key[p]) != keys.end();
        const OfferColumns& c = m_s.columns[p];
        const uint32_t* z = m_s.zones + c.zones_begin;
        for (uint32_t i = 0; i < c.zones_count; ++i)
            if (std::find(keys.begin(), keys.end(), z[i]) != keys.end()) return true;
        return false;
    }
    // After passes(): whether the offer is open everywhere; else its one zone key, or
    // UINT32_MAX when it names several (open_to judges those).
    bool open_everywhere(uint32_t p) const { return !(m_state[p] & restricted); }
    uint32_t single_key(uint32_t p) const { return m_state[p] & single ? m_key[p] : UINT32_MAX; }
    bool in_subject(uint32_t p, uint32_t categories, const Subject& subject) const {
        if (!(categories >> subject.category & 1)) return false;
        return subject.whole_category || m_s.columns[p].themes.intersects(subject.themes);
    }

  private:
    static constexpr uint8_t known = 1, passed = 2, restricted = 4, single = 8;
    const detail::Snapshot& m_s;
    const Filters& m_filters;
    const ForPerson& m_person;
    std::vector<uint8_t> m_state;  // per offer position
    std::vector<uint32_t> m_key;   // the one zone key of an offer that names one
};

}  // namespace cartoffre::detail
