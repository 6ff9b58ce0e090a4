#include "index/lease.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

int open_directory(const fs::path& dir) {
    return ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

// Whether `path` still names the directory open as `fd` (not renamed away meanwhile).
bool still_named(int fd, const fs::path& path) {
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) != 0 || ::stat(path.c_str(), &named) != 0) return false;
    return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace

bool GenerationLease::take(const fs::path& generation) {
    const int fd = open_directory(generation);
    if (fd < 0) {
        if (errno == ENOENT) return false;
        throw IndexError("impossible d'ouvrir la génération " + generation.string() + " : " +
                         system_error_text(errno));
    }
    // Blocks only while a build holds the exclusive lock, that is while it renames the
    // directory away: a moment.
    int locked;
    do locked = ::flock(fd, LOCK_SH);
    while (locked != 0 && errno == EINTR);
    if (locked != 0) {
        const int error = errno;
        ::close(fd);
        throw IndexError("impossible de verrouiller la génération " + generation.string() + " : " +
                         system_error_text(error));
    }
    if (!still_named(fd, generation)) {
        ::close(fd);
        return false;
    }
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
    return true;
}

GenerationLease::~GenerationLease() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
}

bool remove_unleased(const fs::path& generation) {
    const int fd = open_directory(generation);
    if (fd < 0) return false;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);  // a reader holds it (or it cannot be locked): kept for the next build
        return false;
    }
    // Renamed away under the lock: a reader that locks it after us sees the name gone.
    fs::path doomed = generation;
    doomed += ".removed.tmp";
    std::error_code error;
    fs::remove_all(doomed, error);
    fs::rename(generation, doomed, error);
    ::close(fd);
    if (error) return false;
    fs::remove_all(doomed, error);
    return true;
}

}  // namespace cartoffre::detail
