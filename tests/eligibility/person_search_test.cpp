// Searching for a person on a small hand-made catalogue around Melun: strict and inclusive
// modes, explain(), opening hours and availability, and bad profiles. The rules themselves are
// unit-tested in eligibility_test.cpp and checked at scale in eligibility_oracle_test.cpp.

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;

namespace {

Offer offer(const std::string& id, const std::string& nom) {
    Offer o;
    o.source = "test";
    o.id = "test--" + id;
    o.nom = nom;
    o.thematiques = {"trouver-un-emploi--faire-des-candidatures-spontanees"};
    o.modes_accueil = {"en-presentiel"};
    o.code_insee = "77288";  // Melun
    o.latitude = 48.5400;
    o.longitude = 2.6600;
    return o;
}

std::vector<Offer> catalogue() {
    Offer jeunes = offer("jeunes", "Garantie jeunes");
    jeunes.publics = {"jeunes"};
    jeunes.criteria.age_min = 16;
    jeunes.criteria.age_max = 25;
    jeunes.criteria.accueil = "exclusif";
    jeunes.zone_eligibilite = {"77"};
    Offer rsa = offer("rsa", "Accompagnement des allocataires du RSA");
    rsa.criteria.statuses_required = {"rsa"};
    rsa.criteria.prescription_required = true;
    Offer suspended = offer("suspendu", "Atelier CV");
    suspended.horaires_accueil = "Mo-Fr 09:00-12:00";
    suspended.criteria.suspended_until = "2026-11-30";
    Offer saturday = offer("samedi", "Permanence emploi du samedi");
    saturday.horaires_accueil = "Sa 10:00-12:00";
    Offer full = offer("complet", "Chantier d'insertion");
    full.horaires_accueil = "Mo-Fr 08:00-17:00";
    full.criteria.places_total = 12;
    full.criteria.places_free = 0;
    full.criteria.places_date = "2026-11-12";
    return {jeunes, rsa, suspended, saturday, full};
}

const Index& index() {
    static const testing::TempDir dir("person-search");
    static const Index built = [] {
        BuildOptions options;
        options.gazetteer = &testing::real_gazetteer();
        const BuildReport report = Index::build(dir.path(), catalogue(), options);
        if (report.rejected)  // the fixture itself must load whole
            throw std::logic_error("fixture rejected: " + report.errors.front());
        return Index::open(dir.path());
    }();
    return built;
}

Query for_person(Profile p) {
    Query q;
    q.place = "Melun";
    q.radius_km = 10;
    q.profile = std::move(p);
    q.today = Date{2026, 11, 24};  // a Tuesday
    q.limit = 50;
    return q;
}

std::set<std::string> ids(const Results& r) {
    std::set<std::string> out;
    for (auto& h : r.hits) out.insert(h.offer.id.substr(6));  // without "test--"
    return out;
}

const Hit& hit(const Results& r, const std::string& id) {
    for (auto& h : r.hits)
        if (h.offer.id == "test--" + id) return h;
    FAIL("no hit " << id);
    throw std::logic_error("unreachable");
}

bool has_reason(const Eligibility& e, const std::string& code, Verdict outcome) {
    return std::any_of(e.reasons.begin(), e.reasons.end(),
                       [&](const Reason& r) { return r.code == code && r.outcome == outcome; });
}

}  // namespace

TEST_CASE("A strict search leaves out what the person cannot use and says why the rest is open") {
    Profile p;
    p.age = 31;
    p.lives_in = "Melun";
    const Results r = index().search(for_person(p));
    // 31 is over 25: the offer for jeunes is left out; suspended until 30/11: left out too.
    CHECK(ids(r) == std::set<std::string>{"rsa", "samedi", "complet"});
    const Hit& rsa = hit(r, "rsa");
    REQUIRE(rsa.eligibility);
    CHECK(rsa.eligibility->verdict == Verdict::to_check);  // RSA not said
    CHECK(has_reason(*rsa.eligibility, "statuts-requis", Verdict::to_check));
    CHECK(has_reason(*rsa.eligibility, "prescription", Verdict::eligible));
    CHECK(hit(r, "samedi").eligibility->verdict == Verdict::no_criteria);  // asks nothing
    CHECK(hit(r, "complet").eligibility->verdict == Verdict::to_check);    // full at 12/11
}

