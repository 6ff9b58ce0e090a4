#pragma once
// The embedded peer: SQLite with an FTS5 table (unicode61, diacritics removed, no stemming:
// SQLite has no French stemmer), an R*Tree of the offers delivered in person, and side tables
// for themes, categories and zones; publics, statuses and closures as JSON arrays (json_each).
// The same rules as the PostGIS peer (bench/postgis_sql.hpp) for the geographic classes and,
// for a person, the same "not ineligible" condition in SQLite's SQL; distances by a haversine
// function registered on the connection. Statements are prepared for each query (their lists
// of codes vary).
//
// The build is what a competent user would write: one transaction, journal_mode=OFF and
// synchronous=OFF while loading, prepared inserts, the B-tree indexes created after the rows.

#include <sqlite3.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "postgis_sql.hpp"
#include "workload.hpp"

namespace bench {

class Sqlite {
  public:
    explicit Sqlite(const std::string& file) {
        if (sqlite3_open(file.c_str(), &m_db) != SQLITE_OK)
            throw std::runtime_error("SQLite " + file + ": " + sqlite3_errmsg(m_db));
        sqlite3_create_function(m_db, "hav", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                &haversine, nullptr, nullptr);
        exec("PRAGMA cache_size = -262144");  // 256 MB: the whole database stays warm
    }
    ~Sqlite() { sqlite3_close(m_db); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error("SQLite: " + message + " in: " + sql.substr(0, 400));
        }
    }

