// Oracle test of person-centred search: thousands of (profile, offer) pairs over a generated
// catalogue with criteria. For random people searching around random places, a strict search
// returns exactly the offers a brute-force evaluation of the rules accepts (the rules written
// again here, from data/eligibility/README.md, on the offers as generated), and an inclusive
// search returns them all with the ineligible ones last.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "support/generated_index.hpp"

using namespace cartoffre;

namespace {

const testing::GeneratedIndex& fixture() {
    static const testing::GeneratedIndex generated(30000, 20261126);
    return generated;
}

const Date today{2026, 11, 24};

// The statuses a caseworker may tick (data/eligibility/statuses.tsv without the residence facts
// qpv and frr, which the profile answers apart).
const std::vector<std::string> person_statuses = {"rsa",
                                                  "ass",
                                                  "aah",
                                                  "demandeur-emploi",
                                                  "deld",
                                                  "detld",
                                                  "rqth",
                                                  "jeune-ase",
                                                  "ppsmj",
                                                  "refugie",
                                                  "demandeur-asile",
                                                  "sans-domicile",
                                                  "parent-isole",
                                                  "etudiant",
                                                  "actif",
                                                  "senior"};

bool has(const std::vector<std::string>& list, const std::string& code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

int diploma_level(const std::string& code) {
    static const std::vector<std::string> levels = {"infra-bac", "bac", "bac+2", "superieur"};
    return static_cast<int>(std::find(levels.begin(), levels.end(), code) - levels.begin()) + 1;
}

// The person as the rules see them: statuses held (with what they imply) and known not held.
struct Person {
    const Profile& p;
    std::set<std::string> held;
    std::set<std::string> not_held;

    explicit Person(const Profile& profile) : p(profile) {
        for (auto& s : p.statuses) held.insert(s);
        if (held.count("detld")) held.insert("deld");
        if (held.count("deld")) held.insert("demandeur-emploi");
        if (held.count("rsa") || held.count("ass")) held.insert("demandeur-emploi");
        if (p.qpv) (*p.qpv ? held : not_held).insert("qpv");
        if (p.frr) (*p.frr ? held : not_held).insert("frr");
        // A complete list of statuses says nothing of the residence facts qpv and frr: only
        // the profile's own answers tell those.
        const std::vector<std::string>& all = person_statuses;
        if (p.statuses_complete)
            for (auto& s : all)
                if (!held.count(s)) not_held.insert(s);
    }
    // true, false, or unknown (nullopt)
    std::optional<bool> holds_any(const std::vector<std::string>& statuses) const {
        bool unknown = false;
        for (auto& s : statuses) {
            if (held.count(s)) return true;
            if (!not_held.count(s)) unknown = true;
        }
        if (unknown) return std::nullopt;
        return false;
    }
};

// Whether the person belongs to a public: true, false, or unknown.
std::optional<bool> belongs(const Person& person, const std::string& code, const Offer& o) {
    const Criteria& c = o.criteria;
    auto in_age = [&](std::optional<int> low, std::optional<int> high) -> std::optional<bool> {
        if (c.age_min || c.age_max) low = c.age_min, high = c.age_max;  // the offer's own bounds
        if (!person.p.age) return std::nullopt;
        return (!low || *person.p.age >= *low) && (!high || *person.p.age <= *high);
    };
    auto any = [](std::vector<std::optional<bool>> facts) -> std::optional<bool> {
        bool unknown = false;
        for (auto& f : facts) {
            if (f && *f) return true;
            if (!f) unknown = true;
        }
        if (unknown) return std::nullopt;
        return false;
    };
    const std::optional<bool> femme =
        person.p.genre.empty() ? std::nullopt : std::optional<bool>(person.p.genre == "femme");
    if (code == "tous-publics") return true;
    if (code == "jeunes") return in_age(16, 25);
    if (code == "seniors") return any({in_age(60, std::nullopt), person.holds_any({"senior"})});
    if (code == "femmes") return femme;
    static const std::map<std::string, std::vector<std::string>> by_status = {
        {"beneficiaires-des-minimas-sociaux", {"rsa", "ass", "aah"}},
        {"personnes-en-situation-de-handicap", {"rqth", "aah"}},
        {"demandeurs-emploi", {"demandeur-emploi", "deld", "detld"}},
        {"etudiants", {"etudiant"}},
        {"actifs", {"actif"}},
        {"familles", {"parent-isole"}},
        {"personnes-en-situation-durgence", {"sans-domicile"}},
        {"personnes-en-situation-juridique-specifique", {"ppsmj"}},
        {"personnes-exilees", {"refugie", "demandeur-asile"}},
        {"residents-qpv-frr", {"qpv", "frr"}}};
    return person.holds_any(by_status.at(code));
}

Date date(const std::string& iso) {
    return parse_date(iso);
}

// Whether the rules refuse the offer to the person on `today` (a missing fact never refuses).
bool refused(const Offer& o, const Person& person) {
    const Criteria& c = o.criteria;
    const Profile& p = person.p;
    if (p.age && ((c.age_min && *p.age < *c.age_min) || (c.age_max && *p.age > *c.age_max)))
        return true;
    if (!c.statuses_required.empty()) {
        auto any = person.holds_any(c.statuses_required);
        if (any && !*any) return true;
    }
    for (auto& s : c.statuses_excluded)
        if (person.held.count(s)) return true;
    if (!c.genre.empty() && !p.genre.empty() && c.genre != p.genre) return true;
    if (!c.diplome_max.empty() && !p.diplome.empty() &&
        diploma_level(p.diplome) > diploma_level(c.diplome_max))
        return true;
    if (c.permis_required && p.permis && !*p.permis) return true;
    if (c.vehicule_required && p.vehicule && !*p.vehicule) return true;
    if (!o.publics.empty() && !has(o.publics, "tous-publics") && c.accueil == "exclusif") {
        bool unknown = false, in = false;
        for (auto& code : o.publics) {
            auto b = belongs(person, code, o);
            in = in || (b && *b);
            unknown = unknown || !b;
        }
        if (!in && !unknown) return true;
    }
    if (!c.suspended_until.empty() && !(date(c.suspended_until) < today)) return true;
    if (!c.session_end.empty() && date(c.session_end) < today) return true;
    for (auto& closure : c.closures)
        if (!(today < date(closure.from)) && !(date(closure.to) < today)) return true;
    return false;
}

// The offers near the place (or remote) and open in the zones of the reference commune(s).
std::vector<const Offer*> around(const Query& q, const Gazetteer& g) {
    const Place place = g.resolve(q.place);
    std::vector<uint32_t> zone_communes = place.communes;
    if (place.zone_commune) zone_communes = {*place.zone_commune};
    if (!q.profile->lives_in.empty()) zone_communes = g.resolve(q.profile->lives_in).communes;
    const std::set<std::string> keys = testing::zone_keys_of(zone_communes, g);
    std::vector<const Offer*> out;
    for (const Offer& o : fixture().catalogue.offers) {
        double d = std::numeric_limits<double>::infinity();
        if (auto loc = testing::located(o, g))
            for (auto origin : place.origins) d = std::min(d, distance_km(origin, *loc));
        auto commune = o.code_insee.empty() ? std::nullopt : g.find_code(o.code_insee);
        const bool in_commune = commune && std::find(place.communes.begin(), place.communes.end(),
                                                     *commune) != place.communes.end();
        if (!((o.is_in_person() && (d <= q.radius_km || in_commune)) || o.is_remote())) continue;
        bool inside = o.zone_eligibilite.empty();
        for (auto& z : o.zone_eligibilite)
            inside = inside || keys.count(z == "99100" ? std::string("france") : z) > 0;
        if (inside) out.push_back(&o);
    }
    return out;
}

}  // namespace

namespace {

// A person as caseworkers describe them: some facts known, others not.
Profile random_profile(std::mt19937_64& rng, const std::string& place) {
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    const std::vector<std::string>& statuses = person_statuses;
    Profile p;
    if (chance(0.7)) p.age = 14 + static_cast<int>(rng() % 60);
    if (chance(0.6)) p.genre = chance(0.5) ? "femme" : "homme";
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) p.statuses.push_back(pick(statuses));
    p.statuses_complete = chance(0.5);
    if (chance(0.3)) p.qpv = chance(0.5);
    if (chance(0.3)) p.frr = chance(0.5);
    if (chance(0.5)) p.diplome = pick({"infra-bac", "bac", "bac+2", "superieur"});
    if (chance(0.5)) p.permis = chance(0.6);
    if (chance(0.5)) p.vehicule = chance(0.5);
    if (chance(0.4)) p.lives_in = place;
    return p;
}

std::vector<Hit> all_pages(const Index& index, Query q) {
    std::vector<Hit> hits;
    for (;;) {
        Results r = index.search(q);
        for (auto& h : r.hits) hits.push_back(std::move(h));
        if (r.next_cursor.empty()) return hits;
        q.cursor = r.next_cursor;
    }
}

// Places where people search, drawn by population; the same for both tests.
std::vector<Query> person_queries(size_t count) {
    const Gazetteer& g = fixture().index.gazetteer();
    std::vector<uint32_t> communes;
    std::vector<double> weights;
    for (uint32_t i = 0; i < g.size(); ++i)
        if (g.commune(i).type == "commune-actuelle" && g.commune(i).centre &&
            g.commune(i).population > 0) {
            communes.push_back(i);
            weights.push_back(static_cast<double>(g.commune(i).population));
        }
    std::mt19937_64 rng(7);
    std::discrete_distribution<size_t> by_population(weights.begin(), weights.end());
    std::vector<Query> queries;
    for (size_t i = 0; i < count; ++i) {
        Query q;
        q.place = "insee:" + std::string(g.commune(communes[by_population(rng)]).code);
        q.radius_km = 2 + static_cast<double>(rng() % 20);
        q.profile = random_profile(rng, q.place);
        q.today = today;
        q.sort = SortOrder::distance;
        q.limit = 500;
        queries.push_back(q);
    }
    return queries;
}

}  // namespace

