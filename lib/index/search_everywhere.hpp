#pragma once
// Remote offers counted apart, in a search around a place (search.cpp). Besides the offers near
// the place, such a search finds every remote offer open to all residences in the themes asked,
// and every one open in the place's département: the same offers around every place (of the
// département), and around most places most of the matches (at 1,000,000 generated offers,
// about 790 of the median place's 910). When the search asks nothing of them but the themes,
// their count, facets and order by id are read from the generation's memo
// (everywhere_memo.hpp), computed once per theme set (and département), and the candidates leave
// them out: nearest first, they come after every near match, by id, and the page takes the
// first of them it needs.

#include <memory>
#include <optional>

#include "cartoffre/query.hpp"
#include "index/everywhere_memo.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// What a search counts apart.
struct Apart {
    std::shared_ptr<const Everywhere> everywhere;  // open everywhere
    // Open in the département of the place's commune (by its zone key), not everywhere; null
    // when the place is not one commune, or no offer names the département.
    std::shared_ptr<const Everywhere> departement;
    uint32_t departement_key = 0;

    size_t count() const { return everywhere->count + (departement ? departement->count : 0); }
    // Whether an offer of the themes asked is counted here: remote, and open everywhere or in
    // the département. One in person too is still a candidate: near the place, the page orders
    // it by its distance.
    bool counted(const OfferColumns& c, const Snapshot& s) const;
};

// What a search around a place may count apart: nearest first on a first page without words,
// remote offers included, and nothing asked but themes (no other filter, no person, no hours,
// duplicates kept). Nothing otherwise.
std::optional<Apart> apart(const Query& q, const Area& area, const Filters& filters,
                           const ForPerson& for_person, bool nearest_first_page, const Snapshot& s);

// While one lives, searches of this thread count the remote offers with the others: the tests'
// reference.
struct EverywhereWithTheOthers {
    EverywhereWithTheOthers();
    ~EverywhereWithTheOthers();
    EverywhereWithTheOthers(const EverywhereWithTheOthers&) = delete;
    EverywhereWithTheOthers& operator=(const EverywhereWithTheOthers&) = delete;
};

// How many searches of this thread counted them apart, and with a département: the tests'
// check that they did.
size_t searches_everywhere_apart();
size_t searches_departement_apart();

// Adds `more`'s counts to `into`'s, each list staying in its table's order.
void add_facets(const Facets& more, const Taxonomy& taxonomy, Facets& into);

}  // namespace cartoffre::detail
