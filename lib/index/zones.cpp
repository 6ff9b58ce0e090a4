#include "index/zones.hpp"

namespace cartoffre::detail {

std::string zone_key(const Gazetteer& gazetteer, const std::string& code) {
    if (code == "france" || code == "99100") return "france";
    if (code.size() == 9 && gazetteer.is_epci(code)) return code;
    if (code.size() <= 3 && gazetteer.is_departement(code)) return code;
    if (code.size() == 5 && gazetteer.find_code(code)) return code;
    return {};
}

std::vector<std::string> zone_keys_of_commune(const Gazetteer& gazetteer, uint32_t commune) {
    const Commune c = gazetteer.commune(commune);
    std::vector<std::string> keys{std::string(c.code), std::string(c.departement), "france"};
    if (!c.parent.empty()) keys.emplace_back(c.parent);
    if (!c.epci.empty()) keys.emplace_back(c.epci);
    return keys;
}

}  // namespace cartoffre::detail
