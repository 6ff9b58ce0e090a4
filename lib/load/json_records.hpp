#pragma once
// Files of JSON records, as catalogues are exchanged: a JSON array of objects or JSON Lines
// (one object a line), plain or gzip-compressed. Records are read one at a time, and every
// error names its file and its line and column, or its record.

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cartoffre::detail {

// Where a record was read: "FILE: record N (id "ID")", for error messages.
struct RecordPlace {
    const std::filesystem::path& file;
    size_t record = 0;  // 1-based
    std::string id;     // once known

    std::string describe() const;
    // Throws DataError "PLACE: field "FIELD": WHY".
    [[noreturn]] void fail(const char* field, const std::string& why) const;
    // Throws DataError "PLACE: field "FIELD": expected WHAT, got VALUE".
    [[noreturn]] void expected(const char* field, const char* what,
                               const nlohmann::json& value) const;
};

// Calls handle(object, place) for every record of `file`, in order. Only one record is held in
// memory at a time. Throws DataError "FILE:LINE:COLUMN: malformed JSON: WHY" (column in
// characters), "PLACE: expected an object, got VALUE", "PLACE: nested more than 64 levels deep"
// (the record is level 1), or "cannot read FILE".
void for_each_record(const std::filesystem::path& file,
                     const std::function<void(const nlohmann::json&, RecordPlace&)>& handle);

// Appends `text` as a JSON string; bytes that are not UTF-8 become U+FFFD, so that what is
// written always reads back.
void append_json_string(std::string& out, std::string_view text);
// Appends the shortest decimal that reads back as the same double; null when not finite.
void append_json_number(std::string& out, double value);

}  // namespace cartoffre::detail
