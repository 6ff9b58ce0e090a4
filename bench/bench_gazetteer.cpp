// bench_gazetteer: what opening the gazetteer costs, step by step. A benchmark, not a test: it
// prints a markdown table of wall-clock medians; run it on a quiet machine.
//
//   bench_gazetteer [--runs 50] [--dir /tmp/cartoffre-bench-gazetteer]
//
// Steps: "load_csv" reads the COG CSVs and writes the image in memory (what `cartoffre index`
// and `cartoffre places` do); "save" writes gazetteer.bin; "load" maps it and checks its header
// (what every index open does); "load + resolve Melun" and "load + nearest" add the first lookup
// by name, and the first nearest commune, which builds the tree of centres; "suggest" the close
// names an unknown place gets (a misspelt short and long name).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"

using namespace cartoffre;
using Clock = std::chrono::steady_clock;

namespace {

double median_ms(int runs, const std::function<void()>& step) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        step();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 50;
    std::filesystem::path dir = "/tmp/cartoffre-bench-gazetteer";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0) {
            runs = std::max(1, std::atoi(argv[i + 1]));
        } else if (std::strcmp(argv[i], "--dir") == 0) {
            dir = argv[i + 1];
        } else {
            std::fprintf(stderr, "usage: bench_gazetteer [--runs N] [--dir DIR]\n");
            return 2;
        }
    }
    std::filesystem::create_directories(dir);
    const std::filesystem::path csv = shared_data_dir() / "gazetteer",
                                image = dir / "gazetteer.bin";
    const Gazetteer built = Gazetteer::load_csv(csv);
    built.save(image);
    size_t sink = 0;  // keeps each step's result alive
    struct Row {
        const char* step;
        int runs;
        double ms;
    };
    const int csv_runs = std::max(1, runs / 10);
    std::vector<Row> rows = {
        {"load_csv", csv_runs,
         median_ms(csv_runs, [&] { sink += Gazetteer::load_csv(csv).size(); })},
        {"save", runs, median_ms(runs, [&] { built.save(image); })},
        {"load", runs, median_ms(runs, [&] { sink += Gazetteer::load(image).size(); })},
        {"load + resolve Melun", runs,
         median_ms(runs, [&] { sink += Gazetteer::load(image).resolve("Melun").communes.size(); })},
        {"load + nearest", runs,
         median_ms(runs,
                   [&] {
                       sink += *Gazetteer::load(image).nearest({48.54, 2.66});
                   })},
        // What an unknown place costs: close names measured over every commune's names.
        {"suggest Hazebrouk", runs,
         median_ms(runs, [&] { sink += built.suggest("Hazebrouk").size(); })},
        {"suggest Saint-Germain-en-Lai", runs,
         median_ms(runs, [&] { sink += built.suggest("Saint-Germain-en-Lai").size(); })},
    };
    std::printf("gazetteer: %u communes, image %ju bytes\n\n", built.size(),
                static_cast<uintmax_t>(std::filesystem::file_size(image)));
    std::printf("| step | runs | median ms |\n|---|---:|---:|\n");
    for (auto& r : rows) std::printf("| %s | %d | %.3f |\n", r.step, r.runs, r.ms);
    return sink == 0;  // never 0: there are communes
}
