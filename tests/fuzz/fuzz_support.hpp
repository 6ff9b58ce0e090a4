#pragma once
// What the fuzz targets share: the input as text, a scratch file for the readers that take a
// path, and the real gazetteer loaded once. A target lets only the library's documented errors
// (cartoffre::Error and its kinds) pass; anything else escaping, a crash, a sanitizer finding
// or a stall (libFuzzer's -timeout) is a finding.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "cartoffre/gazetteer.hpp"

namespace cartoffre::fuzz {

inline std::string_view text_of(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A file named `name` in a directory of this process (under $TMPDIR), holding `bytes`.
inline const std::filesystem::path& scratch_file(const std::string& name, std::string_view bytes) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("cartoffre-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    thread_local std::filesystem::path file;
    file = dir / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<long>(bytes.size()));
    return file;
}

inline const Gazetteer& real_gazetteer() {
    static const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
    return gazetteer;
}

// A check that holds for every input: its failure is a finding, as a crash is.
inline void expect(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::abort();
    }
}

}  // namespace cartoffre::fuzz
