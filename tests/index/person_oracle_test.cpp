// Issue 20's oracle: thousands of random searches that combine words, a place and a radius,
// filters, a person's profile (strict or inclusive) and pages, on a generated catalogue with
// criteria and on the real catalogues, each answer compared with a brute force over the offers the
// index holds: the same total and facets on every page, the same hits in the same order page
// after page (cursors), the same verdicts. A third of the searches are words alone by relevance,
// which the top-k path answers (search_top.cpp); the others go the one query path.
//
// The brute force applies the area, the filters and the eligibility rules written again here
// (support/person_rules.hpp; haversine on every offer, string tests on codes) and sorts the
// offers kept itself. Only an offer's weight for words comes from the engine: the words alone
// searched with every match weighed (detail::ExhaustiveSearch, not the top-k path), since words
// weigh an offer the same whatever else the query asks.
//
// Checked to fail when the top-k is broken: its bound times 0.9 (ranges pruned too early), or its
// ties by id reversed, and both catalogues' cases fail within their first 15 queries.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "index/page_memo.hpp"
#include "support/commune_draw.hpp"
#include "support/generated_index.hpp"
#include "support/person_rules.hpp"
#include "support/real_catalogues.hpp"
#include "support/top_queries.hpp"

using namespace cartoffre;

namespace {

const Date today{2026, 12, 7};

// The offers an index holds, in id order (their position is their id rank), and what the brute
// force reads of them once.
struct Held {
    const Index& index;
    std::vector<Offer> offers;
    std::vector<std::optional<LatLon>> at;
    std::vector<std::optional<uint32_t>> commune;
    std::vector<std::set<std::string>> categories;
    std::unordered_map<std::string, uint32_t> rank;
    std::unordered_map<std::string, std::unordered_map<uint32_t, double>> weights;  // by words

    explicit Held(const Index& i) : index(i), offers(i.offers()) {
        const Gazetteer& g = index.gazetteer();
        const Taxonomy& t = index.taxonomy();
        for (const Offer& o : offers) {
            rank.emplace(o.id, static_cast<uint32_t>(at.size()));
            at.push_back(testing::located(o, g));
            commune.push_back(o.code_insee.empty() ? std::nullopt : g.find_code(o.code_insee));
            categories.emplace_back();
            for (auto& theme : o.thematiques)
                if (auto n = t.thematiques().find(theme))
                    categories.back().insert(t.categories().code(t.category_of(*n)));
        }
    }

