// An offer's criteria in the compact form an index stores (OfferRules and its extra bytes).

#include <limits>

#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"

namespace cartoffre::detail {

namespace {

constexpr int64_t day_one = 10957;  // 2000-01-01, in days since 1970-01-01
constexpr int max_age = 130;

[[noreturn]] void fail(const Offer& offer, const std::string& field, const std::string& why) {
    throw DataError("offer " + offer.id + ": field criteria." + field + ": " + why);
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
             "date '" + text + "' is outside the dates an index stores (2000-01-01 .. " +
                 rule_date(std::numeric_limits<uint16_t>::max()).to_string() + ")");
    return static_cast<uint16_t>(day);
}

uint8_t stored_age(const Offer& offer, const char* field, const std::optional<int>& age,
                   uint8_t none) {
    if (!age) return none;
    if (*age < 0 || *age > max_age)
        fail(offer, field,
             "age " + std::to_string(*age) + " is not from 0 to " + std::to_string(max_age));
    return static_cast<uint8_t>(*age);
}

int16_t stored_places(const Offer& offer, const char* field, const std::optional<int>& places) {
    if (!places) return -1;
    if (*places < 0 || *places > std::numeric_limits<int16_t>::max())
        fail(offer, field, std::to_string(*places) + " places is not a count an index stores");
    return static_cast<int16_t>(*places);
}

uint32_t stored_statuses(const Offer& offer, const char* field,
                         const std::vector<std::string>& codes, const EligibilityTables& tables) {
    uint32_t bits = 0;
    for (const std::string& code : codes) {
        auto bit = tables.status_bit(code);
        if (!bit) fail(offer, field, "unknown status code '" + code + "'");
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
    rules.statuses_required =
        stored_statuses(offer, "statuses_required", c.statuses_required, tables);
    rules.statuses_excluded =
        stored_statuses(offer, "statuses_excluded", c.statuses_excluded, tables);
    if (rules.statuses_required & rules.statuses_excluded)
        fail(offer, "statuses_excluded", "a status is both required and excluded");

    rules.age_min = stored_age(offer, "age_min", c.age_min, 0);
    rules.age_max = stored_age(offer, "age_max", c.age_max, 255);
    if (rules.age_min > rules.age_max)
        fail(offer, "age_max",
             std::to_string(rules.age_max) + " is below age_min " + std::to_string(rules.age_min));

    if (c.genre == "femme")
        rules.genre = 1;
    else if (c.genre == "homme")
        rules.genre = 2;
    else if (!c.genre.empty())
        fail(offer, "genre", "unknown genre '" + c.genre + "' (femme or homme)");

    if (!c.diplome_max.empty()) {
        auto level = tables.diploma_level(c.diplome_max);
        if (!level) fail(offer, "diplome_max", "unknown diploma code '" + c.diplome_max + "'");
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
             "unknown welcome '" + c.accueil + "' (inconditionnel, preferentiel or exclusif)");

    if (c.prescription_required) rules.flags |= rule_prescription;
    if (c.permis_required) rules.flags |= rule_permis;
    if (c.vehicule_required) rules.flags |= rule_vehicule;
    if (offer.conditions_acces.find_first_not_of(" \t\r\n") != std::string::npos)
        rules.flags |= rule_conditions;

    rules.places_total = stored_places(offer, "places_total", c.places_total);
    rules.places_free = stored_places(offer, "places_free", c.places_free);
    if (rules.places_total >= 0 && rules.places_free > rules.places_total)
        fail(offer, "places_free",
             std::to_string(rules.places_free) + " free places exceed places_total " +
                 std::to_string(rules.places_total));
    rules.places_date = stored_day(offer, "places_date", c.places_date);
    rules.session_start = stored_day(offer, "session_start", c.session_start);
    rules.session_end = stored_day(offer, "session_end", c.session_end);
    if (rules.session_start && rules.session_end && rules.session_end < rules.session_start)
        fail(offer, "session_end",
             "'" + c.session_end + "' is before session_start '" + c.session_start + "'");
    rules.suspended_until = stored_day(offer, "suspended_until", c.suspended_until);

    // The extra bytes: closures (from, to: little-endian days), then the parsed hours.
    std::string bytes;
    for (size_t i = 0; i < c.closures.size(); ++i) {
        const std::string field = "closures[" + std::to_string(i) + "]";
        const uint16_t from = stored_day(offer, field + ".from", c.closures[i].from);
        const uint16_t to = stored_day(offer, field + ".to", c.closures[i].to);
        if (!from || !to) fail(offer, field, "a closure needs both from and to");
        if (to < from)
            fail(offer, field + ".to",
                 "'" + c.closures[i].to + "' is before from '" + c.closures[i].from + "'");
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
        throw DataError("offer " + offer.id + ": closures and opening hours take " +
                        std::to_string(bytes.size()) + " bytes, more than an index stores (" +
                        std::to_string(std::numeric_limits<uint16_t>::max()) + ")");
    if (extra.size() + bytes.size() > std::numeric_limits<uint32_t>::max())
        throw DataError("offer " + offer.id + ": the rules' extra bytes pass 4 GiB");
    rules.extra_begin = static_cast<uint32_t>(extra.size());
    rules.extra_size = static_cast<uint16_t>(bytes.size());
    extra += bytes;
    return rules;
}

std::optional<OpeningHours> hours_of(const OfferRules& rules, std::string_view extra) {
    if (!(rules.flags & rule_hours)) return std::nullopt;
    const size_t closures = size_t{rules.closures} * 4;
    if (extra.size() != rules.extra_size || closures > extra.size())
        throw DataError("an offer's extra bytes (" + std::to_string(extra.size()) +
                        ") do not match its rules (" + std::to_string(rules.extra_size) +
                        " bytes, " + std::to_string(rules.closures) + " closures)");
    return OpeningHours::deserialize(extra.substr(closures));
}

}  // namespace cartoffre::detail
