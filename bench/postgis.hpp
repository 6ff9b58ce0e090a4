#pragma once
// The PostgreSQL + PostGIS peer, as the national directories use it: one table of offers with
// geography (GiST), a French unaccented tsvector (GIN), arrays for themes, zones and publics
// (GIN), queried with ST_DWithin, array overlap and ts_rank_cd. The client is libpq, one
// connection per thread; the SQL states cartoffre's rules (radius, commune, zones, remote
// offers, filters and, for a person, what makes an offer ineligible) so that the ids agree.

#include <libpq-fe.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "eligibility/eligibility.hpp"
#include "workload.hpp"

namespace bench {

class Postgres {
  public:
    explicit Postgres(const std::string& port) {
        const std::string conninfo =
            "host=127.0.0.1 port=" + port + " user=postgres dbname=postgres";
        m_conn = PQconnectdb(conninfo.c_str());
        if (PQstatus(m_conn) != CONNECTION_OK)
            throw std::runtime_error("PostgreSQL on port " + port + ": " + PQerrorMessage(m_conn));
        PQsetNoticeProcessor(
            m_conn, [](void*, const char*) {}, nullptr);  // "skipping" notes
    }
    ~Postgres() { PQfinish(m_conn); }
    Postgres(const Postgres&) = delete;
    Postgres& operator=(const Postgres&) = delete;

    // Rows of a statement as text (NULL as empty); throws with the statement on an error.
    std::vector<std::vector<std::string>> rows(const std::string& sql,
                                               const std::string* param = nullptr) {
        const char* values[1] = {param ? param->c_str() : nullptr};
        PGresult* r =
            PQexecParams(m_conn, sql.c_str(), param ? 1 : 0, nullptr, values, nullptr, nullptr, 0);
        const auto status = PQresultStatus(r);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            std::string message = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("PostgreSQL: " + message + "in: " + sql.substr(0, 600));
        }
        std::vector<std::vector<std::string>> out(static_cast<size_t>(PQntuples(r)));
        for (int i = 0; i < PQntuples(r); ++i)
            for (int j = 0; j < PQnfields(r); ++j)
                out[static_cast<size_t>(i)].push_back(PQgetvalue(r, i, j));
        PQclear(r);
        return out;
    }
    void exec(const std::string& sql) { rows(sql); }

