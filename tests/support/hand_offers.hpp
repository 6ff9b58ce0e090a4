#pragma once
// A hand-made offer for the index's unit tests: a permis preparation delivered in person, at a
// point, in a commune, both or neither.

#include <optional>
#include <string>

#include "cartoffre/geo.hpp"
#include "cartoffre/offer.hpp"

namespace cartoffre::testing {

inline Offer offer(const std::string& id, const std::string& nom, std::optional<LatLon> at,
                   const std::string& code_insee = "") {
    Offer o;
    o.source = "test";
    o.id = "test--" + id;
    o.nom = nom;
    o.thematiques = {"mobilite--preparer-un-permis"};
    o.modes_accueil = {"en-presentiel"};
    o.code_insee = code_insee;
    if (at) {
        o.latitude = at->lat;
        o.longitude = at->lon;
    }
    return o;
}

}  // namespace cartoffre::testing
