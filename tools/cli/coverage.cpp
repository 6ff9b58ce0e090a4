// `cartoffre coverage`: the options, the French table (worst-covered areas first), CSV and
// GeoJSON. Built into cartoffre-load only: an area table is read by the catalogue readers (GDAL),
// which `cartoffre` does not link (cli/loading.hpp).

#ifdef CARTOFFRE_LOADING

#include "cli/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

#include "cartoffre/index.hpp"
#include "cli/coverage_svg.hpp"
#include "cli/json_text.hpp"
#include "cli/output_file.hpp"

namespace cartoffre::cli {

namespace {

// 4300 -> "4 300", as French writes it.
std::string grouped(long n) {
    std::string digits = std::to_string(std::labs(n)), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

// 12.34 -> "12,3".
std::string decimal(double x, int digits = 1) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, x);
    std::string s = text;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string km(const std::optional<double>& d) {
    return d ? decimal(*d) + " km" : "aucune";
}

std::string plural(size_t n, const char* word) {
    return grouped(static_cast<long>(n)) + " " + word + (n > 1 ? "s" : "");
}

// Worst covered first: most people beyond the radius, then the farthest 90th percentile.
bool worse(const AreaCoverage& a, const AreaCoverage& b) {
    if (a.population_beyond != b.population_beyond)
        return a.population_beyond > b.population_beyond;
    const double pa = a.p90_km.value_or(HUGE_VAL), pb = b.p90_km.value_or(HUGE_VAL);
    if (pa != pb) return pa > pb;
    return a.code < b.code;
}

constexpr size_t shown_areas = 20;

void write_table(const CoverageReport& r, const std::string& by, std::string& out) {
    const AreaCoverage& first = r.totals.at(0);
    out += "Couverture : " + first.name + ", rayon " + decimal(r.radius_km, 0) + " km, " +
           plural(first.communes, "commune") + ", " + grouped(first.population) +
           " habitants ; regroupement : " + by + "\n";
    const std::string radius = decimal(r.radius_km, r.radius_km == std::floor(r.radius_km) ? 0 : 1);
    for (size_t j = 0; j < r.subjects.size(); ++j) {
        const AreaCoverage& t = r.totals[j];
        out += "\n" + r.subject_labels[j] + " : " + plural(t.communes_beyond, "commune") + ", " +
               grouped(t.population_beyond) + " habitants à plus de " + radius +
               " km d'une offre « " + r.subject_labels[j] + " » ; distance médiane " +
               km(t.median_km) + ", 90 % des habitants à moins de " + km(t.p90_km) + " ; " +
               grouped(static_cast<long>(t.offers)) + " offres sur place (" +
               decimal(t.offers_per_10000) + " pour 10 000 habitants, " +
               decimal(100 * t.duplicate_share, 0) + " % de doublons probables)";
        if (t.free_share)
            out += ", " + grouped(t.places_free) + " places libres sur " + grouped(t.places_total);
        out += " ; offre à distance ouverte dans " +
               (t.communes_with_remote ? plural(t.communes_with_remote, "commune")
                                       : std::string("aucune commune")) +
               "\n";
        std::vector<const AreaCoverage*> areas;
        for (const AreaCoverage& a : r.areas)
            if (a.subject == r.subjects[j]) areas.push_back(&a);
        std::sort(areas.begin(), areas.end(),
                  [](const AreaCoverage* a, const AreaCoverage* b) { return worse(*a, *b); });
        char line[512];
        std::snprintf(line, sizeof line, "  %-34s %8s %10s %12s %9s %9s %7s %9s\n", "Zone",
                      "Communes", "Habitants", "Au-delà hab.", "Médiane", "P90", "Offres",
                      "/10 000");
        out += line;
        for (size_t i = 0; i < areas.size() && i < shown_areas; ++i) {
            const AreaCoverage& a = *areas[i];
            std::string name = a.name + (a.code.empty() ? "" : " (" + a.code + ")");
            if (name.size() > 34) name = name.substr(0, 31) + "...";
            // Pads by characters, not bytes: accented names stay aligned.
            size_t width = 0;
            for (unsigned char ch : name) width += (ch & 0xC0) != 0x80;
            name += std::string(width < 34 ? 34 - width : 0, ' ');
            std::snprintf(line, sizeof line, "  %s %8zu %10s %12s %9s %9s %7zu %9s\n", name.c_str(),
                          a.communes, grouped(a.population).c_str(),
                          grouped(a.population_beyond).c_str(), km(a.median_km).c_str(),
                          km(a.p90_km).c_str(), a.offers, decimal(a.offers_per_10000).c_str());
            out += line;
        }
        if (areas.size() > shown_areas)
            out += "  ... et " + grouped(static_cast<long>(areas.size() - shown_areas)) +
                   " autres (--format csv pour toutes)\n";
    }
    // The offer side of the whole territory: its gaps at a glance.
    const std::vector<AreaOffers>& sides = r.offer_side;
    std::vector<size_t> by_category(r.categories.size()), by_source(r.sources.size());
    size_t offers = 0;
    for (const AreaOffers& side : sides) {
        offers += side.offers;
        for (size_t k = 0; k < by_category.size(); ++k) by_category[k] += side.by_category[k];
        for (size_t k = 0; k < by_source.size(); ++k) by_source[k] += side.by_source[k];
    }
    out += "\nOffres sur place dans le territoire (filtres appliqués) : " + grouped(offers);
    std::string counts, missing, sources;
    for (size_t k = 0; k < by_category.size(); ++k) {
        if (by_category[k])
            counts += (counts.empty() ? "" : ", ") + r.categories[k] + " " +
                      grouped(static_cast<long>(by_category[k]));
        else
            missing += (missing.empty() ? "" : ", ") + r.categories[k];
    }
    for (size_t k = 0; k < by_source.size(); ++k)
        if (by_source[k])
            sources += (sources.empty() ? "" : ", ") + r.sources[k] + " " +
                       grouped(static_cast<long>(by_source[k]));
    out += "\n  par catégorie : " + (counts.empty() ? "aucune" : counts);
    out += "\n  catégories sans aucune offre : " + (missing.empty() ? "aucune" : missing);
    out += "\n  par source : " + (sources.empty() ? "aucune" : sources) + "\n";
}

void put_number(std::string& out, const std::optional<double>& x, int digits) {
    if (!x) return;
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, *x);
    out += text;
}

void put_field(std::string& out, const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        out += value;
        return;
    }
    out += '"';
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
}

