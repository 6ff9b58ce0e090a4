// The index directory's generations: their numbers, the current one (CURRENT), and the removal
// of the old ones and of what interrupted builds left behind.

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <regex>
#include <vector>

#include "detail/files.hpp"
#include "index/generation.hpp"
#include "index/lease.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

int generation_number(const std::string& name) {
    static const std::regex pattern("gen-([0-9]{6})");
    std::smatch m;
    if (!std::regex_match(name, m, pattern)) return -1;
    return std::stoi(m[1]);
}

std::string current_generation(const fs::path& dir) {
    std::ifstream in(dir / detail::files::current);
    std::string name;
    std::getline(in, name);
    return name;
}

namespace {

// Whether the gen-check-PID.tmp directory `name` belongs to a process still running (an update
// of the same index comparing its tables there, without the lock).
bool check_in_use(const std::string& name) {
    static const std::regex pattern("gen-check-([0-9]+)\\.tmp");
    std::smatch m;
    if (!std::regex_match(name, m, pattern)) return false;
    const long pid = std::stol(m[1]);
    return pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

void remove_old_generations(const fs::path& dir, const std::string& current,
                            const std::string& previous) {
    std::vector<fs::path> leftovers, old;
    for (auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("gen-check-", 0) == 0) {
            if (!check_in_use(name)) leftovers.push_back(entry.path());
        } else if (name.rfind("gen-", 0) == 0 && name.find(".tmp") != std::string::npos) {
            leftovers.push_back(entry.path());
        } else if (generation_number(name) >= 0 && name != current && name != previous) {
            old.push_back(entry.path());
        }
    }
    std::error_code ignored;  // what cannot be removed now is tried again by the next build
    for (const fs::path& path : leftovers) fs::remove_all(path, ignored);
    for (const fs::path& path : old) detail::remove_unleased(path);
}

}  // namespace cartoffre::detail
