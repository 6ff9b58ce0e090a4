// Index::update against Index::build: replacing one source's catalogue with new, changed,
// removed and unchanged offers must give the generation a full build of the same offers gives,
// file by file (Xapian's spelling dictionary compared by its content, and answers of both
// indexes to the same searches), on a generated catalogue and on the real Soliguide catalogue
// among real partner catalogues.

#include <xapian.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "cartoffre/error.hpp"
#include "cartoffre/loader.hpp"
#include "generator/generator.hpp"
#include "index/record.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

BuildOptions options() {
    BuildOptions o;
    o.gazetteer = &testing::real_gazetteer();
    o.today = parse_date("2026-11-01");  // quality's freshness depends on the day
    return o;
}

std::string bytes_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path current(const fs::path& dir) {
    std::ifstream in(dir / "CURRENT");
    std::string name;
    std::getline(in, name);
    return dir / name;
}

// Xapian's own files, which may differ in bytes for the same content.
bool xapian_file(const fs::path& file) {
    const std::string name = file.filename().string();
    return file.extension() == ".glass" || name == "iamglass" || name == "flintlock";
}

// Every file of a generation but Xapian's and meta.json, by relative path.
std::map<std::string, std::string> files_of(const fs::path& generation) {
    std::map<std::string, std::string> files;
    for (auto& entry : fs::recursive_directory_iterator(generation)) {
        if (!entry.is_regular_file() || xapian_file(entry.path())) continue;
        const std::string name = fs::relative(entry.path(), generation).string();
        if (name != "meta.json") files[name] = bytes_of(entry.path());
    }
    return files;
}

std::map<std::string, Xapian::doccount> spelling_dictionary(const fs::path& text) {
    Xapian::Database db(text.string());
    std::map<std::string, Xapian::doccount> words;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        words[*it] = it.get_termfreq();
    return words;
}

nlohmann::json meta_of(const fs::path& generation) {
    nlohmann::json meta = nlohmann::json::parse(bytes_of(generation / "meta.json"));
    meta.erase("generation");
    meta.erase("previous");
    meta.erase("rejected");  // of the offers given: an update is given one source
    // A digest of the stored records, compressed with the dictionary the first build trained
    // (an update keeps it): the records are compared by their content below.
    meta.erase("content");
    return meta;
}

std::vector<std::string> answer(const Index& index, const Query& query) {
    const Results r = index.search(query);
    std::vector<std::string> out{std::to_string(r.total), r.suggestion};
    for (const Hit& h : r.hits) {
        char score[32];
        std::snprintf(score, sizeof score, "%.9g", h.score);
        out.push_back(h.offer.id + " " + score);
    }
    return out;
}