    void load(const std::vector<FlatOffer>& offers, const Taxonomy& taxonomy) {
        exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN");
        exec(
            "CREATE TABLE offers (pos INTEGER PRIMARY KEY, id TEXT, lat REAL, lon REAL, "
            "in_person INT, remote INT, commune INT, nzones INT, frais TEXT, publics TEXT, "
            "age_min INT, age_max INT, genre TEXT, st_req TEXT, st_excl TEXT, accueil TEXT, "
            "session_end TEXT, suspended_until TEXT, closures TEXT)");
        exec("CREATE TABLE offer_theme (pos INT, theme TEXT)");
        exec("CREATE TABLE offer_category (pos INT, category TEXT)");
        exec("CREATE TABLE offer_zone (pos INT, key TEXT)");
        exec("CREATE VIRTUAL TABLE geo USING rtree(pos, minlat, maxlat, minlon, maxlon)");
        exec(
            "CREATE VIRTUAL TABLE fts USING fts5(title, themes, body, "
            "tokenize = 'unicode61 remove_diacritics 2')");
        Statement offer(m_db,
                        "INSERT INTO offers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?)"),
            theme(m_db, "INSERT INTO offer_theme VALUES (?, ?)"),
            category(m_db, "INSERT INTO offer_category VALUES (?, ?)"),
            zone(m_db, "INSERT INTO offer_zone VALUES (?, ?)"),
            geo(m_db, "INSERT INTO geo VALUES (?, ?, ?, ?, ?)"),
            fts(m_db, "INSERT INTO fts (rowid, title, themes, body) VALUES (?, ?, ?, ?)");
        for (size_t i = 0; i < offers.size(); ++i) {
            const FlatOffer& f = offers[i];
            const Offer& o = *f.offer;
            const auto pos = static_cast<sqlite3_int64>(i);
            const auto at = o.location();
            sqlite3_bind_int64(offer.s, 1, pos);
            sqlite3_bind_text(offer.s, 2, o.id.c_str(), -1, SQLITE_TRANSIENT);
            if (at)
                sqlite3_bind_double(offer.s, 3, at->lat), sqlite3_bind_double(offer.s, 4, at->lon);
            else
                sqlite3_bind_null(offer.s, 3), sqlite3_bind_null(offer.s, 4);
            sqlite3_bind_int(offer.s, 5, o.is_in_person());
            sqlite3_bind_int(offer.s, 6, o.is_remote());
            if (f.commune >= 0)
                sqlite3_bind_int64(offer.s, 7, f.commune);
            else
                sqlite3_bind_null(offer.s, 7);
            sqlite3_bind_int64(offer.s, 8, static_cast<sqlite3_int64>(f.zones.size()));
            sqlite3_bind_text(offer.s, 9, o.frais.c_str(), -1, SQLITE_TRANSIENT);
            criteria(offer, o);
            offer.step();
            for (auto& t : o.thematiques) pair(theme, pos, t);
            for (auto& c : f.categories) pair(category, pos, c);
            for (auto& z : f.zones) pair(zone, pos, z);
            if (at && o.is_in_person()) {
                sqlite3_bind_int64(geo.s, 1, pos);
                sqlite3_bind_double(geo.s, 2, at->lat), sqlite3_bind_double(geo.s, 3, at->lat);
                sqlite3_bind_double(geo.s, 4, at->lon), sqlite3_bind_double(geo.s, 5, at->lon);
                geo.step();
            }
            const std::string title = o.nom + ". " + o.structure_nom,
                              themes = taxonomy.theme_text(o),
                              body = o.description + ". " + o.publics_precisions + ". " +
                                     o.conditions_acces + ". " + o.frais_precisions;
            sqlite3_bind_int64(fts.s, 1, pos);
            sqlite3_bind_text(fts.s, 2, title.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(fts.s, 3, themes.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(fts.s, 4, body.c_str(), -1, SQLITE_TRANSIENT);
            fts.step();
        }
        exec("CREATE INDEX offer_theme_pos ON offer_theme (pos, theme)");
        exec("CREATE INDEX offer_category_pos ON offer_category (pos, category)");
        exec("CREATE INDEX offer_zone_pos ON offer_zone (pos, key)");
        exec("CREATE INDEX offers_commune ON offers (commune)");
        exec("CREATE INDEX offers_remote ON offers (remote)");
        exec("COMMIT; ANALYZE");
    }

    Answer run(const Spec& s, size_t limit);

  private:
    struct Statement {
        sqlite3_stmt* s = nullptr;
        Statement(sqlite3* db, const std::string& sql) {
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
                throw std::runtime_error("SQLite: " + std::string(sqlite3_errmsg(db)) +
                                         " in: " + sql.substr(0, 600));
        }
        ~Statement() { sqlite3_finalize(s); }
        bool step() {
            const int rc = sqlite3_step(s);
            if (rc == SQLITE_DONE) {
                sqlite3_reset(s);
                return false;
            }
            if (rc != SQLITE_ROW)
                throw std::runtime_error("SQLite: " +
                                         std::string(sqlite3_errmsg(sqlite3_db_handle(s))));
            return true;
        }
        std::string text(int column) {
            const unsigned char* t = sqlite3_column_text(s, column);
            return t ? reinterpret_cast<const char*>(t) : "";
        }
    };
    // Columns 10-19 of an offer's row: its publics and criteria.
    static void criteria(Statement& st, const Offer& o) {
        const Criteria& c = o.criteria;
        auto text = [&](int column, const std::string& value, bool null_when_empty) {
            if (value.empty() && null_when_empty)
                sqlite3_bind_null(st.s, column);
            else
                sqlite3_bind_text(st.s, column, value.c_str(), -1, SQLITE_TRANSIENT);
        };
        auto number = [&](int column, const std::optional<int>& value) {
            if (value)
                sqlite3_bind_int(st.s, column, *value);
            else
                sqlite3_bind_null(st.s, column);
        };
        std::vector<std::string> closures;
        for (auto& k : c.closures) closures.push_back(json({k.from, k.to}));
        text(10, json(o.publics), false);
        number(11, c.age_min);
        number(12, c.age_max);
        text(13, c.genre, false);
        text(14, json(c.statuses_required), false);
        text(15, json(c.statuses_excluded), false);
        text(16, c.accueil, false);
        text(17, c.session_end, true);
        text(18, c.suspended_until, true);
        std::string list = "[";
        for (size_t i = 0; i < closures.size(); ++i) list += (i ? "," : "") + closures[i];
        text(19, list + "]", false);
    }
    // A JSON array of strings.
    static std::string json(const std::vector<std::string>& items) {
        std::string out = "[";
        for (size_t i = 0; i < items.size(); ++i) {
            out += i ? ",\"" : "\"";
            for (char ch : items[i]) {
                if (ch == '"' || ch == '\\') out += '\\';
                out += ch;
            }
            out += '"';
        }
        return out + "]";
    }
    static void pair(Statement& st, sqlite3_int64 pos, const std::string& code) {
        sqlite3_bind_int64(st.s, 1, pos);
        sqlite3_bind_text(st.s, 2, code.c_str(), -1, SQLITE_TRANSIENT);
        st.step();
    }
    static void haversine(sqlite3_context* context, int, sqlite3_value** v) {
        const LatLon a{sqlite3_value_double(v[0]), sqlite3_value_double(v[1])};
        const LatLon b{sqlite3_value_double(v[2]), sqlite3_value_double(v[3])};
        sqlite3_result_double(context, distance_km(a, b));
    }
    sqlite3* m_db = nullptr;
};

namespace lite {

inline std::string list(const std::vector<std::string>& codes) {
    std::string out;
    for (auto& c : codes) out += (out.empty() ? "" : ",") + sql::quote(c);
    return "(" + out + ")";
}

// The distance in km from the nearest origin of the place.
inline std::string distance(const Place& place) {
    std::string d;
    for (auto& o : place.origins)
        d += (d.empty() ? "" : ", ") + std::string("hav(o.lat, o.lon, ") + sql::number(o.lat) +
             ", " + sql::number(o.lon) + ")";
    return place.origins.size() == 1 ? d : "min(" + d + ")";
}

inline std::string communes(const Place& place) {
    std::string out;
    for (uint32_t c : place.communes) out += (out.empty() ? "" : ",") + std::to_string(c);
    return "(" + out + ")";
}

// Candidates around the place: the R*Tree boxes, the place's communes, remote offers.
inline std::string candidates(const Spec& s) {
    std::string out;
    const double r = s.query.radius_km;
    for (auto& o : s.place.origins) {
        const double dlat = r / 111.0 + 0.01,
                     dlon = r / (111.0 * std::cos(o.lat * M_PI / 180)) + 0.01;
        out += (out.empty() ? "" : " UNION ") +
               std::string("SELECT pos FROM geo WHERE minlat <= ") + sql::number(o.lat + dlat) +
               " AND maxlat >= " + sql::number(o.lat - dlat) +
               " AND minlon <= " + sql::number(o.lon + dlon) +
               " AND maxlon >= " + sql::number(o.lon - dlon);
    }
    out += " UNION SELECT pos FROM offers WHERE commune IN " + communes(s.place);
    if (s.query.remote != Remote::exclude) out += " UNION SELECT pos FROM offers WHERE remote = 1";
    return out;
}

inline std::string near(const Spec& s) {
    return "(o.in_person AND ((o.lat IS NOT NULL AND " + distance(s.place) +
           " <= " + sql::number(s.query.radius_km) + ") OR o.commune IN " + communes(s.place) +
           "))";
}

inline std::string filters(const Spec& s) {
    std::string where = "1";
    if (!s.query.place.empty()) {
        where +=
            " AND (o.nzones = 0 OR EXISTS (SELECT 1 FROM offer_zone z WHERE z.pos = o.pos "
            "AND z.key IN " +
            list(s.zone_keys) + "))";
        where += s.query.remote == Remote::exclude ? " AND " + near(s)
                                                   : " AND (" + near(s) + " OR o.remote)";
    }
    if (!s.themes.empty())
        where += " AND EXISTS (SELECT 1 FROM offer_theme t WHERE t.pos = o.pos AND t.theme IN " +
                 list(s.themes) + ")";
    if (!s.query.frais.empty()) where += " AND o.frais IN " + list(s.query.frais);
    if (!s.query.publics.empty()) {
        std::vector<std::string> publics = s.query.publics;
        publics.push_back("tous-publics");
        where +=
            " AND (o.publics = '[]' OR EXISTS (SELECT 1 FROM json_each(o.publics) WHERE value IN " +
            list(publics) + "))";
    }
    return where;
}

// Not ineligible for the person on the day: sql::not_ineligible's clauses, arrays read with
// json_each (the condition on one public, sql::outside_public, is SQL both engines read).
inline std::string not_ineligible(const Spec& s, const Taxonomy& taxonomy) {
    const Person& p = *s.person;
    const auto& tables = detail::EligibilityTables::builtin();
    const auto rules = tables.public_rules(taxonomy.publics());
    const std::string age = std::to_string(*p.profile.age);
    const std::string today = sql::quote(s.today.to_string());
    auto has = [](const std::string& array, const std::string& condition) {
        return "EXISTS (SELECT 1 FROM json_each(" + array + ") WHERE " + condition + ")";
    };
    std::string bad = "((coalesce(o.age_min, 0) > 0 OR coalesce(o.age_max, 255) < 255) AND NOT (" +
                      age + " BETWEEN coalesce(o.age_min, 0) AND coalesce(o.age_max, 255)))";
    bad += " OR (o.st_req <> '[]' AND NOT " + has("o.st_req", "value IN " + list(p.held)) +
           " AND NOT " + has("o.st_req", "value NOT IN " + list(p.known)) + ")";
    bad += " OR " + has("o.st_excl", "value IN " + list(p.held));
    if (!p.profile.genre.empty())
        bad += " OR (o.genre <> '' AND o.genre <> " + sql::quote(p.profile.genre) + ")";
    std::string cases;
    for (uint32_t i = 0; i < rules.size(); ++i)
        if (!rules[i].everyone)
            cases += " WHEN " + sql::quote(taxonomy.publics().code(i)) + " THEN " +
                     sql::outside_public(rules[i], p, tables);
    bad += " OR (o.accueil = 'exclusif' AND o.publics <> '[]' AND NOT " +
           has("o.publics", "value = 'tous-publics'") + " AND NOT " +
           has("o.publics", "NOT (CASE value" + cases + " ELSE false END)") + ")";
    bad += " OR " + today + " > o.session_end";
    bad += " OR " + today + " <= o.suspended_until";
    bad += " OR " + has("o.closures", today + " BETWEEN value ->> 0 AND value ->> 1");
    return "NOT coalesce(" + bad + ", false)";
}

// The words as an FTS5 query: every word (of two letters or more) required.
inline std::string match(const std::string& text) {
    std::string out, word;
    auto flush = [&] {
        if (word.size() > 1) out += (out.empty() ? "\"" : " \"") + word + "\"";
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\'' || c == '-' || c == '"')
            flush();
        else
            word += c;
    }
    flush();
    return out;
}

}  // namespace lite

inline Answer Sqlite::run(const Spec& s, size_t limit) {
    Answer a;
    auto collect = [&](Statement& st) {
        while (st.step()) {
            a.ids.push_back(st.text(0));
            a.km.push_back(sqlite3_column_type(st.s, 1) == SQLITE_NULL
                               ? std::nullopt
                               : std::optional<double>(sqlite3_column_double(st.s, 1)));
        }
    };
    const std::string lim = " LIMIT " + std::to_string(limit);
    switch (s.kind) {
        case Kind::a:
        case Kind::c: {
            std::string where = lite::filters(s);
            if (s.person) where += " AND " + lite::not_ineligible(s, Taxonomy::builtin());
            Statement st(m_db, "WITH cand(pos) AS (" + lite::candidates(s) +
                                   ") SELECT o.id, CASE WHEN " + lite::near(s) + " THEN " +
                                   lite::distance(s.place) +
                                   " END AS d FROM cand JOIN offers o ON o.pos = cand.pos WHERE " +
                                   where + " ORDER BY d IS NULL, d, o.id" + lim);
            collect(st);
            break;
        }
        case Kind::b:
        case Kind::d: {
            std::string from = "fts JOIN offers o ON o.pos = fts.rowid";
            Statement st(m_db, "SELECT o.id, NULL FROM " + from + " WHERE fts MATCH " +
                                   sql::quote(lite::match(s.query.text)) + " AND " +
                                   lite::filters(s) + " ORDER BY bm25(fts, 10.0, 4.0, 1.0), o.id" +
                                   lim);
            collect(st);
            break;
        }
        case Kind::e: {
            const Viewport& b = s.box;
            const std::string in = "SELECT pos FROM geo WHERE maxlat >= " + sql::number(b.south) +
                                   " AND minlat <= " + sql::number(b.north) +
                                   " AND maxlon >= " + sql::number(b.west) +
                                   " AND minlon <= " + sql::number(b.east);
            Statement total(m_db, "SELECT count(*) FROM (" + in + ")");
            if (total.step()) a.total = static_cast<size_t>(sqlite3_column_int64(total.s, 0));
            while (total.step()) {
            }
            Statement counts(m_db, "SELECT category, count(*) FROM offer_category WHERE pos IN (" +
                                       in + ") GROUP BY category");
            while (counts.step())
                a.counts.emplace_back(counts.text(0),
                                      static_cast<size_t>(sqlite3_column_int64(counts.s, 1)));
            break;
        }
        case Kind::f: {
            std::string after;
            for (size_t page = 0; page < s.pages; ++page) {
                Statement st(m_db, "WITH cand(pos) AS (" + lite::candidates(s) +
                                       ") SELECT * FROM (SELECT o.id, " + lite::distance(s.place) +
                                       " AS d FROM cand JOIN offers o ON o.pos = cand.pos WHERE " +
                                       lite::filters(s) + ")" + after + " ORDER BY d, id LIMIT 20");
                const size_t before = a.ids.size();
                collect(st);
                if (a.ids.size() - before < 20) break;
                after = " WHERE d > " + sql::number(*a.km.back()) +
                        " OR (d = " + sql::number(*a.km.back()) + " AND id > " +
                        sql::quote(a.ids.back()) + ")";
            }
            break;
        }
    }
    return a;
}

}  // namespace bench
