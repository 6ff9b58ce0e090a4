#include "load/offer_checks.hpp"

#include <algorithm>
#include <cmath>

#include "cartoffre/error.hpp"
#include "cartoffre/hours.hpp"
#include "text/text.hpp"

namespace cartoffre::detail {

namespace {

// A commune name as catalogues write it ("ST DENIS", "Saint-Denis") compared folded, St spelt out.
std::string name_key(std::string_view name) {
    std::string key;
    for (auto& w : detail::words(name))
        key += (key.empty() ? "" : " ") + (w == "st"    ? std::string("saint")
                                           : w == "ste" ? std::string("sainte")
                                                        : w);
    return key;
}

std::string point_text(LatLon p) {
    return std::to_string(p.lat) + "," + std::to_string(p.lon);
}

}  // namespace

double commune_tolerance_km(std::string_view insee) {
    // Measured on the DILA directory (62,138 rows): town halls of Guyane lie up to 76 km from
    // their commune's centroid (Mana), Arles's 31 km; elsewhere rows beyond 30 km are wrong
    // geocodes (a town of the same name, a département's centre).
    if (insee.substr(0, 3) == "973") return 120;
    if (insee == "13004" || insee == "13096") return 45;
    return 30;
}

bool in_france(double lat, double lon) {
    struct Box {
        double south, north, west, east;
    };
    static const Box boxes[] = {
        {41.2, 51.2, -5.3, 9.7},     // metropole and Corsica
        {15.8, 16.6, -61.9, -60.9},  // Guadeloupe
        {14.3, 15.0, -61.3, -60.7},  // Martinique
        {2.0, 5.9, -54.7, -51.5},    // Guyane
        {-21.5, -20.8, 55.1, 55.9},  // La Réunion
        {-13.1, -12.5, 44.9, 45.4},  // Mayotte
        {46.7, 47.2, -56.5, -56.1},  // Saint-Pierre-et-Miquelon
        {17.8, 18.2, -63.2, -62.7},  // Saint-Martin, Saint-Barthélemy
        // The Pacific collectivities, whose communes the gazetteer has too.
        {-23.0, -19.0, 163.0, 168.5},    // Nouvelle-Calédonie
        {-28.0, -7.8, -154.8, -134.0},   // Polynésie française
        {-14.4, -13.1, -178.3, -176.0},  // Wallis-et-Futuna
    };
    for (const Box& b : boxes)
        if (lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east) return true;
    return false;
}

std::string french_phone(const std::string& text) {
    std::string digits;
    bool plus = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (text.compare(i, 2, "\xC2\xA0") == 0) {
            ++i;  // a no-break space
        } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '\t') {
            digits.clear();  // words, a slash between two numbers: not one number
            break;
        }
    }
    if (digits.rfind("00", 0) == 0 && !plus) {
        digits.erase(0, 2);
        plus = true;
    }
    std::string national;
    if (!plus && digits.size() == 10 && digits[0] == '0') {
        national = digits;
    } else if (plus) {
        // France, then the overseas départements (their numbers keep the code: 0262, 0590...).
        for (const char* country : {"33", "262", "590", "594", "596"}) {
            if (digits.rfind(country, 0) != 0) continue;
            std::string rest = digits.substr(std::char_traits<char>::length(country));
            if (rest.size() == 10 && rest[0] == '0') rest.erase(0, 1);  // "+33 (0)1 ..."
            if (rest.size() == 9 && rest[0] != '0') national = "0" + rest;
            break;
        }
    }
    if (national.empty()) {
        const size_t first = text.find_first_not_of(" \t");
        if (first == std::string::npos) return {};
        return text.substr(first, text.find_last_not_of(" \t") - first + 1);
    }
    std::string out;
    for (size_t i = 0; i < 10; i += 2) out += (i ? " " : "") + national.substr(i, 2);
    return out;
}

bool OfferChecks::reject(const std::string& field, const std::string& value,
                         const std::string& why) {
    m_report.issues.push_back({m_position, m_local_id, field, value, why, true});
    ++m_report.rejected;
    return false;
}

void OfferChecks::warn(const std::string& field, const std::string& value, const std::string& why) {
    m_report.issues.push_back({m_position, m_local_id, field, value, why, false});
    m_warned = true;
}

void OfferChecks::codes(Offer& o) {
    auto keep_known = [&](std::vector<std::string>& list, const Vocabulary& v, const char* field) {
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const std::string& code) {
                                      if (v.find(code)) return false;
                                      warn(field, code, "code inconnu, laissé de côté");
                                      return true;
                                  }),
                   list.end());
    };
    keep_known(o.thematiques, m_taxonomy.thematiques(), "thematiques");
    keep_known(o.publics, m_taxonomy.publics(), "publics");
    keep_known(o.modes_accueil, m_taxonomy.modes_accueil(), "modes_accueil");
    keep_known(o.modes_mobilisation, m_taxonomy.modes_mobilisation(), "modes_mobilisation");
    keep_known(o.mobilisable_par, m_taxonomy.mobilisable_par(), "mobilisable_par");
    // "tous-publics" stands alone (the index refuses it with others): the offer is for all.
    if (o.publics.size() > 1 &&
        std::find(o.publics.begin(), o.publics.end(), "tous-publics") != o.publics.end()) {
        std::string others;
        for (auto& p : o.publics)
            if (p != "tous-publics") others += (others.empty() ? "" : ";") + p;
        warn("publics", others, "avec tous-publics, laissés de côté : l'offre est pour tous");
        o.publics = {"tous-publics"};
    }
    if (!o.type.empty() && !m_taxonomy.types().find(o.type)) {
        warn("type", o.type, "code inconnu, laissé de côté");
        o.type.clear();
    }
    if (!o.frais.empty() && !m_taxonomy.frais().find(o.frais)) {
        warn("frais", o.frais, "code inconnu, laissé de côté");
        o.frais.clear();
    }
}

