// The gazetteer on the real COG 2026 tables (../shared/data/gazetteer).

#include "cartoffre/gazetteer.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"
#include "text/text.hpp"

using namespace cartoffre;
using namespace cartoffre::testing;

namespace {

Commune only_commune(const Gazetteer& g, const Place& p) {
    REQUIRE(p.communes.size() >= 1);
    return g.commune(p.communes[0]);
}

std::string resolve_error(const Gazetteer& g, const std::string& text) {
    try {
        g.resolve(text);
    } catch (const PlaceError& e) {
        return e.what();
    }
    return "(no error)";
}

std::set<std::string> codes_of(const Gazetteer& g, const std::vector<uint32_t>& communes) {
    std::set<std::string> out;
    for (uint32_t c : communes) out.emplace(g.commune(c).code);
    return out;
}

}  // namespace

TEST_CASE("The real gazetteer holds every row of the COG tables", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    // 34,969 current communes, 45 arrondissements, 2,105 delegated, 471 associated.
    REQUIRE(g.size() == 37590);
    size_t current = 0;
    for (uint32_t i = 0; i < g.size(); ++i) current += g.commune(i).is_current();
    REQUIRE(current == 34969 + 45);
    CHECK(g.departement_name("2A") == "Corse-du-Sud");
    CHECK(g.departement_name("974") == "La Réunion");
    CHECK(g.region_name("11") == "Île-de-France");
    CHECK(g.is_epci("200054781"));  // Métropole du Grand Paris
    CHECK_FALSE(g.is_epci("123456789"));
}

TEST_CASE("Distances between commune centres are great-circle distances", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    // One degree of latitude on the mean sphere: pi / 180 * 6371.0088 km.
    CHECK(distance_km({45, 2}, {46, 2}) == Approx(111.195).margin(0.001));
    const auto hazebrouck = g.commune(*g.find_code("59295")).centre;
    const auto lille = g.commune(*g.find_code("59350")).centre;
    // The issue quotes "about 38.8 km"; the COG 2026 centres (itou-2024) are 37.5 km apart.
    CHECK(distance_km(*hazebrouck, *lille) == Approx(37.5).margin(0.1));
    const auto paris = g.commune(*g.find_code("75056")).centre;
    const auto marseille = g.commune(*g.find_code("13055")).centre;
    CHECK(distance_km(*paris, *marseille) == Approx(661).margin(5));
}

TEST_CASE("A commune name resolves whatever its case, accents, hyphens and Saint spelling",
          "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    for (const char* typed :
         {"saint etienne", "St-Étienne", "SAINT-ETIENNE", "st etienne", "Saint Étienne (42)"}) {
        INFO(typed);
        Place p = g.resolve(typed);
        CHECK(p.kind == Place::Kind::commune);
        CHECK(only_commune(g, p).code == "42218");
    }
    CHECK(only_commune(g, g.resolve("melun")).code == "77288");
    CHECK(only_commune(g, g.resolve("L'Île-Saint-Denis")).code == "93039");
    CHECK(only_commune(g, g.resolve("ste genevieve des bois (91)")).code == "91549");
}

TEST_CASE("An ambiguous bare name lists every candidate with its département", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    const std::string message = resolve_error(g, "Saint-Denis");
    for (const char* label :
         {"Saint-Denis (11)", "Saint-Denis (30)", "Saint-Denis (93)", "Saint-Denis (974)"}) {
        INFO(message);
        CHECK(message.find(label) != std::string::npos);
    }
    Place reunion = g.resolve("Saint-Denis (974)");
    CHECK(only_commune(g, reunion).code == "97411");
    REQUIRE(reunion.origins.size() == 1);
    CHECK(reunion.origins[0].lat == Approx(-20.9).margin(0.1));
    // 93066 is both the current commune and a delegated one of the same name: not ambiguous.
    CHECK(only_commune(g, g.resolve("Saint-Denis (93)")).type == "commune-actuelle");
}

TEST_CASE("Corsica and overseas codes resolve", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    CHECK(only_commune(g, g.resolve("2A004")).name == "Ajaccio");
    CHECK(only_commune(g, g.resolve("2a004")).name == "Ajaccio");
    CHECK(only_commune(g, g.resolve("Bastia")).departement == "2B");
    CHECK(only_commune(g, g.resolve("Cayenne")).departement == "973");
    CHECK(only_commune(g, g.resolve("insee:97411")).name == "Saint-Denis");
}

