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

template <class T>
Column offer_column(const char* name, T Offer::*member) {
    return {name, [member](std::string& out, const Hit& h) { put(out, h.offer.*member); }};
}
template <class T>
Column criteria_column(const char* name, T Criteria::*member) {
    return {name, [member](std::string& out, const Hit& h) { put(out, h.offer.criteria.*member); }};
}

// Names as in data·inclusion v1 and its "criteres" extension, then what the search adds.
const std::vector<Column>& csv_columns() {
    using O = Offer;
    using C = Criteria;
    static const std::vector<Column> columns = {
        offer_column("id", &O::id),
        offer_column("source", &O::source),
        offer_column("structure_id", &O::structure_id),
        offer_column("structure_nom", &O::structure_nom),
        offer_column("structure_siret", &O::structure_siret),
        offer_column("nom", &O::nom),
        offer_column("description", &O::description),
        offer_column("lien_source", &O::lien_source),
        offer_column("date_maj", &O::date_maj),
        offer_column("type", &O::type),
        offer_column("thematiques", &O::thematiques),
        offer_column("publics", &O::publics),
        offer_column("publics_precisions", &O::publics_precisions),
        offer_column("frais", &O::frais),
        offer_column("frais_precisions", &O::frais_precisions),
        offer_column("modes_accueil", &O::modes_accueil),
        offer_column("zone_eligibilite", &O::zone_eligibilite),
        offer_column("modes_mobilisation", &O::modes_mobilisation),
        offer_column("mobilisable_par", &O::mobilisable_par),
        offer_column("mobilisation_precisions", &O::mobilisation_precisions),
        offer_column("lien_mobilisation", &O::lien_mobilisation),
        offer_column("conditions_acces", &O::conditions_acces),
        offer_column("contact_nom_prenom", &O::contact_nom_prenom),
        offer_column("telephone", &O::telephone),
        offer_column("courriel", &O::courriel),
        offer_column("adresse", &O::adresse),
        offer_column("complement_adresse", &O::complement_adresse),
        offer_column("code_postal", &O::code_postal),
        offer_column("code_insee", &O::code_insee),
        offer_column("commune", &O::commune),
        offer_column("latitude", &O::latitude),
        offer_column("longitude", &O::longitude),
        offer_column("localisation_approximative", &O::location_approximate),
        offer_column("horaires_accueil", &O::horaires_accueil),
        offer_column("volume_horaire_hebdomadaire", &O::volume_horaire_hebdomadaire),
        offer_column("nombre_semaines", &O::nombre_semaines),
        criteria_column("age_min", &C::age_min),
        criteria_column("age_max", &C::age_max),
        criteria_column("statuts_requis", &C::statuses_required),
        criteria_column("statuts_exclus", &C::statuses_excluded),
        criteria_column("genre", &C::genre),
        criteria_column("diplome_max", &C::diplome_max),
        criteria_column("accueil", &C::accueil),
        criteria_column("prescription", &C::prescription_required),
        criteria_column("permis", &C::permis_required),
        criteria_column("vehicule", &C::vehicule_required),
        criteria_column("places_total", &C::places_total),
        criteria_column("places_libres", &C::places_free),
        criteria_column("places_date", &C::places_date),
        criteria_column("session_debut", &C::session_start),
        criteria_column("session_fin", &C::session_end),
        criteria_column("suspendue_jusqu_au", &C::suspended_until),
        criteria_column("fermetures", &C::closures),
        {"distance_km", [](std::string& out, const Hit& h) { put(out, h.distance_km); }},
        {"verdict",
         [](std::string& out, const Hit& h) {
             if (h.eligibility) out += verdict_code(h.eligibility->verdict);
         }},
        {"raison",
         [](std::string& out, const Hit& h) {
             if (h.eligibility && !h.eligibility->reasons.empty())
                 out += h.eligibility->reasons.front().text;
         }},
    };
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
        // The v1 record (never empty: it has an id) with the structure and the search's own.
        std::string properties = data_inclusion_json(o);
        properties.pop_back();
        properties += ",\"structure_nom\":";
        append_json_string(properties, o.structure_nom);
        properties += ",\"structure_siret\":";
        append_json_string(properties, o.structure_siret);
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
            "di-json is two files (structures.json and services.json): give a directory with "
            "--out DIR");
    std::error_code error;
    fs::create_directories(target.out, error);
    if (error)
        throw OutputError("impossible de créer le répertoire " + target.out + " : " +
                          error.message());
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
