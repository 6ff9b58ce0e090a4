// data·inclusion v1 reading and writing, inheritance from structures, and the synthetic
// catalogue generator.

#include "cartoffre/catalogue.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/taxonomy.hpp"
#include "generator/generator.hpp"
#include "index/record.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
using cartoffre::testing::real_gazetteer;
using cartoffre::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(CARTOFFRE_TEST_FIXTURES) / "di_v1";

Catalogue read_fixtures(const std::string& structures = "structures.json",
                        const std::string& services = "services.json") {
    return read_data_inclusion_v1(fixtures / structures, fixtures / services);
}

const Offer& offer(const Catalogue& c, const std::string& id) {
    auto it = std::find_if(c.offers.begin(), c.offers.end(), [&](auto& o) { return o.id == id; });
    REQUIRE(it != c.offers.end());
    return *it;
}

// The message of the DataError a read throws.
std::string read_error(const fs::path& structures, const fs::path& services) {
    try {
        read_data_inclusion_v1(structures, services);
    } catch (const DataError& e) {
        return e.what();
    }
    FAIL("no DataError for " << structures << " and " << services);
    return {};
}

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

auto fields_of(const Structure& s) {
    return std::tie(s.id, s.source, s.nom, s.siret, s.description, s.adresse, s.complement_adresse,
                    s.code_postal, s.code_insee, s.commune, s.latitude, s.longitude, s.telephone,
                    s.courriel, s.site_web, s.lien_source, s.horaires_accueil, s.accessibilite_lieu,
                    s.date_maj, s.reseaux_porteurs);
}

// Equal in every field: offers compared through their complete binary record.
void require_same(const Catalogue& a, const Catalogue& b) {
    REQUIRE(a.structures.size() == b.structures.size());
    REQUIRE(a.offers.size() == b.offers.size());
    for (size_t i = 0; i < a.structures.size(); ++i) {
        INFO("structure " << a.structures[i].id);
        REQUIRE(fields_of(a.structures[i]) == fields_of(b.structures[i]));
    }
    for (size_t i = 0; i < a.offers.size(); ++i) {
        INFO("offer " << a.offers[i].id);
        REQUIRE(detail::encode_record(a.offers[i]) == detail::encode_record(b.offers[i]));
    }
}

const Catalogue& generated_100k() {
    static const Catalogue catalogue =
        generate_catalogue(real_gazetteer(), Taxonomy::builtin(), 100000, 20250101);
    return catalogue;
}

double share(size_t count, size_t total) {
    return static_cast<double>(count) / total;
}

}  // namespace

TEST_CASE("A service without an address is reached at its structure's", "[catalogue]") {
    const Catalogue c = read_fixtures();
    REQUIRE(c.structures.size() == 4);
    REQUIRE(c.offers.size() == 5);
    const Offer& rsa = offer(c, "dora--ccas-melun-rsa");
    CHECK(rsa.structure_nom == "CCAS de Melun");
    CHECK(rsa.structure_siret == "26770288500019");
    CHECK(rsa.adresse == "16 rue Paul Doumer");
    CHECK(rsa.complement_adresse == "Rez-de-chaussée");
    CHECK(rsa.code_postal == "77000");
    CHECK(rsa.code_insee == "77288");
    CHECK(rsa.commune == "Melun");
    CHECK(rsa.latitude == 48.5394);
    CHECK(rsa.longitude == 2.6609);
    CHECK(rsa.telephone == "01 64 52 33 10");
    CHECK(rsa.courriel == "ccas@ville-melun.example.org");
    CHECK(rsa.horaires_accueil == "Mo-Fr 08:30-12:00,13:30-17:00; PH off");
    CHECK(rsa.zone_eligibilite == std::vector<std::string>{"77288"});
    CHECK(rsa.mobilisable_par == std::vector<std::string>{"usagers", "professionnels"});
}

