#include "hours/hours_osm.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace cartoffre::detail {

namespace {

constexpr std::string_view weekday_words[] = {"mo", "tu", "we", "th", "fr", "sa", "su"};
constexpr std::string_view month_words[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

bool is_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

struct Failure {
    std::string why;
};

class OsmParser {
  public:
    explicit OsmParser(std::string_view text) : m_text(text) {}

    RulesParse run() {
        RulesParse result;
        try {
            skip_spaces();
            if (at_end()) fail("aucun horaire d'ouverture");
            bool additional = false;
            for (;;) {
                Rule rule = read_rule();
                rule.additional = additional;
                result.rules.push_back(std::move(rule));
                skip_spaces();
                if (at_end()) break;
                if (m_text.substr(m_pos, 2) == "||")
                    fail("les règles de repli ('||') ne sont pas prises en charge");
                if (accept(';')) {
                    skip_spaces();
                    if (at_end()) break;  // a trailing ';' is harmless
                    additional = false;
                } else if (peek() == ',' && next_is_selector()) {
                    accept(',');
                    additional = true;
                } else {
                    fail("inattendu : " + rest());
                }
            }
            // "9h-12h" is French; read as OSM it would name every day of the week.
            for (const Rule& rule : result.rules)
                if (m_french_times && rule.weekdays == 0 && !rule.holidays && rule.dates.empty())
                    fail("des heures sans jours");
            result.ok = true;
            result.warnings = std::move(m_warnings);
        } catch (const Failure& failure) {
            result.rules.clear();
            result.error = failure.why;
        }
        return result;
    }

  private:
    [[noreturn]] void fail(const std::string& why) { throw Failure{why}; }
    void warn(const std::string& what) {
        for (auto& w : m_warnings)
            if (w == what) return;
        m_warnings.push_back(what);
    }

    bool at_end() const { return m_pos >= m_text.size(); }
    char peek(size_t ahead = 0) const {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    void skip_spaces() {
        while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) ++m_pos;
    }
    bool accept(char c) {
        skip_spaces();
        if (peek() != c) return false;
        ++m_pos;
        return true;
    }
    // The text from here, to quote in an error.
    std::string rest() const {
        std::string_view r = m_text.substr(m_pos, 24);
        return "'" + std::string(r) + (m_pos + 24 < m_text.size() ? "...'" : "'");
    }

    // A word of letters here, lowercase, without consuming it.
    std::string word() const {
        std::string w;
        for (size_t i = m_pos; i < m_text.size() && is_letter(m_text[i]); ++i)
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(m_text[i])));
        return w;
    }
    std::optional<int> find_word(const std::string_view* words, int count) const {
        const std::string w = word();
        for (int i = 0; i < count; ++i)
            if (w == words[i]) return i;
        return std::nullopt;
    }
    std::optional<int> weekday_here() const { return find_word(weekday_words, 7); }
    std::optional<int> month_here() const { return find_word(month_words, 12); }
    bool selector_here() const {
        const std::string w = word();
        return weekday_here() || month_here() || w == "ph" || w == "sh";
    }

    Rule read_rule() {
        Rule rule;
        skip_spaces();
        if (m_text.substr(m_pos, 4) == "24/7") {
            m_pos += 4;
            rule.spans.push_back({0, minutes_per_day});
            return rule;
        }
        bool selectors = false;
        if (month_here()) {
            read_dates(rule);
            selectors = true;
        }
        skip_spaces();
        if (selector_here()) {
            read_weekdays(rule);
            selectors = true;
        }
        if (selectors && accept(':')) warn("deux-points après les jours");
        skip_spaces();
        bool times = false;
        if (is_digit(peek())) {
            read_times(rule);
            times = true;
        }
        skip_spaces();
        const std::string modifier = word();
        if (modifier == "off" || modifier == "closed") {
            if (times)
                fail("fermeture d'une partie de la journée ('" + modifier +
                     "' après les heures) non prise en charge");
            m_pos += modifier.size();
            rule.closed = true;
        } else if (modifier == "open") {
            m_pos += modifier.size();
        } else if (modifier == "unknown") {
            fail("'unknown' hours");
        } else if (peek() == '"') {
            fail("commentaires non pris en charge : " + rest());
        } else if (!selectors && !times) {
            fail("des jours ou des heures sont attendus à " + rest());
        }
        if (!rule.closed && !times) rule.spans.push_back({0, minutes_per_day});
        if (times && rule.spans.empty()) rule.closed = true;  // only zero-length ranges
        return rule;
    }