TEST_CASE("Arrondissements and postcodes of Paris, Lyon and Marseille fall inside their city",
          "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    Place cp = g.resolve("75011");
    CHECK(cp.kind == Place::Kind::postcode);
    CHECK(codes_of(g, cp.communes) == std::set<std::string>{"75111"});
    Place arrondissement = g.resolve("75111");
    CHECK(only_commune(g, arrondissement).parent == "75056");
    CHECK(only_commune(g, arrondissement).epci == g.commune(*g.find_code("75056")).epci);
    // Paris as a commune covers its 20 arrondissements.
    Place paris = g.resolve("Paris");
    CHECK(paris.communes.size() == 21);
    CHECK(codes_of(g, paris.communes).count("75111") == 1);
    CHECK(g.resolve("Lyon").communes.size() == 10);
    CHECK(g.resolve("Marseille").communes.size() == 17);
    CHECK(only_commune(g, g.resolve("Paris 11")).code == "75111");
}

TEST_CASE(
    "A five-digit string that is both a postcode and an INSEE code reads as a postcode "
    "and says so",
    "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    Place as_postcode = g.resolve("13001");
    CHECK(as_postcode.kind == Place::Kind::postcode);
    CHECK(codes_of(g, as_postcode.communes) == std::set<std::string>{"13201"});
    REQUIRE(as_postcode.notices.size() == 1);
    CHECK(as_postcode.notices[0].find("Aix-en-Provence") != std::string::npos);
    CHECK(as_postcode.notices[0].find("insee:13001") != std::string::npos);
    CHECK(only_commune(g, g.resolve("insee:13001")).name == "Aix-en-Provence");
    CHECK(codes_of(g, g.resolve("cp:13001").communes) == std::set<std::string>{"13201"});

    // Count the strings that are both (codes of current and former communes), as the issue
    // does, and check each gets a notice unless
    // the postcode covers that very commune.
    size_t both = 0, noticed = 0;
    std::set<std::string> seen;
    for (uint32_t i = 0; i < g.size(); ++i) {
        const Commune c = g.commune(i);
        if (!seen.emplace(c.code).second) continue;
        if (g.find_postcode(c.code).empty()) continue;
        ++both;
        Place p = g.resolve(c.code);
        CHECK(p.kind == Place::Kind::postcode);
        if (!p.notices.empty()) ++noticed;
    }
    CHECK(both == 3203);
    CHECK(noticed > 3000);
}

TEST_CASE("A postcode covers all its communes", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    Place p = g.resolve("77000");
    std::set<std::string> codes = codes_of(g, p.communes);
    CHECK(codes.count("77288") == 1);  // Melun
    CHECK(codes.size() >= 3);
    CHECK(p.origins.size() == codes.size());
    CHECK(codes_of(g, g.find_postcode("77000")) == codes);
}

TEST_CASE("Coordinates resolve to a point with its nearest commune", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    Place p = g.resolve("48.5421, 2.6554");
    CHECK(p.kind == Place::Kind::point);
    REQUIRE(p.zone_commune);
    CHECK(g.commune(*p.zone_commune).code == "77288");  // Melun
    CHECK(p.communes.empty());
    // Brute-force oracle for the nearest commune centre.
    for (LatLon q : {LatLon{43.3, 5.4}, LatLon{50.63, 3.06}, LatLon{-21.1, 55.5},
                     LatLon{42.7, 9.45}, LatLon{46.0, 0.5}}) {
        uint32_t best = 0;
        double best_km = 1e9;
        for (uint32_t c = 0; c < g.size(); ++c) {
            const Commune commune = g.commune(c);
            if (!commune.is_current() || !commune.centre) continue;
            if (double d = distance_km(q, *commune.centre); d < best_km) best = c, best_km = d;
        }
        CHECK(distance_km(q, *g.commune(*g.nearest(q)).centre) == Approx(best_km));
        CHECK(*g.nearest(q) == best);
    }
}

