// bench_geo_page: bench_core's geo+filters queries alone, for profiling (`perf record`) and for
// an A/B of the page of hits on a shared machine: the thread's CPU time of each query, less
// disturbed by other processes than the elapsed time, with the page of 20 hits and without it
// (`limit = 0`), and the hits read as the portal's result row reads them (tools/portal/app.py's
// SUMMARY), so that nothing a page shows could be left undecoded. Builds against the public API
// only: the same source builds against another tree's libraries for the A side.
//
//   bench_geo_page INDEX_DIR [--rounds 6] [--queries 500] [--seed 1]

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "cartoffre/index.hpp"
#include "core_queries.hpp"

using namespace cartoffre;

namespace {

double cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

// The sizes of what a result row shows: the sum is printed, so that two trees can be seen to
// give the same pages.
size_t read_row(const Hit& hit) {
    const Offer& o = hit.offer;
    size_t n = 0;
    for (const std::string* s :
         {&o.id, &o.source, &o.nom, &o.structure_nom, &o.telephone, &o.courriel, &o.adresse,
          &o.code_postal, &o.commune, &o.type, &o.frais, &o.date_maj})
        n += s->size();
    return n + o.modes_accueil.size() + o.thematiques.size() + o.telephones.size() +
           o.location_approximate + (o.latitude ? 1 : 0) + (hit.distance_km ? 1 : 0);
}

struct Run {
    double p50, p99;
    size_t read;
};

Run run(const Index& index, std::vector<Query> queries, size_t limit, int rounds) {
    for (Query& q : queries) q.limit = limit;
    std::vector<double> ms;
    size_t read = 0;
    for (int round = 0; round < rounds; ++round)
        for (const Query& q : queries) {
            const double start = cpu_ms();
            const Results r = index.search(q);
            for (const Hit& hit : r.hits) read += read_row(hit);
            ms.push_back(cpu_ms() - start);
        }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[ms.size() * 99 / 100], read};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_geo_page INDEX_DIR [--rounds 6] [--queries 500]\n");
        return 2;
    }
    int rounds = 6;
    size_t count = 500;
    uint64_t seed = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--rounds")
            rounds = std::stoi(argv[i + 1]);
        else if (flag == "--queries")
            count = std::stoul(argv[i + 1]);
        else if (flag == "--seed")
            seed = std::stoull(argv[i + 1]);
    }
    const Index index = Index::open(argv[1]);
    // The places and categories of bench_core's geo+filters queries (same seed, same draws).
    std::mt19937_64 rng(seed);
    const std::vector<std::string> places = bench_core_places(index.gazetteer(), count, rng);
    std::vector<Query> queries;
    for (size_t i = 0; i < count; ++i) queries.push_back(bench_core_geo_query(places[i], i));
    run(index, queries, 20, 1);  // warms the caches and pages in the maps
    const Run page = run(index, queries, 20, rounds), bare = run(index, queries, 0, rounds);
    std::printf(
        "| CPU ms, page of 20 p50 / p99 | limit 0 p50 / p99 | rows read (sum of sizes) |\n");
    std::printf("|---|---|---|\n| %.4f / %.4f | %.4f / %.4f | %zu |\n", page.p50, page.p99,
                bare.p50, bare.p99, page.read);
    return 0;
}
