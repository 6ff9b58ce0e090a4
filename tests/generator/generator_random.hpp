#pragma once
// The generator's random draws and the small values built from them (points, dates, SIRET,
// telephone numbers). Everything here is plain integer and IEEE arithmetic: no standard
// distribution and no libm function whose last bit may change between library versions, so a
// seed gives the same catalogue everywhere.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/gazetteer.hpp"

namespace cartoffre::detail::generator {

// splitmix64 (Steele, Lea and Flood, 2014).
class Random {
  public:
    explicit Random(uint64_t seed) : m_state(seed) {}

    uint64_t next() { return mix(m_state += 0x9e3779b97f4a7c15ULL); }
    // splitmix64's output function: a bijection that scatters nearby numbers, used to seed
    // one stream per offer.
    static uint64_t mix(uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    uint64_t below(uint64_t n) {  // [0, n) by multiply-shift (Lemire), bias below 2^-64 * n
        return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
    }
    bool chance(double p) { return unit() < p; }
    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[below(items.size())];
    }

  private:
    uint64_t m_state;
};

// A point uniformly within `radius_km` of `centre`, rounded to 6 decimals (0.1 m).
LatLon point_near(LatLon centre, double radius_km, Random& random);
// How far from its centre a commune's services lie: a village's are in its bourg, a city's
// spread over its districts.
double spread_km(const Commune& commune);
// YYYY-MM-DD of a day counted from 1970-01-01.
std::string date_of(long days);
// Fourteen digits whose Luhn sum is a multiple of ten, as a real SIRET's.
std::string siret(Random& random);
// A French number with the area prefix of the commune's région: "01 64 52 33 10".
std::string telephone(const Commune& commune, Random& random);
// Lower-case ASCII words joined by hyphens, for e-mail domains: "ccas-de-melun".
std::string slug(std::string_view name);
// "de Melun", "d'Évry", "du Mans", "des Ulis"; kept as is when it already starts so.
std::string with_de(const std::string& name);

}  // namespace cartoffre::detail::generator
