// The commands that change an index: the checks of load_commands.hpp around Index::build and
// Index::update, and what they say.

#include "cli/load_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "cli/load_report.hpp"
#include "cli/progress.hpp"
#include "cli/usage_french.hpp"
#ifdef CARTOFFRE_LOADING
#include "generator/generator.hpp"  // index --generate: linked into cartoffre-load only
#endif

namespace cartoffre::cli {

namespace {

namespace fs = std::filesystem;

// A load the checks refuse before anything is written: exit 7, the index as it was.
class Refused : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

#ifdef CARTOFFRE_LOADING
int refused(const char* command, const std::string& why) {
    std::cerr << "cartoffre " << command
              << " : refusé, l'index n'est pas modifié : " << printable(why) << '\n';
    return exit_refused;
}

std::string source_of_mapping(const Mapping& mapping, const std::string& file) {
    if (auto why = invalid_source_name(mapping.source()))
        throw DataError("correspondance " + file + " : " + *why);
    return mapping.source();
}

// One file read through its mapping. A file that cannot be read is an error naming it; one
// that yields no row is refused (an empty file, a header alone, or bytes the reader could not
// cut into rows: a reload from it would remove every offer of the source).
LoadResult read_file(const Mapping& mapping, const fs::path& input, const Gazetteer& gazetteer) {
    ProgressLine progress(mapping.source());
    LoadResult loaded;
    try {
        loaded =
            load_catalogue(mapping, input, gazetteer, Taxonomy::builtin(), progress.callback());
    } catch (const fs::filesystem_error& e) {
        throw DataError(input.string() + " : " + system_error_text(e.code()));
    } catch (const std::exception& e) {  // every reader's error names the file read
        const std::string what = e.what();
        if (what.find(input.string()) != std::string::npos) throw;
        throw DataError(input.string() + " : " + what);
    }
    progress.clear();
    std::printf("%s", printable(loaded.report.summary(), true).c_str());
    const LoadReport& r = loaded.report;
    if (r.read != r.loaded + r.out_of_scope + r.rejected || r.loaded != loaded.offers.size())
        throw Error("lecture de " + input.string() + " incohérente : " + std::to_string(r.read) +
                    " lignes lues, " + std::to_string(r.loaded) + " chargées, " +
                    std::to_string(r.out_of_scope) + " hors champ, " + std::to_string(r.rejected) +
                    " rejetées");
    if (r.read == 0)
        throw Refused(input.string() +
                      " : aucune ligne lue (fichier vide, en-tête seul, ou lignes que le lecteur "
                      "n'a pas su découper : fins de ligne, encodage) ; pour vider une source : "
                      "cartoffre remove-source");
    return loaded;
}

// The refusals of a reload, once its rows are checked: none taken, or too many removed. `read`
// counts the rows read, `out_of_scope` those the mapping's row filters left out.
std::string why_refused(const BuildReport& r, const std::string& source, const LoadArguments& a,
                        const std::string& files, size_t read, size_t out_of_scope,
                        size_t rejected_on_reading) {
    const size_t accepted = r.added + r.changed + r.unchanged;
    if (read != accepted + out_of_scope + rejected_on_reading + r.rejected)
        return "erreur interne : " + std::to_string(read) + " lignes lues mais " +
               std::to_string(accepted) + " prises et " +
               std::to_string(rejected_on_reading + r.rejected) + " rejetées";
    if (accepted == 0)
        return "les " + std::to_string(read) + " lignes lues de " + files +
               (out_of_scope ? " ont toutes été rejetées ou laissées hors champ"
                             : " ont toutes été rejetées");
    const size_t before = r.changed + r.unchanged + r.removed;
    if (!a.allow_shrink && before > 0 && r.removed * 100 > a.max_shrink_percent * before) {
        char share[32];
        std::snprintf(share, sizeof share, "%.1f",
                      100.0 * static_cast<double>(r.removed) / static_cast<double>(before));
        return "ce chargement de " + files + " retirerait " + std::to_string(r.removed) + " des " +
               std::to_string(before) + " offres de la source " + source + " (" + share +
               " %), plus que --max-shrink " + std::to_string(a.max_shrink_percent) +
               " % ; si ce retrait est voulu, relancez avec --allow-shrink";
    }
    return {};
}

#endif  // CARTOFFRE_LOADING

void print_update(const std::string& dir, const std::string& source, const BuildReport& r) {
    std::printf(
        "Source %s : %zu nouvelles, %zu modifiées, %zu inchangées, %zu retirées, %zu "
        "rejetées à l'indexation\n",
        source.c_str(), r.added, r.changed, r.unchanged, r.removed, r.rejected);
    if (!r.full_build.empty())
        std::printf("Index reconstruit en entier : %s\n", r.full_build.c_str());
    if (!r.generation.empty())
        std::printf("Index %s, génération %s : %zu offres\n", dir.c_str(), r.generation.c_str(),
                    r.loaded);
}

}  // namespace

#ifdef CARTOFFRE_LOADING

int load_command(const LoadArguments& a) {
    if (!a.source.empty())
        if (auto why = invalid_source_name(a.source)) {
            std::cerr << "cartoffre load : --source : " << printable(*why) << '\n';
            return 2;
        }
    const Mapping mapping = Mapping::load(a.mapping);
    const std::string source = source_of_mapping(mapping, a.mapping);
    if (!a.source.empty() && a.source != source)
        throw QueryError("la correspondance " + a.mapping + " est celle de la source « " + source +
                         " », pas de « " + a.source + " »");
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    std::vector<std::string> files = a.inputs;
    if (files.empty()) files.push_back((shared_data_dir() / mapping.default_input()).string());
    std::string file_list;  // for the messages
    for (const std::string& file : files) file_list += (file_list.empty() ? "" : ", ") + file;

    std::vector<Offer> fresh;
    std::vector<ReportLine> lines;
    std::unordered_map<std::string, std::string> file_of;  // offer id -> its file
    size_t read = 0, out_of_scope = 0, rejected_on_reading = 0;
    try {
        for (const std::string& file : files) {
            LoadResult loaded = read_file(mapping, file, gazetteer);
            read += loaded.report.read;
            out_of_scope += loaded.report.out_of_scope;
            rejected_on_reading += loaded.report.rejected;
            add_issues(lines, file, loaded.report);
            for (auto& o : loaded.offers) {
                file_of.emplace(o.id, file);
                fresh.push_back(std::move(o));
            }
        }
    } catch (const Refused& e) {
        return refused("load", e.what());
    }

    // Once the rows are checked, before anything is written: the report (one that cannot be
    // written fails the load, the index unchanged), then the refusals.
    BuildOptions options;
    options.gazetteer = &gazetteer;
    options.dry_run = a.dry_run;
    std::string refusal;
    options.before_writing = [&](const BuildReport& r) {
        add_rejections(lines, r.rejected_offers, [&](const RejectedOffer& rejected) {
            auto it = file_of.find(rejected.id);
            return it == file_of.end() ? "index " + a.dir : it->second;
        });
        if (!a.report.empty()) write_report(a.report, lines);
        refusal = why_refused(r, source, a, file_list, read, out_of_scope, rejected_on_reading);
        if (!refusal.empty() && !a.dry_run) throw Refused(refusal);
    };
    BuildReport report;
    {
        ProgressLine progress(a.dir);
        progress.phase(a.dry_run ? "essai" : "indexation");
        try {
            report = Index::update(a.dir, source, std::move(fresh), options);
        } catch (const Refused& e) {
            progress.clear();
            print_rejections(lines, a.report);
            return refused("load", e.what());
        }
    }
    print_update(a.dir, source, report);
    if (!a.report.empty()) std::printf("Rapport : %s\n", a.report.c_str());
    print_rejections(lines, a.report);
    if (a.dry_run) {
        std::printf("Essai (--dry-run) : rien n'a été écrit dans l'index.\n");
        if (!refusal.empty()) return refused("load --dry-run", refusal);
    }
    return rejected_count(lines) > 0 ? exit_partial : 0;
}

int index_command(const IndexArguments& a) {
    if (a.inputs.size() != 0 && a.inputs.size() != 2) {
        std::cerr << "cartoffre index : donnez deux fichiers data·inclusion v1 (structures.json "
                     "services.json), pas "
                  << a.inputs.size() << '\n';
        return 2;
    }
    if (a.generate == 0 && a.inputs.empty() && a.mappings.empty()) {
        std::cerr << "cartoffre index : donnez --generate N, --mapping FICHIER (répétable), ou "
                     "un fichier de structures et un fichier de services (data·inclusion v1)\n";
        return 2;
    }
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    std::vector<Offer> offers;
    std::string other_file = "catalogue généré";  // where offers not from a mapping come from
    size_t read = 0;
    // Each input's rows, with its report lines; a source's report is named after it (offers
    // not read through a mapping: "").
    std::map<std::string, std::vector<ReportLine>> lines;
    std::unordered_map<std::string, std::string> file_of;
    size_t rejected_on_reading = 0, out_of_scope = 0;
    if (a.generate > 0) {
        offers = generate_catalogue(gazetteer, Taxonomy::builtin(), a.generate, a.seed).offers;
        read = offers.size();
    } else if (a.inputs.size() == 2) {
        // Checked as a mapping's rows are, with the same report.
        CatalogueLoad loaded =
            load_data_inclusion_v1(a.inputs[0], a.inputs[1], gazetteer, Taxonomy::builtin());
        std::printf("%s", loaded.report.summary().c_str());
        other_file = a.inputs[1];
        if (loaded.report.read == 0) return refused("index", a.inputs[1] + " : aucun service lu");
        read = loaded.report.read;
        rejected_on_reading = loaded.report.rejected;
        add_issues(lines[""], other_file, loaded.report);
        offers = std::move(loaded.catalogue.offers);
    }
    std::string inputs;  // the files read, for the messages
    for (const std::string& file : a.inputs) inputs += (inputs.empty() ? "" : ", ") + file;
    try {
        for (const std::string& spec : a.mappings) {
            const size_t equals = spec.find('=');
            const std::string mapping_file = spec.substr(0, equals);
            const Mapping mapping = Mapping::load(mapping_file);
            const std::string source = source_of_mapping(mapping, mapping_file);
            const fs::path input = equals == std::string::npos
                                       ? shared_data_dir() / mapping.default_input()
                                       : fs::path(spec.substr(equals + 1));
            LoadResult loaded = read_file(mapping, input, gazetteer);
            inputs += (inputs.empty() ? "" : ", ") + input.string();
            read += loaded.report.read;
            out_of_scope += loaded.report.out_of_scope;
            rejected_on_reading += loaded.report.rejected;
            add_issues(lines[source], input.string(), loaded.report);
            for (auto& o : loaded.offers) {
                file_of.emplace(o.id, input.string());
                offers.push_back(std::move(o));
            }
        }
    } catch (const Refused& e) {
        return refused("index", e.what());
    }
    // Reports are written before the generation: one that cannot be written fails the build.
    BuildOptions options;
    options.gazetteer = &gazetteer;
    if (!a.today.empty()) options.today = parse_date(a.today);
    std::map<std::string, std::string> report_files;  // source -> its report
    options.before_writing = [&](const BuildReport& r) {
        for (const RejectedOffer& rejected : r.rejected_offers) {
            auto it = file_of.find(rejected.id);
            const bool mapped = it != file_of.end();
            add_rejections(lines[mapped ? rejected.source : ""], {rejected},
                           [&](const RejectedOffer&) { return mapped ? it->second : other_file; });
        }
        if (!a.report_dir.empty()) {
            fs::create_directories(a.report_dir);
            // Offers not read through a mapping (data·inclusion v1, generated): index.csv.
            for (auto& [source, source_lines] : lines) {
                const std::string name = (source.empty() ? "index" : source) + ".csv";
                report_files[source] = (fs::path(a.report_dir) / name).string();
                write_report(report_files[source], source_lines);
            }
        }
        if (r.read + out_of_scope + rejected_on_reading != read || r.read != r.loaded + r.rejected)
            throw Refused("erreur interne : les comptes ne tombent pas juste");
        if (r.loaded == 0)
            throw Refused("les " + std::to_string(read) + " offres lues" +
                          (inputs.empty() ? "" : " (" + inputs + ")") + " ont toutes été rejetées");
    };
    BuildReport report;
    {
        ProgressLine progress(a.dir);
        progress.phase("indexation");
        try {
            report = Index::build(a.dir, std::move(offers), options);
        } catch (const Refused& e) {
            progress.clear();
            for (auto& [source, source_lines] : lines)
                print_rejections(source_lines, report_files[source]);
            return refused("index", e.what());
        }
    }
    std::printf("Index %s, génération %s : %zu offres lues, %zu chargées, %zu rejetées",
                a.dir.c_str(), report.generation.c_str(), read, report.loaded,
                rejected_on_reading + report.rejected);
    if (out_of_scope) std::printf(", %zu hors champ", out_of_scope);
    std::printf(" (%.1f s)\n", report.seconds);
    if (report.placed_at_commune_centre)
        std::printf("%zu offres sans coordonnées placées au centre de leur commune\n",
                    report.placed_at_commune_centre);
    std::printf(
        "%zu groupes de doublons probables entre sources (qualité et doublons : %.1f s) ; "
        "relecture : cartoffre duplicates\n",
        report.duplicate_clusters, report.quality_and_duplicates_seconds);
    size_t rejected = 0;
    for (auto& [source, source_lines] : lines) {
        rejected += rejected_count(source_lines);
        const std::string& file = report_files[source];
        if (!file.empty()) std::printf("  rapport : %s\n", file.c_str());
        print_rejections(source_lines, file);
    }
    return rejected > 0 ? exit_partial : 0;
}

#endif  // CARTOFFRE_LOADING

int remove_source_command(const std::string& dir, const std::string& source, bool dry_run) {
    if (auto why = invalid_source_name(source)) {
        std::cerr << "cartoffre remove-source : --source : " << printable(*why) << '\n';
        return 2;
    }
    if (Index::open(dir).offers(source).empty())
        throw QueryError("l'index " + dir + " n'a aucune offre de la source « " + source + " »");
    BuildOptions options;
    options.dry_run = dry_run;
    const BuildReport report = Index::update(dir, source, {}, options);
    print_update(dir, source, report);
    if (dry_run) std::printf("Essai (--dry-run) : rien n'a été écrit dans l'index.\n");
    return 0;
}

}  // namespace cartoffre::cli
