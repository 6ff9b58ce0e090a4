#include "index/record_pack.hpp"

#include <zdict.h>
#include <zstd.h>

#include "cartoffre/error.hpp"
#include "index/record.hpp"

namespace cartoffre::detail {

namespace {

// Level 3, zstd's default: levels above it shrink these records by a tenth more at three times
// the build's compression time; decompression costs the same.
constexpr int level = 3;
constexpr size_t dictionary_capacity = 64 * 1024;
// Fewer records than this train no useful dictionary (zstd wants about a hundred times the
// dictionary's size of samples): small indexes go without one.
constexpr size_t fewest_samples = 1000;

// The bytes of the id as the plain record begins with it (a varint length and the id).
size_t id_prefix(std::string_view record) {
    const std::string_view id = record_id(record);
    return static_cast<size_t>(id.data() + id.size() - record.data());
}

[[noreturn]] void corrupt(const char* why) {
    throw IndexError(std::string("fiche d'offre endommagée dans records.bin : ") + why);
}

ZSTD_DCtx* thread_context() {
    // One decompression context per thread, freed with it: contexts are not thread-safe, and
    // creating one per record would cost more than the decompression.
    struct Owned {
        ZSTD_DCtx* context = ZSTD_createDCtx();
        ~Owned() { ZSTD_freeDCtx(context); }
    };
    thread_local Owned owned;
    if (!owned.context) throw std::bad_alloc();
    return owned.context;
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
    : m_dictionary(std::move(dictionary)), m_context(ZSTD_createCCtx()) {
    if (!m_context) throw std::bad_alloc();
    if (!m_dictionary.empty()) {
        m_cdict = ZSTD_createCDict(m_dictionary.data(), m_dictionary.size(), level);
        if (!m_cdict) throw std::bad_alloc();
        ZSTD_CCtx_refCDict(m_context, m_cdict);
    } else {
        ZSTD_CCtx_setParameter(m_context, ZSTD_c_compressionLevel, level);
    }
    // The dictionary is the generation's: its id in every frame would only take four bytes.
    ZSTD_CCtx_setParameter(m_context, ZSTD_c_dictIDFlag, 0);
    // Four bytes of checksum: a damaged record is refused rather than shown changed.
    ZSTD_CCtx_setParameter(m_context, ZSTD_c_checksumFlag, 1);
}

RecordPacker::~RecordPacker() {
    ZSTD_freeCDict(m_cdict);
    ZSTD_freeCCtx(m_context);
}

std::string RecordPacker::pack(std::string_view plain) {
    const size_t prefix = id_prefix(plain);
    const std::string_view rest = plain.substr(prefix);
    std::string stored(prefix + ZSTD_compressBound(rest.size()), '\0');
    plain.copy(stored.data(), prefix);
    const size_t size = ZSTD_compress2(m_context, stored.data() + prefix, stored.size() - prefix,
                                       rest.data(), rest.size());
    if (ZSTD_isError(size))
        throw IndexError(std::string("compression d'une fiche d'offre impossible (zstd : ") +
                         ZSTD_getErrorName(size) + ")");
    stored.resize(prefix + size);
    return stored;
}

RecordUnpacker::RecordUnpacker(std::string_view dictionary) {
    if (dictionary.empty()) return;
    // A copy of 64 KB at most, with the decoding tables zstd builds from it once.
    m_ddict = ZSTD_createDDict(dictionary.data(), dictionary.size());
    if (!m_ddict) throw IndexError("dictionnaire des fiches (records.dict) endommagé");
}

RecordUnpacker::~RecordUnpacker() {
    ZSTD_freeDDict(m_ddict);
}

RecordUnpacker::RecordUnpacker(RecordUnpacker&& other) noexcept : m_ddict(other.m_ddict) {
    other.m_ddict = nullptr;
}

RecordUnpacker& RecordUnpacker::operator=(RecordUnpacker&& other) noexcept {
    std::swap(m_ddict, other.m_ddict);
    return *this;
}

std::string RecordUnpacker::unpack(std::string_view stored) const {
    std::string plain;
    unpack(stored, plain);
    return plain;
}

void RecordUnpacker::unpack(std::string_view stored, std::string& plain) const {
    const size_t prefix = id_prefix(stored);
    const std::string_view packed = stored.substr(prefix);
    const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1u << 30))
        corrupt("bloc compressé illisible");
    plain.resize(prefix + size);
    stored.copy(plain.data(), prefix);
    ZSTD_DCtx* context = thread_context();
    const size_t got = m_ddict ? ZSTD_decompress_usingDDict(context, plain.data() + prefix, size,
                                                            packed.data(), packed.size(), m_ddict)
                               : ZSTD_decompressDCtx(context, plain.data() + prefix, size,
                                                     packed.data(), packed.size());
    if (ZSTD_isError(got) || got != size) corrupt("bloc compressé illisible");
}

}  // namespace cartoffre::detail
