#include "coverage/territory.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

void check_codes(const Gazetteer& g, const Territory& t) {
    if (t.kind != Territory::Kind::france && t.codes.empty())
        throw QueryError("territoire vide : donnez au moins un code");
    for (const std::string& code : t.codes) {
        const bool known = t.kind == Territory::Kind::region        ? g.is_region(code)
                           : t.kind == Territory::Kind::departement ? g.is_departement(code)
                           : t.kind == Territory::Kind::epci        ? g.is_epci(code)
                                                                    : true;
        if (!known)
            throw PlaceError(std::string(t.kind == Territory::Kind::region        ? "région"
                                         : t.kind == Territory::Kind::departement ? "département"
                                                                                  : "EPCI") +
                             " inconnu : « " + code + " »");
    }
}

}  // namespace

const char* level_name(AreaLevel level) {
    switch (level) {
        case AreaLevel::commune:
            return "commune";
        case AreaLevel::epci:
            return "epci";
        case AreaLevel::departement:
            return "departement";
        case AreaLevel::region:
            return "region";
        case AreaLevel::table:
            return "zone";
    }
    return "";
}

std::vector<uint32_t> territory_communes(const Gazetteer& g, const Territory& t) {
    check_codes(g, t);
    std::vector<uint32_t> communes;
    if (t.kind == Territory::Kind::communes) {
        for (const std::string& code : t.codes) {
            const std::optional<uint32_t> c = g.find_code(code);
            if (!c) {
                std::string hint;
                for (const std::string& s : g.suggest(code)) hint += (hint.empty() ? "" : ", ") + s;
                throw PlaceError("commune inconnue : « " + code + " »" +
                                 (hint.empty() ? "" : " (peut-être : " + hint + ")"));
            }
            const Commune commune = g.commune(*c);
            if (!commune.is_current())
                throw PlaceError("« " + code + " » (" + std::string(commune.name) +
                                 ") n'est plus une commune : donnez celle qui l'a absorbée, " +
                                 std::string(commune.parent));
            const std::vector<uint32_t> parts = g.arrondissements(*c);
            if (parts.empty())
                communes.push_back(*c);
            else
                communes.insert(communes.end(), parts.begin(), parts.end());
        }
        std::sort(communes.begin(), communes.end());
        communes.erase(std::unique(communes.begin(), communes.end()), communes.end());
        return communes;
    }
    // The territory's codes first: the list of arrondissements is asked of its communes only.
    // Paris, Lyon and Marseille are counted by arrondissement: finer, and never twice.
    for (uint32_t c = 0; c < g.size(); ++c) {
        const Commune commune = g.commune(c);
        const std::string_view of = t.kind == Territory::Kind::region        ? commune.region
                                    : t.kind == Territory::Kind::departement ? commune.departement
                                    : t.kind == Territory::Kind::epci        ? commune.epci
                                                                             : std::string_view();
        if (t.kind != Territory::Kind::france &&
            std::find(t.codes.begin(), t.codes.end(), of) == t.codes.end())
            continue;
        if (commune.is_current() && g.arrondissements(c).empty()) communes.push_back(c);
    }
    return communes;
}

std::string territory_name(const Gazetteer& g, const Territory& t) {
    if (t.kind == Territory::Kind::france) return "France";
    if (t.kind == Territory::Kind::communes) {
        const auto c = g.find_code(t.codes.at(0));
        std::string name = c ? std::string(g.commune(*c).name) : t.codes[0];
        if (t.codes.size() == 2) name += " et une autre commune";
        if (t.codes.size() > 2)
            name += " et " + std::to_string(t.codes.size() - 1) + " autres communes";
        return name;
    }
    std::string name;
    for (const std::string& code : t.codes)
        name += (name.empty() ? "" : ", ") +
                (t.kind == Territory::Kind::region        ? g.region_name(code)
                 : t.kind == Territory::Kind::departement ? g.departement_name(code)
                                                          : g.epci_name(code));
    return name;
}