TEST_CASE("A strict search for a person returns exactly the offers the rules accept") {
    const Index& index = fixture().index;
    const Gazetteer& g = index.gazetteer();
    REQUIRE(fixture().report.rejected == 0);  // generated criteria are all valid
    size_t pairs = 0, refusals = 0;
    for (const Query& q : person_queries(150)) {
        std::set<std::string> expected;
        for (const Offer* o : around(q, g)) {
            ++pairs;
            if (refused(*o, Person(*q.profile)))
                ++refusals;
            else
                expected.insert(o->id);
        }
        std::set<std::string> got;
        for (const Hit& h : all_pages(index, q)) {
            got.insert(h.offer.id);
            REQUIRE(h.eligibility);
            CHECK(h.eligibility->verdict != Verdict::ineligible);
        }
        INFO("place " << q.place << ", radius " << q.radius_km);
        std::vector<std::string> missing, extra;
        std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                            std::back_inserter(missing));
        std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                            std::back_inserter(extra));
        INFO("missing " << (missing.empty() ? "" : missing[0]) << ", extra "
                        << (extra.empty() ? "" : extra[0]));
        REQUIRE(missing.empty());
        REQUIRE(extra.empty());
    }
    // The sample must exercise the rules: many pairs, a fair share refused.
    CHECK(pairs > 20000);
    CHECK(refusals > pairs / 50);
}

TEST_CASE("An inclusive search returns every offer near, the ineligible ones marked and last") {
    const Index& index = fixture().index;
    const Gazetteer& g = index.gazetteer();
    for (Query q : person_queries(60)) {
        q.mode = EligibilityMode::inclusive;
        std::map<std::string, bool> expected;  // id -> refused
        for (const Offer* o : around(q, g)) expected[o->id] = refused(*o, Person(*q.profile));
        const std::vector<Hit> hits = all_pages(index, q);
        REQUIRE(hits.size() == expected.size());
        bool seen_ineligible = false;
        for (const Hit& h : hits) {
            INFO("offer " << h.offer.id << " at " << q.place);
            REQUIRE(expected.count(h.offer.id));
            REQUIRE(h.eligibility);
            const bool ineligible = h.eligibility->verdict == Verdict::ineligible;
            CHECK(ineligible == expected[h.offer.id]);
            CHECK((!seen_ineligible || ineligible));  // once among the ineligible, stays there
            seen_ineligible = seen_ineligible || ineligible;
        }
    }
}
