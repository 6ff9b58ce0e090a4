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

struct RealIndex {
    std::vector<Offer> offers;
    testing::TempDir dir{"verdicts-real"};
    Index index = build();

  private:
    Index build() {
        offers = testing::load_real_catalogues();
        BuildOptions options;
        options.gazetteer = &testing::real_gazetteer();
        options.today = today;
        Index::build(dir.path(), offers, options);
        return Index::open(dir.path());
    }
};

const RealIndex& real() {
    static const RealIndex index;
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
    // The DILA's SPIP desks: « Suivi sur décision de justice : personnes placées sous main de
    // justice. »
    Query q = melun_rsa("");
    q.limit = 20;
    const Explanation e = real().index.explain("dila-annuaire--spip-77288-01", q);
    CHECK(e.eligibility.verdict == Verdict::to_check);
    bool quoted = false;
    for (const Reason& reason : e.eligibility.reasons)
        if (reason.code == "conditions") {
            CHECK(reason.outcome == Verdict::to_check);
            CHECK(reason.text.find("« Suivi sur décision de justice") != std::string::npos);
            quoted = true;
        }
    CHECK(quoted);
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
    CHECK(conditions > 100);  // the DILA's and Soliguide's
}
