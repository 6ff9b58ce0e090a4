// An offer's entry into a generation: the checks Index::build and Index::update make of every
// offer (id, source, name, codes, zones, coordinates), the commune's centre given to an offer
// without coordinates, and the rules derived from its criteria. A rejected offer is counted
// with its reason, never dropped silently.

#include <algorithm>
#include <iterator>
#include <limits>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "detail/halves.hpp"
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

std::vector<AcceptedOffer> accept_offers(std::vector<Offer>& offers,
                                         const std::vector<uint32_t>& by_id,
                                         const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                                         BuildReport& report) {
    // In two halves, each counting its rejections, joined in order.
    std::vector<AcceptedOffer> kept[2];
    BuildReport checked[2];
    in_halves(by_id.size(), [&](int part, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            Offer& offer = offers[by_id[i]];
            const bool duplicate_id = i > 0 && offers[by_id[i - 1]].id == offer.id;
            if (auto a = accept_offer(offer, duplicate_id, gazetteer, taxonomy, checked[part]))
                kept[part].push_back(std::move(*a));
        }
    });
    std::vector<AcceptedOffer> accepted = std::move(kept[0]);
    accepted.insert(accepted.end(), std::make_move_iterator(kept[1].begin()),
                    std::make_move_iterator(kept[1].end()));
    kept[1] = {};
    for (BuildReport& part : checked) {
        report.rejected += part.rejected;
        report.placed_at_commune_centre += part.placed_at_commune_centre;
        report.errors.insert(report.errors.end(), std::make_move_iterator(part.errors.begin()),
                             std::make_move_iterator(part.errors.end()));
        report.rejected_offers.insert(report.rejected_offers.end(),
                                      std::make_move_iterator(part.rejected_offers.begin()),
                                      std::make_move_iterator(part.rejected_offers.end()));
    }
    return accepted;
}

}  // namespace cartoffre::detail