TEST_CASE("Bad places get errors that name what is wrong", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    CHECK(resolve_error(g, "Meluun").find("vouliez-vous dire « Melun (77) »") != std::string::npos);
    CHECK(resolve_error(g, "91.5,2.3").find("coordonnées invalides") != std::string::npos);
    CHECK(resolve_error(g, "48.5,200").find("coordonnées invalides") != std::string::npos);
    CHECK(resolve_error(g, "99999").find("code postal ou code INSEE inconnu « 99999 »") !=
          std::string::npos);
    CHECK(resolve_error(g, "Melun (13)").find("vouliez-vous dire") == std::string::npos);
    CHECK(resolve_error(g, "Melun (13)").find("lieu inconnu « Melun (13) »") != std::string::npos);
    CHECK(resolve_error(g, "Melun (00)").find("département inconnu « 00 »") != std::string::npos);
    CHECK(resolve_error(g, "cp:77288").find("code postal inconnu « 77288 »") != std::string::npos);
    CHECK(resolve_error(g, "  ").find("lieu vide") != std::string::npos);
    CHECK(g.suggest("Hazebrouk").at(0) == "Hazebrouck (59)");
}

TEST_CASE("A commune without a known centre finds only offers located in it", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    Place p = g.resolve("insee:85165");  // L'Oie: no coordinates in the COG file
    CHECK(p.origins.empty());
    CHECK(p.communes.size() == 1);
    REQUIRE(p.notices.size() == 1);
    CHECK(p.notices[0].find("pas de centre connu") != std::string::npos);
}

TEST_CASE("A saved gazetteer loads back identical", "[gazetteer]") {
    const Gazetteer& g = real_gazetteer();
    TempDir dir("gazetteer");
    g.save(dir.path() / "gazetteer.bin");
    Gazetteer copy = Gazetteer::load(dir.path() / "gazetteer.bin");
    REQUIRE(copy.size() == g.size());
    for (uint32_t i = 0; i < g.size(); ++i) {
        const Commune a = g.commune(i), b = copy.commune(i);
        REQUIRE(a.code == b.code);
        REQUIRE(a.name == b.name);
        REQUIRE(a.epci == b.epci);
        REQUIRE(a.postcodes() == b.postcodes());
        REQUIRE(a.population == b.population);
        REQUIRE(a.centre.has_value() == b.centre.has_value());
        if (a.centre) REQUIRE(distance_km(*a.centre, *b.centre) < 0.001);
    }
    CHECK(copy.departement_name("2B") == "Haute-Corse");
    CHECK(copy.epci_name("200054781") == g.epci_name("200054781"));
    CHECK(only_commune(copy, copy.resolve("St-Étienne")).code == "42218");
}

TEST_CASE("A malformed geography file is reported with its line", "[gazetteer]") {
    TempDir dir("gazetteer");
    const auto source = shared_data_dir() / "gazetteer";
    for (auto name : {"departements_fr_2026.csv", "regions_fr_2026.csv", "epci_fr_2026.csv"})
        std::filesystem::copy_file(source / name, dir.path() / name);
    std::ofstream(dir.path() / "communes_fr_2026.csv")
        << "code_insee,nom,type,chef_lieu,codes_postaux,departement,region,epci,siren,population,"
           "zone,latitude,longitude,coord_source\n"
        << "77288,Melun,commune-actuelle,,77000,77,11,200072130,217702885,41000,metro,48.54,2.66,"
           "x\n"
        << "77289,Bad,commune-actuelle,,77000,77,11,,,10,metro,48°32',2.66,x\n";
    try {
        Gazetteer::load_csv(dir.path());
        FAIL("no error");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("communes_fr_2026.csv:3 : champ latitude : valeur "
                                         "« 48°32' » : nombre décimal attendu") !=
              std::string::npos);
    }
    CHECK_THROWS_AS(Gazetteer::load_csv(dir.path() / "missing"), DataError);
}

namespace {

std::vector<std::string> completed_labels(const Gazetteer& g, std::string_view prefix,
                                          size_t max = 10) {
    std::vector<std::string> out;
    for (auto& p : g.complete(prefix, max)) out.push_back(p.label);
    return out;
}

}  // namespace

