#include "detail/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cartoffre/error.hpp"

namespace cartoffre {

std::string system_error_text(int error) {
    switch (error) {
        case ENOENT:
            return "fichier ou répertoire introuvable";
        case EACCES:
            return "permission refusée";
        case EPERM:
            return "opération non permise";
        case ENOSPC:
            return "plus de place sur le disque";
        case EFBIG:
            return "fichier trop grand";
        case EDQUOT:
            return "quota de disque dépassé";
        case EROFS:
            return "système de fichiers en lecture seule";
        case EISDIR:
            return "c'est un répertoire, pas un fichier";
        case ENOTDIR:
            return "un élément du chemin n'est pas un répertoire";
        case EEXIST:
            return "existe déjà";
        case EMFILE:
        case ENFILE:
            return "trop de fichiers ouverts";
        case ENOMEM:
            return "mémoire insuffisante";
        case EIO:
            return "erreur d'entrée-sortie";
        case EOPNOTSUPP:
            return "opération impossible sur ce fichier (pas un fichier ordinaire ?)";
        case ENAMETOOLONG:
            return "nom trop long";
        case EBUSY:
            return "ressource occupée";
        case ENODEV:
            return "ce fichier ne peut pas être projeté en mémoire";
        case EINVAL:
            return "opération invalide sur ce fichier";
        default:
            return "erreur système n° " + std::to_string(error);
    }
}

}  // namespace cartoffre

namespace cartoffre::detail {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
    throw Error(what + " " + path.string() + " : " + system_error_text(errno));
}

}  // namespace

void write_file(const std::filesystem::path& file, std::string_view bytes) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("impossible de créer", file);
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            fail("impossible d'écrire", file);
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) fail("impossible d'enregistrer sur le disque", file);
}

void sync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail("impossible d'ouvrir le répertoire", dir);
    ::fsync(fd);
    ::close(fd);
}

void atomic_rename(const std::filesystem::path& source, const std::filesystem::path& target) {
    if (::rename(source.c_str(), target.c_str()) != 0) fail("impossible de renommer en", target);
    sync_directory(target.parent_path().empty() ? "." : target.parent_path());
}

DirectoryLock::DirectoryLock(const std::filesystem::path& file) {
    m_fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) fail("impossible de créer le verrou", file);
    if (::flock(m_fd, LOCK_EX) != 0) {
        ::close(m_fd);
        fail("impossible de verrouiller", file);
    }
}

DirectoryLock::~DirectoryLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
}

}  // namespace cartoffre::detail
