#pragma once
// Offer records as stored in records.bin: the id as the plain record holds it (a varint
// length and its bytes, so that an id lookup decompresses nothing), then the length of the rest
// (a varint), a checksum of the rest (4 bytes) and the rest compressed by LZ4 with a dictionary
// trained on the generation's own records (records.dict). The free text of offers repeats
// itself from one offer to the next (the same kinds of structures, the same wording of
// conditions): with the dictionary a record is about a quarter of its size, and decompresses in
// about a quarter of a microsecond (zstd, format 12, made it a fifth in about a microsecond, and
// more from a cold cache: its entropy tables come on top of the dictionary), so a page of 20 hits
// costs little while the file the searches touch stays small (docs/benchmarks.md, "Records
// decompressed by LZ4").

#include <memory>
#include <string>
#include <string_view>
#include <vector>

union LZ4_stream_u;

namespace cartoffre::detail {

// A dictionary trained on `samples` (plain records) by zstd's trainer, whose output LZ4 reads
// as plain bytes to refer to, or empty when they are too few to train one: the records are then
// compressed without a dictionary.
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
    LZ4_stream_u* m_loaded = nullptr;  // the state after loading the dictionary
    LZ4_stream_u* m_work = nullptr;    // a copy of it for each record
};

// Decompresses stored records; safe to call from many threads at once.
class RecordUnpacker {
  public:
    RecordUnpacker() = default;
    // Keeps a copy of the dictionary (64 KB at most): nothing else to prepare.
    explicit RecordUnpacker(std::string_view dictionary);
    // The plain record of a stored one. Throws IndexError when it is corrupt.
    std::string unpack(std::string_view stored) const;
    // The same into `plain` (resized), whose memory a caller decoding many records reuses.
    void unpack(std::string_view stored, std::string& plain) const;

  private:
    std::string m_dictionary;  // empty without one
};

}  // namespace cartoffre::detail
