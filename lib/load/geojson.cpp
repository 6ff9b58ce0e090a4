#include "load/geojson.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

namespace fs = std::filesystem;

// Nested property values deeper than this are refused: parsing and flattening them recurse.
constexpr size_t max_depth = 64;

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

void append_utf8(std::string& out, uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | code >> 6);
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | code >> 12);
        out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | code >> 18);
        out += static_cast<char>(0x80 | (code >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

class GeoJsonReader {
  public:
    GeoJsonReader(const fs::path& file, std::string_view text,
                  const std::function<void(const Row&)>& handle)
        : m_file(file), m_text(text), m_handle(handle) {}

    void run() {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_at = 3;  // a byte-order mark
        space();
        const size_t start = m_at;
        expect('{', "un objet GeoJSON");
        std::string type;
        bool features = false;
        if (!next_is('}'))
            for (;;) {
                key(m_key);
                if (m_key == "type") {
                    string(type);
                } else if (m_key == "features") {
                    features = true;
                    read_features();
                } else {
                    skip_value();
                }
                if (next_is(',')) continue;
                expect('}', "',' ou '}' après un membre");
                break;
            }
        space();
        if (m_at != m_text.size()) fail(m_at, "du texte après la fin de l'objet GeoJSON");
        if (type == "Feature" && !features) {  // a lone feature: one row
            m_at = start;
            m_feature = 1;
            read_feature();
            return;
        }
        if (type != "FeatureCollection")
            throw DataError(
                m_file.string() + " : pas une FeatureCollection GeoJSON (" +
                (type.empty() ? std::string("pas de \"type\"") : "\"type\": \"" + type + "\"") +
                ")");
        if (!features)
            throw DataError(m_file.string() + " : une FeatureCollection sans \"features\"");
    }

  private:
    // ---- errors ------------------------------------------------------------------------------

    // "FILE:LINE:COLUMN: feature N: member "M": WHY" (column in characters).
    [[noreturn]] void fail(size_t at, const std::string& why) const {
        size_t line = 1, column = 1;
        for (size_t i = 0; i < at && i < m_text.size(); ++i) {
            if (m_text[i] == '\n')
                line = 1 + line, column = 1;
            else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
                ++column;
        }
        std::string where =
            m_file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + " : ";
        if (m_in_feature) where += "objet " + std::to_string(m_feature) + " : ";
        if (!m_member.empty()) {
            where += "membre \"" + std::string(m_member);
            if (m_in_property) where += "." + m_key;
            where += "\" : ";
        }
        throw DataError(where +
                        (at >= m_text.size() ? "le fichier s'arrête ici (tronqué ?)" : why));
    }

    std::string shown(size_t at) const {
        std::string token(m_text.substr(at, 20));
        if (const auto cut = token.find_first_of("\r\n"); cut != std::string::npos)
            token.resize(cut);
        return "'" + token + (at + 20 < m_text.size() ? "...'" : "'");
    }

    // ---- tokens ------------------------------------------------------------------------------

    void space() {
        while (m_at < m_text.size() && is_space(m_text[m_at])) ++m_at;
    }
    // Skips white space; true (and consumed) when the next character is `c`.
    bool next_is(char c) {
        space();
        if (m_at < m_text.size() && m_text[m_at] == c) return ++m_at, true;
        return false;
    }
    char peek() {
        space();
        return m_at < m_text.size() ? m_text[m_at] : '\0';
    }
    void expect(char c, const char* what) {
        if (!next_is(c)) fail(m_at, std::string("attendu : ") + what + ", pas " + shown(m_at));
    }
    void literal(const char* word) {
        const size_t length = std::strlen(word);
        if (m_text.compare(m_at, length, word) != 0)
            fail(m_at, "une valeur est attendue, pas " + shown(m_at));
        m_at += length;
    }

    // A JSON string into `out` (cleared first), escapes decoded.
    void string(std::string& out) {
        out.clear();
        if (peek() != '"') fail(m_at, "une chaîne est attendue, pas " + shown(m_at));
        const size_t start = m_at++;
        for (;;) {
            // Most strings have no escape: copy up to the closing quote at once.
            const char* base = m_text.data();
            const void* quote = std::memchr(base + m_at, '"', m_text.size() - m_at);
            const size_t end = quote ? static_cast<const char*>(quote) - base : m_text.size();
            const void* slash = std::memchr(base + m_at, '\\', end - m_at);
            if (!slash) {
                if (!quote) fail(start, "une chaîne jamais fermée (tronqué ?)");
                out.append(base + m_at, end - m_at);
                m_at = end + 1;
                return;
            }
            const size_t escape = static_cast<const char*>(slash) - base;
            out.append(base + m_at, escape - m_at);
            m_at = escape + 1;
            if (m_at >= m_text.size()) fail(start, "une chaîne jamais fermée (tronqué ?)");
            const char e = m_text[m_at++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u':
                    append_utf8(out, unicode_escape());
                    break;
                default:
                    fail(escape, std::string("échappement inconnu \\") + e + " dans une chaîne");
            }
        }
    }

    uint32_t hex4(size_t at) {
        uint32_t code = 0;
        if (at + 4 > m_text.size() ||
            std::from_chars(m_text.data() + at, m_text.data() + at + 4, code, 16).ptr !=
                m_text.data() + at + 4)
            fail(at - 2, "quatre chiffres hexadécimaux attendus après \\u");
        return code;
    }
    // After "\u": a code point; a surrogate pair is one, a lone surrogate U+FFFD.
    uint32_t unicode_escape() {
        const uint32_t high = hex4(m_at);
        m_at += 4;
        if (high < 0xD800 || high > 0xDFFF) return high;
        if (high <= 0xDBFF && m_text.compare(m_at, 2, "\\u") == 0) {
            const uint32_t low = hex4(m_at + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                m_at += 6;
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            }
        }
        return 0xFFFD;
    }

    void key(std::string& out) {
        string(out);
        expect(':', "':' après un nom de membre");
    }

    // A number's text; NaN, Infinity and -Infinity are taken, as GDAL takes them.
    std::string_view number_token(double& value) {
        const size_t start = m_at;
        if (m_text.compare(m_at, 3, "NaN") == 0) {
            m_at += 3;
            value = std::numeric_limits<double>::quiet_NaN();
            return m_text.substr(start, 3);
        }
        const bool minus = m_at < m_text.size() && m_text[m_at] == '-';
        if (m_text.compare(m_at + minus, 8, "Infinity") == 0) {
            m_at += minus + 8;
            value = minus ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
            return m_text.substr(start, m_at - start);
        }
        while (m_at < m_text.size() && (std::isdigit(static_cast<unsigned char>(m_text[m_at])) ||
                                        std::strchr("+-.eE", m_text[m_at])))
            ++m_at;
        const auto [end, error] =
            std::from_chars(m_text.data() + start, m_text.data() + m_at, value);
        if (error == std::errc::result_out_of_range && end == m_text.data() + m_at)
            fail(start, "nombre hors des limites d'un réel : " + shown(start));
        if (m_at == start || error != std::errc() || end != m_text.data() + m_at)
            fail(start, "une valeur est attendue, pas " + shown(start));
        return m_text.substr(start, m_at - start);
    }

    // A number as GDAL writes it: an integer as written, any other as "%.15g" does.
    void number_text(std::string& out) {
        double value = 0;
        const std::string_view token = number_token(value);
        if (token.find_first_of(".eEIN") == std::string_view::npos) {
            out.assign(token);
            return;
        }
        char digits[40];
        const int length = std::snprintf(digits, sizeof digits, "%.15g", value);
        out.assign(digits, static_cast<size_t>(length));
    }

    // Skips any value, returning how deeply it nests. Strings, literals and numbers are
    // checked; so are the brackets of arrays and objects and their separators' places loosely
    // (what a skipped geometry holds is not needed).
    size_t skip_value() {
        std::string closers;
        size_t deepest = 0;
        do {
            const char c = peek();
            if (c == '"') {
                string(m_scratch_text);
            } else if (c == '{' || c == '[') {
                closers += c == '{' ? '}' : ']';
                deepest = std::max(deepest, closers.size());
                ++m_at;
            } else if (c == '}' || c == ']') {
                if (closers.empty() || closers.back() != c)
                    fail(m_at, std::string("inattendu : '") + c + "'");
                closers.pop_back();
                ++m_at;
            } else if (c == ',' || c == ':') {
                if (closers.empty()) fail(m_at, std::string("inattendu : '") + c + "'");
                ++m_at;
            } else if (c == 't') {
                literal("true");
            } else if (c == 'f') {
                literal("false");
            } else if (c == 'n') {
                literal("null");
            } else {
                double ignored;
                number_token(ignored);
            }
        } while (!closers.empty());
        return deepest;
    }

    // ---- features ----------------------------------------------------------------------------

    void read_features() {
        expect('[', "une liste d'objets");
        if (next_is(']')) return;
        for (;;) {
            ++m_feature;
            read_feature();
            if (next_is(',')) continue;
            expect(']', "',' ou ']' après un objet");
            return;
        }
    }

    void read_feature() {
        m_in_feature = true;
        if (peek() != '{') fail(m_at, "un objet Feature est attendu, pas " + shown(m_at));
        ++m_at;
        for (auto& v : m_row.values) v.clear();
        m_row.x.reset(), m_row.y.reset();
        m_id.clear();
        bool has_id = false;
        m_property_id = false;
        std::string type;
        if (!next_is('}'))
            for (;;) {
                key(m_key);
                if (m_key == "properties") {
                    m_member = "properties";
                    read_properties();
                } else if (m_key == "geometry") {
                    m_member = "geometry";
                    read_geometry();
                } else if (m_key == "id") {
                    m_member = "id";
                    const char c = peek();
                    if (c == '"')
                        string(m_id), has_id = true;
                    else if (c == 'n')
                        literal("null");
                    else if (c == '-' || std::isdigit(static_cast<unsigned char>(c)))
                        number_text(m_id), has_id = true;
                    else
                        fail(m_at, "une chaîne ou un nombre est attendu, pas " + shown(m_at));
                } else if (m_key == "type") {
                    m_member = "type";
                    string(type);
                } else {
                    m_member = {};
                    skip_value();
                }
                m_member = {};
                if (next_is(',')) continue;
                expect('}', "',' ou '}' après un membre");
                break;
            }
        if (!type.empty() && type != "Feature")
            fail(m_at - 1, "\"type\" vaut \"" + type + "\", pas \"Feature\"");
        if (has_id && !m_property_id) m_row.values[column("id")] = m_id;
        if (m_indexed != m_row.columns.size()) {
            m_row.index_columns();
            m_indexed = m_row.columns.size();
        }
        m_row.position = m_feature;
        m_handle(m_row);
        m_in_feature = false;
    }

    // The column of a property, added the first time it is seen.
    size_t column(const std::string& name) {
        // Features of a file usually list the same keys in the same order: try the next one.
        if (m_next < m_row.columns.size() && m_row.columns[m_next] == name) return m_next++;
        auto [found, added] = m_columns.emplace(name, m_row.columns.size());
        if (added) {
            m_row.columns.push_back(name);
            m_row.values.emplace_back();
        }
        m_next = found->second + 1;
        return found->second;
    }

    void read_properties() {
        if (peek() == 'n') return literal("null");
        if (peek() != '{') fail(m_at, "un objet ou null est attendu, pas " + shown(m_at));
        ++m_at;
        m_next = 0;
        if (next_is('}')) return;
        m_in_property = true;
        for (;;) {
            key(m_key);
            m_property_id = m_property_id || m_key == "id";
            const char c = peek();
            if (c == '{' || c == '[') {
                structured();
            } else {
                std::string& value = m_row.values[column(m_key)];
                if (c == '"')
                    string(value);
                else if (c == 't')
                    literal("true"), value.assign("1");
                else if (c == 'f')
                    literal("false"), value.assign("0");
                else if (c == 'n')
                    literal("null"), value.clear();
                else
                    number_text(value);
            }
            if (next_is(',')) continue;
            expect('}', "',' ou '}' après une propriété");
            break;
        }
        m_in_property = false;
    }

    // A list or an object: as the JSON records reader gives it (";"-joined, nested columns).
    void structured() {
        const size_t start = m_at;
        if (skip_value() > max_depth)
            fail(start, "imbriqué sur plus de " + std::to_string(max_depth) + " niveaux");
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(m_text.substr(start, m_at - start));
        } catch (const nlohmann::json::parse_error& e) {
            fail(start + (e.byte > 0 ? e.byte - 1 : 0), "valeur JSON mal formée");
        } catch (const nlohmann::json::out_of_range&) {  // "1e999"
            fail(start, "nombre hors des limites d'un réel dans " + shown(start));
        }
        m_scratch.columns.clear();
        m_scratch.values.clear();
        flatten_json(m_key, value, m_scratch);
        for (size_t i = 0; i < m_scratch.columns.size(); ++i)
            m_row.values[column(m_scratch.columns[i])] = std::move(m_scratch.values[i]);
    }

    // A Point's first two coordinates; any other geometry is skipped (no coordinates), as the
    // loader had them from GDAL.
    void read_geometry() {
        if (peek() == 'n') return literal("null");
        if (peek() != '{') fail(m_at, "un objet ou null est attendu, pas " + shown(m_at));
        ++m_at;
        std::string& type = m_scratch_text;
        bool point = false;
        double position[2];
        size_t numbers = 0;
        if (!next_is('}'))
            for (;;) {
                key(m_key);
                if (m_key == "type") {
                    string(type);
                    point = type == "Point";
                } else if (m_key == "coordinates") {
                    numbers = coordinates(position);
                } else {
                    skip_value();
                }
                if (next_is(',')) continue;
                expect('}', "',' ou '}' après un membre");
                break;
            }
        if (point && numbers >= 2) m_row.x = position[0], m_row.y = position[1];
    }

    // A position's numbers (the first two kept), or 0 when the value is not one (a polygon's
    // rings), skipped then.
    size_t coordinates(double (&position)[2]) {
        const size_t start = m_at;
        if (peek() != '[') return skip_value(), 0;
        ++m_at;
        const char first = peek();
        if (first == ']') return ++m_at, 0;
        if (first == '[' || first == '{' || first == '"') {
            m_at = start;
            skip_value();
            return 0;
        }
        size_t count = 0;
        for (;;) {
            double value = 0;
            space();
            number_token(value);
            if (count < 2) position[count] = value;
            ++count;
            if (next_is(',')) continue;
            expect(']', "',' ou ']' dans les coordonnées");
            return count;
        }
    }

    const fs::path& m_file;
    std::string_view m_text;
    const std::function<void(const Row&)>& m_handle;
    size_t m_at = 0;
    size_t m_feature = 0;  // 1-based, the feature being read
    bool m_in_feature = false;
    std::string_view m_member;  // the feature's member being read, for errors
    bool m_in_property = false;
    std::string m_key;
    std::string m_id;
    bool m_property_id = false;  // the properties have an "id" of their own
    std::string m_scratch_text;
    Row m_row, m_scratch;
    std::unordered_map<std::string, size_t> m_columns;
    size_t m_next = 0;     // the column expected for the next property
    size_t m_indexed = 0;  // columns the row's index covers
};

}  // namespace

void read_geojson(const fs::path& file, std::string_view text,
                  const std::function<void(const Row&)>& handle) {
    GeoJsonReader(file, text, handle).run();
}

}  // namespace cartoffre::detail
