// The gazetteer's binary image (gazetteer.bin): what an index opens by mapping must answer
// exactly as the gazetteer built from the COG CSVs, and the CSV rows themselves; a damaged image
// throws IndexError naming the file, never reads outside it.

#include "geo/gazetteer_image.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "detail/csv.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using namespace cartoffre::testing;
namespace gi = cartoffre::detail::gazetteer_image;

namespace {

std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The real gazetteer saved once, and its bytes.
struct SavedImage {
    TempDir dir{"gazetteer-image"};
    std::filesystem::path file = dir.path() / "gazetteer.bin";
    std::string bytes;
    SavedImage() {
        real_gazetteer().save(file);
        bytes = file_bytes(file);
    }
};

std::string label_of(const Commune& c) {
    return std::string(c.name) + " (" + std::string(c.departement) + ")";
}

// What resolving `text` gives: the communes of the place, or the error.
std::string resolved(const Gazetteer& g, const std::string& text) {
    try {
        std::string out;
        for (uint32_t c : g.resolve(text).communes) out += std::to_string(c) + " ";
        return out;
    } catch (const PlaceError& e) {
        return std::string("error: ") + e.what();
    }
}

}  // namespace

TEST_CASE("A saved and loaded gazetteer answers every lookup as the one built from the CSVs",
          "[gazetteer][image]") {
    const Gazetteer& built = real_gazetteer();
    SavedImage saved;
    const Gazetteer loaded = Gazetteer::load(saved.file);
    REQUIRE(loaded.size() == built.size());
    std::set<std::string> departements, regions, epcis, postcodes;
    for (uint32_t i = 0; i < built.size(); ++i) {
        const Commune a = built.commune(i), b = loaded.commune(i);
        REQUIRE(a.code == b.code);
        REQUIRE(a.name == b.name);
        REQUIRE(a.type == b.type);
        REQUIRE(a.parent == b.parent);
        REQUIRE(a.departement == b.departement);
        REQUIRE(a.region == b.region);
        REQUIRE(a.epci == b.epci);
        REQUIRE(a.postcode_codes == b.postcode_codes);
        REQUIRE(a.population == b.population);
        REQUIRE(a.centre.has_value() == b.centre.has_value());
        if (a.centre) REQUIRE((a.centre->lat == b.centre->lat && a.centre->lon == b.centre->lon));
        REQUIRE(built.find_code(a.code) == loaded.find_code(a.code));
        REQUIRE(built.arrondissements(i) == loaded.arrondissements(i));
        for (std::string_view p : a.postcodes()) postcodes.emplace(p);
        departements.emplace(a.departement);
        regions.emplace(a.region);
        epcis.emplace(a.epci);
    }
    for (auto& p : postcodes) REQUIRE(built.find_postcode(p) == loaded.find_postcode(p));
    for (auto& d : departements) REQUIRE(built.departement_name(d) == loaded.departement_name(d));
    for (auto& r : regions) {
        REQUIRE(built.region_name(r) == loaded.region_name(r));
        REQUIRE(built.departements_of_region(r) == loaded.departements_of_region(r));
    }
    for (auto& e : epcis) REQUIRE(built.epci_name(e) == loaded.epci_name(e));
    // 101 départements and 8 overseas collectivities (975, 977, 978, 984, 986 to 989), all named.
    CHECK(departements.size() == 109);
    for (auto& d : departements) CHECK_FALSE(loaded.departement_name(d).empty());
    CHECK(loaded.departement_name("2A") == "Corse-du-Sud");
    CHECK(loaded.is_epci("200054781"));
    // Every "Name (dd)" label resolves to the same place, or fails the same way.
    size_t unambiguous = 0;
    for (uint32_t i = 0; i < built.size(); ++i) {
        const std::string label = label_of(built.commune(i));
        const std::string expected = resolved(built, label);
        REQUIRE(resolved(loaded, label) == expected);
        unambiguous += expected.rfind("error", 0) != 0;
    }
    CHECK(unambiguous > 36000);
}

