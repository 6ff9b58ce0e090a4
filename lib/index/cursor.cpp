#include "index/cursor.hpp"

#include <cstring>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void put_hex(std::string& out, uint64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i) out += hex_digits[(value >> (4 * i)) & 0xf];
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

uint64_t take_hex(std::string_view& in, int digits) {
    if (in.size() < static_cast<size_t>(digits)) throw QueryError("invalid cursor: truncated");
    uint64_t value = 0;
    for (int i = 0; i < digits; ++i) {
        int v = hex_value(in[i]);
        if (v < 0) throw QueryError("invalid cursor: unexpected character");
        value = value << 4 | static_cast<uint64_t>(v);
    }
    in.remove_prefix(digits);
    return value;
}

}  // namespace

// Layout: "c2" order tier(1 hex: 1 when among the ineligible) query(8 hex) key(16 hex, IEEE
// bits) id(2 hex per byte).
std::string encode_cursor(const Cursor& cursor) {
    std::string out = "c2";
    out += cursor.order;
    put_hex(out, cursor.ineligible ? 1 : 0, 1);
    put_hex(out, cursor.query, 8);
    uint64_t bits;
    std::memcpy(&bits, &cursor.key, sizeof bits);
    put_hex(out, bits, 16);
    for (unsigned char c : cursor.last_id) put_hex(out, c, 2);
    return out;
}

Cursor decode_cursor(std::string_view text) {
    if (text.size() < 4 || text.substr(0, 2) != "c2")
        throw QueryError("invalid cursor '" + std::string(text.substr(0, 40)) +
                         "': pass the next_cursor of a previous page unchanged");
    Cursor cursor;
    cursor.order = text[2];
    text.remove_prefix(3);
    cursor.ineligible = take_hex(text, 1) != 0;
    cursor.query = static_cast<uint32_t>(take_hex(text, 8));
    uint64_t bits = take_hex(text, 16);
    std::memcpy(&cursor.key, &bits, sizeof bits);
    if (text.size() % 2 != 0) throw QueryError("invalid cursor: truncated");
    while (!text.empty()) cursor.last_id += static_cast<char>(take_hex(text, 2));
    return cursor;
}

}  // namespace cartoffre::detail
