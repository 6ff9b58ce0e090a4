#include "index/search_context.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "cartoffre/error.hpp"
#include "index/availability.hpp"
#include "index/zones.hpp"
#include "text/suggest.hpp"

namespace cartoffre::detail {

namespace {

uint32_t code_number(const std::string& code, const Vocabulary& vocabulary) {
    auto n = vocabulary.find(code);
    if (!n) {
        std::vector<std::string> known;
        for (const Code& c : vocabulary.codes()) known.push_back(c.code);
        throw QueryError("code " + vocabulary.name() + " inconnu « " + code + " »" +
                         did_you_mean(code, known));
    }
    return *n;
}

uint32_t code_bits(const std::vector<std::string>& codes, const Vocabulary& vocabulary) {
    uint32_t bits = 0;
    for (auto& code : codes) bits |= 1u << code_number(code, vocabulary);
    return bits;
}

// The offer's département, for the public holidays of its hours (Alsace-Moselle has more).
std::string_view departement_of(const OfferColumns& c, const detail::Snapshot& s) {
    return c.commune == no_commune ? std::string_view()
                                   : std::string_view(s.gazetteer.commune(c.commune).departement);
}

}  // namespace

Filters compile_filters(const Query& q, const detail::Snapshot& s) {
    Filters f;
    for (auto& code : q.thematiques) f.themes |= theme_filter(s.taxonomy, code);
    f.by_themes = !q.thematiques.empty();
    f.categories = category_bits(s.taxonomy, f.themes);
    f.publics = code_bits(q.publics, s.taxonomy.publics());
    if (auto all = s.taxonomy.publics().find("tous-publics")) f.tous_publics = 1u << *all;
    f.types = code_bits(q.types, s.taxonomy.types());
    f.frais = code_bits(q.frais, s.taxonomy.frais());
    for (auto& code : q.kinds) {
        const uint32_t kind = code_number(code, s.taxonomy.typologies()) + 1;
        f.kinds[kind >> 6] |= uint64_t{1} << (kind & 63);
    }
    f.by_kinds = !q.kinds.empty();
    for (auto& mode : q.modes_accueil) {
        if (mode == "en-presentiel")
            f.modes |= flag_in_person;
        else if (mode == "a-distance")
            f.modes |= flag_remote;
        else
            throw QueryError("code modes_accueil inconnu « " + mode +
                             " » : en-presentiel ou a-distance");
    }
    if (!(q.min_quality >= 0 && q.min_quality <= 1))
        throw QueryError("qualité minimale invalide : " + std::to_string(q.min_quality) +
                         " ; donner un score entre 0 et 1");
    // Scores are stored in hundredths: 0.755 asks for 0.76 and above, as stored scores are.
    f.min_quality = static_cast<uint8_t>(std::ceil(q.min_quality * 100 - 1e-9));
    f.unplaced = q.unplaced;
    for (auto& source : q.sources) {
        auto it = std::find(s.sources.begin(), s.sources.end(), source);
        if (it == s.sources.end()) {
            std::string known;
            for (auto& k : s.sources) known += (known.empty() ? "" : ", ") + k;
            throw QueryError("source inconnue « " + source + " » (sources : " + known + ")");
        }
        f.sources.push_back(static_cast<uint16_t>(it - s.sources.begin()));
    }
    return f;
}

std::function<bool(uint32_t)> ColumnCodes::any_of(const std::vector<std::string>& terms) const {
    const Taxonomy& t = m_snapshot.taxonomy;
    // What the columns must hold, any of it; types and kinds as OfferColumns numbers them (0 is
    // none, never set).
    struct Wanted {
        ThemeSet themes;
        uint32_t categories = 0, publics = 0;
        std::array<uint64_t, 4> types{}, kinds{};
    } w;
    auto set = [](std::array<uint64_t, 4>& bits, uint32_t number) {
        bits[number >> 6] |= uint64_t{1} << (number & 63);
    };
    for (const std::string& term : terms) {
        const size_t colon = term.find(':');
        if (colon == std::string::npos) return {};
        const std::string_view list(term.data(), colon), code(term.data() + colon + 1);
        auto in = [&](const Vocabulary& v) { return v.find(code); };
        std::optional<uint32_t> n;
        if (list == "thematique" && (n = in(t.thematiques())) && *n < 128) {
            w.themes.add(*n);
        } else if (list == "categorie" && (n = in(t.categories())) && *n < 32) {
            w.categories |= 1u << *n;
        } else if (list == "public" && (n = in(t.publics())) && *n < 32) {
            w.publics |= 1u << *n;
        } else if (list == "type" && (n = in(t.types())) && *n < 255) {
            set(w.types, *n + 1);
        } else if (list == "typologie" && (n = in(t.typologies())) && *n < 255) {
            set(w.kinds, *n + 1);
        } else {
            return {};  // a list or code the columns do not hold: its postings will say
        }
    }
    const OfferColumns* columns = m_snapshot.columns;
    return [w, columns](uint32_t doc) {
        const OfferColumns& c = columns[doc];
        return c.themes.intersects(w.themes) || (c.categories & w.categories) ||
               (c.publics & w.publics) || (w.types[c.type >> 6] >> (c.type & 63) & 1) ||
               (w.kinds[c.kind >> 6] >> (c.kind & 63) & 1);
    };
}

std::optional<Area> resolve_area(const Query& q, const detail::Snapshot& s) {
    if (q.place.empty() && !q.point) return std::nullopt;
    if (!q.place.empty() && q.point) throw QueryError("donner un lieu ou un point, pas les deux");
    Area area;
    if (q.point) {
        if (!valid(*q.point))
            throw QueryError("coordonnées invalides " + std::to_string(q.point->lat) + "," +
                             std::to_string(q.point->lon));
        area.place.kind = Place::Kind::point;
        area.place.origins = {*q.point};
        area.place.zone_commune = s.gazetteer.nearest(*q.point);
        area.place.label = std::to_string(q.point->lat) + "," + std::to_string(q.point->lon);
    } else {
        area.place = s.gazetteer.resolve(q.place);
    }
    area.radius_km = q.radius_km;
    for (const LatLon& origin : area.place.origins) area.circles.emplace_back(origin, q.radius_km);
    area.communes = area.place.communes;
    std::sort(area.communes.begin(), area.communes.end());
    return area;
}

void apply_zones(const std::optional<Area>& area, const std::optional<PersonFacts>& person,
                 const detail::Snapshot& s, Filters& filters) {
    std::vector<uint32_t> zone_communes;
    if (person && person->residence)
        zone_communes = {*person->residence};
    else if (area && area->place.zone_commune)
        zone_communes = {*area->place.zone_commune};
    else if (area)
        zone_communes = area->place.communes;
    if (zone_communes.empty()) return;
    for (uint32_t c : zone_communes)
        for (auto& key : zone_keys_of_commune(s.gazetteer, c))
            if (auto it = s.zone_key_ids.find(key); it != s.zone_key_ids.end())
                filters.zone_keys.push_back(it->second);
    std::sort(filters.zone_keys.begin(), filters.zone_keys.end());
    filters.zone_keys.erase(std::unique(filters.zone_keys.begin(), filters.zone_keys.end()),
                            filters.zone_keys.end());
    filters.zones_apply = true;
}

std::string zones_label(uint32_t p, const detail::Snapshot& s) {
    const OfferColumns& c = s.columns[p];
    std::string label;
    for (uint32_t i = 0; i < c.zones_count; ++i) {
        const std::string& key = s.zone_keys[s.zones[c.zones_begin + i]];
        std::string name = key == "france" ? "France" : s.gazetteer.departement_name(key);
        if (name.empty()) name = s.gazetteer.epci_name(key);
        if (name.empty())
            if (auto commune = s.gazetteer.find_code(key))
                name = s.gazetteer.commune(*commune).name;
        label += (label.empty() ? "" : ", ") + (name.empty() ? key : name);
    }
    return label;
}

OfferFacts offer_facts(uint32_t p, const detail::Snapshot& s) {
    const OfferColumns& c = s.columns[p];
    return {c.publics, !s.open_everywhere(c), {}, s.rules_extra(p), {}};
}

bool suits(uint32_t p, const ForPerson& f, const detail::Snapshot& s, bool& ineligible) {
    const OfferRules& rules = s.rules[p];
    if (f.open_at || f.open_on) {
        const auto hours = hours_of(rules, s.rules_extra(p));
        if (!hours) return false;  // hours unknown: not known to be open
        const std::string_view departement = departement_of(s.columns[p], s);
        if (f.open_at && !hours->open_at(f.open_at_in(departement), departement)) return false;
        if (f.open_on && !hours->open_on(*f.open_on, departement)) return false;
    }
    if (f.available && !available_on(rules, s.rules_extra(p), f.today)) return false;
    ineligible = false;
    if (f.person && may_exclude(rules)) {
        ineligible = judge(rules, offer_facts(p, s), *f.person, f.today, s.eligibility, s.taxonomy,
                           s.public_rules, nullptr) == Verdict::ineligible;
        if (ineligible && f.mode == EligibilityMode::strict) return false;
    }
    return true;
}

ForPerson for_person_of(const Query& q, const detail::Snapshot& s) {
    ForPerson f;
    f.today = q.today ? *q.today : local_now().date;
    if (q.profile) f.person = facts_of(*q.profile, s.eligibility, s.gazetteer, f.today);
    f.mode = q.mode;
    f.open_at = q.open_at;
    if (f.open_at)
        for (char last = '1'; last <= '8'; ++last)
            f.open_at_overseas.push_back(local_time_in(*f.open_at, std::string("97") + last));
    f.open_on = q.open_on;
    f.available = q.available;
    return f;
}

LocalDateTime ForPerson::open_at_in(std::string_view departement) const {
    if (departement.size() == 3 && departement.substr(0, 2) == "97" && departement[2] >= '1' &&
        departement[2] <= '8' && open_at_overseas.size() == 8)
        return open_at_overseas[static_cast<size_t>(departement[2] - '1')];
    return *open_at;
}

Eligibility judge_with_reasons(uint32_t position, const ForPerson& f, const detail::Snapshot& s,
                               const Offer& offer) {
    Eligibility e;
    if (!f.person) return e;
    OfferFacts facts = offer_facts(position, s);
    facts.zones_label = zones_label(position, s);
    facts.conditions = offer.conditions_acces;
    e.verdict = judge(s.rules[position], facts, *f.person, f.today, s.eligibility, s.taxonomy,
                      s.public_rules, &e.reasons);
    return e;
}

}  // namespace cartoffre::detail