// The generation `updated` made by updates is the one `built` made by a full build.
void check_same_generation(const fs::path& updated, const fs::path& built) {
    const fs::path a = current(updated), b = current(built);
    const auto files_a = files_of(a), files_b = files_of(b);
    std::vector<std::string> names_a, names_b;
    for (auto& [name, bytes] : files_a) names_a.push_back(name);
    for (auto& [name, bytes] : files_b) names_b.push_back(name);
    REQUIRE(names_a == names_b);
    for (auto& [name, bytes] : files_a) {
        // An update compresses its new records with the previous generation's dictionary, a
        // build with one trained on its own records (lib/index/record_pack.hpp): the same
        // records, other bytes.
        if (name == "records.bin" || name == "records.idx" || name == "records.dict") continue;
        INFO("file " << name);
        CHECK(bytes.size() == files_b.at(name).size());
        CHECK((bytes == files_b.at(name)));
    }
    CHECK(meta_of(a) == meta_of(b));
    CHECK(spelling_dictionary(a / "text") == spelling_dictionary(b / "text"));

    // The same answers: words (misspelt ones too), places, duplicates.
    const Index index_a = Index::open(updated), index_b = Index::open(built);
    REQUIRE(index_a.size() == index_b.size());
    // The same records, in the same order (by_id.bin and columns.bin, compared above, say the
    // positions are the same).
    std::vector<std::string> records_a, records_b;
    index_a.for_each_offer([&](const Offer& o) { records_a.push_back(detail::encode_record(o)); });
    index_b.for_each_offer([&](const Offer& o) { records_b.push_back(detail::encode_record(o)); });
    CHECK(records_a == records_b);
    for (const char* words :
         {"", "permis", "emploi accompagnement", "numerique", "formaiton", "acompagnement numerque",
          "logement urgence", "zorglubesque", "xylophonistes", "rsa"}) {
        for (const char* place : {"", "Rennes", "Paris", "Melun"}) {
            Query q;
            q.text = words;
            q.place = place;
            q.limit = 30;
            INFO("words '" << words << "' place '" << place << "'");
            CHECK(answer(index_a, q) == answer(index_b, q));
            q.exclude_duplicates = true;
            CHECK(answer(index_a, q) == answer(index_b, q));
        }
    }
    const auto clusters_a = index_a.duplicates(), clusters_b = index_b.duplicates();
    REQUIRE(clusters_a.size() == clusters_b.size());
    for (size_t k = 0; k < clusters_a.size(); ++k) CHECK(clusters_a[k].ids == clusters_b[k].ids);
}

std::vector<Offer> of_source(const std::vector<Offer>& offers, const std::string& source,
                             bool keep) {
    std::vector<Offer> out;
    for (const Offer& o : offers)
        if ((o.source == source) == keep) out.push_back(o);
    return out;
}

