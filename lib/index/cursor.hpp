#pragma once
// Keyset cursors: the last hit's sort key and offer id, so that the next page starts right
// after it (no offset: nothing repeated, nothing skipped), with the generation they belong to
// (a page is never continued with another generation's offers) and a keyed hash that refuses
// a cursor changed on its way.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartoffre {
struct Query;
}

namespace cartoffre::detail {

struct Cursor {
    char order = 'i';         // d distance, r relevance, b blend, i id
    uint32_t query = 0;       // fingerprint of the query the cursor belongs to
    uint64_t generation = 0;  // detail::Snapshot::token of the generation that made it
    bool ineligible = false;  // the last hit was among the ineligible (inclusive search)
    double key = 0;           // the last hit's sort key, exact
    std::string last_id;      // the last hit's offer id
};

std::string encode_cursor(const Cursor& cursor);
// Throws QueryError when the text is not a cursor this library made, unchanged.
Cursor decode_cursor(std::string_view text);

// A hash of every filter of the query (the filter table, include/cartoffre/filters.hpp), so
// that a cursor is only used with the query it came from (lib/index/filters.cpp).
uint32_t fingerprint(const Query& query);

// Every filter of the query, spelled in full, each closed by a byte UTF-8 never holds: two
// queries with the same text keep the same offers (lib/index/filters.cpp).
std::string canonical_query(const Query& query);

// SipHash-2-4 of `text` under the key (k0, k1): a keyed hash, unpredictable without the key.
uint64_t keyed_hash(std::string_view text, uint64_t k0, uint64_t k1);

// A fast 64-bit digest of bytes (not cryptographic): names a generation by its content.
uint64_t digest(std::string_view bytes, uint64_t seed = 0);

}  // namespace cartoffre::detail
