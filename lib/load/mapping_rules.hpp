#pragma once
// What a mapping file says, parsed (see data/mappings/README.md for the format).

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cartoffre/loader.hpp"
#include "cartoffre/offer.hpp"
#include "load/row_filters.hpp"
#include "load/table_reader.hpp"

namespace cartoffre {

struct Mapping::Impl {
    std::string file;
    std::string source;
    std::string input;
    detail::ReadOptions read;
    std::string id;  // template of the stable local id
    // Offer field -> template ("{column} text", alternatives separated by " | ").
    std::map<std::string, std::string> fields;
    std::map<std::string, std::vector<std::string>> constants;  // field -> values
    std::string latitude, longitude;                            // columns; empty: geometry
    std::string hours_text;                                     // column of hours text
    std::vector<std::string> hours_days;                        // Monday.. columns
    // Hours as lists of time slots per day: columns "{week}.monday.{opens}"... holding the
    // ";"-separated opening and closing times (HHMM numbers or HH:MM).
    struct SlotHours {
        std::string week, opens, closes;
    };
    std::optional<SlotHours> hours_slots;
    // data·inclusion v0 zone_diffusion: its type and code columns become zone_eligibilite.
    std::string zone_type, zone_code;
    // A second file whose rows are joined to each row by key (services to their structures);
    // its columns are read as "{as}.column".
    struct Join {
        std::string input;  // relative to the loaded file's directory, or absolute
        detail::ReadOptions read;
        std::string key;  // template over the joined file's rows
        std::string on;   // template over the loaded rows
        std::string as;
    };
    std::optional<Join> join;
    // A column's values (split on `split` when set) -> fields and values they add.
    struct ValueMap {
        std::string column;
        std::string split;
        std::map<std::string, std::map<std::string, std::vector<std::string>>> map;
        std::map<std::string, std::vector<std::string>> otherwise;  // an unlisted value
        // From a crosswalk table: unlisted values are warned, and values listed without an
        // equivalent are dropped and warned.
        std::string table;
        std::set<std::string> no_equivalent;
    };
    std::vector<ValueMap> values;
    // Which rows are in the catalogue's scope ("rows"); the others are counted, not loaded.
    std::vector<detail::RowFilter> row_filters;
    // The zone templates ("departement:{code_insee}") the mapping's zone_eligibilite values
    // hold, with the key that holds them: their columns are checked against the file.
    std::vector<std::pair<std::string, std::string>> zone_templates;
};

namespace detail {

// The columns a template names, in order: "{a} x {b} | {c}" gives a, b, c.
std::vector<std::string> template_columns(const std::string& pattern);

// The template filled from the row: the first alternative whose columns are all non-empty.
std::string fill(const std::string& pattern, const Row& row);

// Sets an offer field by its v1 name (a text or a list field, or a criterion's text, list or
// integer as "criteres.genre"); false for an unknown name or a criterion's integer that is not
// one (left unset).
bool is_criteria_field(const std::string& field);
bool set_field(Offer& offer, const std::string& field, const std::vector<std::string>& values);
bool is_offer_field(const std::string& field);
bool is_text_field(const std::string& field);
// The member of a text field, or null (a list field, or an unknown name).
std::string Offer::*text_member(const std::string& field);
// Calls visit(name, value) for every text field of the offer.
void for_each_text_field(Offer& offer, const std::function<void(const char*, std::string&)>& visit);

}  // namespace detail

}  // namespace cartoffre
