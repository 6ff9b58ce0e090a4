#include "generator/generator_criteria.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "generator/generator_random.hpp"

namespace cartoffre::detail::generator {

namespace {

// Days from 1970-01-01 of the window the generated dates fall in: September 2026 to June 2027.
constexpr long first_day = 20697;  // 2026-09-01
constexpr long window_days = 300;

bool lists(const Offer& o, const char* code) {
    return std::find(o.publics.begin(), o.publics.end(), code) != o.publics.end();
}

std::string day(Random& random, long from = first_day, long span = window_days) {
    return date_of(from + static_cast<long>(random.below(static_cast<uint64_t>(span))));
}

long days_of(const std::string& date) {  // of a YYYY-MM-DD written by date_of
    const int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)),
              d = std::stoi(date.substr(8, 2));
    // Days from civil (H. Hinnant's algorithm).
    const int yy = y - (m <= 2);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(yy - era * 400);
    const unsigned doy =
        (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + static_cast<long>(doe) - 719468;
}

}  // namespace

void add_criteria(Offer& o, uint64_t seed) {
    Random random(seed);
    Criteria& c = o.criteria;

    if (lists(o, "jeunes") && random.chance(0.6)) {
        static const std::vector<std::pair<int, int>> ranges = {{16, 25}, {18, 25}, {16, 29}};
        const auto& [low, high] = random.pick(ranges);
        c.age_min = low, c.age_max = high;
    } else if (lists(o, "seniors") && random.chance(0.3)) {
        c.age_min = 60;
    } else if (random.chance(0.04)) {
        c.age_min = 18;
    }

    static const std::vector<std::vector<std::string>> required = {{"rsa"},
                                                                   {"rsa", "ass"},
                                                                   {"rqth"},
                                                                   {"rqth", "aah"},
                                                                   {"demandeur-emploi"},
                                                                   {"deld"},
                                                                   {"refugie", "demandeur-asile"},
                                                                   {"ppsmj"},
                                                                   {"jeune-ase"},
                                                                   {"sans-domicile"},
                                                                   {"parent-isole"},
                                                                   {"qpv"}};
    if (lists(o, "beneficiaires-des-minimas-sociaux") && random.chance(0.4))
        c.statuses_required = {"rsa", "ass", "aah"};
    else if (random.chance(0.08))
        c.statuses_required = random.pick(required);
    static const std::vector<std::string> excluded = {"etudiant", "actif", "demandeur-asile"};
    if (random.chance(0.03)) {
        const std::string& status = random.pick(excluded);
        if (std::find(c.statuses_required.begin(), c.statuses_required.end(), status) ==
            c.statuses_required.end())
            c.statuses_excluded = {status};  // never both required and excluded
    }

    if (lists(o, "femmes") ? random.chance(0.5) : random.chance(0.01)) c.genre = "femme";
    if (o.type == "formation" && random.chance(0.2))
        c.diplome_max = random.chance(0.5) ? "infra-bac" : "bac";

    const bool targeted = !o.publics.empty() && !lists(o, "tous-publics");
    if (targeted) {
        const double welcome = random.unit();
        c.accueil = welcome < 0.4    ? ""
                    : welcome < 0.65 ? "exclusif"
                    : welcome < 0.9  ? "preferentiel"
                                     : "inconditionnel";
    }
    c.prescription_required = random.chance(o.type == "accompagnement" ? 0.3 : 0.1);
    c.permis_required = random.chance(0.02);
    c.vehicule_required = c.permis_required && random.chance(0.5);

    if (random.chance(0.15)) {
        c.places_total = static_cast<int>(5 + random.below(26));
        c.places_free =
            random.chance(0.25)
                ? 0
                : static_cast<int>(random.below(static_cast<uint64_t>(*c.places_total) + 1));
        c.places_date = day(random);
    }
    if ((o.type == "formation" || o.type == "atelier") && random.chance(0.5)) {
        c.session_start = day(random);
        c.session_end =
            date_of(days_of(c.session_start) + 30 + static_cast<long>(random.below(150)));
    }
    if (random.chance(0.02)) c.suspended_until = day(random);
    if (random.chance(0.05))
        c.closures = {random.chance(0.5) ? Closure{"2026-12-24", "2027-01-02"}
                                         : Closure{"2027-08-01", "2027-08-31"}};
}

}  // namespace cartoffre::detail::generator
