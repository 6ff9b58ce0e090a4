// The codes of the field's vocabulary told by the offers' columns (issue 15, speed): a slot
// naming common codes narrows a place's candidates by a test of their columns instead of
// uniting long posting lists. The columns must say exactly what the code terms' postings say,
// and a search narrowed either way must find and weigh the same offers, on a generated
// catalogue and on the real ones.

#include <xapian.h>

#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <set>

#include "cartoffre/data_dirs.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"
#include "support/generated_index.hpp"
#include "support/real_catalogues.hpp"
#include "text/text_index.hpp"
#include "text/text_vocabulary.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

// What ColumnCodes reads of a generation (its columns and taxonomy), and its text index.
struct Generation {
    explicit Generation(const fs::path& index_dir, size_t offers) {
        for (auto& entry : fs::directory_iterator(index_dir))
            if (entry.path().filename().string().rfind("gen-", 0) == 0) dir = entry.path();
        REQUIRE(!dir.empty());
        snapshot.size = offers;
        snapshot.columns_file = detail::MappedFile(dir / detail::files::columns);
        snapshot.columns =
            reinterpret_cast<const detail::OfferColumns*>(snapshot.columns_file.data());
        snapshot.taxonomy = Taxonomy::load(dir / detail::files::taxonomy);
        text = std::make_unique<detail::TextIndex>(dir / detail::files::text);
    }
    fs::path dir;
    detail::Snapshot snapshot;
    std::unique_ptr<detail::TextIndex> text;
};

const std::vector<detail::VocabularyEntry>& vocabulary() {
    static const auto rows =
        detail::read_vocabulary_entries(data_dir() / "text" / "vocabulary.tsv");
    return rows;
}

// Every code the vocabulary names: the column test of each agrees with its postings over every
// offer, and the test of several codes is their union.
void columns_agree_with_postings(const Generation& g) {
    const detail::ColumnCodes codes(g.snapshot);
    std::set<std::string> terms;
    for (auto& row : vocabulary()) terms.insert(row.codes.begin(), row.codes.end());
    size_t held = 0;
    for (const std::string& term : terms) {
        INFO(term);
        const auto test = codes.any_of({term});
        REQUIRE(test);
        const std::vector<uint32_t> holders = g.text->holders(term);
        std::vector<uint32_t> tested;
        for (uint32_t doc = 0; doc < g.snapshot.size; ++doc)
            if (test(doc)) tested.push_back(doc);
        CHECK(tested == holders);
        held += !holders.empty();
    }
    CHECK(held > terms.size() / 3);  // the catalogue carries many of them
    for (auto& row : vocabulary()) {
        if (row.codes.size() < 2) continue;
        INFO("vocabulary.tsv line " << row.line);
        std::set<uint32_t> united;
        for (auto& term : row.codes)
            for (uint32_t doc : g.text->holders(term)) united.insert(doc);
        const auto test = codes.any_of(row.codes);
        size_t tested = 0;
        for (uint32_t doc = 0; doc < g.snapshot.size; ++doc) tested += test(doc);
        CHECK(tested == united.size());
    }
    // A list or code the columns do not hold is left to the postings.
    CHECK_FALSE(codes.any_of({"public:personne"}));
    CHECK_FALSE(codes.any_of({"nom:aci"}));
}

// Random candidate sets: runs of positions (offers are stored in spatial order, so a place's
// candidates are runs) with random gaps, and some scattered ones (remote offers).
std::vector<uint32_t> random_within(std::mt19937_64& rng, uint32_t size) {
    std::vector<uint32_t> within;
    const uint32_t start = static_cast<uint32_t>(rng() % size);
    const uint32_t length = static_cast<uint32_t>(rng() % (size / 4 + 1));
    const uint32_t keep_one_in = 1 + static_cast<uint32_t>(rng() % 3);
    for (uint32_t p = start; p < std::min(size, start + length); ++p)
        if (rng() % keep_one_in == 0) within.push_back(p);
    for (int i = static_cast<int>(rng() % 50); i > 0; --i)
        within.push_back(static_cast<uint32_t>(rng() % size));
    std::sort(within.begin(), within.end());
    within.erase(std::unique(within.begin(), within.end()), within.end());
    return within;
}

