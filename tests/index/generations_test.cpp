// Readers and reloads: an open Index keeps answering from its generation whatever loads happen
// (its generation stays on disk while it is held), cursors name their generation and refuse
// any edit. Generated catalogues over the real gazetteer, reloaded in this process; the
// robustness test (reload_test.cpp) reloads from another process with the built command.

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "cartoffre/error.hpp"
#include "generator/generator.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

void load(const fs::path& dir, uint64_t seed, size_t offers = 1500) {
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    Index::build(
        dir,
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), offers, seed).offers,
        options);
}

// Place, words (some misspelt: the spelling dictionary is asked) and filters, a few hits a page.
std::vector<Query> queries() {
    std::vector<Query> out;
    auto add = [&](std::string text, std::string place, double radius,
                   std::vector<std::string> themes = {}) {
        Query q;
        q.text = std::move(text);
        q.place = std::move(place);
        q.radius_km = radius;
        q.thematiques = std::move(themes);
        q.limit = 4;
        out.push_back(q);
    };
    add("acompagnement", "Paris", 30);
    add("logment", "Lyon", 50);
    add("emplio", "", 50);
    add("domicilation administrative", "Marseille", 40);
    add("", "Lille", 40, {"logement-hebergement"});
    add("numerique", "Toulouse", 60);
    return out;
}

// Every page of `q`, one after the other: each hit's id, then the total of each page.
std::vector<std::string> page_through(const Index& index, Query q) {
    std::vector<std::string> out;
    for (int page = 0; page < 100; ++page) {
        const Results r = index.search(q);
        for (const Hit& h : r.hits) out.push_back(h.offer.id);
        out.push_back("total " + std::to_string(r.total));
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    return out;
}

}  // namespace

TEST_CASE("An open Index keeps answering from its generation after reloads, spelling included") {
    testing::TempDir dir("generations-reloads");
    load(dir.path(), 1);
    const Index index = Index::open(dir.path());
    const std::vector<Query> qs = queries();
    std::vector<std::vector<std::string>> expected;
    size_t suggested = 0;
    for (const Query& q : qs) {
        expected.push_back(page_through(index, q));
        suggested += !index.search(q).suggestion.empty();
    }
    REQUIRE(suggested >= 3);  // the misspelt words went through the spelling dictionary
    const size_t clusters = index.duplicates().size();

    // Two reloads: the build keeps the current and the previous generation only, unless a
    // reader holds an older one.
    load(dir.path(), 2);
    load(dir.path(), 3);
    CHECK(Index::open(dir.path()).generation() == "gen-000003");
    // Read at the call (duplicate_pairs.tsv) from the generation's directory.
    try {
        CHECK(index.duplicates().size() == clusters);
    } catch (const std::exception& e) {
        FAIL("duplicates() after two reloads: " << e.what());
    }
    // 8 threads at once: the text index lends each its own Xapian handle, opened then.
    std::atomic<int> errors{0}, differences{0};
    std::mutex mutex;
    std::string first_error;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 6; ++round)
                for (size_t i = 0; i < qs.size(); ++i) {
                    const size_t k = (i + static_cast<size_t>(t)) % qs.size();
                    try {
                        if (page_through(index, qs[k]) != expected[k]) ++differences;
                    } catch (const std::exception& e) {
                        std::lock_guard<std::mutex> lock(mutex);
                        if (errors++ == 0) first_error = e.what();
                    }
                }
        });
    for (auto& thread : threads) thread.join();
    INFO(first_error);
    CHECK(errors == 0);
    CHECK(differences == 0);
}

TEST_CASE("A page is never continued with another generation's offers") {
    // As the command does: each page opens the index afresh, and a load lands in between.
    testing::TempDir dir("generations-paging");
    load(dir.path(), 1);
    Query q = queries()[0];
    const Results first = Index::open(dir.path()).search(q);
    REQUIRE_FALSE(first.next_cursor.empty());
    load(dir.path(), 2);
    q.cursor = first.next_cursor;
    CHECK_THROWS_AS(Index::open(dir.path()).search(q), QueryError);
    // A StaleCursorError, in French; a handle still on the first generation goes on.
    CHECK_THROWS_MATCHES(
        Index::open(dir.path()).search(q), StaleCursorError,
        Catch::Message("l'index a changé depuis la première page : relancez la recherche"));
}

TEST_CASE("refresh() moves a handle to the newest generation and says whether it moved") {
    testing::TempDir dir("generations-refresh");
    load(dir.path(), 1);
    Index index = Index::open(dir.path());
    CHECK_FALSE(index.refresh());
    const Query q = queries()[1];
    const Results first = index.search(q);
    const std::vector<std::string> before = page_through(index, q);
    load(dir.path(), 2);
    CHECK(index.generation() == "gen-000001");
    CHECK(page_through(index, q) == before);
    Query next = q;
    next.cursor = first.next_cursor;
    CHECK_NOTHROW(index.search(next));  // its own generation's cursor

    const Index copy = index;  // holds gen-000001 whatever the original does
    CHECK(index.refresh());
    CHECK(index.generation() == "gen-000002");
    CHECK(copy.generation() == "gen-000001");
    CHECK(page_through(index, q) == page_through(Index::open(dir.path()), q));
    CHECK(page_through(index, q) != before);
    CHECK(page_through(copy, q) == before);
    CHECK_THROWS_AS(index.search(next), StaleCursorError);
    CHECK_NOTHROW(copy.search(next));
    CHECK_FALSE(index.refresh());
}

TEST_CASE("A generation a reader holds stays on disk until a load after its release") {
    testing::TempDir dir("generations-lease");
    const fs::path& d = dir.path();
    load(d, 1, 300);
    {
        const Index held = Index::open(d);
        for (uint64_t seed = 2; seed <= 4; ++seed) load(d, seed, 300);
        // Kept: the current, the previous, and the one held; gen-000002 went.
        CHECK(fs::exists(d / "gen-000001"));
        CHECK_FALSE(fs::exists(d / "gen-000002"));
        CHECK(fs::exists(d / "gen-000003"));
        CHECK(fs::exists(d / "gen-000004"));
        CHECK(held.size() == 300);
        CHECK_NOTHROW(held.duplicates());
    }
    load(d, 5, 300);  // released: removed by the next load
    std::vector<std::string> names;
    for (auto& entry : fs::directory_iterator(d)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"CURRENT", "LOCK", "gen-000004", "gen-000005"});
}

TEST_CASE("A cursor with any one digit changed is refused") {
    testing::TempDir dir("generations-tampered");
    load(dir.path(), 1);
    const Index index = Index::open(dir.path());
    Query q = queries()[0];
    const std::string cursor = index.search(q).next_cursor;
    REQUIRE(cursor.size() > 40);
    for (size_t i = 2; i < cursor.size(); ++i) {
        std::string changed = cursor;
        changed[i] = changed[i] == '0' ? '1' : '0';
        q.cursor = changed;
        INFO("digit " << i << " of " << cursor);
        CHECK_THROWS_AS(index.search(q), QueryError);
    }
    q.cursor = cursor;
    CHECK(index.search(q).hits.size() == 4);
    q.cursor = cursor.substr(0, cursor.size() - 1);
    CHECK_THROWS_WITH(index.search(q), Catch::StartsWith("curseur invalide (tronqué)"));
    q.cursor = cursor;
    q.cursor[20] = q.cursor[20] == 'a' ? 'b' : 'a';
    CHECK_THROWS_WITH(index.search(q), Catch::StartsWith("curseur invalide (modifié)"));
}
