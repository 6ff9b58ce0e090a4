// A place typed as a name, as people type it: "Melun", "Saint-Denis (93)", "saint denis 93",
// "Roubaix 59100", "59100 Roubaix"; and homonyms, chosen when one is far more populous than the
// others (with a notice naming them), else refused with the list.

#include <algorithm>
#include <cctype>

#include "cartoffre/error.hpp"
#include "geo/gazetteer_impl.hpp"
#include "geo/place_text.hpp"

namespace cartoffre {

namespace {

using detail::place_key;

// How much more populous a commune must be than a namesake for its name to stand for it alone.
constexpr long dominant_ratio = 10;
// A short name ("Aix", "Evry") stands for the commune whose name it begins ("Aix-en-Provence",
// "Évry-Courcouronnes") when that one is dominant_ratio times each commune of that very name and
// this many times every other commune whose name it begins: Aix-en-Provence is 4.6 times
// Aix-les-Bains, while Villeneuve-d'Ascq is not twice Villeneuve-Saint-Georges.
constexpr long dominant_extension_ratio = 3;
// The others a notice names, the most populous first.
constexpr size_t named_others = 5;

std::string upper(std::string text) {
    for (auto& ch : text) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
    return text;
}

bool contains(const std::vector<uint32_t>& communes, uint32_t c) {
    return std::find(communes.begin(), communes.end(), c) != communes.end();
}

}  // namespace

Place Gazetteer::Impl::named_place(const std::string& text, const Gazetteer& g) const {
    std::string name = text, departement, postcode;
    if (auto named = detail::match_with_departement(text, false)) {
        name = std::move(named->name);
        departement = upper(std::move(named->departement));
        if (!g.is_departement(departement))
            throw PlaceError("département inconnu « " + departement + " » dans « " + text + " »");
    }
    std::string key = place_key(name);
    if (key.empty()) throw PlaceError("lieu vide");
    std::vector<uint32_t> candidates = named(key);
    // A code beside the name ("saint denis 93", "Roubaix 59100") is read only when the whole
    // text names no commune: "Paris 11" is the 11th arrondissement, not a Paris of the Aude.
    if (candidates.empty() && departement.empty())
        if (auto with_code = detail::match_name_with_code(text)) {
            const std::string code = upper(with_code->code);
            const std::string short_key = place_key(with_code->name);
            if (code.size() == 5) {
                // The communes of that name (and their arrondissements) using that postcode, or
                // holding that INSEE code.
                std::vector<uint32_t> using_it;
                for (uint32_t c : named(short_key)) {
                    std::vector<uint32_t> parts{c};
                    for (uint32_t a : arrondissements(c)) parts.push_back(a);
                    for (uint32_t p : parts) {
                        const Commune commune = this->commune(p);
                        const auto postcodes = commune.postcodes();
                        if (commune.code == code ||
                            std::find(postcodes.begin(), postcodes.end(), code) != postcodes.end())
                            using_it.push_back(p);
                    }
                }
                if (using_it.empty() && !keyed(gi::by_postcode, code).empty()) {
                    const Place of_code = postcode_place(code);
                    throw PlaceError("lieu inconnu « " + text + " » : aucune commune nommée « " +
                                     with_code->name + " » n'a le code postal " + code + " (" +
                                     of_code.label + ")");
                }
                // Paris's postcodes are its arrondissements': "Paris 75011" is the 11th.
                using_it.erase(std::remove_if(using_it.begin(), using_it.end(),
                                              [&](uint32_t c) {
                                                  for (uint32_t a : arrondissements(c))
                                                      if (contains(using_it, a)) return true;
                                                  return false;
                                              }),
                               using_it.end());
                if (!using_it.empty()) {
                    candidates = std::move(using_it);
                    name = with_code->name;
                    postcode = code;
                }
            } else if (g.is_departement(code)) {
                candidates = named(short_key);
                name = with_code->name;
                departement = code;
            }
        }
    if (!departement.empty())
        candidates.erase(
            std::remove_if(candidates.begin(), candidates.end(),
                           [&](uint32_t c) { return commune(c).departement != departement; }),
            candidates.end());
    if (candidates.empty()) {
        std::string message = "lieu inconnu « " + text + " »";
        auto close = g.suggest(departement.empty() ? name : name + " (" + departement + ")");
        for (size_t i = 0; i < close.size(); ++i)
            message += (i == 0                  ? " : vouliez-vous dire « "
                        : i + 1 == close.size() ? " ou « "
                                                : ", « ") +
                       close[i] + " »";
        if (!close.empty()) message += " ?";
        throw PlaceError(message);
    }
    // A bare name may stand for a far more populous namesake, or for the commune it begins.
    if (departement.empty() && postcode.empty())
        if (auto chosen = dominant(key, candidates)) {
            Place place = commune_place(chosen->first);
            std::string notice = "« " + text + " » lu comme " + label(chosen->first) + " ; aussi ";
            const std::vector<uint32_t>& others = chosen->second;
            for (size_t i = 0; i < others.size() && i < named_others; ++i)
                notice += (i ? ", " : "") + label(others[i]);
            if (others.size() > named_others)
                notice += " et " + std::to_string(others.size() - named_others) +
                          (others.size() - named_others > 1 ? " autres" : " autre");
            notice += " : préciser le département pour une autre";
            place.notices.insert(place.notices.begin(), std::move(notice));
            return place;
        }
    if (candidates.size() == 1) return commune_place(candidates[0]);
    std::sort(candidates.begin(), candidates.end(), [&](uint32_t a, uint32_t b) {
        return commune(a).departement < commune(b).departement;
    });
    std::string list;
    bool same_departement = false;
    for (size_t i = 0; i < candidates.size(); ++i) {
        if (i && commune(candidates[i]).departement == commune(candidates[i - 1]).departement)
            same_departement = true;
        list += (i ? ", " : "") + label(candidates[i]);
    }
    std::string message = "lieu ambigu « " + text + " » : " + list + " ; ";
    if (same_departement) {
        message += "plusieurs sont dans le même département, donner le code INSEE :";
        for (uint32_t c : candidates) message += " insee:" + std::string(commune(c).code);
    } else {
        const uint32_t largest = *std::max_element(
            candidates.begin(), candidates.end(),
            [&](uint32_t a, uint32_t b) { return commune(a).population < commune(b).population; });
        message += "ajouter le département, par exemple « " + label(largest) + " »";
    }
    throw PlaceError(message);
}

// Among the communes of that very name (`exact`) and the current communes whose name it begins
// (never an arrondissement: "Paris" begins "Paris 11e Arrondissement"), the one a bare name
// stands for, and the others, the most populous first; nothing when none dominates, or when the
// name is a former commune's (whose parent it stands for, as resolve() says).
std::optional<std::pair<uint32_t, std::vector<uint32_t>>> Gazetteer::Impl::dominant(
    const std::string& key, const std::vector<uint32_t>& exact) const {
    const bool all_current =
        std::all_of(exact.begin(), exact.end(), [&](uint32_t c) { return current(c); });
    if (!all_current) return std::nullopt;
    std::vector<uint32_t> extensions;
    auto [first, last] = image.prefix_range(gi::by_name, key + " ");
    for (size_t i = first; i < last; ++i) {
        const uint32_t c = image.keyed_commune(gi::by_name, i);
        if (current(c) && !(image.record(c).flags & gi::arrondissement) && !contains(exact, c) &&
            !contains(extensions, c))
            extensions.push_back(c);
    }
    if (exact.size() < 2 && extensions.empty()) return std::nullopt;
    auto population = [&](uint32_t c) { return static_cast<long>(image.record(c).population); };
    auto by_population = [&](uint32_t a, uint32_t b) {
        if (population(a) != population(b)) return population(a) > population(b);
        return a < b;
    };
    std::vector<uint32_t> all = exact;
    all.insert(all.end(), extensions.begin(), extensions.end());
    std::sort(all.begin(), all.end(), by_population);
    const uint32_t best = all[0];
    const long most = population(best);
    // A namesake of unknown population (0) is never assumed small.
    auto far_above = [&](uint32_t other, long ratio) {
        return other == best || (population(other) > 0 && most >= ratio * population(other));
    };
    const bool best_exact = contains(exact, best);
    if (best_exact && exact.size() < 2) return std::nullopt;
    for (uint32_t c : exact)
        if (!far_above(c, dominant_ratio)) return std::nullopt;
    if (!best_exact)
        for (uint32_t c : extensions)
            if (population(c) > 0 && !far_above(c, dominant_extension_ratio)) return std::nullopt;
    // The others a person may have meant: the namesakes, then for a short name the communes it
    // begins, each the most populous first.
    std::vector<uint32_t> others;
    for (uint32_t c : all)
        if (c != best && contains(exact, c)) others.push_back(c);
    if (!best_exact)
        for (uint32_t c : all)
            if (c != best && !contains(exact, c)) others.push_back(c);
    return std::make_pair(best, std::move(others));
}

}  // namespace cartoffre
