// bench_load: loading throughput on one core, phase by phase, for CSV, GeoJSON and JSON input.
// A benchmark, not a test: it prints a markdown table; run it on a quiet machine.
//
//   bench_load [--rows 200000] [--seed 1] [--dir /tmp/cartoffre-bench-load] [--runs 3]
//              [--only CSV|GeoJSON|JSON] [--reuse yes]  (the files a previous run left in --dir)
//
// The input files are written from the generated national catalogue (offers of every kind,
// real communes, hours as OSM rules or French text) into --dir, with a mapping for each: the
// same columns as a partner's export (a ';' list of thématiques, coordinates as columns in CSV,
// a point geometry in GeoJSON). Phases: "read" is the reader alone (the project's CSV or
// GeoJSON reader, or JSON records),
// "read+map" is load_catalogue: reading, mapping, validating codes, dates, hours and places.
// Times are processor seconds of this single-threaded process (median of --runs).

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "cpu_time.hpp"
#include "generator/generator.hpp"
#include "load/json_records.hpp"
#include "load/mapping_rules.hpp"
#include "load/table_reader.hpp"

using namespace cartoffre;
using bench::cpu_seconds;
using bench::median;
namespace fs = std::filesystem;

namespace {

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (auto& s : list) out += (out.empty() ? "" : ";") + s;
    return out;
}

// A CSV field, quoted when it needs it (RFC 4180).
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

const char* const columns[] = {"id",         "nom",      "description", "adresse", "code_postal",
                               "code_insee", "commune",  "telephone",   "type",    "thematiques",
                               "publics",    "horaires", "date_maj"};

std::vector<std::string> values_of(const Offer& o) {
    return {o.id,
            o.nom,
            o.description,
            o.adresse,
            o.code_postal,
            o.code_insee,
            o.commune,
            o.telephone,
            o.type,
            joined(o.thematiques),
            joined(o.publics),
            o.horaires_accueil,
            o.date_maj};
}

void write_csv(const std::vector<Offer>& offers, const fs::path& file) {
    std::ofstream out(file, std::ios::binary);
    for (auto c : columns) out << c << ',';
    out << "latitude,longitude\n";
    std::string line;
    for (const Offer& o : offers) {
        line.clear();
        for (auto& v : values_of(o)) line += csv_field(v) + ',';
        if (o.latitude)
            line += std::to_string(*o.latitude) + ',' + std::to_string(*o.longitude);
        else
            line += ',';
        out << line << '\n';
    }
}

void write_geojson(const std::vector<Offer>& offers, const fs::path& file, bool features) {
    std::ofstream out(file, std::ios::binary);
    out << (features ? "{\"type\": \"FeatureCollection\", \"features\": [\n" : "[\n");
    std::string item;
    for (size_t i = 0; i < offers.size(); ++i) {
        const Offer& o = offers[i];
        item.clear();
        std::string props = "{";
        const auto values = values_of(o);
        for (size_t c = 0; c < values.size(); ++c) {
            props += (c ? ", \"" : "\"") + std::string(columns[c]) + "\": ";
            detail::append_json_string(props, values[c]);
        }
        if (!features && o.latitude) {
            props += ", \"latitude\": ";
            detail::append_json_number(props, *o.latitude);
            props += ", \"longitude\": ";
            detail::append_json_number(props, *o.longitude);
        }
        props += "}";
        if (!features) {
            item = props;
        } else {
            item = "{\"type\": \"Feature\", \"properties\": " + props + ", \"geometry\": ";
            if (o.latitude) {
                item += "{\"type\": \"Point\", \"coordinates\": [";
                detail::append_json_number(item, *o.longitude);
                item += ", ";
                detail::append_json_number(item, *o.latitude);
                item += "]}}";
            } else {
                item += "null}";
            }
        }
        out << item << (i + 1 < offers.size() ? ",\n" : "\n");
    }
    out << (features ? "]}\n" : "]\n");
}

