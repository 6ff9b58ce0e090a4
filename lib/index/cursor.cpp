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

[[noreturn]] void invalid(const std::string& why) {
    throw QueryError("curseur invalide (" + why +
                     ") : donnez le next_cursor de la page précédente tel quel, ou relancez la "
                     "recherche sans curseur");
}

uint64_t take_hex(std::string_view& in, int digits) {
    if (in.size() < static_cast<size_t>(digits)) invalid("tronqué");
    uint64_t value = 0;
    for (int i = 0; i < digits; ++i) {
        int v = hex_value(in[i]);
        if (v < 0) invalid("caractère inattendu");
        value = value << 4 | static_cast<uint64_t>(v);
    }
    in.remove_prefix(digits);
    return value;
}

uint64_t rotate(uint64_t x, int bits) {
    return x << bits | x >> (64 - bits);
}

uint64_t little_endian(const unsigned char* p, size_t n) {
    uint64_t word = 0;
    for (size_t i = 0; i < n; ++i) word |= uint64_t{p[i]} << (8 * i);
    return word;
}

constexpr size_t hash_digits = 16;

// A cursor's hash (SipHash, keyed_hash), so that a changed cursor is refused whatever changed,
// several digits included. The key is the library's: a cursor only says where a page of a query
// anyone may run starts, so forging one gains nothing; the hash is there to refuse cursors
// damaged or edited on their way rather than answer them wrongly.
uint64_t siphash(std::string_view text) {
    return keyed_hash(text, 0x63617274'6f666672, 0x65637572'736f7233);
}

}  // namespace

// SipHash-2-4 (Aumasson and Bernstein).
uint64_t keyed_hash(std::string_view text, uint64_t k0, uint64_t k1) {
    uint64_t v0 = k0 ^ 0x736f6d6570736575, v1 = k1 ^ 0x646f72616e646f6d;
    uint64_t v2 = k0 ^ 0x6c7967656e657261, v3 = k1 ^ 0x7465646279746573;
    auto round = [&] {
        v0 += v1, v1 = rotate(v1, 13), v1 ^= v0, v0 = rotate(v0, 32);
        v2 += v3, v3 = rotate(v3, 16), v3 ^= v2;
        v0 += v3, v3 = rotate(v3, 21), v3 ^= v0;
        v2 += v1, v1 = rotate(v1, 17), v1 ^= v2, v2 = rotate(v2, 32);
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t whole = text.size() / 8 * 8;
    for (size_t at = 0; at < whole; at += 8) {
        const uint64_t m = little_endian(bytes + at, 8);
        v3 ^= m, round(), round(), v0 ^= m;
    }
    const uint64_t last =
        uint64_t{text.size() & 0xff} << 56 | little_endian(bytes + whole, text.size() - whole);
    v3 ^= last, round(), round(), v0 ^= last;
    v2 ^= 0xff;
    round(), round(), round(), round();
    return v0 ^ v1 ^ v2 ^ v3;
}

// Layout: "c3" order tier(1 hex: 1 when among the ineligible) query(8 hex) generation(16 hex)
// key(16 hex, IEEE bits) id(2 hex per byte), then the SipHash of all that (16 hex).
std::string encode_cursor(const Cursor& cursor) {
    std::string out = "c3";
    out += cursor.order;
    put_hex(out, cursor.ineligible ? 1 : 0, 1);
    put_hex(out, cursor.query, 8);
    put_hex(out, cursor.generation, 16);
    uint64_t bits;
    std::memcpy(&bits, &cursor.key, sizeof bits);
    put_hex(out, bits, 16);
    for (unsigned char c : cursor.last_id) put_hex(out, c, 2);
    put_hex(out, siphash(out), hash_digits);
    return out;
}

Cursor decode_cursor(std::string_view text) {
    constexpr size_t fixed = 3 + 1 + 8 + 16 + 16 + hash_digits;
    if (text.substr(0, 2) != "c3") invalid("ce n'est pas un curseur de cartoffre");
    if (text.size() < fixed || (text.size() - fixed) % 2 != 0) invalid("tronqué");
    std::string_view hash_text = text.substr(text.size() - hash_digits);
    const uint64_t hash = take_hex(hash_text, hash_digits);
    text.remove_suffix(hash_digits);
    if (siphash(text) != hash) invalid("modifié");
    Cursor cursor;
    cursor.order = text[2];
    text.remove_prefix(3);
    cursor.ineligible = take_hex(text, 1) != 0;
    cursor.query = static_cast<uint32_t>(take_hex(text, 8));
    cursor.generation = take_hex(text, 16);
    uint64_t bits = take_hex(text, 16);
    std::memcpy(&cursor.key, &bits, sizeof bits);
    while (!text.empty()) cursor.last_id += static_cast<char>(take_hex(text, 2));
    return cursor;
}

uint64_t digest(std::string_view bytes, uint64_t seed) {
    // Eight bytes a step, each word mixed in by a multiply and a shift (a few ns a kilobyte).
    constexpr uint64_t prime = 0x9e3779b97f4a7c15;
    uint64_t h = seed ^ (bytes.size() * prime);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t at = 0;
    for (; at + 8 <= bytes.size(); at += 8) {
        uint64_t word;
        std::memcpy(&word, p + at, 8);
        h = (h ^ word) * prime;
        h ^= h >> 29;
    }
    h = (h ^ little_endian(p + at, bytes.size() - at)) * prime;
    h ^= h >> 32;
    return h * prime ^ (h >> 29);
}

}  // namespace cartoffre::detail
