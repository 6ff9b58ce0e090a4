#pragma once
// JSON values written into a text the exports build by hand, one record at a time (GeoJSON
// features): the command's own, over nlohmann::json, since it uses the public API only.

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cartoffre::cli {

// `text` as a JSON string; bytes that are not UTF-8 become U+FFFD, so that what is written
// always reads back.
inline void append_json_string(std::string& out, std::string_view text) {
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The shortest decimal that reads back as the same double; null when not finite.
inline void append_json_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char digits[32];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

}  // namespace cartoffre::cli
