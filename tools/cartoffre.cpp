// cartoffre: the command line for caseworkers and data teams.
// Exit codes (the same in `cartoffre --help` and docs/cartoffre.1):
//   0 done (a load: every row loaded)
//   1 other error: a file that cannot be read, a write that failed (full disk, /dev/full...)
//   2 usage: unknown option, missing argument, number out of range
//   3 unknown place, code, source or offer; a query that cannot be run
//   4 index missing or unreadable
//   5 index busy: another load made a generation current during this one; nothing written
//   6 load or index done, but some rows rejected (each listed, with --report in a CSV)
//   7 load or index refused, the index unchanged: no row read, every row rejected, or a reload
//     removing more than --max-shrink % of a source (see tools/cli/load_commands.hpp)

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/json.hpp"
#include "cartoffre/loader.hpp"
#include "cartoffre/version.hpp"
#include "cli/beyond_output.hpp"
#include "cli/coverage.hpp"
#include "cli/duplicates.hpp"
#include "cli/export.hpp"
#include "cli/load_commands.hpp"
#include "cli/loading.hpp"
#include "cli/numbers.hpp"
#include "cli/offer_output.hpp"
#include "cli/output.hpp"
#include "cli/output_file.hpp"
#include "cli/person.hpp"
#include "cli/progress.hpp"
#include "cli/search_options.hpp"
#include "cli/stats.hpp"
#include "cli/usage_french.hpp"

using namespace cartoffre;

namespace {

size_t terminal_columns() {
    if (const char* env = std::getenv("COLUMNS")) return std::max(40, std::atoi(env));
    struct winsize w {};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0)
        return w.ws_col;
    return 100;
}

// The command's exit code once everything it printed has reached the standard output: a
// failed write (a full disk, /dev/full) throws OutputError, exit 1.
int finished(int code) {
    cli::finish_standard_output();
    return code;
}

std::string default_index() {
    const char* env = std::getenv("CARTOFFRE_INDEX");
    return env ? env : "";
}

int export_command(const std::string& dir, cli::SearchOptions& options, const std::string& format,
                   cli::ExportTarget target) {
    target.format = format == "geojson"   ? cli::ExportFormat::geojson
                    : format == "di-json" ? cli::ExportFormat::di_json
                                          : cli::ExportFormat::csv;
    if (target.format == cli::ExportFormat::di_json && (target.out.empty() || target.out == "-")) {
        std::cerr << "cartoffre export : di-json, ce sont deux fichiers (structures.json et "
                     "services.json) : donnez un répertoire avec --out DIR\n";
        return 2;
    }
    const Index index = Index::open(dir);
    const Query query = options.apply();
    const cli::ExportSummary done = cli::export_offers(index, query, !options.given(), target);
    // Counts on stderr: stdout may be the export itself.
    if (done.corrected)
        std::cerr << "Note : aucune offre pour les mots tapés ; offres exportées pour : "
                  << done.suggestion << '\n';
    std::cerr << done.offers << " offre" << (done.offers > 1 ? "s" : "") << " exportée"
              << (done.offers > 1 ? "s" : "");
    if (target.format == cli::ExportFormat::di_json)
        std::cerr << " (" << done.structures << " structures)";
    if (!target.out.empty() && target.out != "-") std::cerr << " vers " << target.out;
    std::cerr << '\n';
    if (done.structure_conflicts)
        std::cerr << "Note : " << done.structure_conflicts
                  << " offres partagent l'identifiant de structure d'une autre sous un autre nom "
                     "ou SIRET ; elles reliront le nom de la première\n";
    return 0;
}

// `cartoffre --version`: the version, and where this program finds its tables and the real
// data (an installation's share/cartoffre, the source tree from a build tree, or the
// environment), which is what goes wrong when an installation is moved.
std::string version_text() {
    // Each line is the directory, or the error that says what to set.
    const auto where = [](const char* label, std::filesystem::path (*dir)()) -> std::string {
        try {
            return label + (" : " + dir().string());
        } catch (const std::exception& e) {
            return e.what();
        }
    };
    return std::string("cartoffre ") + cartoffre::version + "\n" + where("tables", data_dir) +
           "\n" + where("données réelles", shared_data_dir);
}

}  // namespace

