#pragma once
// Communes where people search, drawn by population (current communes with a centre): the
// places of the oracle tests' random queries.

#include <random>
#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"

namespace cartoffre::testing {

class CommuneDraw {
  public:
    explicit CommuneDraw(const Gazetteer& g) {
        std::vector<double> weights;
        for (uint32_t i = 0; i < g.size(); ++i)
            if (g.commune(i).type == "commune-actuelle" && g.commune(i).centre &&
                g.commune(i).population > 0) {
                m_codes.emplace_back(g.commune(i).code);
                weights.push_back(static_cast<double>(g.commune(i).population));
            }
        m_by_population = std::discrete_distribution<size_t>(weights.begin(), weights.end());
    }

    // A commune's INSEE code.
    const std::string& operator()(std::mt19937_64& rng) { return m_codes[m_by_population(rng)]; }

  private:
    std::vector<std::string> m_codes;
    std::discrete_distribution<size_t> m_by_population;
};

}  // namespace cartoffre::testing
