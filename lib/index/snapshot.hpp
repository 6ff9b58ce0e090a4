#pragma once
// What an open generation holds: columns for filtering, records for display, the R-trees, the
// text index and the geography. Immutable once opened.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/taxonomy.hpp"
#include "detail/mapped_file.hpp"
#include "eligibility/eligibility.hpp"
#include "index/everywhere_memo.hpp"
#include "index/facet_bits.hpp"
#include "index/lease.hpp"
#include "index/page_memo.hpp"
#include "index/placement.hpp"
#include "index/record_pack.hpp"
#include "offer/theme_set.hpp"
#include "text/text_index.hpp"

namespace cartoffre::detail {

constexpr int index_format_version = 13;
constexpr uint32_t no_commune = UINT32_MAX;

// The per-offer facts every search filters on, fixed-size and memory-mapped.
struct OfferColumns {
    double lat;  // NaN when the offer has no location
    double lon;
    ThemeSet themes;
    uint32_t commune;      // gazetteer index, or no_commune
    uint32_t zones_begin;  // first zone key in zones.bin
    uint32_t publics;      // bits of Taxonomy::publics()
    uint32_t categories;   // bits of the categories of its thématiques
    uint32_t id_rank;      // its rank in id order (ties in every order go by id)
    uint16_t zones_count;  // 0: no eligibility restriction
    uint16_t source;       // index in sources.txt
    uint8_t type;          // 0 none, else number + 1
    uint8_t frais;         // bits
    uint8_t modes;         // bits of Taxonomy::modes_accueil()
    uint8_t flags;         // see below
    uint8_t quality;       // score_qualite in hundredths (0 .. 100), at the build date
    uint8_t kind;          // its structure's kind: 0 none, else Taxonomy::typologies() number + 1
};
static_assert(std::is_trivially_copyable_v<OfferColumns>);
// One cache line each (the file is mapped at a page boundary): a candidate costs one read.
static_assert(sizeof(OfferColumns) == 64, "columns.bin layout (ARCHITECTURE.md)");

constexpr uint8_t flag_remote = 1;     // offered a-distance
constexpr uint8_t flag_in_person = 2;  // en-presentiel or no mode stated
constexpr uint8_t flag_located = 4;    // has coordinates
constexpr uint8_t flag_duplicate = 8;  // in a cluster of duplicates (clusters.bin)
// Placed at its commune's centre, not at its address: ranked after an offer at its address at
// the same distance.
constexpr uint8_t flag_approximate = 16;
constexpr uint32_t no_cluster = UINT32_MAX;

// File names inside a generation directory.
namespace files {
constexpr const char* meta = "meta.json";
constexpr const char* columns = "columns.bin";
constexpr const char* records = "records.bin";
constexpr const char* record_offsets = "records.idx";
constexpr const char* record_dictionary = "records.dict";
constexpr const char* zones = "zones.bin";
constexpr const char* by_id = "by_id.bin";
constexpr const char* zone_keys = "zone_keys.txt";
constexpr const char* sources = "sources.txt";
constexpr const char* gazetteer = "gazetteer.bin";
constexpr const char* taxonomy = "taxonomy";
constexpr const char* text = "text";
constexpr const char* rules = "rules.bin";
constexpr const char* rules_extra = "rules_extra.bin";
constexpr const char* eligibility = "eligibility";
constexpr const char* clusters = "clusters.bin";
constexpr const char* cluster_members = "cluster_members.bin";
constexpr const char* cluster_begin = "cluster_members.idx";
constexpr const char* duplicate_pairs = "duplicate_pairs.tsv";
constexpr const char* units = "units.bin";
constexpr const char* lists = "lists.bin";
constexpr const char* trees = "trees.bin";
constexpr const char* current = "CURRENT";
}  // namespace files

// No coordinates, no commune, not remote: no local search finds the offer.
inline bool is_unplaced(const OfferColumns& c) {
    return !(c.flags & (flag_located | flag_remote)) && c.commune == no_commune;
}

// No eligibility zones, or France (`france_key`) among them: open to every residence.
inline bool open_everywhere(const OfferColumns& c, const uint32_t* zones,
                            std::optional<uint32_t> france_key) {
    if (c.zones_count == 0) return true;
    if (!france_key) return false;
    const uint32_t* z = zones + c.zones_begin;
    return std::find(z, z + c.zones_count, *france_key) != z + c.zones_count;
}

// What an Index handle holds (cartoffre/index.hpp): one open generation.
struct Snapshot {
    // First, so that it is released last: the generation stays on disk while anything of this
    // snapshot may still read it (index/lease.hpp).
    detail::GenerationLease lease;
    std::filesystem::path root;       // the index directory, where CURRENT names the newest
    std::filesystem::path directory;  // root / generation
    std::string generation;
    // Names this generation in cursors: a digest of its meta.json, which holds its name and a
    // digest of its content (two generations differ in it, even of two index directories).
    uint64_t token = 0;
    Gazetteer gazetteer;
    Taxonomy taxonomy;
    detail::MappedFile columns_file, records_file, record_offsets_file, zones_file;
    detail::MappedFile records_dictionary_file;
    detail::RecordUnpacker records_unpacker;  // with a copy of records_dictionary_file
    const detail::OfferColumns* columns = nullptr;
    const uint64_t* record_offsets = nullptr;
    const uint32_t* zones = nullptr;
    // Offers are stored in spatial order (nearby offers sit together in every file); by_id
    // lists their positions in id order.
    detail::MappedFile by_id_file;
    const uint32_t* by_id = nullptr;
    size_t size = 0;
    std::vector<std::string> sources;
    std::vector<std::string> zone_keys;  // by id, as in zones.bin
    std::unordered_map<std::string, uint32_t> zone_key_ids;
    std::optional<uint32_t> france_key;  // the id of "france", when some offer has it
    // Where offers are found around a place: unit vectors, lists by commune and zone, R-trees.
    detail::Placement placement;
    std::unique_ptr<detail::TextIndex> text;
    // Each facet value's offers as bits: the facets of a large match set (facet_bits.hpp).
    detail::FacetBits facet_bits;
    // Eligibility: the code tables the index was built with, and per offer its rules.
    detail::EligibilityTables eligibility;
    std::vector<detail::EligibilityTables::PublicRule> public_rules;  // by Taxonomy::publics()
    detail::MappedFile rules_file, rules_extra_file;
    const detail::OfferRules* rules = nullptr;
    // Checked where read rather than at open, so that opening reads no per-offer file whole.
    std::string_view rules_extra(uint32_t position) const {
        const detail::OfferRules& r = rules[position];
        if (size_t{r.extra_begin} + r.extra_size > rules_extra_file.size()) corrupt_rules(position);
        return {rules_extra_file.data() + r.extra_begin, r.extra_size};
    }
    [[noreturn]] void corrupt_rules(uint32_t position) const;