std::vector<Offer> joined(std::vector<Offer> a, const std::vector<Offer>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

TEST_CASE("Updating a source gives the generation a full build of the same offers gives") {
    const std::string source = "gen-cd35";
    std::vector<Offer> all =
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), 4000, 11).offers;
    // Places listed by two other catalogues: duplicate pairs the update keeps as they were.
    for (size_t k = 0; k < 30; ++k) {
        Offer twin = all[1000 + 97 * k];
        twin.source = twin.source == "gen" ? "gen-dora" : "gen";
        twin.id = twin.source + "--twin-" + std::to_string(k);
        all.push_back(twin);
    }
    const std::vector<Offer> others = of_source(all, source, false);
    std::vector<Offer> base = of_source(all, source, true);
    REQUIRE(base.size() > 300);
    base[3].description += " Les xylophonistes bienvenus.";  // a word only a removed offer has

    // The new catalogue of the source: every tenth offer removed, some changed (text, place,
    // hours, zones; some made duplicates of another source's offer), new ones (duplicates among
    // them, one without coordinates, one rejected, one with another source's id), the rest
    // unchanged.
    std::vector<Offer> next;
    size_t removed = 0, changed = 0, unchanged = 0;
    for (size_t i = 0; i < base.size(); ++i) {
        Offer o = base[i];
        if (i % 10 == 3) {
            ++removed;
            continue;
        }
        const Offer was = o;
        if (i % 20 == 7)
            o.description += " Atelier numérique zorglubesque le mardi.";
        else if (i % 20 == 11 && o.latitude)
            o.latitude = *o.latitude + 0.01;
        else if (i % 40 == 5)
            o.horaires_accueil = "Mo-Fr 09:00-12:00";
        else if (i % 40 == 25)
            o.zone_eligibilite = {"35"};
        else if (i % 50 == 9) {
            const Offer& twin = others[i];  // the same place in another catalogue
            o.nom = twin.nom;
            o.latitude = twin.latitude;
            o.longitude = twin.longitude;
            o.telephone = twin.telephone;
            o.structure_siret = twin.structure_siret;
        }
        const bool change = o.description != was.description || o.latitude != was.latitude ||
                            o.horaires_accueil != was.horaires_accueil ||
                            o.zone_eligibilite != was.zone_eligibilite || o.nom != was.nom ||
                            o.longitude != was.longitude || o.telephone != was.telephone ||
                            o.structure_siret != was.structure_siret;
        ++(change ? changed : unchanged);
        next.push_back(o);
    }
    size_t added = 0;
    for (size_t i = 0; i < 40; ++i) {
        Offer o = others[100 + 7 * i];
        o.source = source;
        o.id = source + "--new-" + std::to_string(i);
        if (i % 2) o.nom += " (antenne)";
        if (i == 5) {  // placed at Rennes's centre
            o.latitude.reset();
            o.longitude.reset();
            o.code_insee = "35238";
        }
        next.push_back(o);
        ++added;
    }
    Offer rejected = others[5];
    rejected.source = source;
    rejected.id = source + "--bad-theme";
    rejected.thematiques = {"pas-une-thematique"};
    next.push_back(rejected);  // rejected: neither new nor in the index
    Offer stolen = others[6];  // an id another source holds: refused, the other keeps it
    stolen.source = source;
    next.push_back(stolen);

    testing::TempDir updated("update-oracle-updated"), built("update-oracle-built");
    Index::build(updated.path(), joined(others, base), options());
    const BuildReport report = Index::update(updated.path(), source, next, options());
    CHECK(report.full_build.empty());
    CHECK(report.added == added);
    CHECK(report.changed == changed);
    CHECK(report.unchanged == unchanged);
    CHECK(report.removed == removed);
    CHECK(report.reused == others.size() + unchanged);
    CHECK(report.duplicate_pairs_reused > 0);  // the pairs far from the changes were kept
    CHECK(report.rejected == 2);
    CHECK(report.read == report.added + report.changed + report.unchanged + report.rejected);
    CHECK(report.placed_at_commune_centre >= 1);
    std::vector<Offer> expected = next;
    expected.pop_back();  // the stolen id: refused by the update
    const BuildReport full = Index::build(built.path(), joined(others, expected), options());
    CHECK(full.rejected == 1);
    CHECK(report.loaded == full.loaded);
    CHECK(report.duplicate_clusters == full.duplicate_clusters);
    check_same_generation(updated.path(), built.path());
    REQUIRE(Index::open(updated.path()).get(stolen.id)->source == others[6].source);

    // Updating an updated generation back to the source's first catalogue.
    const BuildReport back = Index::update(updated.path(), source, base, options());
    CHECK(back.full_build.empty());
    CHECK(back.unchanged == unchanged);
    CHECK(back.removed == added);
    Index::build(built.path(), joined(others, base), options());
    check_same_generation(updated.path(), built.path());
}

TEST_CASE("Updating the real Soliguide catalogue among real catalogues equals a full build") {
    const Gazetteer& gazetteer = testing::real_gazetteer();
    std::vector<Offer> others;
    // France services sites are also digital-inclusion places (mednum): duplicates to keep.
    for (const char* name : {"pole_emploi.json", "france_services.json", "mednum.json"}) {
        const Mapping m = Mapping::load(mappings / name);
        for (Offer& o : load_catalogue(m, shared_data_dir() / m.default_input(), gazetteer,
                                       Taxonomy::builtin())
                            .offers)
            others.push_back(std::move(o));
    }
    const Mapping soliguide = Mapping::load(mappings / "soliguide.json");
    const std::vector<Offer> first =
        load_catalogue(soliguide, shared_data_dir() / soliguide.default_input(), gazetteer,
                       Taxonomy::builtin())
            .offers;
    REQUIRE(first.size() == 29);  // its online places
    // Its next version: the last 9 places gone, the first renamed, another moved.
    std::vector<Offer> next(first.begin(), first.end() - 9);
    next[0].nom = "Lieu renommé";
    if (next[1].latitude) next[1].latitude = *next[1].latitude + 0.002;

    testing::TempDir updated("update-oracle-real"), built("update-oracle-real-built");
    Index::build(updated.path(), joined(others, first), options());
    const BuildReport report = Index::update(updated.path(), "soliguide", next, options());
    CHECK(report.full_build.empty());
    CHECK(report.removed == 9);
    CHECK(report.changed == (next[1].latitude ? 2u : 1u));
    CHECK(report.unchanged + report.changed == 20);
    CHECK(report.duplicate_pairs_reused > 0);
    Index::build(built.path(), joined(others, next), options());
    check_same_generation(updated.path(), built.path());
}