// Queries of the vocabulary's expressions, alone, with a common word or with another row.
std::string random_text(std::mt19937_64& rng) {
    static const std::vector<std::string> words{
        "emploi", "accompagnement", "aide", "paris", "atelier", "jeunes", "gratuit", "insertion"};
    auto expression = [&] {
        const auto& row = vocabulary()[rng() % vocabulary().size()];
        return row.expressions[rng() % row.expressions.size()];
    };
    switch (rng() % 3) {
        case 0:
            return expression();
        case 1:
            return expression() + " " + words[rng() % words.size()];
        default:
            return expression() + " " + expression();
    }
}

// The offers found and weighed with the columns' tests are those found and weighed with the
// postings alone (TextIndex::search), with the same weights.
void same_answers(const Generation& g, uint64_t seed, int queries) {
    const detail::ColumnCodes codes(g.snapshot);
    std::mt19937_64 rng(seed);
    const uint32_t size = static_cast<uint32_t>(g.snapshot.size);
    size_t narrowed = 0, compared = 0;
    for (int i = 0; i < queries; ++i) {
        const std::string text = random_text(rng);
        const std::vector<uint32_t> within = random_within(rng, size);
        INFO(text << " among " << within.size());
        std::vector<uint32_t> found;
        for (auto& m : g.text->find(text, &within, &codes).matches) found.push_back(m.doc);
        REQUIRE(std::includes(within.begin(), within.end(), found.begin(), found.end()));
        const std::vector<detail::TextMatch> weighed = g.text->weigh(text, found);
        const std::vector<detail::TextMatch> expected = g.text->search(text, &within).matches;
        REQUIRE(weighed.size() == expected.size());
        for (size_t k = 0; k < expected.size(); ++k) {
            REQUIRE(weighed[k].doc == expected[k].doc);
            REQUIRE(weighed[k].weight == expected[k].weight);
        }
        narrowed += found.size() < within.size();
        compared += !expected.empty();
    }
    CHECK(compared > static_cast<size_t>(queries) / 3);
    CHECK(narrowed > static_cast<size_t>(queries) / 2);
}

// A slot naming a common code ("rsa": the word, the public of minimum-income beneficiaries and
// the synonym "revenu de solidarité active") narrows the candidates to those holding a word of
// the slot or carrying the code, where uniting their postings held too many offers to be worth
// it and left every candidate to its record.
void common_code_narrows(const Generation& g) {
    const detail::ColumnCodes codes(g.snapshot);
    std::vector<uint32_t> all(g.snapshot.size);
    std::iota(all.begin(), all.end(), 0u);
    Xapian::Stem stem("french");
    auto holders = [&](const std::vector<std::string>& terms) {
        std::set<uint32_t> docs;
        for (auto& term : terms)
            for (uint32_t doc : g.text->holders(term)) docs.insert(doc);
        return docs;
    };
    const std::string code = "public:beneficiaires-des-minimas-sociaux";
    // Must be found: the single-word alternatives and the code; may be: the synonym's words.
    const std::set<uint32_t> sure = holders({stem("rsa"), stem("brsa"), code});
    const std::set<uint32_t> maybe = holders(
        {stem("rsa"), stem("brsa"), code, stem("revenu"), stem("solidarite"), stem("active")});
    std::vector<uint32_t> found;
    for (auto& m : g.text->find("rsa", &all, &codes).matches) found.push_back(m.doc);
    INFO(found.size() << " found of " << all.size() << ", " << sure.size() << " sure, "
                      << maybe.size() << " maybe");
    CHECK(found.size() < all.size() * 0.8);
    CHECK(std::includes(found.begin(), found.end(), sure.begin(), sure.end()));
    CHECK(std::includes(maybe.begin(), maybe.end(), found.begin(), found.end()));
    // Without the columns, the postings' union is too common to narrow: every offer stays.
    CHECK(g.text->find("rsa", &all).matches.size() == all.size());
}

