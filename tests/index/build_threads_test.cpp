// A build cuts its longest phases in two halves run side by side (detail/halves.hpp): what it
// writes must not depend on that. The same catalogue built on one thread
// (CARTOFFRE_BUILD_THREADS=1) and on two gives the same files, byte for byte, for a full build
// and for an update; offers sharing an id keep the order they were given in.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "cartoffre/index.hpp"
#include "generator/generator.hpp"
#include "support/generated_index.hpp"
#include "text/text_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path generation_of(const fs::path& dir) {
    std::string name = contents(dir / "CURRENT");
    while (!name.empty() && name.back() == '\n') name.pop_back();
    return dir / name;
}

// Every file of the two current generations, the same list and the same bytes; Xapian's
// iamglass (which holds a random UUID) aside.
void same_files(const fs::path& one, const fs::path& other) {
    const fs::path a = generation_of(one), b = generation_of(other);
    std::vector<fs::path> files;
    for (auto& entry : fs::recursive_directory_iterator(a))
        if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), a));
    size_t other_count = 0;
    for (auto& entry : fs::recursive_directory_iterator(b)) other_count += entry.is_regular_file();
    REQUIRE(files.size() == other_count);
    REQUIRE(files.size() > 40);
    for (const fs::path& file : files) {
        if (file.filename() == "iamglass") continue;
        INFO(file.string());
        REQUIRE(fs::exists(b / file));
        CHECK(contents(a / file) == contents(b / file));
    }
}

struct OneThread {
    OneThread() { ::setenv("CARTOFFRE_BUILD_THREADS", "1", 1); }
    ~OneThread() { ::unsetenv("CARTOFFRE_BUILD_THREADS"); }
};

BuildOptions options() {
    BuildOptions o;
    o.gazetteer = &testing::real_gazetteer();
    o.today = Date{2026, 6, 1};  // the quality scores do not move with the day the test runs
    return o;
}

// A generated catalogue with offers refused (no name, an unknown theme) and ids given twice
// spread over both halves.
std::vector<Offer> catalogue(size_t n, uint64_t seed) {
    std::vector<Offer> offers =
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), n, seed).offers;
    for (size_t i = 0; i < offers.size(); i += 997) {
        Offer twice = offers[i];
        twice.nom += " (bis)";
        offers.push_back(twice);
        offers[i + 1].nom.clear();
        offers[i + 2].thematiques = {"pas-une-thematique"};
    }
    return offers;
}

}  // namespace

TEST_CASE("A build writes the same files on one thread as on two, and so does an update") {
    testing::TempDir one("build-threads-one"), two("build-threads-two");
    const std::vector<Offer> offers = catalogue(6000, 31);
    BuildReport alone, side_by_side;
    {
        OneThread single;
        alone = Index::build(one.path(), offers, options());
    }
    side_by_side = Index::build(two.path(), offers, options());
    CHECK(alone.loaded == side_by_side.loaded);
    CHECK(alone.rejected == side_by_side.rejected);
    CHECK(alone.errors == side_by_side.errors);
    CHECK(alone.rejected >= 18);
    CHECK(alone.duplicate_clusters == side_by_side.duplicate_clusters);
    CHECK(alone.duplicate_clusters > 0);
    same_files(one.path(), two.path());

    // An update reuses most records and texts: those are joined in order too.
    std::vector<Offer> next;
    const std::string source = offers[0].source;
    for (const Offer& o : offers)
        if (o.source == source) next.push_back(o);
    REQUIRE(next.size() > 100);
    for (size_t i = 0; i < next.size(); i += 7) next[i].description += " Atelier numérique.";
    next.erase(next.begin() + 3);
    {
        OneThread single;
        Index::update(one.path(), source, next, options());
    }
    const BuildReport updated = Index::update(two.path(), source, next, options());
    CHECK(updated.full_build.empty());
    CHECK(updated.changed > 0);
    same_files(one.path(), two.path());
}

TEST_CASE("Of offers sharing an id, the one given first is kept, the others refused") {
    // Enough offers that the sort by id is not a plain insertion sort.
    std::vector<Offer> offers =
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), 300, 5).offers;
    std::vector<Offer> given;
    for (size_t i = 0; i < 150; ++i) {
        Offer first = offers[i], second = offers[i + 150];
        second.id = first.id;
        second.source = first.source;
        first.nom = "premier " + std::to_string(i);
        second.nom = "second " + std::to_string(i);
        given.push_back(first);
        given.push_back(second);
    }
    testing::TempDir dir("build-threads-ids");
    const BuildReport report = Index::build(dir.path(), given, options());
    CHECK(report.loaded == 150);
    CHECK(report.rejected == 150);
    const Index index = Index::open(dir.path());
    for (size_t i = 0; i < 150; ++i) {
        const auto offer = index.get(given[2 * i].id);
        REQUIRE(offer);
        CHECK(offer->nom == "premier " + std::to_string(i));
    }
}

TEST_CASE("A text index whose documents are made as analysed is the one of the documents") {
    std::vector<detail::TextDocument> documents;
    for (int i = 0; i < 400; ++i)
        documents.push_back({"Atelier " + std::to_string(i % 37) + " de l'emploi",
                             i % 2 ? "Insertion. Emploi." : "Santé. Accès aux droits.",
                             "Accompagnement des bénéficiaires du RSA, mobilité n°" +
                                 std::to_string(i % 11) + ", français langue étrangère.",
                             {}});
    testing::TempDir dir("build-threads-text");
    const fs::path data = fs::path(CARTOFFRE_TEST_FIXTURES "/../../data/text").lexically_normal();
    detail::write_text_index(dir.path() / "given", documents, data);
    std::vector<detail::TextEntry> entries(documents.size());
    detail::write_text_index(dir.path() / "made", entries, data, {},
                             [&](size_t rank) { return documents[rank]; });
    size_t compared = 0;
    for (auto& entry : fs::directory_iterator(dir.path() / "given")) {
        const fs::path name = entry.path().filename();
        if (name == "iamglass") continue;
        INFO(name.string());
        CHECK(contents(entry.path()) == contents(dir.path() / "made" / name));
        ++compared;
    }
    CHECK(compared > 8);
}
