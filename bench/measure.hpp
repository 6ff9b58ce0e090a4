#pragma once
// Latencies of one engine on one class: every query once to warm, then each timed alone
// (p50/p90/p99), then two clients at once (throughput). Engines are callables run(spec).

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "workload.hpp"

namespace bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

inline double resident_mb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
    return 0;
}

struct Figures {
    double p50 = 0, p90 = 0, p99 = 0;  // ms, one client
    double qps2 = 0;                   // queries a second, two clients
    bool measured = false;
};

// `make_client` gives a callable for one thread (its own connection where an engine needs one).
using Run = std::function<void(const Spec&)>;

inline Figures measure(const std::vector<Spec>& specs, const std::function<Run()>& make_client) {
    Figures f;
    Run run = make_client();
    for (const Spec& s : specs) run(s);
    std::vector<double> ms;
    for (const Spec& s : specs) {
        auto t = Clock::now();
        run(s);
        ms.push_back(seconds_since(t) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
    };
    f.p50 = at(0.5), f.p90 = at(0.9), f.p99 = at(0.99);
    // Two clients, each on every other query, passes repeated for at least a second so that a
    // short class is not measured by the threads' start.
    Run second = make_client();
    auto t = Clock::now();
    size_t done[2] = {0, 0};
    auto client = [&](Run& r, size_t first, size_t& count) {
        do {
            for (size_t i = first; i < specs.size(); i += 2, ++count) r(specs[i]);
        } while (seconds_since(t) < 1.0);
    };
    std::thread other([&] { client(second, 1, done[1]); });
    client(run, 0, done[0]);
    other.join();
    f.qps2 = static_cast<double>(done[0] + done[1]) / seconds_since(t);
    f.measured = true;
    return f;
}

}  // namespace bench