TEST_CASE("Codes, postcodes and names resolve as a scan of the COG rows says",
          "[gazetteer][image]") {
    const Gazetteer& g = real_gazetteer();
    struct Row {
        std::string code, name, type, parent, departement;
        std::vector<std::string> postcodes;
        bool current() const {
            return type == "commune-actuelle" || type == "arrondissement-municipal";
        }
    };
    std::vector<Row> rows;
    detail::CsvReader csv(shared_data_dir() / "gazetteer" / "communes_fr_2026.csv");
    while (csv.next()) {
        Row r{csv.field("code_insee"), csv.field("nom"),         csv.field("type"),
              csv.field("chef_lieu"),  csv.field("departement"), {}};
        std::string postcodes = csv.field("codes_postaux");
        for (size_t at = 0; at < postcodes.size(); at += 6)
            r.postcodes.push_back(postcodes.substr(at, 5));
        rows.push_back(std::move(r));
    }
    REQUIRE(rows.size() == g.size());

    // INSEE code: the first current commune with it, else the first row.
    std::map<std::string, uint32_t> by_code;
    for (uint32_t i = 0; i < rows.size(); ++i) {
        auto [it, fresh] = by_code.emplace(rows[i].code, i);
        if (!fresh && !rows[it->second].current() && rows[i].current()) it->second = i;
    }
    // Postcode: its current communes, in row order.
    std::map<std::string, std::vector<uint32_t>> by_postcode;
    for (uint32_t i = 0; i < rows.size(); ++i)
        if (rows[i].current())
            for (auto& p : rows[i].postcodes) by_postcode[p].push_back(i);
    // Name: folded, arrondissements also as "paris 11" and "paris 11e".
    std::map<std::string, std::vector<uint32_t>> by_name;
    for (uint32_t i = 0; i < rows.size(); ++i) {
        by_name[detail::place_key(rows[i].name)].push_back(i);
        if (rows[i].type == "arrondissement-municipal") {
            const std::string key = detail::place_key(rows[i].name);  // "paris 11e arrondissement"
            const std::string city = key.substr(0, key.find(' '));
            std::string number = key.substr(city.size() + 1);
            number = number.substr(0, number.find(' '));
            by_name[city + " " + number].push_back(i);
            while (!number.empty() && !isdigit(static_cast<unsigned char>(number.back())))
                number.pop_back();
            by_name[city + " " + number].push_back(i);
        }
    }
    for (uint32_t i = 0; i < rows.size(); ++i) {
        REQUIRE(g.find_code(rows[i].code) == by_code.at(rows[i].code));
        REQUIRE(g.resolve("insee:" + rows[i].code).communes[0] == by_code.at(rows[i].code));
    }
    for (auto& [postcode, communes] : by_postcode) REQUIRE(g.find_postcode(postcode) == communes);
    CHECK(g.find_postcode("00000").empty());
    CHECK_FALSE(g.find_code("00000"));

    // "Name (dd)": current namesakes, else former ones that are not their code's holder under
    // the same name; kept in the département; one is the place, several are ambiguous.
    size_t checked = 0;
    for (uint32_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        if (!g.is_departement(row.departement) || row.name.find('(') != std::string::npos) continue;
        std::vector<uint32_t> current, former, candidates;
        for (uint32_t c : by_name[detail::place_key(row.name)]) {
            if (std::count(current.begin(), current.end(), c) +
                std::count(former.begin(), former.end(), c))
                continue;
            (rows[c].current() ? current : former).push_back(c);
        }
        if (current.empty()) {
            current.clear();
            for (uint32_t c : former) {
                const uint32_t holder = by_code.at(rows[c].code);
                if (holder == c || rows[holder].name != rows[c].name) current.push_back(c);
            }
        }
        for (uint32_t c : current)
            if (rows[c].departement == row.departement) candidates.push_back(c);
        const std::string text = row.name + " (" + row.departement + ")";
        const std::string got = resolved(g, text);
        if (candidates.size() == 1)
            REQUIRE(got.substr(0, got.find(' ')) == std::to_string(candidates[0]));
        else if (candidates.empty())
            REQUIRE(got.rfind("error: lieu inconnu", 0) == 0);
        else
            REQUIRE(got.rfind("error: lieu ambigu", 0) == 0);
        ++checked;
    }
    CHECK(checked > 37000);
}

TEST_CASE("Saving the same gazetteer twice writes the same bytes", "[gazetteer][image]") {
    SavedImage first;
    TempDir dir("gazetteer-image-again");
    real_gazetteer().save(dir.path() / "a.bin");
    Gazetteer::load_csv(shared_data_dir() / "gazetteer").save(dir.path() / "b.bin");
    Gazetteer::load(first.file).save(dir.path() / "c.bin");
    CHECK(file_bytes(dir.path() / "a.bin") == first.bytes);
    CHECK(file_bytes(dir.path() / "b.bin") == first.bytes);
    CHECK(file_bytes(dir.path() / "c.bin") == first.bytes);
    // Copies share the image rather than copying it.
    const Gazetteer copy = real_gazetteer();
    CHECK(copy.commune(0).name.data() == real_gazetteer().commune(0).name.data());
}

