// The index on small hand-made catalogues around real places: the rules of a search one by one,
// generations, and errors.

#include <atomic>
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"
#include "support/hand_offers.hpp"

using namespace cartoffre;

namespace {

using testing::offer;

std::set<std::string> ids(const Results& r) {
    std::set<std::string> out;
    for (auto& h : r.hits) out.insert(h.offer.id);
    return out;
}

Index build(const testing::TempDir& dir, std::vector<Offer> offers, BuildReport* report = nullptr) {
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    BuildReport r = Index::build(dir.path(), std::move(offers), options);
    if (report) *report = r;
    return Index::open(dir.path());
}

// Melun (77288) centre 48.5421,2.6554; Dammarie-les-Lys (77152) next door; Fontainebleau
// (77186) about 15 km south; Corsica and Réunion far away.
std::vector<Offer> around_melun() {
    return {
        offer("melun-centre", "Auto-école sociale de Melun", LatLon{48.5400, 2.6600}, "77288"),
        offer("dammarie", "Atelier permis à Dammarie", LatLon{48.5160, 2.6370}, "77152"),
        offer("fontainebleau", "Garage solidaire", LatLon{48.4047, 2.7016}, "77186"),
        // Located in Melun by its commune code but geocoded far away (a bad geocode, kept).
        offer("melun-far", "Plateforme mobilité de Melun", LatLon{48.90, 2.20}, "77288"),
        offer("no-coordinates", "Vélo-école de Melun", std::nullopt, "77288"),
        offer("ajaccio", "Mobilité Ajaccio", LatLon{41.9267, 8.7369}, "2A004"),
        offer("reunion", "Permis La Réunion", LatLon{-20.8821, 55.4507}, "97411"),
    };
}

}  // namespace

TEST_CASE("An offer located in the searched commune is inside whatever its distance") {
    testing::TempDir dir("index-commune");
    Index index = build(dir, around_melun());
    Query q;
    q.place = "Melun";
    q.radius_km = 5;
    Results r = index.search(q);
    CHECK(ids(r) == std::set<std::string>{"test--melun-centre", "test--dammarie", "test--melun-far",
                                          "test--no-coordinates"});
    q.place = "48.5421,2.6554";  // the same centre as a point: no commune rule
    CHECK(ids(index.search(q)).count("test--melun-far") == 0);
}

TEST_CASE("An offer without coordinates is placed at its commune's centre and flagged") {
    testing::TempDir dir("index-centre");
    BuildReport report;
    Index index = build(dir, around_melun(), &report);
    CHECK(report.placed_at_commune_centre == 1);
    auto o = index.get("test--no-coordinates");
    REQUIRE(o);
    CHECK(o->location_approximate);
    CHECK(*o->latitude == Approx(48.54).margin(0.02));
}

TEST_CASE("Distances are measured from the commune centre and sorted nearest first") {
    testing::TempDir dir("index-distance");
    Index index = build(dir, around_melun());
    Query q;
    q.place = "insee:77288";
    q.radius_km = 30;
    Results r = index.search(q);
    REQUIRE(r.hits.size() >= 3);
    CHECK(r.hits[0].offer.id == "test--no-coordinates");  // at the centre itself
    CHECK(*r.hits[0].distance_km == 0.0);
    auto fontainebleau = std::find_if(r.hits.begin(), r.hits.end(), [](const Hit& h) {
        return h.offer.id == "test--fontainebleau";
    });
    REQUIRE(fontainebleau != r.hits.end());
    CHECK(*fontainebleau->distance_km == Approx(15.4).margin(0.6));
}

TEST_CASE("Corsica and overseas places find their own offers") {
    testing::TempDir dir("index-overseas");
    Index index = build(dir, around_melun());
    Query q;
    q.place = "2A004";
    q.radius_km = 10;
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--ajaccio"});
    q.place = "Saint-Denis (974)";
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--reunion"});
}

TEST_CASE("An offer with eligibility zones is returned only inside them") {
    testing::TempDir dir("index-zones");
    auto offers = around_melun();
    offers[0].zone_eligibilite = {"77"};         // Seine-et-Marne
    offers[1].zone_eligibilite = {"200072130"};  // an EPCI Melun is not in
    offers[2].zone_eligibilite = {"77288"};      // Melun only
    Index index = build(dir, offers);
    Query q;
    q.place = "Melun";
    q.radius_km = 30;
    auto found = ids(index.search(q));
    CHECK(found.count("test--melun-centre") == 1);
    CHECK(found.count("test--dammarie") == 0);
    CHECK(found.count("test--fontainebleau") == 1);
    q.place = "Fontainebleau";
    found = ids(index.search(q));
    CHECK(found.count("test--melun-centre") == 1);
    CHECK(found.count("test--fontainebleau") == 0);  // zone is Melun, searched Fontainebleau
}