    // "Aug", "Jan-Jun", "Dec 25", "Dec 24-26", "Dec 24-Jan 02"; a month without a day stands
    // for all of it.
    void read_dates(Rule& rule) {
        do {
            skip_spaces();
            auto from_month = month_here();
            if (!from_month) fail("un mois est attendu à " + rest());
            m_pos += 3;
            const std::optional<int> from_day = read_month_day();
            int to_month = *from_month;
            std::optional<int> to_day = from_day;
            if (peek_after_spaces() == '-' && !time_after_dash()) {
                accept('-');
                skip_spaces();
                if (auto month = month_here()) {
                    m_pos += 3;
                    to_month = *month;
                    to_day = read_month_day();
                } else if (auto day = read_month_day(); day && from_day) {
                    to_day = day;
                } else {
                    fail("un mois est attendu à " + rest());
                }
            }
            rule.dates.push_back({month_day(*from_month, from_day.value_or(1)),
                                  month_day(to_month, to_day.value_or(31))});
        } while (peek_after_spaces() == ',' && next_is_month() && accept(','));
    }
    static uint16_t month_day(int month, int day) {
        return static_cast<uint16_t>((month + 1) * 32 + day);
    }

    // A day of the month (1-31) here, not a time.
    std::optional<int> read_month_day() {
        skip_spaces();
        if (!is_digit(peek()) || time_ahead()) return std::nullopt;
        const size_t begin = m_pos;
        int day = 0;  // kept small: a long run of digits must not overflow
        while (is_digit(peek())) day = std::min(day * 10 + (m_text[m_pos++] - '0'), 100);
        if (day < 1 || day > 31)
            fail("ce jour du mois n'existe pas : " +
                 std::string(m_text.substr(begin, m_pos - begin)));
        return day;
    }
    char peek_after_spaces() const {
        size_t i = m_pos;
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i]))) ++i;
        return i < m_text.size() ? m_text[i] : '\0';
    }
    // Digits here followed by ':' or 'h': a time rather than a day.
    bool time_ahead() const {
        size_t i = m_pos;
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i]))) ++i;
        size_t digits = 0;
        while (i < m_text.size() && is_digit(m_text[i])) ++i, ++digits;
        return digits > 0 && i < m_text.size() && (m_text[i] == ':' || m_text[i] == 'h');
    }
    bool time_after_dash() const {
        OsmParser probe = *this;
        probe.accept('-');
        return probe.time_ahead();
    }
    bool next_is_month() const {
        OsmParser probe = *this;
        probe.accept(',');
        probe.skip_spaces();
        return probe.month_here().has_value();
    }
    bool next_is_selector() const {
        OsmParser probe = *this;
        probe.accept(',');
        probe.skip_spaces();
        return probe.selector_here();
    }

    void read_weekdays(Rule& rule) {
        do {
            skip_spaces();
            const std::string w = word();
            if (w == "ph") {
                m_pos += 2;
                rule.holidays = true;
                continue;
            }
            if (w == "sh") fail("les vacances scolaires (SH) ne sont pas connues");
            auto first = weekday_here();
            if (!first) fail("un jour de la semaine est attendu à " + rest());
            m_pos += 2;
            if (accept('[')) {
                rule.weekdays |= static_cast<uint8_t>(1 << *first);
                rule.nth[*first] |= read_nth();
                continue;
            }
            int last = *first;
            if (peek_after_spaces() == '-') {
                accept('-');
                skip_spaces();
                auto to = weekday_here();
                if (!to) fail("un jour de la semaine est attendu à " + rest());
                m_pos += 2;
                last = *to;
            }
            for (int d = *first;; d = (d + 1) % 7) {  // Fr-Mo wraps over the weekend
                rule.weekdays |= static_cast<uint8_t>(1 << d);
                if (d == last) break;
            }
        } while (peek_after_spaces() == ',' && next_is_selector() && accept(','));
    }

    // "1", "1,3", "1-2", "-1" up to ']'.
    uint8_t read_nth() {
        uint8_t bits = 0;
        do {
            skip_spaces();
            const bool last = accept('-');
            skip_spaces();
            if (!is_digit(peek())) fail("un numéro de semaine est attendu à " + rest());
            const int n = m_text[m_pos++] - '0';
            if (last) {
                if (n != 1) fail("seul le dernier jour du mois ([-1]) est pris en charge");
                bits |= nth_last;
                continue;
            }
            int to = n;
            if (accept('-')) {
                skip_spaces();
                if (!is_digit(peek())) fail("un numéro de semaine est attendu à " + rest());
                to = m_text[m_pos++] - '0';
            }
            if (n < 1 || to > 5 || to < n) fail("les semaines du mois sont numérotées de 1 à 5");
            for (int k = n; k <= to; ++k) bits |= static_cast<uint8_t>(1 << (k - 1));
        } while (accept(','));
        if (!accept(']')) fail("']' attendu à " + rest());
        return bits;
    }

    void read_times(Rule& rule) {
        std::vector<Span> spans;
        do {
            skip_spaces();
            const size_t start_pos = m_pos;
            const int start = read_time(false);
            skip_spaces();
            if (peek() == '+') fail("les heures sans fin ('+') ne sont pas prises en charge");
            if (!accept('-'))
                fail("une heure sans fin : '" +
                     std::string(m_text.substr(start_pos, m_pos - start_pos)) + "'");
            skip_spaces();
            int end = read_time(true);
            if (peek_after_spaces() == '-' && time_after_dash())
                fail("trois heures à la suite ne se lisent pas comme des plages : '" +
                     std::string(m_text.substr(start_pos, m_pos - start_pos)) + "-...'");
            const std::string range(m_text.substr(start_pos, m_pos - start_pos));
            if (end == start) {
                warn("plage de durée nulle " + range + " lue comme fermée");
                continue;
            }
            if (end < start) {
                end += minutes_per_day;
                warn("la plage " + range + " finit le lendemain");
            }
            spans.push_back({static_cast<uint16_t>(start), static_cast<uint16_t>(end)});
        } while (peek_after_spaces() == ',' && !next_is_selector() && accept(','));
        if (overlap(spans)) warn("plages horaires qui se chevauchent réunies");
        normalize_spans(spans);
        rule.spans = std::move(spans);
    }

    static bool overlap(std::vector<Span> spans) {
        std::sort(spans.begin(), spans.end(),
                  [](const Span& a, const Span& b) { return a.start < b.start; });
        for (size_t i = 1; i < spans.size(); ++i)
            if (spans[i].start < spans[i - 1].end) return true;
        return false;
    }

    // HH:MM, also H:MM and the French 9h / 9h30 (with a warning); an end may be 24:00 or an
    // extended hour up to 48:00.
    int read_time(bool end) {
        const size_t start_pos = m_pos;
        int hour = 0, digits = 0;
        while (is_digit(peek()) && digits < 3) hour = hour * 10 + (m_text[m_pos++] - '0'), ++digits;
        if (digits == 0 || digits > 2) fail("une heure est attendue à " + rest());
        skip_spaces();
        int minute = 0;
        if (peek() == 'h' || peek() == 'H') {
            ++m_pos;
            if (is_digit(peek()) && is_digit(peek(1))) {
                minute = (peek() - '0') * 10 + (peek(1) - '0');
                m_pos += 2;
            }
            if (!m_french_times)
                warn("heures écrites à la française, comme '" +
                     std::string(m_text.substr(start_pos, m_pos - start_pos)) + "'");
            m_french_times = true;
        } else if (accept(':')) {
            skip_spaces();
            if (!is_digit(peek()) || !is_digit(peek(1)))
                fail("des minutes sont attendues à " + rest());
            minute = (peek() - '0') * 10 + (peek(1) - '0');
            m_pos += 2;
        } else {
            fail("une heure est attendue à '" + std::string(m_text.substr(start_pos, 24)) + "'");
        }
        const int value = hour * 60 + minute;
        if (minute > 59 || value > (end ? 2 * minutes_per_day : minutes_per_day - 1))
            fail("cette heure n'existe pas : '" +
                 std::string(m_text.substr(start_pos, m_pos - start_pos)) + "'");
        return value;
    }

    std::string_view m_text;
    size_t m_pos = 0;
    std::vector<std::string> m_warnings;
    bool m_french_times = false;
};

}  // namespace

RulesParse parse_osm(std::string_view text) {
    return OsmParser(text).run();
}

bool looks_like_osm(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    text.remove_prefix(i);
    if (text.substr(0, 4) == "24/7") return true;
    std::string w;
    for (char c : text) {
        if (!is_letter(c)) break;
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (w == "ph" || w == "sh") return true;
    for (auto day : weekday_words)
        if (w == day) return true;
    for (auto month : month_words)
        if (w == month) return true;
    return false;
}

}  // namespace cartoffre::detail
