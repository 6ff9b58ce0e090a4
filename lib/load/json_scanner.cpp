#include "load/json_scanner.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>

#include "cartoffre/error.hpp"
#include "load/utf8.hpp"

namespace cartoffre::detail {

void JsonScanner::fail(size_t at, const std::string& why) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < at && i < m_text.size(); ++i) {
        if (m_text[i] == '\n')
            line = 1 + line, column = 1;
        else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
            ++column;
    }
    std::string where =
        m_file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + " : ";
    where += context();
    throw DataError(where + (at >= m_text.size() ? "le fichier s'arrête ici (tronqué ?)" : why));
}

std::string JsonScanner::shown(size_t at) const {
    std::string token(m_text.substr(at, 20));
    if (const auto cut = token.find_first_of("\r\n"); cut != std::string::npos) token.resize(cut);
    return "'" + token + (at + 20 < m_text.size() ? "...'" : "'");
}

void JsonScanner::string(std::string& out) {
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

uint32_t JsonScanner::hex4(size_t at) {
    uint32_t code = 0;
    if (at + 4 > m_text.size() ||
        std::from_chars(m_text.data() + at, m_text.data() + at + 4, code, 16).ptr !=
            m_text.data() + at + 4)
        fail(at - 2, "quatre chiffres hexadécimaux attendus après \\u");
    return code;
}
uint32_t JsonScanner::unicode_escape() {
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

std::string_view JsonScanner::number_token(double& value) {
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
    const auto [end, error] = std::from_chars(m_text.data() + start, m_text.data() + m_at, value);
    if (error == std::errc::result_out_of_range && end == m_text.data() + m_at)
        fail(start, "nombre hors des limites d'un réel : " + shown(start));
    if (m_at == start || error != std::errc() || end != m_text.data() + m_at)
        fail(start, "une valeur est attendue, pas " + shown(start));
    return m_text.substr(start, m_at - start);
}

void JsonScanner::number_text(std::string& out) {
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

size_t JsonScanner::skip_value() {
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

}  // namespace cartoffre::detail
