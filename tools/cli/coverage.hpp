#pragma once
// `cartoffre coverage`: how far each commune of a territory is from the offer, per category or
// thématique; worst-covered areas first in a French table, CSV for spreadsheets, GeoJSON for
// maps, SVG for a map readable without any web service. The filters and the person are the
// search's options (cli/search_options.hpp), so that a coverage counts what a search finds.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cartoffre/coverage.hpp"
#include "cli/search_options.hpp"

namespace cartoffre::cli {

struct CoverageOptions {
    SearchOptions search;  // --theme are the subjects; --radius defaults to 15 km here
    std::vector<std::string> departements, regions, epcis, communes;
    std::string by = "commune", areas, contours, contours_code, format = "table", out;

    void add_to(CLI::App& command) {
        search.query.radius_km = 15;
        search.add_to(command);
        // What a coverage does not take from a search: it measures from every commune, orders
        // areas itself, counts remote offers apart and duplicates as a share.
        for (const char* name : {"words", "--near", "--sort", "--remote", "--exclude-duplicates"})
            command.remove_option(command.get_option(name));
        command.get_option("--radius")
            ->description("Rayon en km autour du centre de chaque commune (défaut 15)");
        command.get_option("--theme")->description(
            "Catégorie ou thématique mesurée (répétable ; défaut : les 16 catégories)");
        // One kind of territory at a time: a usage error (exit 2) otherwise.
        CLI::Option* kinds[] = {
            command.add_option("--dept", departements, "Département (répétable)"),
            command.add_option("--region", regions, "Région (répétable)"),
            command.add_option("--epci", epcis, "EPCI, par son SIREN (répétable)"),
            command.add_option("--commune", communes, "Commune, par son code INSEE (répétable)")};
        for (CLI::Option* kind : kinds)
            for (CLI::Option* other : kinds)
                if (kind != other) kind->excludes(other);
        command.add_option("--by", by, "commune|epci|departement|region (défaut commune)")
            ->check(one_of({"commune", "epci", "departement", "region"}));
        command.add_option("--areas", areas,
                           "Table commune -> zone (CSV, tableur... : zones d'emploi, bassins) ; "
                           "regroupe par ses zones");
        command.add_option("--contours", contours,
                           "Contours des communes (GeoJSON, GeoPackage, Shapefile... lus par "
                           "GDAL) : des polygones dans le GeoJSON et la carte SVG");
        command.add_option("--contours-code", contours_code,
                           "Colonne du code INSEE dans les contours (défaut : INSEE_COM, "
                           "code_insee, insee, codgeo, code_commune ou code)");
        command.add_option("--format", format, "table|csv|geojson|svg (défaut table)")
            ->check(one_of({"table", "csv", "geojson", "svg"}));
        command.add_option("--out", out, "Fichier (défaut : sortie standard)");
    }

    // The coverage asked (without its area table, read by coverage_command).
    CoverageQuery apply();
};

// Runs the coverage and writes it; returns the exit code.
int coverage_command(const std::string& index_dir, CoverageOptions& options);

}  // namespace cartoffre::cli