TEST_CASE("Remote offers are included, excluded or alone as asked, without distance") {
    testing::TempDir dir("index-remote");
    auto offers = around_melun();
    Offer phone = offer("phone", "Permis par téléphone", std::nullopt);
    phone.modes_accueil = {"a-distance"};
    offers.push_back(phone);
    Index index = build(dir, offers);
    Query q;
    q.place = "Melun";
    q.radius_km = 5;
    Results r = index.search(q);
    CHECK(ids(r).count("test--phone") == 1);
    CHECK_FALSE(r.hits.back().distance_km.has_value());  // no distance: last by distance
    q.remote = Remote::exclude;
    CHECK(ids(index.search(q)).count("test--phone") == 0);
    q.remote = Remote::only;
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--phone"});

    // Without a place: every offer, the remote ones as asked, filters still apply.
    q.place.clear();
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--phone"});
    q.remote = Remote::exclude;
    CHECK(index.search(q).total == offers.size() - 1);
    q.remote = Remote::include;
    CHECK(index.search(q).total == offers.size());
    q.text = "garage";
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--fontainebleau"});
    q.text = "permis";  // in every offer's thématique
    CHECK(index.search(q).total == offers.size());
    q.thematiques = {"famille"};
    CHECK(index.search(q).total == 0);
}

TEST_CASE("A category filter matches every sub-theme of the category") {
    testing::TempDir dir("index-category");
    auto offers = around_melun();
    offers[1].thematiques = {"famille--garde-denfants"};
    Index index = build(dir, offers);
    Query q;
    q.place = "Melun";
    q.thematiques = {"mobilite"};
    CHECK(ids(index.search(q)).count("test--dammarie") == 0);
    q.thematiques = {"famille"};
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--dammarie"});
    q.thematiques = {"familles"};
    CHECK_THROWS_AS(index.search(q), QueryError);
}

TEST_CASE("Offers with unknown codes or duplicate ids are rejected and reported, not lost") {
    testing::TempDir dir("index-reject");
    auto offers = around_melun();
    offers[0].thematiques = {"mobilite--voler"};
    offers[1].zone_eligibilite = {"xyz"};
    offers.push_back(offers[2]);
    BuildReport report;
    Index index = build(dir, offers, &report);
    CHECK(report.read == 8);
    CHECK(report.rejected == 3);
    CHECK(report.loaded == 5);
    CHECK(report.loaded + report.rejected == report.read);
    REQUIRE(report.errors.size() == 3);
    CHECK_THAT(report.errors[0] + report.errors[1] + report.errors[2],
               Catch::Contains("thematiques") && Catch::Contains("mobilite--voler") &&
                   Catch::Contains("zone_eligibilite") && Catch::Contains("en double"));
}

TEST_CASE("Bad queries get clear errors") {
    testing::TempDir dir("index-errors");
    Index index = build(dir, around_melun());
    Query q;
    q.place = "Melun";
    q.radius_km = -3;
    CHECK_THROWS_WITH(index.search(q), Catch::Contains("rayon invalide"));
    q.radius_km = 10;
    q.place = "Nulle-Part-sur-Mer";
    CHECK_THROWS_AS(index.search(q), PlaceError);
    q.place = "Saint-Denis";
    CHECK_THROWS_WITH(index.search(q), Catch::Contains("(974)"));
    q.place = "Melun";
    q.cursor = "garbage";
    CHECK_THROWS_AS(index.search(q), QueryError);
    q.cursor.clear();
    q.point = LatLon{48.5, 2.6};
    CHECK_THROWS_AS(index.search(q), QueryError);  // place and point together
    CHECK_THROWS_AS(Index::open(dir.path() / "missing"), IndexError);
}