TEST_CASE("Completion proposes the most populous places whose folded name starts so",
          "[gazetteer][complete]") {
    const Gazetteer& g = real_gazetteer();
    auto mel = completed_labels(g, "mel");
    REQUIRE(mel.size() == 10);
    CHECK(std::find(mel.begin(), mel.begin() + 3, "Melun (77)") != mel.begin() + 3);
    CHECK(completed_labels(g, "st eti", 1) == std::vector<std::string>{"Saint-Étienne (42)"});
    CHECK(completed_labels(g, "SAINT-ÉTI", 1) == completed_labels(g, "st eti", 1));
    // A last "st" may still be Strasbourg: both readings are proposed.
    auto st = completed_labels(g, "st", 40);
    CHECK(std::find(st.begin(), st.end(), "Strasbourg (67)") != st.end());
    CHECK(std::find(st.begin(), st.end(), "Saint-Étienne (42)") != st.end());
    // Oracle: every current commune or arrondissement whose folded name starts with "beau"
    // is proposed, the most populous first, and nothing else.
    std::vector<std::tuple<long, std::string, std::string>> expected;
    for (uint32_t i = 0; i < g.size(); ++i)
        if (const Commune c = g.commune(i);
            c.is_current() && detail::fold(c.name).rfind("beau", 0) == 0)
            expected.emplace_back(-c.population, std::string(c.code),
                                  std::string(c.name) + " (" + std::string(c.departement) + ")");
    std::sort(expected.begin(), expected.end());
    REQUIRE(expected.size() > 100);
    std::vector<std::string> expected_labels;
    for (auto& e : expected) expected_labels.push_back(std::get<2>(e));
    CHECK(completed_labels(g, "Beau", 1000) == expected_labels);
    CHECK(g.complete("", 10).empty());
    CHECK(g.complete("zzzzqx", 10).empty());
    CHECK(g.complete("mel", 0).empty());
}

TEST_CASE("Completion reads the start of a postcode or an INSEE code", "[gazetteer][complete]") {
    const Gazetteer& g = real_gazetteer();
    // The five communes of postcodes 770xx (Melun's 77000 and Collégien's 77090).
    auto found = g.complete("770", 20);
    REQUIRE(found.size() == 5);
    for (auto& p : found) {
        CHECK(g.commune(p.commune).departement == "77");
        CHECK(p.postcode.rfind("770", 0) == 0);
    }
    CHECK(found[0].label == "Melun (77)");
    CHECK(found[0].postcode == "77000");
    auto seine_et_marne = g.complete("77", 600);
    CHECK(seine_et_marne.size() == 507);
    for (auto& p : seine_et_marne) CHECK(p.postcode.rfind("77", 0) == 0);
    // 75011 is Paris 11e by its postcode; 77288 is Melun's INSEE code.
    auto paris11 = g.complete("75011", 5);
    REQUIRE(paris11.size() == 1);
    CHECK(g.commune(paris11[0].commune).code == "75111");
    auto melun = g.complete("77288", 5);
    REQUIRE(melun.size() == 1);
    CHECK(melun[0].label == "Melun (77)");
    CHECK(melun[0].postcode.empty());
    CHECK(g.complete("2a00", 3).at(0).label == "Ajaccio (2A)");
}

TEST_CASE("Completion keeps one département and proposes what resolve reads back",
          "[gazetteer][complete]") {
    const Gazetteer& g = real_gazetteer();
    auto saint_denis = g.complete("saint-denis (93", 3);
    REQUIRE_FALSE(saint_denis.empty());
    CHECK(saint_denis[0].label == "Saint-Denis (93)");
    for (auto& p : g.complete("saint (97", 50))
        CHECK(g.commune(p.commune).departement.rfind("97", 0) == 0);
    // Every proposal resolves to its very commune, through the label or the INSEE code.
    for (const char* prefix : {"saint", "paris", "lyon", "marseille", "ste", "bo", "770", "2b"})
        for (auto& p : g.complete(prefix, 30)) {
            const Place place = g.resolve(p.place);
            REQUIRE(place.communes.size() >= 1);
            CHECK(place.communes[0] == p.commune);
        }
}

// Issue 15: places as people type them, on the real COG.