void write_csv(const CoverageReport& r, std::string& out) {
    out +=
        "niveau,code,nom,sujet,communes,population,communes_au_dela,population_au_dela,"
        "communes_avec_offre_a_distance,distance_mediane_km,distance_p90_km,offres,"
        "offres_pour_10000_habitants,doublons,part_doublons,offres_avec_places,places,"
        "places_libres,part_places_libres,offre_la_plus_proche,distance_km,"
        "offres_dans_le_rayon,offres_dans_la_commune,offres_a_distance\r\n";
    const size_t subjects = r.subjects.size();
    std::map<std::string, size_t> commune_at;  // code -> first row in r.communes
    for (size_t i = 0; i < r.communes.size(); i += subjects) commune_at[r.communes[i].code] = i;
    auto row = [&](const AreaCoverage& a) {
        put_field(out, a.level);
        for (const std::string* text : {&a.code, &a.name, &a.subject}) {
            out += ',';
            put_field(out, *text);
        }
        for (long n :
             {static_cast<long>(a.communes), a.population, static_cast<long>(a.communes_beyond),
              a.population_beyond, static_cast<long>(a.communes_with_remote)})
            out += ',' + std::to_string(n);
        out += ',';
        put_number(out, a.median_km, 2);
        out += ',';
        put_number(out, a.p90_km, 2);
        out += ',' + std::to_string(a.offers) + ',';
        put_number(out, a.offers_per_10000, 2);
        out += ',' + std::to_string(a.duplicates) + ',';
        put_number(out, a.duplicate_share, 4);
        out += ',' + std::to_string(a.offers_with_places) + ',' + std::to_string(a.places_total) +
               ',' + std::to_string(a.places_free) + ',';
        put_number(out, a.free_share, 4);
        auto at = commune_at.find(a.code);
        if (a.level == "commune" && at != commune_at.end()) {
            const size_t j = static_cast<size_t>(
                std::find(r.subjects.begin(), r.subjects.end(), a.subject) - r.subjects.begin());
            const CommuneCoverage& c = r.communes[at->second + j];
            out += ',';
            put_field(out, c.nearest_id);
            out += ',';
            put_number(out, c.nearest_km, 2);
            out += ',' + std::to_string(c.within_radius) + ',' + std::to_string(c.in_commune) +
                   ',' + std::to_string(c.remote);
        } else {
            out += ",,,,,";
        }
        out += "\r\n";
    };
    for (const AreaCoverage& a : r.areas) row(a);
    for (const AreaCoverage& a : r.totals) row(a);
}

