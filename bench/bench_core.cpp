// bench_core: build, open and query timings of the index on generated national catalogues.
// A benchmark, not a test: it prints a markdown table; run it on a quiet machine.
//
//   bench_core [--offers 150000,1000000] [--queries 500] [--seed 1] [--dir /tmp/cartoffre-bench]
//              [--reuse yes]   (query the indexes a previous run left in --dir: no build figures)
//              [--smaps yes]   (then print on stderr what is resident, by mapped file)

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "core_queries.hpp"
#include "generator/generator.hpp"
#include "population.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

long resident_kb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

// The resident kilobytes of each file of `dir` mapped by this process (/proc/self/smaps), and
// of the rest (heap, stacks, libraries): what the query mix left in memory, by file.
std::vector<std::pair<long, std::string>> resident_by_file(const fs::path& dir) {
    std::ifstream in("/proc/self/smaps");
    std::map<std::string, long> by_file;
    std::string current;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        if (std::isxdigit(static_cast<unsigned char>(line[0])) && line.find('-') < 16) {
            const size_t slash = line.find('/');
            const std::string path = slash == std::string::npos ? "" : line.substr(slash);
            current = path.rfind(dir.string(), 0) == 0
                          ? fs::path(path).lexically_relative(dir).string()
                          : "(autre : tas, piles, bibliothèques)";
        } else if (line.rfind("Rss:", 0) == 0) {
            by_file[current] += std::atol(line.c_str() + 4);
        }
    }
    std::vector<std::pair<long, std::string>> sorted;
    for (auto& [file, kb] : by_file) sorted.emplace_back(kb, file);
    std::sort(sorted.rbegin(), sorted.rend());
    return sorted;
}

uintmax_t size_on_disk(const fs::path& dir) {
    uintmax_t total = 0;
    for (auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) total += e.file_size();
    return total;
}

struct Latency {
    double p50 = 0, p99 = 0, mean_total = 0;
};

Latency measure(const Index& index, const std::vector<Query>& queries) {
    std::vector<double> ms;
    double totals = 0;
    for (int warm = 0; warm < 2; ++warm)
        for (auto& q : queries) index.search(q);  // warm caches and page in the maps
    for (auto& q : queries) {
        auto t = Clock::now();
        Results r = index.search(q);
        ms.push_back(seconds_since(t) * 1000);
        totals += static_cast<double>(r.total);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)],
            totals / static_cast<double>(queries.size())};
}

// Places drawn around real communes weighted by population, like the people searching.
// A person as caseworkers describe them: some facts known, others not.
Profile person(std::mt19937_64& rng, const std::string& place) {
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    static const std::vector<std::string> statuses = {
        "rsa",      "ass",       "aah",     "demandeur-emploi", "deld",
        "rqth",     "jeune-ase", "refugie", "sans-domicile",    "parent-isole",
        "etudiant", "actif",     "senior"};
    Profile p;
    p.age = 16 + static_cast<int>(rng() % 50);
    if (chance(0.6)) p.genre = chance(0.5) ? "femme" : "homme";
    for (int n = static_cast<int>(rng() % 3); n > 0; --n)
        p.statuses.push_back(statuses[rng() % statuses.size()]);
    p.statuses_complete = chance(0.5);
    if (chance(0.5)) p.permis = chance(0.6);
    if (chance(0.5)) p.lives_in = place;
    return p;
}

// Ten pages of 20 by distance, each with the cursor of the one before: the time of each page,
// by page number, over every query.
std::vector<std::vector<double>> page_through(const Index& index, const std::vector<Query>& queries,
                                              size_t pages) {
    std::vector<std::vector<double>> ms(pages);
    for (int round = 0; round < 3; ++round)  // the first two warm the caches, as measure() does
        for (Query q : queries)
            for (size_t page = 0; page < pages; ++page) {
                auto t = Clock::now();
                Results r = index.search(q);
                if (round == 2) ms[page].push_back(seconds_since(t) * 1000);
                if (r.next_cursor.empty()) break;
                q.cursor = r.next_cursor;
            }
    for (auto& m : ms) std::sort(m.begin(), m.end());
    return ms;
}

