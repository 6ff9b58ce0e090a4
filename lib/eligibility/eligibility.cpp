// The verdict of an offer's rules on a person's facts, with reasons in French.

#include "cartoffre/eligibility.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>

#include "eligibility/eligibility.hpp"

namespace cartoffre {

const char* verdict_code(Verdict verdict) {
    switch (verdict) {
        case Verdict::no_criteria:
            return "no-criteria";
        case Verdict::eligible:
            return "eligible";
        case Verdict::to_check:
            return "to-check";
        case Verdict::ineligible:
            return "ineligible";
    }
    return "?";
}

const char* verdict_label(Verdict verdict) {
    switch (verdict) {
        case Verdict::no_criteria:
            return "Aucun critère connu";
        case Verdict::eligible:
            return "Éligible";
        case Verdict::to_check:
            return "À vérifier";
        case Verdict::ineligible:
            return "Inéligible";
    }
    return "?";
}

}  // namespace cartoffre

namespace cartoffre::detail {

namespace {

constexpr int64_t day_one = 10957;  // 2000-01-01, in days since 1970-01-01, as rule_day

using PublicRule = EligibilityTables::PublicRule;

// Whether a person belongs to a public, in three values ordered so that "any of" is the maximum.
enum class Belongs { no, unknown, yes };

// Texts, built only when the caller asks for reasons.

std::string years(int n) {
    return std::to_string(n) + (n > 1 ? " ans" : " an");
}

std::string day_month(uint16_t day) {
    const Date date = rule_date(day);
    char text[8];
    std::snprintf(text, sizeof text, "%02d/%02d", date.day % 100, date.month % 100);
    return text;
}

// "jeunes, femmes ou étudiants"
std::string either(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " ou " : ", ") + items[i];
    return out;
}

// A label inside a sentence: "Demandeurs d'emploi" becomes "demandeurs d'emploi", "Étudiants"
// "étudiants" (Latin-1 capitals are two UTF-8 bytes, C3 80 .. C3 9E, 0x20 below their small).
std::string lower_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    } else if (text.size() > 1 && static_cast<unsigned char>(text[0]) == 0xC3) {
        const auto second = static_cast<unsigned char>(text[1]);
        if (second >= 0x80 && second <= 0x9E && second != 0x97)
            text[1] = static_cast<char>(second + 0x20);
    }
    return text;
}

// "bénéficiaires du RSA ou de l'ASS": a phrase repeating the previous one's first word drops
// it when what follows is "du", "de" or "des"; "demandeurs d'emploi de longue durée" keeps it.
std::string statuses_text(const EligibilityTables& tables, uint32_t bits) {
    std::vector<std::string> phrases;
    std::string previous_head;
    for (; bits; bits &= bits - 1) {
        const std::string& plural =
            tables.status_plural(static_cast<uint32_t>(__builtin_ctz(bits)));
        const size_t space = plural.find(' ');
        const std::string head = plural.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : plural.substr(space + 1);
        const bool shared =
            !phrases.empty() && head == previous_head &&
            (rest.rfind("du ", 0) == 0 || rest.rfind("de ", 0) == 0 || rest.rfind("des ", 0) == 0);
        phrases.push_back(shared ? rest : plural);
        previous_head = head;
    }
    return either(phrases);
}

std::string of_place(const std::string& name) {
    static const char* const vowels[] = {"A", "E", "I", "O", "U", "Y", "É", "È", "Î", "Ô"};
    for (const char* vowel : vowels)
        if (name.rfind(vowel, 0) == 0) return "d'" + name;
    return "de " + name;
}

std::string welcome_text(uint8_t accueil, const std::string& publics) {
    switch (accueil) {
        case accueil_inconditionnel:
            return "Accueil inconditionnel ; public visé : " + publics;
        case accueil_preferentiel:
            return "Accueil prioritaire des " + publics;
        case accueil_exclusif:
            return "Accueil exclusif des " + publics;
    }
    return "Public visé : " + publics;
}

// The source's own words, whitespace folded, cut to a few lines on a screen.
std::string quoted(std::string_view text) {
    constexpr size_t most = 300;  // bytes; a cut steps back to a character's start
    std::string out;
    bool space = false;
    for (char ch : text) {
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += ch;
    }
    if (out.size() <= most) return out;
    size_t cut = most;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    return out.substr(0, cut) + "…";
}

