#pragma once
// One search: words, a place and a radius, filters, an order and a page; and what it returns.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cartoffre/date.hpp"
#include "cartoffre/eligibility.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/geo.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/profile.hpp"

namespace cartoffre {

// What to do with offers delivered a-distance (by phone or online): they have no distance.
enum class Remote { include, exclude, only };

// automatic: blend when there are words and a place, relevance with words only, distance with a
// place only, else by id.
// blend: relevance decayed by distance, score = weight / (1 + km / 10).
// Relevance and blend weigh quality in as a prior: the text weight is multiplied by
// (0.8 + 0.2 * score_qualite), so a complete, fresh offer gains up to 25 % over an empty one.
enum class SortOrder { automatic, distance, relevance, blend };

// With a profile: strict returns only the offers open to the person (eligible or to check);
// inclusive returns every offer with its verdict, the ineligible ones last.
enum class EligibilityMode { strict, inclusive };

struct Query {
    std::string text;                        // words, any order; accents and case do not matter
    std::string place;                       // anything Gazetteer::resolve accepts
    std::optional<LatLon> point;             // instead of a place
    double radius_km = 50;                   // around the place; its own communes are always inside
    std::vector<std::string> thematiques;    // theme or category codes; an offer matches any
    std::vector<std::string> publics;        // an offer for tous-publics always matches
    std::vector<std::string> types;          // types de services
    std::vector<std::string> frais;          // gratuit, payant
    std::vector<std::string> sources;        // catalogue sources
    std::vector<std::string> modes_accueil;  // en-presentiel, a-distance
    std::vector<std::string> kinds;  // structure kinds (typologies: ACI, ML, CCAS...); any of them
    Remote remote = Remote::include;
    // A map viewport: only offers delivered in person and located inside it (remote offers have
    // no place on a map). With a place too, both must hold. Without a place, no distances.
    std::optional<Box> bbox;
    // For a person: each hit gets its verdict and reasons. Never stored nor logged.
    std::optional<Profile> profile;
    EligibilityMode mode = EligibilityMode::strict;
    std::optional<Date>
        today;  // the day of the search (ages, availability); the local date when not set
    std::optional<LocalDateTime> open_at;  // only offers whose hours say open then (local time)
    std::optional<Date> open_on;           // only offers open at some moment that day
    bool available = false;  // only offers not suspended, not closed, in session, not full
    // Only offers whose score_qualite (0 to 1, at the index's build date) is at least this.
    double min_quality = 0;
    // One offer per cluster of duplicates across sources: among the cluster's members that match
    // the query, the first in the cluster's order (the fresher record, an organisation's old name
    // dating it before its renaming; then the more complete; then the smaller id:
    // docs/design/duplicates.md), whether or not it is the cluster's preferred member overall.
    // Its telephones and courriels pool the cluster's. Totals and facets count the offers kept.
    bool exclude_duplicates = false;
    // Only the offers with no known place: no coordinates, no commune, not remote. A local search
    // never finds them; this lists them (for a data team, or to say how many a search misses).
    bool unplaced = false;
    SortOrder sort = SortOrder::automatic;
    size_t limit = 20;   // hits per page (0: count and facets only)
    std::string cursor;  // next_cursor of the previous page, or empty for the first
};

struct Hit {
    Offer offer;
    std::optional<double> distance_km;  // one decimal; none for a remote offer or without place
    double score = 0;                   // the ranking score (relevance, or blended)
    std::optional<Eligibility> eligibility;  // with a profile: the verdict and its reasons
};

struct FacetCount {
    std::string code;
    std::string label;
    size_t count = 0;
};

// Counts over the whole match set, not the page; codes with no match are left out.
struct Facets {
    std::vector<FacetCount> categories;
    std::vector<FacetCount> types;
    std::vector<FacetCount> frais;
    std::vector<FacetCount> publics;
    std::vector<FacetCount> kinds;  // structure kinds (typologies)
};

// Words of the query that the field's vocabulary (data/text/vocabulary.tsv) reads as naming
// codes: the search also finds the offers carrying them, and says so.
struct Understanding {
    std::string words;  // as typed, folded: "iae", "lettre de motivation"
    // "structures de l'insertion par l'activité économique (ACI, EI, AI, ETTI, EITI, GEIQ)"
    std::string meaning;
    std::vector<std::string> codes;  // "typologie:ACI", "public:jeunes", "thematique:..."
};

struct Results {
    size_t total = 0;  // offers matching, all pages together
    std::vector<Hit> hits;
    Facets facets;
    std::string next_cursor;                 // empty on the last page
    std::optional<Place> place;              // how the place was understood
    std::vector<std::string> notices;        // e.g. a five-digit code read as a postcode
    std::vector<std::string> unknown_words;  // words found nowhere in the index
    std::string suggestion;                  // "did you mean" for misspelt words, or empty
    bool corrected = false;  // nothing matched the words as typed: the hits are the suggestion's
    // A local search (a place, no viewport, not remote only), on its first page: how many offers
    // match its words, filters and person but have no known place (no coordinates, no commune,
    // not remote), which no local search finds; Query::unplaced lists them.
    size_t unplaced = 0;
    // A local search that found nothing, on its first page: the nearest offers delivered in
    // person that match its words, filters and person beyond the radius, nearest first (at most
    // 3), with their distances; empty when there is none anywhere.
    std::vector<Hit> nearest_beyond;
    std::vector<Understanding> understood;  // how words naming codes were read
};

}  // namespace cartoffre
