// The narrowing of a query of one slot finds exactly the slot's holders (TextResult::exact), so
// that a search around a place need read no record to know its matches (index/search_best.hpp):
// an expression of several stems keeps only what holds all of them, and the answer matches the
// exhaustive one (search(): every candidate's record read) on random documents and candidates.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "text/block_max.hpp"
#include "text/text_index.hpp"

using namespace cartoffre;
using namespace cartoffre::detail;
namespace fs = std::filesystem;

namespace {

fs::path data_dir() {
    return fs::path(CARTOFFRE_TEST_FIXTURES "/../../data/text").lexically_normal();
}

struct Written {
    fs::path dir;
    explicit Written(const std::vector<TextDocument>& documents)
        : dir(fs::temp_directory_path() / ("cartoffre-exact-" + std::to_string(::getpid()))) {
        fs::remove_all(dir);
        write_text_index(dir, documents, data_dir());
        write_block_max(dir, std::vector<uint8_t>(documents.size(), 50));
    }
    ~Written() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

std::vector<uint32_t> docs_of(const TextResult& r) {
    std::vector<uint32_t> out;
    for (const TextMatch& m : r.matches) out.push_back(m.doc);
    return out;
}

}  // namespace

TEST_CASE("A slot's expression of several stems narrows to what holds all of them") {
    // « halte garderie » is an expression of the group of « crèche »: « halte » alone or
    // « garderie » alone is no match.
    const std::vector<TextDocument> documents{
        {"", "", "halte pour les familles", {}},  {"", "", "garderie municipale", {}},
        {"", "", "halte garderie du centre", {}}, {"", "", "crèche parentale", {}},
        {"", "", "formation aux métiers", {}},    {"", "", "halte garderie et crèche", {}}};
    const Written written(documents);
    const TextIndex index(written.dir);
    std::vector<uint32_t> all(documents.size());
    for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    const TextResult found = index.find("halte garderie", &all, nullptr, true);
    CHECK(found.exact);
    CHECK(docs_of(found) == std::vector<uint32_t>{2, 3, 5});
    CHECK(found.bounds.size() == 1);  // one range of 128 documents
    CHECK_FALSE(index.find("crèche formation", &all, nullptr, true).exact);  // two slots
}

TEST_CASE("One slot's narrowing is the exhaustive answer on random documents (oracle)") {
    std::mt19937 random(7);
    // Words of synonym expressions of several stems, their parts alone, and others.
    const std::vector<std::string> words{
        "halte",     "garderie",    "crèche", "multi",    "accueil", "mode",
        "garde",     "enfants",     "code",   "route",    "permis",  "conduire",
        "aide",      "alimentaire", "colis",  "banque",   "emploi",  "formation",
        "numérique", "fracture",    "ligne",  "démarches"};
    std::vector<TextDocument> documents;
    for (int i = 0; i < 600; ++i) {
        std::string text;
        for (int w = 0; w < 4; ++w) text += words[random() % words.size()] + " ";
        documents.push_back({"", "", text, {}});
    }
    const Written written(documents);
    const TextIndex index(written.dir);
    size_t exact = 0;
    for (const std::string query :
         {"halte garderie", "crèche", "multi accueil", "mode de garde", "garde d'enfants",
          "code de la route", "permis", "aide alimentaire", "colis alimentaire", "emploi",
          "fracture numérique", "démarches en ligne", "numérique", "banque alimentaire"}) {
        for (int round = 0; round < 10; ++round) {
            INFO("query « " << query << " » round " << round);
            std::vector<uint32_t> within;
            for (uint32_t p = 0; p < documents.size(); ++p)
                if (random() % 4 <= static_cast<unsigned>(round % 4)) within.push_back(p);
            const TextResult found = index.find(query, &within, nullptr, true);
            const std::vector<uint32_t> expected = docs_of(index.search(query, &within));
            if (!found.exact) continue;  // a common word narrowed not: the records decide
            ++exact;
            CHECK(docs_of(found) == expected);
        }
    }
    CHECK(exact >= 100);
}
