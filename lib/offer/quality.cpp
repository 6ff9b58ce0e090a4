// data·inclusion's score_qualite of a service, schema v1 (data-inclusion-schema, module
// data_inclusion.schema.v1.score_qualite, the version with modes_mobilisation and mobilisable_par,
// 2024-2025): ten criteria, each 0 to 1 or not applicable; the score is the mean of those that
// apply, each rounded to hundredths, the mean rounded to hundredths. The criteria and their
// thresholds are the standard's; the code is ours.

#include "cartoffre/quality.hpp"

#include <algorithm>
#include <cmath>

namespace cartoffre {

namespace {

bool has(const std::vector<std::string>& codes, const char* code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// Characters, not bytes: the standard counts a description's length in characters.
size_t characters(const std::string& text) {
    size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

double round2(double v) {
    return std::round(v * 100) / 100;
}

// A linear ramp: 0 at `low` and below, 1 at `high` and above.
double ramp(double v, double low, double high) {
    return std::clamp((v - low) / (high - low), 0.0, 1.0);
}

// France Travail's agencies and Agefiph publish no meaningful update date: the standard leaves
// their freshness out of the mean. France Travail's lists are named after either name, with or
// without a year ("pole-emploi-2019").
bool freshness_applies(const std::string& source) {
    for (const char* exempt :
         {"agefiph", "france-travail", "france_travail", "pole-emploi", "pole_emploi"})
        if (source.rfind(exempt, 0) == 0) return false;
    return true;
}

}  // namespace

double score_qualite(const Offer& o, Date today, std::vector<QualityCriterion>* criteria) {
    std::vector<QualityCriterion> c;
    auto applies_if = [](bool applicable, bool met) -> std::optional<double> {
        if (!applicable) return std::nullopt;
        return met ? 1.0 : 0.0;
    };
    // An address is expected where the person goes in person.
    c.push_back({"adresse_bien_definie", applies_if(has(o.modes_accueil, "en-presentiel") ||
                                                        has(o.modes_mobilisation, "se-presenter"),
                                                    !o.adresse.empty())});
    c.push_back({"modes_mobilisation_bien_definis",
                 0.5 * !o.modes_mobilisation.empty() + 0.5 * !o.mobilisable_par.empty()});
    c.push_back({"au_moins_un_public", o.publics.empty() ? 0.0 : 1.0});
    c.push_back({"au_moins_une_thematique", o.thematiques.empty() ? 0.0 : 1.0});
    c.push_back(
        {"au_moins_un_moyen_de_contact",
         o.courriel.empty() && o.lien_mobilisation.empty() && o.telephone.empty() ? 0.0 : 1.0});
    c.push_back(
        {"courriel_bien_defini",
         applies_if(has(o.modes_mobilisation, "envoyer-un-courriel"), !o.courriel.empty())});
    // Fresh for six months, then losing value linearly until two years old.
    std::optional<double> fresh;
    if (freshness_applies(o.source)) {
        fresh = 0.0;
        if (!o.date_maj.empty()) {
            try {
                const double age =
                    static_cast<double>(today.days() - parse_date(o.date_maj).days());
                fresh = 1.0 - ramp(age, 365.25 / 2, 2 * 365.25);
            } catch (const std::exception&) {
                fresh = 0.0;  // an unreadable date is no date
            }
        }
    }
    c.push_back({"date_maj_recente", fresh});
    c.push_back({"frais_bien_definis", o.frais.empty() ? 0.0
                                       : o.frais == "payant"
                                           ? (o.frais_precisions.empty() ? 0.5 : 1.0)
                                           : 1.0});
    c.push_back({"description_bien_definie",
                 ramp(static_cast<double>(characters(o.description)), 200, 400)});
    c.push_back({"telephone_bien_defini",
                 applies_if(has(o.modes_mobilisation, "telephoner"), !o.telephone.empty())});

    double sum = 0;
    int count = 0;
    for (auto& criterion : c)
        if (criterion.value) sum += round2(*criterion.value), ++count;
    if (criteria) *criteria = std::move(c);
    return round2(sum / count);
}

}  // namespace cartoffre
