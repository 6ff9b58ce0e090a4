#pragma once
// What the table of a local search adds after its hits: the nearest offers beyond the radius
// when none is within it, and how many matching offers have no known place.

#include <cstdio>
#include <string>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/query.hpp"

namespace cartoffre::cli {

// The commune an offer is in, as the gazetteer names it ("Meaux", not "MEAUX CEDEX").
inline std::string commune_name(const Offer& offer, const Gazetteer& gazetteer) {
    if (!offer.code_insee.empty())
        if (auto c = gazetteer.find_code(offer.code_insee))
            return std::string(gazetteer.commune(*c).name);
    return offer.commune;
}

inline void print_beyond(const Results& r, double radius_km, const Gazetteer& gazetteer) {
    if (!r.nearest_beyond.empty()) {
        const Hit& nearest = r.nearest_beyond.front();
        const std::string where = commune_name(nearest.offer, gazetteer);
        std::printf("Aucune offre à %g km ; la plus proche à %.1f km%s%s\n", radius_km,
                    nearest.distance_km.value_or(0), where.empty() ? "" : ", à ", where.c_str());
        for (const Hit& h : r.nearest_beyond) {
            std::string offer = h.offer.nom;
            if (!h.offer.structure_nom.empty() && h.offer.structure_nom != h.offer.nom)
                offer += " (" + h.offer.structure_nom + ")";
            std::printf("  %.1f km  %s, %s\n", h.distance_km.value_or(0), offer.c_str(),
                        commune_name(h.offer, gazetteer).c_str());
        }
    }
    if (r.unplaced)
        std::printf(
            "Note : %zu offre%s sans lieu connu (ni adresse ni commune) : --unplaced sans "
            "--near %s\n",
            r.unplaced, r.unplaced > 1 ? "s" : "", r.unplaced > 1 ? "les liste" : "la liste");
}

}  // namespace cartoffre::cli
