#pragma once
// The checks every offer read from a partner passes, whatever its file: a mapping's rows
// (row_loader.cpp) and data·inclusion v1 services (catalogue.cpp) alike. Each repair that is
// certain is made (swapped coordinates, a commune's centre), each doubt warned, and the report
// says where (the row's position and id).

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/geo.hpp"
#include "cartoffre/loader.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/taxonomy.hpp"

namespace cartoffre::detail {

// How far coordinates may be from their commune's centre (the gazetteer's, often the
// centroid) before they are taken for a wrong geocode: 30 km, more for the communes whose
// town is far from their centroid because they are huge (Arles and Saintes-Maries-de-la-Mer,
// the only metropolitan communes over 300 km²; Guyane's, up to 18,000 km²).
double commune_tolerance_km(std::string_view insee);

// Metropolitan France with Corsica, the overseas départements and collectivities, the Pacific
// ones included (the gazetteer has their communes, and a generated catalogue places offers
// there).
bool in_france(double lat, double lon);

// A French phone number as the project writes it, "04 74 00 85 01": from "+33 4 74 00 85 01",
// "+262 262 ...", "0033...", "04.74.00.85.01", "0474008501". Anything else (a short number such
// as 3939, a foreign one, two numbers, words) is returned as written, trimmed.
std::string french_phone(const std::string& text);

class OfferChecks {
  public:
    OfferChecks(const Gazetteer& gazetteer, const Taxonomy& taxonomy, LoadReport& report)
        : m_gazetteer(gazetteer), m_taxonomy(taxonomy), m_report(report) {}

    // A new row: its position and id name the issues that follow.
    void begin(size_t position, const std::string& local_id) {
        m_position = position;
        m_local_id = local_id;
        m_warned = false;
    }
    void set_id(const std::string& local_id) { m_local_id = local_id; }
    // Rejects the row (counted); false, for `return reject(...)`.
    bool reject(const std::string& field, const std::string& value, const std::string& why);
    void warn(const std::string& field, const std::string& value, const std::string& why);
    // Counts the row as loaded with warnings when it had some.
    void end() {
        if (m_warned) ++m_report.warned;
    }

    // Unknown codes of the standard and unknown eligibility zones are dropped and warned.
    void codes(Offer& o);
    void zones(Offer& o);
    // date_maj as YYYY-MM-DD (a timestamp keeps its day); an invalid one dropped and warned.
    void date(Offer& o);
    // Hours that do not parse are kept as text and warned.
    void hours(Offer& o);
    // Coordinates as read, checked: finite, not 0,0, in France (swapped ones put back);
    // nothing (warned) when unusable. `value` is their text for the report.
    std::optional<LatLon> usable(LatLon p);
    // The offer's place: `at` (already usable) checked against the stated commune (code_insee,
    // else postcode and name): too far, the commune's centre, flagged approximate; none, the
    // commune's centre too. An unknown commune code is dropped and warned.
    void place(Offer& o, std::optional<LatLon> at);

  private:
    std::optional<uint32_t> by_postcode(const Offer& o);

    const Gazetteer& m_gazetteer;
    const Taxonomy& m_taxonomy;
    LoadReport& m_report;
    size_t m_position = 0;
    std::string m_local_id;
    bool m_warned = false;
};

}  // namespace cartoffre::detail
