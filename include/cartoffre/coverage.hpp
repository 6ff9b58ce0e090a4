#pragma once
// Coverage of a territory by the offer: for every commune and every category or thématique asked,
// how far its residents are from the nearest offer open to them, how many such offers are within
// a radius, whether a remote offer is open to them; and per area (EPCI, département, région, or
// an area table a user gives, such as INSEE's zones d'emploi) the population left beyond the
// radius, the population-weighted median and 90th percentile distance, the offers per 10,000
// inhabitants, the share of probable duplicates and the places free where catalogues count them.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/query.hpp"

namespace cartoffre {

// The communes a coverage is computed for: the current communes and municipal arrondissements
// of France, of one or more régions, départements or EPCI, or a list of INSEE codes (a commune
// divided in arrondissements stands for them: Paris, Lyon, Marseille).
struct Territory {
    enum class Kind { france, region, departement, epci, communes };
    Kind kind = Kind::france;
    std::vector<std::string> codes;  // région or département codes, EPCI SIREN, INSEE codes
};

// What figures are aggregated over: each commune, its EPCI, département or région, or the areas
// of an AreaTable.
enum class AreaLevel { commune, epci, departement, region, table };

// One row of an area table: a commune (INSEE code) and the area it belongs to.
struct AreaRow {
    size_t line = 0;  // in the file, the header being line 1
    std::string commune;
    std::string area;
    std::string name;  // the area's name, when the table gives one
};

// A user's table commune code -> area (INSEE's zones d'emploi, bassins, a hand-made zoning).
struct AreaTable {
    std::string file;  // for warnings
    std::vector<AreaRow> rows;

    // Reads a table through the catalogue readers (CSV with any separator, spreadsheets and other
    // GDAL formats). The commune column is named CODGEO, code_insee, insee, code_commune or
    // commune, else it is the first; the area column is named zone, area, code_zone, or starts
    // with ZE, BV or AAV (INSEE's zonings), else it is the second; the area's name is LIBZE...,
    // LIBBV..., nom_zone or nom when present. Throws DataError naming the file when it cannot be
    // read or has fewer than two columns. In the loaders' library (cartoffre::load).
    static AreaTable load(const std::filesystem::path& file);
};

// The outlines of communes a user supplies for maps (IGN's ADMIN EXPRESS, OpenStreetMap's
// boundaries, a hand-drawn file), read through GDAL/OGR from any vector format it reads
// (GeoJSON, GeoPackage, Shapefile, a CSV with a WKT column), reprojected to WGS 84 when the
// layer says it is in another system. In the loaders' library (cartoffre::load).
struct Contour {
    std::string code;                        // the commune's INSEE code
    std::string geometry;                    // GeoJSON text of its polygon or multipolygon
    std::vector<std::vector<LatLon>> rings;  // every ring, outer and inner, for drawing
};

struct Contours {
    std::string file;
    std::vector<Contour> contours;      // sorted by code, one per code
    std::vector<std::string> warnings;  // features left out, each named (French)

    const Contour* find(std::string_view code) const;

    // The code column is `code_column` when given, else the first of INSEE_COM, code_insee,
    // insee, codgeo, code_commune, code (any case). Throws DataError naming the file when it
    // cannot be read or has no such column.
    static Contours load(const std::filesystem::path& file, const std::string& code_column = "");
};

struct CoverageQuery {
    Territory territory;
    // Categories or thématiques, each measured apart; empty: the 16 categories.
    std::vector<std::string> subjects;
    double radius_km = 15;
    // Filters and person as in a search: publics, types, frais, sources, modes_accueil,
    // min_quality, profile (its residence is replaced by each commune: zones are judged for the
    // commune's residents; only offers the person may enter count, as in strict mode), today,
    // open_at, open_on, available. Its place, point, text, bbox, cursor and thematiques must be
    // empty (subjects say the themes); the rest (radius, order, page) is not used.
    Query filters;
    AreaLevel by = AreaLevel::commune;
    std::optional<AreaTable> areas;  // required when `by` is table
};

// One commune for one subject.
struct CommuneCoverage {
    uint32_t commune = 0;  // gazetteer index
    std::string code, name, departement;
    long population = 0;
    LatLon centre;
    std::string subject;
    // The nearest offer delivered in person, located, open to the commune's residents and
    // matching the filters, from the commune's centre (great circle); none when there is none.
    std::optional<double> nearest_km;
    std::string nearest_id;
    size_t within_radius = 0;  // such offers within the radius of the centre
    size_t in_commune = 0;     // such offers located in the commune (a search adds these)
    size_t remote = 0;         // remote offers open to the residents (not presence: apart)
    bool beyond_radius() const { return within_radius == 0; }
};

// One area (or the whole territory) for one subject.
struct AreaCoverage {
    std::string level;  // commune, epci, departement, region, zone, territoire
    std::string code, name;
    std::string subject;
    size_t communes = 0;
    long population = 0;
    size_t communes_beyond = 0;  // without any offer within the radius of their centre
    long population_beyond = 0;
    size_t communes_with_remote = 0;
    // Population-weighted (by commune) distance to the nearest offer; none when more than that
    // share of the population has no offer at all. Unweighted when the population is 0.
    std::optional<double> median_km, p90_km;
    // Offers delivered in person, located in the area's communes, matching the filters (their
    // zones not judged: open to someone), and what they say of themselves.
    size_t offers = 0;
    double offers_per_10000 = 0;  // inhabitants
    size_t duplicates = 0;        // members of a duplicate cluster that another member heads
    double duplicate_share = 0;
    size_t offers_with_places = 0;  // giving both places_total and places_free
    long places_total = 0, places_free = 0;
    std::optional<double> free_share;  // places_free / places_total, when places are known
};

// The offer side of an area: its in-person offers located there matching the filters (whatever
// the subjects), by category and by source; a category at 0 is a gap at a glance.
struct AreaOffers {
    std::string level, code, name;
    size_t offers = 0;
    std::vector<size_t> by_category;  // as CoverageReport::categories
    std::vector<size_t> by_source;    // as CoverageReport::sources
};

struct CoverageReport {
    double radius_km = 15;
    std::vector<std::string> subjects;        // as measured, in order
    std::vector<std::string> subject_labels;  // their French labels
    std::vector<std::string> categories;      // the 16 category codes (offer side)
    std::vector<std::string> sources;         // the index's sources (offer side)
    std::vector<CommuneCoverage> communes;    // commune by commune, each subject in order
    std::vector<AreaCoverage> areas;          // per area of the level asked, each subject
    std::vector<AreaCoverage> totals;         // the whole territory, one per subject
    std::vector<AreaOffers> offer_side;       // per area of the level asked
    std::vector<std::string> warnings;        // area table: unknown codes, communes absent...
};

}  // namespace cartoffre
