#include "load/geojson.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "cartoffre/error.hpp"
#include "load/json_scanner.hpp"

namespace cartoffre::detail {

namespace {

namespace fs = std::filesystem;

// Nested property values deeper than this are refused: parsing and flattening them recurse.
constexpr size_t max_depth = 64;

class GeoJsonReader : JsonScanner {
  public:
    GeoJsonReader(const fs::path& file, std::string_view text,
                  const std::function<void(const Row&)>& handle)
        : JsonScanner(file, text), m_handle(handle) {}

    void run() {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_at = 3;  // a byte-order mark
        space();
        const size_t start = m_at;
        expect('{', "un objet GeoJSON");
        std::string type;
        bool features = false;
        if (!next_is('}'))
            for (;;) {
                key(m_key);
                if (m_key == "type") {
                    string(type);
                } else if (m_key == "features") {
                    features = true;
                    read_features();
                } else {
                    skip_value();
                }
                if (next_is(',')) continue;
                expect('}', "',' ou '}' après un membre");
                break;
            }
        space();
        if (m_at != m_text.size()) fail(m_at, "du texte après la fin de l'objet GeoJSON");
        if (type == "Feature" && !features) {  // a lone feature: one row
            m_at = start;
            m_feature = 1;
            read_feature();
            return;
        }
        if (type != "FeatureCollection")
            throw DataError(
                m_file.string() + " : pas une FeatureCollection GeoJSON (" +
                (type.empty() ? std::string("pas de \"type\"") : "\"type\": \"" + type + "\"") +
                ")");
        if (!features)
            throw DataError(m_file.string() + " : une FeatureCollection sans \"features\"");
    }

  private:
    // ---- errors ------------------------------------------------------------------------------

    std::string context() const override {
        std::string where;
        if (m_in_feature) where += "objet " + std::to_string(m_feature) + " : ";
        if (!m_member.empty()) {
            where += "membre \"" + std::string(m_member);
            if (m_in_property) where += "." + m_key;
            where += "\" : ";
        }
        return where;
    }

    // ---- features ----------------------------------------------------------------------------

    void read_features() {
        expect('[', "une liste d'objets");
        if (next_is(']')) return;
        for (;;) {
            ++m_feature;
            read_feature();
            if (next_is(',')) continue;
            expect(']', "',' ou ']' après un objet");
            return;
        }
    }

    void read_feature() {
        m_in_feature = true;
        if (peek() != '{') fail(m_at, "un objet Feature est attendu, pas " + shown(m_at));
        ++m_at;
        for (auto& v : m_row.values) v.clear();
        m_row.x.reset(), m_row.y.reset();
        m_id.clear();
        bool has_id = false;
        m_property_id = false;
        std::string type;
        if (!next_is('}'))
            for (;;) {
                key(m_key);
                if (m_key == "properties") {
                    m_member = "properties";
                    read_properties();
                } else if (m_key == "geometry") {
                    m_member = "geometry";
                    read_geometry();
                } else if (m_key == "id") {
                    m_member = "id";
                    const char c = peek();
                    if (c == '"')
                        string(m_id), has_id = true;
                    else if (c == 'n')
                        literal("null");
                    else if (c == '-' || std::isdigit(static_cast<unsigned char>(c)))
                        number_text(m_id), has_id = true;
                    else
                        fail(m_at, "une chaîne ou un nombre est attendu, pas " + shown(m_at));
                } else if (m_key == "type") {
                    m_member = "type";
                    string(type);
                } else {
                    m_member = {};
                    skip_value();
                }
                m_member = {};
                if (next_is(',')) continue;
                expect('}', "',' ou '}' après un membre");
                break;
            }
        if (!type.empty() && type != "Feature")
            fail(m_at - 1, "\"type\" vaut \"" + type + "\", pas \"Feature\"");
        if (has_id && !m_property_id) m_row.values[column("id")] = m_id;
        if (m_indexed != m_row.columns.size()) {
            m_row.index_columns();
            m_indexed = m_row.columns.size();
        }
        m_row.position = m_feature;
        m_handle(m_row);
        m_in_feature = false;
    }

    // The column of a property, added the first time it is seen.
    size_t column(const std::string& name) {
        // Features of a file usually list the same keys in the same order: try the next one.
        if (m_next < m_row.columns.size() && m_row.columns[m_next] == name) return m_next++;
        auto [found, added] = m_columns.emplace(name, m_row.columns.size());
        if (added) {
            m_row.columns.push_back(name);
            m_row.values.emplace_back();
        }
        m_next = found->second + 1;
        return found->second;
    }

