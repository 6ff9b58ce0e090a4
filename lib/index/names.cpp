// What a source name and an offer id may hold. Both end up in file names (load reports), in
// terminals, in CSV reports opened by spreadsheets and in the portal's pages: a name like
// "../../x" would write outside the report directory, a newline would forge report lines, an
// escape sequence would drive the terminal and markup would be read by a browser.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "cartoffre/index.hpp"

namespace cartoffre {

namespace {

// The value as it can be quoted in a message: control characters shown as \xNN, cut at 80.
std::string shown(std::string_view value) {
    size_t cut = std::min<size_t>(value.size(), 80);
    while (cut < value.size() && cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xc0) == 0x80)
        --cut;  // not inside a UTF-8 sequence
    std::string out;
    for (unsigned char c : value.substr(0, cut)) {
        if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return cut < value.size() ? out + "…" : out;
}

// The code point of the UTF-8 sequence at `i` (advanced past it), or nothing when invalid.
std::optional<uint32_t> next_code_point(std::string_view s, size_t& i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    size_t length = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xe  ? 3
                    : (lead >> 3) == 0x1e ? 4
                                          : 0;
    if (length == 0 || i + length > s.size()) return std::nullopt;
    uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) return std::nullopt;
        code = code << 6 | (byte(i + k) & 0x3f);
    }
    static constexpr uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return std::nullopt;  // overlong forms and surrogates are not UTF-8
    i += length;
    return code;
}

}  // namespace

std::optional<std::string> invalid_source_name(std::string_view source) {
    if (source.empty()) return "nom de source vide";
    if (source.size() > 64)
        return "nom de source « " + shown(source) + " » trop long (64 caractères au plus)";
    const auto allowed = [](char c, bool first) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               (!first && (c == '_' || c == '-'));
    };
    for (size_t i = 0; i < source.size(); ++i)
        if (!allowed(source[i], i == 0))
            return "nom de source « " + shown(source) +
                   " » refusé : lettres minuscules a-z, chiffres, '-' et '_' seulement, la "
                   "première "
                   "une lettre ou un chiffre";
    return std::nullopt;
}

std::optional<std::string> invalid_offer_id(std::string_view id) {
    if (id.empty()) return "identifiant vide";
    if (id.size() > 256) return "identifiant « " + shown(id) + " » trop long (256 octets au plus)";
    for (size_t i = 0; i < id.size();) {
        const auto code = next_code_point(id, i);
        if (!code) return "identifiant « " + shown(id) + " » : UTF-8 invalide";
        if (*code < 0x20 || (*code >= 0x7f && *code <= 0x9f))
            return "identifiant « " + shown(id) + " » : caractère de contrôle";
        if (*code == '<' || *code == '>' || *code == '"' || *code == '`')
            return "identifiant « " + shown(id) + " » : caractère « " +
                   std::string(1, static_cast<char>(*code)) + " » refusé (balisage)";
    }
    return std::nullopt;
}

}  // namespace cartoffre
