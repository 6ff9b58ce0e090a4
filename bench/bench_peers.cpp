// bench_peers: cartoffre side by side with PostgreSQL + PostGIS, SQLite FTS5 + R*Tree and
// Xapian alone on the same catalogue and the same queries, in one run; or, with --check, the
// agreement of cartoffre with each peer given on classes (a) and (c) (exit status 1 on any
// difference).
// Started by bench/run.sh and tests/peer_test.sh, which start and stop the PostgreSQL
// cluster (bench/pg.sh).
//
//   bench_peers --offers 20000 [--queries 200] [--seed 1] [--dir DIR] [--pg-port PORT]
//               [--sqlite yes] [--xapian yes] [--check yes] [--out peers.md]
//               [--index DIR]   (an index already built, e.g. of the real catalogues, instead
//                                of a generated catalogue)
//               [--classes abcdef]  (the query classes measured, e.g. f alone to compare two
//                                builds of cartoffre on deep paging; all by default)

#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "agree.hpp"
#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "generator/generator.hpp"
#include "measure.hpp"
#include "postgis_sql.hpp"
#include "sqlite_peer.hpp"
#include "xapian_peer.hpp"

using namespace bench;
namespace fs = std::filesystem;

namespace {

struct Options {
    size_t offers = 20000, queries = 200;
    uint64_t seed = 1;
    fs::path dir = fs::temp_directory_path() / "cartoffre-peers";
    std::string pg_port, out;
    fs::path index;  // an index already built (e.g. the real catalogues) instead of generating
    bool sqlite = false, xapian = false, check = false;
    std::string classes = "abcdef";  // letters of the classes measured
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i += 2) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::runtime_error("option " + flag + " needs a value");
        const std::string value = argv[i + 1];
        if (flag == "--offers")
            o.offers = std::stoul(value);
        else if (flag == "--queries")
            o.queries = std::stoul(value);
        else if (flag == "--seed")
            o.seed = std::stoull(value);
        else if (flag == "--dir")
            o.dir = value;
        else if (flag == "--index")
            o.index = value;
        else if (flag == "--pg-port")
            o.pg_port = value;
        else if (flag == "--sqlite")
            o.sqlite = value == "yes";
        else if (flag == "--xapian")
            o.xapian = value == "yes";
        else if (flag == "--check")
            o.check = value == "yes";
        else if (flag == "--out")
            o.out = value;
        else if (flag == "--classes")
            o.classes = value;
        else
            throw std::runtime_error("unknown option " + flag);
    }
    return o;
}

double dir_mb(const fs::path& dir) {
    uintmax_t total = 0;
    for (auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) total += e.file_size();
    return static_cast<double>(total) / 1e6;
}

std::string machine() {
    std::ifstream in("/proc/cpuinfo");
    std::string model;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    return std::to_string(std::thread::hardware_concurrency()) + " cores, " + model;
}

// A peer as the agreement check asks it: its name and its answer to a query, up to a limit.
struct Peer {
    std::string name;
    std::function<Answer(const Spec&, size_t)> run;
};

