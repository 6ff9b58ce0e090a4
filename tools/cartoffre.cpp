// cartoffre: the command line for caseworkers and data teams.
// Exit codes: 0 done, 1 other error, 2 usage, 3 unknown place or code, 4 index missing.

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "cartoffre/version.hpp"
#include "cli/duplicates.hpp"
#include "cli/export.hpp"
#include "cli/loading.hpp"
#include "cli/offer_output.hpp"
#include "cli/output.hpp"
#include "cli/person.hpp"
#include "cli/progress.hpp"
#include "cli/search_options.hpp"
#include "cli/stats.hpp"

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

// Partner catalogues through their mappings; each mapping's usual file unless INPUT follows it
// as "mapping.json=input.csv". The reports go to `report_dir` when given.
std::vector<Offer> load_mapped(const std::vector<std::string>& mappings, const Gazetteer& gazetteer,
                               const std::string& report_dir) {
    std::vector<Offer> offers;
    for (const std::string& spec : mappings) {
        const size_t equals = spec.find('=');
        const Mapping mapping = Mapping::load(spec.substr(0, equals));
        const std::filesystem::path input = equals == std::string::npos
                                                ? shared_data_dir() / mapping.default_input()
                                                : std::filesystem::path(spec.substr(equals + 1));
        cli::ProgressLine progress(mapping.source());
        LoadResult loaded =
            load_catalogue(mapping, input, gazetteer, Taxonomy::builtin(), progress.callback());
        progress.clear();
        std::printf("%s", loaded.report.summary().c_str());
        if (!report_dir.empty()) {
            std::filesystem::create_directories(report_dir);
            const auto file = std::filesystem::path(report_dir) / (mapping.source() + ".csv");
            loaded.report.write_csv(file);
            std::printf("  rapport : %s\n", file.c_str());
        }
        for (auto& o : loaded.offers) offers.push_back(std::move(o));
    }
    return offers;
}

int index_command(const std::string& dir, size_t generate, uint64_t seed,
                  const std::vector<std::string>& inputs, const std::vector<std::string>& mappings,
                  const std::string& report_dir, const std::string& today) {
    Catalogue catalogue;
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    if (generate > 0) {
        catalogue = generate_catalogue(gazetteer, Taxonomy::builtin(), generate, seed);
    } else if (inputs.size() == 2) {
        catalogue = read_data_inclusion_v1(inputs[0], inputs[1]);
    } else if (mappings.empty()) {
        std::cerr << "cartoffre index: give --generate N, --mapping FILE (repeatable), or a "
                     "structures file and a services file (data·inclusion v1 JSON)\n";
        return 2;
    }
    for (auto& o : load_mapped(mappings, gazetteer, report_dir))
        catalogue.offers.push_back(std::move(o));
    BuildOptions options;
    options.gazetteer = &gazetteer;
    if (!today.empty()) options.today = parse_date(today);
    cli::ProgressLine progress(dir);
    progress.phase("indexation");
    BuildReport report = Index::build(dir, std::move(catalogue.offers), options);
    progress.clear();
    std::printf("Index %s, génération %s : %zu offres lues, %zu chargées, %zu rejetées (%.1f s)\n",
                dir.c_str(), report.generation.c_str(), report.read, report.loaded, report.rejected,
                report.seconds);
    if (report.placed_at_commune_centre)
        std::printf("%zu offres sans coordonnées placées au centre de leur commune\n",
                    report.placed_at_commune_centre);
    std::printf(
        "%zu groupes de doublons probables entre sources (qualité et doublons : %.1f s) ; "
        "relecture : cartoffre duplicates\n",
        report.duplicate_clusters, report.quality_and_duplicates_seconds);
    for (size_t i = 0; i < report.errors.size() && i < 20; ++i)
        std::printf("  rejet : %s\n", report.errors[i].c_str());
    if (report.errors.size() > 20)
        std::printf("  ... et %zu autres rejets\n", report.errors.size() - 20);
    return 0;
}

