// The library's side of the load contract: an update counts only the offers it takes
// (read = added + changed + unchanged + rejected, a known offer rejected is removed), lists every
// rejection with its id and source, checks ids and source names, writes nothing in a dry run
// or when before_writing throws, and leaves no temporary directory behind.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

Offer offer(const std::string& source, const std::string& id, const std::string& nom) {
    Offer o;
    o.source = source;
    o.id = source + "--" + id;
    o.nom = nom;
    o.thematiques = {"mobilite--preparer-un-permis"};
    o.modes_accueil = {"en-presentiel"};
    o.code_insee = "77288";  // Melun: placed at its centre
    return o;
}

std::vector<Offer> catalogue(const std::string& source, int n) {
    std::vector<Offer> offers;
    for (int i = 0; i < n; ++i)
        offers.push_back(offer(source, std::to_string(i), "Offre " + std::to_string(i)));
    return offers;
}

BuildOptions options() {
    BuildOptions o;
    o.gazetteer = &testing::real_gazetteer();
    return o;
}

// What a reader sees of the directory: its entries and CURRENT.
std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> out;
    for (auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    std::ifstream current(dir / "CURRENT");
    std::string name;
    std::getline(current, name);
    out.insert("CURRENT=" + name);
    return out;
}

}  // namespace

TEST_CASE("rows the index rejects are counted once, listed, and not new again") {
    testing::TempDir dir{"update-contract"};
    Index::build(dir.path(), catalogue("a", 10), options());
    for (int round = 0; round < 2; ++round) {
        std::vector<Offer> given = catalogue("a", 10);
        given[3].publics = {"tous-publics", "jeunes"};  // tous-publics must stand alone
        given.push_back(offer("a", "new-bad", "Nouvelle"));
        given.back().publics = {"tous-publics", "jeunes"};
        const BuildReport r = Index::update(dir.path(), "a", given, options());
        CAPTURE(round);
        CHECK(r.read == 11);
        CHECK(r.rejected == 2);
        CHECK(r.added == 0);
        CHECK(r.changed == 0);
        CHECK(r.unchanged == 9);
        CHECK(r.removed == (round == 0 ? 1u : 0u));  // a--3, known, rejected: no longer there
        CHECK(r.read == r.added + r.changed + r.unchanged + r.rejected);
        REQUIRE(r.rejected_offers.size() == 2);
        std::set<std::string> ids;
        for (auto& x : r.rejected_offers) {
            ids.insert(x.id);
            CHECK(x.source == "a");
            CHECK(x.reason.find("tous-publics") != std::string::npos);
        }
        CHECK(ids == std::set<std::string>{"a--3", "a--new-bad"});
        CHECK(Index::open(dir.path()).size() == 9);
    }
}

TEST_CASE("unsafe ids and source names are rejected row by row") {
    testing::TempDir dir{"update-contract"};
    std::vector<Offer> given = catalogue("a", 5);
    given[0].id = "a--x\ny";
    given[1].id = "a--<script>";
    given[2].id = "a--\x1b[2J";
    given[3].id = std::string("a--\xff\xfe");
    const BuildReport r = Index::build(dir.path(), given, options());
    CHECK(r.loaded == 1);
    CHECK(r.rejected == 4);
    CHECK(invalid_source_name("../../x"));
    CHECK(invalid_source_name("Siae"));
    CHECK(invalid_source_name(std::string(65, 'a')));
    CHECK_FALSE(invalid_source_name("pole-emploi-2019"));
    CHECK_FALSE(invalid_offer_id("siae--75187049400026-ACI"));
    CHECK_FALSE(invalid_offer_id("mes-aides--rec0FfCTvBvGrQf9F-réparation"));
    CHECK_THROWS_AS(Index::update(dir.path(), "../x", {}, options()), DataError);
}

TEST_CASE("a dry run and a refusal before writing leave the index as it was") {
    testing::TempDir dir{"update-contract"};
    Index::build(dir.path(), catalogue("a", 10), options());
    Index::update(dir.path(), "b", catalogue("b", 4), options());
    const auto before = entries(dir.path());
    BuildOptions dry = options();
    dry.dry_run = true;
    const BuildReport r = Index::update(dir.path(), "a", catalogue("a", 2), dry);
    CHECK(r.unchanged == 2);
    CHECK(r.removed == 8);
    CHECK(r.generation.empty());
    CHECK(entries(dir.path()) == before);

    BuildOptions refusing = options();
    refusing.before_writing = [](const BuildReport& report) {
        if (report.removed > 0) throw std::runtime_error("too many removed");
    };
    CHECK_THROWS_WITH(Index::update(dir.path(), "a", catalogue("a", 2), refusing),
                      "too many removed");
    CHECK(entries(dir.path()) == before);
    // A first build refused the same way makes no generation.
    testing::TempDir other{"update-contract-other"};
    BuildOptions never = options();
    never.before_writing = [](const BuildReport&) { throw std::runtime_error("no"); };
    CHECK_THROWS(Index::build(other.path(), catalogue("a", 2), never));
    CHECK_FALSE(fs::exists(other.path() / "CURRENT"));
    CHECK(Index::open(dir.path()).size() == 14);
}

TEST_CASE("a generation made current meanwhile makes an update fail as busy") {
    testing::TempDir dir{"update-contract"};
    Index::build(dir.path(), catalogue("a", 10), options());
    BuildOptions switching = options();
    // While this update checks its rows, another load switches the generation.
    switching.before_writing = [&](const BuildReport&) {
        Index::update(dir.path(), "b", catalogue("b", 3), options());
    };
    CHECK_THROWS_AS(Index::update(dir.path(), "a", catalogue("a", 11), switching), IndexBusyError);
    CHECK(Index::open(dir.path()).size() == 13);  // the other load's generation stays
    for (auto& e : fs::directory_iterator(dir.path()))
        CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}
