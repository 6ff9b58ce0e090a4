#pragma once
// A progress line on stderr for long loads, only when stderr is a terminal: in CI and in logs
// nothing is printed (a line redrawn with \r would fill them with noise).

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "cartoffre/loader.hpp"

namespace cartoffre::cli {

class ProgressLine {
  public:
    // `what`: the catalogue or step shown first on the line.
    explicit ProgressLine(std::string what) : m_what(std::move(what)) {}
    ~ProgressLine() { clear(); }

    static bool wanted() {
        static const bool terminal = ::isatty(STDERR_FILENO) == 1;
        return terminal;
    }

    // The callback for load_catalogue, or an empty one when nothing is to be shown.
    LoadProgressCallback callback() {
        if (!wanted()) return {};
        return [this](const LoadProgress& p) { show(p); };
    }

    // A phase that reports no rows (building the index), shown until the next line.
    void phase(const char* name) {
        if (!wanted()) return;
        std::fprintf(stderr, "\r\033[K%s : %s...", m_what.c_str(), name);
        std::fflush(stderr);
        m_shown = true;
    }

    void clear() {
        if (!m_shown) return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_shown = false;
    }

  private:
    void show(const LoadProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (m_shown && now - m_last < std::chrono::milliseconds(100)) return;  // 10 a second
        m_last = now;
        const double rate = p.seconds > 0 ? static_cast<double>(p.rows) / p.seconds : 0;
        std::fprintf(stderr, "\r\033[K%s : %s, %zu lignes, %.0f lignes/s", m_what.c_str(), p.phase,
                     p.rows, rate);
        std::fflush(stderr);
        m_shown = true;
    }

    std::string m_what;
    std::chrono::steady_clock::time_point m_last;
    bool m_shown = false;
};

}  // namespace cartoffre::cli
