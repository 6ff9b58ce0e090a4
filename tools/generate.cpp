// generate: writes a synthetic national catalogue in the data·inclusion v1 format.
//   generate --offers 150000 --seed 1 --out DIR [--gazetteer DIR]
// writes DIR/structures.json and DIR/services.json. Exit codes: 0 done, 1 error, 2 usage.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/taxonomy.hpp"
#include "generator/generator.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    CLI::App app{"generate : un catalogue synthétique au format data·inclusion v1"};
    size_t offers = 0;
    uint64_t seed = 1;
    std::string out;
    std::string gazetteer_dir = (shared_data_dir() / "gazetteer").string();
    app.add_option("--offers", offers, "Nombre de services (1 à 100 000 000)")
        ->required()
        ->check(CLI::Range(size_t{1}, size_t{100000000}));
    app.add_option("--seed", seed, "Graine : la même graine donne le même catalogue");
    app.add_option("--out", out, "Répertoire où écrire structures.json et services.json")
        ->required();
    app.add_option("--gazetteer", gazetteer_dir,
                   "Répertoire du référentiel géographique (communes_fr_2026.csv...)");
    app.footer("Exemple : generate --offers 150000 --seed 1 --out /tmp/catalogue");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        const auto started = std::chrono::steady_clock::now();
        const auto seconds = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                .count();
        };
        const Gazetteer gazetteer = Gazetteer::load_csv(gazetteer_dir);
        const double loaded = seconds();
        const Catalogue catalogue =
            generate_catalogue(gazetteer, Taxonomy::builtin(), offers, seed);
        const double generated = seconds();
        fs::create_directories(out);
        write_data_inclusion_v1(catalogue, fs::path(out) / "structures.json",
                                fs::path(out) / "services.json");
        std::printf(
            "%zu structures et %zu services écrits dans %s (référentiel %.1f s, "
            "génération %.1f s, écriture %.1f s)\n",
            catalogue.structures.size(), catalogue.offers.size(), out.c_str(), loaded,
            generated - loaded, seconds() - generated);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "generate: " << e.what() << '\n';
        return 1;
    }
}