    // Duplicates across sources: the cluster of each offer (no_cluster when none), and each
    // cluster's members best first, cluster_members[cluster_begin[k] .. [k + 1]).
    detail::MappedFile clusters_file, cluster_begin_file, cluster_members_file;
    const uint32_t* clusters = nullptr;
    const uint32_t* cluster_begin = nullptr;
    const uint32_t* cluster_members = nullptr;
    // The offer's record with what the index adds: its quality score and its duplicates.
    Offer offer(uint32_t position) const;
    // The same into `offer`, a fresh Offer (a hit's, so that it is not moved into place).
    void offer(uint32_t position, Offer& offer) const;

    // The record as stored: its id, then the rest compressed (index/record_pack.hpp).
    std::string_view stored_record(uint32_t position) const {
        return records_file.view().substr(record_offsets[position],
                                          record_offsets[position + 1] - record_offsets[position]);
    }
    // The record as encode_record wrote it.
    std::string record(uint32_t position) const {
        return records_unpacker.unpack(stored_record(position));
    }
    std::string_view id(uint32_t position) const;
    // No eligibility zones, or France among them: open to every residence.
    bool open_everywhere(const detail::OfferColumns& c) const {
        return detail::open_everywhere(c, zones, france_key);
    }
    // Rank, in id order, of the first offer whose id is not less than `id`.
    uint32_t lower_bound(std::string_view id) const;

    // What the first pages of recent queries found, for their next pages (index/page_memo.hpp):
    // filled and read by searches. With the next one, the only parts of a snapshot that change
    // once open.
    mutable detail::PageMemo page_memo;
    // The remote offers open everywhere, by theme set (index/search_everywhere.hpp).
    mutable detail::EverywhereMemo everywhere_memo;
};

}  // namespace cartoffre::detail
