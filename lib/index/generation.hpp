#pragma once
// Writing a generation, shared by Index::build (every offer checked and analysed) and
// Index::update (the unchanged offers' derived facts taken from the previous generation).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartoffre/index.hpp"
#include "eligibility/eligibility.hpp"
#include "index/duplicates.hpp"
#include "index/snapshot.hpp"
#include "text/text_index.hpp"

namespace cartoffre::detail {

// An offer accepted into a generation with what the index derives from it.
struct AcceptedOffer {
    const Offer* offer = nullptr;  // completed: placed at its commune's centre if it had no place
    std::optional<uint32_t> commune;
    std::vector<std::string> zone_keys;
    OfferRules rules{};
    std::string rules_extra;  // closures and parsed hours
    // Set when taken from the previous generation: its columns, record and text record there
    // (the columns' commune and rules are then those above, copied from it too).
    const OfferColumns* reused_columns = nullptr;
    std::string_view reused_record;
    std::pair<const uint32_t*, const uint32_t*> reused_text{nullptr, nullptr};
    uint32_t previous_position = UINT32_MAX;  // where it was in the previous generation
};

// Every pair of offers judged the same place, before clusters refused some: for the next update.
// StoredPair[n] by id ranks of the generation.
constexpr const char* duplicate_evidence_file = "duplicate_evidence.bin";
struct StoredPair {
    uint32_t a, b;
    double distance_m, name_similarity, address_similarity;
    uint8_t same_siret, same_siren, same_phone, approximate;
    uint32_t unused;
};
static_assert(sizeof(StoredPair) == 40);

// The duplicate pairs an update lends: the previous pairs between offers none of `involving`
// (by rank), whose candidates are sought again from the offers marked in `seek`.
struct DuplicateReuse {
    std::vector<DuplicatePair> kept;
    std::vector<char> seek, involving;
};

// Counts `offer` rejected for `reason` (errors, rejected_offers, rejected).
void reject(BuildReport& report, const Offer& offer, const std::string& reason);

// Checks `offer` (names, codes, zones, coordinates; `duplicate_id` when another offer accepted
// or not has its id), completes it and derives its rules. Returns nothing, with the reason in
// `report`, when it is rejected.
std::optional<AcceptedOffer> accept_offer(Offer& offer, bool duplicate_id,
                                          const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                                          BuildReport& report);
// accept_offer for every offer, `by_id` listing them in id order (an offer after one of the
// same id is refused): the accepted ones in that order, the rejections counted in `report`.
std::vector<AcceptedOffer> accept_offers(std::vector<Offer>& offers,
                                         const std::vector<uint32_t>& by_id,
                                         const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                                         BuildReport& report);

// Writes a generation of `accepted` (sorted by id, ids unique) in `dir` and makes it current
// atomically; the text records reused read their stems in `reuse`; the duplicate pairs are
// found again only where `duplicates` says, when given. Sets the report's
// generation, duplicate clusters and their time.
// When `based_on` is not empty, the current generation must still be that one (the previous
// generation an update read), else IndexError: another load switched in between.
void write_generation(const std::filesystem::path& dir, const std::vector<AcceptedOffer>& accepted,
                      const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                      const BuildOptions& options, const TextReuse& reuse,
                      const DuplicateReuse* duplicates, const std::string& based_on,
                      BuildReport& report);

// The generation directories of an index directory (generation_dir.cpp): "gen-000003" is
// generation 3, another name -1; the current one's name as CURRENT says.
int generation_number(const std::string& name);
std::string current_generation(const std::filesystem::path& dir);
// Keeps the current and the previous generation, and any older one a reader still holds
// (index/lease.hpp: it is removed by a later build, once released); removes the others and the
// leftovers of interrupted builds and removals: temporary directories, and a generation renamed
// in place by a build killed before it switched CURRENT.
void remove_old_generations(const std::filesystem::path& dir, const std::string& current,
                            const std::string& previous);

// What the text index reads of an offer: names, themes, and the free text.
TextDocument text_of(const Offer& offer, const Taxonomy& taxonomy);

// Places an offer without coordinates at the centre of its commune (code_insee), flagged
// approximate; `placed` says whether it did. Returns the commune when the code is known.
std::optional<uint32_t> place_at_commune_centre(Offer& offer, const Gazetteer& gazetteer,
                                                bool& placed);

// Where the tables a generation copies come from: data_dir()/table, and the options.
std::filesystem::path data_table_dir(const char* table);
std::filesystem::path text_data_dir(const BuildOptions& options);
// The gazetteer a build or an update uses: the options', else the COG tables of the shared
// data. A copy shares the gazetteer's image, so returning one costs nothing.
Gazetteer gazetteer_of(const BuildOptions& options);

}  // namespace cartoffre::detail
