// Pages after the first read from what the first page kept (index/page_memo.hpp): every page,
// cursor and total the same as when each page redoes the query, and as one big page; a cursor of
// another generation still refused; another query (another profile) never served from it.

#include "index/page_memo.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cartoffre/error.hpp"
#include "support/commune_draw.hpp"
#include "support/generated_index.hpp"
#include "support/pages.hpp"

using namespace cartoffre;
using testing::walk;

namespace {

const Date today{2026, 12, 7};

// The ids of every page of `q`, in order.
std::vector<std::string> ids_of_walk(const Index& index, Query q) {
    std::vector<std::string> ids;
    for (;;) {
        const Results r = index.search(q);
        for (const Hit& h : r.hits) ids.push_back(h.offer.id);
        if (r.next_cursor.empty()) return ids;
        q.cursor = r.next_cursor;
    }
}

Profile someone(std::mt19937_64& rng, const std::string& place) {
    static const std::vector<std::string> statuses{"demandeur-emploi", "rsa", "rqth", "jeune-ase",
                                                   "senior"};
    Profile p;
    p.age = 16 + static_cast<int>(rng() % 50);
    if (rng() % 2) p.genre = rng() % 2 ? "femme" : "homme";
    for (int n = static_cast<int>(rng() % 3); n > 0; --n)
        p.statuses.push_back(statuses[rng() % statuses.size()]);
    p.statuses_complete = rng() % 2;
    if (rng() % 2) p.lives_in = place;
    return p;
}

const testing::GeneratedIndex& generated() {
    static const testing::GeneratedIndex g(20000, 20261207);
    return g;
}

}  // namespace

TEST_CASE("Pages read from the memo are the pages the query gives again, and one big page") {
    const Index& index = generated().index;
    std::mt19937_64 rng(7);
    testing::CommuneDraw communes(index.gazetteer());
    const std::vector<SortOrder> orders{SortOrder::automatic, SortOrder::distance,
                                        SortOrder::relevance, SortOrder::blend};
    const std::vector<std::string> words{"", "", "accompagnement", "emploi", "logement"};
    size_t served = 0, paged = 0;
    for (int i = 0; i < 120; ++i) {
        Query q;
        q.today = today;
        q.place = "insee:" + communes(rng);
        q.radius_km = 10 + static_cast<double>(rng() % 40);
        q.text = words[rng() % words.size()];
        q.sort = orders[rng() % orders.size()];
        q.remote = rng() % 3 == 0 ? Remote::exclude : Remote::include;
        if (rng() % 3 == 0) {
            q.profile = someone(rng, q.place);
            q.mode = rng() % 2 ? EligibilityMode::inclusive : EligibilityMode::strict;
        }
        if (rng() % 4 == 0) q.thematiques = {"famille"};
        q.limit = 3 + rng() % 18;
        INFO(q.place << " " << q.radius_km << " km, words '" << q.text << "', limit " << q.limit);

        std::vector<std::string> redone;
        {
            const detail::NoPageMemo off;
            redone = walk(index, q);
        }
        const size_t before = detail::pages_from_memo();
        std::vector<std::string> memoized;
        {
            const detail::MemoEveryQuery every;
            memoized = walk(index, q);
        }
        CHECK(memoized == redone);
        // Words ordered by weight are not kept: only their page is weighed exactly (search.cpp).
        if (q.text.empty() || q.sort == SortOrder::distance) {
            served += detail::pages_from_memo() - before;
            paged += redone.size() - 1;
        }

        // Page by page as one big page, with the memo at work.
        const detail::MemoEveryQuery every;
        const std::vector<std::string> ids = ids_of_walk(index, q);
        Query all = q;
        all.limit = 10000;
        std::vector<std::string> at_once;
        for (const Hit& h : index.search(all).hits) at_once.push_back(h.offer.id);
        CHECK(ids == at_once);
    }
    // Walks past the twenty pages an entry holds start again from their cursor: most pages
    // after the first, not all, come from the memo.
    CHECK(paged > 200);
    CHECK(served * 10 > paged * 8);
}

TEST_CASE("Without the memo at work, a small query's pages are redone, and the same") {
    const Index& index = generated().index;
    Query q;
    q.today = today;
    q.place = "Lyon";
    q.radius_km = 20;
    q.limit = 5;
    const size_t before = detail::pages_from_memo();
    const std::vector<std::string> pages = walk(index, q, 4);
    REQUIRE(pages.size() == 4);
    // Under PageMemo::min_matches matches: kept nowhere.
    CHECK(detail::pages_from_memo() == before);
    const detail::MemoEveryQuery every;
    CHECK(walk(index, q, 4) == pages);
    CHECK(detail::pages_from_memo() == before + 3);
}

