#include "load/json_records.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>
#include <utility>

#include "cartoffre/error.hpp"
#include "load/gzip_file.hpp"
#include "load/json_errors.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;
using nlohmann::json;

std::string RecordPlace::describe() const {
    std::string text = file.string() + " : enregistrement " + std::to_string(record);
    if (!id.empty()) text += " (identifiant \"" + id + "\")";
    return text;
}

void RecordPlace::fail(const char* field, const std::string& why) const {
    throw DataError(describe() + " : champ \"" + field + "\" : " + why);
}

void RecordPlace::expected(const char* field, const char* what, const json& value) const {
    std::string shown = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
    fail(field, std::string("attendu : ") + what + ", pas " + shown);
}

namespace {

// Records nesting deeper than this (the record itself is level 1) are refused: nlohmann's
// parser keeps a value per level and flattening a record recurses; a record 20,000 levels deep
// took 22 s and 1.3 GB, then overflowed the stack.
constexpr int max_depth = 64;

[[noreturn]] void too_deep(const fs::path& file, size_t record) {
    const RecordPlace at{file, record, {}};
    throw DataError(at.describe() + " : imbriqué sur plus de " + std::to_string(max_depth) +
                    " niveaux");
}

// Whether the objects and arrays of one JSON text nest deeper than max_depth: one pass over
// the bytes, skipping strings (malformed text is left to the parser).
bool nests_too_deep(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Line and column (1-based, in characters) of the byte at `offset` (0-based) of a stream.
std::pair<size_t, size_t> line_column(std::istream& in, size_t offset) {
    size_t line = 1, column = 1;
    char c;
    for (size_t i = 0; i < offset && in.get(c); ++i) {
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column;  // a UTF-8 continuation byte does not start a character
        }
    }
    return {line, column};
}

[[noreturn]] void malformed(const fs::path& file, size_t line, size_t column,
                            const json::parse_error& e) {
    // nlohmann's message repeats a position of its own; keep only the explanation.
    std::string what = e.what();
    const auto explanation = what.find(": ", what.find("parse error"));
    if (explanation != std::string::npos) what = what.substr(explanation + 2);
    throw DataError(file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                    " : JSON mal formé : " + french_json_error(what));
}

// The first character that is neither white space nor a byte-order mark.
char first_significant(const fs::path& file) {
    InputFile in(file);
    char c;
    while (in.stream().get(c))
        if (!std::isspace(static_cast<unsigned char>(c)) && (static_cast<unsigned char>(c) < 0x80))
            return c;
    return 0;
}

}  // namespace

// Arrays are parsed as a stream: the callback handles each record as it ends, then drops it.
void for_each_record(const fs::path& file,
                     const std::function<void(const json&, RecordPlace&)>& handle) {
    RecordPlace at{file, 0, {}};
    auto not_an_object = [&](const json& value) {
        throw DataError(at.describe() + " : un objet est attendu, pas " +
                        value.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 80));
    };
    const bool array = first_significant(file) == '[';
    InputFile in(file);
    if (array) {
        auto on_event = [&](int depth, json::parse_event_t event, json& parsed) {
            // depth: the containers open around this event, the top array being 0 and the
            // record 1.
            if ((event == json::parse_event_t::object_start ||
                 event == json::parse_event_t::array_start) &&
                depth >= max_depth + 1)
                too_deep(file, at.record + 1);
            if (depth != 1) return true;
            if (event == json::parse_event_t::object_end) {
                ++at.record;
                at.id.clear();
                handle(parsed, at);
                return false;  // handled: do not keep it in the array
            }
            if (event == json::parse_event_t::value || event == json::parse_event_t::array_end) {
                ++at.record;
                at.id.clear();
                not_an_object(parsed);
            }
            return true;
        };
        try {
            // The callback consumes every record; what remains is an empty array.
            const json rest = json::parse(in.stream(), on_event);
            (void)rest;
        } catch (const json::parse_error& e) {
            InputFile again(file);
            const auto [line, column] = line_column(again.stream(), e.byte > 0 ? e.byte - 1 : 0);
            malformed(file, line, column, e);
        } catch (const json::out_of_range& e) {
            // A number beyond a double ("1e999"): nlohmann gives no position, the record has one.
            throw DataError(RecordPlace{file, at.record + 1, {}}.describe() +
                            " : JSON mal formé : " + french_json_error(e.what()));
        }
        return;
    }
    std::string text;
    for (size_t line = 1; std::getline(in.stream(), text); ++line) {
        if (blank(text)) continue;
        if (nests_too_deep(text)) too_deep(file, at.record + 1);
        json value;
        try {
            value = json::parse(text);
        } catch (const json::parse_error& e) {
            std::istringstream within(text);
            malformed(file, line, line_column(within, e.byte > 0 ? e.byte - 1 : 0).second, e);
        } catch (const json::out_of_range& e) {
            throw DataError(file.string() + ":" + std::to_string(line) +
                            " : JSON mal formé : " + french_json_error(e.what()));
        }
        ++at.record;
        at.id.clear();
        if (!value.is_object()) not_an_object(value);
        handle(value, at);
    }
}

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (size_t i = 0; i < text.size();) {
        const unsigned char b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b == '"' || b == '\\') {
                out += '\\';
                out += static_cast<char>(b);
            } else if (b < 0x20) {
                out += "\\u00";
                out += hex[b >> 4];
                out += hex[b & 15];
            } else {
                out += static_cast<char>(b);
            }
            ++i;
            continue;
        }
        // The length of a well-formed sequence starting here (RFC 3629), or 0.
        auto continuation = [&](size_t k, unsigned char low = 0x80, unsigned char high = 0xBF) {
            if (i + k >= text.size()) return false;
            const unsigned char c = static_cast<unsigned char>(text[i + k]);
            return c >= low && c <= high;
        };
        size_t length = 0;
        if (b >= 0xC2 && b <= 0xDF && continuation(1))
            length = 2;
        else if (b >= 0xE0 && b <= 0xEF &&
                 continuation(1, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF) &&
                 continuation(2))
            length = 3;
        else if (b >= 0xF0 && b <= 0xF4 &&
                 continuation(1, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF) &&
                 continuation(2) && continuation(3))
            length = 4;
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    out += '"';
}

void append_json_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char digits[32];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;  // shortest exact
    out.append(digits, end);
}

}  // namespace cartoffre::detail
