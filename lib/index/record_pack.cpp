#include "index/record_pack.hpp"

#include <lz4.h>
#include <zdict.h>

#include <cstring>
#include <new>

#include "cartoffre/error.hpp"
#include "index/record.hpp"

namespace cartoffre::detail {

namespace {

constexpr size_t dictionary_capacity = 64 * 1024;  // all that LZ4 looks back at
// Fewer records than this train no useful dictionary (zstd's trainer wants about a hundred
// times the dictionary's size of samples): small indexes go without one.
constexpr size_t fewest_samples = 1000;
constexpr size_t largest_record = size_t{1} << 30;

// The bytes of the id as the plain record begins with it (a varint length and the id).
size_t id_prefix(std::string_view record) {
    const std::string_view id = record_id(record);
    return static_cast<size_t>(id.data() + id.size() - record.data());
}

[[noreturn]] void corrupt(const char* why) {
    throw IndexError(std::string("fiche d'offre endommagée dans records.bin : ") + why);
}

void put_varint(std::string& out, uint64_t v) {
    for (; v >= 0x80; v >>= 7) out += static_cast<char>((v & 0x7f) | 0x80);
    out += static_cast<char>(v);
}

// Reads a varint at `at`, moving it past; false when the bytes end first or it is too long.
bool get_varint(std::string_view in, size_t& at, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && at < in.size(); shift += 7) {
        const auto byte = static_cast<uint8_t>(in[at++]);
        v |= uint64_t{byte & 0x7fu} << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

// A 32-bit digest of the plain bytes, so that a damaged record is refused rather than shown
// changed (LZ4 itself only checks that its block stays within bounds). Four lanes of eight
// bytes, each mixed on its own, so that a record of a kilobyte costs some tens of nanoseconds
// rather than the few hundred a byte-at-a-time hash would.
uint32_t checksum(const char* data, size_t size) {
    constexpr uint64_t k1 = 0x9e3779b97f4a7c15, k2 = 0xbf58476d1ce4e5b9;
    uint64_t lane[4] = {k1 ^ size, k2, k1 + k2, k2 - k1};
    size_t at = 0;
    for (; at + 32 <= size; at += 32)
        for (int i = 0; i < 4; ++i) {
            uint64_t w;
            std::memcpy(&w, data + at + 8 * i, 8);
            lane[i] = (lane[i] ^ w) * k2;
            lane[i] ^= lane[i] >> 29;
        }
    uint64_t h = lane[0] ^ (lane[1] * k1) ^ (lane[2] * k2) ^ ((lane[3] << 17) | (lane[3] >> 47));
    for (; at < size; at += 8) {
        uint64_t w = 0;
        std::memcpy(&w, data + at, std::min<size_t>(8, size - at));
        h = (h ^ w) * k1;
        h ^= h >> 31;
    }
    h *= k2;
    h ^= h >> 32;
    return static_cast<uint32_t>(h);
}

}  // namespace

std::string train_record_dictionary(const std::vector<std::string>& samples) {
    if (samples.size() < fewest_samples) return {};
    std::string joined;
    std::vector<size_t> sizes;
    for (const std::string& s : samples) {
        const size_t prefix = id_prefix(s);  // ids are unique: nothing to learn from them
        joined.append(s, prefix, std::string::npos);
        sizes.push_back(s.size() - prefix);
    }
    std::string dictionary(dictionary_capacity, '\0');
    const size_t size = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(),
                                              sizes.data(), static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(size)) return {};  // samples too alike or too short: none
    dictionary.resize(size);
    return dictionary;
}

RecordPacker::RecordPacker(std::string dictionary)
    : m_dictionary(std::move(dictionary)),
      m_loaded(LZ4_createStream()),
      m_work(LZ4_createStream()) {
    if (!m_loaded || !m_work) throw std::bad_alloc();
    // Hashing the dictionary costs some tens of microseconds: done once here. The loaded state
    // holds no pointer into itself, so that a copy of it is a state loaded with the dictionary.
    LZ4_loadDict(m_loaded, m_dictionary.data(), static_cast<int>(m_dictionary.size()));
}

RecordPacker::~RecordPacker() {
    LZ4_freeStream(m_work);
    LZ4_freeStream(m_loaded);
}

std::string RecordPacker::pack(std::string_view plain) {
    const size_t prefix = id_prefix(plain);
    const std::string_view rest = plain.substr(prefix);
    if (rest.size() > largest_record)
        throw IndexError("fiche d'offre trop longue pour records.bin : " +
                         std::to_string(rest.size()) + " octets");
    std::string stored(plain.substr(0, prefix));
    put_varint(stored, rest.size());
    const uint32_t sum = checksum(rest.data(), rest.size());
    char sum_bytes[4];
    std::memcpy(sum_bytes, &sum, 4);  // little-endian, as every map of the index
    stored.append(sum_bytes, 4);
    const size_t header = stored.size();
    const int bound = LZ4_compressBound(static_cast<int>(rest.size()));
    stored.resize(header + static_cast<size_t>(bound));
    std::memcpy(m_work, m_loaded, sizeof(LZ4_stream_t));
    const int size = LZ4_compress_fast_continue(m_work, rest.data(), stored.data() + header,
                                                static_cast<int>(rest.size()), bound, 1);
    if (size <= 0 && !rest.empty())
        throw IndexError("compression d'une fiche d'offre impossible (lz4)");
    stored.resize(header + static_cast<size_t>(size));
    return stored;
}

RecordUnpacker::RecordUnpacker(std::string_view dictionary) : m_dictionary(dictionary) {}

std::string RecordUnpacker::unpack(std::string_view stored) const {
    std::string plain;
    unpack(stored, plain);
    return plain;
}

void RecordUnpacker::unpack(std::string_view stored, std::string& plain) const {
    size_t at = 0;
    uint64_t n = 0;
    if (!get_varint(stored, at, n) || n > stored.size() - at) corrupt("identifiant tronqué");
    at += n;
    const size_t prefix = at;
    uint64_t size = 0;
    if (!get_varint(stored, at, size) || size > largest_record || stored.size() - at < 4)
        corrupt("en-tête illisible");
    uint32_t sum;
    std::memcpy(&sum, stored.data() + at, 4);
    at += 4;
    // LZ4 expands a byte to at most 255: a damaged size is refused before it is allocated.
    if (size > 255 * (stored.size() - at) + 16) corrupt("en-tête illisible");
    plain.resize(prefix + size);
    stored.copy(plain.data(), prefix);
    const int got = LZ4_decompress_safe_usingDict(
        stored.data() + at, plain.data() + prefix, static_cast<int>(stored.size() - at),
        static_cast<int>(size), m_dictionary.data(), static_cast<int>(m_dictionary.size()));
    if (got < 0 || static_cast<uint64_t>(got) != size) corrupt("bloc compressé illisible");
    if (checksum(plain.data() + prefix, size) != sum) corrupt("somme de contrôle fausse");
}

}  // namespace cartoffre::detail