TEST_CASE("An update without a previous generation or with other tables is a full build") {
    std::vector<Offer> all =
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), 300, 3).offers;
    testing::TempDir dir("update-fallback");
    const std::vector<Offer> dora = of_source(all, "gen-dora", true);
    const BuildReport first = Index::update(dir.path(), "gen-dora", dora, options());
    CHECK(first.full_build == "no previous generation");
    CHECK(first.added == dora.size());
    CHECK(Index::open(dir.path()).size() == dora.size());

    // Other text tables (a stopword more): every offer is analysed again.
    testing::TempDir text("update-fallback-text");
    const fs::path source_text = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "text";
    fs::copy(source_text, text.path(), fs::copy_options::recursive);
    std::ofstream(text.path() / "stopwords_fr.txt", std::ios::app) << "atelier\n";
    BuildOptions other = options();
    other.text_data_dir = text.path();
    const BuildReport second = Index::update(dir.path(), "gen-dora", dora, other);
    CHECK(second.full_build == "another stopwords_fr.txt");
    CHECK(second.unchanged == dora.size());

    // An offer of another source in an update is refused before anything is written.
    std::vector<Offer> mixed = dora;
    mixed.push_back(of_source(all, "gen", true).front());
    CHECK_THROWS_AS(Index::update(dir.path(), "gen-dora", mixed, options()), DataError);
}

TEST_CASE("An offer inserted between two duplicates parts them in an update as in a build") {
    // Near Melun, along a meridian (1 m of latitude is 1/111,195 degree): Y and X1 are the same
    // France services site, 100 m apart; 7 offers of source w lie 40 to 70 m south of Y, and 8
    // of source z at X1's place, so that X1's 8 nearest of other sources are the z's and Y's are
    // the w's and X1. An offer of source v inserted 30 m south of Y pushes X1 out of Y's 8
    // nearest: the pair is no candidate any more, although Y and X1 did not change.
    const double metre = 1.0 / 111195;
    auto at = [&](const std::string& source, const std::string& name, double north_m) {
        Offer o;
        o.source = source;
        o.id = source + "--" + name;
        o.nom = name;
        o.thematiques = {"mobilite--preparer-un-permis"};
        o.modes_accueil = {"en-presentiel"};
        o.latitude = 48.54 + north_m * metre;
        o.longitude = 2.66;
        return o;
    };
    std::vector<Offer> offers{at("y", "Maison France services de Melun", 0),
                              at("x", "Maison France services de Melun", 100)};
    const char* w[] = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"};
    for (int k = 0; k < 7; ++k) offers.push_back(at("w", w[k], -40 - 5 * k));
    const char* z[] = {"Hotel", "India", "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar"};
    for (int k = 0; k < 8; ++k) offers.push_back(at("z", z[k], 101 + 0.5 * k));
    const std::vector<Offer> inserted{at("v", "Permanence Quebec", -30)};

    testing::TempDir updated("update-oracle-pushed"), built("update-oracle-pushed-built");
    Index::build(updated.path(), offers, options());
    REQUIRE(Index::open(updated.path()).duplicates().size() == 1);
    const BuildReport report = Index::update(updated.path(), "v", inserted, options());
    CHECK(report.full_build.empty());
    Index::build(built.path(), joined(offers, inserted), options());
    CHECK(Index::open(built.path()).duplicates().empty());
    check_same_generation(updated.path(), built.path());
}