std::string age_bounds_text(uint8_t min, uint8_t max) {
    if (max == 255) return "À partir de " + years(min);
    if (min == 0) return "Jusqu'à " + years(max);
    return "Réservé aux " + std::to_string(min) + "-" + years(max);
}

// A criterion needing one fact: to check without it, else met or not.
Verdict outcome_of(bool known, bool met) {
    if (!known) return Verdict::to_check;
    return met ? Verdict::eligible : Verdict::ineligible;
}

Belongs fact(bool known, bool holds) {
    if (!known) return Belongs::unknown;
    return holds ? Belongs::yes : Belongs::no;
}

class Judge {
  public:
    Judge(const OfferRules& rules, const OfferFacts& offer, const PersonFacts& person,
          const Date& today, const EligibilityTables& tables, const Taxonomy& taxonomy,
          const std::vector<PublicRule>& public_rules, std::vector<Reason>* reasons)
        : m_rules(rules),
          m_offer(offer),
          m_person(person),
          // Only sessions, suspensions and closures read the day: most offers have none.
          m_today(rules.session_start | rules.session_end | rules.suspended_until | rules.closures
                      ? today.days() - day_one + 1
                      : 0),
          m_tables(tables),
          m_taxonomy(taxonomy),
          m_public_rules(public_rules),
          m_reasons(reasons) {}

    // Criteria in the order of Reason::code's list; without reasons, stops at the first refusal.
    Verdict run() {
        return run_in_order<&Judge::age, &Judge::statuses_required, &Judge::statuses_excluded,
                            &Judge::genre, &Judge::residence, &Judge::diplome, &Judge::publics,
                            &Judge::conditions, &Judge::prescription, &Judge::permis,
                            &Judge::vehicule, &Judge::places, &Judge::session, &Judge::suspension,
                            &Judge::closures>();
    }

  private:
    // The criteria as template arguments: direct calls the compiler inlines (a search judges
    // thousands of offers).
    template <void (Judge::*... criteria)()>
    Verdict run_in_order() {
        static_cast<void>(
            (((this->*criteria)(), m_reasons || m_verdict != Verdict::ineligible) && ...));
        return m_verdict;
    }

    // A condition on the person. `text` is a function so that nothing is formatted when no
    // reasons are asked for.
    template <typename Text>
    void note(const char* code, Verdict outcome, Text text) {
        m_verdict = std::max(m_verdict, outcome);
        if (m_reasons) m_reasons->push_back({code, outcome, text()});
    }

    // The offer's availability or a fact for information: met, it says nothing about the
    // person, so it does not make an offer without conditions "eligible".
    template <typename Text>
    void inform(const char* code, Verdict outcome, Text text) {
        if (outcome != Verdict::eligible) m_verdict = std::max(m_verdict, outcome);
        if (m_reasons) m_reasons->push_back({code, outcome, text()});
    }

    bool has_age_bounds() const { return m_rules.age_min > 0 || m_rules.age_max < 255; }

    void age() {
        if (!has_age_bounds()) return;
        const std::optional<int>& age = m_person.age;
        note("age",
             outcome_of(age.has_value(), age && *age >= m_rules.age_min && *age <= m_rules.age_max),
             [&] {
                 return age_bounds_text(m_rules.age_min, m_rules.age_max) +
                        (age ? " : la personne a " + years(*age) : " : âge à vérifier");
             });
    }

    void statuses_required() {
        const uint32_t required = m_rules.statuses_required;
        if (!required) return;
        Verdict outcome = Verdict::to_check;
        if (m_person.statuses_held & required)
            outcome = Verdict::eligible;
        else if ((required & ~m_person.statuses_known) == 0)
            outcome = Verdict::ineligible;
        note("statuts-requis", outcome, [&] {
            return "Réservé aux " + statuses_text(m_tables, required) +
                   (outcome == Verdict::to_check ? " : situation à vérifier" : "");
        });
    }

    void statuses_excluded() {
        const uint32_t excluded = m_rules.statuses_excluded;
        if (!excluded) return;
        const uint32_t held = m_person.statuses_held & excluded;
        const uint32_t unknown = excluded & ~m_person.statuses_known;
        Verdict outcome = Verdict::eligible;
        if (held)
            outcome = Verdict::ineligible;
        else if (unknown)
            outcome = Verdict::to_check;
        note("statuts-exclus", outcome, [&] {
            if (held) return "Non ouvert aux " + statuses_text(m_tables, held);
            if (unknown)
                return "Non ouvert aux " + statuses_text(m_tables, unknown) +
                       " : situation à vérifier";
            return "Non ouvert aux " + statuses_text(m_tables, excluded) +
                   " : la personne n'en fait pas partie";
        });
    }

