#pragma once
// Offer records as stored in records.bin: the id as the plain record holds it (a varint
// length and its bytes, so that an id lookup decompresses nothing), then the rest of the record
// compressed by zstd with a dictionary trained on the generation's own records (records.dict).
// The free text of offers repeats itself from one offer to the next (the same kinds of
// structures, the same wording of conditions): a dictionary of 64 KB makes a record about a
// fifth of its size, and one record decompresses in about a microsecond, so a page of 20 hits
// costs little while the file the searches touch is five times smaller.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CCtx_s;
struct ZSTD_CDict_s;
struct ZSTD_DDict_s;

namespace cartoffre::detail {

// A dictionary trained on `samples` (plain records), or empty when they are too few to train
// one: the records are then compressed without a dictionary.
std::string train_record_dictionary(const std::vector<std::string>& samples);

// Compresses records with one dictionary; one packer per thread.
class RecordPacker {
  public:
    explicit RecordPacker(std::string dictionary);
    ~RecordPacker();
    RecordPacker(const RecordPacker&) = delete;
    RecordPacker& operator=(const RecordPacker&) = delete;
    // The stored form of a plain record (record.hpp's encode_record).
    std::string pack(std::string_view plain);
    const std::string& dictionary() const { return m_dictionary; }

  private:
    std::string m_dictionary;
    ZSTD_CCtx_s* m_context = nullptr;
    ZSTD_CDict_s* m_cdict = nullptr;
};

// Decompresses stored records; safe to call from many threads at once.
class RecordUnpacker {
  public:
    RecordUnpacker() = default;
    explicit RecordUnpacker(std::string_view dictionary);
    ~RecordUnpacker();
    RecordUnpacker(RecordUnpacker&& other) noexcept;
    RecordUnpacker& operator=(RecordUnpacker&& other) noexcept;
    // The plain record of a stored one. Throws IndexError when it is corrupt.
    std::string unpack(std::string_view stored) const;
    // The same into `plain` (resized), whose memory a caller decoding many records reuses.
    void unpack(std::string_view stored, std::string& plain) const;

  private:
    ZSTD_DDict_s* m_ddict = nullptr;  // null without a dictionary
};

}  // namespace cartoffre::detail
