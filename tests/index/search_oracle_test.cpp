// Oracle tests: hundreds of random queries over a generated catalogue of 50,000 offers, the
// engine's answer compared with a brute-force scan of the offers that applies the same rules
// written independently (haversine on every offer, string tests on codes).

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;

namespace {

const testing::GeneratedIndex& fixture() {
    static const testing::GeneratedIndex generated(50000, 20261124);
    return generated;
}

bool theme_matches(const std::string& offer_theme, const std::string& filter) {
    return offer_theme == filter || offer_theme.rfind(filter + "--", 0) == 0;
}

bool any_of_codes(const std::vector<std::string>& have, const std::vector<std::string>& wanted) {
    for (auto& h : have)
        for (auto& w : wanted)
            if (h == w) return true;
    return false;
}

struct Expected {
    std::set<std::string> ids;
    std::map<std::string, double> distances;
};

// The column filters of a query: themes (a category stands for its themes), publics (an offer
// for everyone or stating none matches any), frais, types.
bool passes_filters(const Offer& o, const Query& q) {
    if (!q.thematiques.empty()) {
        bool ok = false;
        for (auto& t : o.thematiques)
            for (auto& f : q.thematiques) ok = ok || theme_matches(t, f);
        if (!ok) return false;
    }
    if (!q.publics.empty() && !o.publics.empty() && !any_of_codes(o.publics, q.publics) &&
        !any_of_codes(o.publics, {"tous-publics"}))
        return false;
    if (!q.frais.empty() && !any_of_codes({o.frais}, q.frais)) return false;
    if (!q.types.empty() && !any_of_codes({o.type}, q.types)) return false;
    return true;
}

Expected brute_force(const Query& q, const Catalogue& catalogue, const Gazetteer& g) {
    Place place;
    if (q.point) {
        place.origins = {*q.point};
        place.zone_commune = g.nearest(*q.point);
    } else {
        place = g.resolve(q.place);
    }
    std::vector<uint32_t> zone_communes = place.communes;
    if (place.zone_commune) zone_communes = {*place.zone_commune};
    const std::set<std::string> keys = testing::zone_keys_of(zone_communes, g);
    Expected expected;
    for (const Offer& o : catalogue.offers) {
        double d = std::numeric_limits<double>::infinity();
        if (auto loc = testing::located(o, g))
            for (auto origin : place.origins) d = std::min(d, distance_km(origin, *loc));
        auto commune = o.code_insee.empty() ? std::nullopt : g.find_code(o.code_insee);
        const bool in_commune = commune && std::find(place.communes.begin(), place.communes.end(),
                                                     *commune) != place.communes.end();
        const bool in_area = o.is_in_person() && (d <= q.radius_km || in_commune);
        const bool geo_ok = q.remote == Remote::include   ? (in_area || o.is_remote())
                            : q.remote == Remote::exclude ? in_area
                                                          : o.is_remote();
        if (!geo_ok) continue;
        if (!o.zone_eligibilite.empty()) {
            bool inside = false;
            for (auto& z : o.zone_eligibilite)
                inside = inside || keys.count(z == "99100" ? std::string("france") : z) > 0;
            if (!inside) continue;
        }
        if (!passes_filters(o, q)) continue;
        expected.ids.insert(o.id);
        if (in_area && d < std::numeric_limits<double>::infinity()) expected.distances[o.id] = d;
    }
    return expected;
}

// Every id of the result set, page after page through the cursor; fails on a repeat.
std::vector<Hit> all_pages(const Index& index, Query q, size_t* pages = nullptr) {
    std::vector<Hit> hits;
    std::set<std::string> seen;
    size_t count = 0;
    for (;;) {
        Results r = index.search(q);
        ++count;
        for (auto& h : r.hits) {
            INFO("offer " << h.offer.id << " returned twice while paging");
            REQUIRE(seen.insert(h.offer.id).second);
            hits.push_back(std::move(h));
        }
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    if (pages) *pages = count;
    return hits;
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

Query random_query(std::mt19937_64& rng, const Gazetteer& g, const Taxonomy& t) {
    static std::vector<uint32_t> current = [&] {
        std::vector<uint32_t> c;
        for (uint32_t i = 0; i < g.size(); ++i)
            if (g.commune(i).is_current() && g.commune(i).centre &&
                g.commune(i).postcode_count() > 0)
                c.push_back(i);
        return c;
    }();
    Query q;
    const Commune c = g.commune(pick(rng, current));
    std::uniform_real_distribution<double> unit(0, 1);
    const double kind = unit(rng);
    if (kind < 0.3) {
        q.point =
            LatLon{c.centre->lat + unit(rng) * 0.1 - 0.05, c.centre->lon + unit(rng) * 0.1 - 0.05};
    } else if (kind < 0.6) {
        q.place = "insee:" + std::string(c.code);
    } else if (kind < 0.85) {
        q.place = "cp:" + std::string(pick(rng, c.postcodes()));
    } else {
        q.place = std::string(c.name) + " (" + std::string(c.departement) + ")";
    }
    q.radius_km = 1 + unit(rng) * 99;
    if (unit(rng) < 0.4) {
        q.thematiques.push_back(unit(rng) < 0.5 ? pick(rng, t.categories().codes()).code
                                                : pick(rng, t.thematiques().codes()).code);
        // Several categories: several trees walked and remote lists merged.
        if (unit(rng) < 0.3) q.thematiques.push_back(pick(rng, t.categories().codes()).code);
    }
    if (unit(rng) < 0.2) q.publics.push_back(pick(rng, t.publics().codes()).code);
    if (unit(rng) < 0.1) q.frais.push_back(pick(rng, t.frais().codes()).code);
    if (unit(rng) < 0.1) q.types.push_back(pick(rng, t.types().codes()).code);
    const double remote = unit(rng);
    q.remote = remote < 0.6 ? Remote::include : remote < 0.8 ? Remote::exclude : Remote::only;
    q.sort = SortOrder::distance;
    q.limit = 1 + std::uniform_int_distribution<size_t>(0, 400)(rng);
    return q;
}

}  // namespace

TEST_CASE("The generated catalogue indexes without rejecting any offer", "[oracle]") {
    const auto& f = fixture();
    CHECK(f.report.read == 50000);
    CHECK(f.report.rejected == 0);
    CHECK(f.report.loaded == 50000);
    CHECK(f.index.size() == 50000);
}

TEST_CASE("Random place, radius and filter queries return exactly the brute-force set",
          "[oracle]") {
    const auto& f = fixture();
    std::mt19937_64 rng(42);
    size_t nonempty = 0, ambiguous_names = 0;
    for (int i = 0; i < 300; ++i) {
        Query q = random_query(rng, f.index.gazetteer(), f.index.taxonomy());
        Expected expected;
        try {
            expected = brute_force(q, f.catalogue, f.index.gazetteer());
        } catch (const PlaceError&) {
            // "Name (dd)" can still be ambiguous when a département has two communes of that name.
            CHECK_THROWS_AS(f.index.search(q), PlaceError);
            ++ambiguous_names;
            continue;
        }
        INFO("query " << i << ": place '" << q.place << "' radius " << q.radius_km);
        std::vector<Hit> hits = all_pages(f.index, q);
        std::set<std::string> got;
        double previous = -1;
        for (auto& h : hits) {
            got.insert(h.offer.id);
            const double d =
                h.distance_km ? *h.distance_km : std::numeric_limits<double>::infinity();
            CHECK(d >= previous - 0.05 - 1e-9);  // sorted by distance (shown rounded)
            previous = std::max(previous, d);
            auto e = expected.distances.find(h.offer.id);
            REQUIRE((e != expected.distances.end()) == h.distance_km.has_value());
            if (h.distance_km) CHECK(std::abs(*h.distance_km - e->second) <= 0.05 + 1e-9);
        }
        REQUIRE(got == expected.ids);
        CHECK(f.index.search(q).total == expected.ids.size());
        nonempty += !expected.ids.empty();
    }
    CHECK(nonempty > 150);
    CHECK(ambiguous_names < 10);
}

TEST_CASE("A map viewport returns exactly the in-person offers located inside it", "[oracle]") {
    const auto& f = fixture();
    const Gazetteer& g = f.index.gazetteer();
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    size_t nonempty = 0;
    for (int i = 0; i < 200; ++i) {
        // Around a random offer's place, 2 to 60 km wide: from a street to a département.
        Query q = random_query(rng, g, f.index.taxonomy());
        q.place.clear();
        q.point.reset();
        const Offer& around = pick(rng, f.catalogue.offers);
        const auto centre = testing::located(around, g);
        if (!centre) continue;
        const double half_lat = (1 + unit(rng) * 29) / 111.2;
        const double half_lon = half_lat / std::cos(centre->lat * M_PI / 180);
        q.bbox = Box{centre->lat - half_lat, centre->lon - half_lon, centre->lat + half_lat,
                     centre->lon + half_lon};
        std::set<std::string> expected;
        for (const Offer& o : f.catalogue.offers) {
            const auto loc = testing::located(o, g);
            // Remote only: those delivered at a distance too (hybrid offers).
            const bool remote_ok = q.remote != Remote::only || o.is_remote();
            if (o.is_in_person() && loc && q.bbox->contains(*loc) && remote_ok &&
                passes_filters(o, q))
                expected.insert(o.id);
        }
        INFO("query " << i << ": box around " << centre->lat << "," << centre->lon);
        std::set<std::string> got;
        for (auto& h : all_pages(f.index, q)) {
            got.insert(h.offer.id);
            CHECK(!h.distance_km);  // no place, no distance
        }
        REQUIRE(got == expected);
        CHECK(f.index.search(q).total == expected.size());
        nonempty += !expected.empty();
    }
    CHECK(nonempty > 100);
}

TEST_CASE("A viewport and a place together keep what both keep; a bad viewport is refused",
          "[oracle]") {
    const auto& f = fixture();
    Query q;
    q.place = "Lyon";
    q.radius_km = 30;
    q.remote = Remote::exclude;
    std::set<std::string> near;
    for (auto& h : all_pages(f.index, q)) near.insert(h.offer.id);
    q.bbox = Box{45.70, 4.80, 45.80, 4.90};  // the centre of Lyon, well inside 30 km
    std::set<std::string> both;
    for (auto& h : all_pages(f.index, q)) {
        both.insert(h.offer.id);
        REQUIRE(near.count(h.offer.id));
        REQUIRE(h.distance_km);
    }
    for (const Offer& o : f.catalogue.offers) {
        const auto loc = testing::located(o, f.index.gazetteer());
        if (near.count(o.id) && loc && q.bbox->contains(*loc)) CHECK(both.count(o.id));
    }
    CHECK(!both.empty());
    q.bbox = Box{45.80, 4.80, 45.70, 4.90};  // south above north
    CHECK_THROWS_AS(f.index.search(q), QueryError);
    q.bbox = Box{45.70, 4.80, 95.0, 4.90};
    CHECK_THROWS_AS(f.index.search(q), QueryError);
}

TEST_CASE("Words with a place return the place's matches that the words alone find", "[oracle]") {
    const auto& f = fixture();
    std::mt19937_64 rng(7);
    const std::vector<std::string> words{"emploi", "permis",     "logement", "numérique",
                                         "CV",     "formation",  "santé",    "RSA",
                                         "crèche", "alimentaire"};
    for (int i = 0; i < 60; ++i) {
        Query q = random_query(rng, f.index.gazetteer(), f.index.taxonomy());
        q.text = pick(rng, words);
        q.sort =
            std::uniform_int_distribution<int>(0, 1)(rng) ? SortOrder::relevance : SortOrder::blend;
        Expected where;
        try {
            where = brute_force(q, f.catalogue, f.index.gazetteer());
        } catch (const PlaceError&) {
            continue;
        }
        Query words_only;
        words_only.text = q.text;
        words_only.limit = 10000;
        std::set<std::string> text_ids;
        for (auto& h : all_pages(f.index, words_only)) text_ids.insert(h.offer.id);
        std::set<std::string> expected;
        std::set_intersection(where.ids.begin(), where.ids.end(), text_ids.begin(), text_ids.end(),
                              std::inserter(expected, expected.end()));
        INFO("query " << i << ": '" << q.text << "' near '" << q.place << "'");
        std::set<std::string> got;
        double previous = std::numeric_limits<double>::infinity();
        for (auto& h : all_pages(f.index, q)) {
            got.insert(h.offer.id);
            CHECK(h.score <= previous);  // ordered by score, best first
            previous = h.score;
        }
        REQUIRE(got == expected);
    }
}

TEST_CASE("Paging with a small limit visits each offer of a large result set once", "[oracle]") {
    const auto& f = fixture();
    Query q;
    q.place = "Paris";
    q.radius_km = 30;
    q.limit = 7;
    size_t pages = 0;
    std::vector<Hit> hits = all_pages(f.index, q, &pages);
    q.cursor.clear();
    const size_t total = f.index.search(q).total;
    CHECK(total > 1000);
    CHECK(hits.size() == total);
    CHECK(pages == (total + 6) / 7);
}

TEST_CASE("Facets count the whole match set, not the page", "[oracle]") {
    const auto& f = fixture();
    Query q;
    q.place = "insee:69123";
    q.radius_km = 20;
    q.limit = 5;
    Results r = f.index.search(q);
    q.limit = 10000;
    std::vector<Hit> hits = all_pages(f.index, q);
    std::map<std::string, size_t> frais, types;
    for (auto& h : hits) {
        if (!h.offer.frais.empty()) ++frais[h.offer.frais];
        if (!h.offer.type.empty()) ++types[h.offer.type];
    }
    for (auto& fc : r.facets.frais) CHECK(fc.count == frais[fc.code]);
    for (auto& fc : r.facets.types) CHECK(fc.count == types[fc.code]);
    CHECK(r.facets.frais.size() == frais.size());
    CHECK(r.total == hits.size());
}
