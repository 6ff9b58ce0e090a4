// The field's vocabulary (data/text/vocabulary.tsv): every row sourced and mapped to codes that
// exist, no expression claimed by two groups, and the commune names its expressions shadow.

#include <catch2/catch.hpp>
#include <set>

#include "cartoffre/taxonomy.hpp"
#include "support/generated_index.hpp"
#include "text/text.hpp"
#include "text/text_vocabulary.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

fs::path text_data() {
    return fs::path(CARTOFFRE_TEST_FIXTURES "/../../data/text").lexically_normal();
}

const std::vector<detail::VocabularyEntry>& entries() {
    static const auto rows = detail::read_vocabulary_entries(text_data() / "vocabulary.tsv");
    return rows;
}

// The code list a code term names ("typologie:ACI" -> the typologies), or null.
const Vocabulary* list_of(const std::string& list, const Taxonomy& t) {
    if (list == "thematique") return &t.thematiques();
    if (list == "categorie") return &t.categories();
    if (list == "public") return &t.publics();
    if (list == "type") return &t.types();
    if (list == "typologie") return &t.typologies();
    return nullptr;
}

}  // namespace

TEST_CASE("every row of the vocabulary maps to codes of the taxonomy and names its source") {
    const Taxonomy& taxonomy = Taxonomy::builtin();
    REQUIRE(entries().size() >= 60);
    for (const auto& e : entries()) {
        INFO("vocabulary.tsv line " << e.line);
        CHECK(!e.source.empty());
        CHECK(!e.understood.empty());
        for (const std::string& code : e.codes) {
            INFO(code);
            const size_t colon = code.find(':');
            REQUIRE(colon != std::string::npos);
            const Vocabulary* list = list_of(code.substr(0, colon), taxonomy);
            REQUIRE(list != nullptr);
            CHECK(list->find(code.substr(colon + 1)));
        }
    }
}

TEST_CASE("the vocabulary names the kinds and programmes caseworkers use") {
    std::set<std::string> expressions;
    for (const auto& e : entries())
        for (auto& x : e.expressions) expressions.insert(detail::fold(x));
    for (const char* asked : {"iae",
                              "siae",
                              "aci",
                              "ei",
                              "ai",
                              "etti",
                              "eiti",
                              "geiq",
                              "ea",
                              "esat",
                              "rsa",
                              "ass",
                              "aah",
                              "minima sociaux",
                              "mission locale",
                              "cej",
                              "neet",
                              "16 25 ans",
                              "cv",
                              "lettre de motivation",
                              "entretien d embauche",
                              "fle",
                              "alphabetisation",
                              "illettrisme",
                              "apprendre le francais",
                              "domiciliation",
                              "siao",
                              "hebergement d urgence",
                              "pmi",
                              "ccas",
                              "plie",
                              "cap emploi",
                              "rqth",
                              "permis",
                              "numerique",
                              "france services"}) {
        INFO(asked);
        CHECK(expressions.count(asked) == 1);
    }
}

TEST_CASE("the vocabulary reads into groups, each expression in one group only") {
    Xapian::Stem stem("french");
    const detail::TextVocabulary v = detail::read_vocabulary(text_data(), stem);
    // A row joins the synonym group of its expressions: "iae" and "insertion par l'activité
    // économique" are one group, which means the SIAE kinds.
    const size_t iae = v.group_of.at("iae");
    CHECK(v.group_of.at(stem("siae")) == iae);
    CHECK(v.meanings[iae].codes.size() == 6);
    CHECK(v.meanings[iae].label.find("(ACI, EI, AI, ETTI, EITI, GEIQ)") != std::string::npos);
    // "115" is in the group of "siao" (synonyms.tsv): it means emergency shelter too.
    CHECK(v.group_of.at("115") == v.group_of.at("siao"));
    CHECK(!v.meanings[v.group_of.at("115")].label.empty());
}

// A query's words and its place are given apart (the words, --near): an expression that were
// also a commune's name would be read as the vocabulary in the words and as the commune in
// --near. None is today (checked over the 2026 communes, current and delegated): a row adding
// one must say here which reading a portal's single search box should prefer.
TEST_CASE("no expression of the vocabulary is a commune's name") {
    const Gazetteer& g = testing::real_gazetteer();
    std::set<std::string> shadowing;
    for (const auto& e : entries())
        for (auto& x : e.expressions) {
            const std::string folded = detail::fold(x);
            for (const PlaceCompletion& c : g.complete(folded, 50))
                if (detail::fold(g.commune(c.commune).name) == folded) shadowing.insert(folded);
        }
    CHECK(shadowing.empty());
    // The check can fail: "Paris" is a commune's name.
    CHECK(detail::fold(g.commune(g.complete("paris", 1).at(0).commune).name) == "paris");
}
