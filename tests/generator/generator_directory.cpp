// A synthetic directory of local public services, shaped as the national directory of the DILA
// (one source; 58 % town halls, one near the centre of nearly every commune, delegated commune
// and arrondissement; the other services in the communes in proportion to their population;
// 0.6 % never geocoded). Its offers have no neighbour of another source: it measures what the
// duplicate detection costs when no candidate is to be found.

#include "generator/generator_directory.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "generator/generator_random.hpp"
#include "generator/generator_text.hpp"

namespace cartoffre {

namespace {

using detail::generator::Random;

struct ServiceKind {
    const char* type;  // the directory's type, in the id
    const char* name;  // the commune's name follows
    const char* thematique;
};

const ServiceKind town_hall{"mairie", "Mairie de",
                            "difficultes-administratives-ou-juridiques--"
                            "accompagnement-aux-demarches-administratives"};

// The services an insertion caseworker sends people to, about as frequent as in the directory.
const std::vector<ServiceKind>& other_kinds() {
    static const std::vector<ServiceKind> kinds{
        {"caf", "Caisse d'allocations familiales (Caf) -",
         "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"},
        {"cpam", "Caisse primaire d'assurance maladie (CPAM) -", "sante--acces-aux-soins"},
        {"mission_locale", "Mission locale -", "trouver-un-emploi--repondre-a-des-offres-demploi"},
        {"pole_emploi", "Pôle emploi -", "trouver-un-emploi--repondre-a-des-offres-demploi"},
        {"pmi", "Centre de protection maternelle et infantile (PMI) -", "sante--acces-aux-soins"},
        {"cij", "Point information jeunesse -", "choisir-un-metier--confirmer-son-choix-de-metier"},
        {"cio", "Centre d'information et d'orientation (CIO) -",
         "choisir-un-metier--confirmer-son-choix-de-metier"},
        {"clic", "Centre local d'information et de coordination (Clic) -",
         "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"},
        {"permanence_juridique", "Permanence juridique -",
         "difficultes-administratives-ou-juridiques--"
         "prendre-en-compte-une-problematique-judiciaire"},
        {"greta", "Greta -", "se-former--trouver-sa-formation"},
        {"tresorerie", "Trésorerie -",
         "difficultes-administratives-ou-juridiques--"
         "accompagnement-aux-demarches-administratives"}};
    return kinds;
}

}  // namespace

std::vector<Offer> generate_directory(const Gazetteer& gazetteer, size_t rows, uint64_t seed) {
    namespace text = detail::generator;
    Random random(Random::mix(seed ^ 0x616e6e7561697265ULL));  // "annuaire": a stream of its own
    // Town halls: communes, delegated communes and arrondissements with a centre (Paris, Lyon
    // and Marseille by their arrondissements). Other services: where people live.
    std::vector<uint32_t> halls, towns;
    std::vector<uint64_t> population;  // cumulative, parallel to towns
    for (uint32_t i = 0; i < gazetteer.size(); ++i) {
        const Commune c = gazetteer.commune(i);
        if (!c.centre || !gazetteer.arrondissements(i).empty()) continue;
        halls.push_back(i);
        if (!c.is_current() || c.population <= 0) continue;
        towns.push_back(i);
        population.push_back((population.empty() ? 0 : population.back()) +
                             static_cast<uint64_t>(c.population));
    }
    if (towns.empty()) throw Error("the gazetteer has no populated commune with a centre");
    const double hall_share =
        std::min(1.0, 0.58 * static_cast<double>(rows) / static_cast<double>(halls.size()));

    std::vector<Offer> offers;
    offers.reserve(rows);
    auto add = [&](const ServiceKind& kind, uint32_t commune, double spread_km) {
        const Commune c = gazetteer.commune(commune);
        Offer o;
        o.source = "annuaire-services-publics";
        o.id = o.source + "--" + kind.type + "-" + std::string(c.code) + "-" +
               std::to_string(offers.size() + 1);
        o.nom = std::string(kind.name) + " " + std::string(c.name);
        o.structure_nom = o.nom;
        o.adresse = std::to_string(1 + random.below(60)) + " " + random.pick(text::street_kinds()) +
                    " " + random.pick(text::street_names());
        o.code_insee = c.code;
        o.commune = c.name;
        if (c.postcode_count() > 0) o.code_postal = c.postcode(random.below(c.postcode_count()));
        if (!random.chance(0.006)) {
            const LatLon at = text::point_near(*c.centre, spread_km, random);
            o.latitude = at.lat;
            o.longitude = at.lon;
        }
        o.telephone = text::telephone(c, random);
        o.thematiques = {kind.thematique};
        o.modes_accueil = {"en-presentiel"};
        o.date_maj = text::date_of(16436 + static_cast<long>(random.below(730)));  // 2015-2016
        offers.push_back(std::move(o));
    };
    for (uint32_t commune : halls)
        if (offers.size() < rows && random.chance(hall_share)) add(town_hall, commune, 0.3);
    while (offers.size() < rows) {
        const uint64_t person = random.below(population.back());
        const uint32_t commune = towns[static_cast<size_t>(
            std::upper_bound(population.begin(), population.end(), person) - population.begin())];
        add(random.pick(other_kinds()), commune, text::spread_km(gazetteer.commune(commune)));
    }
    return offers;
}

}  // namespace cartoffre
