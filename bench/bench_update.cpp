// bench_update: the reload of one source into a large index, by Index::update (only new and
// changed offers analysed) and by the way load did it before (every offer decoded from the
// previous generation and the whole generation built again). A benchmark, not a test: it prints
// a markdown table; run it on a quiet machine.
//
//   bench_update [--offers 150000] [--source-offers 10000] [--changed 0.01] [--runs 3]
//                [--dir /tmp/cartoffre-bench-update]
//
// The index holds the generated national catalogue (--offers, seed 1) and a partner source of
// --source-offers offers (generated with seed 2, renamed "partenaire"). Each run reloads that
// source with a fraction --changed of its offers changed (their description, two versions in
// turn, so that every run has changes to make), by update, then the same by the old way. Times
// are the median of --runs: wall seconds, and processor seconds of the whole process (the text
// index is written on a thread of its own).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/index.hpp"
#include "cpu_time.hpp"
#include "generator/generator.hpp"

using namespace cartoffre;
using bench::cpu_seconds;
using bench::median;
namespace fs = std::filesystem;

namespace {

struct Timing {
    std::vector<double> wall, cpu;
};

template <class F>
void timed(Timing& t, F&& f) {
    const double cpu = cpu_seconds();
    const auto wall = std::chrono::steady_clock::now();
    f();
    t.wall.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count());
    t.cpu.push_back(cpu_seconds() - cpu);
}

// The source's catalogue with every `step`-th offer's description changed (variant 0 or 1).
std::vector<Offer> version(const std::vector<Offer>& source, size_t step, int variant) {
    std::vector<Offer> out = source;
    for (size_t i = 0; i < out.size(); i += step)
        out[i].description += variant ? " Nouvel atelier le jeudi." : " Permanence le lundi.";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    size_t offers = 150000, source_offers = 10000;
    double changed = 0.01;
    int runs = 3;
    fs::path dir = "/tmp/cartoffre-bench-update";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--offers")
            offers = std::stoul(argv[i + 1]);
        else if (flag == "--source-offers")
            source_offers = std::stoul(argv[i + 1]);
        else if (flag == "--changed")
            changed = std::stod(argv[i + 1]);
        else if (flag == "--runs")
            runs = std::stoi(argv[i + 1]);
        else if (flag == "--dir")
            dir = argv[i + 1];
        else {
            std::fprintf(stderr, "bench_update: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    BuildOptions options;
    options.gazetteer = &gazetteer;
    options.today = parse_date("2026-11-26");
    std::vector<Offer> all = generate_catalogue(gazetteer, Taxonomy::builtin(), offers, 1).offers;
    std::vector<Offer> partner =
        generate_catalogue(gazetteer, Taxonomy::builtin(), source_offers, 2).offers;
    for (size_t i = 0; i < partner.size(); ++i) {
        partner[i].source = "partenaire";
        partner[i].id = "partenaire--" + std::to_string(i);
    }
    const size_t step = std::max<size_t>(1, static_cast<size_t>(1 / std::max(changed, 1e-9)));
    all.insert(all.end(), partner.begin(), partner.end());
    fs::remove_all(dir);
    Index::build(dir, all, options);

    Timing update, rebuild;
    size_t reported_changed = 0;
    for (int run = 0; run < runs; ++run) {
        std::vector<Offer> next = version(partner, step, run % 2);
        timed(update,
              [&] { reported_changed = Index::update(dir, "partenaire", next, options).changed; });
        timed(rebuild, [&] {
            // What load did before: every offer decoded, the whole generation built again.
            std::vector<Offer> every;
            for (Offer& o : Index::open(dir).offers())
                if (o.source != "partenaire") every.push_back(std::move(o));
            every.insert(every.end(), next.begin(), next.end());
            Index::build(dir, std::move(every), options);
        });
    }
    std::printf("| reload of %zu offers (%zu changed) into %zu | wall s | CPU s |\n",
                partner.size(), reported_changed, all.size());
    std::printf("|---|---|---|\n");
    std::printf("| decode all + Index::build (before) | %.2f | %.2f |\n", median(rebuild.wall),
                median(rebuild.cpu));
    std::printf("| Index::update | %.2f | %.2f |\n", median(update.wall), median(update.cpu));
    fs::remove_all(dir);
    return 0;
}
