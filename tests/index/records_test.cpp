// Offers' records stored compressed (lib/index/record_pack.hpp): what is read back is what was
// written, the id is readable without decompressing, and the file is a fraction of the plain
// records' size.

#include <lz4.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cartoffre/error.hpp"
#include "index/record.hpp"
#include "index/record_pack.hpp"
#include "index/snapshot.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> plain_records(const std::vector<Offer>& offers) {
    std::vector<std::string> plain;
    for (const Offer& o : offers) plain.push_back(detail::encode_record(o));
    return plain;
}

const std::vector<Offer>& generated_offers() {
    static const Catalogue catalogue =
        generate_catalogue(testing::real_gazetteer(), Taxonomy::builtin(), 3000, 11);
    return catalogue.offers;
}

}  // namespace

TEST_CASE("a record packed with a trained dictionary unpacks to the same bytes, id first") {
    const std::vector<std::string> plain = plain_records(generated_offers());
    const std::string dictionary = detail::train_record_dictionary(plain);
    REQUIRE(!dictionary.empty());
    detail::RecordPacker packer(dictionary);
    const detail::RecordUnpacker unpacker(dictionary);
    size_t plain_bytes = 0, stored_bytes = 0;
    for (size_t i = 0; i < plain.size(); ++i) {
        const std::string stored = packer.pack(plain[i]);
        REQUIRE(unpacker.unpack(stored) == plain[i]);
        REQUIRE(detail::record_id(stored) == generated_offers()[i].id);
        plain_bytes += plain[i].size();
        stored_bytes += stored.size();
    }
    // The generated free text repeats itself like the catalogues' do: well under a third.
    CHECK(stored_bytes * 3 < plain_bytes);
}

TEST_CASE("too few records train no dictionary, and records are packed without one") {
    const std::vector<Offer>& offers = generated_offers();
    const std::vector<std::string> plain =
        plain_records(std::vector<Offer>(offers.begin(), offers.begin() + 50));
    const std::string dictionary = detail::train_record_dictionary(plain);
    CHECK(dictionary.empty());
    detail::RecordPacker packer(dictionary);
    const detail::RecordUnpacker unpacker(dictionary);
    for (const std::string& p : plain) REQUIRE(unpacker.unpack(packer.pack(p)) == p);
}

TEST_CASE("a damaged stored record is an IndexError, not a wrong offer") {
    const std::vector<std::string> plain = plain_records(generated_offers());
    const std::string dictionary = detail::train_record_dictionary(plain);
    detail::RecordPacker packer(dictionary);
    const detail::RecordUnpacker unpacker(dictionary);
    std::string stored = packer.pack(plain[0]);
    CHECK_THROWS_AS(unpacker.unpack(stored.substr(0, stored.size() - 3)), IndexError);
    stored[stored.size() / 2] ^= 0x5a;
    stored[stored.size() / 2 + 1] ^= 0x3c;
    CHECK_THROWS_AS(unpacker.unpack(stored), IndexError);  // the frame's checksum
    // Another generation's dictionary does not read these records.
    const detail::RecordUnpacker without{std::string_view{}};
    CHECK_THROWS_AS(without.unpack(packer.pack(plain[1])), IndexError);
}

TEST_CASE("a stored record is its id, the rest's size, a checksum and an LZ4 block (format 13)") {
    const std::vector<std::string> plain = plain_records(generated_offers());
    const std::string dictionary = detail::train_record_dictionary(plain);
    detail::RecordPacker packer(dictionary);
    for (size_t i = 0; i < 50; ++i) {
        const std::string stored = packer.pack(plain[i]);
        const std::string_view id = detail::record_id(stored);
        size_t at = static_cast<size_t>(id.data() + id.size() - stored.data());
        const std::string_view rest = std::string_view(plain[i]).substr(at);
        REQUIRE(stored.substr(0, at) == plain[i].substr(0, at));  // the id, as the plain holds it
        size_t size = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<uint8_t>(stored.at(at++));
            size |= size_t{byte & 0x7fu} << shift;
            if (!(byte & 0x80)) break;
        }
        REQUIRE(size == rest.size());
        at += 4;  // the checksum
        std::string back(size, '\0');
        const int got = LZ4_decompress_safe_usingDict(
            stored.data() + at, back.data(), static_cast<int>(stored.size() - at),
            static_cast<int>(size), dictionary.data(), static_cast<int>(dictionary.size()));
        REQUIRE(got == static_cast<int>(size));
        CHECK(back == rest);
    }
}

