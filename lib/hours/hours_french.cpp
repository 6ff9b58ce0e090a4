// The grammar of French opening hours: clauses of days then hours, closings ("fermé le
// mercredi", "fermeture le jeudi après-midi"), and the time runs of one day.

#include "hours/hours_french.hpp"

#include <algorithm>
#include <initializer_list>

namespace cartoffre::detail {

namespace {

constexpr const char* day_names[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                     "vendredi", "samedi", "dimanche"};
constexpr int noon = 12 * 60, two_pm = 14 * 60;

struct Failure {
    std::string why;
};

enum class Part { all, morning, afternoon };

struct Closing {
    uint8_t days = 0;
    Part part = Part::all;
};

struct RunTime {
    int minutes;
    bool bare;  // a number without 'h' ("de 14 - 17h30")
};

// How two consecutive times are joined.
enum Link : uint8_t { dash = 1, slash = 2, to = 4, list = 8 };

class FrenchParser {
  public:
    explicit FrenchParser(std::vector<FrenchToken> tokens) : m_tokens(std::move(tokens)) {}

    RulesParse run_text() {
        RulesParse result;
        try {
            for (;;) {
                skip_separators();
                if (peek().kind == FrenchToken::end) break;
                if (closing_ahead())
                    read_closing(0);
                else if (days_ahead(m_pos))
                    read_day_clause();
                else if (time_ahead())
                    fail("des heures sans jours : '" + near() + "'");
                else if (is_word("tous"))
                    fail("'" + near() + "' ne dit pas quels jours");
                else
                    fail("non compris : '" + near() + "'");
            }
            apply_closings();
            if (std::all_of(m_week.begin(), m_week.end(), [](auto& d) { return d.empty(); }))
                fail("aucun horaire d'ouverture");
            result.rules = rules_of_week(m_week);
            if (m_holidays_closed) {
                Rule holidays;
                holidays.holidays = true;
                holidays.closed = true;
                result.rules.push_back(holidays);
            }
            result.ok = true;
            result.warnings = std::move(m_warnings);
        } catch (const Failure& failure) {
            result.error = failure.why;
        }
        return result;
    }

    DayParse run_day() {
        DayParse result;
        try {
            while (is_mark('-') || is_mark('\n')) next();
            if (is_word("ferme") || is_word("fermee")) next();
            if (peek().kind != FrenchToken::end) {
                result.hours = read_times();
                while (is_mark('.') || is_mark('\n')) next();
                if (peek().kind != FrenchToken::end) fail("non compris : '" + near() + "'");
            }
            result.ok = true;
            result.warnings = std::move(m_warnings);
        } catch (const Failure& failure) {
            result.error = failure.why;
        }
        return result;
    }

  private:
    [[noreturn]] void fail(const std::string& why) const { throw Failure{why}; }
    void warn(const std::string& what) {
        if (std::find(m_warnings.begin(), m_warnings.end(), what) == m_warnings.end())
            m_warnings.push_back(what);
    }

