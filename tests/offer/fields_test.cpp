// The field tables (include/cartoffre/fields.hpp): every field of an offer, filled, comes back
// the same from every format the library writes and reads. The tests walk the tables, so a
// field added to them is covered without a change here.

#include "cartoffre/fields.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "cartoffre/catalogue.hpp"
#include "index/json_shape.hpp"
#include "index/record.hpp"
#include "load/mapping_rules.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using cartoffre::testing::TempDir;

namespace {

// A value for each kind, distinct per field (its name in it), never empty.
struct Fill {
    const char* name;
    void operator()(std::string& v) const { v = std::string("v-") + name; }
    void operator()(std::vector<std::string>& v) const {
        v = {std::string("a-") + name, std::string("b-") + name};
    }
    void operator()(std::optional<double>& v) const { v = 1.25 + std::string(name).size(); }
    void operator()(std::optional<int>& v) const {
        v = 7 + static_cast<int>(std::string(name).size());
    }
    void operator()(bool& v) const { v = true; }
    void operator()(std::vector<Closure>& v) const { v = {{"2026-12-24", "2027-01-02"}}; }
};

// An offer with every field of the tables filled, and its structure.
std::pair<Offer, Structure> filled() {
    Offer o;
    for (auto& field : offer_fields()) visit_field(field, o, Fill{field.name});
    for (auto& field : criteria_fields()) visit_field(field, o.criteria, Fill{field.name});
    o.id = "src--1";
    o.source = "src";
    o.structure_id = "src--s1";
    Structure s;
    s.id = o.structure_id;
    s.source = o.source;
    s.nom = o.structure_nom;
    s.siret = o.structure_siret;
    s.typologie = o.structure_typologie;
    s.date_maj = "2026-01-02";
    return {o, s};
}

bool same(const std::vector<Closure>& a, const std::vector<Closure>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].from != b[i].from || a[i].to != b[i].to) return false;
    return true;
}
template <class T>
bool same(const T& a, const T& b) {
    return a == b;
}

// Every field `keep` selects is the same in both offers; the fields that differ are named.
template <class Keep>
std::vector<std::string> differing(const Offer& a, const Offer& b, Keep keep) {
    std::vector<std::string> out;
    for (auto& field : offer_fields()) {
        if (!keep(field)) continue;
        std::visit(
            [&](auto m) {
                if (!same(a.*m, b.*m)) out.push_back(field.name);
            },
            field.member);
    }
    for (auto& field : criteria_fields())
        std::visit(
            [&](auto m) {
                if (!same(a.criteria.*m, b.criteria.*m))
                    out.push_back(std::string("criteres.") + field.name);
            },
            field.member);
    return out;
}

bool stored(const Field<Offer>& field) {
    return field.origin != FieldOrigin::index;
}

}  // namespace

TEST_CASE("Every stored field survives the index's binary record", "[fields]") {
    const Offer o = filled().first;
    const Offer back = detail::decode_record(detail::encode_record(o));
    CHECK(differing(o, back, stored).empty());
    CHECK(detail::record_id(detail::encode_record(o)) == o.id);
}

TEST_CASE("Every catalogue field survives a data·inclusion v1 export, as JSON and JSON lines",
          "[fields]") {
    auto [o, s] = filled();
    TempDir dir("fields");
    Catalogue catalogue;
    catalogue.structures = {s};
    catalogue.offers = {o};
    write_data_inclusion_v1(catalogue, dir.path() / "structures.json",
                            dir.path() / "services.json");
    const Catalogue json =
        read_data_inclusion_v1(dir.path() / "structures.json", dir.path() / "services.json");
    REQUIRE(json.offers.size() == 1);
    CHECK(differing(o, json.offers[0], stored).empty());

    std::ofstream(dir.path() / "structures.jsonl") << data_inclusion_json(s) << '\n';
    std::ofstream(dir.path() / "services.jsonl") << data_inclusion_json(o) << '\n';
    const Catalogue lines =
        read_data_inclusion_v1(dir.path() / "structures.jsonl", dir.path() / "services.jsonl");
    REQUIRE(lines.offers.size() == 1);
    CHECK(differing(o, lines.offers[0], stored).empty());
}

TEST_CASE("The JSON shape has every field under its table name, criteria under criteres",
          "[fields]") {
    const Offer o = filled().first;
    const detail::Json json = detail::offer_json(o);
    std::set<std::string> keys, expected;
    for (auto& [key, value] : json.items()) keys.insert(key);
    for (auto& field : offer_fields()) expected.insert(field.name);
    expected.insert("criteres");
    CHECK(keys == expected);
    for (auto& field : offer_fields()) {
        INFO(field.name);
        CHECK(!json[field.name].is_null());
    }
    for (auto& field : criteria_fields()) {
        INFO(field.name);
        CHECK(!json["criteres"][field.name].is_null());
    }
    CHECK(json["criteres"]["fermetures"] == detail::Json::array({"2026-12-24/2027-01-02"}));
}

TEST_CASE("A mapping may fill every text and list field a catalogue gives", "[fields]") {
    size_t mappable_fields = 0;
    for (auto& field : offer_fields()) {
        INFO(field.name);
        CHECK(detail::is_offer_field(field.name) == mappable(field));
        if (!mappable(field)) continue;
        ++mappable_fields;
        Offer o;
        REQUIRE(detail::set_field(o, field.name, {"x"}));
        visit_field(field, o, [](auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) CHECK(v == "x");
            if constexpr (std::is_same_v<T, std::vector<std::string>>)
                CHECK(v == std::vector<std::string>{"x"});
        });
    }
    CHECK(mappable_fields > 20);
    CHECK_FALSE(detail::is_offer_field("id"));
    CHECK_FALSE(detail::is_offer_field("doublons"));
}

TEST_CASE("The record layout changes with the field tables", "[fields]") {
    // A digest of names and kinds: stable across runs, so an index opens again.
    CHECK(detail::record_layout() == detail::record_layout());
    CHECK(detail::record_layout().size() == 16);
}