    void read_properties() {
        if (peek() == 'n') return literal("null");
        if (peek() != '{') fail(m_at, "un objet ou null est attendu, pas " + shown(m_at));
        ++m_at;
        m_next = 0;
        if (next_is('}')) return;
        m_in_property = true;
        for (;;) {
            key(m_key);
            m_property_id = m_property_id || m_key == "id";
            const char c = peek();
            if (c == '{' || c == '[') {
                structured();
            } else {
                std::string& value = m_row.values[column(m_key)];
                if (c == '"')
                    string(value);
                else if (c == 't')
                    literal("true"), value.assign("1");
                else if (c == 'f')
                    literal("false"), value.assign("0");
                else if (c == 'n')
                    literal("null"), value.clear();
                else
                    number_text(value);
            }
            if (next_is(',')) continue;
            expect('}', "',' ou '}' après une propriété");
            break;
        }
        m_in_property = false;
    }

    // A list or an object: as the JSON records reader gives it (";"-joined, nested columns).
    void structured() {
        const size_t start = m_at;
        if (skip_value() > max_depth)
            fail(start, "imbriqué sur plus de " + std::to_string(max_depth) + " niveaux");
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(m_text.substr(start, m_at - start));
        } catch (const nlohmann::json::parse_error& e) {
            fail(start + (e.byte > 0 ? e.byte - 1 : 0), "valeur JSON mal formée");
        } catch (const nlohmann::json::out_of_range&) {  // "1e999"
            fail(start, "nombre hors des limites d'un réel dans " + shown(start));
        }
        m_scratch.columns.clear();
        m_scratch.values.clear();
        flatten_json(m_key, value, m_scratch);
        for (size_t i = 0; i < m_scratch.columns.size(); ++i)
            m_row.values[column(m_scratch.columns[i])] = std::move(m_scratch.values[i]);
    }

    // A Point's first two coordinates; any other geometry is skipped (no coordinates), as the
    // loader had them from GDAL.
    void read_geometry() {
        if (peek() == 'n') return literal("null");
        if (peek() != '{') fail(m_at, "un objet ou null est attendu, pas " + shown(m_at));
        ++m_at;
        std::string& type = m_scratch_text;
        bool point = false;
        double position[2];
        size_t numbers = 0;
        if (!next_is('}'))
            for (;;) {
                key(m_key);
                if (m_key == "type") {
                    string(type);
                    point = type == "Point";
                } else if (m_key == "coordinates") {
                    numbers = coordinates(position);
                } else {
                    skip_value();
                }
                if (next_is(',')) continue;
                expect('}', "',' ou '}' après un membre");
                break;
            }
        if (point && numbers >= 2) m_row.x = position[0], m_row.y = position[1];
    }

    // A position's numbers (the first two kept), or 0 when the value is not one (a polygon's
    // rings), skipped then.
    size_t coordinates(double (&position)[2]) {
        const size_t start = m_at;
        if (peek() != '[') return skip_value(), 0;
        ++m_at;
        const char first = peek();
        if (first == ']') return ++m_at, 0;
        if (first == '[' || first == '{' || first == '"') {
            m_at = start;
            skip_value();
            return 0;
        }
        size_t count = 0;
        for (;;) {
            double value = 0;
            space();
            number_token(value);
            if (count < 2) position[count] = value;
            ++count;
            if (next_is(',')) continue;
            expect(']', "',' ou ']' dans les coordonnées");
            return count;
        }
    }

    const std::function<void(const Row&)>& m_handle;
    size_t m_feature = 0;  // 1-based, the feature being read
    bool m_in_feature = false;
    std::string_view m_member;  // the feature's member being read, for errors
    bool m_in_property = false;
    std::string m_key;
    std::string m_id;
    bool m_property_id = false;  // the properties have an "id" of their own
    Row m_row, m_scratch;
    std::unordered_map<std::string, size_t> m_columns;
    size_t m_next = 0;     // the column expected for the next property
    size_t m_indexed = 0;  // columns the row's index covers
};

}  // namespace

void read_geojson(const fs::path& file, std::string_view text,
                  const std::function<void(const Row&)>& handle) {
    GeoJsonReader(file, text, handle).run();
}

}  // namespace cartoffre::detail