TEST_CASE("a stored record with any byte changed after its id is refused, never shown changed") {
    const std::vector<std::string> plain = plain_records(generated_offers());
    for (const std::string& dictionary : {detail::train_record_dictionary(plain), std::string()}) {
        detail::RecordPacker packer(dictionary);
        const detail::RecordUnpacker unpacker(dictionary);
        size_t refused = 0, by_checksum = 0, same = 0;
        for (size_t i = 0; i < 3; ++i) {
            const std::string stored = packer.pack(plain[i]);
            const std::string_view id = detail::record_id(stored);
            for (size_t at = static_cast<size_t>(id.data() + id.size() - stored.data());
                 at < stored.size(); ++at)
                for (const char flip : {'\x01', '\x80'}) {
                    std::string damaged = stored;
                    damaged[at] = static_cast<char>(damaged[at] ^ flip);
                    std::string back, what;
                    try {
                        back = unpacker.unpack(damaged);
                    } catch (const IndexError& e) {
                        what = e.what();
                    }
                    if (what.empty()) {
                        // LZ4 may read a changed offset or length as another valid block that
                        // yields the same bytes: then nothing is shown changed.
                        REQUIRE(back == plain[i]);
                        ++same;
                    } else {
                        ++refused;
                        REQUIRE(what.find("fiche d'offre endommagée dans records.bin") == 0);
                        by_checksum += what.find("somme de contrôle fausse") != std::string::npos;
                    }
                }
        }
        CHECK(refused > 100);
        CHECK(same < refused / 10);
        // A changed literal decodes to bytes of the right size: only the checksum tells.
        CHECK(by_checksum > 10);
    }
}

TEST_CASE("a stored record whose size says more than its block can hold is refused at once") {
    const std::vector<std::string> plain = plain_records(generated_offers());
    detail::RecordPacker packer(detail::train_record_dictionary(plain));
    const detail::RecordUnpacker unpacker(packer.dictionary());
    const std::string stored = packer.pack(plain[0]);
    const std::string_view id = detail::record_id(stored);
    const size_t at = static_cast<size_t>(id.data() + id.size() - stored.data());
    // The size rewritten as 900 MB (a five-byte varint), the rest as it was.
    std::string damaged = stored.substr(0, at);
    for (uint64_t v = 900u << 20; v >= 0x80; v >>= 7) damaged += static_cast<char>(v | 0x80);
    damaged += static_cast<char>((900u << 20) >> 28);
    size_t old_size_bytes = 1;
    while (static_cast<uint8_t>(stored[at + old_size_bytes - 1]) & 0x80) ++old_size_bytes;
    damaged += stored.substr(at + old_size_bytes);
    std::string reused;
    CHECK_THROWS_WITH(unpacker.unpack(damaged, reused), Catch::Contains("en-tête illisible"));
    CHECK(reused.capacity() < (1u << 20));  // nothing of 900 MB allocated
}

TEST_CASE("an index stores its records compressed and gives back every offer as loaded") {
    testing::GeneratedIndex generated(3000, 11);
    const Index& index = generated.index;
    REQUIRE(index.size() > 2500);
    size_t plain_bytes = 0, found = 0;
    for (const Offer& o : generated.catalogue.offers) {
        const std::optional<Offer> back = index.get(o.id);
        if (!back) continue;  // rejected by the build
        ++found;
        CHECK(back->nom == o.nom);
        CHECK(back->description == o.description);
        CHECK(back->conditions_acces == o.conditions_acces);
        CHECK(back->horaires_accueil == o.horaires_accueil);
        plain_bytes += detail::encode_record(*back).size();
    }
    CHECK(found == index.size());
    const fs::path generation = generated.dir.path() / index.generation();
    CHECK(fs::file_size(generation / detail::files::record_dictionary) > 0);
    CHECK(fs::file_size(generation / detail::files::records) * 3 < plain_bytes);
}

