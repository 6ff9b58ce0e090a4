#pragma once
// Index files made of numbered sections of fixed-size values, written at build and mapped at
// open: what a search needs is ready to read, with nothing to parse or rebuild.
//
// Layout: a 32-byte header ("cartoffre", the kind, a version, the number of sections), then the
// offset and size in bytes of each section (two uint64 each), then the sections, each starting
// at a multiple of 64 bytes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/mapped_file.hpp"

namespace cartoffre::detail {

// Values of one section, read in place.
template <class T>
class Array {
  public:
    Array() = default;
    Array(const T* data, size_t size) : m_data(data), m_size(size) {}
    const T* data() const { return m_data; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T* begin() const { return m_data; }
    const T* end() const { return m_data + m_size; }
    const T& operator[](size_t i) const { return m_data[i]; }

  private:
    const T* m_data = nullptr;
    size_t m_size = 0;
};

class SectionsWriter {
  public:
    template <class T>
    void add(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        m_sections.emplace_back(reinterpret_cast<const char*>(values.data()),
                                values.size() * sizeof(T));
    }
    void add(std::string bytes) { m_sections.push_back(std::move(bytes)); }
    // The whole file.
    std::string bytes(std::string_view kind) const;

  private:
    std::vector<std::string> m_sections;
};

class Sections {
  public:
    Sections() = default;
    // Maps `file` and checks its header and that every section lies inside it; throws
    // IndexError naming the file otherwise.
    Sections(const std::filesystem::path& file, std::string_view kind);
    const std::filesystem::path& path() const { return m_path; }
    size_t count() const { return m_sections.size(); }
    std::string_view bytes(size_t section) const { return m_sections.at(section); }
    // Section `section` as values of T; IndexError when its size is not a multiple of T's or,
    // when `expected` is given, not `expected` values.
    template <class T>
    Array<T> array(size_t section, size_t expected = SIZE_MAX) const {
        static_assert(std::is_trivially_copyable_v<T>);
        const std::string_view b = bytes(section);
        if (b.size() % sizeof(T) != 0 || (expected != SIZE_MAX && b.size() != expected * sizeof(T)))
            fail("la section " + std::to_string(section) + " a " + std::to_string(b.size()) +
                 " octets, pas " +
                 (expected == SIZE_MAX ? "un multiple de " + std::to_string(sizeof(T))
                                       : std::to_string(expected * sizeof(T))));
        return {reinterpret_cast<const T*>(b.data()), b.size() / sizeof(T)};
    }
    // Throws IndexError naming the file: "index file F is corrupt: what".
    [[noreturn]] void fail(const std::string& what) const;

  private:
    std::filesystem::path m_path;
    MappedFile m_file;
    std::vector<std::string_view> m_sections;
};

}  // namespace cartoffre::detail