void OfferChecks::zones(Offer& o) {
    // The codes an index knows as zones (index/zones.hpp's zone_key): France, an EPCI, a
    // département, a commune. Anything else would reject the whole offer at indexing.
    auto known = [&](const std::string& code) {
        return code == "france" || code == "99100" ||
               (code.size() == 9 && m_gazetteer.is_epci(code)) ||
               (code.size() <= 3 && m_gazetteer.is_departement(code)) ||
               (code.size() == 5 && m_gazetteer.find_code(code));
    };
    auto& list = o.zone_eligibilite;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const std::string& code) {
                                  if (known(code)) return false;
                                  warn("zone_eligibilite", code, "zone inconnue, laissée de côté");
                                  return true;
                              }),
               list.end());
}

void OfferChecks::date(Offer& o) {
    if (o.date_maj.empty()) return;
    std::string day = o.date_maj.substr(0, 10);
    std::replace(day.begin(), day.end(), '/', '-');
    try {
        parse_date(day);
        o.date_maj = day;
    } catch (const QueryError&) {
        warn("date_maj", o.date_maj, "date non valide, laissée de côté");
        o.date_maj.clear();
    }
}

void OfferChecks::hours(Offer& o) {
    const std::string& text = o.horaires_accueil;
    if (text.empty()) return;
    const HoursParse parsed = OpeningHours::parse(text);
    if (!parsed.hours)
        warn("horaires_accueil", text, "horaires non compris, gardés en texte : " + parsed.error);
}

std::optional<LatLon> OfferChecks::usable(LatLon p) {
    if (in_france(p.lat, p.lon)) return p;  // the usual case: no text made
    const std::string value = point_text(p);
    if (!std::isfinite(p.lat) || !std::isfinite(p.lon)) {
        warn("latitude/longitude", value, "pas un nombre fini, laissé de côté");
        return std::nullopt;
    }
    if (p.lat == 0 && p.lon == 0) {
        warn("latitude/longitude", value, "0,0 n'est pas un lieu, laissé de côté");
        return std::nullopt;
    }
    if (in_france(p.lon, p.lat)) {
        warn("latitude/longitude", value, "latitude et longitude inversées, remises en place");
        return LatLon{p.lon, p.lat};
    }
    warn("latitude/longitude", value, "hors de France, laissé de côté");
    return std::nullopt;
}

void OfferChecks::place(Offer& o, std::optional<LatLon> at) {
    // The offer's own flag stays (an export read back: its place is already a centre).
    o.latitude.reset(), o.longitude.reset();
    std::optional<uint32_t> commune;
    if (!o.code_insee.empty()) {
        commune = m_gazetteer.find_code(o.code_insee);
        if (!commune) {
            warn("code_insee", o.code_insee, "code de commune inconnu, laissé de côté");
            o.code_insee.clear();
        }
    }
    if (!commune && !o.code_postal.empty()) commune = by_postcode(o);
    if (commune) o.code_insee = m_gazetteer.commune(*commune).code;
    const std::optional<LatLon> centre =
        commune ? m_gazetteer.commune(*commune).centre : std::nullopt;

    if (at && centre) {
        const double km = distance_km(*at, *centre);
        if (km > commune_tolerance_km(o.code_insee)) {
            // A wrong geocode puts the offer in another town: a search of its own commune
            // would show it hundreds of km away. Its commune is the better guess.
            warn("latitude/longitude", point_text(*at),
                 "loin de la commune indiquée : " + std::to_string(static_cast<int>(km)) +
                     " km de " + std::string(m_gazetteer.commune(*commune).name) + " (" +
                     o.code_insee + "), placée au centre de la commune");
            o.latitude = centre->lat, o.longitude = centre->lon;
            o.location_approximate = true;
            ++m_report.moved_to_commune_centre;
            return;
        }
    }
    if (at) {
        o.latitude = at->lat, o.longitude = at->lon;
        return;
    }
    if (centre) {
        o.latitude = centre->lat, o.longitude = centre->lon;
        o.location_approximate = true;
        ++m_report.placed_at_commune_centre;
        warn("latitude/longitude", "",
             "sans coordonnées, placée au centre de la commune : " +
                 std::string(m_gazetteer.commune(*commune).name));
    } else {
        warn("latitude/longitude", "",
             "sans coordonnées ni commune connue, absente de la carte : " + o.code_insee + " " +
                 o.code_postal + " " + o.commune);
    }
}

std::optional<uint32_t> OfferChecks::by_postcode(const Offer& o) {
    const std::vector<uint32_t> communes = m_gazetteer.find_postcode(o.code_postal);
    if (communes.size() == 1) return communes[0];
    const std::string name = name_key(o.commune);
    for (uint32_t c : communes)
        if (!name.empty() && name_key(m_gazetteer.commune(c).name) == name) return c;
    return std::nullopt;
}

}  // namespace cartoffre::detail
