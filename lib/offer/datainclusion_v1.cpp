// The v1 service as data·inclusion's API answers it (include/cartoffre/datainclusion_v1.hpp),
// written straight into a string: a page of 5,000 services is written without a JSON tree.

#include "cartoffre/datainclusion_v1.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "cartoffre/fields.hpp"

namespace cartoffre::datainclusion_v1 {

namespace {

// The v1 service's fields (data·inclusion's schema), in its alphabetical order; each is a field
// of the offer's table (include/cartoffre/fields.hpp), which gives its type.
constexpr std::array<const char*, 33> service_names = {"adresse",
                                                       "code_insee",
                                                       "code_postal",
                                                       "commune",
                                                       "complement_adresse",
                                                       "conditions_acces",
                                                       "contact_nom_prenom",
                                                       "courriel",
                                                       "date_maj",
                                                       "description",
                                                       "frais",
                                                       "frais_precisions",
                                                       "horaires_accueil",
                                                       "id",
                                                       "latitude",
                                                       "lien_mobilisation",
                                                       "lien_source",
                                                       "longitude",
                                                       "mobilisable_par",
                                                       "mobilisation_precisions",
                                                       "modes_accueil",
                                                       "modes_mobilisation",
                                                       "nom",
                                                       "nombre_semaines",
                                                       "publics",
                                                       "publics_precisions",
                                                       "source",
                                                       "structure_id",
                                                       "telephone",
                                                       "thematiques",
                                                       "type",
                                                       "volume_horaire_hebdomadaire",
                                                       "zone_eligibilite"};

const std::vector<const Field<Offer>*>& service_fields() {
    static const std::vector<const Field<Offer>*> fields = [] {
        std::vector<const Field<Offer>*> found;
        for (const char* name : service_names) {
            const Field<Offer>* match = nullptr;
            for (auto& field : offer_fields())
                if (std::strcmp(field.name, name) == 0) match = &field;
            if (match == nullptr)
                throw std::logic_error(std::string("v1 service field missing: ") + name);
            found.push_back(match);
        }
        return found;
    }();
    return fields;
}

// A JSON string as Python's json.dumps(ensure_ascii=False) writes it: the two-character escapes
// it knows, \u00XX (lower case) for the other control characters, everything else as it is.
void append_string(std::string& out, const std::string& text) {
    out += '"';
    size_t plain = 0;  // start of the run of characters copied as they are
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text, plain, i - plain);
        plain = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            }
        }
    }
    out.append(text, plain, std::string::npos);
    out += '"';
}

// A number as Python's repr: the shortest digits that read back the same, positional from
// 1e-4 to below 1e16 (with ".0" when whole), else d.ddde±XX.
void append_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";  // json.dumps's, not JSON: the index's checks keep such numbers out
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-Infinity" : "Infinity";
        return;
    }
    char buffer[64];
    const auto written =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string text(buffer, written.ptr);  // [-]d[.ddd]e±XX
    const size_t e = text.find('e');
    const int exponent = std::stoi(text.substr(e + 1));
    const bool negative = text[0] == '-';
    std::string digits;
    for (size_t i = negative ? 1 : 0; i < e; ++i)
        if (text[i] != '.') digits += text[i];
    if (negative) out += '-';
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1) out += '.' + digits.substr(1);
        out.append(text, e, std::string::npos);  // e±XX, two digits at least, as Python's
        return;
    }
    if (exponent < 0) {
        out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
        return;
    }
    const auto whole = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= whole) {
        out += digits + std::string(whole - digits.size(), '0') + ".0";
        return;
    }
    out += digits.substr(0, whole) + '.' + digits.substr(whole);
}

void append_value(std::string& out, const std::string& text) {
    append_string(out, text);
}
void append_value(std::string& out, const std::vector<std::string>& list) {
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out += ',';
        append_string(out, list[i]);
    }
    out += ']';
}
void append_value(std::string& out, const std::optional<double>& number) {
    if (number)
        append_number(out, *number);
    else
        out += "null";
}
void append_value(std::string& out, const std::optional<int>& number) {
    if (number)
        out += std::to_string(*number);
    else
        out += "null";
}
// No v1 service field is a flag or a list of closures (service_names).
void append_value(std::string& out, bool) {
    out += "null";
}
void append_value(std::string& out, const std::vector<Closure>&) {
    out += "null";
}

void append_key(std::string& out, const char* key) {
    out += '"';
    out += key;
    out += "\":";
}

// The v1 structure from what the index keeps of it: id, source, nom, siret.
void append_structure(std::string& out, const Offer& offer) {
    out +=
        "{\"accessibilite_lieu\":null,\"adresse\":null,\"code_insee\":null,"
        "\"code_postal\":null,\"commune\":null,\"complement_adresse\":null,"
        "\"courriel\":null,\"date_maj\":null,\"description\":null,"
        "\"horaires_accueil\":null,\"id\":";
    append_string(out, offer.structure_id);
    out += ",\"latitude\":null,\"lien_source\":null,\"longitude\":null,\"nom\":";
    append_string(out, offer.structure_nom);
    out += ",\"reseaux_porteurs\":[],\"siret\":";
    if (offer.structure_siret.empty())
        out += "null";
    else
        append_string(out, offer.structure_siret);
    out += ",\"site_web\":null,\"source\":";
    append_string(out, offer.source);
    out += ",\"telephone\":null}";
}

}  // namespace

void append_service(std::string& out, const Offer& offer) {
    out += '{';
    for (const Field<Offer>* field : service_fields()) {
        append_key(out, field->name);
        visit_field(*field, offer, [&](auto& value) { append_value(out, value); });
        out += ',';
    }
    append_key(out, "structure");
    append_structure(out, offer);
    out += '}';
}

std::string service_json(const Offer& offer) {
    std::string out;
    out.reserve(2048);
    append_service(out, offer);
    return out;
}

void append_item(std::string& out, const Offer& offer, std::optional<long> distance_km) {
    out += "{\"service\":";
    append_service(out, offer);
    out += ",\"distance\":";
    out += distance_km ? std::to_string(*distance_km) : "null";
    out += '}';
}

double sphere_km(const LatLon& from, const LatLon& to) {
    constexpr double radians = M_PI / 180.0;  // math.radians's factor
    const double lat1 = from.lat * radians, lon1 = from.lon * radians;
    const double lat2 = to.lat * radians, lon2 = to.lon * radians;
    const double half_lat = std::sin((lat2 - lat1) / 2), half_lon = std::sin((lon2 - lon1) / 2);
    const double h = half_lat * half_lat + std::cos(lat1) * std::cos(lat2) * (half_lon * half_lon);
    return 2 * earth_radius_km * std::asin(std::fmin(1.0, std::sqrt(h)));
}

long whole_km(double km) {
    return static_cast<long>(std::floor(km + 0.5));
}

}  // namespace cartoffre::datainclusion_v1
