// A person's facts, resolved once per search from a Profile and checked.

#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"
#include "text/suggest.hpp"

namespace cartoffre::detail {

uint8_t genre_number(std::string_view genre) {
    if (genre == "femme") return 1;
    if (genre == "homme") return 2;
    return 0;
}

namespace {

constexpr int max_age = 130;

int age_on(const Date& birth, const Date& today) {
    const bool before_birthday =
        today.month < birth.month || (today.month == birth.month && today.day < birth.day);
    return today.year - birth.year - (before_birthday ? 1 : 0);
}

uint32_t all_statuses(const EligibilityTables& tables) {
    return tables.status_count() >= 32 ? ~0u : (1u << tables.status_count()) - 1;
}

std::string status_codes(const EligibilityTables& tables) {
    std::string list;
    for (uint32_t bit = 0; bit < tables.status_count(); ++bit)
        list += (bit ? ", " : "") + tables.status_code(bit);
    return list;
}

uint32_t residence_of(const Gazetteer& gazetteer, const std::string& text) {
    Place place;
    try {
        place = gazetteer.resolve(text);
    } catch (const PlaceError& e) {
        throw PlaceError(std::string("lieu de résidence : ") + e.what());
    }
    // A commune's place covers its arrondissements and a former commune stands for its current
    // one: the gazetteer names the one commune in zone_commune, as the search's zone rule uses.
    if (place.kind != Place::Kind::postcode && place.zone_commune) return *place.zone_commune;
    if (place.communes.size() == 1) return place.communes[0];
    std::string names;
    for (uint32_t c : place.communes)
        names += (names.empty() ? "" : ", ") + std::string(gazetteer.commune(c).name);
    throw PlaceError("lieu de résidence : « " + text + " » couvre " +
                     std::to_string(place.communes.size()) + " communes (" + names +
                     ") : donner la commune");
}

}  // namespace

PersonFacts facts_of(const Profile& profile, const EligibilityTables& tables,
                     const Gazetteer& gazetteer, const Date& today) {
    PersonFacts facts;
    if (profile.age) {
        facts.age = *profile.age;
    } else if (profile.birth_date) {
        const Date& birth = *profile.birth_date;
        if (!birth.valid()) throw QueryError("date de naissance invalide : " + birth.to_string());
        if (today < birth)
            throw QueryError("date de naissance " + birth.to_string() +
                             " postérieure au jour jugé, " + today.to_string());
        facts.age = age_on(birth, today);
    }
    if (facts.age && (*facts.age < 0 || *facts.age > max_age))
        throw QueryError("âge invalide : " + std::to_string(*facts.age) + " (de 0 à " +
                         std::to_string(max_age) + " ans)");

    facts.genre = genre_number(profile.genre);
    if (!profile.genre.empty() && facts.genre == 0)
        throw QueryError("genre inconnu « " + profile.genre + " » : femme ou homme");

    for (const std::string& code : profile.statuses) {
        auto bit = tables.status_bit(code);
        if (!bit) {
            std::vector<std::string> known;
            for (uint32_t b = 0; b < tables.status_count(); ++b)
                known.push_back(tables.status_code(b));
            const std::string hint = detail::did_you_mean(code, known);
            throw QueryError("statut inconnu « " + code + " »" + hint +
                             (hint.empty() ? " ; statuts connus : " : " Statuts connus : ") +
                             status_codes(tables));
        }
        facts.statuses_held |= 1u << *bit;
    }
    // A complete list answers for the statuses, not for the residence facts, which a person
    // listing their situation rarely knows: qpv and frr are known only when said.
    uint32_t residence_bits = 0;
    for (auto [code, lives] : {std::pair{"qpv", profile.qpv}, std::pair{"frr", profile.frr}}) {
        const uint32_t bit = 1u << *tables.status_bit(code);
        residence_bits |= bit;
        if (!lives) continue;
        if (!*lives && (facts.statuses_held & bit))
            throw QueryError(std::string("les statuts comprennent « ") + code + " » mais " + code +
                             " est dit faux");
        if (*lives) facts.statuses_held |= bit;
        facts.statuses_known |= bit;
    }
    facts.statuses_held = tables.implied_statuses(facts.statuses_held);
    if (profile.statuses_complete) facts.statuses_known |= all_statuses(tables) & ~residence_bits;
    facts.statuses_known |= facts.statuses_held;

    if (!profile.diplome.empty()) {
        auto level = tables.diploma_level(profile.diplome);
        if (!level)
            throw QueryError("diplôme inconnu « " + profile.diplome +
                             " » : infra-bac, bac, bac+2 ou superieur");
        facts.diplome = *level;
    }
    facts.permis = profile.permis;
    facts.vehicule = profile.vehicule;
    if (!profile.lives_in.empty()) facts.residence = residence_of(gazetteer, profile.lives_in);
    return facts;
}

}  // namespace cartoffre::detail