TEST_CASE("a record unpacked into memory that held a longer one is that record alone") {
    const std::vector<std::string> plain = plain_records(generated_offers());
    const std::string dictionary = detail::train_record_dictionary(plain);
    detail::RecordPacker packer(dictionary);
    const detail::RecordUnpacker unpacker(dictionary);
    const auto [shortest, longest] = std::minmax_element(
        plain.begin(), plain.end(), [](auto& a, auto& b) { return a.size() < b.size(); });
    std::string reused;
    unpacker.unpack(packer.pack(*longest), reused);
    REQUIRE(reused == *longest);
    unpacker.unpack(packer.pack(*shortest), reused);
    CHECK(reused == *shortest);
    // A damaged one throws and leaves the memory usable for the next.
    std::string damaged = packer.pack(*longest);
    damaged[damaged.size() / 2] ^= 0x5a;
    damaged[damaged.size() / 2 + 1] ^= 0x3c;
    CHECK_THROWS_AS(unpacker.unpack(damaged, reused), IndexError);
    unpacker.unpack(packer.pack(plain[7]), reused);
    CHECK(reused == plain[7]);
}

TEST_CASE("a record decoded into an offer that held another is that record's offer alone") {
    const std::vector<Offer>& offers = generated_offers();
    // Two offers in turn: their texts and lists longer or shorter than those before.
    Offer reused;
    for (size_t i = 0; i + 1 < 200; ++i) {
        detail::decode_record(detail::encode_record(offers[i]), reused);
        const std::string next = detail::encode_record(offers[i + 1]);
        detail::decode_record(next, reused);
        REQUIRE(detail::encode_record(reused) == next);
    }
}

TEST_CASE("a damaged record in an index is the French error naming records.bin, not an offer") {
    testing::GeneratedIndex generated(3000, 11);
    const fs::path generation = generated.dir.path() / generated.index.generation();
    // The first offer in id order: the first hit of a search with no place, words nor order.
    std::string smallest;
    for (const Offer& o : generated.catalogue.offers)
        if (generated.index.get(o.id) && (smallest.empty() || o.id < smallest)) smallest = o.id;
    Query all;
    REQUIRE(generated.index.search(all).hits.at(0).offer.id == smallest);
    // Damage the middle of its compressed bytes, in place.
    std::ifstream offsets_in(generation / detail::files::record_offsets, std::ios::binary);
    std::vector<uint64_t> offsets((fs::file_size(generation / detail::files::record_offsets)) / 8);
    offsets_in.read(reinterpret_cast<char*>(offsets.data()),
                    static_cast<std::streamsize>(offsets.size() * 8));
    std::fstream records(generation / detail::files::records,
                         std::ios::binary | std::ios::in | std::ios::out);
    std::string bytes(std::istreambuf_iterator<char>(records), {});
    size_t position = 0;
    while (detail::record_id(std::string_view(bytes).substr(offsets[position])) != smallest)
        ++position;
    const uint64_t middle = (offsets[position] + offsets[position + 1]) / 2;
    records.seekp(static_cast<std::streamoff>(middle));
    records.put(static_cast<char>(bytes[middle] ^ 0x5a))
        .put(static_cast<char>(bytes[middle + 1] ^ 0x3c));
    records.close();

    const Index damaged = Index::open(generated.dir.path());
    for (int twice = 0; twice < 2; ++twice) {  // the same again: nothing of it was kept
        CHECK_THROWS_WITH(damaged.search(all),
                          Catch::Contains("fiche d'offre endommagée dans records.bin"));
        CHECK_THROWS_AS(damaged.get(smallest), IndexError);
    }
    // The other offers still read as loaded.
    for (const Offer& o : generated.catalogue.offers) {
        if (o.id == smallest) continue;
        const std::optional<Offer> back = damaged.get(o.id);
        if (!back) continue;
        REQUIRE(back->description == o.description);
    }
}
