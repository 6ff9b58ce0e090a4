#pragma once
// The "not ineligible" rule of class (c) in C++, for the Xapian peer's MatchDecider: the same
// statement as the PostGIS SQL (sql::not_ineligible in bench/postgis_sql.hpp), clause by clause,
// over the facts an offer stores in a Xapian value. It does not call the library's eligibility
// code: like the SQL, it restates the rules from the published tables (statuses, implied
// statuses, what each public means), so that an agreement with cartoffre means something.

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workload.hpp"

namespace bench {

// An offer's facts as the peer stores them: where it is, how it is delivered, and its criteria
// (ages -1 when absent; dates ISO, empty when absent).
struct StoredFacts {
    bool in_person = false, remote = false, located = false;
    double lat = 0, lon = 0;
    int64_t commune = -1;
    int age_min = -1, age_max = -1;
    std::string genre, accueil, session_end, suspended_until;
    std::vector<std::string> st_req, st_excl, publics, closures;  // closures: from, to, ...

    // One string, fields separated by \x1e and list items by \x1f (codes hold neither).
    static std::string pack(const FlatOffer& f) {
        const Offer& o = *f.offer;
        const Criteria& c = o.criteria;
        std::string out;
        const auto at = o.location();
        const double where[2] = {at ? at->lat : 0, at ? at->lon : 0};
        out.append(reinterpret_cast<const char*>(where), sizeof where);  // every bit
        out += o.is_in_person() ? '1' : '0';
        out += o.is_remote() ? '1' : '0';
        out += at ? '1' : '0';
        auto field = [&](const std::string& s) { out += s + '\x1e'; };
        auto list = [&](const std::vector<std::string>& items) {
            for (size_t i = 0; i < items.size(); ++i) out += (i ? "\x1f" : "") + items[i];
            out += '\x1e';
        };
        field(std::to_string(f.commune));
        field(std::to_string(c.age_min.value_or(-1)));
        field(std::to_string(c.age_max.value_or(-1)));
        field(c.genre);
        field(c.accueil);
        field(c.session_end);
        field(c.suspended_until);
        list(c.statuses_required);
        list(c.statuses_excluded);
        list(o.publics);
        std::vector<std::string> closures;
        for (auto& k : c.closures) closures.push_back(k.from), closures.push_back(k.to);
        list(closures);
        return out;
    }

    static StoredFacts unpack(std::string_view in) {
        StoredFacts f;
        double where[2];
        std::memcpy(where, in.data(), sizeof where);
        f.lat = where[0], f.lon = where[1];
        f.in_person = in[16] == '1', f.remote = in[17] == '1', f.located = in[18] == '1';
        in.remove_prefix(19);
        auto next = [&] {
            const size_t end = in.find('\x1e');
            const std::string_view s = in.substr(0, end);
            in.remove_prefix(end + 1);
            return std::string(s);
        };
        auto items = [&] {
            std::vector<std::string> out;
            const std::string s = next();
            for (size_t start = 0; !s.empty() && start <= s.size();) {
                size_t end = s.find('\x1f', start);
                if (end == std::string::npos) end = s.size();
                out.push_back(s.substr(start, end - start));
                start = end + 1;
            }
            return out;
        };
        f.commune = std::stoll(next());
        f.age_min = std::stoi(next());
        f.age_max = std::stoi(next());
        f.genre = next();
        f.accueil = next();
        f.session_end = next();
        f.suspended_until = next();
        f.st_req = items();
        f.st_excl = items();
        f.publics = items();
        f.closures = items();
        return f;
    }
};

// Judges offers for one query's person, as the SQL does.
class PersonRules {
  public:
    PersonRules(const Person& person, const Date& today, const Taxonomy& taxonomy)
        : m_person(person),
          m_today(today.to_string()),
          m_taxonomy(taxonomy),
          m_tables(detail::EligibilityTables::builtin()),
          m_rules(m_tables.public_rules(taxonomy.publics())) {}

    bool ineligible(const StoredFacts& f) const {
        const int age = *m_person.profile.age;
        // Absent bounds read as 0 and 255, as the SQL's coalesce does.
        const int low = f.age_min < 0 ? 0 : f.age_min, high = f.age_max < 0 ? 255 : f.age_max;
        const bool bounded = low > 0 || high < 255;
        if (bounded && !(age >= low && age <= high)) return true;
        if (!f.st_req.empty() && !any_in(f.st_req, m_person.held) &&
            all_in(f.st_req, m_person.known))
            return true;
        if (any_in(f.st_excl, m_person.held)) return true;
        const std::string& genre = m_person.profile.genre;
        if (!genre.empty() && !f.genre.empty() && f.genre != genre) return true;
        if (f.accueil == "exclusif" && !f.publics.empty() &&
            std::find(f.publics.begin(), f.publics.end(), "tous-publics") == f.publics.end() &&
            std::all_of(f.publics.begin(), f.publics.end(),
                        [&](const std::string& p) { return outside(p, f, bounded); }))
            return true;
        if (!f.session_end.empty() && m_today > f.session_end) return true;
        if (!f.suspended_until.empty() && m_today <= f.suspended_until) return true;
        for (size_t i = 0; i + 1 < f.closures.size(); i += 2)
            if (m_today >= f.closures[i] && m_today <= f.closures[i + 1]) return true;
        return false;
    }

  private:
    static bool any_in(const std::vector<std::string>& a, const std::vector<std::string>& b) {
        return std::any_of(a.begin(), a.end(),
                           [&](auto& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
    }
    static bool all_in(const std::vector<std::string>& a, const std::vector<std::string>& b) {
        return std::all_of(a.begin(), a.end(),
                           [&](auto& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
    }

    // Whether the person surely stands outside public `code` (sql::outside_public); a code
    // without a rule, or meaning anyone, never excludes.
    bool outside(const std::string& code, const StoredFacts& f, bool bounded) const {
        const auto i = m_taxonomy.publics().find(code);
        if (!i || m_rules[*i].everyone) return false;
        const auto& rule = m_rules[*i];
        const int age = *m_person.profile.age;
        if (rule.age_min || rule.age_max) {
            // The offer's own age bounds say what it means by "jeunes" or "seniors".
            const int low = bounded ? std::max(f.age_min, 0) : rule.age_min.value_or(0);
            const int high = bounded ? (f.age_max < 0 || f.age_max == 255 ? INT_MAX : f.age_max)
                                     : rule.age_max.value_or(INT_MAX);
            if (age >= low && age <= high) return false;
        }
        if (!rule.genre.empty() &&
            (m_person.profile.genre.empty() || m_person.profile.genre == rule.genre))
            return false;
        if (rule.statuses) {
            bool all_known = true, holds = false;
            for (uint32_t b = rule.statuses; b; b &= b - 1) {
                const std::string& s =
                    m_tables.status_code(static_cast<uint32_t>(__builtin_ctz(b)));
                all_known = all_known && std::find(m_person.known.begin(), m_person.known.end(),
                                                   s) != m_person.known.end();
                holds = holds || std::find(m_person.held.begin(), m_person.held.end(), s) !=
                                     m_person.held.end();
            }
            if (!all_known || holds) return false;
        }
        return true;
    }

    const Person& m_person;
    const std::string m_today;
    const Taxonomy& m_taxonomy;
    const detail::EligibilityTables& m_tables;
    const std::vector<detail::EligibilityTables::PublicRule> m_rules;
};

}  // namespace bench
