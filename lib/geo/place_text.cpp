#include "geo/place_text.hpp"

#include <algorithm>
#include <vector>

namespace cartoffre::detail {

namespace {

// What std::regex's \s matched in the "C" locale.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
// \w in the "C" locale: ASCII letters, digits and '_'.
bool is_word(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_a_or_b(char c) {
    return c == 'a' || c == 'b' || c == 'A' || c == 'B';
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A cursor over the text; every step moves forward, so each scan is linear.
struct Scan {
    std::string_view text;
    size_t at = 0;

    bool done() const { return at == text.size(); }
    char peek(size_t ahead = 0) const { return at + ahead < text.size() ? text[at + ahead] : '\0'; }
    void spaces() {
        while (!done() && is_space(text[at])) ++at;
    }
    size_t digits() {
        const size_t start = at;
        while (!done() && is_digit(text[at])) ++at;
        return at - start;
    }
    bool take(char c) {
        if (done() || text[at] != c) return false;
        ++at;
        return true;
    }
    // [-+]?[0-9]+(\.[0-9]+)?, empty when there is none here.
    std::string_view decimal() {
        const size_t start = at;
        if (peek() == '-' || peek() == '+') ++at;
        if (digits() == 0) {
            at = start;
            return {};
        }
        if (peek() == '.' && is_digit(peek(1))) {
            ++at;
            digits();
        }
        return text.substr(start, at - start);
    }
    // Case-insensitive ASCII word.
    bool take_word(std::string_view word) {
        if (text.size() - at < word.size()) return false;
        for (size_t i = 0; i < word.size(); ++i)
            if (lower(text[at + i]) != word[i]) return false;
        at += word.size();
        return true;
    }
};

}  // namespace

size_t character_count(std::string_view text) {
    size_t count = 0;
    for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

std::optional<PointText> match_point(std::string_view text) {
    Scan s{text};
    s.spaces();
    PointText point;
    point.latitude = std::string(s.decimal());
    if (point.latitude.empty()) return std::nullopt;
    s.spaces();
    if (!s.take(',') && !s.take(';')) return std::nullopt;
    s.spaces();
    point.longitude = std::string(s.decimal());
    if (point.longitude.empty()) return std::nullopt;
    s.spaces();
    if (!s.done()) return std::nullopt;
    return point;
}

std::optional<CodeText> match_code_form(std::string_view text) {
    Scan s{text};
    s.spaces();
    CodeText form;
    if (s.take_word("insee"))
        form.kind = "insee";
    else if (s.take_word("cp"))
        form.kind = "cp";
    else
        return std::nullopt;
    s.spaces();
    if (!s.take(':')) return std::nullopt;
    s.spaces();
    const size_t start = s.at;
    while (!s.done() && !is_space(s.peek())) ++s.at;
    if (s.at == start) return std::nullopt;
    form.code = std::string(text.substr(start, s.at - start));
    s.spaces();
    if (!s.done()) return std::nullopt;
    return form;
}

std::optional<std::string> match_five(std::string_view text) {
    Scan s{text};
    s.spaces();
    const size_t start = s.at;
    if (s.digits() != 5) {
        s.at = start;
        if (!(s.take('2') && is_a_or_b(s.peek()))) return std::nullopt;
        ++s.at;
        if (s.digits() != 3) return std::nullopt;
    }
    const std::string code(text.substr(start, s.at - start));
    s.spaces();
    if (!s.done()) return std::nullopt;
    return code;
}

std::optional<NamedInDepartement> match_with_departement(std::string_view text, bool loose) {
    // The departement's parenthesis is the last '(': what follows it holds none.
    const size_t open = text.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    Scan s{text, open + 1};
    s.spaces();
    const size_t start = s.at;
    if (loose) {
        while (!s.done() && is_word(s.peek())) ++s.at;
        if (s.at - start < 2 || s.at - start > 3) return std::nullopt;
    } else {
        const size_t digits = s.digits();
        if (digits < 2 || digits > 3) {
            s.at = start;
            if (!(s.take('2') && is_a_or_b(s.peek()))) return std::nullopt;
            ++s.at;
        }
    }
    NamedInDepartement out;
    out.departement = std::string(text.substr(start, s.at - start));
    s.spaces();
    if (!s.take(')')) return std::nullopt;
    s.spaces();
    if (!s.done()) return std::nullopt;
    // The name: up to its last non-space character, with no line break (as '.' matched).
    size_t end = open;
    while (end > 0 && is_space(text[end - 1])) --end;
    if (end == 0) return std::nullopt;
    out.name = std::string(text.substr(0, end));
    if (out.name.find_first_of("\n\r") != std::string::npos) return std::nullopt;
    return out;
}

namespace {

bool is_separator(char c) {
    return is_space(c) || c == ',';
}

// Whether `token` is a code that may stand beside a name: five digits, or (after it) two or
// three digits or 2A/2B.
bool is_code_token(std::string_view token, bool after) {
    const size_t digits = static_cast<size_t>(std::count_if(token.begin(), token.end(), is_digit));
    if (digits == token.size()) return digits == 5 || (after && (digits == 2 || digits == 3));
    return after && token.size() == 2 && token[0] == '2' && is_a_or_b(token[1]);
}

// The name left once the code is taken off: trimmed of separators, with at least one letter.
std::optional<std::string> name_part(std::string_view text) {
    size_t first = 0, last = text.size();
    while (first < last && is_separator(text[first])) ++first;
    while (last > first && is_separator(text[last - 1])) --last;
    const std::string_view name = text.substr(first, last - first);
    // Non-ASCII bytes are letters here (É, î...): a name of digits alone is not a name.
    const bool letter = std::any_of(name.begin(), name.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0x80) || (is_word(c) && !is_digit(c));
    });
    if (!letter || name.find_first_of("\n\r") != std::string_view::npos) return std::nullopt;
    return std::string(name);
}

}  // namespace

std::optional<NamedWithCode> match_name_with_code(std::string_view text) {
    size_t end = text.size();
    while (end > 0 && is_separator(text[end - 1])) --end;
    size_t start = end;
    while (start > 0 && !is_separator(text[start - 1])) --start;
    if (start > 0 && is_code_token(text.substr(start, end - start), true))
        if (auto name = name_part(text.substr(0, start)))
            return NamedWithCode{std::move(*name), std::string(text.substr(start, end - start))};
    size_t begin = 0;
    while (begin < text.size() && is_separator(text[begin])) ++begin;
    size_t stop = begin;
    while (stop < text.size() && !is_separator(text[stop])) ++stop;
    if (stop < text.size() && is_code_token(text.substr(begin, stop - begin), false))
        if (auto name = name_part(text.substr(stop)))
            return NamedWithCode{std::move(*name), std::string(text.substr(begin, stop - begin))};
    return std::nullopt;
}

bool is_code_start(std::string_view folded) {
    Scan s{folded};
    const size_t digits = s.digits();
    if (digits >= 1 && digits <= 5 && s.done()) return true;
    s.at = 0;
    if (!(s.take('2') && (s.peek() == 'a' || s.peek() == 'b'))) return false;
    ++s.at;
    return s.digits() <= 3 && s.done();
}

// Only the cells within `limit` of the diagonal can hold a distance that small, so only they are
// measured (2 * limit + 1 per row, not the whole row), and a row whose every cell exceeds the limit
// ends the measure (the cells only grow from one row to the next). The row is kept between calls:
// suggest() measures tens of thousands of names.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    const size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    const size_t over = limit + 1;  // any distance past the limit
    thread_local std::vector<size_t> row;
    row.assign(m + 1, over);
    for (size_t j = 0; j <= std::min(m, limit); ++j) row[j] = j;
    for (size_t i = 1; i <= n; ++i) {
        const size_t first = i > limit ? i - limit : 1;
        const size_t last = std::min(m, i + limit);
        // row[first - 1] is this row's left border: i in column 0, else outside the band.
        size_t diagonal = row[first - 1];
        row[first - 1] = first == 1 ? std::min(i, over) : over;
        size_t least = row[first - 1];
        for (size_t j = first; j <= last; ++j) {
            const size_t up = row[j];
            const size_t cell =
                std::min({up + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            row[j] = std::min(cell, over);
            diagonal = up;
            least = std::min(least, row[j]);
        }
        if (least > limit) return over;
    }
    return std::min(row[m], over);
}

}  // namespace cartoffre::detail
