#include "load/hours_catalogues.hpp"

#include <fstream>
#include <iterator>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "detail/csv.hpp"
#include "load/json_records.hpp"

namespace cartoffre::detail {

namespace {

constexpr const char* day_columns[] = {"h_lundi", "h_mardi",    "h_mercredi",
                                       "h_jeudi", "h_vendredi", "h_samedi"};

// CSV records, a quoted field running over line breaks.
std::vector<std::vector<std::string>> read_csv_records(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw DataError("impossible de lire " + file.string());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse_csv(text);
}

}  // namespace

HoursParse CatalogueHours::parse() const {
    if (!by_columns) return OpeningHours::parse(text);
    std::array<std::string_view, 7> days;
    for (int d = 0; d < 7; ++d) days[d] = columns[d];
    return OpeningHours::from_weekday_columns(days);
}

std::string CatalogueHours::label() const {
    if (!by_columns) return text;
    std::string joined;
    for (int d = 0; d < 6; ++d) joined += (d ? " | " : "") + columns[d];
    return joined;
}

std::vector<CatalogueHours> read_mednum_hours(const std::filesystem::path& file) {
    std::vector<CatalogueHours> hours;
    for_each_record(file, [&](const nlohmann::json& record, RecordPlace&) {
        auto it = record.find("horaires");
        if (it == record.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
            return;
        CatalogueHours h;
        h.text = it->get<std::string>();
        hours.push_back(std::move(h));
    });
    return hours;
}

std::vector<CatalogueHours> read_france_services_hours(const std::filesystem::path& file) {
    auto records = read_csv_records(file);
    if (records.empty()) throw DataError(file.string() + " : fichier vide");
    std::unordered_map<std::string, size_t> column;
    for (size_t i = 0; i < records[0].size(); ++i) column[records[0][i]] = i;
    for (const char* name : day_columns)
        if (!column.count(name)) throw DataError(file.string() + " : pas de colonne " + name);
    std::vector<CatalogueHours> hours;
    for (size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != records[0].size())
            throw DataError(file.string() + ": record " + std::to_string(r) + ": expected " +
                            std::to_string(records[0].size()) + " fields");
        CatalogueHours h;
        h.by_columns = true;
        bool any = false;
        for (int d = 0; d < 6; ++d) {
            h.columns[d] = records[r][column[day_columns[d]]];
            any = any || h.columns[d].find_first_not_of(" \t\r\n") != std::string::npos;
        }
        if (any) hours.push_back(std::move(h));
    }
    return hours;
}

}  // namespace cartoffre::detail
