#pragma once
// Work a build splits in two: on a 2-core machine the build's longest phases (text analysis,
// duplicate search, record compression) overlap, and a phase cut in halves lets the second core
// take over when the other phase ends. Each half writes its own results, which the caller
// joins in order: what is written does not depend on the threads nor on their timing.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <future>

namespace cartoffre::detail {

// Prints the time since the first call and `what` on stderr when CARTOFFRE_BUILD_PHASES is set:
// where a build's time goes, phase by phase (docs/benchmarks.md).
inline void build_phase(const char* what) {
    static const bool on = std::getenv("CARTOFFRE_BUILD_PHASES") != nullptr;
    if (!on) return;
    static const auto start = std::chrono::steady_clock::now();
    std::fprintf(stderr, "[phase %.2f] %s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                 what);
}

// 2, or what CARTOFFRE_BUILD_THREADS says (1: every half on the calling thread, in order; the
// tests compare the two).
inline unsigned build_threads() {
    const char* value = std::getenv("CARTOFFRE_BUILD_THREADS");
    return value && std::atoi(value) == 1 ? 1 : 2;
}

// Runs work(0, begin, middle) and work(1, middle, end) over [0, n), the second half on a thread
// of its own unless build_threads() is 1; returns when both are done, rethrowing what either
// threw. `first_share` is the first half's share of n (the caller's thread may have other
// work).
template <class Work>
void in_halves(size_t n, Work work, double first_share = 0.5) {
    const auto middle = static_cast<size_t>(static_cast<double>(n) * first_share);
    if (build_threads() == 1) {
        work(0, size_t{0}, middle);
        work(1, middle, n);
        return;
    }
    std::future<void> second = std::async(std::launch::async, [&] { work(1, middle, n); });
    try {
        work(0, size_t{0}, middle);
    } catch (...) {
        second.wait();
        throw;
    }
    second.get();
}

}  // namespace cartoffre::detail
