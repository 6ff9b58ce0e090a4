// Mapping files: read and checked once, then applied to every row.

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cartoffre/error.hpp"
#include "cartoffre/fields.hpp"
#include "cartoffre/loader.hpp"
#include "load/crosswalk.hpp"
#include "load/json_errors.hpp"
#include "load/mapping_rules.hpp"
#include "load/zone_templates.hpp"

namespace cartoffre {

namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

// The fields a mapping may fill (include/cartoffre/fields.hpp): texts and lists.
template <class Member>
struct Named {
    const char* name;
    Member member;
};

template <class Member>
std::vector<Named<Member>> mappable_fields() {
    std::vector<Named<Member>> out;
    for (auto& field : offer_fields())
        if (mappable(field))
            if (auto member = std::get_if<Member>(&field.member))
                out.push_back({field.name, *member});
    return out;
}

const std::vector<Named<std::string Offer::*>>& text_fields() {
    static const auto fields = mappable_fields<std::string Offer::*>();
    return fields;
}

const std::vector<Named<Strings Offer::*>>& list_fields() {
    static const auto fields = mappable_fields<Strings Offer::*>();
    return fields;
}

// The criteria a mapping may fill, as "criteres.<name>" (the object's name in a v1 record):
// texts, lists and integers (genre, accueil, statuts_requis, age_min...); flags and closures
// are not read from catalogues yet.
constexpr std::string_view criteria_prefix = "criteres.";

template <class Member>
const Member* criteria_member(const std::string& field) {
    if (field.compare(0, criteria_prefix.size(), criteria_prefix) != 0) return nullptr;
    const std::string name = field.substr(criteria_prefix.size());
    for (auto& f : criteria_fields())
        if (auto member = std::get_if<Member>(&f.member); member && name == f.name) return member;
    return nullptr;
}

[[noreturn]] void wrong(const std::string& file, const std::string& key, const std::string& why) {
    throw DataError("mapping " + file + " : \"" + key + "\" : " + why);
}

std::string text(const json& v, const std::string& file, const std::string& key) {
    if (!v.is_string()) wrong(file, key, "une chaîne est attendue, pas " + v.dump());
    return v.get<std::string>();
}

Strings values_of(const json& v, const std::string& file, const std::string& key) {
    if (v.is_string()) return {v.get<std::string>()};
    if (!v.is_array()) wrong(file, key, "une chaîne ou une liste est attendue, pas " + v.dump());
    Strings out;
    for (auto& item : v) out.push_back(text(item, file, key));
    return out;
}

std::map<std::string, Strings> assignments(const json& v, const std::string& file,
                                           const std::string& key) {
    if (!v.is_object()) wrong(file, key, "un objet de champs d'offre est attendu");
    std::map<std::string, Strings> out;
    for (auto& [field, value] : v.items()) {
        if (!detail::is_offer_field(field))
            wrong(file, key + "." + field, "pas un champ d'offre qu'un mapping peut remplir");
        out[field] = values_of(value, file, key + "." + field);
    }
    return out;
}

// A crosswalk table (data/taxonomy/v0_v1/): "v0<TAB>field<TAB>v1" lines after a header,
// '#' comments; a v0 code on several lines adds every target; an empty v1: no equivalent.
void read_table(const std::filesystem::path& path, const std::string& file, const std::string& key,
                Mapping::Impl::ValueMap& into) {
    std::ifstream in(path);
    if (!in) wrong(file, key, "impossible de lire la table " + path.string());
    std::string line;
    size_t number = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
        if (tab1 == std::string::npos || tab2 == std::string::npos)
            wrong(file, key,
                  path.string() + ":" + std::to_string(number) +
                      " : trois colonnes séparées par des tabulations attendues (v0, field, v1)");
        const std::string v0 = line.substr(0, tab1);
        const std::string field = line.substr(tab1 + 1, tab2 - tab1 - 1);
        const std::string v1 = line.substr(tab2 + 1);
        if (!header) {
            if (v0 != "v0" || field != "field" || v1 != "v1")
                wrong(file, key,
                      path.string() + ":" + std::to_string(number) +
                          " : en-tête v0, field, v1 attendu");
            header = true;
            continue;
        }
        if (!detail::is_offer_field(field))
            wrong(file, key,
                  path.string() + ":" + std::to_string(number) + ": \"" + field +
                      "\" n'est pas un champ d'offre");
        if (v1.empty())
            into.no_equivalent.insert(v0);
        else
            into.map[v0][field].push_back(v1);
    }
    if (!header) wrong(file, key, path.string() + " : table vide");
}

