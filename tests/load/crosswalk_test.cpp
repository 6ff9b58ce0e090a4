// The project's data·inclusion v0 -> v1 crosswalk (data/taxonomy/v0_v1/): complete for the v0
// code lists and for every code the real v0 services file uses, and aimed only at v1 codes.

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/taxonomy.hpp"
#include "load/json_records.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path crosswalks =
    fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "taxonomy" / "v0_v1";

struct Line {
    std::string field, v1;
};

// v0 code -> its lines, read as the loader reads them (three tab-separated columns).
std::multimap<std::string, Line> read_crosswalk(const std::string& name) {
    std::ifstream in(crosswalks / name);
    REQUIRE(in);
    std::multimap<std::string, Line> out;
    bool header = false;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const size_t a = line.find('\t'), b = line.find('\t', a + 1);
        REQUIRE(b != std::string::npos);
        if (!header) {
            header = true;
            continue;
        }
        out.insert({line.substr(0, a), {line.substr(a + 1, b - a - 1), line.substr(b + 1)}});
    }
    return out;
}

// The first column of a data·inclusion seeds list (value,label,description).
std::vector<std::string> seed_codes(const std::string& name) {
    std::ifstream in(shared_data_dir() / "taxonomies" / "data-inclusion-seeds" / name);
    REQUIRE(in);
    std::vector<std::string> codes;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line))
        if (!line.empty()) codes.push_back(line.substr(0, line.find(',')));
    return codes;
}

const Vocabulary* vocabulary(const std::string& field) {
    const Taxonomy& t = Taxonomy::builtin();
    if (field == "thematiques") return &t.thematiques();
    if (field == "publics") return &t.publics();
    if (field == "type") return &t.types();
    return nullptr;
}

}  // namespace

TEST_CASE("The v0 crosswalk covers every v0 code and aims only at v1 codes") {
    const std::pair<const char*, const char*> tables[] = {
        {"thematiques.tsv", "v0__thematiques.csv"},
        {"profils.tsv", "v0__profils.csv"},
        {"types.tsv", "v0__typologies_de_services.csv"},
    };
    for (auto& [table, seeds] : tables) {
        INFO(table);
        const auto crosswalk = read_crosswalk(table);
        const auto codes = seed_codes(seeds);
        std::set<std::string> listed;
        for (auto& [v0, line] : crosswalk) listed.insert(v0);
        for (auto& code : codes) {
            INFO(code);
            CHECK(listed.count(code));
        }
        CHECK(listed.size() == codes.size());  // nothing else
        for (auto& [v0, line] : crosswalk) {
            INFO(v0 << " -> " << line.field << " " << line.v1);
            const Vocabulary* v = vocabulary(line.field);
            REQUIRE(v);
            if (!line.v1.empty()) CHECK(v->find(line.v1));
        }
    }
    CHECK(seed_codes("v0__thematiques.csv").size() == 168);
    CHECK(seed_codes("v0__profils.csv").size() == 28);
}

TEST_CASE("Every v0 code of the real services file has its line in the crosswalk") {
    const auto thematiques = read_crosswalk("thematiques.tsv");
    const auto profils = read_crosswalk("profils.tsv");
    const auto types = read_crosswalk("types.tsv");
    std::map<std::string, size_t> seen;
    size_t records = 0;
    detail::for_each_record(
        shared_data_dir() / "catalogues" / "data_inclusion_services_sample_2022.json.gz",
        [&](const nlohmann::json& r, detail::RecordPlace&) {
            ++records;
            for (const char* field : {"thematiques", "profils", "types"})
                for (auto& code : r.at(field)) {
                    const std::string c = code.get<std::string>();
                    ++seen[field + std::string(":") + c];
                    const auto& table = std::string(field) == "thematiques" ? thematiques
                                        : std::string(field) == "profils"   ? profils
                                                                            : types;
                    INFO(field << " " << c);
                    CHECK(table.count(c));
                }
        });
    CHECK(records == 4261);
    CHECK(seen.size() == 33 + 11);  // 33 thématiques and 11 types; no profil in this sample
    CHECK(seen["thematiques:mobilite"] == 2429);
}