// Loads or reloads one partner's catalogue: its offers replace those of the same source, the
// other sources' stay; the new generation is switched in atomically. Says what changed.
int load_command(const std::string& dir, const std::string& source, const std::string& mapping_file,
                 const std::vector<std::string>& inputs, const std::string& report_file) {
    const Mapping mapping = Mapping::load(mapping_file);
    if (!source.empty() && source != mapping.source())
        throw QueryError("the mapping " + mapping_file + " is for source '" + mapping.source() +
                         "', not '" + source + "'");
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    std::vector<std::string> files = inputs;
    if (files.empty()) files.push_back((shared_data_dir() / mapping.default_input()).string());
    std::vector<Offer> fresh;
    LoadReport all;
    for (const std::string& file : files) {
        cli::ProgressLine progress(mapping.source());
        LoadResult loaded =
            load_catalogue(mapping, file, gazetteer, Taxonomy::builtin(), progress.callback());
        progress.clear();
        std::printf("%s", loaded.report.summary().c_str());
        for (auto& i : loaded.report.issues) all.issues.push_back(i);
        for (auto& o : loaded.offers) fresh.push_back(std::move(o));
    }
    if (!report_file.empty()) {
        all.write_csv(report_file);
        std::printf("Rapport : %s\n", report_file.c_str());
    }
    // Only the new and changed rows are checked and analysed: the rest of the generation is
    // taken from the previous one (Index::update).
    BuildOptions options;
    options.gazetteer = &gazetteer;
    cli::ProgressLine progress(dir);
    progress.phase("indexation");
    const BuildReport report = Index::update(dir, mapping.source(), std::move(fresh), options);
    progress.clear();
    std::printf("Source %s : %zu nouvelles, %zu modifiées, %zu inchangées, %zu retirées\n",
                mapping.source().c_str(), report.added, report.changed, report.unchanged,
                report.removed);
    if (!report.full_build.empty())
        std::printf("Index reconstruit en entier : %s\n", report.full_build.c_str());
    for (size_t i = 0; i < report.errors.size() && i < 20; ++i)
        std::printf("  rejet : %s\n", report.errors[i].c_str());
    std::printf("Index %s, génération %s : %zu offres (%zu rejetées à l'indexation)\n", dir.c_str(),
                report.generation.c_str(), report.loaded, report.rejected);
    return 0;
}