namespace {

// Loads a damaged image and reads all of it; returns the IndexError's message, or "" when the
// damage went unnoticed (a changed name is still an image).
std::string damage_reported(const std::filesystem::path& file, const std::string& bytes) {
    write_bytes(file, bytes);
    try {
        const Gazetteer g = Gazetteer::load(file);
        for (uint32_t i = 0; i < g.size(); ++i) {
            const Commune c = g.commune(i);
            g.find_code(c.code);
            g.arrondissements(i);
            if (c.postcode_count()) g.find_postcode(c.postcode(0));
        }
        g.departement_name("77");
        g.epci_name("200054781");
        g.departements_of_region("11");
        g.nearest({48.54, 2.66});
        g.complete("mel");
        g.complete("770");
        g.suggest("Melunn");
        resolved(g, "Melun");
        return "";
    } catch (const IndexError& e) {
        return e.what();
    }
}

template <class T>
void put(std::string& bytes, size_t at, T value) {
    std::memcpy(bytes.data() + at, &value, sizeof value);
}

gi::Header header_of(const std::string& bytes) {
    gi::Header h;
    std::memcpy(&h, bytes.data(), sizeof h);
    return h;
}

}  // namespace

TEST_CASE("A truncated or damaged image throws IndexError naming the file", "[gazetteer][image]") {
    SavedImage saved;
    const std::filesystem::path file = saved.dir.path() / "damaged.bin";
    const std::string& good = saved.bytes;
    const gi::Header h = header_of(good);
    auto names_file = [&](const std::string& message) {
        INFO(message);
        CHECK(message.find(file.string()) != std::string::npos);
        return message;
    };
    SECTION("truncated anywhere") {
        for (size_t length : {size_t{0}, size_t{1}, size_t{8}, sizeof(gi::Header) - 1,
                              sizeof(gi::Header), sizeof(gi::Header) + 1, good.size() / 3,
                              good.size() / 2, good.size() - 8, good.size() - 1})
            CHECK(names_file(damage_reported(file, good.substr(0, length))).find("tronquée") !=
                  std::string::npos);
        CHECK(!names_file(damage_reported(file, good + "x")).empty());
    }
    SECTION("bad magic or version") {
        std::string bad = good;
        bad[0] = 'X';
        CHECK(names_file(damage_reported(file, bad)).find("signature inconnue") !=
              std::string::npos);
        bad = good;
        put(bad, offsetof(gi::Header, version), uint32_t{99});
        CHECK(names_file(damage_reported(file, bad)).find("version 99") != std::string::npos);
    }
    SECTION("a section out of range") {
        for (uint32_t s = 0; s < gi::section_count; ++s) {
            const size_t at = offsetof(gi::Header, sections) + s * sizeof(gi::SectionRef);
            std::string bad = good;
            put(bad, at, uint64_t{good.size()} + 8);  // offset past the end
            CHECK(names_file(damage_reported(file, bad)).find("sort du fichier") !=
                  std::string::npos);
            bad = good;
            put(bad, at + 8, ~uint64_t{0} - 4);  // size overflowing offset + size
            CHECK(names_file(damage_reported(file, bad)).find("sort du fichier") !=
                  std::string::npos);
        }
        std::string bad = good;
        put(bad, offsetof(gi::Header, communes), h.communes + 1);
        CHECK(names_file(damage_reported(file, bad)).find("communes") != std::string::npos);
    }
    SECTION("a reference out of range") {
        const size_t records = h.sections[gi::communes].offset;
        std::string bad = good;
        put(bad, records + offsetof(gi::Record, name), gi::Ref{UINT32_MAX - 2, 10});
        CHECK(names_file(damage_reported(file, bad)).find("référence de texte") !=
              std::string::npos);
        bad = good;
        put(bad, h.sections[gi::by_code].offset + offsetof(gi::Keyed, commune), UINT32_MAX);
        CHECK(names_file(damage_reported(file, bad)).find("hors limites") != std::string::npos);
        bad = good;
        put(bad, records + offsetof(gi::Record, arrondissements_count), UINT32_MAX);
        CHECK(names_file(damage_reported(file, bad)).find("arrondissements") != std::string::npos);
        bad = good;
        put(bad, records + offsetof(gi::Record, lat), 1e300);
        CHECK(names_file(damage_reported(file, bad)).find("centre invalide") != std::string::npos);
    }
    SECTION("bytes changed at random are reported or harmless, never read outside the image") {
        std::mt19937_64 rng(5);
        // The header, the first records and the lookup arrays, where a change means most.
        const size_t tail = h.sections[gi::by_code].offset;
        for (int round = 0; round < 60; ++round) {
            std::string bad = good;
            for (int k = 0; k < 4; ++k) {
                const size_t zone = rng() % 3;
                const size_t at = zone == 0   ? rng() % sizeof(gi::Header)
                                  : zone == 1 ? h.sections[gi::communes].offset + rng() % 4096
                                              : tail + rng() % (good.size() - tail);
                bad[at] = static_cast<char>(rng());
            }
            const std::string message = damage_reported(file, bad);
            if (!message.empty()) names_file(message);
        }
    }
}
