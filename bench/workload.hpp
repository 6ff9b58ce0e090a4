#pragma once
// The peer benchmark's data and queries, the same for every engine: offers flattened with what
// the peers need to apply cartoffre's rules (zone keys, commune, themes, criteria), and query
// classes (a)-(f) drawn reproducibly around real communes weighted by population.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "cartoffre/index.hpp"
#include "eligibility/eligibility.hpp"
#include "offer/theme_set.hpp"
#include "population.hpp"

namespace bench {

using namespace cartoffre;

// One offer as the peers store it. Zone keys and the commune follow the index's rules
// (lib/index/accept_offer.cpp): france/99100 are "france", an EPCI its SIREN, a département its
// code, a commune its INSEE code; the commune is the gazetteer's reading of code_insee.
struct FlatOffer {
    const Offer* offer = nullptr;
    int64_t commune = -1;  // gazetteer index, -1 when none
    std::vector<std::string> zones;
    std::vector<std::string> categories;
};

inline std::string zone_key(const Gazetteer& g, const std::string& code) {
    if (code == "france" || code == "99100") return "france";
    if (code.size() == 9 && g.is_epci(code)) return code;
    if (code.size() <= 3 && g.is_departement(code)) return code;
    if (code.size() == 5 && g.find_code(code)) return code;
    return code;  // the index rejects such offers: they never reach the peers
}

inline std::vector<FlatOffer> flatten(const std::vector<Offer>& offers, const Gazetteer& g,
                                      const Taxonomy& t) {
    std::vector<FlatOffer> flat;
    flat.reserve(offers.size());
    for (const Offer& o : offers) {
        FlatOffer f;
        f.offer = &o;
        if (!o.code_insee.empty())
            if (auto c = g.find_code(o.code_insee)) f.commune = *c;
        for (const std::string& code : o.zone_eligibilite) {
            std::string key = zone_key(g, code);
            if (std::find(f.zones.begin(), f.zones.end(), key) == f.zones.end())
                f.zones.push_back(key);
        }
        for (const std::string& theme : o.thematiques) {
            const std::string& category =
                t.categories().code(t.category_of(*t.thematiques().find(theme)));
            if (std::find(f.categories.begin(), f.categories.end(), category) == f.categories.end())
                f.categories.push_back(category);
        }
        flat.push_back(std::move(f));
    }
    return flat;
}

// A map viewport (decimal degrees, edges included), kept here so that the peers have it whether
// or not the library's Query takes one yet.
struct Viewport {
    double south = 0, west = 0, north = 0, east = 0;
};

template <class Q, class = void>
struct takes_viewport : std::false_type {};
template <class Q>
struct takes_viewport<Q, std::void_t<decltype(std::declval<Q&>().bbox)>> : std::true_type {};
// Whether cartoffre answers class (e): its Query has a bbox.
constexpr bool cartoffre_has_viewport = takes_viewport<Query>::value;

template <class Q>
void set_viewport(Q& q, const Viewport& v) {
    if constexpr (takes_viewport<Q>::value)
        q.bbox = typename decltype(q.bbox)::value_type{v.south, v.west, v.north, v.east};
}

enum class Kind { a, b, c, d, e, f };
constexpr Kind all_kinds[] = {Kind::a, Kind::b, Kind::c, Kind::d, Kind::e, Kind::f};

inline const char* kind_name(Kind k) {
    switch (k) {
        case Kind::a:
            return "(a) commune + themes + zones, by distance";
        case Kind::b:
            return "(b) words + 10 km + category, top 20 by relevance";
        case Kind::c:
            return "(c) 10 km + filters + profile, top 20 by distance";
        case Kind::d:
            return "(d) words only, top 20";
        case Kind::e:
            return "(e) map viewport with counts by category";
        default:
            return "(f) page-through, 10 pages of 20 by distance";
    }
}

// A person for class (c): the facts the peers can judge in SQL (age, genre, statuses, complete
// or not), with the held and known statuses as the library resolves them.
struct Person {
    Profile profile;
    std::vector<std::string> held;   // with the statuses they imply
    std::vector<std::string> known;  // held, or known not held
};

// One query of a class, with the place resolved once for every engine.
struct Spec {
    Kind kind = Kind::a;
    Query query;                         // what cartoffre is asked
    Place place;                         // the resolved place (communes, origins)
    std::vector<std::string> zone_keys;  // of the place's zone commune
    std::vector<std::string> themes;     // theme codes the filter stands for
    std::optional<Person> person;
    Date today;
    size_t pages = 1;  // (f): pages walked with the cursor
    Viewport box;      // (e)
};

inline std::vector<std::string> theme_codes(const Taxonomy& t, const std::vector<std::string>& f) {
    detail::ThemeSet set;
    for (auto& code : f) set |= detail::theme_filter(t, code);
    std::vector<std::string> codes;
    for (uint32_t i = 0; i < t.thematiques().size(); ++i)
        if (set.has(i)) codes.push_back(t.thematiques().code(i));
    return codes;
}

inline std::vector<std::string> zone_keys_of(const Gazetteer& g, uint32_t commune) {
    const Commune c = g.commune(commune);
    std::vector<std::string> keys{std::string(c.code), std::string(c.departement), "france"};
    if (!c.parent.empty()) keys.emplace_back(c.parent);
    if (!c.epci.empty()) keys.emplace_back(c.epci);
    return keys;
}

inline Person person_of(std::mt19937_64& rng) {
    static const std::vector<std::string> statuses = {
        "rsa",       "ass",     "aah",           "demandeur-emploi", "deld",     "detld", "rqth",
        "jeune-ase", "refugie", "sans-domicile", "parent-isole",     "etudiant", "actif", "senior"};
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    Person p;
    p.profile.age = 16 + static_cast<int>(rng() % 55);
    if (chance(0.6)) p.profile.genre = chance(0.5) ? "femme" : "homme";
    for (int n = static_cast<int>(rng() % 3); n > 0; --n)
        p.profile.statuses.push_back(statuses[rng() % statuses.size()]);
    p.profile.statuses_complete = chance(0.5);
    const auto& tables = detail::EligibilityTables::builtin();
    uint32_t held = 0;
    for (auto& s : p.profile.statuses) held |= 1u << *tables.status_bit(s);
    held = tables.implied_statuses(held);
    for (uint32_t bit = 0; bit < tables.status_count(); ++bit) {
        const std::string& code = tables.status_code(bit);
        const bool holds = held >> bit & 1;
        if (holds) p.held.push_back(code);
        // A complete list answers for every status but the residence facts qpv and frr.
        if (holds || (p.profile.statuses_complete && code != "qpv" && code != "frr"))
            p.known.push_back(code);
    }
    return p;
}

// `count` queries of each class, around communes drawn by population with `seed`.
inline std::vector<Spec> draw(Kind kind, size_t count, uint64_t seed, const Gazetteer& g,
                              const Taxonomy& t) {
    std::mt19937_64 rng(seed * 31 + static_cast<uint64_t>(kind));
    PopulationDraw pick(g);
    static const std::vector<std::string> words{"emploi",
                                                "permis de conduire",
                                                "logement",
                                                "numérique",
                                                "cv",
                                                "formation",
                                                "santé",
                                                "rsa",
                                                "garde d'enfants",
                                                "aide alimentaire",
                                                "hébergement d'urgence",
                                                "mobilité",
                                                "insertion",
                                                "accompagnement"};
    const Vocabulary& categories = t.categories();
    const Date today{2026, 11, 26};
    std::vector<Spec> specs;
    for (size_t i = 0; i < count; ++i) {
        Spec s;
        s.kind = kind;
        s.today = today;
        Query& q = s.query;
        q.today = today;
        const Commune c = pick(rng);
        const std::string category =
            categories.code(static_cast<uint32_t>(rng() % categories.size()));
        const std::string word = words[rng() % words.size()];
        if (kind != Kind::d && kind != Kind::e) {
            q.place = "insee:" + std::string(c.code);
            s.place = g.resolve(q.place);
            if (s.place.zone_commune) s.zone_keys = zone_keys_of(g, *s.place.zone_commune);
        }
        switch (kind) {
            case Kind::a: {  // a category, or one of its themes, as a caseworker picks them
                q.radius_km = 15;
                if (rng() % 2) {
                    q.thematiques = {category};
                } else {
                    const auto in = theme_codes(t, {category});
                    q.thematiques = {in[rng() % in.size()]};
                }
                q.sort = SortOrder::distance;
                break;
            }
            case Kind::b:
                q.radius_km = 10;
                q.text = word;
                q.thematiques = {category};
                q.sort = SortOrder::relevance;
                break;
            case Kind::c: {
                q.radius_km = 10;
                q.thematiques = {category};
                if (rng() % 2) q.frais = {"gratuit"};
                if (rng() % 2)
                    q.publics = {
                        t.publics().code(static_cast<uint32_t>(rng() % t.publics().size()))};
                s.person = person_of(rng);
                q.profile = s.person->profile;
                q.mode = EligibilityMode::strict;
                q.sort = SortOrder::distance;
                break;
            }
            case Kind::d:
                q.text = word;
                q.sort = SortOrder::relevance;
                break;
            case Kind::e: {  // a map of about 20 x 15 km around the commune
                const LatLon at = *c.centre;
                s.box = {at.lat - 0.07, at.lon - 0.13, at.lat + 0.07, at.lon + 0.13};
                set_viewport(q, s.box);
                q.limit = 0;
                break;
            }
            case Kind::f:
                q.radius_km = 30;
                q.sort = SortOrder::distance;
                q.remote = Remote::exclude;
                s.pages = 10;
                break;
        }
        s.themes = theme_codes(t, q.thematiques);
        specs.push_back(std::move(s));
    }
    return specs;
}

// What an engine answers: the ids in its order with their distances (km, when measured), the
// total when it counts, and counts by category for (e).
struct Answer {
    std::vector<std::string> ids;
    std::vector<std::optional<double>> km;
    size_t total = 0;
    std::vector<std::pair<std::string, size_t>> counts;
};

}  // namespace bench