int main(int argc, char** argv) {
    if (cli::needs_catalogue_readers(argc, argv)) return cli::run_with_catalogue_readers(argv);
    CLI::App app{"cartoffre: l'offre d'insertion d'un territoire, près d'une personne"};
    cli::speak_french(app);
    app.require_subcommand(1);
    app.footer(
        "Codes de sortie : 0 fait ; 1 autre erreur (fichier illisible, écriture impossible) ; "
        "2 usage ; 3 lieu, code, source ou offre inconnus ; 4 index absent ou illisible ; "
        "5 index occupé par un autre chargement (rien n'est écrit) ; 6 chargement fait mais des "
        "lignes rejetées ; 7 chargement refusé, index inchangé (aucune ligne lue, toutes "
        "rejetées, ou retrait de plus de --max-shrink % d'une source).");
    // Usage errors in French, with where to find help.
    app.failure_message([](const CLI::App* root, const CLI::Error& e) {
        std::string command = "cartoffre";
        for (const CLI::App* sub : root->get_subcommands()) command += " " + sub->get_name();
        return "cartoffre : " + cli::french_usage_error(e) + "\nAide : " + command + " --help\n";
    });
    app.set_version_flag("--version", version_text,
                         "Version, et où sont les tables et les données");
    std::string index_dir = default_index();

    auto* index_cmd = app.add_subcommand(
        "index", "Construire un index (données data·inclusion v1 ou catalogue généré)");
    cli::IndexArguments indexed;
    index_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    index_cmd
        ->add_option("--generate", indexed.generate, "Générer un catalogue synthétique de N offres")
        ->check(cli::whole_number(1, 10'000'000));
    index_cmd->add_option("--seed", indexed.seed, "Graine du générateur")
        ->check(cli::whole_number(0, UINT64_MAX));
    index_cmd->add_option("inputs", indexed.inputs, "structures.json services.json");
    index_cmd->add_option("--mapping", indexed.mappings,
                          "Catalogue partenaire par sa correspondance (data/mappings/*.json), "
                          "avec son fichier habituel ou FICHIER.json=ENTRÉE (répétable)");
    index_cmd->add_option("--report", indexed.report_dir,
                          "Répertoire des rapports de chargement (CSV, un par source ; index.csv "
                          "pour les offres data·inclusion v1 ou générées)");
    index_cmd->add_option("--today", indexed.today,
                          "Date de référence de la fraîcheur (score_qualite), AAAA-MM-JJ");
    index_cmd->footer("Exemple : cartoffre index --index /tmp/idx --generate 150000");

    auto* search_cmd = app.add_subcommand("search", "Chercher des offres");
    cli::SearchOptions searched;  // the same options as export's
    bool json = false;
    size_t limit = 20;
    std::string cursor;
    search_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    searched.add_to(*search_cmd);
    search_cmd->add_option("--limit", limit, "Nombre de résultats, 0 à 10000 (défaut 20)")
        ->check(cli::whole_number(0, 10000));
    search_cmd->add_option("--cursor", cursor, "Suite d'une recherche précédente");
    search_cmd->add_flag("--json", json, "Sortie JSON");
    search_cmd->footer(
        "Exemples : cartoffre search permis --near Melun --radius 15\n"
        "           cartoffre search emploi --near Melun --age 23 --status rsa --lives-in Melun");

    auto* load_cmd =
        app.add_subcommand("load", "Charger ou recharger le catalogue d'un partenaire");
    cli::LoadArguments loading;
    load_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    load_cmd->add_option("--source", loading.source,
                         "Nom de la source (celui de la correspondance) : a-z, 0-9, '-', '_', "
                         "64 caractères au plus");
    load_cmd->add_option("--mapping", loading.mapping, "Fichier de correspondance (data/mappings/)")
        ->required();
    load_cmd->add_option("--report", loading.report,
                         "Rapport détaillé (CSV) : chaque ligne rejetée ou avertie, avec son "
                         "fichier, sa position ou son id, et la raison");
    load_cmd->add_flag("--dry-run", loading.dry_run,
                       "Dire ce qui serait nouveau, modifié, retiré et rejeté sans rien écrire "
                       "dans l'index (le rapport est écrit si --report est donné)");
    load_cmd
        ->add_option("--max-shrink", loading.max_shrink_percent,
                     "Pourcentage maximal des offres de la source qu'un rechargement peut retirer "
                     "(défaut 20)")
        ->check(cli::whole_number(0, 100));
    load_cmd->add_flag("--allow-shrink", loading.allow_shrink,
                       "Accepter un rechargement qui retire plus que --max-shrink");
    load_cmd->add_option("inputs", loading.inputs,
                         "Fichiers du catalogue (défaut : celui de la correspondance)");
    load_cmd->footer(
        "Exemple : cartoffre load --index idx --source siae --mapping data/mappings/siae.json\n"
        "Un fichier sans aucune ligne, ou dont toutes les lignes sont rejetées, est refusé "
        "(code 7) ; des lignes rejetées donnent le code 6. Vider une source : cartoffre "
        "remove-source.");

    auto* remove_cmd = app.add_subcommand(
        "remove-source", "Retirer de l'index toutes les offres d'une source, volontairement");
    std::string removed_source;
    bool remove_dry_run = false;
    remove_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    remove_cmd->add_option("--source", removed_source, "Nom de la source")->required();
    remove_cmd->add_flag("--dry-run", remove_dry_run, "Dire ce qui serait retiré, sans l'écrire");
    remove_cmd->footer("Exemple : cartoffre remove-source --index idx --source siae");

    auto* stats_cmd = app.add_subcommand("stats", "Ce que contient un index");
    std::string stats_today;
    stats_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    stats_cmd->add_option("--today", stats_today, "Date de référence de la fraîcheur");
    stats_cmd->add_flag("--json", json, "Sortie JSON (les comptes en entier)");
    stats_cmd->footer("Exemple : cartoffre stats --index build/index");

    auto* show_cmd = app.add_subcommand("show", "Une offre en entier");
    std::string offer_id;
    show_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    show_cmd->add_option("id", offer_id, "Identifiant de l'offre (source--id)")->required();
    show_cmd->add_flag("--json", json, "Sortie JSON (celle de search --json)");
    show_cmd->footer("Exemple : cartoffre show siae--75187049400026-ACI");

    auto* explain_cmd =
        app.add_subcommand("explain", "Pourquoi une offre est (ou n'est pas) proposée");
    Query eq;
    cli::PersonOptions explained;
    explain_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    explain_cmd->add_option("id", offer_id, "Identifiant de l'offre (source--id)")->required();
    explain_cmd->add_option("--near", eq.place, "Lieu de la recherche");
    explain_cmd->add_option("--radius", eq.radius_km, "Rayon en km (défaut 50)")
        ->check(cli::radius_km());
    explained.add_to(*explain_cmd);
    explain_cmd->add_flag("--json", json, "Sortie JSON (celle de search --json)");
    explain_cmd->footer(
        "Exemple : cartoffre explain gen--42 --near Melun --radius 10 --age 31 --lives-in Paris");

    auto* export_cmd = app.add_subcommand(
        "export", "Écrire les offres trouvées : CSV, GeoJSON ou data·inclusion v1 (JSON)");
    cli::SearchOptions exported;
    cli::ExportTarget target;
    std::string format;
    export_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    export_cmd->add_option("--format", format, "csv|geojson|di-json")
        ->required()
        ->check(cli::one_of({"csv", "geojson", "di-json"}));
    export_cmd->add_option("--out", target.out,
                           "Fichier (défaut : sortie standard) ; pour di-json, un répertoire");
    export_cmd->add_flag("--bom", target.bom, "CSV : marque d'ordre des octets UTF-8 (Excel)");
    exported.add_to(*export_cmd);
    export_cmd->footer(
        "Sans option de recherche, tout l'index est écrit. Listes séparées par '|' en CSV.\n"
        "Exemples : cartoffre export --format csv --bom --near Melun --radius 20 --out melun.csv\n"
        "           cartoffre export --format geojson --theme mobilite --out mobilite.geojson\n"
        "           cartoffre export --format di-json --out export/ && cartoffre index --index "
        "copie export/structures.json export/services.json");

    auto* duplicates_cmd = app.add_subcommand(
        "duplicates", "Les doublons probables entre sources, pour relecture (CSV)");
    std::string duplicates_out;
    duplicates_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    duplicates_cmd->add_option("--out", duplicates_out, "Fichier CSV (défaut : la sortie)");
    duplicates_cmd->footer("Exemple : cartoffre duplicates --index idx --out doublons.csv");

    auto* coverage_cmd = app.add_subcommand(
        "coverage", "Couverture d'un territoire : distance de chaque commune à l'offre");
    cli::CoverageOptions covered;
    coverage_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    covered.add_to(*coverage_cmd);
    coverage_cmd->footer(
        "Sans territoire : toute la France. Exemples :\n"
        "  cartoffre coverage --dept 23 --theme mobilite\n"
        "  cartoffre coverage --region 84 --by epci --format csv --out couverture.csv\n"
        "  cartoffre coverage --dept 77 --theme mobilite --format svg --out carte.svg\n"
        "  cartoffre coverage --dept 23 --areas zones_emploi.csv --age 23 --status rsa");

    auto* places_cmd = app.add_subcommand("places", "Comment un lieu est compris");
    std::string place_text;
    places_cmd->add_option("place", place_text, "Lieu")->required();
    places_cmd->add_option("--index", index_dir,
                           "Index dont la géographie est lue, celle de ses recherches "
                           "($CARTOFFRE_INDEX ; sans index : les tables COG)");
    places_cmd->add_flag("--json", json, "Sortie JSON (le lieu de search --json)");
    places_cmd->footer(
        "Exemples : cartoffre places \"st etienne\"\n"
        "           cartoffre places 13001     (code postal ou code INSEE ?)");

    cli::french_subcommand_group(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        if constexpr (cli::with_catalogue_readers) {  // else cartoffre-load runs them
#ifdef CARTOFFRE_LOADING
            if (*index_cmd) {
                indexed.dir = index_dir;
                return finished(cli::index_command(indexed));
            }
            if (*load_cmd) {
                loading.dir = index_dir;
                return finished(cli::load_command(loading));
            }
            if (*coverage_cmd) return finished(cli::coverage_command(index_dir, covered));
#endif
        }
        if (*remove_cmd)
            return finished(cli::remove_source_command(index_dir, removed_source, remove_dry_run));
        if (*places_cmd) {
            // The geography the index's searches use, mapped; without an index, the COG tables.
            const Gazetteer gazetteer = index_dir.empty()
                                            ? Gazetteer::load_csv(shared_data_dir() / "gazetteer")
                                            : Index::open(index_dir).gazetteer();
            Place p = gazetteer.resolve(place_text);
            if (json) {
                std::cout << to_json(p, gazetteer, 2) << '\n';
                return finished(0);
            }
            std::printf("%s\n", p.label.c_str());
            for (uint32_t c : p.communes) {
                const Commune commune = gazetteer.commune(c);
                std::printf("  %.*s %.*s (%.*s)", static_cast<int>(commune.code.size()),
                            commune.code.data(), static_cast<int>(commune.name.size()),
                            commune.name.data(), static_cast<int>(commune.departement.size()),
                            commune.departement.data());
                if (commune.centre)
                    std::printf(" centre %.4f,%.4f", commune.centre->lat, commune.centre->lon);
                std::printf("\n");
            }
            for (auto& n : p.notices) std::printf("Note : %s\n", n.c_str());
            return finished(0);
        }
        if (*stats_cmd) {
            const Date today = stats_today.empty() ? local_now().date : parse_date(stats_today);
            return finished(cli::print_stats(index_dir, today, json));
        }
        if (*duplicates_cmd)
            return finished(cli::print_duplicates(Index::open(index_dir), duplicates_out));
        if (*show_cmd) {
            const Index index = Index::open(index_dir);
            const std::optional<Offer> offer = index.get(offer_id);
            if (!offer)
                throw QueryError("aucune offre d'identifiant « " + offer_id + " » dans cet index");
            if (json)
                std::cout << to_json(*offer, 2) << '\n';
            else
                cli::print_offer(*offer, index.taxonomy());
            return finished(0);
        }
        if (*explain_cmd) {
            explained.apply(eq);
            if (!eq.profile) eq.profile = Profile{};  // the criteria still say what they ask
            const Index index = Index::open(index_dir);
            const Explanation explanation = index.explain(offer_id, eq);
            if (json)
                std::cout << to_json(explanation, 2) << '\n';
            else
                cli::print_explanation(explanation);
            return finished(0);
        }
        if (*export_cmd) return finished(export_command(index_dir, exported, format, target));
        Query q = searched.apply();
        q.limit = limit;
        q.cursor = cursor;
        Index index = Index::open(index_dir);
        Results results = index.search(q);
        if (json)
            std::cout << to_json(results, index.gazetteer(), 2) << '\n';
        else {
            cli::print_table(results, terminal_columns(), cli::colour_wanted());
            cli::print_beyond(results, q.radius_km, index.gazetteer());
        }
        // Ends the process here rather than returning: returning would free the index piece by
        // piece (tens of thousands of gazetteer strings: a tenth of a search's time), memory
        // the system takes back at once. std::exit flushes the output.
        std::exit(finished(0));
    } catch (const PlaceError& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 3;
    } catch (const QueryError& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 3;
    } catch (const IndexBusyError& e) {
        std::cerr << "cartoffre : " << e.what() << '\n';
        return 5;
    } catch (const IndexError& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 4;
    } catch (const std::exception& e) {
        std::cerr << "cartoffre: " << e.what() << '\n';
        return 1;
    }
}
