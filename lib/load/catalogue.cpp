// Reading and writing data·inclusion v1 catalogues. The reader and the writer both walk the
// field tables (include/cartoffre/fields.hpp), so a field added to a table is read and written
// alike.

#include "cartoffre/catalogue.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <variant>

#include "cartoffre/error.hpp"
#include "cartoffre/fields.hpp"
#include "load/gzip_file.hpp"
#include "load/json_records.hpp"
#include "load/offer_checks.hpp"

namespace cartoffre {

namespace fs = std::filesystem;
using detail::RecordPlace;
using nlohmann::json;

namespace {

// ---- the field tables (include/cartoffre/fields.hpp) -------------------------------------

template <class Record>
using Fields = std::vector<Field<Record>>;

// What a catalogue's record holds: not an offer's copy of its structure's name, nor what the
// index computes.
template <class Record>
bool in_catalogue(const Field<Record>& field) {
    return field.origin != FieldOrigin::structure && field.origin != FieldOrigin::index;
}

// ---- values ------------------------------------------------------------------------------

std::string_view trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// Exports built from spreadsheets often carry numbers as strings ("48.85"); those are
// accepted when they are plain decimal numbers. A decimal comma is refused, not guessed.
template <class Number>
bool parse_number(std::string_view text, Number& out) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

std::string read_text(const json& v, const RecordPlace& at, const char* field) {
    if (v.is_string()) return v.get<std::string>();
    // Identifiers (SIRET, telephone) sometimes arrive as JSON integers.
    if (v.is_number_integer()) return v.dump();
    at.expected(field, "une chaîne", v);
}

std::optional<double> read_number(const json& v, const RecordPlace& at, const char* field) {
    double number = 0;
    if (v.is_number()) {
        number = v.get<double>();
    } else if (v.is_string()) {
        const std::string_view text = trimmed(v.get_ref<const std::string&>());
        if (text.empty()) return std::nullopt;
        if (!parse_number(text, number)) at.expected(field, "un nombre", v);
    } else {
        at.expected(field, "un nombre", v);
    }
    if (!std::isfinite(number)) at.expected(field, "un nombre fini", v);
    return number;
}

std::optional<int> read_integer(const json& v, const RecordPlace& at, const char* field) {
    constexpr double lowest = std::numeric_limits<int>::min();
    constexpr double highest = std::numeric_limits<int>::max();
    if (v.is_string()) {
        const std::string_view text = trimmed(v.get_ref<const std::string&>());
        int number = 0;
        if (text.empty()) return std::nullopt;
        if (!parse_number(text, number)) at.expected(field, "un entier", v);
        return number;
    }
    if (v.is_number()) {
        const double number = v.get<double>();
        if (number == std::floor(number) && number >= lowest && number <= highest)
            return static_cast<int>(number);
    }
    at.expected(field, "un entier", v);
}

// A list of codes; a single string is taken as a list separated by commas or semicolons.
std::vector<std::string> read_list(const json& v, const RecordPlace& at, const char* field) {
    std::vector<std::string> list;
    if (v.is_string()) {
        std::string_view text = v.get_ref<const std::string&>();
        while (!text.empty()) {
            const size_t cut = std::min(text.find(','), text.find(';'));
            if (auto item = trimmed(text.substr(0, cut)); !item.empty()) list.emplace_back(item);
            text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 1);
        }
        return list;
    }
    if (!v.is_array()) at.expected(field, "une liste de chaînes", v);
    for (auto& item : v) {
        if (item.is_null()) continue;
        if (!item.is_string()) at.expected(field, "une liste de chaînes", v);
        list.push_back(item.get<std::string>());
    }
    return list;
}

std::vector<Closure> read_closures(const json& v, const RecordPlace& at, const char* field) {
    std::vector<Closure> closures;
    for (auto& interval : read_list(v, at, field)) {
        const size_t slash = interval.find('/');
        if (slash == std::string::npos)
            at.fail(field,
                    "intervalles \"AAAA-MM-JJ/AAAA-MM-JJ\" attendus, pas \"" + interval + "\"");
        closures.push_back({interval.substr(0, slash), interval.substr(slash + 1)});
    }
    return closures;
}

bool read_flag(const json& v, const RecordPlace& at, const char* field) {
    if (!v.is_boolean()) at.expected(field, "true ou false", v);
    return v.get<bool>();
}

template <class Record>
void read_fields(const json& object, const Fields<Record>& fields, RecordPlace& at,
                 Record& record) {
    for (auto& field : fields) {
        if (!in_catalogue(field)) continue;
        auto found = object.find(field.name);
        if (found == object.end() || found->is_null()) continue;
        const json& v = *found;
        std::visit(
            [&](auto member) {
                auto& target = record.*member;
                using T = std::decay_t<decltype(target)>;
                if constexpr (std::is_same_v<T, std::string>) target = read_text(v, at, field.name);
                if constexpr (std::is_same_v<T, std::optional<double>>)
                    target = read_number(v, at, field.name);
                if constexpr (std::is_same_v<T, std::optional<int>>)
                    target = read_integer(v, at, field.name);
                if constexpr (std::is_same_v<T, std::vector<std::string>>)
                    target = read_list(v, at, field.name);
                if constexpr (std::is_same_v<T, bool>) target = read_flag(v, at, field.name);
                if constexpr (std::is_same_v<T, std::vector<Closure>>)
                    target = read_closures(v, at, field.name);
            },
            field.member);
    }
}

template <class Record>
Record read_record(const json& object, const Fields<Record>& fields, RecordPlace& at) {
    if (auto id = object.find("id"); id != object.end() && id->is_string()) at.id = *id;
    Record record;
    read_fields(object, fields, at, record);
    if (record.id.empty()) at.fail("id", "manquant");
    // The id carries its source ("dora--42"); records that omit the field keep it that way.
    if (record.source.empty()) record.source = record.id.substr(0, record.id.find("--"));
    return record;
}

// Appends a record as one JSON object with the fields in table order; empty fields are left
// out unless the schema requires them.
template <class Record>
void append_record(std::string& out, const Record& record, const Fields<Record>& fields) {
    char separator = '{';
    auto key = [&](const char* name) {
        out += separator;
        separator = ',';
        detail::append_json_string(out, name);
        out += ':';
    };
    for (auto& field : fields) {
        if (!in_catalogue(field)) continue;
        std::visit(
            [&](auto member) {
                const auto& value = record.*member;
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    if (value.empty() && !field.required) return;
                    key(field.name);
                    detail::append_json_string(out, value);
                } else if constexpr (std::is_same_v<T, bool>) {
                    if (!value) return;
                    key(field.name);
                    out += "true";
                } else if constexpr (std::is_same_v<T, std::vector<Closure>>) {
                    if (value.empty()) return;
                    key(field.name);
                    for (size_t i = 0; i < value.size(); ++i) {
                        out += i == 0 ? '[' : ',';
                        detail::append_json_string(out, value[i].from + "/" + value[i].to);
                    }
                    out += ']';
                } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    if (value.empty()) return;
                    key(field.name);
                    for (size_t i = 0; i < value.size(); ++i) {
                        out += i == 0 ? '[' : ',';
                        detail::append_json_string(out, value[i]);
                    }
                    out += ']';
                } else if (value) {
                    key(field.name);
                    if constexpr (std::is_same_v<T, std::optional<int>>)
                        out += std::to_string(*value);
                    else
                        detail::append_json_number(out, *value);
                }
            },
            field.member);
    }
    if constexpr (std::is_same_v<Record, Offer>) {
        std::string criteria;
        append_record(criteria, record.criteria, criteria_fields());
        if (criteria != "{}") {
            key("criteres");
            out += criteria;
        }
    }
    out += separator == '{' ? "{}" : "}";
}

