// The v1 service as data·inclusion's API answers it (include/cartoffre/datainclusion_v1.hpp),
// written straight into a string: a page of 5,000 services is written without a JSON tree. The
// writer itself is lib/offer/v1_writer.hpp, shared with the pages written from the index's
// records.

#include "cartoffre/datainclusion_v1.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "cartoffre/fields.hpp"
#include "offer/v1_writer.hpp"

namespace cartoffre::detail::v1 {

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

size_t place_of(const char* name) {
    const auto& fields = offer_fields();
    for (size_t i = 0; i < fields.size(); ++i)
        if (std::strcmp(fields[i].name, name) == 0) return i;
    throw std::logic_error(std::string("v1 service field missing: ") + name);
}

Kind kind_of(size_t member_kind) {
    switch (member_kind) {
        case 0:
            return Kind::text;
        case 1:
            return Kind::list;
        case 2:
            return Kind::number;
        case 3:
            return Kind::integer;
        default:
            return Kind::none;
    }
}

// An Offer as the writer's source of fields.
class OfferSource {
  public:
    explicit OfferSource(const Offer& offer) : m_offer(offer) {}
    std::string_view text(size_t field) const {
        std::string_view found;
        visit(field, [&](const auto& value) {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) found = value;
        });
        return found;
    }
    void list(size_t field, std::vector<std::string_view>& out) const {
        out.clear();
        visit(field, [&](const auto& value) {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::vector<std::string>>)
                out.assign(value.begin(), value.end());
        });
    }
    std::optional<double> number(size_t field) const {
        std::optional<double> found;
        visit(field, [&](const auto& value) {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::optional<double>>)
                found = value;
        });
        return found;
    }
    std::optional<int> integer(size_t field) const {
        std::optional<int> found;
        visit(field, [&](const auto& value) {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::optional<int>>)
                found = value;
        });
        return found;
    }

  private:
    template <class Visit>
    void visit(size_t field, Visit&& visit) const {
        visit_field(offer_fields()[field], m_offer, visit);
    }
    const Offer& m_offer;
};

}  // namespace

const std::vector<ServiceField>& service_fields() {
    static const std::vector<ServiceField> fields = [] {
        std::vector<ServiceField> found;
        for (const char* name : service_names) {
            const size_t place = place_of(name);
            found.push_back({"\"" + std::string(name) + "\":", place,
                             kind_of(offer_fields()[place].member.index())});
        }
        return found;
    }();
    return fields;
}

const Places& places() {
    static const Places found{
        place_of("source"),          place_of("structure_id"),       place_of("structure_nom"),
        place_of("structure_siret"), place_of("contact_nom_prenom"), place_of("courriel"),
        place_of("telephone")};
    return found;
}

// A JSON string as Python's json.dumps(ensure_ascii=False) writes it: the two-character escapes
// it knows, \u00XX (lower case) for the other control characters, everything else as it is.
// Whether any of the 8 bytes of `word` is a control character, '"' or '\\' (bytes of UTF-8
// sequences, 0x80 and above, are none of them): texts are mostly plain, and testing 8 bytes at
// once made the page's writing twice as fast.
static bool needs_escape(uint64_t word) {
    constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t below_space = (word - ones * 0x20) & ~word & highs;
    const uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\');
    return below_space | ((quote - ones) & ~quote & highs) |
           ((backslash - ones) & ~backslash & highs);
}

void append_string(std::string& out, std::string_view text) {
    out += '"';
    size_t plain = 0;  // start of the run of characters copied as they are
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, text.data() + i, sizeof word);
        if (needs_escape(word)) break;
    }
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plain, i - plain);
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
    out.append(text.data() + plain, text.size() - plain);
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
    // In char arrays rather than strings: two numbers a service, 800 services a page.
    char buffer[64];
    const char* end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
    const char* e = std::find(static_cast<const char*>(buffer), end, 'e');  // [-]d[.ddd]e±XX
    int exponent = 0;
    std::from_chars(e + (e[1] == '+' ? 2 : 1), end, exponent);
    const bool negative = buffer[0] == '-';
    char digits[32];
    size_t count = 0;
    for (const char* c = buffer + (negative ? 1 : 0); c < e; ++c)
        if (*c != '.') digits[count++] = *c;
    if (negative) out += '-';
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (count > 1) {
            out += '.';
            out.append(digits + 1, count - 1);
        }
        out.append(e, end);  // e±XX, two digits at least, as Python's
        return;
    }
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<size_t>(-exponent - 1), '0');
        out.append(digits, count);
        return;
    }
    const auto whole = static_cast<size_t>(exponent) + 1;
    if (count <= whole) {
        out.append(digits, count);
        out.append(whole - count, '0');
        out += ".0";
        return;
    }
    out.append(digits, whole);
    out += '.';
    out.append(digits + whole, count - whole);
}

}  // namespace cartoffre::detail::v1

namespace cartoffre::datainclusion_v1 {

void append_service(std::string& out, const Offer& offer) {
    detail::v1::append_service(out, detail::v1::OfferSource(offer));
}

std::string service_json(const Offer& offer) {
    std::string out;
    out.reserve(2048);
    append_service(out, offer);
    return out;
}

void append_item(std::string& out, const Offer& offer, std::optional<long> distance_km) {
    detail::v1::append_item(out, detail::v1::OfferSource(offer), distance_km);
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
