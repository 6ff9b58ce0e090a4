#pragma once
// JSON read in place, one token at a time, for the GeoJSON reader (load/geojson.cpp): white
// space, strings with their escapes, numbers as GDAL writes them, literals, values skipped
// whole. An error names the file, its line and column, then what its reader was reading.

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

namespace cartoffre::detail {

class JsonScanner {
  protected:
    JsonScanner(const std::filesystem::path& file, std::string_view text)
        : m_file(file), m_text(text) {}
    ~JsonScanner() = default;

    // ---- errors ------------------------------------------------------------------------------

    // "FILE:LINE:COLUMN: feature N: member "M": WHY" (column in characters), the feature and
    // member as context() gives them.
    [[noreturn]] void fail(size_t at, const std::string& why) const;
    std::string shown(size_t at) const;
    // What is being read, for errors: "feature N: member "M": ", or nothing.
    virtual std::string context() const = 0;

    // ---- tokens ------------------------------------------------------------------------------

    static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
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
    void string(std::string& out);
    uint32_t hex4(size_t at);
    // After "\u": a code point; a surrogate pair is one, a lone surrogate U+FFFD.
    uint32_t unicode_escape();

    void key(std::string& out) {
        string(out);
        expect(':', "':' après un nom de membre");
    }

    // A number's text; NaN, Infinity and -Infinity are taken, as GDAL takes them.
    std::string_view number_token(double& value);
    // A number as GDAL writes it: an integer as written, any other as "%.15g" does.
    void number_text(std::string& out);
    // Skips any value, returning how deeply it nests. Strings, literals and numbers are
    // checked; so are the brackets of arrays and objects and their separators' places loosely
    // (what a skipped geometry holds is not needed).
    size_t skip_value();

    const std::filesystem::path& m_file;
    std::string_view m_text;
    size_t m_at = 0;
    std::string m_scratch_text;  // a string read to be skipped
};

}  // namespace cartoffre::detail