    void genre() {
        if (!m_rules.genre) return;
        const bool known = m_person.genre != 0;
        note("genre", outcome_of(known, m_person.genre == m_rules.genre), [&] {
            return std::string(m_rules.genre == 1 ? "Réservé aux femmes" : "Réservé aux hommes") +
                   (known ? "" : " : à vérifier");
        });
    }

    // The search kept the offer for the person's commune; without one, it cannot tell.
    void residence() {
        if (!m_offer.zones_restricted) return;
        const bool known = m_person.residence.has_value();
        note("residence", known ? Verdict::eligible : Verdict::to_check, [&] {
            const std::string& zone = m_offer.zones_label;
            return "Résidents " + (zone.empty() ? "de la zone desservie" : of_place(zone)) +
                   " uniquement" + (known ? "" : " : lieu de résidence à vérifier");
        });
    }

    void diplome() {
        const uint8_t max = m_rules.diplome_max, level = m_person.diplome;
        if (!max) return;
        note("diplome", outcome_of(level != 0, level <= max), [&] {
            std::string text = m_tables.diploma_label(max) + " maximum";
            if (!level) return text + " : diplôme à vérifier";
            if (level > max)
                text += " : la personne a un " + lower_first(m_tables.diploma_label(level));
            return text;
        });
    }

    Belongs belongs(const PublicRule& rule) const {
        if (rule.everyone) return Belongs::yes;
        Belongs result = Belongs::no;
        if (rule.age_min || rule.age_max) {
            // An offer's own bounds say what it means by "jeunes" or "seniors".
            int low = rule.age_min.value_or(0), high = rule.age_max.value_or(INT_MAX);
            if (has_age_bounds()) {
                low = m_rules.age_min;
                high = m_rules.age_max == 255 ? INT_MAX : m_rules.age_max;
            }
            const std::optional<int>& age = m_person.age;
            result = std::max(result, fact(age.has_value(), age && *age >= low && *age <= high));
        }
        if (!rule.genre.empty())
            result = std::max(
                result, fact(m_person.genre != 0, m_person.genre == genre_number(rule.genre)));
        if (rule.statuses)
            result = std::max(result, fact((rule.statuses & ~m_person.statuses_known) == 0 ||
                                               (m_person.statuses_held & rule.statuses),
                                           m_person.statuses_held & rule.statuses));
        return result;
    }

    void publics() {
        Belongs member = Belongs::no;
        bool listed = false;
        for (uint32_t bits = m_offer.publics; bits; bits &= bits - 1) {
            const auto bit = static_cast<size_t>(__builtin_ctz(bits));
            if (bit >= m_public_rules.size()) continue;
            if (m_public_rules[bit].everyone) return;  // tous-publics: no criterion
            listed = true;
            member = std::max(member, belongs(m_public_rules[bit]));
        }
        if (!listed) return;
        const uint8_t accueil = m_rules.accueil;
        Verdict outcome = Verdict::to_check;
        // Welcoming everyone, an offer needs no fact to admit a person outside its publics.
        if (member == Belongs::yes || accueil == accueil_inconditionnel ||
            accueil == accueil_preferentiel)
            outcome = Verdict::eligible;
        else if (accueil == accueil_exclusif && member == Belongs::no)
            outcome = Verdict::ineligible;
        note("public", outcome, [&] {
            std::vector<std::string> labels;
            for (uint32_t bits = m_offer.publics; bits; bits &= bits - 1) {
                const auto bit = static_cast<uint32_t>(__builtin_ctz(bits));
                if (bit < m_taxonomy.publics().size())
                    labels.push_back(lower_first(m_taxonomy.publics().label(bit)));
            }
            std::string text = welcome_text(accueil, either(labels));
            if (member != Belongs::yes && accueil == accueil_preferentiel)
                text += " ; ouvert à tous";
            else if (outcome == Verdict::to_check)
                text += " ; à vérifier";
            return text;
        });
    }

    // A condition the source writes only as text: the caseworker reads it, quoted.
    void conditions() {
        if (!(m_rules.flags & rule_conditions)) return;
        note("conditions", Verdict::to_check, [&] {
            return "Conditions d'accès, à vérifier : « " + quoted(m_offer.conditions) + " »";
        });
    }

