// Verdicts a caseworker can tell apart, on the real catalogues (issue 16): "Éligible" always says
// why, an offer whose source states no condition says « aucun critère connu », and a condition
// the source writes only as text is « à vérifier », quoted.

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "cartoffre/index.hpp"
#include "eligibility/eligibility.hpp"
#include "support/real_catalogues.hpp"

using namespace cartoffre;

namespace {

const Date today{2026, 12, 7};

const testing::RealIndex& real() {
    static const testing::RealIndex index("verdicts-real", today);
    return index;
}

// The person of issue 16: 23 years old, on the RSA, searching near Melun.
Query melun_rsa(const std::string& words) {
    Query q;
    q.text = words;
    q.place = "Melun";
    q.profile = Profile{};
    q.profile->age = 23;
    q.profile->statuses = {"rsa"};
    q.mode = EligibilityMode::inclusive;
    q.today = today;
    q.limit = 10000;
    return q;
}

bool says_why(const Eligibility& e) {
    for (const Reason& r : e.reasons)
        if (r.outcome == Verdict::eligible && detail::about_person(r.code)) return true;
    return false;
}

bool has_outcome(const Eligibility& e, Verdict outcome) {
    for (const Reason& r : e.reasons)
        if (r.outcome == outcome) return true;
    return false;
}

}  // namespace

TEST_CASE("Near Melun, every Éligible hit for an RSA beneficiary of 23 carries a reason why") {
    for (const char* words : {"emploi", "permis", ""}) {
        INFO("words: " << words);
        const Results r = real().index.search(melun_rsa(words));
        REQUIRE(r.hits.size() == r.total);
        std::map<Verdict, size_t> seen;
        for (const Hit& h : r.hits) {
            INFO(h.offer.id);
            REQUIRE(h.eligibility);
            const Eligibility& e = *h.eligibility;
            ++seen[e.verdict];
            switch (e.verdict) {
                case Verdict::eligible:
                    CHECK(says_why(e));
                    CHECK_FALSE(has_outcome(e, Verdict::to_check));
                    break;
                case Verdict::no_criteria:  // nothing about the person; availability may be said
                    for (const Reason& reason : e.reasons)
                        CHECK_FALSE(detail::about_person(reason.code));
                    break;
                case Verdict::to_check:
                    CHECK(has_outcome(e, Verdict::to_check));
                    break;
                case Verdict::ineligible:
                    CHECK(has_outcome(e, Verdict::ineligible));
                    break;
            }
        }
        // The search gives every kind the issue names, not one kind relabelled.
        CHECK(seen[Verdict::eligible] > 0);
        CHECK(seen[Verdict::no_criteria] > 0);
        CHECK(seen[Verdict::to_check] > 0);
    }
}

TEST_CASE("A programme whose source states no condition is « aucun critère connu », not Éligible") {
    // Dora's "La Promo 16-18" says its ages only in its description; the export has no field.
    const Results r = real().index.search(melun_rsa("promo 16-18"));
    size_t promos = 0;
    for (const Hit& h : r.hits) {
        if (h.offer.nom != "La Promo 16-18") continue;
        ++promos;
        REQUIRE(h.eligibility);
        CHECK(h.eligibility->verdict != Verdict::eligible);
    }
    CHECK(promos > 0);
}

TEST_CASE("An access condition the source writes only as text is to check, quoted") {
    // Soliguide's « modalities.other » of soliguide-lieux--30.
    Query q = melun_rsa("");
    q.place.clear();
    const Explanation e = real().index.explain("soliguide-lieux--30", q);
    CHECK(e.eligibility.verdict == Verdict::to_check);
    bool quoted = false;
    for (const Reason& reason : e.eligibility.reasons)
        if (reason.code == "conditions") {
            CHECK(reason.outcome == Verdict::to_check);
            CHECK(reason.text ==
                  "Conditions d'accès, à vérifier : « Personnes domiciliées dans les 5e, 6e, 7e, "
                  "14e, 15e et 16e arrondissements. »");
            quoted = true;
        }
    CHECK(quoted);
}

