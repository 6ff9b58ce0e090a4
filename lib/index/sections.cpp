#include "index/sections.hpp"

#include <cstring>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

constexpr char magic[9] = "cartoffr";
constexpr uint32_t sections_version = 1;
constexpr size_t header_size = 32;  // magic 8, kind 16, version 4, count 4
constexpr size_t alignment = 64;

void put(std::string& out, const void* value, size_t size) {
    out.append(static_cast<const char*>(value), size);
}

uint64_t get64(const char* at) {
    uint64_t value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

}  // namespace

std::string SectionsWriter::bytes(std::string_view kind) const {
    std::string out(magic, 8);
    char name[16] = {};
    std::memcpy(name, kind.data(), std::min(kind.size(), sizeof name));
    put(out, name, sizeof name);
    const auto count = static_cast<uint32_t>(m_sections.size());
    put(out, &sections_version, 4);
    put(out, &count, 4);
    uint64_t offset = header_size + 16 * uint64_t{count};
    for (const std::string& s : m_sections) {
        offset = (offset + alignment - 1) / alignment * alignment;
        const uint64_t size = s.size();
        put(out, &offset, 8);
        put(out, &size, 8);
        offset += size;
    }
    for (const std::string& s : m_sections) {
        out.resize((out.size() + alignment - 1) / alignment * alignment, '\0');
        out += s;
    }
    return out;
}

Sections::Sections(const std::filesystem::path& file, std::string_view kind)
    : m_path(file), m_file(file) {
    const char* data = m_file.data();
    const size_t size = m_file.size();
    char name[16] = {};
    std::memcpy(name, kind.data(), std::min(kind.size(), sizeof name));
    if (size < header_size || std::memcmp(data, magic, 8) != 0 ||
        std::memcmp(data + 8, name, sizeof name) != 0)
        fail("ce n'est pas un fichier de cartoffre du type « " + std::string(kind) + " »");
    uint32_t version, count;
    std::memcpy(&version, data + 24, 4);
    std::memcpy(&count, data + 28, 4);
    if (version != sections_version)
        fail("version " + std::to_string(version) + " inconnue : reconstruire l'index");
    if (count > (size - header_size) / 16) fail("table des sections tronquée");
    for (uint32_t i = 0; i < count; ++i) {
        const uint64_t offset = get64(data + header_size + 16 * i);
        const uint64_t bytes = get64(data + header_size + 16 * i + 8);
        if (offset % alignment != 0 || offset > size || bytes > size - offset)
            fail("la section " + std::to_string(i) + " sort du fichier");
        m_sections.emplace_back(data + offset, bytes);
    }
}

void Sections::fail(const std::string& what) const {
    throw IndexError("fichier d'index " + m_path.string() + " abîmé : " + what);
}

}  // namespace cartoffre::detail