    const FrenchToken& peek(size_t ahead = 0) const {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const FrenchToken& at(size_t i) const { return m_tokens[std::min(i, m_tokens.size() - 1)]; }
    void next() {
        if (m_pos + 1 < m_tokens.size()) ++m_pos;
    }
    bool is_word(const char* w, size_t ahead = 0) const {
        return peek(ahead).kind == FrenchToken::word && peek(ahead).text == w;
    }
    bool is_any_word(std::initializer_list<const char*> words, size_t i) const {
        for (const char* w : words)
            if (at(i).kind == FrenchToken::word && at(i).text == w) return true;
        return false;
    }
    bool is_mark(char c, size_t ahead = 0) const {
        return peek(ahead).kind == FrenchToken::mark && peek(ahead).text[0] == c;
    }
    bool time_ahead() const {
        const size_t i = is_word("de") ? m_pos + 1 : m_pos;
        return at(i).kind == FrenchToken::time || at(i).kind == FrenchToken::number;
    }
    std::string near() const {
        std::string text;
        for (size_t i = m_pos; i < m_pos + 6 && at(i).kind != FrenchToken::end; ++i)
            text += (text.empty() ? "" : " ") + (at(i).text == "\n" ? "/" : at(i).text);
        return text;
    }

    // Punctuation, "et", and words that say nothing about the hours. Parentheses are only
    // skipped: what they hold must still read as days and hours, or the text fails.
    void skip_separators() {
        for (;;) {
            const FrenchToken& t = peek();
            if (t.kind == FrenchToken::mark &&
                std::string_view("\n;.,:-/\"()!").find(t.text[0]) != std::string_view::npos) {
                next();
            } else if (is_any_word({"et", "puis", "horaires", "horaire", "ouverture", "ouvert",
                                    "ouverte", "ouverts", "permanence", "permanences"},
                                   m_pos)) {
                next();
            } else if (is_word("d'") && is_word("ouverture", 1)) {
                next();
            } else if (is_word("ainsi") && is_word("que", 1)) {
                next();
                next();
            } else if (is_word("sans") && is_word("rendez-vous", 1)) {
                next();  // open without an appointment: the hours are still the opening hours
                next();
            } else if (is_word("avec") && is_word("ou", 1) && is_word("sans", 2) &&
                       is_word("rendez-vous", 3)) {
                for (int i = 0; i < 4; ++i) next();
            } else {
                return;
            }
        }
    }

    bool days_ahead(size_t i) const {
        while (is_any_word({"le", "les", "du"}, i)) ++i;
        return at(i).kind == FrenchToken::day || is_any_word({"week-end", "weekend"}, i);
    }
    bool closing_ahead() const {
        return is_any_word({"ferme", "fermee", "fermes", "fermees", "fermeture", "sauf"}, m_pos);
    }

    // "du lundi au vendredi", "lundi, mardi et jeudi", "mardi-jeudi-vendredi", "week-end",
    // "du lundi au vendredi sauf le mercredi".
    uint8_t read_days() {
        uint8_t days = 0;
        for (;;) {
            while (is_any_word({"le", "les", "du"}, m_pos)) next();
            if (is_word("week-end") || is_word("weekend")) {
                days |= 0x60;
                next();
            } else if (peek().kind == FrenchToken::day) {
                days |= read_day_item();
            } else {
                fail("un jour est attendu : '" + near() + "'");
            }
            if ((is_mark(',') || is_word("et") || is_mark('/')) && days_ahead(m_pos + 1)) {
                next();
                continue;
            }
            break;
        }
        if (is_word("sauf") && days_ahead(m_pos + 1)) {
            next();
            days &= static_cast<uint8_t>(~read_days());
        }
        return days;
    }

    uint8_t read_day_item() {
        const int first = peek().value;
        next();
        if (is_any_word({"au", "aux", "a"}, m_pos) && days_ahead(m_pos + 1)) {
            next();
            while (is_any_word({"le", "les"}, m_pos)) next();
            if (peek().kind != FrenchToken::day) fail("un jour est attendu : '" + near() + "'");
            const int last = peek().value;
            next();
            return day_range(first, last);
        }
        std::vector<int> chain{first};
        while (is_mark('-') && peek(1).kind == FrenchToken::day) {
            next();
            chain.push_back(peek().value);
            next();
        }
        // More than two days joined by dashes are a list (mardi-jeudi-vendredi); two days that
        // do not follow each other may be a list or a range.
        if (chain.size() == 2 && chain[1] != (chain[0] + 1) % 7)
            fail("'" + std::string(day_names[chain[0]]) + "-" + day_names[chain[1]] +
                 "' peut être deux jours ou les jours entre eux");
        uint8_t days = 0;
        for (int d : chain) days |= static_cast<uint8_t>(1 << d);
        return days;
    }
    static uint8_t day_range(int first, int last) {
        uint8_t days = 0;
        for (int d = first;; d = (d + 1) % 7) {
            days |= static_cast<uint8_t>(1 << d);
            if (d == last) break;
        }
        return days;
    }

    Part read_part() {
        if ((is_word("l'") || is_word("le")) &&
            is_any_word({"matin", "matins", "matinee", "apres-midi", "apres"}, m_pos + 1))
            next();
        if (is_any_word({"matin", "matins", "matinee"}, m_pos)) {
            next();
            return Part::morning;
        }
        if (is_word("apres-midi")) {
            next();
            return Part::afternoon;
        }
        if (is_word("apres") && is_mark('-', 1) && is_word("midi", 2)) {
            for (int i = 0; i < 3; ++i) next();
            return Part::afternoon;
        }
        return Part::all;
    }

    void read_day_clause() {
        const size_t begin = m_pos;
        const uint8_t days = read_days();
        std::string label;
        for (size_t i = begin; i < m_pos; ++i) label += (label.empty() ? "" : " ") + at(i).text;
        const Part part = read_part();
        skip_separators();
        if (closing_ahead()) {
            read_closing(days);
            return;
        }
        if (!time_ahead())
            fail("pas d'heures après '" + label + "'" +
                 (part == Part::all ? "" : " (un moment de la journée n'est pas une heure)"));
        std::vector<Interval> hours = read_times();
        for (auto [start, end] : hours)
            if ((part == Part::morning && end > two_pm) ||
                (part == Part::afternoon && start < noon))
                fail("des heures qui ne vont pas avec le moment de la journée après '" + label +
                     "'");
        for (int d = 0; d < 7; ++d)
            if (days >> d & 1) add_hours(d, hours);
    }

    void add_hours(int day, const std::vector<Interval>& hours) {
        std::vector<Interval>& today = m_week[day];
        for (auto [start, end] : hours)
            for (auto [s, e] : today)
                if (start < e && s < end)
                    fail(std::string("heures données deux fois pour le ") + day_names[day]);
        today.insert(today.end(), hours.begin(), hours.end());
        std::sort(today.begin(), today.end());
        std::vector<Interval> joined;
        for (auto interval : today) {
            if (!joined.empty() && interval.first <= joined.back().second)
                joined.back().second = std::max(joined.back().second, interval.second);
            else
                joined.push_back(interval);
        }
        today = std::move(joined);
    }

    // "fermé le mercredi", "fermeture au public le jeudi après-midi", "Samedi : fermé",
    // "fermé les jours fériés".
    void read_closing(uint8_t days) {
        next();
        if (is_word("au") && is_word("public", 1)) {
            next();
            next();
        }
        Part part = read_part();
        if (days == 0) {
            while (is_any_word({"le", "les"}, m_pos)) next();
            if (is_word("jours") && (is_word("feries", 1) || is_word("ferie", 1))) {
                next();
                next();
                m_holidays_closed = true;
                return;
            }
            if (!days_ahead(m_pos)) fail("fermé quand ? '" + near() + "'");
            days = read_days();
            part = read_part();
        }
        m_closings.push_back({days, part});
    }

    void apply_closings() {
        for (const Closing& closing : m_closings)
            for (int d = 0; d < 7; ++d) {
                if (!(closing.days >> d & 1)) continue;
                std::vector<Interval> kept;
                for (auto [start, end] : m_week[d]) {
                    const bool morning = start < noon && end <= two_pm;
                    const bool afternoon = start >= noon;
                    if (closing.part != Part::all && !morning && !afternoon)
                        fail(std::string("impossible de dire quelles heures ferment le ") +
                             (closing.part == Part::morning ? "matin" : "après-midi") + " du " +
                             day_names[d]);
                    if (closing.part == Part::all ||
                        (closing.part == Part::morning ? morning : afternoon))
                        continue;
                    kept.push_back({start, end});
                }
                m_week[d] = std::move(kept);
            }
    }

    // A run of times and the words joining them, read as ranges: "9h-12h / 14h-17h",
    // "de 9h à 12h et de 14h à 17h", "9h/12h - 14h/17h", "8h45 - 12h30 - 13h30 - 17h30".
    std::vector<Interval> read_times() {
        if (is_word("de")) next();
        std::vector<RunTime> times;
        std::vector<uint8_t> links;  // between times[i] and times[i + 1]
        std::string run;
        for (;;) {
            const FrenchToken& t = peek();
            if (t.kind == FrenchToken::number && (t.value < 0 || t.value > 24))
                fail("pas une heure : '" + t.text + "'");
            if (t.kind != FrenchToken::time && t.kind != FrenchToken::number)
                fail("une heure est attendue : '" + near() + "'");
            times.push_back({t.kind == FrenchToken::time ? t.value : t.value * 60,
                             t.kind == FrenchToken::number});
            run += t.text;
            next();
            uint8_t link = 0;
            size_t i = m_pos;
            std::string joint;
            for (;; ++i) {
                const FrenchToken& c = at(i);
                if (c.kind == FrenchToken::mark && (c.text == "-" || c.text == "\n"))
                    link |= c.text == "-" ? dash : 0;
                else if (c.kind == FrenchToken::mark && c.text == "/")
                    link |= slash;
                else if (c.kind == FrenchToken::mark && c.text == ",")
                    link |= list;
                else if (is_any_word({"a", "jusqu'"}, i))
                    link |= to;
                else if (is_any_word({"et"}, i))
                    link |= list;
                else if (!is_any_word({"de"}, i))
                    break;
                joint += " " + (c.text == "\n" ? std::string("/") : c.text);
            }
            if (at(i).kind != FrenchToken::time && at(i).kind != FrenchToken::number) break;
            links.push_back(link);
            run += joint + " ";
            m_pos = i;
        }
        return pair_times(times, links, run);
    }

    // Times by twos, each pair joined by a dash, a slash or "à", the pairs by anything but "à";
    // a slash inside the pairs and between them would leave the reading to a guess.
    std::vector<Interval> pair_times(const std::vector<RunTime>& times,
                                     const std::vector<uint8_t>& links, const std::string& run) {
        const std::string quoted = "'" + run + "'";
        if (times.size() % 2) fail("une heure sans sa paire dans " + quoted);
        bool slash_inside = false, slash_between = false, chained = false;
        std::vector<Interval> hours;
        for (size_t i = 0; i < times.size(); i += 2) {
            const uint8_t inside = links[i];
            if (!(inside & (dash | slash | to)) || (inside & list))
                fail("pas une plage horaire : " + quoted);
            slash_inside = slash_inside || inside == slash;
            if (i > 0) {
                const uint8_t between = links[i - 1];
                if (between & to) fail("pas une plage horaire : " + quoted);
                slash_between = slash_between || (between & slash);
                chained = chained || (between == dash && inside == dash);
            }
            const RunTime &start = times[i], &end = times[i + 1];
            if (start.bare && end.bare)
                fail("des nombres qui ne sont pas clairement des heures : " + quoted);
            if (start.bare || end.bare)
                warn("une heure sans 'h' lue comme heure pleine : " + quoted);
            if (end.minutes < start.minutes)
                fail("une plage qui finit avant de commencer : " + quoted);
            if (end.minutes == start.minutes)
                warn("plage de durée nulle lue comme fermée : " + quoted);
            else
                hours.push_back({start.minutes, end.minutes});
        }
        // Ranges in any order, a range written twice: one reading only. Overlapping ones are
        // not joined: "9h-16h / 13h-16h" more likely hides a typing error than means 9h-16h.
        std::sort(hours.begin(), hours.end());
        const size_t written = hours.size();
        hours.erase(std::unique(hours.begin(), hours.end()), hours.end());
        if (hours.size() != written) warn("une plage écrite deux fois : " + quoted);
        for (size_t i = 1; i < hours.size(); ++i) {
            if (hours[i].first < hours[i - 1].second)
                fail("des plages horaires qui se chevauchent : " + quoted);
        }
        std::vector<Interval> joined;
        for (auto range : hours) {
            if (!joined.empty() && range.first == joined.back().second)
                joined.back().second = range.second;
            else
                joined.push_back(range);
        }
        hours = std::move(joined);
        if (slash_inside && slash_between)
            fail("'/' à la fois dans et entre les plages : " + quoted);
        if (chained) warn("heures enchaînées par '-' lues comme des plages : " + quoted);
        return hours;
    }

    std::vector<FrenchToken> m_tokens;
    size_t m_pos = 0;
    Week m_week;
    std::vector<Closing> m_closings;
    bool m_holidays_closed = false;
    std::vector<std::string> m_warnings;
};

}  // namespace

RulesParse parse_french(std::string_view text) {
    return FrenchParser(lex_french(text)).run_text();
}

DayParse parse_day_hours(std::string_view text) {
    return FrenchParser(lex_french(text)).run_day();
}

}  // namespace cartoffre::detail
