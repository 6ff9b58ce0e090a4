#pragma once
// Leases on generation directories: what keeps a generation on disk while a reader uses it.
//
// Every open snapshot holds a shared flock (LOCK_SH) on its generation directory for its whole
// life. A build removes an old generation only when it can take LOCK_EX | LOCK_NB on it, and
// renames it away while holding that lock, before deleting it: a reader that locks a directory
// then checks that its name still leads to it, so that it never keeps a generation being
// removed (it reads CURRENT again instead). A generation a reader holds stays whole, so that
// whatever it opens late (Xapian handles for new threads, duplicate_pairs.tsv) is still there.

#include <filesystem>

namespace cartoffre::detail {

class GenerationLease {
  public:
    GenerationLease() = default;
    // Takes a shared lease on `generation`; false when that directory does not exist or is
    // being removed. Throws IndexError when it cannot be locked for another reason.
    bool take(const std::filesystem::path& generation);
    ~GenerationLease();
    GenerationLease(const GenerationLease&) = delete;
    GenerationLease& operator=(const GenerationLease&) = delete;

  private:
    int m_fd = -1;
};

// Removes the generation directory `generation` unless a reader holds a lease on it; returns
// whether it removed it. Errors while deleting are ignored: what is left has a name ending in
// ".tmp", which the next build removes.
bool remove_unleased(const std::filesystem::path& generation);

}  // namespace cartoffre::detail