TEST_CASE("A service keeps its own place, contacts and hours", "[catalogue]") {
    const Catalogue c = read_fixtures();
    const Offer& permis = offer(c, "dora--ccas-melun-permis");
    CHECK(permis.adresse == "3 place Praslin");
    CHECK(permis.complement_adresse == "Rez-de-chaussée");  // it stated none: the structure's
    CHECK(permis.latitude == 48.5412);
    CHECK(permis.longitude == 2.6583);
    CHECK(permis.telephone == "01 64 10 20 30");
    CHECK(permis.courriel == "ccas@ville-melun.example.org");
    CHECK(permis.horaires_accueil == "Tu,Th 14:00-18:00");
    CHECK(permis.frais_precisions == "10 % du prix public");
}

TEST_CASE("Coordinates are inherited only when the service has neither", "[catalogue]") {
    const Catalogue c = read_fixtures();
    const Offer& visio = offer(c, "dora--fs-ajaccio-visio");
    CHECK(visio.latitude == 41.92);
    CHECK_FALSE(visio.longitude);
    CHECK_FALSE(visio.location());
    CHECK(visio.code_insee == "2A004");

    Offer own;
    own.latitude = 45.0;
    own.longitude = 5.0;
    Structure s;
    s.latitude = 48.0;
    s.longitude = 2.0;
    inherit_from_structure(own, s);
    CHECK(own.latitude == 45.0);
    CHECK(own.longitude == 5.0);
}

TEST_CASE("Numbers written as strings with a dot are read as numbers", "[catalogue]") {
    const Catalogue c = read_fixtures();
    CHECK(c.structures[1].latitude == 48.9601);
    CHECK(c.structures[1].longitude == 2.8788);
    const Offer& permis = offer(c, "dora--ccas-melun-permis");
    CHECK(permis.volume_horaire_hebdomadaire == 4.5);
    CHECK(permis.nombre_semaines == 12);
    CHECK(offer(c, "dora--ml-meaux-cej").latitude == 48.9601);
}

TEST_CASE("Null fields are absent and unknown fields are ignored", "[catalogue]") {
    const Catalogue c = read_fixtures();
    const Structure& epicerie = c.structures[2];
    CHECK(epicerie.siret.empty());
    CHECK_FALSE(epicerie.latitude);
    CHECK(epicerie.reseaux_porteurs.empty());
    CHECK(c.structures[0].reseaux_porteurs == std::vector<std::string>{"ccas-cias"});
    CHECK(c.structures[3].siret == "13003013300016");  // a JSON integer
    const Offer& aide = offer(c, "cd35--epicerie-rennes-aide");
    CHECK(aide.modes_accueil.empty());
    CHECK_FALSE(aide.location());  // neither it nor its structure was geocoded
    CHECK(aide.code_insee == "35238");
    CHECK(offer(c, "dora--ml-meaux-cej").zone_eligibilite.empty());
}

TEST_CASE("Remote and in-person follow modes_accueil, no mode meaning in person", "[offer]") {
    Offer o;
    CHECK(o.is_in_person());
    CHECK_FALSE(o.is_remote());
    o.modes_accueil = {"a-distance"};
    CHECK(o.is_remote());
    CHECK_FALSE(o.is_in_person());
    o.modes_accueil = {"en-presentiel", "a-distance"};
    CHECK(o.is_remote());
    CHECK(o.is_in_person());
}

TEST_CASE("Gzip files and JSON Lines read the same as plain JSON arrays", "[catalogue]") {
    require_same(read_fixtures("structures.json.gz", "services.jsonl"), read_fixtures());
}

TEST_CASE("Malformed JSON is reported with its file, line and column", "[catalogue]") {
    const fs::path array = fixtures / "malformed.json";
    std::string message = read_error(array, fixtures / "services.json");
    // Line 3 reads  {"id": "dora--b", "source": "dora", "nom": "Épicerie" "date_maj": ...
    // and column 66 (in characters: É is two bytes) ends the unexpected "date_maj".
    CHECK_THAT(message, Catch::StartsWith(array.string() + ":3:66 : JSON mal formé : "));
    CHECK_THAT(message, Catch::Contains("erreur de syntaxe"));

    const fs::path lines = fixtures / "malformed.jsonl";
    message = read_error(lines, fixtures / "services.json");
    CHECK_THAT(message, Catch::StartsWith(lines.string() + ":2:44 : JSON mal formé : "));
    CHECK_THAT(message, Catch::Contains("inattendu : fin du texte"));
}

