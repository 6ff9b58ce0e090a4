// The cursor decoder: any text is a cursor or a QueryError, and a decoded cursor encodes back
// to one that decodes the same.

#include <cstring>

#include "cartoffre/error.hpp"
#include "fuzz_support.hpp"
#include "index/cursor.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    detail::Cursor cursor;
    try {
        cursor = detail::decode_cursor(fuzz::text_of(data, size));
    } catch (const QueryError&) {
        return 0;
    }
    const detail::Cursor again = detail::decode_cursor(detail::encode_cursor(cursor));
    fuzz::expect(again.order == cursor.order && again.query == cursor.query &&
                     again.ineligible == cursor.ineligible && again.last_id == cursor.last_id &&
                     std::memcmp(&again.key, &cursor.key, sizeof cursor.key) == 0,
                 "a cursor encodes back to itself");
    return 0;
}
