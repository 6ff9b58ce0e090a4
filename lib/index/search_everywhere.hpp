#pragma once
// Remote offers open everywhere, in a search around a place (search.cpp). Besides the offers
// near the place, such a search finds every remote offer open to all residences in the themes
// asked: the same offers whatever the place, and around most places most of the matches (four
// in five at 1,000,000 generated offers). When the search asks nothing of them but the themes,
// their count, facets and order by id are read from the generation's memo (everywhere_memo.hpp),
// computed once per theme set, and the candidates leave them out: nearest first, they come after
// every near match, by id, and the page takes the first of them it needs.

#include <memory>

#include "cartoffre/query.hpp"
#include "index/everywhere_memo.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// Whether a search around a place may read its remote offers open everywhere from the memo:
// nearest first on a first page without words, remote offers included, and no filter but
// themes, no person, no hours, no duplicates left out.
bool everywhere_applies(const Query& q, const Filters& filters, const ForPerson& for_person,
                        bool nearest_first_page, const Snapshot& s);

// The remote offers open everywhere in the themes of `filters`, from the memo or computed.
std::shared_ptr<const Everywhere> everywhere(const Filters& filters, const Snapshot& s);

// While one lives, searches of this thread count the remote offers open everywhere with the
// others: the tests' reference.
struct EverywhereWithTheOthers {
    EverywhereWithTheOthers();
    ~EverywhereWithTheOthers();
    EverywhereWithTheOthers(const EverywhereWithTheOthers&) = delete;
    EverywhereWithTheOthers& operator=(const EverywhereWithTheOthers&) = delete;
};

// How many searches of this thread counted them apart: the tests' check that they did.
size_t searches_everywhere_apart();

// Adds `more`'s counts to `into`'s, each list staying in its table's order.
void add_facets(const Facets& more, const Taxonomy& taxonomy, Facets& into);

}  // namespace cartoffre::detail
