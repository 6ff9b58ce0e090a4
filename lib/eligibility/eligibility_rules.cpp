// An offer's criteria in the compact form an index stores (OfferRules and its extra bytes).

#include <limits>

#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"

namespace cartoffre::detail {

namespace {

constexpr int64_t day_one = 10957;  // 2000-01-01, in days since 1970-01-01
constexpr int max_age = 130;

[[noreturn]] void fail(const Offer& offer, const std::string& field, const std::string& why) {
    throw DataError("offre " + offer.id + " : champ criteres." + field + " : " + why);
}

uint16_t stored_day(const Offer& offer, const std::string& field, const std::string& text) {
    if (text.empty()) return 0;
    Date date;
    try {
        date = parse_date(text);
    } catch (const QueryError& e) {
        fail(offer, field, e.what());
    }
    const int64_t day = date.days() - day_one + 1;
    if (day < 1 || day > std::numeric_limits<uint16_t>::max())
        fail(offer, field,
             "date « " + text + " » hors des dates qu'un index garde (du 2000-01-01 au " +
                 rule_date(std::numeric_limits<uint16_t>::max()).to_string() + ")");
    return static_cast<uint16_t>(day);
}

uint8_t stored_age(const Offer& offer, const char* field, const std::optional<int>& age,
                   uint8_t none) {
    if (!age) return none;
    if (*age < 0 || *age > max_age)
        fail(offer, field,
             "âge " + std::to_string(*age) + " hors de 0 à " + std::to_string(max_age));
    return static_cast<uint8_t>(*age);
}

int16_t stored_places(const Offer& offer, const char* field, const std::optional<int>& places) {
    if (!places) return -1;
    if (*places < 0 || *places > std::numeric_limits<int16_t>::max())
        fail(offer, field,
             std::to_string(*places) + " places : nombre hors de ce qu'un index garde");
    return static_cast<int16_t>(*places);
}

uint32_t stored_statuses(const Offer& offer, const char* field,
                         const std::vector<std::string>& codes, const EligibilityTables& tables) {
    uint32_t bits = 0;
    for (const std::string& code : codes) {
        auto bit = tables.status_bit(code);
        if (!bit) fail(offer, field, "code de statut inconnu « " + code + " »");
        bits |= 1u << *bit;
    }
    return bits;
}

void put_day(std::string& out, uint16_t day) {
    out += static_cast<char>(day & 0xff);
    out += static_cast<char>(day >> 8);
}

}  // namespace

uint16_t rule_day(const Date& date) {
    const int64_t day = date.days() - day_one + 1;
    if (day < 1) return 1;
    if (day > std::numeric_limits<uint16_t>::max()) return std::numeric_limits<uint16_t>::max();
    return static_cast<uint16_t>(day);
}

Date rule_date(uint16_t day) {
    return Date::from_days(day_one + day - 1);
}

OfferRules rules_of(const Offer& offer, const EligibilityTables& tables, std::string& extra) {
    const Criteria& c = offer.criteria;
    OfferRules rules;
    rules.statuses_required = stored_statuses(offer, "statuts_requis", c.statuses_required, tables);
    rules.statuses_excluded = stored_statuses(offer, "statuts_exclus", c.statuses_excluded, tables);
    if (rules.statuses_required & rules.statuses_excluded)
        fail(offer, "statuts_exclus", "un statut est à la fois requis et exclu");

    rules.age_min = stored_age(offer, "age_min", c.age_min, 0);
    rules.age_max = stored_age(offer, "age_max", c.age_max, 255);
    if (rules.age_min > rules.age_max)
        fail(offer, "age_max",
             std::to_string(rules.age_max) + " est sous age_min " + std::to_string(rules.age_min));

    if (c.genre == "femme")
        rules.genre = 1;
    else if (c.genre == "homme")
        rules.genre = 2;
    else if (!c.genre.empty())
        fail(offer, "genre", "genre inconnu « " + c.genre + " » (femme ou homme)");

    if (!c.diplome_max.empty()) {
        auto level = tables.diploma_level(c.diplome_max);
        if (!level) fail(offer, "diplome_max", "code de diplôme inconnu « " + c.diplome_max + " »");
        rules.diplome_max = *level;
    }

    if (c.accueil == "inconditionnel")
        rules.accueil = 1;
    else if (c.accueil == "preferentiel")
        rules.accueil = 2;
    else if (c.accueil == "exclusif")
        rules.accueil = 3;
    else if (!c.accueil.empty())
        fail(offer, "accueil",
             "accueil inconnu « " + c.accueil + " » (inconditionnel, preferentiel ou exclusif)");

    if (c.prescription_required) rules.flags |= rule_prescription;
    if (c.permis_required) rules.flags |= rule_permis;
    if (c.vehicule_required) rules.flags |= rule_vehicule;
    if (offer.conditions_acces.find_first_not_of(" \t\r\n") != std::string::npos)
        rules.flags |= rule_conditions;

    rules.places_total = stored_places(offer, "places_total", c.places_total);
    rules.places_free = stored_places(offer, "places_libres", c.places_free);
    if (rules.places_total >= 0 && rules.places_free > rules.places_total)
        fail(offer, "places_libres",
             std::to_string(rules.places_free) + " places libres dépassent places_total " +
                 std::to_string(rules.places_total));
    rules.places_date = stored_day(offer, "places_date", c.places_date);
    rules.session_start = stored_day(offer, "session_debut", c.session_start);
    rules.session_end = stored_day(offer, "session_fin", c.session_end);
    if (rules.session_start && rules.session_end && rules.session_end < rules.session_start)
        fail(offer, "session_fin",
             "« " + c.session_end + " » précède session_debut « " + c.session_start + " »");
    rules.suspended_until = stored_day(offer, "suspendue_jusqu_au", c.suspended_until);

    // The extra bytes: closures (from, to: little-endian days), then the parsed hours.
    std::string bytes;
    for (size_t i = 0; i < c.closures.size(); ++i) {
        const std::string field = "fermetures[" + std::to_string(i) + "]";
        const uint16_t from = stored_day(offer, field + " (début)", c.closures[i].from);
        const uint16_t to = stored_day(offer, field + " (fin)", c.closures[i].to);
        if (!from || !to) fail(offer, field, "une fermeture a un début et une fin");
        if (to < from)
            fail(offer, field,
                 "la fin « " + c.closures[i].to + " » précède le début « " + c.closures[i].from +
                     " »");
        put_day(bytes, from);
        put_day(bytes, to);
    }
    rules.closures = static_cast<uint16_t>(c.closures.size());
    if (!offer.horaires_accueil.empty()) {
        // Text that does not parse was reported when the catalogue loaded; the offer keeps it.
        HoursParse parsed = OpeningHours::parse(offer.horaires_accueil);
        if (parsed.hours) {
            bytes += parsed.hours->serialize();
            rules.flags |= rule_hours;
        }
    }
    if (bytes.size() > std::numeric_limits<uint16_t>::max())
        throw DataError("offre " + offer.id + " : fermetures et horaires de " +
                        std::to_string(bytes.size()) + " octets, plus qu'un index n'en garde (" +
                        std::to_string(std::numeric_limits<uint16_t>::max()) + ")");
    if (extra.size() + bytes.size() > std::numeric_limits<uint32_t>::max())
        throw DataError("offre " + offer.id + " : les règles des offres dépassent 4 Gio");
    rules.extra_begin = static_cast<uint32_t>(extra.size());
    rules.extra_size = static_cast<uint16_t>(bytes.size());
    extra += bytes;
    return rules;
}

std::optional<OpeningHours> hours_of(const OfferRules& rules, std::string_view extra) {
    if (!(rules.flags & rule_hours)) return std::nullopt;
    const size_t closures = size_t{rules.closures} * 4;
    if (extra.size() != rules.extra_size || closures > extra.size())
        throw DataError("index abîmé : les octets d'une offre (" + std::to_string(extra.size()) +
                        ") ne correspondent pas à ses règles (" + std::to_string(rules.extra_size) +
                        " octets, " + std::to_string(rules.closures) + " fermetures)");
    return OpeningHours::deserialize(extra.substr(closures));
}

}  // namespace cartoffre::detail