// The zone templates of the mapping's zone_eligibilite values, checked and kept with their key
// (their columns are checked against the file before the first row).
void collect_zone_templates(Mapping::Impl& m) {
    auto scan = [&](const std::string& key, const std::map<std::string, Strings>& fields) {
        auto zones = fields.find("zone_eligibilite");
        if (zones == fields.end()) return;
        for (auto& value : zones->second) {
            if (!detail::is_zone_template(value)) continue;
            const std::string problem = detail::zone_template_problem(value);
            if (!problem.empty()) wrong(m.file, key + ".zone_eligibilite", problem);
            m.zone_templates.push_back({key + ".zone_eligibilite", value});
        }
    };
    scan("constants", m.constants);
    for (size_t i = 0; i < m.values.size(); ++i) {
        const std::string name = "values[" + std::to_string(i) + "]";
        for (auto& [value, fields] : m.values[i].map) scan(name + "." + value, fields);
        scan(name + ".otherwise", m.values[i].otherwise);
    }
}

// A value among those a reader knows: anything else is an error listing them (a format the
// readers do not know must not be read as another).
std::string one_of(const json& v, const std::string& file, const std::string& key,
                   const std::vector<std::string>& known, const char* what) {
    const std::string value = text(v, file, key);
    if (std::find(known.begin(), known.end(), value) != known.end()) return value;
    std::string list;
    for (auto& k : known) list += (list.empty() ? "" : ", ") + ("\"" + k + "\"");
    wrong(file, key, std::string(what) + " \"" + value + "\" inconnu ; valeurs connues : " + list);
}

detail::ReadOptions read_options(const json& v, const std::string& file, const std::string& key) {
    if (!v.is_object()) wrong(file, key, "un objet est attendu");
    detail::ReadOptions read;
    for (auto& [option, value] : v.items()) {
        const std::string name = key + "." + option;
        if (option == "format")
            read.format = one_of(value, file, name, detail::known_formats, "format");
        else if (option == "separator")
            read.separator = one_of(value, file, name, detail::known_separators, "séparateur");
        else if (option == "encoding")
            read.encoding = one_of(value, file, name, detail::known_encodings, "encodage");
        else
            wrong(file, name, "option inconnue (format, separator, encoding)");
    }
    return read;
}

// A template's braces: every "{" closed by a "}" before the next "{", no "}" alone, no empty
// "{}". An error gives the template and the character (counted from 1) where it goes wrong.
std::string checked_template(const json& v, const std::string& file, const std::string& key) {
    const std::string pattern = text(v, file, key);
    size_t character = 0, opened = 0;
    bool open = false;
    auto fail = [&](const std::string& why) {
        wrong(file, key, "modèle « " + pattern + " » mal formé : " + why);
    };
    for (size_t i = 0; i < pattern.size(); ++i) {
        if ((static_cast<unsigned char>(pattern[i]) & 0xC0) != 0x80) ++character;
        if (pattern[i] == '{') {
            if (open)
                fail("accolade ouverte au caractère " + std::to_string(character) +
                     " avant la fermeture de celle du caractère " + std::to_string(opened));
            open = true;
            opened = character;
        } else if (pattern[i] == '}') {
            if (!open)
                fail("accolade fermante au caractère " + std::to_string(character) +
                     " sans accolade ouvrante");
            if (pattern[i - 1] == '{')
                fail("aucun nom de colonne entre les accolades au caractère " +
                     std::to_string(opened));
            open = false;
        }
    }
    if (open)
        fail("l'accolade ouverte au caractère " + std::to_string(opened) + " n'est jamais fermée");
    return pattern;
}

}  // namespace