TEST_CASE("A bad value is reported with its record, id, field and value", "[catalogue]") {
    const fs::path services = fixtures / "bad_number.json";
    CHECK(read_error(fixtures / "structures.json", services) ==
          services.string() +
              " : enregistrement 2 (identifiant \"dora--ccas-melun-b\") : champ \"latitude\" : "
              "attendu : un nombre, pas \"48,5\"");

    TempDir dir("catalogue-bad");
    write_text(dir.path() / "s.json", R"([{"id": "a--1", "nom": "A", "date_maj": "2025-01-01",
        "reseaux_porteurs": "ccas-cias"}, {"id": "a--2", "nom": "B", "date_maj": "2025-01-01",
        "telephone": {"fixe": "01"}}])");
    CHECK_THAT(
        read_error(dir.path() / "s.json", fixtures / "services.json"),
        Catch::EndsWith(
            "s.json : enregistrement 2 (identifiant \"a--2\") : champ \"telephone\" : attendu : "
            "une chaîne, pas {\"fixe\":\"01\"}"));
    write_text(dir.path() / "n.json",
               R"([{"id": "a--1", "structure_id": "dora--ccas-melun", "nombre_semaines": 2.5}])");
    CHECK_THAT(read_error(fixtures / "structures.json", dir.path() / "n.json"),
               Catch::EndsWith("champ \"nombre_semaines\" : attendu : un entier, pas 2.5"));
}

TEST_CASE("Records that are not usable objects are reported", "[catalogue]") {
    TempDir dir("catalogue-records");
    const fs::path services = fixtures / "services.json";
    write_text(dir.path() / "numbers.json", "[1, 2]");
    CHECK_THAT(read_error(dir.path() / "numbers.json", services),
               Catch::EndsWith("numbers.json : enregistrement 1 : un objet est attendu, pas 1"));
    write_text(dir.path() / "twice.json",
               "{\"id\": \"a--1\", \"nom\": \"A\"}\n{\"id\": \"a--1\", \"nom\": \"B\"}\n");
    CHECK_THAT(read_error(dir.path() / "twice.json", services),
               Catch::EndsWith(
                   "twice.json : enregistrement 2 (identifiant \"a--1\") : champ \"id\" : le même "
                   "identifiant que l'enregistrement 1"));
    write_text(dir.path() / "noid.json", "[{\"id\": \"a--1\"}, {\"nom\": \"Sans id\"}]");
    CHECK_THAT(read_error(dir.path() / "noid.json", services),
               Catch::EndsWith("noid.json : enregistrement 2 : champ \"id\" : manquant"));
    const std::string gz = file_bytes(fixtures / "structures.json.gz");
    write_text(dir.path() / "cut.json.gz", gz.substr(0, gz.size() / 2));
    CHECK_THAT(read_error(dir.path() / "cut.json.gz", services),
               Catch::Contains("cut.json.gz : données gzip corrompues ou tronquées"));
    CHECK_THAT(read_error(dir.path() / "absent.json", services),
               Catch::Contains("impossible de lire") && Catch::Contains("absent.json"));
}

TEST_CASE("A service whose structure is not in the structures file is reported", "[catalogue]") {
    const fs::path services = fixtures / "unknown_structure.json";
    CHECK(read_error(fixtures / "structures.json", services) ==
          services.string() +
              " : enregistrement 2 (identifiant \"dora--orphelin\") : champ \"structure_id\" : pas "
              "de "
              "structure \"dora--inconnue\" dans " +
              (fixtures / "structures.json").string());
}