TEST_CASE("Holding the required status turns a to-check offer eligible") {
    Profile p;
    p.age = 31;
    p.statuses = {"rsa"};
    const Results r = index().search(for_person(p));
    CHECK(hit(r, "rsa").eligibility->verdict == Verdict::eligible);
}

TEST_CASE("An inclusive search keeps every offer and ranks the ineligible last") {
    Profile p;
    p.age = 31;
    Query q = for_person(p);
    q.mode = EligibilityMode::inclusive;
    q.limit = 1;  // page by page: each offer once, the ineligible after the others
    std::vector<Verdict> verdicts;
    std::set<std::string> seen;
    for (;;) {
        const Results r = index().search(q);
        for (auto& h : r.hits) {
            CHECK(seen.insert(h.offer.id).second);
            verdicts.push_back(h.eligibility->verdict);
        }
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    CHECK(seen.size() == 5);
    const auto first_ineligible =
        std::find(verdicts.begin(), verdicts.end(), Verdict::ineligible) - verdicts.begin();
    CHECK(first_ineligible == 3);
    CHECK(std::all_of(verdicts.begin() + first_ineligible, verdicts.end(),
                      [](Verdict v) { return v == Verdict::ineligible; }));
}

TEST_CASE("Explain says why an offer is not proposed: zone, age and distance") {
    Profile p;
    p.age = 31;
    p.lives_in = "Paris";
    Query q = for_person(p);
    const Explanation e = index().explain("test--jeunes", q);
    CHECK(e.offer.nom == "Garantie jeunes");
    CHECK(e.eligibility.verdict == Verdict::ineligible);
    CHECK(has_reason(e.eligibility, "age", Verdict::ineligible));
    CHECK(has_reason(e.eligibility, "zone", Verdict::ineligible));  // lives in Paris, not 77
    CHECK(has_reason(e.eligibility, "distance", Verdict::eligible));
    REQUIRE(e.distance_km);
    CHECK(*e.distance_km < 1.0);
    const auto zone = std::find_if(e.eligibility.reasons.begin(), e.eligibility.reasons.end(),
                                   [](const Reason& r) { return r.code == "zone"; });
    CHECK(zone->text.find("Seine-et-Marne") != std::string::npos);
    CHECK(zone->text.find("Paris") != std::string::npos);
    CHECK_THROWS_AS(index().explain("test--none", q), QueryError);
}

TEST_CASE("Open at keeps only the offers whose hours say open; unknown hours are left out") {
    Query q = for_person({});
    q.profile.reset();
    q.open_at = LocalDateTime{Date{2026, 11, 24}, 10 * 60};  // Tuesday 10:00
    CHECK(ids(index().search(q)) == std::set<std::string>{"suspendu", "complet"});
    q.open_at = LocalDateTime{Date{2026, 11, 28}, 11 * 60};  // Saturday 11:00
    CHECK(ids(index().search(q)) == std::set<std::string>{"samedi"});
    q.open_at.reset();
    q.open_on = Date{2026, 11, 29};  // Sunday
    CHECK(ids(index().search(q)).empty());
}

TEST_CASE("Available leaves out suspended and full offers") {
    Query q = for_person({});
    q.profile.reset();
    q.available = true;
    CHECK(ids(index().search(q)) == std::set<std::string>{"jeunes", "rsa", "samedi"});
    q.today = Date{2026, 12, 1};  // the suspension is over
    CHECK(ids(index().search(q)) == std::set<std::string>{"jeunes", "rsa", "samedi", "suspendu"});
}

TEST_CASE("A bad profile is refused with an error naming what is wrong") {
    Profile negative;
    negative.age = -3;
    CHECK_THROWS_AS(index().search(for_person(negative)), QueryError);
    Profile unknown_status;
    unknown_status.statuses = {"millionnaire"};
    CHECK_THROWS_WITH(index().search(for_person(unknown_status)), Catch::Contains("millionnaire"));
    Profile nowhere;
    nowhere.lives_in = "Zzyzx-sur-Mer";
    CHECK_THROWS_AS(index().search(for_person(nowhere)), PlaceError);
    Profile ambiguous;
    ambiguous.lives_in = "Saint-Denis";
    CHECK_THROWS_AS(index().search(for_person(ambiguous)), PlaceError);
}

namespace {

// Remote offers open by zone: the person's residence decides, wherever the search is made.
const Index& zoned_index() {
    static const testing::TempDir dir("person-zones");
    static const Index built = [] {
        std::vector<Offer> offers;
        for (auto [id, zone] : std::vector<std::pair<std::string, std::string>>{
                 {"epci-melun", "247700057"},  // CA Melun Val de Seine: Melun, Dammarie
                 {"seine-et-marne", "77"},
                 {"corse-du-sud", "2A"},
                 {"reunion", "974"},
                 {"france", "france"}}) {
            Offer o = offer(id, "Ligne d'écoute " + id);
            o.modes_accueil = {"a-distance"};
            o.zone_eligibilite = {zone};
            offers.push_back(o);
        }
        BuildOptions options;
        options.gazetteer = &testing::real_gazetteer();
        const BuildReport report = Index::build(dir.path(), offers, options);
        if (report.rejected) throw std::logic_error("fixture rejected: " + report.errors.front());
        return Index::open(dir.path());
    }();
    return built;
}

std::set<std::string> open_to(const std::string& lives_in) {
    Profile p;
    p.lives_in = lives_in;
    Query q = for_person(p);
    q.remote = Remote::only;
    std::set<std::string> out;
    for (auto& h : zoned_index().search(q).hits) {
        out.insert(h.offer.id.substr(6));
        // The zone met is the one criterion; France-wide asks nothing.
        CHECK(h.eligibility->verdict ==
              (h.offer.id == "test--france" ? Verdict::no_criteria : Verdict::eligible));
    }
    return out;
}

}  // namespace

TEST_CASE("Zones are judged where the person lives: EPCI, département, France") {
    // Searching from Melun in every case: the residence decides.
    CHECK(open_to("Dammarie-les-Lys") ==
          std::set<std::string>{"epci-melun", "seine-et-marne", "france"});
    CHECK(open_to("Fontainebleau") == std::set<std::string>{"seine-et-marne", "france"});
    CHECK(open_to("Paris") == std::set<std::string>{"france"});
}

TEST_CASE("A residence in Corsica or overseas opens the offers of its département") {
    CHECK(open_to("Ajaccio") == std::set<std::string>{"corse-du-sud", "france"});
    CHECK(open_to("2A004") == std::set<std::string>{"corse-du-sud", "france"});
    CHECK(open_to("Saint-Denis (974)") == std::set<std::string>{"reunion", "france"});
}

TEST_CASE("Without a residence, zones are judged at the searched place and left to check") {
    Query q = for_person({});
    q.remote = Remote::only;
    const Results r = zoned_index().search(q);
    CHECK(ids(r) == std::set<std::string>{"epci-melun", "seine-et-marne", "france"});
    CHECK(hit(r, "epci-melun").eligibility->verdict == Verdict::to_check);
    CHECK(hit(r, "seine-et-marne").eligibility->verdict == Verdict::to_check);
    CHECK(hit(r, "france").eligibility->verdict == Verdict::no_criteria);  // open everywhere
}
