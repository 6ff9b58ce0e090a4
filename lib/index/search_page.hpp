#pragma once
// The page of a search (search.cpp, step 8): its hits decoded and judged for the person, with
// the cursor after the last; or, for a page after the first, read from what the first page kept
// (page_memo.hpp).

#include <cstddef>
#include <cstdint>

#include "cartoffre/index.hpp"
#include "index/cursor.hpp"
#include "index/page_memo.hpp"
#include "index/search.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// The page's hits, `shown` matches in order from `first`, and the cursor after the last when
// `more` follow: decoded, judged for the person, or handed to `visit`.
void show(const RankedMatch* first, size_t shown, bool more, char order, uint32_t query_print,
          const ForPerson& for_person, const Snapshot& s, const PageVisitor* visit,
          Results& results);

// A page after the first from what the first page kept: the matches after the cursor's, as the
// query would order them again. False when the page reaches past the matches kept.
bool page_from_memo(const MemoEntry& memo, const Cursor& cursor, size_t limit, char order,
                    uint32_t query_print, const ForPerson& for_person, const Snapshot& s,
                    const PageVisitor* visit, Results& results);

}  // namespace cartoffre::detail