TEST_CASE("A generated catalogue reads back identically after writing", "[catalogue]") {
    const Catalogue original = generate_catalogue(real_gazetteer(), Taxonomy::builtin(), 3000, 42);
    TempDir dir("catalogue-round-trip");
    write_data_inclusion_v1(original, dir.path() / "structures.json", dir.path() / "services.json");
    const Catalogue back =
        read_data_inclusion_v1(dir.path() / "structures.json", dir.path() / "services.json");
    require_same(back, original);

    // Written again, the files are the same bytes; written as .gz, they are compressed.
    write_data_inclusion_v1(back, dir.path() / "structures2.json", dir.path() / "services2.json");
    CHECK(file_bytes(dir.path() / "services2.json") == file_bytes(dir.path() / "services.json"));
    CHECK(file_bytes(dir.path() / "structures2.json") ==
          file_bytes(dir.path() / "structures.json"));
    write_data_inclusion_v1(back, dir.path() / "s.json.gz", dir.path() / "o.json.gz");
    CHECK(file_bytes(dir.path() / "o.json.gz").substr(0, 2) == "\x1f\x8b");
    require_same(read_data_inclusion_v1(dir.path() / "s.json.gz", dir.path() / "o.json.gz"),
                 original);
    CHECK_FALSE(fs::exists(dir.path() / "services.json.tmp"));
}

TEST_CASE("Fixture catalogues survive a write and a read", "[catalogue]") {
    const Catalogue original = read_fixtures();
    TempDir dir("catalogue-fixtures");
    write_data_inclusion_v1(original, dir.path() / "s.json", dir.path() / "o.json");
    require_same(read_data_inclusion_v1(dir.path() / "s.json", dir.path() / "o.json"), original);
}

TEST_CASE("The same seed gives the same catalogue and another seed another", "[generator]") {
    const Gazetteer& g = real_gazetteer();
    const Catalogue a = generate_catalogue(g, Taxonomy::builtin(), 50000, 7);
    require_same(generate_catalogue(g, Taxonomy::builtin(), 50000, 7), a);
    const Catalogue b = generate_catalogue(g, Taxonomy::builtin(), 50000, 8);
    REQUIRE(b.offers.size() == a.offers.size());
    size_t same_place = 0;
    for (size_t i = 0; i < a.offers.size(); ++i)
        same_place += a.offers[i].code_insee == b.offers[i].code_insee;
    CHECK(share(same_place, a.offers.size()) < 0.05);
    CHECK(generate_catalogue(g, Taxonomy::builtin(), 1, 7).offers.size() == 1);
    CHECK(generate_catalogue(g, Taxonomy::builtin(), 0, 7).offers.empty());
}

TEST_CASE("Every generated code is known to the taxonomy and the gazetteer", "[generator]") {
    const Catalogue& c = generated_100k();
    const Gazetteer& g = real_gazetteer();
    std::set<std::string> ids, sources, themes;
    for (const Offer& o : c.offers) {
        REQUIRE_NOTHROW(Taxonomy::builtin().validate(o));
        REQUIRE(ids.insert(o.id).second);
        REQUIRE(o.id.rfind(o.source + "--", 0) == 0);
        REQUIRE_FALSE(o.nom.empty());
        REQUIRE_FALSE(o.description.empty());
        REQUIRE((o.thematiques.size() >= 1 && o.thematiques.size() <= 3));
        REQUIRE(g.find_code(o.code_insee));
        for (auto& z : o.zone_eligibilite)
            REQUIRE((z == "france" || g.is_epci(z) || g.is_departement(z) || g.find_code(z)));
        sources.insert(o.source);
        themes.insert(o.thematiques.begin(), o.thematiques.end());
    }
    CHECK(sources == std::set<std::string>{"gen", "gen-cd35", "gen-dora"});
    CHECK(themes.size() == Taxonomy::builtin().thematiques().size());  // every theme is used
}