// Narrowed, then checked by the records, the same offers and weights as every candidate checked
// by its record (TextIndex::weigh, which narrows nothing): the exhaustive answer, whatever the
// narrowing skipped (codes tested on columns, expressions the codes cover).
void same_as_every_record(const Generation& g, uint64_t seed, int queries) {
    const detail::ColumnCodes codes(g.snapshot);
    std::mt19937_64 rng(seed);
    const uint32_t size = static_cast<uint32_t>(g.snapshot.size);
    size_t matched = 0;
    for (int i = 0; i < queries; ++i) {
        const std::string text = random_text(rng);
        const std::vector<uint32_t> within = random_within(rng, size);
        INFO(text << " among " << within.size());
        const std::vector<detail::TextMatch> expected = g.text->weigh(text, within);
        for (const detail::CodeColumns* columns :
             {static_cast<const detail::CodeColumns*>(&codes),
              static_cast<const detail::CodeColumns*>(nullptr)}) {
            std::vector<uint32_t> found;
            for (auto& m : g.text->find(text, &within, columns).matches) found.push_back(m.doc);
            const std::vector<detail::TextMatch> weighed = g.text->weigh(text, found);
            REQUIRE(weighed.size() == expected.size());
            for (size_t k = 0; k < expected.size(); ++k) {
                REQUIRE(weighed[k].doc == expected[k].doc);
                REQUIRE(weighed[k].weight == expected[k].weight);
            }
        }
        const auto searched = g.text->search(text, &within).matches;
        REQUIRE(searched.size() == expected.size());
        matched += !expected.empty();
    }
    CHECK(matched > static_cast<size_t>(queries) / 3);
}

// « numérique »: the word, « informatique », « digital » and the numérique category, whose label
// is in the text of each offer carrying it. The offers holding « numérique » or « informatique »
// all carry the category in a generated catalogue: their postings are not walked, and the slot,
// the category's and « digital »'s postings only, is rare enough to narrow even without the
// columns (walking all four, 42 % of the offers, was not: every candidate was left to its record).
void covered_words_not_walked(const Generation& g) {
    Xapian::Stem stem("french");
    const std::vector<uint32_t> word = g.text->holders(stem("numerique"));
    const std::vector<uint32_t> category = g.text->holders("categorie:numerique");
    REQUIRE(!word.empty());
    REQUIRE(std::includes(category.begin(), category.end(), word.begin(), word.end()));
    std::vector<uint32_t> all(g.snapshot.size);
    std::iota(all.begin(), all.end(), 0u);
    std::vector<uint32_t> found;
    for (auto& m : g.text->find("numérique", &all).matches) found.push_back(m.doc);
    INFO(found.size() << " found of " << all.size() << ", " << word.size() << " hold the word, "
                      << category.size() << " the category");
    CHECK(found.size() < all.size() * 0.3);
    CHECK(std::includes(found.begin(), found.end(), category.begin(), category.end()));
    CHECK(g.text->weigh("numérique", found).size() == g.text->weigh("numérique", all).size());
}

const testing::GeneratedIndex& generated() {
    static const testing::GeneratedIndex index(30000, 15);
    return index;
}

const testing::RealIndex& real() {
    static const testing::RealIndex index("code-columns");
    return index;
}

}  // namespace

TEST_CASE("code columns: the columns say what the code terms' postings say", "[oracle]") {
    SECTION("generated") {
        columns_agree_with_postings(Generation(generated().dir.path(), generated().index.size()));
    }
    SECTION("real catalogues") {
        columns_agree_with_postings(Generation(real().dir.path(), real().index.size()));
    }
}

TEST_CASE("code columns: narrowed by columns, the same offers and weights", "[oracle]") {
    SECTION("generated") {
        same_answers(Generation(generated().dir.path(), generated().index.size()), 1, 400);
    }
    SECTION("real catalogues") {
        same_answers(Generation(real().dir.path(), real().index.size()), 2, 400);
    }
}

TEST_CASE("code columns: a slot naming a common code still narrows", "[oracle]") {
    common_code_narrows(Generation(generated().dir.path(), generated().index.size()));
}

TEST_CASE("code columns: narrowed or not, what every record says", "[oracle]") {
    SECTION("generated") {
        same_as_every_record(Generation(generated().dir.path(), generated().index.size()), 3, 300);
    }
    SECTION("real catalogues") {
        same_as_every_record(Generation(real().dir.path(), real().index.size()), 4, 300);
    }
}

TEST_CASE("code columns: expressions the codes cover are not walked", "[oracle]") {
    covered_words_not_walked(Generation(generated().dir.path(), generated().index.size()));
}
