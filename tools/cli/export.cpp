// The three export formats over one stream of hits. Each writer turns a hit into text and hands
// it to an OutputFile (cli/output_file.hpp) that flushes every megabyte, so memory does not grow
// with the index.

#include "cli/export.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/fields.hpp"
#include "cli/json_text.hpp"
#include "cli/output.hpp"
#include "cli/output_file.hpp"

namespace cartoffre::cli {

namespace {

namespace fs = std::filesystem;

constexpr size_t page_size = 5000;  // hits a search page; the search's maximum is 10000

// Every hit of the query, page after page through the search's cursor; or every offer.
void for_each_hit(const Index& index, Query query, bool whole_index, ExportSummary& summary,
                  const std::function<void(const Hit&)>& emit) {
    if (whole_index) {
        Hit hit;
        index.for_each_offer([&](const Offer& offer) {
            hit.offer = offer;
            emit(hit);
        });
        return;
    }
    query.limit = page_size;
    for (;;) {
        const Results page = index.search(query);
        summary.corrected = page.corrected;
        summary.suggestion = page.suggestion;
        for (const Hit& hit : page.hits) emit(hit);
        if (page.next_cursor.empty()) return;
        query.cursor = page.next_cursor;
    }
}

// ---- CSV (RFC 4180: comma, CRLF, fields quoted when they hold a quote, comma or line break;
// lists joined with '|', which no code contains) -------------------------------------------

void put(std::string& out, const std::string& v) {
    out += v;
}
void put(std::string& out, const std::vector<std::string>& v) {
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "|" : "") + v[i];
}
void put(std::string& out, const std::optional<double>& v) {
    if (v) append_json_number(out, *v);
}
void put(std::string& out, const std::optional<int>& v) {
    if (v) out += std::to_string(*v);
}
void put(std::string& out, bool v) {
    out += v ? "true" : "false";
}
void put(std::string& out, const std::vector<Closure>& v) {
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "|" : "") + v[i].from + "/" + v[i].to;
}

struct Column {
    const char* name;
    std::function<void(std::string&, const Hit&)> cell;
};

// What the search adds to an offer's columns.
const std::vector<Column>& search_columns() {
    static const std::vector<Column> columns = {
        {"distance_km", [](std::string& out, const Hit& h) { put(out, h.distance_km); }},
        {"verdict",
         [](std::string& out, const Hit& h) {
             if (h.eligibility) out += verdict_code(h.eligibility->verdict);
         }},
        // The code for tools, the French beside it for whoever opens the file.
        {"verdict_libelle",
         [](std::string& out, const Hit& h) {
             if (h.eligibility) out += verdict_label(h.eligibility->verdict);
         }},
        {"raison",
         [](std::string& out, const Hit& h) {
             if (h.eligibility && !h.eligibility->reasons.empty())
                 out += h.eligibility->reasons.front().text;
         }},
    };
    return columns;
}

// Names as in data·inclusion v1 and its "criteres" extension (include/cartoffre/fields.hpp),
// then what the search adds. What the index computes (score_qualite, doublons) is left out.
const std::vector<Column>& csv_columns() {
    static const std::vector<Column> columns = [] {
        std::vector<Column> out;
        for (auto& field : offer_fields())
            if (field.origin != FieldOrigin::index)
                out.push_back({field.name, [&field](std::string& cell, const Hit& h) {
                                   visit_field(field, h.offer, [&](auto& v) { put(cell, v); });
                               }});
        for (auto& field : criteria_fields())
            out.push_back({field.name, [&field](std::string& cell, const Hit& h) {
                               visit_field(field, h.offer.criteria, [&](auto& v) { put(cell, v); });
                           }});
        for (auto& column : search_columns()) out.push_back(column);
        return out;
    }();
    return columns;
}