TEST_CASE("Damaged files (units, lists, trees, zones, rules) are IndexErrors naming the file") {
    testing::TempDir dir("index-damaged");
    auto offers = around_melun();
    offers[0].zone_eligibilite = {"77"};  // zones.bin holds something to cut
    offers[1].zone_eligibilite = {"77", "77288"};
    build(dir, offers);
    const auto generation = dir.path() / "gen-000001";
    auto read = [](const std::filesystem::path& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    auto write = [](const std::filesystem::path& file, const std::string& bytes) {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    };
    Query around;
    around.place = "Melun";
    around.radius_km = 30;
    const size_t found = Index::open(dir.path()).search(around).total;
    REQUIRE(found > 0);
    for (const char* name : {"units.bin", "lists.bin", "trees.bin", "zones.bin"}) {
        const auto file = generation / name;
        const std::string good = read(file);
        for (size_t cut : {size_t{0}, good.size() / 2, good.size() - 4}) {
            write(file, good.substr(0, cut));
            INFO(name << " cut at " << cut);
            CHECK_THROWS_WITH(Index::open(dir.path()), Catch::Contains(file.string()));
        }
        write(file, good);
    }
    // An offer position beyond the index, in a list (checked at open) and in a tree entry
    // (checked when read). A section's offset is in the table after the 32-byte header.
    const auto lists = generation / "lists.bin", trees = generation / "trees.bin";
    const std::string good_lists = read(lists), good_trees = read(trees);
    // Every `stride` bytes of a section, from byte `at`, becomes offer 7.
    auto with_position_7 = [](std::string bytes, size_t section, size_t at, size_t stride) {
        uint64_t offset, size;
        std::memcpy(&offset, bytes.data() + 32 + 16 * section, sizeof offset);
        std::memcpy(&size, bytes.data() + 32 + 16 * section + 8, sizeof size);
        const uint32_t beyond = 7;
        for (; at < size; at += stride) std::memcpy(bytes.data() + offset + at, &beyond, 4);
        return bytes;
    };
    write(lists, with_position_7(good_lists, 1, 0, 8));  // the offers listed by commune
    CHECK_THROWS_WITH(Index::open(dir.path()),
                      Catch::Contains(lists.string()) && Catch::Contains("offre 7 sur 7"));
    write(lists, good_lists);
    write(trees, with_position_7(good_trees, 0, 16, 24));  // the positions of all offers' tree
    const Index damaged = Index::open(dir.path());
    CHECK_THROWS_WITH(damaged.search(around),
                      Catch::Contains(trees.string()) && Catch::Contains("offre 7 sur 7"));
    write(trees, good_trees);
    // Rules whose extra bytes (closures, hours) would end beyond rules_extra.bin: checked when
    // a search reads them.
    const auto rules = generation / "rules.bin";
    const std::string good_rules = read(rules);
    std::string bad_rules = good_rules;
    const uint32_t far = 1u << 30;
    for (size_t at = 8; at + 4 <= bad_rules.size(); at += 36) std::memcpy(&bad_rules[at], &far, 4);
    write(rules, bad_rules);
    Query available = around;
    available.available = true;
    CHECK_THROWS_WITH(Index::open(dir.path()).search(available),
                      Catch::Contains(rules.string()) && Catch::Contains("au-delà"));
    write(rules, good_rules);
    CHECK(Index::open(dir.path()).search(around).total == found);
    CHECK(Index::open(dir.path()).search(available).total > 0);
}

TEST_CASE("A cursor from one query is refused by another") {
    testing::TempDir dir("index-cursor");
    Index index = build(dir, around_melun());
    Query q;
    q.place = "Melun";
    q.radius_km = 30;
    q.limit = 1;
    Results first = index.search(q);
    REQUIRE_FALSE(first.next_cursor.empty());
    q.cursor = first.next_cursor;
    Results second = index.search(q);
    CHECK(second.hits.at(0).offer.id != first.hits.at(0).offer.id);
    q.radius_km = 31;
    CHECK_THROWS_WITH(index.search(q), Catch::Contains("une autre recherche"));
}

TEST_CASE("A reader keeps its generation while a new one is built and switched") {
    testing::TempDir dir("index-generations");
    Index old_index = build(dir, around_melun());
    auto offers = around_melun();
    offers.resize(2);
    Index new_index = build(dir, offers);
    CHECK(new_index.generation() != old_index.generation());
    CHECK(new_index.size() == 2);
    CHECK(old_index.size() == 7);
    Query q;
    q.place = "Melun";
    q.radius_km = 50;
    CHECK(old_index.search(q).total == 5);  // still the old catalogue (Corsica and Réunion are far)
    CHECK(new_index.search(q).total == 2);
    // A third build removes the first generation's directory; the old reader still answers.
    build(dir, around_melun());
    CHECK(old_index.search(q).total == 5);
    CHECK(old_index.get("test--reunion").has_value());
}

TEST_CASE("A build interrupted before the switch leaves the previous generation current") {
    testing::TempDir dir("index-crash");
    Index before = build(dir, around_melun());
    // What a crash mid-build leaves: a half-written temporary generation directory.
    std::filesystem::create_directories(dir.path() / "gen-000002.tmp" / "text");
    { std::ofstream(dir.path() / "gen-000002.tmp" / "columns.bin") << "partial"; }
    Index after = Index::open(dir.path());
    CHECK(after.generation() == before.generation());
    CHECK(after.size() == 7);
    auto offers = around_melun();
    offers[0].thematiques = {"nope"};
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    options.text_data_dir = dir.path() / "no-such-dir";  // the text index cannot be written
    CHECK_THROWS(Index::build(dir.path(), offers, options));
    CHECK(Index::open(dir.path()).generation() == before.generation());
    CHECK(Index::open(dir.path()).size() == 7);
}

TEST_CASE("Many threads searching one index at once get the answers of one thread") {
    static const testing::GeneratedIndex generated(5000, 99);
    const std::vector<std::string> places{"Paris", "Lyon", "insee:13055", "59000", "Rennes"};
    const std::vector<std::string> words{"", "emploi", "permis", "logement", "crèche"};
    std::vector<Query> queries;
    for (size_t i = 0; i < 25; ++i) {
        Query q;
        q.place = places[i % places.size()];
        q.text = words[i / places.size()];
        q.radius_km = 30;
        queries.push_back(q);
    }
    auto answer = [&](const Query& q) {
        std::vector<std::string> out;
        Results r = generated.index.search(q);
        out.push_back(std::to_string(r.total));
        for (auto& h : r.hits) out.push_back(h.offer.id + " " + std::to_string(h.score));
        return out;
    };
    std::vector<std::vector<std::string>> expected;
    for (auto& q : queries) expected.push_back(answer(q));
    std::atomic<size_t> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round)
                for (size_t i = 0; i < queries.size(); ++i) {
                    const size_t k = (i + static_cast<size_t>(t) * 3) % queries.size();
                    if (answer(queries[k]) != expected[k]) ++mismatches;
                }
        });
    for (auto& t : threads) t.join();
    CHECK(mismatches == 0);
    CHECK(std::stoul(expected[0][0]) > 0);
}

