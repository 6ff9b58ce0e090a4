// Where the tables are at run time (include/cartoffre/data_dirs.hpp): found from where the code
// runs rather than from paths compiled in, so that an installed tree is relocatable and an
// installed program never reads a checkout.

#include "cartoffre/data_dirs.hpp"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "cartoffre/error.hpp"

namespace fs = std::filesystem;

namespace cartoffre {

namespace {

// The file this code was loaded from: the program when the library is linked into it (the
// library is static), else the shared object that holds it (the Python extension).
fs::path code_file() {
    Dl_info info{};
    link_map* map = nullptr;
    static const char anchor = 0;
    std::error_code error;
    if (dladdr1(&anchor, &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) != 0 && map &&
        map->l_name && *map->l_name) {
        const fs::path object = fs::canonical(map->l_name, error);
        if (!error) return object;
    }
    // The main program has no name in its link map; the kernel knows its file.
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::path() : self;
}

struct Found {
    fs::path installed;      // <prefix>/share/cartoffre
    fs::path source_data;    // the build tree's marker: the source tree's data/
    fs::path shared_data;    // and the checkout's real data
    fs::path searched_from;  // the directory whose ancestors were searched
};

// Reads the marker CMake writes at the top of a build tree (lines key=value).
void read_marker(const fs::path& file, Found& found) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        const std::string key = line.substr(0, equals), value = line.substr(equals + 1);
        if (key == "data") found.source_data = value;
        if (key == "shared-data") found.shared_data = value;
    }
}

// The nearest ancestor of the code's directory that is an installation prefix or a build tree;
// searched once a process (a few stat calls).
const Found& found() {
    static const Found result = [] {
        Found f;
        f.searched_from = code_file().parent_path();
        std::error_code error;
        for (fs::path dir = f.searched_from; !dir.empty(); dir = dir.parent_path()) {
            if (fs::is_directory(dir / "share" / "cartoffre" / "taxonomy", error)) {
                f.installed = dir / "share" / "cartoffre";
                break;
            }
            if (fs::is_regular_file(dir / "cartoffre-build-tree.txt", error)) {
                read_marker(dir / "cartoffre-build-tree.txt", f);
                break;
            }
            if (dir == dir.root_path()) break;
        }
        return f;
    }();
    return result;
}

std::optional<fs::path> environment(const char* name) {
    const char* value = std::getenv(name);
    if (value && *value) return fs::path(value);
    return std::nullopt;
}

}  // namespace

fs::path data_dir() {
    if (auto env = environment("CARTOFFRE_DATA")) return *env;
    const Found& f = found();
    if (!f.installed.empty()) return f.installed;
    if (!f.source_data.empty()) return f.source_data;
    // A program installed elsewhere than the library it was linked with.
    std::error_code error;
    const fs::path configured = CARTOFFRE_INSTALL_DATADIR;
    if (fs::is_directory(configured / "taxonomy", error)) return configured;
    throw DataError(
        "tables de cartoffre introuvables (taxonomy/, eligibility/, text/) : ni $CARTOFFRE_DATA, "
        "ni share/cartoffre au-dessus de " +
        f.searched_from.string() + ", ni " + configured.string() +
        " ; définir CARTOFFRE_DATA (le répertoire share/cartoffre d'une installation, ou data/ "
        "des sources)");
}

fs::path shared_data_dir() {
    if (auto env = environment("CARTOFFRE_SHARED_DATA")) return *env;
    const Found& f = found();
    if (!f.shared_data.empty()) return f.shared_data;
    throw DataError(
        "données réelles introuvables (la géographie COG gazetteer/, les catalogues "
        "partenaires catalogues/), que cartoffre n'installe pas : définir "
        "CARTOFFRE_SHARED_DATA (le répertoire qui les contient)");
}

}  // namespace cartoffre
