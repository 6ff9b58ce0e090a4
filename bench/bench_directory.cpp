// bench_directory: the build of an index of a directory of local public services, one source as
// the DILA's national directory (62,138 rows), where no offer has a duplicate candidate of
// another source, and the share of the duplicate detection in it. A benchmark, not a test: it
// prints a markdown table; run it on a quiet machine.
//
//   bench_directory [--rows 15000,31000,62138] [--seed 1] [--runs 3]
//                   [--dir /tmp/cartoffre-bench-directory]
//
// For each size: the directory is generated (tests/generator/generator_directory.cpp), then built
// --runs times by Index::build (wall seconds, and processor seconds of the whole process: the
// text index is written on a thread of its own); "quality + duplicates" is the build report's
// part for the quality scores, the duplicate pairs and their clusters (wall). The same part is
// then done alone on the offers as the index placed them, ranked by id as the build ranks them
// (processor seconds, no other thread running: in the build it runs while the text index is
// written), and its share of the build's processor time; "pairs search" is find_duplicate_pairs
// alone. Medians of --runs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/quality.hpp"
#include "cpu_time.hpp"
#include "generator/generator_directory.hpp"
#include "index/duplicates.hpp"

using namespace cartoffre;
using bench::cpu_seconds;
using bench::median;
using cartoffre::detail::duplicate_clusters;
using cartoffre::detail::DuplicatePair;
using cartoffre::detail::find_duplicate_pairs;
namespace fs = std::filesystem;

namespace {

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::vector<size_t> sizes_of(const std::string& list) {
    std::vector<size_t> sizes;
    for (size_t at = 0; at <= list.size();) {
        const size_t comma = std::min(list.find(',', at), list.size());
        sizes.push_back(std::stoul(list.substr(at, comma - at)));
        at = comma + 1;
    }
    return sizes;
}

}  // namespace

int main(int argc, char** argv) {
    std::string rows = "15000,31000,62138";
    uint64_t seed = 1;
    int runs = 3;
    fs::path dir = "/tmp/cartoffre-bench-directory";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--rows")
            rows = argv[i + 1];
        else if (flag == "--seed")
            seed = std::stoull(argv[i + 1]);
        else if (flag == "--runs")
            runs = std::stoi(argv[i + 1]);
        else if (flag == "--dir")
            dir = argv[i + 1];
        else {
            std::fprintf(stderr, "bench_directory: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    BuildOptions options;
    options.gazetteer = &gazetteer;
    options.today = parse_date("2026-11-26");

    std::printf(
        "| rows (one source) | build, wall s | build, CPU s | quality + duplicates in the build, "
        "wall s | quality + duplicates alone, CPU s | share of the build's CPU | pairs search, "
        "CPU s | pairs |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (size_t n : sizes_of(rows)) {
        const std::vector<Offer> offers = generate_directory(gazetteer, n, seed);
        std::vector<double> wall, cpu, duplicates, search;
        size_t pairs = 0;
        for (int run = 0; run < runs; ++run) {
            fs::remove_all(dir);
            const double w = wall_seconds(), c = cpu_seconds();
            const BuildReport report = Index::build(dir, offers, options);
            wall.push_back(wall_seconds() - w);
            cpu.push_back(cpu_seconds() - c);
            duplicates.push_back(report.quality_and_duplicates_seconds);
        }
        // The offers as the build ranks them (by id), placed as it placed them.
        std::vector<Offer> placed = Index::open(dir).offers();
        std::sort(placed.begin(), placed.end(),
                  [](const Offer& a, const Offer& b) { return a.id < b.id; });
        std::vector<const Offer*> ranked;
        for (const Offer& o : placed) ranked.push_back(&o);
        std::vector<double> pass;
        for (int run = 0; run < runs; ++run) {
            double c = cpu_seconds();
            std::vector<DuplicatePair> found = find_duplicate_pairs(ranked);
            search.push_back(cpu_seconds() - c);
            pairs = found.size();
            c = cpu_seconds();
            std::vector<double> quality;
            for (const Offer* o : ranked) quality.push_back(score_qualite(*o, *options.today));
            found = find_duplicate_pairs(ranked);
            duplicate_clusters(ranked, found, cartoffre::detail::renamings());
            pass.push_back(cpu_seconds() - c);
        }
        std::printf("| %zu | %.2f | %.2f | %.2f | %.3f | %.0f %% | %.3f | %zu |\n", n, median(wall),
                    median(cpu), median(duplicates), median(pass), 100 * median(pass) / median(cpu),
                    median(search), pairs);
        std::fflush(stdout);
    }
    fs::remove_all(dir);
    return 0;
}
