#pragma once
// The writer of data·inclusion v1 services (include/cartoffre/datainclusion_v1.hpp), over any
// source of an offer's fields: an Offer, or a record read in place (lib/index/record.hpp), so
// that a page of search results is written without decoding its records into Offers. Both
// sources go through the same code: the texts are the same bytes whichever wrote them.
//
// A source has, by the field's place in offer_fields(): text(i) -> std::string_view,
// list(i, std::vector<std::string_view>&), number(i) -> std::optional<double>,
// integer(i) -> std::optional<int>.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartoffre::detail::v1 {

// What a v1 service field holds, as the writer reads it.
enum class Kind { text, list, number, integer, none };

struct ServiceField {
    std::string key;  // the v1 key as written: "name":
    size_t field;     // its place in offer_fields()
    Kind kind;
};

// The v1 service's fields in the schema's alphabetical order.
const std::vector<ServiceField>& service_fields();

// The places in offer_fields() of what the v1 structure and the contacts are written from.
struct Places {
    size_t source, structure_id, structure_nom, structure_siret;
    size_t contact_nom_prenom, courriel, telephone;
};
const Places& places();

// JSON as Python's json.dumps(ensure_ascii=False) writes it (datainclusion_v1.cpp).
void append_string(std::string& out, std::string_view text);
void append_number(std::string& out, double value);

// The service's contacts: one function reads them, whatever else fills them one day (merged
// duplicates' contacts).
struct Contacts {
    std::string_view nom_prenom, courriel, telephone;
};
template <class Source>
Contacts contacts_of(const Source& source) {
    const Places& at = places();
    return {source.text(at.contact_nom_prenom), source.text(at.courriel),
            source.text(at.telephone)};
}

// The v1 structure from what the index keeps of it: id, source, nom, siret.
template <class Source>
void append_structure(std::string& out, const Source& source) {
    const Places& at = places();
    out +=
        "{\"accessibilite_lieu\":null,\"adresse\":null,\"code_insee\":null,"
        "\"code_postal\":null,\"commune\":null,\"complement_adresse\":null,"
        "\"courriel\":null,\"date_maj\":null,\"description\":null,"
        "\"horaires_accueil\":null,\"id\":";
    append_string(out, source.text(at.structure_id));
    out += ",\"latitude\":null,\"lien_source\":null,\"longitude\":null,\"nom\":";
    append_string(out, source.text(at.structure_nom));
    out += ",\"reseaux_porteurs\":[],\"siret\":";
    const std::string_view siret = source.text(at.structure_siret);
    if (siret.empty())
        out += "null";
    else
        append_string(out, siret);
    out += ",\"site_web\":null,\"source\":";
    append_string(out, source.text(at.source));
    out += ",\"telephone\":null}";
}

template <class Source>
void append_service(std::string& out, const Source& source) {
    const Places& at = places();
    const Contacts contacts = contacts_of(source);
    thread_local std::vector<std::string_view> items;
    out += '{';
    for (const ServiceField& f : service_fields()) {
        out += f.key;
        if (f.field == at.contact_nom_prenom) {
            append_string(out, contacts.nom_prenom);
        } else if (f.field == at.courriel) {
            append_string(out, contacts.courriel);
        } else if (f.field == at.telephone) {
            append_string(out, contacts.telephone);
        } else {
            switch (f.kind) {
                case Kind::text:
                    append_string(out, source.text(f.field));
                    break;
                case Kind::list:
                    source.list(f.field, items);
                    out += '[';
                    for (size_t i = 0; i < items.size(); ++i) {
                        if (i > 0) out += ',';
                        append_string(out, items[i]);
                    }
                    out += ']';
                    break;
                case Kind::number:
                    if (const auto number = source.number(f.field))
                        append_number(out, *number);
                    else
                        out += "null";
                    break;
                case Kind::integer:
                    if (const auto number = source.integer(f.field))
                        out += std::to_string(*number);
                    else
                        out += "null";
                    break;
                case Kind::none:  // no v1 service field is a flag or closures
                    out += "null";
            }
        }
        out += ',';
    }
    out += "\"structure\":";
    append_structure(out, source);
    out += '}';
}

// One item of /search/services: {"service": {...}, "distance": km or null}.
template <class Source>
void append_item(std::string& out, const Source& source, std::optional<long> distance_km) {
    out += "{\"service\":";
    append_service(out, source);
    out += ",\"distance\":";
    if (distance_km)
        out += std::to_string(*distance_km);
    else
        out += "null";
    out += '}';
}

}  // namespace cartoffre::detail::v1
