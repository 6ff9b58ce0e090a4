// Remote offers open everywhere and in the place's département counted apart
// (index/search_everywhere.hpp): around any place, nearest first, every page, total, facet and
// cursor the same as when they are candidates like the others, page by page and in one big page.

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "index/page_memo.hpp"
#include "index/search_everywhere.hpp"
#include "support/commune_draw.hpp"
#include "support/generated_index.hpp"
#include "support/hand_offers.hpp"
#include "support/pages.hpp"

using namespace cartoffre;

namespace {

const testing::GeneratedIndex& generated() {
    static const testing::GeneratedIndex g(20000, 20261208);
    return g;
}

// Themes as a caseworker asks them: none, a category, a theme, two categories.
std::vector<std::string> themes(std::mt19937_64& rng) {
    static const std::vector<std::string> categories{
        "famille",   "mobilite", "numerique", "trouver-un-emploi", "logement-hebergement",
        "se-former", "sante"};
    static const std::vector<std::string> one_theme{
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "numerique--acceder-a-une-connexion-internet"};
    switch (rng() % 8) {
        case 0:
        case 1:
            return {};
        case 2:
            return {one_theme[rng() % one_theme.size()]};
        case 3:
            return {categories[rng() % categories.size()], categories[rng() % categories.size()]};
        default:
            return {categories[rng() % categories.size()]};
    }
}

}  // namespace

TEST_CASE("Remote offers open everywhere counted apart give the same pages as with the others") {
    const Index& index = generated().index;
    std::mt19937_64 rng(11);
    testing::CommuneDraw communes(index.gazetteer());
    size_t queries = 0, with_remote_on_page = 0;
    const size_t apart_before = detail::searches_everywhere_apart();
    const size_t departement_before = detail::searches_departement_apart();
    for (int i = 0; i < 150; ++i) {
        Query q;
        q.today = Date{2026, 12, 8};
        q.place = "insee:" + communes(rng);
        q.radius_km = 1 + static_cast<double>(rng() % 60);
        q.thematiques = themes(rng);
        q.sort = rng() % 2 ? SortOrder::distance : SortOrder::automatic;
        q.limit = 5 + rng() % 26;
        INFO(q.place << " " << q.radius_km << " km, " << q.thematiques.size() << " themes, limit "
                     << q.limit);
        std::vector<std::string> together, memo_together;
        {
            const detail::EverywhereWithTheOthers reference;
            together = testing::walk(index, q, 12);
            const detail::MemoEveryQuery every;
            memo_together = testing::walk(index, q, 12);
        }
        CHECK(testing::walk(index, q, 12) == together);
        {
            const detail::MemoEveryQuery every;  // later pages from what the first page kept
            CHECK(testing::walk(index, q, 12) == memo_together);
        }
        Query all = q;
        all.limit = 10000;
        const std::string apart = testing::said(index.search(all));
        {
            const detail::EverywhereWithTheOthers reference;
            CHECK(apart == testing::said(index.search(all)));
        }
        ++queries;
        with_remote_on_page += together.front().find(" -0x1p+0 ") != std::string::npos;
    }
    // The reference did not count them apart, every other first page did, most with the
    // offers of the place's département; and pages where near offers are too few to fill them
    // show remote offers, by id.
    CHECK(detail::searches_everywhere_apart() - apart_before == 3 * queries);
    CHECK(detail::searches_departement_apart() - departement_before > 2 * queries);
    CHECK(with_remote_on_page > 10);
}

TEST_CASE("Remote offers open everywhere stay with the others when the search asks more") {
    const Index& index = generated().index;
    Query q;
    q.today = Date{2026, 12, 8};
    q.place = "Lyon";
    q.radius_km = 15;
    q.thematiques = {"famille"};
    size_t before = detail::searches_everywhere_apart();
    index.search(q);
    CHECK(detail::searches_everywhere_apart() == before + 1);
    // A filter beyond the themes, a person, words, remote offers alone, another order: each
    // decides on these offers too, or orders them otherwise.
    std::vector<Query> more(6, q);
    more[0].frais = {"gratuit"};
    more[1].profile = Profile{};
    more[1].profile->age = 30;
    more[2].text = "parents";
    more[3].remote = Remote::only;
    more[4].sort = SortOrder::relevance;
    more[5].exclude_duplicates = true;
    before = detail::searches_everywhere_apart();
    for (const Query& m : more) index.search(m);
    CHECK(detail::searches_everywhere_apart() == before);
}

TEST_CASE("An offer open in the département and the commune is counted once") {
    testing::TempDir dir("everywhere-departement");
    const LatLon melun{48.5421, 2.6554};
    std::vector<Offer> offers;
    for (int i = 0; i < 3; ++i)
        offers.push_back(testing::offer("near" + std::to_string(i), "Auto-école sociale",
                                        LatLon{melun.lat + 0.01 * i, melun.lon}));
    auto remote = [&](const std::string& id, std::vector<std::string> zones) {
        Offer o = testing::offer(id, "Code de la route en ligne", std::nullopt);
        o.modes_accueil = {"a-distance"};
        o.zone_eligibilite = std::move(zones);
        offers.push_back(o);
    };
    remote("departement", {"77"});
    remote("departement-and-commune", {"77", "77288"});
    remote("commune", {"77288"});
    remote("france", {"france"});
    remote("anywhere", {});
    remote("elsewhere", {"69"});
    offers.push_back(testing::offer("in-person-too", "Permis accompagné", melun));
    offers.back().modes_accueil = {"en-presentiel", "a-distance"};
    offers.back().zone_eligibilite = {"77"};
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    Index::build(dir.path(), std::move(offers), options);
    const Index index = Index::open(dir.path());

    Query q;
    q.place = "insee:77288";
    q.radius_km = 10;
    q.thematiques = {"mobilite"};
    const size_t before = detail::searches_departement_apart();
    const Results apart = index.search(q);
    CHECK(detail::searches_departement_apart() == before + 1);
    CHECK(apart.total == 9);  // all but "elsewhere"
    const detail::EverywhereWithTheOthers reference;
    CHECK(testing::said(apart) == testing::said(index.search(q)));
}

TEST_CASE("Counts alone (no hits asked) are the counts of a page of hits") {
    const Index& index = generated().index;
    std::mt19937_64 rng(5);
    testing::CommuneDraw communes(index.gazetteer());
    for (int i = 0; i < 100; ++i) {
        Query q;
        q.today = Date{2026, 12, 8};
        q.thematiques = themes(rng);
        const Place place = index.gazetteer().resolve("insee:" + communes(rng));
        if (i % 2 && !place.origins.empty()) {  // a map's viewport around the commune
            const LatLon at = place.origins.front();
            q.bbox = Box{at.lat - 0.07, at.lon - 0.13, at.lat + 0.07, at.lon + 0.13};
        } else {
            q.place = place.label;
            q.radius_km = 1 + static_cast<double>(rng() % 30);
        }
        q.limit = 20;
        const Results page = index.search(q);
        q.limit = 0;
        const Results counts = index.search(q);
        INFO(q.place << " " << q.thematiques.size() << " themes");
        CHECK(counts.hits.empty());
        CHECK(counts.next_cursor.empty());
        Results without_hits = page;
        without_hits.hits.clear();
        without_hits.next_cursor.clear();
        CHECK(testing::said(counts) == testing::said(without_hits));
    }
}