    // Creates the table and loads the offers by COPY, then the indexes; returns nothing, the
    // caller times it.
    void load(const std::vector<FlatOffer>& offers, const Taxonomy& taxonomy) {
        exec("CREATE EXTENSION IF NOT EXISTS postgis");
        exec("CREATE EXTENSION IF NOT EXISTS unaccent");
        exec("DROP TABLE IF EXISTS offers");
        exec("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent");
        exec("CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)");
        exec(
            "ALTER TEXT SEARCH CONFIGURATION french_unaccent ALTER MAPPING FOR hword, "
            "hword_part, word WITH unaccent, french_stem");
        exec(R"(CREATE TABLE offers (
            id text PRIMARY KEY, lat float8, lon float8, in_person bool, remote bool,
            commune int, zones text[], themes text[], categories text[], publics text[],
            frais text, title text, theme_text text, body text,
            age_min int, age_max int, genre text, st_req text[], st_excl text[], accueil text,
            session_end date, suspended_until date, closure_from date[], closure_to date[],
            geom geometry(Point, 4326) GENERATED ALWAYS AS
              (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
            geog geography(Point, 4326) GENERATED ALWAYS AS
              (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED,
            tsv tsvector GENERATED ALWAYS AS (
              setweight(to_tsvector('french_unaccent', title), 'A') ||
              setweight(to_tsvector('french_unaccent', theme_text), 'B') ||
              setweight(to_tsvector('french_unaccent', body), 'C')) STORED))");
        PGresult* r = PQexec(m_conn,
                             "COPY offers (id, lat, lon, in_person, remote, commune, zones, "
                             "themes, categories, publics, frais, title, theme_text, body, "
                             "age_min, age_max, genre, st_req, st_excl, accueil, session_end, "
                             "suspended_until, closure_from, closure_to) FROM STDIN");
        if (PQresultStatus(r) != PGRES_COPY_IN)
            throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(m_conn));
        PQclear(r);
        std::string buffer;
        for (const FlatOffer& f : offers) {
            row(buffer, f, taxonomy);
            if (buffer.size() > (1 << 20)) put(buffer);
        }
        put(buffer);
        if (PQputCopyEnd(m_conn, nullptr) != 1)
            throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(m_conn));
        r = PQgetResult(m_conn);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(m_conn));
        exec("CREATE INDEX offers_geog ON offers USING gist (geog)");
        exec("CREATE INDEX offers_geom ON offers USING gist (geom)");
        exec("CREATE INDEX offers_tsv ON offers USING gin (tsv)");
        exec("CREATE INDEX offers_themes ON offers USING gin (themes)");
        exec("CREATE INDEX offers_categories ON offers USING gin (categories)");
        exec("CREATE INDEX offers_commune ON offers (commune)");
        exec("CREATE INDEX offers_remote ON offers (id) WHERE remote");
        exec("VACUUM ANALYZE offers");
    }

    double size_mb() {
        return std::stod(rows("SELECT pg_total_relation_size('offers')")[0][0]) / 1e6;
    }
    // The resident memory of this connection's server process, in MB.
    double backend_rss_mb() {
        const std::string pid = rows("SELECT pg_backend_pid()")[0][0];
        FILE* f = std::fopen(("/proc/" + pid + "/status").c_str(), "r");
        if (!f) return 0;
        char line[256];
        long kb = 0;
        while (std::fgets(line, sizeof line, f))
            if (std::string(line).rfind("VmRSS:", 0) == 0) kb = std::atol(line + 6);
        std::fclose(f);
        return static_cast<double>(kb) / 1024;
    }

    Answer run(const Spec& s, size_t limit);

  private:
    void put(std::string& buffer) {
        if (PQputCopyData(m_conn, buffer.data(), static_cast<int>(buffer.size())) != 1)
            throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(m_conn));
        buffer.clear();
    }
    static void text(std::string& out, const std::string& s) {
        for (char c : s) {
            if (c == '\\')
                out += "\\\\";
            else if (c == '\t')
                out += "\\t";
            else if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else
                out += c;
        }
        out += '\t';
    }
    static void array(std::string& out, const std::vector<std::string>& codes) {
        out += '{';
        for (size_t i = 0; i < codes.size(); ++i) out += (i ? ",\"" : "\"") + codes[i] + "\"";
        out += "}\t";
    }
    static std::string number(double x) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", x);  // every bit: distances must agree
        return buffer;
    }
    static void date(std::string& out, const std::string& day) {
        out += (day.empty() ? "\\N" : day) + "\t";
    }
    static void row(std::string& out, const FlatOffer& f, const Taxonomy& taxonomy) {
        const Offer& o = *f.offer;
        const Criteria& c = o.criteria;
        out += o.id + '\t';
        if (auto at = o.location())
            out += number(at->lat) + '\t' + number(at->lon) + '\t';
        else
            out += "\\N\t\\N\t";
        out += o.is_in_person() ? "t\t" : "f\t";
        out += o.is_remote() ? "t\t" : "f\t";
        out += f.commune < 0 ? std::string("\\N\t") : std::to_string(f.commune) + '\t';
        array(out, f.zones);
        array(out, o.thematiques);
        array(out, f.categories);
        array(out, o.publics);
        text(out, o.frais);
        text(out, o.nom + ". " + o.structure_nom);
        text(out, taxonomy.theme_text(o));
        text(out, o.description + ". " + o.publics_precisions + ". " + o.conditions_acces + ". " +
                      o.frais_precisions);
        out += (c.age_min ? std::to_string(*c.age_min) : "\\N") + '\t';
        out += (c.age_max ? std::to_string(*c.age_max) : "\\N") + '\t';
        text(out, c.genre);
        array(out, c.statuses_required);
        array(out, c.statuses_excluded);
        text(out, c.accueil);
        date(out, c.session_end);
        date(out, c.suspended_until);
        std::vector<std::string> from, to;
        for (auto& closure : c.closures) from.push_back(closure.from), to.push_back(closure.to);
        array(out, from);
        array(out, to);
        out.back() = '\n';
    }

    PGconn* m_conn = nullptr;
};

}  // namespace bench
