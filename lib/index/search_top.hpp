#pragma once
// Words over all offers, by relevance: the best matches found without weighing every match
// (search_top.cpp).

#include <cstdint>
#include <optional>

#include "cartoffre/index.hpp"
#include "index/cursor.hpp"
#include "index/search_context.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

// Whether `q` is words alone ranked by relevance: no place, viewport, filter, person, hours or
// duplicates rule. Those are answered by search_top; the others by the one query path.
bool top_applies(const Query& q, bool has_area, bool by_relevance, const Filters& filters,
                 const ForPerson& for_person);

// Answers such a query into `results` as the exhaustive path would (same total, facets, hits in
// the same order, same cursor), weighing only the matches of the ranges of offers whose bound
// may beat the page's last hit. False, and nothing done, when the index holds no bounds.
bool search_top(const Query& q, const std::optional<Cursor>& cursor, uint32_t query_print,
                const Snapshot& s, Results& results);

// Whether an ExhaustiveSearch lives on this thread.
bool exhaustive_search();

// While one lives, searches of this thread weigh every match: the oracle tests' reference.
struct ExhaustiveSearch {
    ExhaustiveSearch();
    ~ExhaustiveSearch();
    ExhaustiveSearch(const ExhaustiveSearch&) = delete;
    ExhaustiveSearch& operator=(const ExhaustiveSearch&) = delete;
};

}  // namespace cartoffre::detail
