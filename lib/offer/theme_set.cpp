#include "offer/theme_set.hpp"

#include <string>
#include <vector>

#include "cartoffre/error.hpp"
#include "text/suggest.hpp"

namespace cartoffre::detail {

uint32_t category_bits(const Taxonomy& taxonomy, const ThemeSet& themes) {
    uint32_t bits = 0;
    for (int word = 0; word < 2; ++word)
        for (uint64_t w = themes.bits[word]; w; w &= w - 1)
            bits |=
                1u << taxonomy.category_of(word * 64 + static_cast<uint32_t>(__builtin_ctzll(w)));
    return bits;
}

ThemeSet theme_filter(const Taxonomy& taxonomy, std::string_view code) {
    ThemeSet set;
    if (auto theme = taxonomy.thematiques().find(code)) {
        set.add(*theme);
        return set;
    }
    if (auto category = taxonomy.categories().find(code)) {
        for (uint32_t t = 0; t < taxonomy.thematiques().size(); ++t)
            if (taxonomy.category_of(t) == *category) set.add(t);
        return set;
    }
    std::vector<std::string> known;
    for (const Vocabulary* v : {&taxonomy.categories(), &taxonomy.thematiques()})
        for (const Code& c : v->codes()) known.push_back(c.code);
    throw QueryError("thématique ou catégorie inconnue « " + std::string(code) + " »" +
                     did_you_mean(code, known));
}

}  // namespace cartoffre::detail
