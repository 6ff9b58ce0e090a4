// Offers' records stored compressed (lib/index/record_pack.hpp): what is read back is what was
// written, the id is readable without decompressing, and the file is a fraction of the plain
// records' size.

#include <catch2/catch.hpp>
#include <filesystem>

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
