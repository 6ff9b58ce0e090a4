#pragma once
// Durable file writing for index generations: written, flushed to disk, then renamed.

#include <filesystem>
#include <string_view>

namespace cartoffre::detail {

// Writes `bytes` to `file` and fsyncs it. Throws Error naming the file.
void write_file(const std::filesystem::path& file, std::string_view bytes);
// fsyncs a directory so that renames and new entries in it survive a crash.
void sync_directory(const std::filesystem::path& dir);
// Replaces `target` by `source` atomically (rename(2)), then syncs the parent directory.
void atomic_rename(const std::filesystem::path& source, const std::filesystem::path& target);

// An exclusive advisory lock on a file, held for the object's life (one builder at a time).
class DirectoryLock {
  public:
    explicit DirectoryLock(const std::filesystem::path& file);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

  private:
    int m_fd = -1;
};

}  // namespace cartoffre::detail