void write_mapping(const fs::path& file, const std::string& format, bool coordinate_columns) {
    std::ofstream out(file);
    out << R"({"source": "bench", "read": {"format": ")" << format << R"("}, "id": "{id}",
  "fields": {"nom": "{nom}", "description": "{description}", "adresse": "{adresse}",
             "code_postal": "{code_postal}", "code_insee": "{code_insee}",
             "commune": "{commune}", "telephone": "{telephone}", "type": "{type}",
             "date_maj": "{date_maj}"},
  "hours": "horaires",)";
    if (coordinate_columns)
        out << R"(  "coordinates": {"latitude": "latitude", "longitude": "longitude"},)";
    out << R"(
  "values": [{"column": "thematiques", "split": ";", "map": {}, "otherwise": {}},
             {"column": "publics", "split": ";", "map": {}, "otherwise": {}}]})";
}

struct Measure {
    double read = 0, mapped = 0;  // seconds, median of the runs
    size_t rows = 0, loaded = 0, warned = 0;
};

}  // namespace

int main(int argc, char** argv) {
    size_t rows = 200000;
    uint64_t seed = 1;
    int runs = 3;
    fs::path dir = "/tmp/cartoffre-bench-load";
    std::string only;
    bool reuse = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--rows"))
            rows = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed"))
            seed = std::stoull(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs"))
            runs = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--only"))
            only = argv[i + 1];
        else if (!std::strcmp(argv[i], "--reuse"))
            reuse = !std::strcmp(argv[i + 1], "yes");
        else {
            std::fprintf(stderr, "bench_load: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    try {
        const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
        fs::create_directories(dir);
        if (!reuse || !fs::exists(dir / "offers.json")) {
            std::fprintf(stderr, "writing %zu generated offers as CSV, GeoJSON, JSON in %s\n", rows,
                         dir.c_str());
            const Catalogue catalogue =
                generate_catalogue(gazetteer, Taxonomy::builtin(), rows, seed);
            write_csv(catalogue.offers, dir / "offers.csv");
            write_geojson(catalogue.offers, dir / "offers.geojson", true);
            write_geojson(catalogue.offers, dir / "offers.json", false);
        }
        write_mapping(dir / "csv.json", "csv", true);
        write_mapping(dir / "geojson.json", "geojson", false);
        write_mapping(dir / "json.json", "json", true);
        struct Input {
            const char* name;
            const char* file;
            const char* mapping;
        };
        const Input inputs[] = {{"CSV", "offers.csv", "csv.json"},
                                {"GeoJSON", "offers.geojson", "geojson.json"},
                                {"JSON", "offers.json", "json.json"}};
        std::printf(
            "| input | rows | read (cpu s) | read rows/s | read+map (cpu s) | read+map rows/s | "
            "loaded | warned |\n|---|---|---|---|---|---|---|---|\n");
        for (const Input& in : inputs) {
            if (!only.empty() && only != in.name) continue;
            const Mapping mapping = Mapping::load(dir / in.mapping);
            Measure m;
            std::vector<double> read, mapped;
            for (int r = 0; r < runs; ++r) {
                double t = cpu_seconds();
                size_t n = 0;
                detail::for_each_row(dir / in.file, mapping.impl().read,
                                     [&](const detail::Row&) { ++n; });
                read.push_back(cpu_seconds() - t);
                m.rows = n;
                t = cpu_seconds();
                const LoadResult result =
                    load_catalogue(mapping, dir / in.file, gazetteer, Taxonomy::builtin());
                mapped.push_back(cpu_seconds() - t);
                m.loaded = result.report.loaded;
                m.warned = result.report.warned;
            }
            m.read = median(read), m.mapped = median(mapped);
            std::printf("| %s | %zu | %.2f | %.0f | %.2f | %.0f | %zu | %zu |\n", in.name, m.rows,
                        m.read, static_cast<double>(m.rows) / m.read, m.mapped,
                        static_cast<double>(m.rows) / m.mapped, m.loaded, m.warned);
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_load: %s\n", e.what());
        return 1;
    }
    return 0;
}
