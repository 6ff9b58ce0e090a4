// hours_survey: how much of the real catalogues' opening hours the parsers understand.
//   hours_survey [--data DIR] [--top 20] [--failures]
// prints, per file, the hours read, parsed, parsed with warnings and not understood, as a
// markdown table, then the most frequent texts not understood with their reasons, and the
// time to evaluate stored hours. Exit codes: 0 done, 1 error, 2 usage.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/hours.hpp"
#include "load/hours_catalogues.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

struct Failure {
    std::string file, text, reason;
    size_t count = 0;
};

// Nanoseconds per open_at on hours read back from their bytes, as a search reads a record, and
// the share of the calls that found the place open (which keeps the calls from being optimized
// away).
std::pair<double, double> evaluation_cost(const std::vector<std::string>& stored) {
    if (stored.empty()) return {0, 0};
    const Date start{2026, 1, 5};
    size_t open = 0, calls = 0;
    const auto begin = std::chrono::steady_clock::now();
    for (int round = 0; round < 20; ++round)
        for (size_t i = 0; i < stored.size(); ++i, ++calls) {
            const LocalDateTime when{start.plus_days(static_cast<int64_t>(i % 400)),
                                     static_cast<int>((i * 37) % 1440)};
            open += OpeningHours::deserialize(stored[i]).open_at(when, "67");
        }
    const double ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - begin).count();
    return {ns / static_cast<double>(calls), 100.0 * open / static_cast<double>(calls)};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"hours_survey : les horaires des catalogues réels compris par les analyseurs"};
    std::string data = (shared_data_dir() / "catalogues").string();
    size_t top = 20;
    bool all_failures = false;
    app.add_option("--data", data,
                   "Répertoire des catalogues (mednum_*.json.gz, france_services_*.csv)");
    app.add_option("--top", top, "Nombre de textes non compris à lister");
    app.add_flag("--failures", all_failures, "Lister tous les textes non compris");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        const fs::path dir(data);
        const std::pair<const char*, std::vector<detail::CatalogueHours>> files[] = {
            {"mednum_data_inclusion_2022.json.gz",
             detail::read_mednum_hours(dir / "mednum_data_inclusion_2022.json.gz")},
            {"mednum_conseillers_numeriques_lieux_2022.json.gz",
             detail::read_mednum_hours(dir / "mednum_conseillers_numeriques_lieux_2022.json.gz")},
            {"france_services_20221201.csv",
             detail::read_france_services_hours(dir / "france_services_20221201.csv")},
        };
        std::map<std::pair<std::string, std::string>, Failure> failures;
        std::vector<std::string> stored;
        std::cout << "| file | read | parsed | with warnings | not understood | parsed share |\n"
                  << "|---|---:|---:|---:|---:|---:|\n";
        for (const auto& [name, hours] : files) {
            size_t parsed = 0, warned = 0;
            for (const auto& h : hours) {
                const HoursParse p = h.parse();
                if (p.hours) {
                    ++parsed;
                    warned += !p.warnings.empty();
                    stored.push_back(p.hours->serialize());
                    continue;
                }
                Failure& f = failures[{name, h.label()}];
                f = {name, h.label(), p.error, f.count + 1};
            }
            char share[16];
            std::snprintf(share, sizeof share, "%.1f %%",
                          hours.empty() ? 0.0 : 100.0 * parsed / hours.size());
            std::cout << "| " << name << " | " << hours.size() << " | " << parsed << " | " << warned
                      << " | " << hours.size() - parsed << " | " << share << " |\n";
        }

        std::vector<Failure> ranked;
        for (auto& [key, f] : failures) ranked.push_back(f);
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const Failure& a, const Failure& b) { return a.count > b.count; });
        if (!all_failures && ranked.size() > top) ranked.resize(top);
        auto cell = [](std::string s) {
            for (char& c : s)
                if (c == '\n' || c == '\r' || c == '|') c = ' ';
            return s.size() > 90 ? s.substr(0, 87) + "..." : s;
        };
        std::cout << "\n| count | file | text | reason |\n|---:|---|---|---|\n";
        for (const Failure& f : ranked)
            std::cout << "| " << f.count << " | " << f.file.substr(0, f.file.find('_', 7)) << " | "
                      << cell(f.text) << " | " << cell(f.reason) << " |\n";
        const auto [ns, open] = evaluation_cost(stored);
        std::cout << std::flush;
        std::printf(
            "\ndeserialize + open_at: %.0f ns per call (%zu stored hours, open at %.0f %% of "
            "the calls)\n",
            ns, stored.size(), open);
    } catch (const Error& e) {
        std::cerr << "hours_survey: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
