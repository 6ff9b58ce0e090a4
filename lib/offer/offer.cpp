#include "cartoffre/offer.hpp"

#include <algorithm>

namespace cartoffre {

namespace {

bool lists(const std::vector<std::string>& codes, const char* code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

void fill(std::string& field, const std::string& from) {
    if (field.empty()) field = from;
}

}  // namespace

bool Offer::is_remote() const {
    return lists(modes_accueil, "a-distance");
}

// A service that states no mode is taken to receive people, as most catalogues omit the field
// for ordinary walk-in services.
bool Offer::is_in_person() const {
    return modes_accueil.empty() || lists(modes_accueil, "en-presentiel");
}

void inherit_from_structure(Offer& offer, const Structure& structure) {
    fill(offer.structure_nom, structure.nom);
    fill(offer.structure_siret, structure.siret);
    fill(offer.structure_typologie, structure.typologie);
    fill(offer.adresse, structure.adresse);
    fill(offer.complement_adresse, structure.complement_adresse);
    fill(offer.code_postal, structure.code_postal);
    fill(offer.code_insee, structure.code_insee);
    fill(offer.commune, structure.commune);
    // Coordinates travel as a pair: half of the service's own point and half of the
    // structure's would be a place that exists nowhere.
    if (!offer.latitude && !offer.longitude && structure.latitude && structure.longitude) {
        offer.latitude = structure.latitude;
        offer.longitude = structure.longitude;
    }
    fill(offer.telephone, structure.telephone);
    fill(offer.courriel, structure.courriel);
    fill(offer.horaires_accueil, structure.horaires_accueil);
}

}  // namespace cartoffre
