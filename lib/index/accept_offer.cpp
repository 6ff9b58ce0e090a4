// An offer's entry into a generation: the checks Index::build and Index::update make of every
// offer (id, source, name, codes, zones, coordinates), the commune's centre given to an offer
// without coordinates, and the rules derived from its criteria. A rejected offer is counted
// with its reason, never dropped silently.

#include <algorithm>
#include <limits>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "eligibility/eligibility.hpp"
#include "index/generation.hpp"
#include "index/zones.hpp"

namespace cartoffre::detail {

std::optional<uint32_t> place_at_commune_centre(Offer& offer, const Gazetteer& gazetteer,
                                                bool& placed) {
    placed = false;
    auto commune = offer.code_insee.empty() ? std::nullopt : gazetteer.find_code(offer.code_insee);
    if (!offer.location() && commune && gazetteer.commune(*commune).centre) {
        const LatLon centre = *gazetteer.commune(*commune).centre;
        offer.latitude = centre.lat;
        offer.longitude = centre.lon;
        offer.location_approximate = true;
        placed = true;
    }
    return commune;
}

void reject(BuildReport& report, const Offer& offer, const std::string& reason) {
    report.errors.push_back(reason);
    report.rejected_offers.push_back({offer.id, offer.source, reason});
    ++report.rejected;
}

std::optional<AcceptedOffer> accept_offer(Offer& offer, bool duplicate_id,
                                          const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                                          BuildReport& report) {
    try {
        if (offer.id.empty()) throw DataError("offre sans identifiant (" + offer.nom + ")");
        if (auto why = invalid_offer_id(offer.id)) throw DataError("champ id : " + *why);
        if (auto why = invalid_source_name(offer.source))
            throw DataError("offre " + offer.id + " : champ source : " + *why);
        if (offer.nom.empty()) throw DataError("offre " + offer.id + " : champ nom : vide");
        if (duplicate_id)
            throw DataError("offre " + offer.id + " : champ id : identifiant en double");
        taxonomy.validate(offer);
        std::vector<std::string> keys;
        for (auto& code : offer.zone_eligibilite) {
            std::string key = zone_key(gazetteer, code);
            if (key.empty())
                throw DataError("offre " + offer.id + " : champ zone_eligibilite : code inconnu '" +
                                code + "'");
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
        if (keys.size() > std::numeric_limits<uint16_t>::max())
            throw DataError("offre " + offer.id + " : champ zone_eligibilite : trop de codes");
        if (auto loc = offer.location(); loc && !valid(*loc))
            throw DataError("offre " + offer.id + " : champs latitude/longitude : hors limites");
        bool placed = false;
        const auto commune = place_at_commune_centre(offer, gazetteer, placed);
        if (placed) ++report.placed_at_commune_centre;
        AcceptedOffer a;
        a.offer = &offer;
        a.commune = commune;
        a.zone_keys = std::move(keys);
        a.rules = rules_of(offer, EligibilityTables::builtin(), a.rules_extra);
        return a;
    } catch (const DataError& e) {
        reject(report, offer, e.what());
        return std::nullopt;
    }
}

}  // namespace cartoffre::detail