    // The weight of each offer holding `words`, by rank, from the words alone over every offer
    // with every match weighed (not by the top-k path the oracle checks).
    const std::unordered_map<uint32_t, double>& weights_of(const std::string& words) {
        auto [it, fresh] = weights.try_emplace(words);
        if (!fresh) return it->second;
        detail::ExhaustiveSearch exhaustive;
        Query q;
        q.text = words;
        q.sort = SortOrder::relevance;
        q.limit = 10000;
        for (;;) {
            const Results r = index.search(q);
            for (const Hit& h : r.hits) it->second.emplace(rank.at(h.offer.id), h.score);
            if (r.next_cursor.empty()) break;
            q.cursor = r.next_cursor;
        }
        return it->second;
    }
};

bool any_code(const std::vector<std::string>& have, const std::vector<std::string>& wanted) {
    for (auto& h : have)
        if (std::find(wanted.begin(), wanted.end(), h) != wanted.end()) return true;
    return false;
}

bool one_of(const std::string& code, const std::vector<std::string>& wanted) {
    return std::find(wanted.begin(), wanted.end(), code) != wanted.end();
}

// The filters as the query's documentation states them.
bool passes_filters(const Offer& o, const Query& q) {
    if (!q.thematiques.empty()) {
        bool ok = false;
        for (auto& t : o.thematiques)
            for (auto& f : q.thematiques) ok = ok || t == f || t.rfind(f + "--", 0) == 0;
        if (!ok) return false;
    }
    if (!q.publics.empty() && !o.publics.empty() && !any_code(o.publics, q.publics) &&
        !one_of("tous-publics", o.publics))
        return false;
    if (!q.frais.empty() && !one_of(o.frais, q.frais)) return false;
    if (!q.types.empty() && !one_of(o.type, q.types)) return false;
    if (!q.kinds.empty() && !one_of(o.structure_typologie, q.kinds)) return false;
    return true;
}

// One offer of the expected answer.
struct Expected {
    uint32_t rank;
    bool ineligible;
    double key;  // lower first, ties by rank
    double score;
    bool operator<(const Expected& o) const {
        if (ineligible != o.ineligible) return o.ineligible;
        return key < o.key || (key == o.key && rank < o.rank);
    }
};

// The distance as the answer ranks it: by the tenth shown, then at its address before at its
// commune's centre (Query's documentation of the distance order).
double ranked_km(double km, bool approximate) {
    const double shown = std::round(km * 10) / 10;
    return shown + 0.2 * (km - shown + 0.05) + (approximate ? 0.025 : 0);
}

struct Answer {
    std::vector<Expected> hits;  // sorted
    std::map<std::string, std::map<std::string, size_t>> facets;
    bool exact_keys = true;  // no distance in the keys: the order is exactly the engine's
};

SortOrder effective(const Query& q, bool area) {
    if (q.sort != SortOrder::automatic) return q.sort;
    if (!q.text.empty()) return area ? SortOrder::blend : SortOrder::relevance;
    return area ? SortOrder::distance : SortOrder::automatic;
}

Answer brute_force(const Query& q, Held& held) {
    const Gazetteer& g = held.index.gazetteer();
    const Taxonomy& t = held.index.taxonomy();
    const bool area = !q.place.empty() || q.point;
    Place place;
    if (q.point) {
        place.origins = {*q.point};
        place.zone_commune = g.nearest(*q.point);
    } else if (area) {
        place = g.resolve(q.place);
    }
    // The residence's zones, else the place's.
    std::vector<uint32_t> zone_communes = place.communes;
    if (place.zone_commune) zone_communes = {*place.zone_commune};
    if (q.profile && !q.profile->lives_in.empty())
        zone_communes = g.resolve(q.profile->lives_in).communes;
    const std::set<std::string> keys = testing::zone_keys_of(zone_communes, g);
    const std::unordered_map<uint32_t, double>* weights =
        q.text.empty() ? nullptr : &held.weights_of(q.text);
    std::optional<testing::Person> person;
    if (q.profile) person.emplace(*q.profile, today);
    const SortOrder order = effective(q, area);

    Answer answer;
    answer.exact_keys = !area || order == SortOrder::relevance || order == SortOrder::automatic;
    for (uint32_t r = 0; r < held.offers.size(); ++r) {
        const Offer& o = held.offers[r];
        double km = std::numeric_limits<double>::infinity();
        bool in_area = o.is_in_person();
        if (area) {
            if (held.at[r])
                for (const LatLon& origin : place.origins)
                    km = std::min(km, distance_km(origin, *held.at[r]));
            const bool in_commune =
                held.commune[r] && std::find(place.communes.begin(), place.communes.end(),
                                             *held.commune[r]) != place.communes.end();
            in_area = o.is_in_person() && (km <= q.radius_km || in_commune);
        }
        const bool kept = q.remote == Remote::include   ? in_area || o.is_remote()
                          : q.remote == Remote::exclude ? in_area
                                                        : o.is_remote();
        if (!kept || !passes_filters(o, q)) continue;
        if (!zone_communes.empty() && !o.zone_eligibilite.empty()) {
            bool inside = false;
            for (auto& z : o.zone_eligibilite)
                inside = inside || keys.count(z == "99100" ? std::string("france") : z) > 0;
            if (!inside) continue;
        }
        double weight = 0;
        if (weights) {
            auto w = weights->find(r);
            if (w == weights->end()) continue;
            weight = w->second;
        }
        const bool ineligible = person && testing::refused(o, *person, today);
        if (ineligible && q.mode == EligibilityMode::strict) continue;

        const bool measured = area && in_area && km < std::numeric_limits<double>::infinity();
        const double ranked = measured ? ranked_km(km, !o.location() || o.location_approximate)
                                       : std::numeric_limits<double>::infinity();
        Expected e{r, ineligible, 0, weight};
        switch (order) {
            case SortOrder::distance:
                e.key = area ? ranked : 0;
                break;
            case SortOrder::relevance:
                e.key = -weight;
                break;
            case SortOrder::blend:
                // A remote offer counts as if 20 km away.
                e.key = -(weight / (1 + (measured ? ranked : 20.0) / 10));
                e.score = -e.key;
                break;
            default:
                break;
        }
        answer.hits.push_back(e);

        for (auto& c : held.categories[r]) ++answer.facets["categories"][c];
        if (!o.type.empty()) ++answer.facets["types"][o.type];
        if (!o.frais.empty()) ++answer.facets["frais"][o.frais];
        for (auto& p : std::set<std::string>(o.publics.begin(), o.publics.end()))
            ++answer.facets["publics"][p];
        if (t.typologies().find(o.structure_typologie))
            ++answer.facets["kinds"][o.structure_typologie];
    }
    std::sort(answer.hits.begin(), answer.hits.end());
    return answer;
}

void same_facets(const std::map<std::string, size_t>& expected,
                 const std::vector<FacetCount>& got) {
    std::map<std::string, size_t> counted;
    for (const FacetCount& f : got) counted[f.code] = f.count;
    CHECK(counted == expected);
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[rng() % v.size()];
}

// A person as caseworkers describe them: some facts known, others not; the residence a commune.
Profile random_profile(std::mt19937_64& rng, const std::vector<std::string>& residences) {
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    Profile p;
    if (chance(0.6))
        p.age = 14 + static_cast<int>(rng() % 60);
    else if (chance(0.5))
        p.birth_date = Date{1950 + static_cast<int>(rng() % 60), 1 + static_cast<int>(rng() % 12),
                            1 + static_cast<int>(rng() % 28)};
    if (chance(0.6)) p.genre = chance(0.5) ? "femme" : "homme";
    for (int n = static_cast<int>(rng() % 4); n > 0; --n)
        p.statuses.push_back(pick(rng, testing::person_statuses));
    p.statuses_complete = chance(0.5);
    if (chance(0.3)) p.qpv = chance(0.5);
    if (chance(0.3)) p.frr = chance(0.5);
    if (chance(0.5))
        p.diplome = pick(rng, std::vector<std::string>{"infra-bac", "bac", "bac+2", "superieur"});
    if (chance(0.5)) p.permis = chance(0.6);
    if (chance(0.5)) p.vehicule = chance(0.5);
    if (chance(0.4)) p.lives_in = pick(rng, residences);
    return p;
}

// Communes where people search, drawn by population, as "insee:CODE": each resolves to itself.
std::vector<std::string> searched_communes(const Gazetteer& g, std::mt19937_64& rng) {
    testing::CommuneDraw draw(g);
    std::vector<std::string> out;
    while (out.size() < 400) {
        const std::string code = "insee:" + draw(rng);
        if (g.resolve(code).communes.size() == 1) out.push_back(code);
    }
    return out;
}

struct Tally {
    size_t queries = 0, alone = 0, pages = 0, with_person = 0, refused = 0, nonempty = 0;
};

// `count` random queries, each followed by its cursor through up to four pages.
Tally compare(Held& held, const std::vector<std::string>& words, size_t count, uint64_t seed) {
    const Gazetteer& g = held.index.gazetteer();
    const Taxonomy& t = held.index.taxonomy();
    std::mt19937_64 rng(seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    const std::vector<std::string> communes = searched_communes(g, rng);
    const std::vector<size_t> limits{1, 5, 20, 20, 100, 0};
    Tally tally;
    for (size_t i = 0; i < count; ++i) {
        Query q;
        q.today = today;
        // A third are words alone, ranked by relevance: what the top-k path answers.
        const bool alone = chance(0.3);
        if (alone || chance(0.6)) {
            q.text = pick(rng, words);
            if (chance(0.25)) q.text += " " + pick(rng, words);
        }
        const double remote = std::uniform_real_distribution<>(0, 1)(rng);
        q.remote = remote < 0.6 ? Remote::include : remote < 0.8 ? Remote::exclude : Remote::only;
        q.limit = pick(rng, limits);
        if (alone) {
            q.sort = chance(0.5) ? SortOrder::automatic : SortOrder::relevance;
        } else if (chance(0.8)) {
            const std::string& place = pick(rng, communes);
            if (chance(0.2)) {
                const LatLon centre = g.resolve(place).origins.at(0);
                q.point = LatLon{centre.lat + (chance(0.5) ? 0.03 : -0.02), centre.lon + 0.01};
            } else {
                q.place = place;
            }
            q.radius_km = 1 + static_cast<double>(rng() % 60);
        }
        if (!alone && chance(0.3))
            q.thematiques.push_back(chance(0.5) ? pick(rng, t.categories().codes()).code
                                                : pick(rng, t.thematiques().codes()).code);
        if (!alone) {
            if (chance(0.15)) q.publics.push_back(pick(rng, t.publics().codes()).code);
            if (chance(0.1)) q.frais.push_back(pick(rng, t.frais().codes()).code);
            if (chance(0.1)) q.types.push_back(pick(rng, t.types().codes()).code);
            if (chance(0.1)) q.kinds.push_back(pick(rng, t.typologies().codes()).code);
            if (chance(0.8)) {
                q.profile = random_profile(rng, communes);
                q.mode = chance(0.5) ? EligibilityMode::strict : EligibilityMode::inclusive;
            }
            const std::vector<SortOrder> orders =
                q.text.empty() ? std::vector<SortOrder>{SortOrder::automatic, SortOrder::distance}
                               : std::vector<SortOrder>{SortOrder::automatic, SortOrder::relevance,
                                                        SortOrder::blend, SortOrder::distance};
            q.sort = pick(rng, orders);
        }

        const Answer expected = brute_force(q, held);
        ++tally.queries;
        tally.alone += alone;
        tally.with_person += q.profile.has_value();
        tally.nonempty += !expected.hits.empty();
        for (const Expected& e : expected.hits) tally.refused += e.ineligible;

        size_t shown = 0;
        for (size_t page = 0; page < 4; ++page) {
            INFO("query " << i << " « " << q.text << " » place « " << q.place << " » radius "
                          << q.radius_km << " person " << q.profile.has_value() << " mode "
                          << (q.mode == EligibilityMode::strict ? "strict" : "inclusive")
                          << " sort " << static_cast<int>(q.sort) << " limit " << q.limit
                          << " page " << page);
            const Results r = held.index.search(q);
            ++tally.pages;
            REQUIRE(r.total == expected.hits.size());
            const auto& f = expected.facets;
            auto facet = [&](const char* name) {
                auto it = f.find(name);
                return it == f.end() ? std::map<std::string, size_t>{} : it->second;
            };
            same_facets(facet("categories"), r.facets.categories);
            same_facets(facet("types"), r.facets.types);
            same_facets(facet("frais"), r.facets.frais);
            same_facets(facet("publics"), r.facets.publics);
            same_facets(facet("kinds"), r.facets.kinds);
            REQUIRE(r.hits.size() == std::min(q.limit, expected.hits.size() - shown));
            for (const Hit& h : r.hits) {
                const Expected& e = expected.hits[shown++];
                const Offer& o = held.offers[e.rank];
                INFO("hit " << shown - 1 << ": " << h.offer.id << ", expected " << o.id);
                REQUIRE(h.eligibility.has_value() == q.profile.has_value());
                if (h.eligibility)
                    REQUIRE((h.eligibility->verdict == Verdict::ineligible) == e.ineligible);
                if (expected.exact_keys) {
                    // No distance in the order: the same offer, weighed the same.
                    REQUIRE(h.offer.id == o.id);
                    if (!q.text.empty()) CHECK(h.score == e.score);
                } else {
                    // Distances measured here by haversine, there by chords: the same offer or
                    // one ranked the same within the rounding.
                    if (h.offer.id != o.id) {
                        const Expected& other = *std::find_if(
                            expected.hits.begin(), expected.hits.end(), [&](const Expected& x) {
                                return held.offers[x.rank].id == h.offer.id;
                            });
                        INFO("keys " << other.key << " and " << e.key << ", shown at "
                                     << h.distance_km.value_or(-1) << " km");
                        REQUIRE(other.ineligible == e.ineligible);
                        REQUIRE(std::abs(other.key - e.key) < 1e-6);
                    }
                }
            }
            if (r.next_cursor.empty()) {
                CHECK((q.limit == 0 || shown == expected.hits.size()));
                break;
            }
            CHECK(shown < expected.hits.size());
            q.cursor = r.next_cursor;
        }
    }
    return tally;
}

const testing::GeneratedIndex& generated_index() {
    static const testing::GeneratedIndex generated(40000, 20261207);
    return generated;
}

}  // namespace

TEST_CASE("Person oracle: a generated catalogue with criteria") {
    const testing::GeneratedIndex& generated = generated_index();
    REQUIRE(generated.report.rejected == 0);
    Held held(generated.index);
    std::mt19937_64 rng(3);
    const auto words = testing::top_words(generated.catalogue.offers, rng, 60);
    const Tally tally = compare(held, words, 1200, 31);
    CHECK(tally.with_person > 500);
    CHECK(tally.alone > 300);
    CHECK(tally.nonempty > 600);
    CHECK(tally.refused > 1000);
    WARN(tally.queries << " queries (" << tally.alone << " words alone), " << tally.pages
                       << " pages compared, " << tally.refused << " ineligible offers expected");
}

TEST_CASE("Person oracle: pages after the first read from the page memo") {
    // Every query's pages kept, however few its matches (index/page_memo.hpp): the pages asked
    // with a cursor come from what the page before kept.
    const detail::MemoEveryQuery every;
    const testing::GeneratedIndex& generated = generated_index();
    Held held(generated.index);
    std::mt19937_64 rng(5);
    const auto words = testing::top_words(generated.catalogue.offers, rng, 60);
    const size_t before = detail::pages_from_memo();
    const Tally tally = compare(held, words, 600, 33);
    CHECK(tally.with_person > 250);
    CHECK(detail::pages_from_memo() - before > 200);
    WARN(tally.pages << " pages compared, " << detail::pages_from_memo() - before
                     << " read from the memo");
}

TEST_CASE("Person oracle: the real catalogues") {
    static const testing::RealIndex real("person-oracle", today);
    Held held(real.index);
    std::mt19937_64 rng(4);
    const auto words = testing::top_words(held.offers, rng, 60);
    const Tally tally = compare(held, words, 1200, 32);
    CHECK(tally.with_person > 500);
    CHECK(tally.alone > 300);
    CHECK(tally.nonempty > 300);
    CHECK(tally.refused > 100);
    WARN(tally.queries << " queries (" << tally.alone << " words alone), " << tally.pages
                       << " pages compared, " << tally.refused << " ineligible offers expected");
}
