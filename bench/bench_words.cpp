// bench_words: the text+geo+filters queries of bench_core alone, timed per word in processor
// time (less moved than wall time by the other processes of a shared machine), to profile them
// (`perf record`) and to see which words a change of the text index costs or saves.
//
//   bench_words DIR [PASSES] [WORD] [PLACE]   DIR: an index bench_core left (--dir BASE:
//                                     BASE/1000000); PASSES measured after two warm-up ones (1);
//                                     WORD: only its queries ("" for all); PLACE: only the queries
//                                     around it ("insee:75056"), to profile the tail alone
//
// After the table, the ten slowest queries (median over the passes) with their place, words and
// matches: what makes the tail.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cartoffre/index.hpp"
#include "core_queries.hpp"
#include "population.hpp"

using namespace cartoffre;

namespace {

double thread_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_words DIR [PASSES] [WORD] [PLACE]\n");
        return 2;
    }
    const int passes = argc > 2 ? std::atoi(argv[2]) : 1;
    const std::string only = argc > 3 ? argv[3] : "";
    const std::string only_place = argc > 4 ? argv[4] : "";
    const size_t query_count = 300;  // as bench_core --queries 300, same seed: the same queries
    Index index = Index::open(argv[1]);
    std::mt19937_64 rng(1);
    const Gazetteer gazetteer = index.gazetteer();  // the draw keeps a reference
    bench::PopulationDraw pick(gazetteer);
    std::vector<std::string> places;
    for (size_t i = 0; i < query_count; ++i)
        places.push_back("insee:" + std::string(pick(rng).code));
    const std::vector<std::string>& words = bench_core_words();
    std::vector<Query> queries;
    for (size_t i = 0; i < query_count; ++i) {
        Query q;
        q.place = places[i];
        q.radius_km = 10;
        q.text = words[i % words.size()];
        q.frais = {"gratuit"};
        q.sort = SortOrder::relevance;
        if ((only.empty() || q.text == only) && (only_place.empty() || q.place == only_place))
            queries.push_back(q);
    }
    for (int warm = 0; warm < 2; ++warm)
        for (auto& q : queries) index.search(q);
    std::map<std::string, std::vector<double>> by_word;
    std::map<std::string, double> matches;
    std::vector<double> all;
    std::vector<std::vector<double>> by_query(queries.size());
    std::vector<size_t> totals(queries.size());
    for (int pass = 0; pass < passes; ++pass)
        for (size_t i = 0; i < queries.size(); ++i) {
            const Query& q = queries[i];
            const double start = thread_ms();
            const Results r = index.search(q);
            const double ms = thread_ms() - start;
            by_word[q.text].push_back(ms);
            matches[q.text] += static_cast<double>(r.total);
            all.push_back(ms);
            by_query[i].push_back(ms);
            totals[i] = r.total;
        }
    std::printf("| word | p50 ms | mean matches |\n|---|---|---|\n| all | %.3f | |\n", median(all));
    for (auto& [word, ms] : by_word)
        std::printf("| %s | %.3f | %.0f |\n", word.c_str(), median(ms),
                    matches[word] / static_cast<double>(ms.size()));
    std::vector<std::pair<double, size_t>> slowest;
    for (size_t i = 0; i < queries.size(); ++i) slowest.emplace_back(median(by_query[i]), i);
    std::sort(slowest.rbegin(), slowest.rend());
    std::printf("\n| slowest | ms | place | words | matches |\n|---|---|---|---|---|\n");
    for (size_t k = 0; k < std::min<size_t>(10, slowest.size()); ++k) {
        const Query& q = queries[slowest[k].second];
        std::printf("| %zu | %.3f | %s | %s | %zu |\n", k + 1, slowest[k].first, q.place.c_str(),
                    q.text.c_str(), totals[slowest[k].second]);
    }
    return 0;
}