TEST_CASE("Generated places are real communes, near their centres", "[generator]") {
    const Catalogue& c = generated_100k();
    const Gazetteer& g = real_gazetteer();
    std::map<std::string, const Structure*> structures;
    for (auto& s : c.structures) structures[s.id] = &s;
    double farthest = 0;
    for (const Offer& o : c.offers) {
        const Commune commune = g.commune(*g.find_code(o.code_insee));
        REQUIRE(commune.is_current());
        REQUIRE(structures.at(o.structure_id)->code_insee == o.code_insee);
        const std::vector<std::string_view> postcodes = commune.postcodes();
        if (!postcodes.empty())
            REQUIRE(std::count(postcodes.begin(), postcodes.end(), o.code_postal) == 1);
        if (auto at = o.location())
            farthest = std::max(farthest, distance_km(*at, *commune.centre));
    }
    for (const Structure& s : c.structures)
        if (s.latitude && s.longitude)
            farthest =
                std::max(farthest, distance_km({*s.latitude, *s.longitude},
                                               *g.commune(*g.find_code(s.code_insee)).centre));
    CHECK(farthest < 30);
    const double per_offer = share(c.structures.size(), c.offers.size());
    CHECK((per_offer > 0.25 && per_offer < 0.5));
}

TEST_CASE("Generated shares follow the intended distribution", "[generator]") {
    const Catalogue& c = generated_100k();
    const Gazetteer& g = real_gazetteer();
    size_t remote_only = 0, both = 0, unlocated = 0, everyone = 0, paris = 0;
    std::map<std::string, size_t> zones, remote_zones;
    size_t in_person = 0;
    for (const Offer& o : c.offers) {
        std::map<std::string, size_t>& tally = o.is_remote() ? remote_zones : zones;
        in_person += !o.is_remote();
        remote_only += o.is_remote() && !o.is_in_person();
        both += o.is_remote() && o.is_in_person();
        unlocated += !o.location();
        everyone += o.publics == std::vector<std::string>{"tous-publics"};
        paris += o.code_insee.rfind("751", 0) == 0;
        const Commune commune = g.commune(*g.find_code(o.code_insee));
        if (o.zone_eligibilite.empty())
            ++tally["none"];
        else if (o.zone_eligibilite[0] == "france")
            ++tally["france"];
        else if (o.zone_eligibilite[0] == commune.departement)
            ++tally["departement"];
        else if (o.zone_eligibilite[0] == commune.epci)
            ++tally["epci"];
        else if (o.zone_eligibilite[0] == commune.code || o.zone_eligibilite[0] == commune.parent)
            ++tally["commune"];
        else
            FAIL("zone " << o.zone_eligibilite[0] << " of " << o.id << " is not its place's");
    }
    const size_t n = c.offers.size();
    CHECK(share(remote_only, n) == Approx(0.06).margin(0.005));
    CHECK(share(both, n) == Approx(0.04).margin(0.005));
    CHECK(share(unlocated, n) == Approx(0.03).margin(0.008));
    CHECK(share(everyone, n) == Approx(0.2).margin(0.01));
    CHECK(share(zones["none"], in_person) == Approx(0.55).margin(0.01));
    CHECK(share(zones["commune"], in_person) == Approx(0.15).margin(0.01));
    CHECK(share(zones["epci"], in_person) == Approx(0.10).margin(0.01));
    CHECK(share(zones["departement"], in_person) == Approx(0.15).margin(0.01));
    CHECK(share(zones["france"], in_person) == Approx(0.05).margin(0.005));
    // Services at a distance are mostly for a territory; about 5 % are open to all of France.
    const size_t remote = n - in_person;
    CHECK(share(remote_zones["none"], remote) == Approx(0.03).margin(0.01));
    CHECK(share(remote_zones["commune"], remote) == Approx(0.10).margin(0.015));
    CHECK(share(remote_zones["epci"], remote) == Approx(0.25).margin(0.03));
    CHECK(share(remote_zones["departement"], remote) == Approx(0.60).margin(0.03));
    CHECK(share(remote_zones["france"], remote) == Approx(0.02).margin(0.01));

    // Offers follow population: Paris's arrondissements hold about their share of it.
    long total = 0, paris_population = 0;
    for (uint32_t i = 0; i < g.size(); ++i) {
        const Commune commune = g.commune(i);
        if (!commune.is_current() || !commune.centre || !g.arrondissements(i).empty()) continue;
        total += std::max(0L, commune.population);
        if (commune.code.rfind("751", 0) == 0) paris_population += commune.population;
    }
    CHECK(share(paris, n) == Approx(static_cast<double>(paris_population) / total).epsilon(0.08));
}
