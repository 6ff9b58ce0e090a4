#pragma once
// What the single-process benchmarks (bench_load, bench_update) report: processor time of the
// whole process, user and system, which stays meaningful on a machine other jobs share (wall
// time would count their share too); and the median of repeated runs.

#include <time.h>

#include <algorithm>
#include <vector>

namespace bench {

inline double cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace bench