void append_csv_field(std::string& out, const std::string& value) {
    if (value.find_first_of("\",\r\n") == std::string::npos) {
        out += value;
        return;
    }
    out += '"';
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void write_csv(const Index& index, const Query& query, bool whole_index, const ExportTarget& target,
               ExportSummary& summary) {
    OutputFile out(target.out);
    std::string& buffer = out.buffer();
    if (target.bom) buffer += "\xEF\xBB\xBF";
    const auto& columns = csv_columns();
    for (size_t i = 0; i < columns.size(); ++i)
        buffer += (i ? "," : "") + std::string(columns[i].name);
    buffer += "\r\n";
    std::string cell;
    for_each_hit(index, query, whole_index, summary, [&](const Hit& hit) {
        for (size_t i = 0; i < columns.size(); ++i) {
            cell.clear();
            columns[i].cell(cell, hit);
            if (i) buffer += ',';
            append_csv_field(buffer, cell);
        }
        buffer += "\r\n";
        ++summary.offers;
        out.flush_if_full();
    });
    out.finish();
}

// ---- GeoJSON (RFC 7946: WGS84, [longitude, latitude]) -------------------------------------

void write_geojson(const Index& index, const Query& query, bool whole_index,
                   const ExportTarget& target, ExportSummary& summary) {
    OutputFile out(target.out);
    std::string& buffer = out.buffer();
    buffer += "{\"type\":\"FeatureCollection\",\"features\":[";
    for_each_hit(index, query, whole_index, summary, [&](const Hit& hit) {
        const Offer& o = hit.offer;
        buffer += summary.offers ? ",\n" : "\n";
        buffer += "{\"type\":\"Feature\",\"id\":";
        append_json_string(buffer, o.id);
        buffer += ",\"geometry\":";
        if (o.latitude && o.longitude) {
            buffer += "{\"type\":\"Point\",\"coordinates\":[";
            append_json_number(buffer, *o.longitude);
            buffer += ',';
            append_json_number(buffer, *o.latitude);
            buffer += "]}";
        } else {
            buffer += "null";
        }
        // The v1 record (never empty: it has an id) with the structure's fields and the search's
        // own.
        std::string properties = data_inclusion_json(o);
        properties.pop_back();
        for (auto& field : offer_fields())
            if (auto text = std::get_if<std::string Offer::*>(&field.member);
                text && field.origin == FieldOrigin::structure) {
                properties += ',';
                append_json_string(properties, field.name);
                properties += ':';
                append_json_string(properties, o.**text);
            }
        if (hit.distance_km) {
            properties += ",\"distance_km\":";
            append_json_number(properties, *hit.distance_km);
        }
        if (hit.eligibility) {
            properties += ",\"verdict\":";
            append_json_string(properties, verdict_code(hit.eligibility->verdict));
            properties += ",\"raisons\":[";
            const auto& reasons = hit.eligibility->reasons;
            for (size_t i = 0; i < reasons.size(); ++i) {
                if (i) properties += ',';
                append_json_string(properties, reasons[i].text);
            }
            properties += ']';
        }
        buffer += ",\"properties\":" + properties + "}}";
        ++summary.offers;
        out.flush_if_full();
    });
    buffer += "\n]}\n";
    out.finish();
}

// ---- data·inclusion v1: structures.json and services.json ---------------------------------

// The index keeps of a structure what its services carry (id, name, SIRET); each structure is
// written once, at its first service, with that service's date. Only a hash of its id and of
// its name is kept per structure, to write it once and notice services that disagree.
void write_di_json(const Index& index, const Query& query, bool whole_index,
                   const ExportTarget& target, ExportSummary& summary) {
    if (target.out.empty() || target.out == "-")
        throw std::runtime_error(
            "di-json, ce sont deux fichiers (structures.json et services.json) : donner un "
            "répertoire avec --out RÉPERTOIRE");
    std::error_code error;
    fs::create_directories(target.out, error);
    if (error)
        throw OutputError("impossible de créer le répertoire " + target.out + " : " +
                          cartoffre::system_error_text(error.value()));
    OutputFile structures((fs::path(target.out) / "structures.json").string());
    OutputFile services((fs::path(target.out) / "services.json").string());
    std::unordered_map<size_t, size_t> written;  // hash of the id -> hash of name and SIRET
    const std::hash<std::string> hash;
    for_each_hit(index, query, whole_index, summary, [&](const Hit& hit) {
        const Offer& o = hit.offer;
        const size_t name = hash(o.structure_nom + '\n' + o.structure_siret);
        const auto [at, fresh] = written.emplace(hash(o.structure_id), name);
        if (fresh) {
            Structure s;
            s.id = o.structure_id;
            s.source = o.source;
            s.nom = o.structure_nom;
            s.siret = o.structure_siret;
            s.typologie = o.structure_typologie;
            s.date_maj = o.date_maj;
            structures.buffer() += summary.structures++ ? ",\n" : "[\n";
            structures.buffer() += data_inclusion_json(s);
            structures.flush_if_full();
        } else if (at->second != name) {
            ++summary.structure_conflicts;
        }
        services.buffer() += summary.offers++ ? ",\n" : "[\n";
        services.buffer() += data_inclusion_json(o);
        services.flush_if_full();
    });
    // The same layout as write_data_inclusion_v1, so that both read back alike.
    structures.buffer() += summary.structures ? "\n]\n" : "[\n]\n";
    services.buffer() += summary.offers ? "\n]\n" : "[\n]\n";
    structures.finish();
    services.finish();
}

}  // namespace

ExportSummary export_offers(const Index& index, Query query, bool whole_index,
                            const ExportTarget& target) {
    ExportSummary summary;
    switch (target.format) {
        case ExportFormat::csv:
            write_csv(index, query, whole_index, target, summary);
            break;
        case ExportFormat::geojson:
            write_geojson(index, query, whole_index, target, summary);
            break;
        case ExportFormat::di_json:
            write_di_json(index, query, whole_index, target, summary);
            break;
    }
    return summary;
}

}  // namespace cartoffre::cli