TEST_CASE(
    "Threads that are the first to walk the R-trees of a fresh open get one thread's answers") {
    // The trees and lists are mapped at open (detail::Placement) and read by every thread: eight
    // threads ask for the same ones at once on an index just opened; the answers are those of
    // another open, serial.
    static const testing::GeneratedIndex generated(5000, 98);
    std::vector<Query> queries;
    for (const char* theme : {"", "mobilite", "numerique", "trouver-un-emploi"}) {
        Query q;
        q.place = "Paris";
        q.radius_km = 40;
        if (*theme) q.thematiques = {theme};
        queries.push_back(q);
    }
    auto answer = [](const Index& index, const Query& q) {
        std::vector<std::string> out;
        for (auto& h : index.search(q).hits) out.push_back(h.offer.id);
        return out;
    };
    const Index serial = Index::open(generated.dir.path());
    std::vector<std::vector<std::string>> expected;
    for (auto& q : queries) expected.push_back(answer(serial, q));
    for (auto& e : expected) CHECK(!e.empty());
    std::atomic<size_t> mismatches{0};
    for (int attempt = 0; attempt < 5; ++attempt) {
        const Index fresh = Index::open(generated.dir.path());
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (size_t t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                for (++ready; ready < 8;) std::this_thread::yield();  // all start together
                for (size_t i = 0; i < queries.size(); ++i) {
                    const size_t k = (i + t) % queries.size();
                    if (answer(fresh, queries[k]) != expected[k]) ++mismatches;
                }
            });
        for (auto& t : threads) t.join();
    }
    CHECK(mismatches == 0);
}