// ---- files -------------------------------------------------------------------------------

template <class Record>
void write_records(const fs::path& file, const std::vector<Record>& records,
                   const Fields<Record>& fields) {
    detail::OutputFile out(file);
    std::string chunk = "[";
    for (size_t i = 0; i < records.size(); ++i) {
        chunk += i == 0 ? "\n" : ",\n";
        append_record(chunk, records[i], fields);
        if (chunk.size() > (1 << 20)) {
            out.write(chunk);
            chunk.clear();
        }
    }
    chunk += "\n]\n";
    out.write(chunk);
    out.close();
}

}  // namespace

Catalogue read_data_inclusion_v1(const fs::path& structures, const fs::path& services) {
    Catalogue catalogue;
    std::unordered_map<std::string, size_t> structure_index;  // record k is structures[k - 1]
    detail::for_each_record(structures, [&](const json& object, RecordPlace& at) {
        Structure s = read_record(object, structure_fields(), at);
        auto [previous, fresh] = structure_index.emplace(s.id, catalogue.structures.size());
        if (!fresh)
            at.fail("id", "le même identifiant que l'enregistrement " +
                              std::to_string(previous->second + 1));
        catalogue.structures.push_back(std::move(s));
    });

    detail::for_each_record(services, [&](const json& object, RecordPlace& at) {
        Offer offer = read_record(object, offer_fields(), at);
        if (auto criteria = object.find("criteres");
            criteria != object.end() && !criteria->is_null()) {
            if (!criteria->is_object()) at.expected("criteres", "un objet", *criteria);
            read_fields(*criteria, criteria_fields(), at, offer.criteria);
        }
        if (offer.structure_id.empty()) at.fail("structure_id", "manquant");
        auto structure = structure_index.find(offer.structure_id);
        if (structure == structure_index.end())
            at.fail("structure_id",
                    "pas de structure \"" + offer.structure_id + "\" dans " + structures.string());
        inherit_from_structure(offer, catalogue.structures[structure->second]);
        catalogue.offers.push_back(std::move(offer));
    });
    return catalogue;
}