TEST_CASE("A name with its département or postcode beside it, as on an address, resolves",
          "[gazetteer][typed]") {
    const Gazetteer& g = real_gazetteer();
    for (const char* typed : {"saint denis 93", "Saint-Denis 93", "st denis, 93",
                              "93200 Saint-Denis", "saint denis 93200"}) {
        INFO(typed);
        CHECK(only_commune(g, g.resolve(typed)).code == "93066");
    }
    CHECK(only_commune(g, g.resolve("st-denis (974)")).code == "97411");
    CHECK(only_commune(g, g.resolve("st denis 974")).code == "97411");
    CHECK(only_commune(g, g.resolve("Roubaix 59100")).code == "59512");
    CHECK(only_commune(g, g.resolve("59100 Roubaix")).code == "59512");
    // A postcode of arrondissements names the arrondissement, not the whole city.
    CHECK(codes_of(g, g.resolve("Paris 75011").communes) == std::set<std::string>{"75111"});
    CHECK(codes_of(g, g.resolve("Marseille 13001").communes) == std::set<std::string>{"13201"});
    CHECK(codes_of(g, g.resolve("Lyon 69007").communes) == std::set<std::string>{"69387"});
    // An arrondissement's number is not a département: "Paris 11" is not a Paris of the Aude.
    for (const char* typed : {"Paris 11", "Paris 11e", "paris 11E"})
        CHECK(only_commune(g, g.resolve(typed)).code == "75111");
    CHECK(only_commune(g, g.resolve("Marseille 3e")).code == "13203");
    CHECK(only_commune(g, g.resolve("Lyon 7")).code == "69387");
    // A code that does not go with the name says so.
    CHECK(resolve_error(g, "Roubaix 75011")
              .find("aucune commune nommée « Roubaix » n'a le code "
                    "postal 75011") != std::string::npos);
    CHECK(resolve_error(g, "Melun 13").find("lieu inconnu « Melun 13 »") != std::string::npos);
}

TEST_CASE("A homonym ten times as populous as the others is chosen with a notice naming them",
          "[gazetteer][typed]") {
    const Gazetteer& g = real_gazetteer();
    Place rochelle = g.resolve("La Rochelle");  // 79,851 people; La Rochelle (70): 40
    CHECK(only_commune(g, rochelle).code == "17300");
    REQUIRE(rochelle.notices.size() == 1);
    CHECK(rochelle.notices[0].find("La Rochelle (17) ; aussi La Rochelle (70)") !=
          std::string::npos);
    CHECK(only_commune(g, g.resolve("Valence")).code == "26362");  // 64,458 against 5,289
    CHECK(only_commune(g, g.resolve("Montreuil")).code == "93048");
    // Not ten times: still asked (Saint-Denis (974) 153,000, Saint-Denis (93) 113,000).
    CHECK(resolve_error(g, "Saint-Denis").find("lieu ambigu") != std::string::npos);
    // The département still picks any of them, without a notice.
    Place other = g.resolve("La Rochelle (70)");
    CHECK(only_commune(g, other).code == "70450");
    CHECK(other.notices.empty());
}

TEST_CASE("A short name stands for the far more populous commune it begins, with a notice",
          "[gazetteer][typed]") {
    const Gazetteer& g = real_gazetteer();
    Place evry = g.resolve("Evry");
    CHECK(only_commune(g, evry).code == "91228");
    REQUIRE(evry.notices.size() == 1);
    CHECK(evry.notices[0].find("Évry-Courcouronnes (91) ; aussi Évry (89)") != std::string::npos);
    Place aix = g.resolve("Aix");
    CHECK(only_commune(g, aix).code == "13001");
    REQUIRE(aix.notices.size() == 1);
    for (const char* other : {"Aix (19)", "Aix-les-Bains (73)"}) {
        INFO(aix.notices[0]);
        CHECK(aix.notices[0].find(other) != std::string::npos);
    }
    CHECK(only_commune(g, g.resolve("Evry (89)")).code == "89162");
    CHECK(only_commune(g, g.resolve("Aix (19)")).code == "19002");
    // No commune dominates: the name as typed, as before (Villeneuve-d'Ascq is not three times
    // Villeneuve-Saint-Georges), or the question.
    CHECK(only_commune(g, g.resolve("Melun")).code == "77288");
    CHECK(g.resolve("Melun").notices.empty());
    CHECK(g.resolve("Paris").communes.size() == 21);
    CHECK(g.resolve("Paris").notices.empty());
    CHECK(resolve_error(g, "Villeneuve").find("lieu ambigu") != std::string::npos);
}