int export_command(const std::string& dir, cli::SearchOptions& options, const std::string& format,
                   cli::ExportTarget target) {
    target.format = format == "geojson"   ? cli::ExportFormat::geojson
                    : format == "di-json" ? cli::ExportFormat::di_json
                                          : cli::ExportFormat::csv;
    if (target.format == cli::ExportFormat::di_json && (target.out.empty() || target.out == "-")) {
        std::cerr << "cartoffre export: di-json is two files (structures.json and services.json): "
                     "give a directory with --out DIR\n";
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
    app.require_subcommand(1);
    app.set_version_flag("--version", version_text,
                         "Version, et où sont les tables et les données");
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
    std::vector<std::string> mappings;
    std::string report_dir;
    index_cmd->add_option("--mapping", mappings,
                          "Catalogue partenaire par sa correspondance (data/mappings/*.json), "
                          "avec son fichier habituel ou FICHIER.json=ENTRÉE (répétable)");
    index_cmd->add_option("--report", report_dir, "Répertoire des rapports de chargement (CSV)");
    std::string index_today;
    index_cmd->add_option("--today", index_today,
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
    search_cmd->add_option("--limit", limit, "Nombre de résultats (défaut 20)");
    search_cmd->add_option("--cursor", cursor, "Suite d'une recherche précédente");
    search_cmd->add_flag("--json", json, "Sortie JSON");
    search_cmd->footer(
        "Exemples : cartoffre search permis --near Melun --radius 15\n"
        "           cartoffre search emploi --near Melun --age 23 --status rsa --lives-in Melun");

    auto* load_cmd =
        app.add_subcommand("load", "Charger ou recharger le catalogue d'un partenaire");
    std::string load_source, load_mapping, load_report;
    std::vector<std::string> load_inputs;
    load_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    load_cmd->add_option("--source", load_source, "Nom de la source (celui de la correspondance)");
    load_cmd->add_option("--mapping", load_mapping, "Fichier de correspondance (data/mappings/)")
        ->required();
    load_cmd->add_option("--report", load_report, "Rapport détaillé (CSV)");
    load_cmd->add_option("inputs", load_inputs,
                         "Fichiers du catalogue (défaut : celui de la correspondance)");
    load_cmd->footer(
        "Exemple : cartoffre load --index idx --source siae --mapping data/mappings/siae.json");

    auto* stats_cmd = app.add_subcommand("stats", "Ce que contient un index");
    std::string stats_today;
    stats_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    stats_cmd->add_option("--today", stats_today, "Date de référence de la fraîcheur");
    stats_cmd->footer("Exemple : cartoffre stats --index build/index");

    auto* show_cmd = app.add_subcommand("show", "Une offre en entier");
    std::string offer_id;
    show_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    show_cmd->add_option("id", offer_id, "Identifiant de l'offre (source--id)")->required();
    show_cmd->footer("Exemple : cartoffre show siae--75187049400026-ACI");

    auto* explain_cmd =
        app.add_subcommand("explain", "Pourquoi une offre est (ou n'est pas) proposée");
    Query eq;
    cli::PersonOptions explained;
    explain_cmd->add_option("--index", index_dir, "Répertoire de l'index ($CARTOFFRE_INDEX)")
        ->required(index_dir.empty());
    explain_cmd->add_option("id", offer_id, "Identifiant de l'offre (source--id)")->required();
    explain_cmd->add_option("--near", eq.place, "Lieu de la recherche");
    explain_cmd->add_option("--radius", eq.radius_km, "Rayon en km (défaut 50)");
    explained.add_to(*explain_cmd);
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
        ->check(CLI::IsMember({"csv", "geojson", "di-json"}));
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

    auto* places_cmd = app.add_subcommand("places", "Comment un lieu est compris");
    std::string place_text;
    places_cmd->add_option("place", place_text, "Lieu")->required();
    places_cmd->add_option("--index", index_dir,
                           "Index dont la géographie est lue, celle de ses recherches "
                           "($CARTOFFRE_INDEX ; sans index : les tables COG)");
    places_cmd->footer(
        "Exemples : cartoffre places \"st etienne\"\n"
        "           cartoffre places 13001     (code postal ou code INSEE ?)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        if constexpr (cli::with_catalogue_readers) {  // else cartoffre-load runs them
            if (*index_cmd)
                return index_command(index_dir, generate, seed, inputs, mappings, report_dir,
                                     index_today);
            if (*load_cmd)
                return load_command(index_dir, load_source, load_mapping, load_inputs, load_report);
        }
        if (*places_cmd) {
            // The geography the index's searches use, mapped; without an index, the COG tables.
            const Gazetteer gazetteer = index_dir.empty()
                                            ? Gazetteer::load_csv(shared_data_dir() / "gazetteer")
                                            : Index::open(index_dir).gazetteer();
            Place p = gazetteer.resolve(place_text);
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
            return 0;
        }
        if (*stats_cmd) {
            const Date today = stats_today.empty() ? local_now().date : parse_date(stats_today);
            return cli::print_stats(index_dir, today);
        }
        if (*duplicates_cmd) return cli::print_duplicates(Index::open(index_dir), duplicates_out);
        if (*show_cmd) {
            const Index index = Index::open(index_dir);
            const std::optional<Offer> offer = index.get(offer_id);
            if (!offer) throw QueryError("no offer with id '" + offer_id + "' in this index");
            cli::print_offer(*offer, index.taxonomy());
            return 0;
        }
        if (*explain_cmd) {
            explained.apply(eq);
            if (!eq.profile) eq.profile = Profile{};  // the criteria still say what they ask
            const Index index = Index::open(index_dir);
            cli::print_explanation(index.explain(offer_id, eq));
            return 0;
        }
        if (*export_cmd) return export_command(index_dir, exported, format, target);
        Query q = searched.apply();
        q.limit = limit;
        q.cursor = cursor;
        Index index = Index::open(index_dir);
        Results results = index.search(q);
        if (json)
            std::cout << cli::to_json(results).dump(2) << '\n';
        else
            cli::print_table(results, terminal_columns(), cli::colour_wanted());
        // Ends the process here rather than returning: returning would free the index piece by
        // piece (tens of thousands of gazetteer strings: a tenth of a search's time), memory
        // the system takes back at once. std::exit flushes the output.
        std::exit(0);
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