// Agreement of (a) and (c) with each peer: prints every difference; returns how many queries
// differ.
size_t agreement(const Index& index, const Peer& peer,
                 const std::map<Kind, std::vector<Spec>>& specs) {
    size_t failed = 0, compared = 0, hits = 0, judged_out = 0;
    for (Kind kind : {Kind::a, Kind::c}) {
        for (const Spec& s : specs.at(kind)) {
            const Answer ours = run_cartoffre(index, s, 10000), theirs = peer.run(s, 10000);
            std::vector<std::string> diffs = differences(ours, theirs);
            if (ours.total != ours.ids.size())
                diffs.push_back("cartoffre counts " + std::to_string(ours.total) + " but shows " +
                                std::to_string(ours.ids.size()) + " (limit reached)");
            ++compared;
            hits += ours.ids.size();
            if (s.person) {  // what the person's criteria removed: the peer had to say it too
                Spec anyone = s;
                anyone.query.profile.reset();
                judged_out += run_cartoffre(index, anyone, 10000).ids.size() - ours.ids.size();
            }
            if (diffs.empty()) continue;
            ++failed;
            std::printf("DIFFERENT %s %s at %s (%zu vs %zu ids):\n", peer.name.c_str(),
                        kind_name(kind), s.query.place.c_str(), ours.ids.size(), theirs.ids.size());
            for (size_t i = 0; i < diffs.size() && i < 20; ++i)
                std::printf("  %s\n", diffs[i].c_str());
        }
    }
    std::printf(
        "agreement (a) and (c) with %s: %zu of %zu queries differ (%zu ids compared; the "
        "profiles of (c) excluded %zu offers)\n",
        peer.name.c_str(), failed, compared, hits, judged_out);
    return failed + (hits == 0);  // nothing compared proves nothing
}

