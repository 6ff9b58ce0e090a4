// Folding and cutting French hours text into tokens.

#include <algorithm>
#include <cctype>
#include <cstring>

#include "hours/hours_french.hpp"

namespace cartoffre::detail {

namespace {

// Two-byte UTF-8 Latin-1 letters (second byte after 0xC3) and what they fold to.
char fold_latin1(unsigned char second) {
    static constexpr const char* from =
        "\xa0\xa2\xa4\xa7\xa8\xa9\xaa\xab\xae\xaf\xb4\xb9\xbb\xbc"
        "\x80\x82\x87\x88\x89\x8a\x8e\x94";
    static constexpr const char* to = "aaaceeeeiiouuuaaceeeio";
    const char* at = std::strchr(from, static_cast<char>(second));
    return at && second ? to[at - from] : '\0';
}

bool ascii_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return ascii_lower(c) || ascii_upper(c);
}

// Lowercase ASCII: accents dropped, no-break spaces and typographic apostrophes and dashes made
// plain, HTML tags turned into line breaks, and a space where a word runs into the next one's
// capital ("17 heuresLe vendredi"), as text pasted from web pages often does. A character
// that has no ASCII meaning here becomes '?', which no rule accepts.
std::string fold(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '<') {
            const size_t close = text.find('>', i);
            if (close != std::string_view::npos) {
                out += '\n';
                i = close;
                continue;
            }
        }
        if (c < 0x80) {
            if (ascii_upper(static_cast<char>(c)) && i > 0 && ascii_lower(text[i - 1])) out += ' ';
            out += static_cast<char>(std::tolower(c));
            continue;
        }
        const unsigned char next = i + 1 < text.size() ? text[i + 1] : 0;
        const unsigned char third = i + 2 < text.size() ? text[i + 2] : 0;
        if (c == 0xC2 && next == 0xA0) {  // no-break space
            out += ' ';
            ++i;
        } else if (c == 0xC3 && fold_latin1(next)) {
            out += fold_latin1(next);
            ++i;
        } else if (c == 0xE2 && next == 0x80 && (third == 0x99 || third == 0x98)) {
            out += '\'';
            i += 2;
        } else if (c == 0xE2 && next == 0x80 && (third == 0x93 || third == 0x94)) {
            out += '-';
            i += 2;
        } else if (c == 0xE2 && next == 0x80 && third == 0xAF) {  // narrow no-break space
            out += ' ';
            i += 2;
        } else {
            out += '?';
            while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80)
                ++i;
        }
    }
    return out;
}

constexpr const char* day_words[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                     "vendredi", "samedi", "dimanche"};
// Words written with a hyphen that stay one word; any other hyphenated run is cut at its
// hyphens ("mardi-jeudi", "lundi-vendredi").
constexpr const char* hyphenated[] = {"apres-midi", "week-end", "rendez-vous"};

int day_of(const std::string& word) {
    for (int d = 0; d < 7; ++d)
        if (word == day_words[d] || word == std::string(day_words[d]) + "s") return d;
    return -1;
}

class Lexer {
  public:
    explicit Lexer(std::string text) : m_text(std::move(text)) {}

    std::vector<FrenchToken> run() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\r') {
                ++m_pos;
            } else if (is_digit(c)) {
                read_number();
            } else if (is_letter(c)) {
                read_word();
            } else {
                push(FrenchToken::mark, 0, std::string(1, c));
                ++m_pos;
            }
        }
        push(FrenchToken::end, 0, "");
        return std::move(m_tokens);
    }

  private:
    char at(size_t i) const { return i < m_text.size() ? m_text[i] : '\0'; }
    size_t skip_spaces(size_t i) const {
        while (at(i) == ' ' || at(i) == '\t') ++i;
        return i;
    }
    void push(FrenchToken::Kind kind, int value, std::string text) {
        m_tokens.push_back({kind, value, std::move(text)});
    }

    // 9h, 9h30, 9 h 30, 17 heures, 09:00, 08 :30, or a bare number.
    void read_number() {
        const size_t begin = m_pos;
        int value = 0;
        // Only one or two digits make a time: longer runs are kept small, not overflowed.
        while (is_digit(at(m_pos))) value = std::min(value * 10 + (m_text[m_pos++] - '0'), 1000);
        if (m_pos - begin > 2) {
            push(FrenchToken::number, -1, m_text.substr(begin, m_pos - begin));
            return;
        }
        size_t i = skip_spaces(m_pos);
        int minutes = -1;
        if (at(i) == 'h') {
            ++i;
            if (m_text.compare(i, 4, "eure") == 0) {
                i += 4;
                if (at(i) == 's') ++i;
            }
            minutes = 0;
            const size_t after = skip_spaces(i);
            // Minutes only when not themselves an hour ("9h 12h" is two times).
            if (is_digit(at(after)) && is_digit(at(after + 1)) && !is_digit(at(after + 2))) {
                const size_t next = skip_spaces(after + 2);
                if (at(next) != 'h' && at(next) != ':') {
                    minutes = (at(after) - '0') * 10 + (at(after + 1) - '0');
                    i = after + 2;
                }
            }
        } else if (at(i) == ':') {
            const size_t after = skip_spaces(i + 1);
            if (is_digit(at(after)) && is_digit(at(after + 1)) && !is_digit(at(after + 2))) {
                minutes = (at(after) - '0') * 10 + (at(after + 1) - '0');
                i = after + 2;
            }
        }
        if (minutes < 0 || minutes > 59 || value > 24 || (value == 24 && minutes > 0)) {
            push(FrenchToken::number, value, m_text.substr(begin, m_pos - begin));
            return;
        }
        m_pos = i;
        push(FrenchToken::time, value * 60 + minutes, m_text.substr(begin, i - begin));
    }

    void read_word() {
        const size_t begin = m_pos;
        while (is_letter(at(m_pos)) || (at(m_pos) == '-' && is_letter(at(m_pos + 1))) ||
               (at(m_pos) == '\'' && is_letter(at(m_pos - 1))))
            ++m_pos;
        std::string word = m_text.substr(begin, m_pos - begin);
        // Elisions stand alone: "d'ouverture", "l'apres-midi", "jusqu'a".
        const size_t apostrophe = word.rfind('\'');
        if (apostrophe != std::string::npos) {
            push(FrenchToken::word, 0, word.substr(0, apostrophe + 1));
            word = word.substr(apostrophe + 1);
            if (word.empty()) return;
        }
        bool whole = word.find('-') == std::string::npos;
        for (const char* w : hyphenated) whole = whole || word == w;
        if (whole) {
            push_word(word);
            return;
        }
        size_t start = 0;
        for (;;) {
            const size_t dash = word.find('-', start);
            push_word(word.substr(start, dash - start));
            if (dash == std::string::npos) break;
            push(FrenchToken::mark, 0, "-");
            start = dash + 1;
        }
    }
    void push_word(const std::string& word) {
        const int day = day_of(word);
        if (day >= 0)
            push(FrenchToken::day, day, word);
        else
            push(FrenchToken::word, 0, word);
    }

    std::string m_text;
    size_t m_pos = 0;
    std::vector<FrenchToken> m_tokens;
};

}  // namespace

std::vector<FrenchToken> lex_french(std::string_view text) {
    return Lexer(fold(text)).run();
}

}  // namespace cartoffre::detail