std::vector<AreaOf> areas_of(const Gazetteer& g, const std::vector<uint32_t>& communes,
                             AreaLevel level, const AreaTable* table,
                             std::vector<std::string>& warnings) {
    std::vector<AreaOf> areas;
    areas.reserve(communes.size());
    if (level != AreaLevel::table) {
        for (uint32_t c : communes) {
            const Commune commune = g.commune(c);
            switch (level) {
                case AreaLevel::commune:
                    areas.push_back({std::string(commune.code), std::string(commune.name)});
                    break;
                case AreaLevel::epci:
                    areas.push_back({std::string(commune.epci), commune.epci.empty()
                                                                    ? "sans EPCI"
                                                                    : g.epci_name(commune.epci)});
                    break;
                case AreaLevel::departement:
                    areas.push_back({std::string(commune.departement),
                                     g.departement_name(commune.departement)});
                    break;
                default:
                    areas.push_back({std::string(commune.region), g.region_name(commune.region)});
            }
        }
        return areas;
    }
    if (!table) throw QueryError("regroupement par zone demandé sans table de zones");
    // The table's rows by commune index; a commune in arrondissements gives them its area.
    std::unordered_map<uint32_t, const AreaRow*> of_commune;
    std::map<std::string, std::string> names;  // area code -> name, when the table gives one
    auto warn = [&](const AreaRow& row, const std::string& why) {
        warnings.push_back(table->file + ":" + std::to_string(row.line) + " : " + why);
    };
    for (const AreaRow& row : table->rows) {
        if (!row.name.empty()) names.emplace(row.area, row.name);
        const std::optional<uint32_t> c = g.find_code(row.commune);
        if (row.area.empty()) {
            warn(row, "commune « " + row.commune + " » sans zone : ligne ignorée");
            continue;
        }
        if (!c) {
            warn(row, "« " + row.commune + " » n'est pas un code de commune connu : ligne ignorée");
            continue;
        }
        const Commune commune = g.commune(*c);
        if (!commune.is_current()) {
            warn(row, "« " + row.commune + " » (" + std::string(commune.name) +
                          ") n'est plus une commune (rattachée à " + std::string(commune.parent) +
                          ") : ligne ignorée, la commune compte par sa propre ligne");
            continue;
        }
        std::vector<uint32_t> parts = g.arrondissements(*c);
        if (parts.empty()) parts = {*c};
        for (uint32_t part : parts) {
            auto [it, fresh] = of_commune.emplace(part, &row);
            if (!fresh && it->second->area != row.area)
                warn(row, "commune « " + row.commune + " » déjà dans la zone « " +
                              it->second->area + " » (ligne " + std::to_string(it->second->line) +
                              ") : cette ligne est ignorée");
        }
    }
    std::vector<std::string> absent;
    for (uint32_t c : communes) {
        auto it = of_commune.find(c);
        if (it == of_commune.end()) {
            absent.emplace_back(g.commune(c).code);
            areas.push_back({"", "hors table"});
            continue;
        }
        auto name = names.find(it->second->area);
        areas.push_back({it->second->area, name == names.end() ? it->second->area : name->second});
    }
    if (!absent.empty()) {
        std::string listed;
        for (size_t i = 0; i < absent.size() && i < 10; ++i) listed += (i ? ", " : "") + absent[i];
        if (absent.size() > 10) listed += ", …";
        warnings.push_back(std::to_string(absent.size()) + " commune" +
                           (absent.size() > 1 ? "s" : "") + " du territoire absente" +
                           (absent.size() > 1 ? "s" : "") + " de " + table->file + " (" + listed +
                           ") : comptée" + (absent.size() > 1 ? "s" : "") +
                           " dans la zone « hors table »");
    }
    return areas;
}

}  // namespace cartoffre::detail