namespace detail {

void for_each_text_field(Offer& offer,
                         const std::function<void(const char*, std::string&)>& visit) {
    for (auto& f : text_fields()) visit(f.name, offer.*f.member);
}

std::string Offer::*text_member(const std::string& field) {
    for (auto& f : text_fields())
        if (field == f.name) return f.member;
    return nullptr;
}

bool is_criteria_field(const std::string& field) {
    return field.compare(0, criteria_prefix.size(), criteria_prefix) == 0;
}

bool is_text_field(const std::string& field) {
    for (auto& f : text_fields())
        if (field == f.name) return true;
    return criteria_member<std::string Criteria::*>(field) ||
           criteria_member<std::optional<int> Criteria::*>(field);
}

bool is_offer_field(const std::string& field) {
    for (auto& f : text_fields())
        if (field == f.name) return true;
    for (auto& f : list_fields())
        if (field == f.name) return true;
    return criteria_member<std::string Criteria::*>(field) ||
           criteria_member<Strings Criteria::*>(field) ||
           criteria_member<std::optional<int> Criteria::*>(field);
}

bool set_field(Offer& offer, const std::string& field, const Strings& values) {
    if (auto text = criteria_member<std::string Criteria::*>(field)) {
        offer.criteria.*(*text) = values.empty() ? std::string() : values.front();
        return true;
    }
    if (auto number = criteria_member<std::optional<int> Criteria::*>(field)) {
        // An integer, or nothing: false for anything else, which the loader warns.
        auto& target = offer.criteria.*(*number);
        target.reset();
        if (values.empty() || values.front().empty()) return true;
        const std::string& text = values.front();
        int n = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (error != std::errc() || end != text.data() + text.size()) return false;
        target = n;
        return true;
    }
    if (auto list = criteria_member<Strings Criteria::*>(field)) {
        Strings& codes = offer.criteria.*(*list);
        for (auto& v : values)
            if (!v.empty() && std::find(codes.begin(), codes.end(), v) == codes.end())
                codes.push_back(v);
        return true;
    }
    for (auto& f : text_fields())
        if (field == f.name) {
            offer.*f.member = values.empty() ? std::string() : values.front();
            return true;
        }
    for (auto& f : list_fields())
        if (field == f.name) {
            Strings& list = offer.*f.member;
            for (auto& v : values)
                if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end())
                    list.push_back(v);
            return true;
        }
    return false;
}

std::vector<std::string> template_columns(const std::string& pattern) {
    std::vector<std::string> columns;
    for (size_t open = pattern.find('{'); open != std::string::npos;
         open = pattern.find('{', open + 1)) {
        const size_t close = pattern.find('}', open);
        if (close == std::string::npos) break;
        columns.push_back(pattern.substr(open + 1, close - open - 1));
    }
    return columns;
}

std::string fill(const std::string& pattern, const Row& row) {
    // Most templates are one column and nothing else ("{nom}"): filled without parsing them,
    // as a load fills a dozen per row.
    if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}' &&
        pattern.find_first_of("{}|", 1) == pattern.size() - 1) {
        thread_local std::string column;
        column.assign(pattern, 1, pattern.size() - 2);
        const std::string& value = row[column];
        return value == "NULL" ? std::string() : value;
    }
    for (size_t start = 0; start <= pattern.size();) {
        size_t end = pattern.find(" | ", start);
        if (end == std::string::npos) end = pattern.size();
        const std::string alternative = pattern.substr(start, end - start);
        std::string out;
        bool complete = true;
        for (size_t i = 0; i < alternative.size(); ++i) {
            if (alternative[i] != '{') {
                out += alternative[i];
                continue;
            }
            const size_t close = alternative.find('}', i);
            if (close == std::string::npos) {
                out += alternative.substr(i);
                break;
            }
            const std::string& value = row[alternative.substr(i + 1, close - i - 1)];
            if (value.empty() || value == "NULL") complete = false;
            out += value;
            i = close;
        }
        if (complete && !out.empty()) return out;
        start = end + 3;
    }
    return {};
}

}  // namespace detail

