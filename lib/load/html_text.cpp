#include "load/html_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "load/utf8.hpp"

namespace cartoffre::detail {

namespace {

// The named references French catalogues use (HTML 4's Latin-1 set and a few typographic
// signs), with their code points.
struct Named {
    const char* name;
    uint32_t code;
};
constexpr Named named_references[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"laquo", 0xAB},   {"raquo", 0xBB},   {"deg", 0xB0},     {"euro", 0x20AC},
    {"agrave", 0xE0},  {"aacute", 0xE1},  {"acirc", 0xE2},   {"auml", 0xE4},    {"ccedil", 0xE7},
    {"egrave", 0xE8},  {"eacute", 0xE9},  {"ecirc", 0xEA},   {"euml", 0xEB},    {"icirc", 0xEE},
    {"iuml", 0xEF},    {"ocirc", 0xF4},   {"ouml", 0xF6},    {"ugrave", 0xF9},  {"ucirc", 0xFB},
    {"uuml", 0xFC},    {"yuml", 0xFF},    {"Agrave", 0xC0},  {"Acirc", 0xC2},   {"Ccedil", 0xC7},
    {"Egrave", 0xC8},  {"Eacute", 0xC9},  {"Ecirc", 0xCA},   {"Icirc", 0xCE},   {"Ocirc", 0xD4},
    {"Ugrave", 0xD9},  {"oelig", 0x153},  {"OElig", 0x152},  {"rsquo", 0x2019}, {"lsquo", 0x2018},
    {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"middot", 0xB7},  {"copy", 0xA9},    {"reg", 0xAE},     {"sup2", 0xB2},    {"frac12", 0xBD},
};

// Tags removed; those that end a line become one.
constexpr std::array<const char*, 12> inline_tags = {"a",    "b",      "em",  "font", "i", "small",
                                                     "span", "strong", "sub", "sup",  "u", "abbr"};
constexpr std::array<const char*, 16> line_tags = {"br",    "div", "h1", "h2", "h3", "h4",
                                                   "h5",    "h6",  "hr", "li", "ol", "p",
                                                   "table", "td",  "tr", "ul"};

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

// A character reference at text[at] ('&'): its code point and length, or 0 when it is none.
size_t reference_at(std::string_view text, size_t at, uint32_t& code) {
    const size_t semicolon = text.find(';', at + 1);
    if (semicolon == std::string_view::npos || semicolon - at > 10) return 0;
    const std::string_view body = text.substr(at + 1, semicolon - at - 1);
    if (body.size() >= 2 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 6) return 0;
        uint32_t value = 0;
        for (char c : digits) {
            int d = c >= '0' && c <= '9' ? c - '0' : -1;
            if (hex && d < 0 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                d = (c | 0x20) - 'a' + 10;
            if (d < 0) return 0;
            value = value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        }
        // Not a character: nothing, a surrogate, past Unicode.
        if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return 0;
        code = value;
        return semicolon - at + 1;
    }
    for (const Named& n : named_references)
        if (body == n.name) {
            code = n.code;
            return semicolon - at + 1;
        }
    return 0;
}

// A known tag at text[at] ('<'): its length, and whether it ends a line; 0 when it is none.
size_t tag_at(std::string_view text, size_t at, bool& line, bool& item) {
    size_t i = at + 1;
    if (i < text.size() && text[i] == '/') ++i;
    const size_t name_start = i;
    while (i < text.size() && is_alnum(text[i])) ++i;
    if (i == name_start || !is_alpha(text[name_start])) return 0;
    std::string name(text.substr(name_start, i - name_start));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return static_cast<char>(c | 0x20); });
    const auto known = [&](const auto& tags) {
        return std::any_of(tags.begin(), tags.end(), [&](const char* t) { return name == t; });
    };
    line = known(line_tags);
    if (!line && !known(inline_tags)) return 0;
    item = name == "li" && text[at + 1] != '/';
    // Attributes up to the closing '>', quoted values may hold one.
    char quote = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i - at + 1;
        } else if (c == '<') {
            return 0;
        }
    }
    return 0;
}

}  // namespace

bool looks_like_html(std::string_view text) {
    for (size_t at = text.find_first_of("&<"); at != std::string_view::npos;
         at = text.find_first_of("&<", at + 1)) {
        uint32_t code = 0;
        bool line = false, item = false;
        if (text[at] == '&' ? reference_at(text, at, code) != 0 : tag_at(text, at, line, item) != 0)
            return true;
    }
    return false;
}

std::string html_to_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '&') {
            uint32_t code = 0;
            if (const size_t length = reference_at(text, i, code)) {
                append_utf8(out, code == 0xA0 ? ' ' : code);  // a no-break space reads as one
                i += length;
                continue;
            }
        } else if (c == '<') {
            bool line = false, item = false;
            if (const size_t length = tag_at(text, i, line, item)) {
                if (line && !out.empty() && out.back() != '\n') out += '\n';
                if (item) out += "- ";
                i += length;
                continue;
            }
        }
        out += c;
        ++i;
    }
    // Spaces around the lines the tags made, and empty lines, go.
    std::string clean;
    clean.reserve(out.size());
    size_t start = 0;
    while (start <= out.size()) {
        size_t end = out.find('\n', start);
        if (end == std::string::npos) end = out.size();
        size_t first = start, last = end;
        while (first < last && (out[first] == ' ' || out[first] == '\t')) ++first;
        while (last > first && (out[last - 1] == ' ' || out[last - 1] == '\t')) --last;
        if (first < last) {
            if (!clean.empty()) clean += '\n';
            clean.append(out, first, last - first);
        }
        start = end + 1;
    }
    return clean;
}

}  // namespace cartoffre::detail