CatalogueLoad load_data_inclusion_v1(const fs::path& structures, const fs::path& services,
                                     const Gazetteer& gazetteer, const Taxonomy& taxonomy) {
    CatalogueLoad out;
    LoadReport& report = out.report;
    report.source = "data-inclusion-v1";
    report.file = services.string();
    detail::OfferChecks checks(gazetteer, taxonomy, report);
    std::vector<Structure>& kept = out.catalogue.structures;
    std::unordered_map<std::string, size_t> structure_index;  // id -> index in `kept`
    std::unordered_map<std::string, std::string> refused;     // id -> why
    detail::for_each_record(structures, [&](const json& object, RecordPlace& at) {
        try {
            Structure s = read_record(object, structure_fields(), at);
            auto [previous, fresh] = structure_index.emplace(s.id, kept.size());
            if (!fresh)
                at.fail("id", "le même identifiant que l'enregistrement " +
                                  std::to_string(previous->second + 1));
            kept.push_back(std::move(s));
        } catch (const DataError& e) {
            // Listed with the services' issues (field "structure"); its services are refused.
            report.issues.push_back({at.record, at.id, "structure", "", e.what(), true});
            if (!at.id.empty() && !structure_index.count(at.id)) refused.emplace(at.id, e.what());
        }
    });
    std::unordered_map<std::string, size_t> seen;  // service id -> record
    detail::for_each_record(services, [&](const json& object, RecordPlace& at) {
        ++report.read;
        checks.begin(at.record, "");
        Offer offer;
        try {
            offer = read_record(object, offer_fields(), at);
            if (auto criteria = object.find("criteres");
                criteria != object.end() && !criteria->is_null()) {
                if (!criteria->is_object()) at.expected("criteres", "un objet", *criteria);
                read_fields(*criteria, criteria_fields(), at, offer.criteria);
            }
            if (offer.structure_id.empty()) at.fail("structure_id", "manquant");
        } catch (const DataError& e) {
            checks.set_id(at.id);
            checks.reject("", "", e.what());
            return;
        }
        checks.set_id(offer.id);
        auto [first, fresh] = seen.emplace(offer.id, at.record);
        if (!fresh) {
            checks.reject("id", offer.id,
                          "identifiant en double, déjà vu à l'enregistrement " +
                              std::to_string(first->second));
            return;
        }
        auto structure = structure_index.find(offer.structure_id);
        if (structure == structure_index.end()) {
            auto why = refused.find(offer.structure_id);
            checks.reject("structure_id", offer.structure_id,
                          why != refused.end() ? "sa structure est rejetée : " + why->second
                                               : "pas de structure \"" + offer.structure_id +
                                                     "\" dans " + structures.string());
            return;
        }
        inherit_from_structure(offer, kept[structure->second]);
        if (offer.nom.empty()) {
            checks.reject("nom", "", "nom manquant");
            return;
        }
        checks.zones(offer);
        checks.codes(offer);
        checks.date(offer);
        checks.hours(offer);
        std::optional<LatLon> point;
        if (offer.latitude && offer.longitude)
            point = checks.usable({*offer.latitude, *offer.longitude});
        else if (offer.latitude || offer.longitude)
            checks.warn("latitude/longitude", "", "une seule des deux, laissée de côté");
        checks.place(offer, point);
        checks.end();
        out.catalogue.offers.push_back(std::move(offer));
    });
    report.loaded = out.catalogue.offers.size();
    return out;
}

void write_data_inclusion_v1(const Catalogue& catalogue, const fs::path& structures,
                             const fs::path& services) {
    write_records(structures, catalogue.structures, structure_fields());
    write_records(services, catalogue.offers, offer_fields());
}

std::string data_inclusion_json(const Structure& structure) {
    std::string out;
    append_record(out, structure, structure_fields());
    return out;
}

std::string data_inclusion_json(const Offer& service) {
    std::string out;
    append_record(out, service, offer_fields());
    return out;
}

}  // namespace cartoffre
