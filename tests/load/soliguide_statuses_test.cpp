// Soliguide's statuses (issue 16): its drafts, offline and permanently closed places are left out
// of scope by its mappings' row filters, counted per status in the load report, never indexed.

#include <catch2/catch.hpp>

#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

size_t left_out(const LoadReport& r, const std::string& value) {
    for (auto& v : r.out_of_scope_values)
        if (v.value == value) return v.rows;
    return 0;
}

}  // namespace

TEST_CASE("Soliguide's drafts, offline and closed places are counted out of scope, not indexed") {
    for (const char* file : {"soliguide.json", "soliguide_lieux.json"}) {
        INFO(file);
        const Mapping mapping = Mapping::load(mappings / file);
        const LoadResult r = load_catalogue(mapping, shared_data_dir() / mapping.default_input(),
                                            testing::real_gazetteer(), Taxonomy::builtin());
        CHECK(r.report.read == 142);
        CHECK(r.report.loaded == 29);
        CHECK(r.report.rejected == 0);
        CHECK(r.report.out_of_scope == 113);
        CHECK(left_out(r.report, "DRAFT") == 109);
        CHECK(left_out(r.report, "OFFLINE") == 3);
        CHECK(left_out(r.report, "PERMANENTLY_CLOSED") == 1);
        CHECK_THAT(r.report.summary(),
                   Catch::Contains("hors champ : DRAFT 109, OFFLINE 3, PERMANENTLY_CLOSED 1"));
        testing::TempDir dir("soliguide-statuses");
        BuildOptions options;
        options.gazetteer = &testing::real_gazetteer();
        REQUIRE(Index::build(dir.path(), r.offers, options).rejected == 0);
        const Index index = Index::open(dir.path());
        const std::string prefix = mapping.source() + "--";
        CHECK(index.offers(mapping.source()).size() == 29);
        CHECK(index.get(prefix + "3"));         // online
        CHECK_FALSE(index.get(prefix + "1"));   // draft
        CHECK_FALSE(index.get(prefix + "2"));   // offline
        CHECK_FALSE(index.get(prefix + "5"));   // permanently closed
        CHECK_FALSE(index.get(prefix + "95"));  // a draft insertion garden
    }
}