    void prescription() {
        if (!(m_rules.flags & rule_prescription)) return;
        // The caseworker asking is the professional who prescribes: information, not a bar.
        inform("prescription", Verdict::eligible,
               [] { return std::string("Sur prescription d'un professionnel"); });
    }

    void requirement(uint8_t flag, const std::optional<bool>& has, const char* code,
                     const char* text) {
        if (!(m_rules.flags & flag)) return;
        note(code, outcome_of(has.has_value(), has.value_or(false)),
             [&] { return std::string(text) + (has ? "" : " : à vérifier"); });
    }
    void permis() {
        requirement(rule_permis, m_person.permis, "permis", "Permis de conduire requis");
    }
    void vehicule() {
        requirement(rule_vehicule, m_person.vehicule, "vehicule", "Véhicule requis");
    }

    void places() {
        const int free = m_rules.places_free;
        if (free < 0) return;
        inform("places", free == 0 ? Verdict::to_check : Verdict::eligible, [&] {
            std::string text = "Complet";
            if (free == 1) text = "1 place libre";
            if (free > 1) text = std::to_string(free) + " places libres";
            if (m_rules.places_date) text += " au " + day_month(m_rules.places_date);
            return text;
        });
    }

    void session() {
        const uint16_t start = m_rules.session_start, end = m_rules.session_end;
        if (!start && !end) return;
        if (start && m_today < start)
            inform("session", Verdict::to_check,
                   [&] { return "Prochaine session le " + day_month(start); });
        else if (end && m_today > end)
            inform("session", Verdict::ineligible,
                   [&] { return "Session terminée le " + day_month(end); });
        else
            inform("session", Verdict::eligible, [&] {
                return end ? "Session en cours jusqu'au " + day_month(end)
                           : "Session commencée le " + day_month(start);
            });
    }

    void suspension() {
        const uint16_t until = m_rules.suspended_until;
        if (!until || m_today > until) return;
        inform("suspension", Verdict::ineligible,
               [&] { return "Suspendue jusqu'au " + day_month(until); });
    }

    void closures() {
        // Only the offer's own bytes are read, whatever its rules claim.
        const size_t count = std::min<size_t>(m_rules.closures, m_offer.extra.size() / 4);
        const auto byte = [&](size_t at) {
            return static_cast<uint16_t>(static_cast<unsigned char>(m_offer.extra[at]));
        };
        for (size_t i = 0; i < count; ++i) {
            const uint16_t from = static_cast<uint16_t>(byte(4 * i) | byte(4 * i + 1) << 8);
            const uint16_t to = static_cast<uint16_t>(byte(4 * i + 2) | byte(4 * i + 3) << 8);
            if (m_today < from || m_today > to) continue;
            inform("fermeture", Verdict::ineligible,
                   [&] { return "Fermée du " + day_month(from) + " au " + day_month(to); });
            return;
        }
    }

    const OfferRules& m_rules;
    const OfferFacts& m_offer;
    const PersonFacts& m_person;
    const int64_t m_today;  // as rule_day, unclamped; 0 when no criterion reads it
    const EligibilityTables& m_tables;
    const Taxonomy& m_taxonomy;
    const std::vector<PublicRule>& m_public_rules;
    std::vector<Reason>* m_reasons;
    Verdict m_verdict = Verdict::no_criteria;
};

}  // namespace

bool about_person(std::string_view code) {
    static const std::string_view codes[] = {
        "age",     "statuts-requis", "statuts-exclus", "genre",  "residence", "zone",
        "diplome", "public",         "conditions",     "permis", "vehicule"};
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

Verdict verdict_of(const std::vector<Reason>& reasons) {
    Verdict verdict = Verdict::no_criteria;
    for (const Reason& r : reasons)
        if (r.outcome != Verdict::eligible || about_person(r.code))
            verdict = std::max(verdict, r.outcome);
    return verdict;
}

Verdict judge(const OfferRules& rules, const OfferFacts& offer, const PersonFacts& person,
              const Date& today, const EligibilityTables& tables, const Taxonomy& taxonomy,
              const std::vector<EligibilityTables::PublicRule>& public_rules,
              std::vector<Reason>* reasons) {
    if (reasons) reasons->clear();
    const Verdict verdict =
        Judge(rules, offer, person, today, tables, taxonomy, public_rules, reasons).run();
    if (reasons)
        std::stable_sort(reasons->begin(), reasons->end(),
                         [](const Reason& a, const Reason& b) { return a.outcome > b.outcome; });
    return verdict;
}

}  // namespace cartoffre::detail