// A point at each commune's centre, or its outline when the user gave contours.
void write_geojson(const CoverageReport& r, const Contours* contours, std::string& out) {
    out += "{\"type\":\"FeatureCollection\",\"features\":[";
    for (size_t i = 0; i < r.communes.size(); ++i) {
        const CommuneCoverage& c = r.communes[i];
        out += i ? ",\n" : "\n";
        out += "{\"type\":\"Feature\",\"geometry\":";
        if (const Contour* outline = contours ? contours->find(c.code) : nullptr) {
            out += outline->geometry;
        } else {
            out += "{\"type\":\"Point\",\"coordinates\":[";
            append_json_number(out, c.centre.lon);
            out += ',';
            append_json_number(out, c.centre.lat);
            out += "]}";
        }
        out += ",\"properties\":{\"code\":";
        append_json_string(out, c.code);
        out += ",\"nom\":";
        append_json_string(out, c.name);
        out += ",\"departement\":";
        append_json_string(out, c.departement);
        out += ",\"population\":" + std::to_string(c.population) + ",\"sujet\":";
        append_json_string(out, c.subject);
        out += ",\"distance_km\":";
        if (c.nearest_km)
            append_json_number(out, std::round(*c.nearest_km * 100) / 100);
        else
            out += "null";
        out += ",\"offre_la_plus_proche\":";
        if (c.nearest_km)
            append_json_string(out, c.nearest_id);
        else
            out += "null";
        out += ",\"offres_dans_le_rayon\":" + std::to_string(c.within_radius) +
               ",\"offres_dans_la_commune\":" + std::to_string(c.in_commune) +
               ",\"offres_a_distance\":" + std::to_string(c.remote) +
               ",\"au_dela_du_rayon\":" + (c.beyond_radius() ? "true" : "false") + "}}";
    }
    out += "\n]}\n";
}

}  // namespace

CoverageQuery CoverageOptions::apply() {
    CoverageQuery q;
    q.filters = search.apply();
    q.subjects = std::move(q.filters.thematiques);
    q.filters.thematiques.clear();
    q.radius_km = q.filters.radius_km;
    if (!departements.empty()) q.territory = {Territory::Kind::departement, departements};
    if (!regions.empty()) q.territory = {Territory::Kind::region, regions};
    if (!epcis.empty()) q.territory = {Territory::Kind::epci, epcis};
    if (!communes.empty()) q.territory = {Territory::Kind::communes, communes};
    q.by = by == "epci"          ? AreaLevel::epci
           : by == "departement" ? AreaLevel::departement
           : by == "region"      ? AreaLevel::region
                                 : AreaLevel::commune;
    return q;
}

int coverage_command(const std::string& index_dir, CoverageOptions& options) {
    CoverageQuery q = options.apply();
    if (!options.areas.empty()) {
        q.areas = AreaTable::load(options.areas);
        q.by = AreaLevel::table;
    }
    std::optional<Contours> contours;
    if (!options.contours.empty())
        contours = Contours::load(options.contours, options.contours_code);
    const Index index = Index::open(index_dir);
    const CoverageReport report = index.coverage(q);
    for (const std::string& warning : report.warnings)
        std::cerr << "Attention : " << warning << '\n';
    if (contours) {
        for (const std::string& warning : contours->warnings)
            std::cerr << "Attention : " << contours->file << " : " << warning << '\n';
        size_t without = 0, communes = 0;
        for (size_t i = 0; i < report.communes.size(); i += report.subjects.size(), ++communes)
            without += !contours->find(report.communes[i].code);
        if (without)
            std::cerr << "Attention : " << without << " commune" << (without > 1 ? "s" : "")
                      << " sur " << communes << " sans contour dans " << contours->file
                      << (without > 1 ? " : dessinées par leur centre\n"
                                      : " : dessinée par son centre\n");
    }
    const Contours* outlines = contours ? &*contours : nullptr;
    OutputFile file(options.out);
    std::string& out = file.buffer();
    if (options.format == "csv")
        write_csv(report, out);
    else if (options.format == "geojson")
        write_geojson(report, outlines, out);
    else if (options.format == "svg")
        write_svg(report, index, q, outlines, out);
    else
        write_table(report, options.areas.empty() ? options.by : "zones de " + options.areas, out);
    file.finish();
    return 0;
}

}  // namespace cartoffre::cli

#endif
