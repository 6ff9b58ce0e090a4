// Coverage on a generated national catalogue: one département, then all of France, each for the
// 16 categories, single thread. Prints a Markdown table (docs/benchmarks.md).
//
//   bench_coverage [--offers 1000000] [--seed 1] [--dir DIR] [--reuse yes] [--runs 5]
//                  [--departements 23,77,13,75] [--france yes]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/coverage.hpp"
#include "cartoffre/index.hpp"
#include "cpu_time.hpp"
#include "generator/generator.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> split(const std::string& value) {
    std::vector<std::string> parts;
    for (size_t start = 0; start < value.size();) {
        const size_t comma = value.find(',', start);
        parts.push_back(value.substr(start, comma - start));
        start = comma == std::string::npos ? value.size() : comma + 1;
    }
    return parts;
}

struct Measured {
    double median_ms = 0, best_ms = 0;
    size_t communes = 0;
    long population_beyond = 0;  // summed over the subjects, to show the work was done
};

// Processor time of `runs` coverages (this thread is the only one working), median and best.
Measured measure(const Index& index, const CoverageQuery& q, int runs) {
    std::vector<double> times;
    Measured m;
    for (int run = 0; run < runs; ++run) {
        const double start = bench::cpu_seconds();
        const CoverageReport report = index.coverage(q);
        times.push_back((bench::cpu_seconds() - start) * 1000);
        m.communes = report.communes.size() / report.subjects.size();
        m.population_beyond = 0;
        for (const AreaCoverage& total : report.totals)
            m.population_beyond += total.population_beyond;
    }
    m.median_ms = bench::median(times);
    m.best_ms = *std::min_element(times.begin(), times.end());
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    size_t offers = 1000000;
    uint64_t seed = 1;
    bool reuse = false;
    int runs = 5;
    bool france = true;
    std::vector<std::string> departements{"23", "77", "13", "75"};
    fs::path base = fs::temp_directory_path() / "cartoffre-bench-coverage";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--offers")
            offers = std::stoul(value);
        else if (flag == "--seed")
            seed = std::stoull(value);
        else if (flag == "--reuse")
            reuse = value == "yes";
        else if (flag == "--dir")
            base = value;
        else if (flag == "--runs")
            runs = std::stoi(value);
        else if (flag == "--france")
            france = value == "yes";
        else if (flag == "--departements")
            departements = split(value);
        else {
            std::fprintf(stderr, "bench_coverage: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const fs::path dir = base / std::to_string(offers);
    if (!reuse) {
        const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
        fs::remove_all(dir);
        Catalogue catalogue = generate_catalogue(gazetteer, Taxonomy::builtin(), offers, seed);
        BuildOptions options;
        options.gazetteer = &gazetteer;
        Index::build(dir, std::move(catalogue.offers), options);
    }
    const Index index = Index::open(dir);
    std::printf(
        "%zu generated offers (seed %llu), 16 categories, radius 15 km, one thread, "
        "processor time over %d runs\n\n",
        index.size(), static_cast<unsigned long long>(seed), runs);
    std::printf(
        "| territory | communes | median ms | best ms | population beyond 15 km, "
        "summed over the categories |\n|---|---|---|---|---|\n");
    auto row = [&](const std::string& name, const CoverageQuery& q) {
        const Measured m = measure(index, q, runs);
        std::printf("| %s | %zu | %.1f | %.1f | %ld |\n", name.c_str(), m.communes, m.median_ms,
                    m.best_ms, m.population_beyond);
        std::fflush(stdout);
    };
    for (const std::string& d : departements) {
        CoverageQuery q;
        q.territory = {Territory::Kind::departement, {d}};
        row("département " + d, q);
    }
    if (france) {
        row("France", CoverageQuery{});
        CoverageQuery by_departement;
        by_departement.by = AreaLevel::departement;
        row("France, by département", by_departement);
    }
    return 0;
}
