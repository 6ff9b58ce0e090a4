#pragma once
// Communes drawn at random in proportion to their population, like the people who search:
// the places of the benchmarks' queries (bench_core, bench_peers).

#include <cstdint>
#include <random>
#include <vector>

#include "cartoffre/gazetteer.hpp"

namespace bench {

class PopulationDraw {
  public:
    // Current communes (not arrondissements) with a centre and a population.
    explicit PopulationDraw(const cartoffre::Gazetteer& g) : m_gazetteer(g) {
        std::vector<double> weights;
        for (uint32_t i = 0; i < g.size(); ++i) {
            const cartoffre::Commune c = g.commune(i);
            if (c.type == "commune-actuelle" && c.centre && c.population > 0) {
                m_communes.push_back(i);
                weights.push_back(static_cast<double>(c.population));
            }
        }
        m_pick = std::discrete_distribution<size_t>(weights.begin(), weights.end());
    }

    // A view into the gazetteer, valid while it lives.
    cartoffre::Commune operator()(std::mt19937_64& rng) {
        return m_gazetteer.commune(m_communes[m_pick(rng)]);
    }

  private:
    const cartoffre::Gazetteer& m_gazetteer;
    std::vector<uint32_t> m_communes;
    std::discrete_distribution<size_t> m_pick;
};

}  // namespace bench