TEST_CASE("Bodies that serve only their publics refuse the others: missions locales, EA, SPIP") {
    // The kinds' rules (data/mappings/prescribers.json, siae.json, dila_types.tsv): an
    // exclusive welcome of their publics.
    std::map<std::string, std::string> first;  // kind -> an offer of it
    for (const Offer& o : real().offers) {
        const std::string kind =
            o.source == "prescripteurs" && o.publics == std::vector<std::string>{"jeunes"} ? "ml"
            : o.source == "siae" && o.description.rfind("Entreprise adaptée", 0) == 0      ? "ea"
            : o.id.rfind("dila-annuaire--spip-", 0) == 0                                   ? "spip"
            : o.id.rfind("dila-annuaire--mission_locale-", 0) == 0 ? "dila-ml"
                                                                   : "";
        if (!kind.empty()) first.emplace(kind, o.id);
    }
    REQUIRE(first.size() == 4);
    const auto verdict = [](const std::string& id, const Profile& p) {
        Query q;
        q.profile = p;
        q.today = today;
        return real().index.explain(id, q).eligibility.verdict;
    };
    Profile young, older, listed;
    young.age = 23;
    older.age = 40;
    listed.statuses = {"rsa"};
    listed.statuses_complete = true;  // neither RQTH nor AAH, nor under a court's decision
    for (const char* kind : {"ml", "dila-ml"}) {
        INFO(first[kind]);
        CHECK(verdict(first[kind], young) == Verdict::eligible);
        CHECK(verdict(first[kind], older) == Verdict::ineligible);
        CHECK(verdict(first[kind], Profile{}) == Verdict::to_check);
    }
    for (const char* kind : {"ea", "spip"}) {
        INFO(first[kind]);
        CHECK(verdict(first[kind], listed) == Verdict::ineligible);
        CHECK(verdict(first[kind], young) == Verdict::to_check);
    }
}

TEST_CASE("Fee terms and practical notes are not read as access conditions") {
    // Mednum's "conditions_acces" say what the place costs; France services' comments say when
    // to come. Read as conditions, 5,900 places would ask a caseworker to check « Gratuit ».
    size_t conditions = 0;
    for (const Offer& o : real().offers) {
        if (o.source == "mednum" || o.source == "conseillers-numeriques" ||
            o.source == "france-services") {
            INFO(o.id << ": " << o.conditions_acces);
            CHECK(o.conditions_acces.empty());
        }
        if (!o.conditions_acces.empty()) ++conditions;
    }
    CHECK(conditions >= 8);  // Soliguide's « Personnes domiciliées dans les 5e… »
}

TEST_CASE(
    "Soliguide's place for women of 24 to 64 is refused outside and open inside, saying why") {
    // soliguide-lieux--10 "LIEU_PUBLIC_EXCLUSIF": publics.accueil 2 (exclusive), gender
    // ["women"], age 24 to 64.
    const auto judged = [](int age, const char* genre) {
        Query q;
        q.profile = Profile{};
        q.profile->age = age;
        q.profile->genre = genre;
        q.today = today;
        return real().index.explain("soliguide-lieux--10", q).eligibility;
    };
    const auto reason = [](const Eligibility& e, const std::string& code) {
        for (const Reason& r : e.reasons)
            if (r.code == code) return std::string(verdict_code(r.outcome)) + ": " + r.text;
        return std::string("(none)");
    };
    const Eligibility man = judged(19, "homme");
    CHECK(man.verdict == Verdict::ineligible);
    CHECK(reason(man, "age") == "ineligible: Réservé aux 24-64 ans : la personne a 19 ans");
    CHECK(reason(man, "public") == "ineligible: Accueil exclusif des femmes");
    const Eligibility woman = judged(30, "femme");
    CHECK(woman.verdict == Verdict::eligible);
    CHECK(reason(woman, "age") == "eligible: Réservé aux 24-64 ans : la personne a 30 ans");
    CHECK(reason(woman, "public") == "eligible: Accueil exclusif des femmes");
    CHECK(judged(19, "femme").verdict == Verdict::ineligible);  // the age bars her
    CHECK(judged(64, "femme").verdict == Verdict::eligible);    // both bounds included
    CHECK(judged(65, "femme").verdict == Verdict::ineligible);
}

TEST_CASE("Soliguide's preferential place welcomes anyone, its public first") {
    // soliguide-lieux--12 "LIEU_PUBLIC_PREFERENTIEL": the same publics, accueil 1.
    Query q;
    q.profile = Profile{};
    q.profile->age = 19;
    q.profile->genre = "homme";
    q.today = today;
    const Eligibility e = real().index.explain("soliguide-lieux--12", q).eligibility;
    CHECK(e.verdict == Verdict::eligible);
    REQUIRE(e.reasons.size() == 1);
    CHECK(e.reasons.front().text == "Accueil prioritaire des femmes ; ouvert à tous");
}