TEST_CASE("Offers at the same distance come in id order, page after page") {
    testing::TempDir dir("index-ties");
    std::vector<Offer> offers;
    // Same place, ids given out of order; one far away so that storage order differs from ids.
    for (const char* id : {"d", "a", "c", "e", "b"})
        offers.push_back(offer(id, "Auto-école", LatLon{48.5400, 2.6600}, "77288"));
    offers.push_back(offer("0-far", "Auto-école", LatLon{43.2965, 5.3698}, "13055"));
    Index index = build(dir, offers);
    Query q;
    q.place = "Melun";
    q.radius_km = 10;
    q.limit = 2;
    std::vector<std::string> seen;
    for (;;) {
        Results r = index.search(q);
        for (auto& h : r.hits) seen.push_back(h.offer.id);
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    CHECK(seen == std::vector<std::string>{"test--a", "test--b", "test--c", "test--d", "test--e"});
    REQUIRE(index.get("test--0-far"));
    CHECK(index.get("test--0-far")->code_insee == "13055");
    CHECK_FALSE(index.get("test--zz"));
    CHECK_FALSE(index.get(""));
}

TEST_CASE("A misspelt word that matches nothing is answered for its correction, and says so") {
    testing::TempDir dir("index-spelling");
    std::vector<Offer> offers = around_melun();
    offers.push_back(
        offer("shelter", "Hébergement d'urgence de Melun", LatLon{48.54, 2.66}, "77288"));
    Index index = build(dir, offers);
    Query q;
    q.text = "hebergment";
    q.place = "Melun";
    Results r = index.search(q);
    CHECK(r.suggestion == "hebergement");
    CHECK(r.corrected);
    CHECK(ids(r) == std::set<std::string>{"test--shelter"});
    CHECK(r.unknown_words == std::vector<std::string>{"hebergment"});
    q.text = "hébergement";
    r = index.search(q);
    CHECK_FALSE(r.corrected);
    CHECK(r.suggestion.empty());
    CHECK(ids(r) == std::set<std::string>{"test--shelter"});
    q.text = "xqzw";  // nothing close: no correction, no hit
    r = index.search(q);
    CHECK_FALSE(r.corrected);
    CHECK(r.hits.empty());
}

TEST_CASE("Open at a moment judges each offer by its own département's clock") {
    testing::TempDir dir("index-zones");
    std::vector<Offer> offers = around_melun();
    for (Offer& o : offers) o.horaires_accueil = "Mo-Fr 09:00-12:00";
    Index index = build(dir, offers);
    Query q;
    q.limit = 100;
    // Monday 7 December 2026, 07:00 in Paris: 10:00 in Réunion (UTC+4, Paris UTC+1).
    q.open_at = parse_date_time("2026-12-07T07:00");
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--reunion"});
    // 10:00 in Paris is 13:00 in Réunion: the mainland offers are open, Réunion's is not.
    q.open_at = parse_date_time("2026-12-07T10:00");
    std::set<std::string> open = ids(index.search(q));
    CHECK(open.count("test--melun-centre") == 1);
    CHECK(open.count("test--ajaccio") == 1);
    CHECK(open.count("test--reunion") == 0);
    // The same instant given in UTC.
    q.open_at = parse_date_time("2026-12-07T06:00Z");
    CHECK(ids(index.search(q)) == std::set<std::string>{"test--reunion"});
    // explain tells the local time it judged.
    q.open_at = parse_date_time("2026-12-07T07:00");
    const Explanation e = index.explain("test--reunion", q);
    bool told = false;
    for (const Reason& r : e.eligibility.reasons)
        if (r.code == "horaires") {
            CHECK(r.text.find("à 10:00") != std::string::npos);
            CHECK(r.text.find("(heure de La Réunion)") != std::string::npos);
            told = true;
        }
    CHECK(told);
}

// Found by the fuzzing campaign: hours with more rules than the encoding holds made the build
// reject the offer (« horaires : plus de 255 règles »). They are text the index keeps, as any
// hours it cannot read, and the offer is found.
TEST_CASE("An offer whose hours are longer than the encoding holds is indexed with its text") {
    testing::TempDir dir("index-long-hours");
    std::vector<Offer> offers = around_melun();
    std::string rules;
    for (int i = 0; i < 300; ++i) rules += "Mo 08:00-09:00; ";
    offers[0].horaires_accueil = rules;
    const std::string id = offers[0].id;
    BuildReport report;
    Index index = build(dir, offers, &report);
    CHECK(report.rejected == 0);
    CHECK(report.errors.empty());
    const auto offer = index.get(id);
    REQUIRE(offer);
    CHECK(offer->horaires_accueil == rules);
    Query q;
    q.limit = 100;
    CHECK(ids(index.search(q)).count(id) == 1);
    // Asked open at a moment, its hours are unknown, as for any text the index cannot read:
    // not among the offers open then, and explain says why without failing.
    q.open_at = parse_date_time("2026-12-07T08:30");
    CHECK(ids(index.search(q)).count(id) == 0);
    CHECK_NOTHROW(index.explain(id, q));
}
