#pragma once
// What a search knows before it looks at offers: its filters compiled to column tests, the
// place resolved, the eligibility zones, the person's facts and the day. Shared by the search
// and by explain(), so that both judge an offer alike.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/index.hpp"
#include "cartoffre/query.hpp"
#include "eligibility/eligibility.hpp"
#include "geo/circle.hpp"
#include "index/snapshot.hpp"
#include "text/text_index.hpp"

namespace cartoffre::detail {

// The filters of a query compiled to column tests.
struct Filters {
    ThemeSet themes;
    bool by_themes = false;
    uint32_t categories = 0;  // bits of the categories of `themes`, for candidate lists
    uint32_t publics = 0, types = 0, frais = 0;
    uint32_t tous_publics = 0;
    uint8_t modes = 0;  // flag_in_person / flag_remote
    // Structure kinds asked, by OfferColumns::kind (bit 0, "none", is never set).
    std::array<uint64_t, 4> kinds{};
    bool by_kinds = false;
    std::vector<uint16_t> sources;
    std::vector<uint32_t> zone_keys;  // the searched communes' keys; used when zones apply
    bool zones_apply = false;
    uint8_t min_quality = 0;  // score_qualite in hundredths
    bool unplaced = false;    // only offers with no coordinates, no commune, not remote

    bool accept(const OfferColumns& c, const uint32_t* zones) const {
        return accept_theme_and_zone(c, zones) && (!asks_more() || accept_more(c));
    }

    // The two tests of nearly every search around a place (a category, the place's zones),
    // apart so that a search over thousands of candidates skips the others with one branch
    // (asks_more, asked once).
    bool accept_theme_and_zone(const OfferColumns& c, const uint32_t* zones) const {
        if (by_themes && !c.themes.intersects(themes)) return false;
        if (zones_apply && c.zones_count) {
            const uint32_t* z = zones + c.zones_begin;
            bool inside = false;
            for (uint32_t i = 0; i < c.zones_count && !inside; ++i)
                inside = std::find(zone_keys.begin(), zone_keys.end(), z[i]) != zone_keys.end();
            if (!inside) return false;
        }
        return true;
    }
    bool asks_more() const {
        return publics || types || frais || modes || by_kinds || min_quality || unplaced ||
               !sources.empty();
    }
    bool accept_more(const OfferColumns& c) const {
        if (publics && c.publics && !(c.publics & (publics | tous_publics))) return false;
        if (types && !(c.type && (types >> (c.type - 1) & 1))) return false;
        if (frais && !(c.frais & frais)) return false;
        if (modes && !(c.flags & modes)) return false;
        if (by_kinds && !(kinds[c.kind >> 6] >> (c.kind & 63) & 1)) return false;
        if (c.quality < min_quality) return false;
        if (unplaced && !is_unplaced(c)) return false;
        if (!sources.empty() &&
            std::find(sources.begin(), sources.end(), c.source) == sources.end())
            return false;
        return true;
    }
};

Filters compile_filters(const Query& q, const detail::Snapshot& s);

// The code terms of the field's vocabulary ("public:...", "typologie:ACI") told by the offers'
// columns, which hold the same codes as their text records: a slot naming common codes narrows
// the candidates by these tests rather than by long posting lists.
class ColumnCodes : public CodeColumns {
  public:
    explicit ColumnCodes(const Snapshot& s) : m_snapshot(s) {}
    std::function<bool(uint32_t)> any_of(const std::vector<std::string>& terms) const override;
    void prefetch(uint32_t doc) const override { __builtin_prefetch(&m_snapshot.columns[doc]); }

  private:
    const Snapshot& m_snapshot;
};

// Where the person searches: the resolved place, radius and eligibility zone keys.
struct Area {
    Place place;
    std::vector<uint32_t> communes;  // sorted
    std::vector<Circle> circles;     // of the radius, around each origin
    double radius_km = 0;
};

// Nothing without a place or a point. Throws PlaceError or QueryError.
std::optional<Area> resolve_area(const Query& q, const detail::Snapshot& s);

// What the person and the day ask of an offer beyond the filters.
struct ForPerson {
    std::optional<PersonFacts> person;
    EligibilityMode mode = EligibilityMode::strict;
    Date today;
    std::optional<LocalDateTime> open_at;  // Paris time
    std::optional<Date> open_on;
    bool available = false;
    // open_at as the clocks of the overseas départements show it (971 to 978, in order).
    std::vector<LocalDateTime> open_at_overseas;

    // open_at as the département's clock shows it: an offer is judged in its own zone.
    LocalDateTime open_at_in(std::string_view departement) const;

    // Whether offers are judged at all beyond the filters.
    bool asks() const { return person || open_at || open_on || available; }
};

// The day, the person's facts (checked: QueryError, PlaceError) and the hours asked.
ForPerson for_person_of(const Query& q, const detail::Snapshot& s);

// Eligibility zones are judged where the person lives when the profile says so, else at the
// searched place (its commune, or the communes of a postcode); without either they do not apply.
void apply_zones(const std::optional<Area>& area, const std::optional<PersonFacts>& person,
                 const detail::Snapshot& s, Filters& filters);

// The names of an offer's eligibility zones: "Seine-et-Marne", "CA Melun Val de Seine".
std::string zones_label(uint32_t position, const detail::Snapshot& s);

OfferFacts offer_facts(uint32_t position, const detail::Snapshot& s);

// Whether the hours, the availability and, for a person, the verdict let the offer through;
// `ineligible` says it comes through only because the mode is inclusive.
bool suits(uint32_t position, const ForPerson& f, const detail::Snapshot& s, bool& ineligible);

// The full verdict of the offer at `position` for the person, with its reasons. `offer` is the
// offer's record when the caller has decoded it (its conditions are quoted), else it is read.
Eligibility judge_with_reasons(uint32_t position, const ForPerson& f, const detail::Snapshot& s,
                               const Offer& offer);

}  // namespace cartoffre::detail
