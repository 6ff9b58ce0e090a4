// cartoffre: the command line for caseworkers and data teams.
// Exit codes: 0 done, 1 other error, 2 usage, 3 unknown place or code, 4 index missing.

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "cli/output.hpp"

using namespace cartoffre;

namespace {

size_t terminal_columns() {
    if (const char* env = std::getenv("COLUMNS")) return std::max(40, std::atoi(env));
    struct winsize w {};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0)
        return w.ws_col;
    return 100;
}

std::string default_index() {
    const char* env = std::getenv("CARTOFFRE_INDEX");
    return env ? env : "";
}

int index_command(const std::string& dir, size_t generate, uint64_t seed,
                  const std::vector<std::string>& inputs) {
    Catalogue catalogue;
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    if (generate > 0) {
        catalogue = generate_catalogue(gazetteer, Taxonomy::builtin(), generate, seed);
    } else if (inputs.size() == 2) {
        catalogue = read_data_inclusion_v1(inputs[0], inputs[1]);
    } else {
        std::cerr << "cartoffre index: give --generate N, or a structures file and a services "
                     "file (data·inclusion v1 JSON)\n";
        return 2;
    }
    BuildOptions options;
    options.gazetteer = &gazetteer;
    BuildReport report = Index::build(dir, std::move(catalogue.offers), options);
    std::printf("Index %s, génération %s : %zu offres lues, %zu chargées, %zu rejetées (%.1f s)\n",
                dir.c_str(), report.generation.c_str(), report.read, report.loaded, report.rejected,
                report.seconds);
    if (report.placed_at_commune_centre)
        std::printf("%zu offres sans coordonnées placées au centre de leur commune\n",
                    report.placed_at_commune_centre);
    for (size_t i = 0; i < report.errors.size() && i < 20; ++i)
        std::printf("  rejet : %s\n", report.errors[i].c_str());
    if (report.errors.size() > 20)
        std::printf("  ... et %zu autres rejets\n", report.errors.size() - 20);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"cartoffre: l'offre d'insertion d'un territoire, près d'une personne"};
    app.require_subcommand(1);
    std::string index_dir = default_index();

    auto* index_cmd = app.add_subcommand(
        "index", "Construire un index (données data·inclusion v1 ou catalogue généré)");
    size_t generate = 0;
    uint64_t seed = 1;
    std::vector<std::string> inputs;
    index_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    index_cmd->add_option("--generate", generate, "Générer un catalogue synthétique de N offres");
    index_cmd->add_option("--seed", seed, "Graine du générateur");
    index_cmd->add_option("inputs", inputs, "structures.json services.json");
    index_cmd->footer("Exemple : cartoffre index --index /tmp/idx --generate 150000");

    auto* search_cmd = app.add_subcommand("search", "Chercher des offres");
    Query q;
    std::vector<std::string> words;
    bool json = false, free_only = false;
    std::string remote = "include", sort = "auto";
    search_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    search_cmd->add_option("words", words, "Mots cherchés");
    search_cmd->add_option("--near", q.place,
                           "Lieu : commune, 'Nom (dd)', code INSEE, code postal, lat,lon");
    search_cmd->add_option("--radius", q.radius_km, "Rayon en km (défaut 50)");
    search_cmd->add_option("--theme", q.thematiques, "Thématique ou catégorie (répétable)");
    search_cmd->add_option("--public", q.publics, "Public (répétable)");
    search_cmd->add_option("--type", q.types, "Type de service (répétable)");
    search_cmd->add_option("--source", q.sources, "Source du catalogue (répétable)");
    search_cmd->add_flag("--free", free_only, "Gratuit seulement");
    search_cmd->add_option("--remote", remote, "include|exclude|only")
        ->check(CLI::IsMember({"include", "exclude", "only"}));
    search_cmd->add_option("--sort", sort, "auto|distance|relevance|blend")
        ->check(CLI::IsMember({"auto", "distance", "relevance", "blend"}));
    search_cmd->add_option("--limit", q.limit, "Nombre de résultats (défaut 20)");
    search_cmd->add_option("--cursor", q.cursor, "Suite d'une recherche précédente");
    search_cmd->add_flag("--json", json, "Sortie JSON");
    // The person: never written anywhere, used for this search only.
    Profile person;
    std::optional<int> age;
    std::string open_at, today;
    bool open_now = false, inclusive = false, strict = false, qpv = false, licence = false,
         vehicle = false;
    search_cmd->add_option("--age", age, "Âge de la personne");
    search_cmd->add_option("--status", person.statuses,
                           "Statut de la personne (répétable) : rsa, rqth, deld, ...");
    search_cmd->add_option("--lives-in", person.lives_in, "Commune de résidence");
    search_cmd->add_option("--gender", person.genre, "femme|homme")
        ->check(CLI::IsMember({"femme", "homme"}));
    search_cmd->add_option("--diploma", person.diplome, "infra-bac|bac|bac+2|superieur");
    search_cmd->add_flag("--qpv", qpv, "Réside en quartier prioritaire (QPV)");
    search_cmd->add_flag("--licence", licence, "A le permis de conduire");
    search_cmd->add_flag("--vehicle", vehicle, "A un véhicule");
    search_cmd->add_flag("--strict", strict,
                         "Seulement les offres ouvertes à la personne (défaut)");
    search_cmd->add_flag("--inclusive", inclusive, "Toutes les offres, les inéligibles en dernier")
        ->excludes("--strict");
    search_cmd->add_flag("--open-now", open_now, "Ouvertes maintenant");
    search_cmd->add_option("--open-at", open_at, "Ouvertes à ce moment : 2026-11-24T14:30")
        ->excludes("--open-now");
    search_cmd->add_flag("--available", q.available,
                         "Disponibles : ni suspendues, ni fermées, ni complètes");
    search_cmd->add_option("--today", today, "Date de la recherche (défaut : aujourd'hui)");
    search_cmd->footer(
        "Exemples : cartoffre search permis --near Melun --radius 15\n"
        "           cartoffre search emploi --near Melun --age 23 --status rsa --lives-in Melun");

    auto* places_cmd = app.add_subcommand("places", "Comment un lieu est compris");
    std::string place_text;
    places_cmd->add_option("place", place_text, "Lieu")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (*index_cmd) return index_command(index_dir, generate, seed, inputs);
        if (*places_cmd) {
            const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
            Place p = gazetteer.resolve(place_text);
            std::printf("%s\n", p.label.c_str());
            for (uint32_t c : p.communes) {
                const Commune& commune = gazetteer.commune(c);
                std::printf("  %s %s (%s)", commune.code.c_str(), commune.name.c_str(),
                            commune.departement.c_str());
                if (commune.centre)
                    std::printf(" centre %.4f,%.4f", commune.centre->lat, commune.centre->lon);
                std::printf("\n");
            }
            for (auto& n : p.notices) std::printf("Note : %s\n", n.c_str());
            return 0;
        }
        for (auto& w : words) q.text += (q.text.empty() ? "" : " ") + w;
        person.age = age;
        if (qpv) person.qpv = true;
        if (licence) person.permis = true;
        if (vehicle) person.vehicule = true;
        if (age || !person.statuses.empty() || !person.lives_in.empty() || !person.genre.empty() ||
            !person.diplome.empty() || qpv || licence || vehicle || strict || inclusive)
            q.profile = person;
        q.mode = inclusive ? EligibilityMode::inclusive : EligibilityMode::strict;
        if (!today.empty()) q.today = parse_date(today);
        if (!open_at.empty()) q.open_at = parse_date_time(open_at);
        if (open_now) {
            const std::time_t now = std::time(nullptr);
            std::tm local{};
            localtime_r(&now, &local);
            q.open_at = LocalDateTime{Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday},
                                      local.tm_hour * 60 + local.tm_min};
        }
        if (free_only) q.frais.push_back("gratuit");
        q.remote = remote == "exclude" ? Remote::exclude
                   : remote == "only"  ? Remote::only
                                       : Remote::include;
        q.sort = sort == "distance"    ? SortOrder::distance
                 : sort == "relevance" ? SortOrder::relevance
                 : sort == "blend"     ? SortOrder::blend
                                       : SortOrder::automatic;
        Index index = Index::open(index_dir);
        Results results = index.search(q);
        if (json)
            std::cout << cli::to_json(results).dump(2) << '\n';
        else
            cli::print_table(results, terminal_columns());
        return 0;
    } catch (const PlaceError& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 3;
    } catch (const QueryError& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 3;
    } catch (const IndexError& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 4;
    } catch (const std::exception& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 1;
    }
}