double percentile(const std::vector<double>& sorted, size_t p) {
    return sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1, sorted.size() * p / 100)];
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> sizes{150000, 1000000};
    size_t query_count = 500;
    uint64_t seed = 1;
    bool reuse = false;
    bool smaps = false;
    fs::path base = fs::temp_directory_path() / "cartoffre-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--offers") {
            sizes.clear();
            for (size_t start = 0; start < value.size();) {
                size_t comma = value.find(',', start);
                sizes.push_back(std::stoul(value.substr(start, comma - start)));
                start = comma == std::string::npos ? value.size() : comma + 1;
            }
        } else if (flag == "--queries") {
            query_count = std::stoul(value);
        } else if (flag == "--seed") {
            seed = std::stoull(value);
        } else if (flag == "--reuse") {
            reuse = value == "yes";
        } else if (flag == "--smaps") {
            smaps = value == "yes";
        } else if (flag == "--dir") {
            base = value;
        } else {
            std::fprintf(stderr, "bench_core: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    const std::vector<std::string>& words = bench_core_words();

    std::printf(
        "| offers | build s | size MB | open s | RSS MB | geo+filters p50/p99 ms | "
        "text+geo+filters p50/p99 ms | same with a profile p50/p99 ms (ratio of p50) | text only "
        "p50/p99 ms | mean matches (geo / text+geo / text) |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t n : sizes) {
        const fs::path dir = base / std::to_string(n);
        double generated = 0, build = 0;
        size_t loaded = 0;
        if (!reuse) {
            fs::remove_all(dir);
            auto t = Clock::now();
            Catalogue catalogue = generate_catalogue(gazetteer, Taxonomy::builtin(), n, seed);
            generated = seconds_since(t);
            BuildOptions options;
            options.gazetteer = &gazetteer;
            t = Clock::now();
            loaded = Index::build(dir, std::move(catalogue.offers), options).loaded;
            build = seconds_since(t);
        }
        const long rss_before = resident_kb();
        auto t = Clock::now();
        Index index = Index::open(dir);
        if (reuse) loaded = index.size();
        const double open = seconds_since(t);

        std::mt19937_64 rng(seed);
        std::vector<std::string> places = bench_core_places(index.gazetteer(), query_count, rng);
        std::vector<Query> geo, text_geo, text_geo_person, text_only;
        for (size_t i = 0; i < query_count; ++i) {
            Query q = bench_core_geo_query(places[i], i);
            geo.push_back(q);
            q.text = words[i % words.size()];
            q.thematiques.clear();
            q.frais = {"gratuit"};
            q.sort = SortOrder::relevance;
            text_geo.push_back(q);
            q.profile = person(rng, q.place);
            text_geo_person.push_back(q);
            Query w;
            w.text = words[(i * 7) % words.size()];
            text_only.push_back(w);
        }
        Latency g = measure(index, geo), tg = measure(index, text_geo),
                tgp = measure(index, text_geo_person), to = measure(index, text_only);
        const long rss = resident_kb() - rss_before;
        std::printf(
            "| %zu | %.1f (+%.1f generate) | %.0f | %.2f | %.0f | %.3f / %.3f | %.3f / %.3f | "
            "%.3f / %.3f (%.2f) | %.3f / %.3f | %.0f / %.0f / %.0f |\n",
            loaded, build, generated, static_cast<double>(size_on_disk(dir)) / 1e6, open,
            static_cast<double>(rss) / 1024, g.p50, g.p99, tg.p50, tg.p99, tgp.p50, tgp.p99,
            tgp.p50 / tg.p50, to.p50, to.p99, g.mean_total, tg.mean_total, to.mean_total);
        std::fflush(stdout);
        if (smaps)
            for (auto& [kb, file] : resident_by_file(dir))
                if (kb >= 1024) std::fprintf(stderr, "%8.1f MB  %s\n", kb / 1024.0, file.c_str());

        // The dense-city tail, after the resident size (the mix above is the one measured over
        // time): 10 km around Paris with a broad category and a person, and ten pages by
        // distance 30 km around the five largest cities, one category, remote offers excluded.
        std::vector<Query> dense, paged;
        const std::vector<std::string> cities{"insee:75056", "insee:13055", "insee:69123",
                                              "insee:31555", "insee:06088"};
        for (size_t i = 0; i < query_count; ++i) {
            Query q = bench_core_geo_query("insee:75056", i);
            q.profile = person(rng, q.place);
            dense.push_back(q);
        }
        for (size_t i = 0; i < std::max<size_t>(query_count / 10, 10); ++i) {
            Query q = bench_core_geo_query(cities[i % cities.size()], i);
            q.radius_km = 30;
            q.remote = Remote::exclude;
            paged.push_back(q);
        }
        const Latency d = measure(index, dense);
        const auto pages = page_through(index, paged, 10);
        std::vector<double> every;
        for (auto& p : pages) every.insert(every.end(), p.begin(), p.end());
        std::sort(every.begin(), every.end());
        std::printf(
            "\n| offers | Paris 10 km, category, profile p50/p99 ms (mean matches) | 10 pages "
            "30 km around a big city: page 1 p50/p99 ms | page 10 p50/p99 ms | every page "
            "p50/p99 ms |\n|---|---|---|---|---|\n");
        std::printf("| %zu | %.3f / %.3f (%.0f) | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f |\n",
                    loaded, d.p50, d.p99, d.mean_total, percentile(pages[0], 50),
                    percentile(pages[0], 99), percentile(pages[9], 50), percentile(pages[9], 99),
                    percentile(every, 50), percentile(every, 99));
        std::fflush(stdout);
    }
    return 0;
}