// Agreement of (a) and (c) with every peer given, overlap of (b) and (d) and totals of (e)
// with PostGIS; exit status 1 on any difference of (a) or (c).
int check(const Index& index, Postgres* pg, const std::vector<Peer>& peers,
          const std::map<Kind, std::vector<Spec>>& specs) {
    size_t failed = 0;
    for (const Peer& peer : peers) failed += agreement(index, peer, specs);
    if (!pg) return failed == 0 ? 0 : 1;
    for (Kind kind : {Kind::b, Kind::d}) {
        double sum = 0;
        for (const Spec& s : specs.at(kind))
            sum += overlap(run_cartoffre(index, s, 20), pg->run(s, 20));
        std::printf("%s: mean top-20 overlap with PostGIS %.2f\n", kind_name(kind),
                    sum / static_cast<double>(specs.at(kind).size()));
    }
    size_t counts_differ = 0;
    if (cartoffre_has_viewport)
        for (const Spec& s : specs.at(Kind::e))
            counts_differ += run_cartoffre(index, s, 0).total != pg->run(s, 0).total;
    if (cartoffre_has_viewport)
        std::printf("%s: %zu of %zu totals differ\n", kind_name(Kind::e), counts_differ,
                    specs.at(Kind::e).size());
    return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    fs::create_directories(o.dir);  // SQLite and Xapian write there, also with --index
    const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    const Taxonomy& taxonomy = Taxonomy::builtin();

    // cartoffre: generate, build, open.
    const fs::path index_dir = o.index.empty() ? o.dir / "index" : o.index;
    auto t = Clock::now();
    double build_s = std::nan("");  // not measured here for an index given
    if (o.index.empty()) {
        fs::remove_all(index_dir);
        Catalogue catalogue = generate_catalogue(gazetteer, taxonomy, o.offers, o.seed);
        BuildOptions build_options;
        build_options.gazetteer = &gazetteer;
        t = Clock::now();
        Index::build(index_dir, std::move(catalogue.offers), build_options);
        build_s = seconds_since(t);
    }
    const double rss_before = resident_mb();
    const Index index = Index::open(index_dir);
    // The peers' rows: not read when cartoffre runs alone.
    const bool peers = !o.pg_port.empty() || o.sqlite || o.xapian;
    const std::vector<Offer> offers = peers ? index.offers() : std::vector<Offer>{};
    const std::vector<FlatOffer> flat = flatten(offers, gazetteer, taxonomy);
    std::printf("cartoffre: %zu offers indexed in %.1f s\n", index.size(), build_s);
    auto measured = [&](Kind kind) {
        return o.classes.find(kind_name(kind)[1]) != std::string::npos;
    };

    std::map<Kind, std::vector<Spec>> specs;
    for (Kind kind : all_kinds)
        specs[kind] = draw(kind, o.queries, o.seed, index.gazetteer(), index.taxonomy());

    std::unique_ptr<Postgres> pg;
    double pg_build = 0;
    if (!o.pg_port.empty()) {
        pg = std::make_unique<Postgres>(o.pg_port);
        t = Clock::now();
        pg->load(flat, taxonomy);
        pg_build = seconds_since(t);
        std::printf("PostGIS: loaded and indexed in %.1f s\n", pg_build);
    }
    // SQLite and Xapian, built in this process.
    const fs::path sqlite_file = o.dir / "peer.sqlite", xapian_dir = o.dir / "peer.xapian";
    double sqlite_build = 0, xapian_build = 0;
    if (o.sqlite) {
        fs::remove(sqlite_file);
        t = Clock::now();
        const std::clock_t cpu = std::clock();
        Sqlite(sqlite_file.string()).load(flat, taxonomy);
        sqlite_build = seconds_since(t);
        std::printf("SQLite: loaded and indexed in %.1f s (%.1f s of CPU)\n", sqlite_build,
                    static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
    }
    if (o.xapian) {
        fs::remove_all(xapian_dir);
        t = Clock::now();
        const std::clock_t cpu = std::clock();  // every thread's
        XapianPeer::build(xapian_dir.string(), flat, taxonomy);
        xapian_build = seconds_since(t);
        std::printf("Xapian: indexed in %.1f s (%.1f s of CPU)\n", xapian_build,
                    static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
    }
    std::fflush(stdout);
    if (o.check) {
        std::vector<Peer> peers;
        if (pg)
            peers.push_back({"PostGIS", [&](const Spec& s, size_t n) { return pg->run(s, n); }});
        std::unique_ptr<Sqlite> lite;
        std::unique_ptr<XapianPeer> xapian;
        if (o.sqlite) {
            lite = std::make_unique<Sqlite>(sqlite_file.string());
            peers.push_back({"SQLite", [&](const Spec& s, size_t n) { return lite->run(s, n); }});
        }
        if (o.xapian) {
            xapian = std::make_unique<XapianPeer>(xapian_dir.string());
            peers.push_back({"Xapian", [&](const Spec& s, size_t n) { return xapian->run(s, n); }});
        }
        if (peers.empty())
            throw std::runtime_error("--check needs --pg-port, --sqlite or --xapian");
        return check(index, pg.get(), peers, specs);
    }

    // The benchmark: each class on each engine, one client then two.
    struct Engine {
        std::string name;
        double build_s, size_mb, rss_mb;
        std::map<Kind, Figures> figures;
    };
    std::vector<Engine> engines;
    Engine ours{"cartoffre", build_s, dir_mb(index_dir), 0, {}};
    for (Kind kind : all_kinds)
        if (measured(kind) && (kind != Kind::e || cartoffre_has_viewport))
            ours.figures[kind] = measure(specs[kind], [&]() -> Run {
                return [&](const Spec& s) { run_cartoffre(index, s, 20); };
            });
    ours.rss_mb = resident_mb() - rss_before;
    engines.push_back(ours);
    if (pg) {
        Engine peer{"PostGIS", pg_build, pg->size_mb(), 0, {}};
        for (Kind kind : all_kinds) {
            if (!measured(kind)) continue;
            std::vector<std::shared_ptr<Postgres>> clients;
            peer.figures[kind] = measure(specs[kind], [&]() -> Run {
                clients.push_back(std::make_shared<Postgres>(o.pg_port));
                auto client = clients.back();
                return [client](const Spec& s) { client->run(s, 20); };
            });
            peer.rss_mb = std::max(peer.rss_mb, clients.front()->backend_rss_mb());
        }
        engines.push_back(peer);
    }
    if (o.sqlite) {
        Engine peer{
            "SQLite", sqlite_build, static_cast<double>(fs::file_size(sqlite_file)) / 1e6, 0, {}};
        for (Kind kind : all_kinds) {
            if (!measured(kind)) continue;
            std::vector<std::shared_ptr<Sqlite>> clients;
            peer.figures[kind] = measure(specs[kind], [&]() -> Run {
                clients.push_back(std::make_shared<Sqlite>(sqlite_file.string()));
                auto client = clients.back();
                return [client](const Spec& s) { client->run(s, 20); };
            });
        }
        peer.rss_mb = std::nan("");  // in this process: not told apart from cartoffre
        engines.push_back(peer);
    }

    if (o.xapian) {
        Engine peer{"Xapian", xapian_build, dir_mb(xapian_dir), 0, {}};
        for (Kind kind : all_kinds) {
            if (!measured(kind)) continue;
            std::vector<std::shared_ptr<XapianPeer>> clients;
            peer.figures[kind] = measure(specs[kind], [&]() -> Run {
                clients.push_back(std::make_shared<XapianPeer>(xapian_dir.string()));
                auto client = clients.back();
                return [client](const Spec& s) { client->run(s, 20); };
            });
        }
        peer.rss_mb = std::nan("");  // in this process: not told apart from cartoffre
        engines.push_back(peer);
    }

    std::ostringstream md;
    char day[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(day, sizeof day, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    const std::string what =
        o.index.empty() ? " generated offers, " : " offers of " + o.index.string() + ", ";
    md << "### " << index.size() << what << o.queries << " queries a class (seed " << o.seed
       << ")\n\n"
       << day << "; " << machine() << "; cartoffre " << index.generation();
    if (pg)
        md << "; " << pg->rows("SELECT split_part(version(), ' on ', 1)")[0][0] << ", PostGIS "
           << pg->rows("SELECT postgis_lib_version()")[0][0];
    md << "; SQLite " << sqlite3_libversion() << "; Xapian " << Xapian::version_string() << ".\n\n";
    md << "| engine | build s | index MB | resident MB |\n|---|---|---|---|\n";
    char line[512];
    for (auto& e : engines) {
        char build[32], rss[48];
        std::snprintf(build, sizeof build, "%.1f", e.build_s);
        std::snprintf(rss, sizeof rss, "%.0f", e.rss_mb);
        std::snprintf(line, sizeof line, "| %s | %s | %.0f | %s |\n", e.name.c_str(),
                      std::isnan(e.build_s) ? "see `cartoffre index`" : build, e.size_mb,
                      std::isnan(e.rss_mb) ? "in-process (not separated)" : rss);
        md << line;
    }
    md << "\nLatency in ms, one client (p50 / p90 / p99); queries a second with two clients; "
          "the peer's p50 over cartoffre's (how many times faster cartoffre is).\n\n| class |";
    for (auto& e : engines) md << " " << e.name << " p50 / p90 / p99 | " << e.name << " q/s (2) |";
    for (size_t i = 1; i < engines.size(); ++i) md << " " << engines[i].name << " / cartoffre |";
    md << "\n|---|";
    for (size_t i = 0; i < engines.size() * 3 - 1; ++i) md << "---|";
    md << "\n";
    for (Kind kind : all_kinds) {
        if (!measured(kind)) continue;
        md << "| " << kind_name(kind) << " |";
        for (auto& e : engines) {
            const Figures& f = e.figures[kind];
            if (!f.measured) {
                md << " n/a | n/a |";
                continue;
            }
            std::snprintf(line, sizeof line, " %.3f / %.3f / %.3f | %.0f |", f.p50, f.p90, f.p99,
                          f.qps2);
            md << line;
        }
        for (size_t i = 1; i < engines.size(); ++i) {
            const Figures& f = engines[i].figures[kind];
            std::snprintf(line, sizeof line, " %.1f× |", f.p50 / ours.figures[kind].p50);
            md << (f.measured && ours.figures[kind].measured ? line : " n/a |");
        }
        md << "\n";
    }
    std::printf("\n%s\n", md.str().c_str());
    if (!o.out.empty()) std::ofstream(o.out, std::ios::app) << md.str() << "\n";
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_peers: %s\n", e.what());
    return 2;
}
