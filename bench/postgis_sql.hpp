#pragma once
// cartoffre's search rules in PostgreSQL + PostGIS SQL, for each query class. Codes are quoted
// as literals; the words go as a parameter. The rules mirrored (lib/index/search.cpp,
// lib/index/search_context.cpp, lib/eligibility/eligibility.cpp):
// - an offer delivered in person is near when located within the radius of the place (sphere,
//   as ST_DWithin(..., false)) or located in one of the place's communes; a remote offer is
//   kept unless the query excludes remote offers;
// - an offer listing eligibility zones must list one of the place commune's keys;
// - themes match by overlap; publics: an offer without publics, or for tous-publics, matches;
// - for a person (strict mode): every offer not ineligible, ineligible meaning a known fact
//   outside a criterion (age, statuses, genre, exclusive publics) or the day past the session,
//   within a suspension or a closure.

#include <climits>
#include <cstdio>
#include <string>
#include <vector>

#include "postgis.hpp"

namespace bench {

namespace sql {

inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

inline std::string array(const std::vector<std::string>& codes) {
    std::string out = "'{";
    for (size_t i = 0; i < codes.size(); ++i) out += (i ? ",\"" : "\"") + codes[i] + "\"";
    return out + "}'::text[]";
}

inline std::string number(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", x);
    return buffer;
}

// The place's origins as one geography (a point, or a multipoint for several).
inline std::string origins(const Place& place) {
    std::string wkt = place.origins.size() == 1 ? "POINT(" : "MULTIPOINT(";
    for (size_t i = 0; i < place.origins.size(); ++i)
        wkt += (i ? "," : "") + number(place.origins[i].lon) + " " + number(place.origins[i].lat);
    return "'SRID=4326;" + wkt + ")'::geography";
}

inline std::string near(const Spec& s) {
    std::string communes;
    for (uint32_t c : s.place.communes)
        communes += (communes.empty() ? "" : ",") + std::to_string(c);
    return "(in_person AND (ST_DWithin(geog, " + origins(s.place) + ", " +
           number(s.query.radius_km * 1000) + ", false) OR commune IN (" + communes + ")))";
}

inline std::string distance(const Spec& s) {
    return "CASE WHEN " + near(s) + " THEN ST_Distance(geog, " + origins(s.place) + ", false) END";
}

// What the query's place, zones and filters ask, as one condition.
inline std::string filters(const Spec& s) {
    const Query& q = s.query;
    std::string where = "true";
    if (!q.place.empty()) {
        where += " AND (cardinality(zones) = 0 OR zones && " + array(s.zone_keys) + ")";
        where +=
            q.remote == Remote::exclude ? " AND " + near(s) : " AND (" + near(s) + " OR remote)";
    }
    if (!s.themes.empty()) where += " AND themes && " + array(s.themes);
    if (!q.frais.empty()) where += " AND frais = ANY(" + array(q.frais) + ")";
    if (!q.publics.empty()) {
        std::vector<std::string> publics = q.publics;
        publics.push_back("tous-publics");
        where += " AND (cardinality(publics) = 0 OR publics && " + array(publics) + ")";
    }
    return where;
}

// Whether the person surely stands outside public `p` of an offer (its facts all say no).
inline std::string outside_public(const detail::EligibilityTables::PublicRule& rule,
                                  const Person& person, const detail::EligibilityTables& tables) {
    std::string parts = "true";
    const int age = *person.profile.age;
    if (rule.age_min || rule.age_max) {
        // The offer's own age bounds say what it means by "jeunes" or "seniors".
        const std::string bounded = "(coalesce(age_min, 0) > 0 OR coalesce(age_max, 255) < 255)";
        const std::string low = "CASE WHEN " + bounded + " THEN coalesce(age_min, 0) ELSE " +
                                std::to_string(rule.age_min.value_or(0)) + " END";
        const std::string high = "CASE WHEN " + bounded + " THEN coalesce(nullif(age_max, 255), " +
                                 std::to_string(INT_MAX) + ") ELSE " +
                                 std::to_string(rule.age_max.value_or(INT_MAX)) + " END";
        parts += " AND NOT (" + std::to_string(age) + " BETWEEN " + low + " AND " + high + ")";
    }
    if (!rule.genre.empty())
        parts += person.profile.genre.empty() || person.profile.genre == rule.genre ? " AND false"
                                                                                    : " AND true";
    if (rule.statuses) {
        bool all_known = true, holds = false;
        for (uint32_t b = rule.statuses; b; b &= b - 1) {
            const std::string& code = tables.status_code(static_cast<uint32_t>(__builtin_ctz(b)));
            all_known = all_known && std::find(person.known.begin(), person.known.end(), code) !=
                                         person.known.end();
            holds = holds ||
                    std::find(person.held.begin(), person.held.end(), code) != person.held.end();
        }
        parts += all_known && !holds ? " AND true" : " AND false";
    }
    return parts;
}

// Not ineligible for the person on the day (the strict mode keeps eligible and to check).
inline std::string not_ineligible(const Spec& s, const Taxonomy& taxonomy) {
    const Person& p = *s.person;
    const auto& tables = detail::EligibilityTables::builtin();
    const auto rules = tables.public_rules(taxonomy.publics());
    const std::string age = std::to_string(*p.profile.age);
    const std::string today = quote(s.today.to_string()) + "::date";
    std::string bad = "((coalesce(age_min, 0) > 0 OR coalesce(age_max, 255) < 255) AND NOT (" +
                      age + " BETWEEN coalesce(age_min, 0) AND coalesce(age_max, 255)))";
    bad += " OR (cardinality(st_req) > 0 AND NOT st_req && " + array(p.held) + " AND st_req <@ " +
           array(p.known) + ")";
    bad += " OR st_excl && " + array(p.held);
    if (!p.profile.genre.empty())
        bad += " OR (genre <> '' AND genre <> " + quote(p.profile.genre) + ")";
    std::string cases;
    for (uint32_t i = 0; i < rules.size(); ++i)
        if (!rules[i].everyone)
            cases += " WHEN " + quote(taxonomy.publics().code(i)) + " THEN " +
                     outside_public(rules[i], p, tables);
    bad +=
        " OR (accueil = 'exclusif' AND cardinality(publics) > 0 AND NOT 'tous-publics' = "
        "ANY(publics) AND NOT EXISTS (SELECT 1 FROM unnest(publics) p WHERE NOT (CASE p" +
        cases + " ELSE false END)))";
    bad += " OR " + today + " > session_end";
    bad += " OR " + today + " <= suspended_until";
    bad += " OR EXISTS (SELECT 1 FROM unnest(closure_from, closure_to) c(f, t) WHERE " + today +
           " BETWEEN f AND t)";
    return "NOT coalesce(" + bad + ", false)";
}

}  // namespace sql

inline Answer Postgres::run(const Spec& s, size_t limit) {
    const Query& q = s.query;
    Answer a;
    auto collect = [&](const std::vector<std::vector<std::string>>& rows) {
        for (auto& r : rows) {
            a.ids.push_back(r[0]);
            a.km.push_back(r[1].empty() ? std::nullopt
                                        : std::optional<double>(std::stod(r[1]) / 1000));
        }
    };
    const std::string lim = " LIMIT " + std::to_string(limit);
    switch (s.kind) {
        case Kind::a:
        case Kind::c: {
            std::string where = sql::filters(s);
            if (s.person) where += " AND " + sql::not_ineligible(s, Taxonomy::builtin());
            collect(rows("SELECT id, d FROM (SELECT id, " + sql::distance(s) +
                         " AS d FROM offers WHERE " + where + ") m ORDER BY d NULLS LAST, id" +
                         lim));
            break;
        }
        case Kind::b:
        case Kind::d:
            collect(
                rows("SELECT id, NULL FROM offers, plainto_tsquery('french_unaccent', $1) q "
                     "WHERE tsv @@ q AND " +
                         sql::filters(s) + " ORDER BY ts_rank_cd(tsv, q) DESC, id" + lim,
                     &q.text));
            break;
        case Kind::e: {
            const Viewport& b = s.box;
            const std::string box = "ST_MakeEnvelope(" + sql::number(b.west) + "," +
                                    sql::number(b.south) + "," + sql::number(b.east) + "," +
                                    sql::number(b.north) + ",4326)";
            for (auto& r : rows("WITH m AS (SELECT categories FROM offers WHERE in_person AND "
                                "geom && " +
                                box + " AND lat BETWEEN " + sql::number(b.south) + " AND " +
                                sql::number(b.north) + " AND lon BETWEEN " + sql::number(b.west) +
                                " AND " + sql::number(b.east) +
                                ") SELECT '', count(*) FROM m UNION ALL "
                                "SELECT c, count(*) FROM m, unnest(categories) c GROUP BY c"))
                if (r[0].empty())
                    a.total = std::stoul(r[1]);
                else
                    a.counts.emplace_back(r[0], std::stoul(r[1]));
            break;
        }
        case Kind::f: {  // keyset pages: after the last (distance, id) of the previous page
            const std::string d = "ST_Distance(geog, " + sql::origins(s.place) + ", false)";
            std::string after;
            for (size_t page = 0; page < s.pages; ++page) {
                auto r = rows("SELECT id, " + d + " AS d FROM offers WHERE " + sql::filters(s) +
                              after + " ORDER BY d, id LIMIT 20");
                collect(r);
                if (r.size() < 20) break;
                after =
                    " AND (" + d + ", id) > (" + r.back()[1] + ", " + sql::quote(r.back()[0]) + ")";
            }
            break;
        }
    }
    return a;
}

}  // namespace bench