Mapping Mapping::load(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::ifstream in(path);
    if (!in) throw DataError("impossible de lire le mapping " + file);
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for "1e999"
        throw DataError("mapping " + file +
                        " : JSON mal formé : " + detail::french_json_error(e.what()));
    }
    if (!doc.is_object()) throw DataError("mapping " + file + " : un objet JSON est attendu");
    auto impl = std::make_shared<Impl>();
    impl->file = file;
    for (auto& [key, v] : doc.items()) {
        if (key == "source") {
            impl->source = text(v, file, key);
        } else if (key == "input") {
            impl->input = text(v, file, key);
        } else if (key == "description") {
            text(v, file, key);
        } else if (key == "read") {
            impl->read = read_options(v, file, key);
        } else if (key == "join") {
            Impl::Join join;
            for (const char* part : {"input", "key", "on", "as"})
                if (!v.is_object() || !v.contains(part))
                    wrong(file, key,
                          "expected {\"input\", \"key\", \"on\", \"as\", optional \"read\"}");
            join.input = text(v["input"], file, key + ".input");
            join.key = checked_template(v["key"], file, key + ".key");
            join.on = checked_template(v["on"], file, key + ".on");
            join.as = text(v["as"], file, key + ".as");
            if (v.contains("read")) join.read = read_options(v["read"], file, key + ".read");
            impl->join = std::move(join);
        } else if (key == "zone") {
            if (!v.is_object() || !v.contains("type") || !v.contains("code"))
                wrong(file, key, "expected {\"type\": column, \"code\": column}");
            impl->zone_type = text(v["type"], file, key + ".type");
            impl->zone_code = text(v["code"], file, key + ".code");
        } else if (key == "id") {
            impl->id = checked_template(v, file, key);
        } else if (key == "fields") {
            if (!v.is_object()) wrong(file, key, "un objet de champs d'offre est attendu");
            for (auto& [field, pattern] : v.items()) {
                if (!detail::is_offer_field(field))
                    wrong(file, key + "." + field,
                          "pas un champ d'offre qu'un mapping peut remplir");
                impl->fields[field] = checked_template(pattern, file, key + "." + field);
            }
        } else if (key == "constants") {
            impl->constants = assignments(v, file, key);
        } else if (key == "coordinates") {
            if (!v.is_object() || !v.contains("latitude") || !v.contains("longitude"))
                wrong(file, key, "expected {\"latitude\": column, \"longitude\": column}");
            impl->latitude = text(v["latitude"], file, key + ".latitude");
            impl->longitude = text(v["longitude"], file, key + ".longitude");
        } else if (key == "hours") {
            if (v.is_string())
                impl->hours_text = v.get<std::string>();
            else if (v.is_array() && (v.size() == 6 || v.size() == 7))
                impl->hours_days = values_of(v, file, key);
            else if (v.is_object() && v.contains("week") && v.contains("opens") &&
                     v.contains("closes"))
                impl->hours_slots = Impl::SlotHours{text(v["week"], file, key + ".week"),
                                                    text(v["opens"], file, key + ".opens"),
                                                    text(v["closes"], file, key + ".closes")};
            else
                wrong(file, key,
                      "une colonne, les colonnes du lundi au samedi/dimanche, ou "
                      "{\"week\", \"opens\", \"closes\"} est attendu");
        } else if (key == "values") {
            if (!v.is_array()) wrong(file, key, "une liste de tables de valeurs est attendue");
            for (size_t i = 0; i < v.size(); ++i) {
                const std::string name = key + "[" + std::to_string(i) + "]";
                const json& m = v[i];
                if (!m.is_object() || !m.contains("column") ||
                    m.contains("map") + m.contains("table") + m.contains("crosswalk") != 1)
                    wrong(file, name,
                          "expected {\"column\", \"map\", \"table\" or \"crosswalk\", "
                          "optional \"split\", \"otherwise\"}");
                Impl::ValueMap value_map;
                value_map.column = text(m["column"], file, name + ".column");
                if (m.contains("split")) value_map.split = text(m["split"], file, name + ".split");
                if (m.contains("crosswalk")) {
                    // Unlisted values are warned as a table's are.
                    value_map.table = text(m["crosswalk"], file, name + ".crosswalk");
                    value_map.map = detail::read_crosswalk(path.parent_path() / value_map.table,
                                                           file, name + ".crosswalk");
                } else if (m.contains("table")) {
                    value_map.table = text(m["table"], file, name + ".table");
                    read_table(path.parent_path() / value_map.table, file, name + ".table",
                               value_map);
                } else {
                    if (!m["map"].is_object()) wrong(file, name + ".map", "un objet est attendu");
                    for (auto& [value, fields] : m["map"].items())
                        value_map.map[value] = assignments(fields, file, name + ".map." + value);
                }
                if (m.contains("otherwise"))
                    value_map.otherwise = assignments(m["otherwise"], file, name + ".otherwise");
                impl->values.push_back(std::move(value_map));
            }
        } else if (key == "rows") {
            impl->row_filters = detail::parse_row_filters(v, file);
        } else {
            wrong(file, key,
                  "clé inconnue (source, input, description, read, join, id, fields, "
                  "constants, coordinates, hours, zone, values, rows)");
        }
    }
    collect_zone_templates(*impl);
    if (impl->source.empty()) wrong(file, "source", "manquant");
    if (impl->source.find("--") != std::string::npos)
        wrong(file, "source", "ne doit pas contenir \"--\"");
    if (impl->id.empty())
        wrong(file, "id", "manquant : les colonnes qui font l'identifiant stable d'une ligne");
    if (!impl->fields.count("nom")) wrong(file, "fields.nom", "manquant : le nom de l'offre");
    Mapping mapping;
    mapping.m_impl = std::move(impl);
    return mapping;
}

const std::string& Mapping::source() const {
    return m_impl->source;
}
const std::string& Mapping::default_input() const {
    return m_impl->input;
}

}  // namespace cartoffre
