// The text index: folding, stems, stopwords, the field's synonyms, field weights, restriction to
// candidates, spelling, concurrency and errors, on small indexes built for each case.

#include "text/text_index.hpp"

#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include "cartoffre/error.hpp"
#include "text/text.hpp"

using namespace cartoffre;
using detail::TextDocument;
using detail::TextIndex;
using detail::TextResult;

namespace fs = std::filesystem;

namespace {

fs::path data_dir() {
    return fs::path(CARTOFFRE_TEST_FIXTURES "/../../data/text").lexically_normal();
}

// A directory unique to this process and name, removed with the object.
class TempDir {
  public:
    explicit TempDir(const std::string& name)
        : m_path(fs::temp_directory_path() /
                 ("cartoffre-text-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

// Writes the index of `documents` in `dir` and returns its directory.
fs::path write_index(const TempDir& dir, const std::vector<TextDocument>& documents) {
    const fs::path at = dir.path() / "text";
    detail::write_text_index(at, documents, data_dir());
    return at;
}

// An index over `documents` living as long as the object.
struct Built {
    TempDir dir;
    TextIndex index;
    Built(const std::string& name, const std::vector<TextDocument>& documents)
        : dir(name), index(write_index(dir, documents)) {}

    std::vector<uint32_t> docs(const std::string& text,
                               const std::vector<uint32_t>* within = nullptr) const {
        std::vector<uint32_t> out;
        for (auto& m : index.search(text, within).matches) out.push_back(m.doc);
        return out;
    }
};

TextDocument description(const std::string& text) {
    return {"", "", text, {}};
}

double weight_of(const TextResult& r, uint32_t doc) {
    for (auto& m : r.matches)
        if (m.doc == doc) return m.weight;
    return -1;
}

bool contains(const std::vector<uint32_t>& v, uint32_t x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// The synonym groups of the data file, each a list of expressions as written.
std::vector<std::vector<std::string>> synonym_groups() {
    std::ifstream in(data_dir() / "synonyms.tsv");
    std::vector<std::vector<std::string>> groups;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> group;
        size_t start = 0;
        for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            group.push_back(line.substr(start, tab - start));
        group.push_back(line.substr(start));
        groups.push_back(group);
    }
    return groups;
}

}  // namespace

TEST_CASE("Accents and case do not matter, in offers or in queries") {
    Built b("accents", {description("Hébergement d'urgence pour familles"),
                        description("HEBERGEMENT temporaire"), description("Crèche parentale"),
                        description("Aide alimentaire")});
    CHECK(b.docs("hebergement") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("Hébergement") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("HÉBERGEMENT") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("creche") == std::vector<uint32_t>{2});
    CHECK(b.docs("CRÈCHE") == std::vector<uint32_t>{2});
}

TEST_CASE("Plural and singular forms meet through French stems") {
    Built b("stems", {description("Formations qualifiantes"), description("Une formation"),
                      description("Familles monoparentales"), description("Cuisine")});
    CHECK(b.docs("formation") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("formations") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("famille monoparentale") == std::vector<uint32_t>{2});
}

TEST_CASE("Stopwords are ignored, and a query of stopwords alone matches nothing") {
    Built b("stopwords", {description("Formation des adultes"), description("la cuisine"),
                          description("Formation pour les jeunes")});
    CHECK(b.docs("la formation des adultes") == b.docs("formation adultes"));
    CHECK(b.docs("la formation des adultes") == std::vector<uint32_t>{0});
    for (const char* text : {"", "   ", "le la des", "de la", "l'", "?!"}) {
        TextResult r = b.index.search(text, nullptr);
        CHECK(r.matches.empty());
        CHECK(r.unknown_words.empty());
        CHECK(r.suggestion.empty());
    }
}

TEST_CASE("Document i of the build is position i in the results") {
    std::vector<TextDocument> documents(50, description("rien"));
    documents[0] = description("premier");
    documents[17] = description("dix-septieme");
    documents[49] = description("dernier");
    Built b("positions", documents);
    CHECK(b.docs("premier") == std::vector<uint32_t>{0});
    CHECK(b.docs("dix septieme") == std::vector<uint32_t>{17});
    CHECK(b.docs("dernier") == std::vector<uint32_t>{49});
    CHECK(b.docs("rien").size() == 47);
}

TEST_CASE("Acronyms find their spelled-out forms and the reverse") {
    Built b("acronyms",
            {description("Accompagnement des bénéficiaires du RSA"),
             description("Allocataires du revenu de solidarité active"),
             description("Crèche municipale"), description("Garde d'enfants à domicile"),
             description("Auto-école sociale"), description("Préparer son permis"),
             description("Révision du code de la route"),
             description("Reconnaissance de la qualité de travailleur handicapé"),
             description("Ateliers et chantiers d'insertion du territoire"),
             description("Un ACI en maraîchage")});
    CHECK(b.docs("RSA") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("revenu de solidarité active") == std::vector<uint32_t>{0, 1});
    CHECK(b.docs("crèche") == std::vector<uint32_t>{2, 3});
    CHECK(b.docs("garde d'enfants") == std::vector<uint32_t>{2, 3});
    CHECK(b.docs("permis") == std::vector<uint32_t>{4, 5, 6});
    CHECK(b.docs("auto-école") == std::vector<uint32_t>{4, 5, 6});
    CHECK(b.docs("rqth") == std::vector<uint32_t>{7});
    CHECK(b.docs("atelier chantier d'insertion") == std::vector<uint32_t>{8, 9});
    CHECK(b.docs("aci") == std::vector<uint32_t>{8, 9});
    // A synonym slot is AND-ed with the other words.
    CHECK(b.docs("rsa allocataires") == std::vector<uint32_t>{1});
    CHECK(b.docs("creche municipale") == std::vector<uint32_t>{2});
}

TEST_CASE("Every expression of every synonym group finds every other expression of its group") {
    const auto groups = synonym_groups();
    REQUIRE(groups.size() >= 40);
    std::vector<TextDocument> documents;
    std::vector<std::pair<size_t, std::string>> expressions;  // group, expression
    for (size_t g = 0; g < groups.size(); ++g) {
        for (auto& e : groups[g]) {
            expressions.push_back({g, e});
            documents.push_back(description(e));
        }
    }
    Built b("groups", documents);
    for (size_t i = 0; i < expressions.size(); ++i) {
        const auto found = b.docs(expressions[i].second);
        for (size_t j = 0; j < expressions.size(); ++j) {
            if (expressions[j].first != expressions[i].first) continue;
            INFO("'" << expressions[i].second << "' should find '" << expressions[j].second << "'");
            CHECK(contains(found, static_cast<uint32_t>(j)));
        }
    }
}

TEST_CASE("Name hits outrank theme hits, which outrank description-only hits") {
    Built b("fields",
            {{"Atelier cuisine", "Alimentation", "Un lieu convivial ouvert le mardi", {}},
             {"Atelier convivial", "Alimentation", "Un lieu de cuisine ouvert le mardi", {}},
             {"Atelier du mardi", "Cuisine", "Un lieu convivial ouvert aux familles", {}},
             {"Permanence", "Logement", "Rien sur le sujet, ouvert le mardi", {}}});
    const TextResult r = b.index.search("cuisine", nullptr);
    REQUIRE(r.matches.size() == 3);
    const double name = weight_of(r, 0), description = weight_of(r, 1), themes = weight_of(r, 2);
    CHECK(name > themes);
    CHECK(themes > description);
    CHECK(description > 0);
}

TEST_CASE("Within restricts the matches to the given positions, weights unchanged") {
    // Common words and many candidates, or rare words and few: both ways of finding documents
    // (checking each candidate, or Xapian restricted to them) are taken.
    std::mt19937 random(42);
    const std::vector<std::string> vocabulary{"formation", "emploi",  "logement", "sante",
                                              "jeunes",    "cuisine", "budget",   "sport"};
    std::vector<TextDocument> documents;
    for (int i = 0; i < 400; ++i) {
        std::string text;
        for (int w = 0; w < 5; ++w) text += vocabulary[random() % vocabulary.size()] + " ";
        if (i % 40 == 0) text += "tricot ";
        if (i % 57 == 0) text += "bicyclette ";
        documents.push_back(description(text));
    }
    Built b("within", documents);
    for (const std::string query : {"formation", "emploi logement", "sport sante jeunes", "tricot",
                                    "tricot formation", "velo", "velo tricot"}) {
        INFO("query: " << query);
        const TextResult all = b.index.search(query, nullptr);
        REQUIRE(!all.matches.empty());
        for (int round = 0; round < 20; ++round) {
            std::vector<uint32_t> within;
            const unsigned keep = 1 + random() % 4;
            for (uint32_t p = 0; p < 450; ++p)  // a few positions past the end are ignored
                if (random() % 4 < keep) within.push_back(p);
            const TextResult restricted = b.index.search(query, &within);
            std::vector<std::pair<uint32_t, double>> expected, got;
            for (auto& m : all.matches)
                if (std::binary_search(within.begin(), within.end(), m.doc))
                    expected.push_back({m.doc, m.weight});
            for (auto& m : restricted.matches) got.push_back({m.doc, m.weight});
            CHECK(got == expected);
        }
        const std::vector<uint32_t> none;
        CHECK(b.index.search(query, &none).matches.empty());
    }
}

TEST_CASE("Matches are the documents holding every word or a synonym of it (oracle)") {
    // Units are plain words (some inflected) or expressions of synonym groups; the oracle matches
    // a query unit when the document holds the stems of the unit or of any expression of its group.
    const std::vector<std::vector<std::string>> groups{
        {"formation"},
        {"formations"},
        {"logement"},
        {"sante"},
        {"cuisine"},
        {"budget"},
        {"familles"},
        {"famille"},
        {"sport"},
        {"parentalite"},
        {"rsa", "revenu de solidarite active"},
        {"creche", "garde d'enfants", "halte garderie", "multi accueil", "eaje",
         "etablissement d'accueil du jeune enfant"},
        {"permis", "permis de conduire", "auto ecole", "ecole de conduite", "code de la route"},
        {"numerique", "informatique", "digital"}};
    const std::set<std::string> stopwords{"de", "d", "la", "du"};
    Xapian::Stem stem("french");
    auto stems_of = [&](const std::string& text) {
        std::set<std::string> out;
        for (auto& w : detail::words(text))
            if (!stopwords.count(w)) out.insert(stem(w));
        return out;
    };
    struct Unit {
        size_t group;
        std::string text;
    };
    std::vector<Unit> units;
    for (size_t g = 0; g < groups.size(); ++g)
        for (auto& e : groups[g]) units.push_back({g, e});

    std::mt19937 random(7);
    std::vector<TextDocument> documents;
    std::vector<std::set<std::string>> document_stems;
    for (int i = 0; i < 300; ++i) {
        std::string text;
        const int n = 1 + static_cast<int>(random() % 5);
        for (int u = 0; u < n; ++u) text += units[random() % units.size()].text + ", ";
        documents.push_back(i % 3 == 0 ? TextDocument{text, "", "", {}} : description(text));
        document_stems.push_back(stems_of(text));
    }
    Built b("oracle", documents);
    std::vector<uint32_t> everything(documents.size());
    std::iota(everything.begin(), everything.end(), 0);

    auto holds = [&](const std::set<std::string>& doc, const std::string& expression) {
        for (auto& s : stems_of(expression))
            if (!doc.count(s)) return false;
        return true;
    };
    int answered = 0;
    for (int q = 0; q < 200; ++q) {
        std::string text;
        std::vector<size_t> query_groups;
        const int n = 1 + static_cast<int>(random() % 3);
        for (int u = 0; u < n; ++u) {
            const Unit& unit = units[random() % units.size()];
            text += unit.text + " ; ";
            query_groups.push_back(unit.group);
        }
        std::vector<uint32_t> expected;
        for (uint32_t d = 0; d < documents.size(); ++d) {
            bool all = true;
            for (size_t g : query_groups) {
                bool any = false;
                for (auto& e : groups[g]) any = any || holds(document_stems[d], e);
                all = all && any;
            }
            if (all) expected.push_back(d);
        }
        INFO("query: " << text);
        const TextResult r = b.index.search(text, nullptr);
        std::vector<uint32_t> got;
        for (auto& m : r.matches) {
            got.push_back(m.doc);
            CHECK(m.weight > 0);
        }
        CHECK(got == expected);
        std::vector<uint32_t> got_within;
        for (auto& m : b.index.search(text, &everything).matches) got_within.push_back(m.doc);
        CHECK(got_within == expected);
        answered += !expected.empty();
    }
    CHECK(answered > 50);  // the oracle is not comparing empty sets
}

TEST_CASE("Words found nowhere are reported with a spelling correction when there is one") {
    Built b("spelling", {description("Hébergement d'urgence"), description("Hébergement social"),
                         description("Aide au logement"),
                         description("Reconnaissance de la qualité de travailleur handicapé")});
    TextResult r = b.index.search("hebergment", nullptr);
    CHECK(r.matches.empty());
    CHECK(r.unknown_words == std::vector<std::string>{"hebergment"});
    CHECK(r.suggestion == "hebergement");

    r = b.index.search("Hébergment d'urgence", nullptr);
    CHECK(r.unknown_words == std::vector<std::string>{"hebergment"});
    CHECK(r.suggestion == "hebergement d urgence");

    r = b.index.search("hébergement", nullptr);
    CHECK(r.matches.size() == 2);
    CHECK(r.unknown_words.empty());
    CHECK(r.suggestion.empty());

    r = b.index.search("logement xqzwvk", nullptr);
    CHECK(r.matches.empty());
    CHECK(r.unknown_words == std::vector<std::string>{"xqzwvk"});
    CHECK(r.suggestion.empty());

    // Known through a synonym only: not unknown.
    r = b.index.search("RQTH", nullptr);
    CHECK(r.matches.size() == 1);
    CHECK(r.unknown_words.empty());
    // A misspelt acronym is corrected towards it since the index holds its group.
    r = b.index.search("rqht", nullptr);
    CHECK(r.unknown_words == std::vector<std::string>{"rqht"});
    CHECK(r.suggestion == "rqth");
}

TEST_CASE("Searches from 8 threads at once give the same results as one thread") {
    std::mt19937 random(3);
    const std::vector<std::string> vocabulary{"formation", "emploi", "logement", "rsa",
                                              "creche",    "permis", "sante",    "hebergement"};
    std::vector<TextDocument> documents;
    for (int i = 0; i < 2000; ++i) {
        std::string text;
        for (int w = 0; w < 6; ++w) text += vocabulary[random() % vocabulary.size()] + " ";
        documents.push_back({vocabulary[random() % vocabulary.size()], "", text, {}});
    }
    Built b("threads", documents);
    std::vector<uint32_t> within;
    for (uint32_t p = 0; p < 2000; p += 3) within.push_back(p);
    const std::vector<std::string> queries{"formation", "revenu solidarite active emploi",
                                           "garde d'enfants", "auto ecole logement", "hebergment"};
    auto run_all = [&]() {
        std::vector<TextResult> out;
        for (auto& q : queries) {
            out.push_back(b.index.search(q, nullptr));
            out.push_back(b.index.search(q, &within));
        }
        return out;
    };
    auto same = [](const std::vector<TextResult>& x, const std::vector<TextResult>& y) {
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i) {
            if (x[i].unknown_words != y[i].unknown_words || x[i].suggestion != y[i].suggestion ||
                x[i].matches.size() != y[i].matches.size())
                return false;
            for (size_t j = 0; j < x[i].matches.size(); ++j)
                if (x[i].matches[j].doc != y[i].matches[j].doc ||
                    x[i].matches[j].weight != y[i].matches[j].weight)
                    return false;
        }
        return true;
    };
    const auto expected = run_all();
    std::vector<int> ok(8, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            bool all = true;
            for (int round = 0; round < 30; ++round) all = all && same(run_all(), expected);
            ok[t] = all;
        });
    for (auto& t : threads) t.join();
    CHECK(std::count(ok.begin(), ok.end(), 1) == 8);
}

TEST_CASE("An index of no document opens and matches nothing") {
    Built b("empty", {});
    const TextResult r = b.index.search("formation", nullptr);
    CHECK(r.matches.empty());
    CHECK(r.unknown_words == std::vector<std::string>{"formation"});
    const std::vector<uint32_t> within{0, 1, 2};
    CHECK(b.index.search("formation", &within).matches.empty());
}

TEST_CASE("An index works alone, with its own synonyms and stopwords") {
    TempDir dir("alone");
    detail::write_text_index(dir.path() / "text", {description("Revenu de solidarité active")},
                             data_dir());
    CHECK(fs::exists(dir.path() / "text" / "synonyms.tsv"));
    CHECK(fs::exists(dir.path() / "text" / "stopwords_fr.txt"));
    fs::rename(dir.path() / "text", dir.path() / "moved");
    TextIndex index(dir.path() / "moved");
    CHECK(index.search("le RSA", nullptr).matches.size() == 1);
}

TEST_CASE("A word of hundreds of letters is indexed, searchable, and kept out of the spellings") {
    const std::string long_word(451, 'x');
    Built b("long", {description("atelier " + long_word), description("atelier numerique")});
    CHECK(b.index.search("atelier", nullptr).matches.size() == 2);
    CHECK(b.index.search(long_word, nullptr).matches.size() == 1);
    // Misspelt, it is found nowhere and corrected to nothing that long.
    const TextResult r = b.index.search(std::string(450, 'x') + "y", nullptr);
    CHECK(r.matches.empty());
    CHECK(r.suggestion.size() < 100);
}

TEST_CASE("Opening a missing or damaged text index throws IndexError naming it") {
    TempDir dir("errors");
    const fs::path missing = dir.path() / "missing";
    CHECK_THROWS_AS(TextIndex(missing), IndexError);
    CHECK_THROWS_WITH(TextIndex(missing), Catch::Contains(missing.string()));

    const fs::path empty = dir.path() / "empty";
    fs::create_directories(empty);
    CHECK_THROWS_AS(TextIndex(empty), IndexError);

    const fs::path damaged = dir.path() / "damaged";
    detail::write_text_index(damaged, {description("formation")}, data_dir());
    for (auto& entry : fs::directory_iterator(damaged))
        if (entry.path().extension() == ".glass" || entry.path().filename() == "iamglass")
            std::ofstream(entry.path(), std::ios::trunc) << "not a database";
    CHECK_THROWS_AS(TextIndex(damaged), IndexError);
    CHECK_THROWS_WITH(TextIndex(damaged), Catch::Contains(damaged.string()));

    for (const char* file : {"terms.bin", "forward.bin", "forward.idx"}) {
        INFO(file);
        const fs::path truncated = dir.path() / (std::string("truncated-") + file);
        detail::write_text_index(truncated, {description("formation"), description("emploi")},
                                 data_dir());
        fs::resize_file(truncated / file, fs::file_size(truncated / file) - 1);
        CHECK_THROWS_AS(TextIndex(truncated), IndexError);
        fs::remove(truncated / file);
        CHECK_THROWS_WITH(TextIndex(truncated), Catch::Contains(truncated.string()));
    }

    CHECK_THROWS_AS(detail::write_text_index(dir.path() / "x", {}, dir.path() / "no-data"), Error);
}