TEST_CASE("The memo never answers for another query: two profiles, the same words and place") {
    const Index& index = generated().index;
    const detail::MemoEveryQuery every;
    Query young;
    young.today = today;
    young.place = "Paris";
    young.radius_km = 30;
    young.limit = 10;
    young.profile = Profile{};
    young.profile->age = 19;
    Query old = young;
    old.profile->age = 70;
    // The keys differ by the profile alone; not by the page size nor the cursor.
    CHECK_FALSE(detail::memo_key(young, today) == detail::memo_key(old, today));
    Query bigger = young;
    bigger.limit = 40;
    bigger.cursor = "c3...";
    CHECK(detail::memo_key(young, today) == detail::memo_key(bigger, today));
    CHECK_FALSE(detail::memo_key(young, today) == detail::memo_key(young, Date{2026, 12, 8}));

    // Each person's pages, the other's first page kept before: each its own total.
    const Results young_first = index.search(young);
    const Results old_first = index.search(old);
    REQUIRE(young_first.total != old_first.total);
    Query young_next = young, old_next = old;
    young_next.cursor = young_first.next_cursor;
    old_next.cursor = old_first.next_cursor;
    const size_t before = detail::pages_from_memo();
    CHECK(index.search(old_next).total == old_first.total);
    CHECK(index.search(young_next).total == young_first.total);
    CHECK(detail::pages_from_memo() == before + 2);
    // One person's cursor is refused for the other, memo or not.
    Query crossed = old;
    crossed.cursor = young_first.next_cursor;
    CHECK_THROWS_AS(index.search(crossed), QueryError);
}

TEST_CASE("A cursor of another generation is refused though its first page was kept") {
    testing::TempDir dir("page-memo-generations");
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    auto load = [&](uint64_t seed) {
        Index::build(
            dir.path(),
            generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), 3000, seed).offers,
            options);
    };
    load(1);
    const detail::MemoEveryQuery every;
    Index index = Index::open(dir.path());
    const Index first_generation = index;
    Query q;
    q.today = today;
    q.place = "Paris";
    q.radius_km = 40;
    q.limit = 5;
    const Results first = index.search(q);
    REQUIRE_FALSE(first.next_cursor.empty());
    load(2);
    REQUIRE(index.refresh());
    Query next = q;
    next.cursor = first.next_cursor;
    CHECK_THROWS_AS(index.search(next), StaleCursorError);
    // The handle still on the first generation goes on, from its memo.
    const size_t before = detail::pages_from_memo();
    CHECK(first_generation.search(next).total == first.total);
    CHECK(detail::pages_from_memo() == before + 1);
}

TEST_CASE("A city's facets, counted over the bitmaps, are those of its matches one by one") {
    const Index& index = generated().index;
    std::mt19937_64 rng(11);
    testing::CommuneDraw communes(index.gazetteer());
    size_t large = 0;
    for (int i = 0; i < 40; ++i) {
        Query q;
        q.today = today;
        q.place = "insee:" + communes(rng);
        q.radius_km = 5 + static_cast<double>(rng() % 60);
        q.remote = rng() % 2 ? Remote::exclude : Remote::include;
        q.limit = 1;
        INFO(q.place << " " << q.radius_km << " km");
        const Results r = index.search(q);
        q.limit = 10000;
        std::map<std::string, size_t> types, frais, categories, publics;
        size_t hits = 0;
        for (;;) {
            const Results page = index.search(q);
            for (const Hit& h : page.hits) {
                ++hits;
                if (!h.offer.type.empty()) ++types[h.offer.type];
                if (!h.offer.frais.empty()) ++frais[h.offer.frais];
                std::set<std::string> of;
                for (const std::string& t : h.offer.thematiques)
                    of.insert(t.substr(0, t.find("--")));
                for (const std::string& c : of) ++categories[c];
                for (const std::string& p : h.offer.publics) ++publics[p];
            }
            if (page.next_cursor.empty()) break;
            q.cursor = page.next_cursor;
        }
        REQUIRE(r.total == hits);
        large += hits >= 500;
        auto same = [](const std::vector<FacetCount>& counted,
                       std::map<std::string, size_t> one_by_one) {
            std::map<std::string, size_t> got;
            for (const FacetCount& c : counted) got[c.code] = c.count;
            return got == one_by_one;
        };
        CHECK(same(r.facets.types, types));
        CHECK(same(r.facets.frais, frais));
        CHECK(same(r.facets.categories, categories));
        CHECK(same(r.facets.publics, publics));
    }
    CHECK(large > 5);
}

TEST_CASE("Threads walking the same and other queries read the one memo and agree") {
    const Index& index = generated().index;
    std::vector<Query> queries;
    for (const char* place : {"Paris", "Lyon", "Marseille", "Lille", "Toulouse", "Nantes"}) {
        Query q;
        q.today = today;
        q.place = place;
        q.radius_km = 40;
        q.limit = 7;
        queries.push_back(q);
    }
    std::vector<std::vector<std::string>> expected;
    {
        const detail::NoPageMemo off;
        for (const Query& q : queries) expected.push_back(walk(index, q));
    }
    std::atomic<size_t> differences{0}, served{0};
    std::vector<std::thread> threads;
    for (size_t t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            const detail::MemoEveryQuery every;
            const size_t before = detail::pages_from_memo();
            for (int round = 0; round < 5; ++round)
                for (size_t i = 0; i < queries.size(); ++i) {
                    const size_t k = (i + t) % queries.size();
                    if (walk(index, queries[k]) != expected[k]) ++differences;
                }
            served += detail::pages_from_memo() - before;
        });
    for (auto& thread : threads) thread.join();
    CHECK(differences == 0);
    CHECK(served > 100);
}
