#pragma once
// A read-only memory map of a whole file: index files are opened without reading them.

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace cartoffre::detail {

class MappedFile {
  public:
    MappedFile() = default;
    // Throws IndexError naming the file when it cannot be opened or mapped.
    explicit MappedFile(const std::filesystem::path& file);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const char* data() const { return m_data; }
    size_t size() const { return m_size; }
    std::string_view view() const { return {m_data, m_size}; }

  private:
    const char* m_data = nullptr;
    size_t m_size = 0;
};

}  // namespace cartoffre::detail
