// A user's area table read through the catalogue readers, so that whatever a partner catalogue
// may be (CSV with any separator, spreadsheets, GeoPackage...) an area table may be too.

#include <algorithm>
#include <cctype>

#include "cartoffre/coverage.hpp"
#include "cartoffre/error.hpp"
#include "load/table_reader.hpp"

namespace cartoffre {

namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool starts(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

// The columns of the commune, the area and its name, by the names INSEE's tables and hand-made
// ones use; else the first two columns.
struct Columns {
    size_t commune = 0, area = 1;
    std::optional<size_t> name;
};

Columns columns_of(const std::vector<std::string>& header) {
    Columns found;
    std::optional<size_t> commune, area;
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string h = lower(header[i]);
        if (!commune && (h == "codgeo" || h == "code_insee" || h == "insee" ||
                         h == "code_commune" || h == "commune"))
            commune = i;
        else if (!area && (h == "zone" || h == "area" || h == "code_zone" || starts(h, "ze") ||
                           starts(h, "bv") || starts(h, "aav")))
            area = i;
    }
    found.commune = commune.value_or(0);
    found.area = area.value_or(found.commune == 0 ? 1 : 0);
    const std::string area_name = lower(header.size() > found.area ? header[found.area] : "");
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string h = lower(header[i]);
        if (h == "lib" + area_name || h == "nom_zone" || h == "libelle_zone" ||
            (h == "nom" && i != found.commune))
            found.name = i;
    }
    return found;
}

}  // namespace

AreaTable AreaTable::load(const std::filesystem::path& file) {
    AreaTable table;
    table.file = file.filename().string();
    detail::ReadOptions options;
    if (file.extension() == ".csv") options.format = "csv";
    std::optional<Columns> columns;
    auto take = [&](const std::vector<std::string>& header) {
        if (header.size() < 2)
            throw DataError(file.string() +
                            " : une table de zones a au moins deux colonnes (commune, zone), "
                            "celle-ci en a " +
                            std::to_string(header.size()));
        columns = columns_of(header);
    };
    detail::for_each_row(
        file, options,
        [&](const detail::Row& row) {
            if (!columns) take(row.columns);
            auto value = [&](size_t i) {
                std::string v = i < row.values.size() ? row.values[i] : "";
                v.erase(0, v.find_first_not_of(" \t"));
                v.erase(v.find_last_not_of(" \t\r") + 1);
                return v;
            };
            AreaRow r;
            r.line = row.position;
            r.commune = value(columns->commune);
            // A spreadsheet that took codes for numbers lost their leading zero (01001 -> 1001).
            if (r.commune.size() == 4 && std::all_of(r.commune.begin(), r.commune.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; }))
                r.commune = "0" + r.commune;
            r.area = value(columns->area);
            if (columns->name) r.name = value(*columns->name);
            if (r.commune.empty() && r.area.empty()) return;  // a blank line
            table.rows.push_back(std::move(r));
        },
        take);
    if (!columns) throw DataError(file.string() + " : table de zones vide (ni en-tête ni ligne)");
    return table;
}

}  // namespace cartoffre
