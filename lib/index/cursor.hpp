#pragma once
// Keyset cursors: the last hit's sort key and offer id, so that the next page starts right
// after it whatever happened in between (no offset: nothing repeated, nothing skipped).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartoffre::detail {

struct Cursor {
    char order = 'i';         // d distance, r relevance, b blend, i id
    uint32_t query = 0;       // fingerprint of the query the cursor belongs to
    bool ineligible = false;  // the last hit was among the ineligible (inclusive search)
    double key = 0;           // the last hit's sort key, exact
    std::string last_id;      // the last hit's offer id
};

std::string encode_cursor(const Cursor& cursor);
// Throws QueryError when the text is not a cursor.
Cursor decode_cursor(std::string_view text);

}  // namespace cartoffre::detail
