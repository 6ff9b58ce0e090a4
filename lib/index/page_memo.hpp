#pragma once
// What a page of a query found, kept for its next pages (docs/design/search.md, "Pages after the
// first"): its total, facets and word notes, fixed for a generation, and the next few hundred
// matches in the query's order. A page asked with a cursor is then read from there instead of
// gathering, filtering, counting and ordering every match again.
//
// Each generation's Snapshot holds one (a cursor names its generation: an older memo is never
// asked). Searches run from many threads: finding and keeping take a lock, and an entry once
// kept is never changed (shared, read without the lock).

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cartoffre/query.hpp"

namespace cartoffre::detail {

// A query named by 128 bits of two keyed hashes (SipHash, keys drawn when the process starts)
// of its every filter, profile included, its order and its day: a collision is as unlikely as
// 2^-128 and cannot be aimed at without the keys, and the person's profile is never held.
struct MemoKey {
    uint64_t high = 0, low = 0;
    bool operator==(const MemoKey& o) const { return high == o.high && low == o.low; }
};

// Everything of `q` that decides its match set and order (not limit, not cursor), and the day
// the search judges by (a query without `today` asked the next day is another query).
MemoKey memo_key(const Query& q, const Date& today);

// A match in the query's order, with what its hit shows.
struct RankedMatch {
    double key;       // the sort key, as the cursor carries it
    double distance;  // km, exact; infinity when none
    double score;     // Hit::score
    uint32_t rank;    // in id order: ties go by id
    uint32_t position;
    bool ineligible;  // last, in an inclusive search for a person
    bool operator<(const RankedMatch& o) const {
        if (ineligible != o.ineligible) return o.ineligible;
        return key < o.key || (key == o.key && rank < o.rank);
    }
};

struct MemoEntry {
    MemoKey key;
    size_t total = 0;
    Facets facets;
    std::vector<std::string> unknown_words;
    std::string suggestion;
    bool corrected = false;
    std::vector<Understanding> understood;
    // The matches in order right after `start` (from the first when `from_start`): the page
    // the entry was made for and the next ones.
    bool from_start = true;
    RankedMatch start{};
    std::vector<RankedMatch> first;
    bool complete = false;  // `first` runs to the last match
};

class PageMemo {
  public:
    // Entries kept per generation: the oldest goes first.
    static constexpr size_t capacity = 256;
    // Matches kept per entry: twenty pages of the page's size (and one, to know a next page
    // exists), so that a walk of ten pages is read from one entry.
    static size_t depth(size_t limit) { return 20 * limit + 1; }
    // Only queries paged by 1 to max_limit hits are kept: a few MB at most.
    static constexpr size_t max_limit = 50;
    // Nor queries of fewer matches than this (memo_min_matches()): their pages redone cost less
    // than keeping them (about 0.1 ms at 1,000,000 offers), and their first page stays as cheap
    // as it was.
    static constexpr size_t min_matches = 2000;

    std::shared_ptr<const MemoEntry> find(const MemoKey& key) const;
    void keep(std::shared_ptr<const MemoEntry> entry);

  private:
    mutable std::mutex m_lock;
    std::array<std::shared_ptr<const MemoEntry>, capacity> m_entries;
    size_t m_next = 0;  // where the next entry goes, over the oldest
};

// While one lives, searches of this thread neither read nor fill the memo: the tests' reference.
struct NoPageMemo {
    NoPageMemo();
    ~NoPageMemo();
    NoPageMemo(const NoPageMemo&) = delete;
    NoPageMemo& operator=(const NoPageMemo&) = delete;
};
bool page_memo_used();

// While one lives, searches of this thread keep the pages of every query, however few its
// matches: the tests' way to put the memo to work on small catalogues.
struct MemoEveryQuery {
    MemoEveryQuery();
    ~MemoEveryQuery();
    MemoEveryQuery(const MemoEveryQuery&) = delete;
    MemoEveryQuery& operator=(const MemoEveryQuery&) = delete;
};
size_t memo_min_matches();

// Pages this thread's searches read from the memo: the tests' proof that it served them.
size_t pages_from_memo();
void count_page_from_memo();

}  // namespace cartoffre::detail
