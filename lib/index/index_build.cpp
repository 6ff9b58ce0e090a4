// Building a generation: the offers accepted (accept_offer.cpp), then their columns, records,
// zones, geography, taxonomy and text index written into a temporary directory, then CURRENT
// switched and the old generations removed (generation_dir.cpp).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <future>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/quality.hpp"
#include "detail/files.hpp"
#include "detail/halves.hpp"
#include "eligibility/eligibility.hpp"
#include "index/cursor.hpp"
#include "index/generation.hpp"
#include "index/record.hpp"
#include "index/record_pack.hpp"
#include "index/snapshot.hpp"
#include "text/block_max.hpp"

namespace cartoffre {

namespace fs = std::filesystem;
using detail::OfferColumns;

namespace {

using detail::data_table_dir;
using detail::text_data_dir;

template <class T>
std::string_view bytes_of(const std::vector<T>& v) {
    return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (auto& l : lines) out += l + '\n';
    return out;
}

uint32_t bits_of(const std::vector<std::string>& codes, const Vocabulary& vocabulary) {
    uint32_t bits = 0;
    for (auto& c : codes)
        if (auto n = vocabulary.find(c)) bits |= 1u << *n;
    return bits;
}

// Everything a generation holds, derived from the accepted offers in id order.
struct Generation {
    std::vector<OfferColumns> columns;
    std::string records;
    std::vector<uint64_t> record_offsets{0};
    std::vector<uint32_t> zones;
    std::vector<std::string> zone_keys;
    std::unordered_map<std::string, uint32_t> zone_key_ids;
    std::vector<std::string> sources;
    std::unordered_map<std::string, uint16_t> source_ids;
    std::vector<detail::OfferRules> rules;
    std::string rules_extra;
    detail::RecordPacker* packer = nullptr;
    // A digest of the records as encoded (the reused ones as stored): the compressed bytes of
    // the same records may differ from one zstd version to another, the content does not.
    uint64_t records_digest = 0;

    // The offer's columns, rules and record: derived from it, or copied from the previous
    // generation with what depends on the others (zone and source numbers, rank, duplicate
    // flag, quality) set anew.
    // `stored` false: the record is only digested, stored by the caller after the others
    // (packed on another thread).
    void add(const detail::AcceptedOffer& a, uint32_t id_rank, const Taxonomy& taxonomy,
             uint8_t quality, bool duplicate, bool stored) {
        const Offer& offer = *a.offer;
        OfferColumns c{};
        if (a.reused_columns) {
            c = *a.reused_columns;
        } else {
            const auto location = offer.location();
            c.lat = location ? location->lat : std::numeric_limits<double>::quiet_NaN();
            c.lon = location ? location->lon : std::numeric_limits<double>::quiet_NaN();
            for (auto& t : offer.thematiques) c.themes.add(*taxonomy.thematiques().find(t));
            c.commune = a.commune.value_or(detail::no_commune);
            c.publics = bits_of(offer.publics, taxonomy.publics());
            c.categories = detail::category_bits(taxonomy, c.themes);
            c.type = offer.type.empty()
                         ? 0
                         : static_cast<uint8_t>(*taxonomy.types().find(offer.type) + 1);
            c.frais = static_cast<uint8_t>(
                offer.frais.empty() ? 0 : bits_of({offer.frais}, taxonomy.frais()));
            c.modes = static_cast<uint8_t>(bits_of(offer.modes_accueil, taxonomy.modes_accueil()));
            if (auto kind = taxonomy.typologies().find(offer.structure_typologie))
                c.kind = static_cast<uint8_t>(*kind + 1);
            c.flags = static_cast<uint8_t>(
                (offer.is_remote() ? detail::flag_remote : 0) |
                (offer.is_in_person() ? detail::flag_in_person : 0) |
                (location ? detail::flag_located : 0) |
                (location && offer.location_approximate ? detail::flag_approximate : 0));
        }
        c.zones_begin = static_cast<uint32_t>(zones.size());
        c.zones_count = static_cast<uint16_t>(a.zone_keys.size());
        for (auto& k : a.zone_keys) {
            auto [it, fresh] = zone_key_ids.emplace(k, static_cast<uint32_t>(zone_keys.size()));
            if (fresh) zone_keys.push_back(k);
            zones.push_back(it->second);
        }
        c.id_rank = id_rank;
        auto [source, fresh] =
            source_ids.emplace(offer.source, static_cast<uint16_t>(sources.size()));
        if (fresh) sources.push_back(offer.source);
        c.source = source->second;
        c.flags = static_cast<uint8_t>((c.flags & ~detail::flag_duplicate) |
                                       (duplicate ? detail::flag_duplicate : 0));
        c.quality = quality;
        columns.push_back(c);
        detail::OfferRules offer_rules = a.rules;
        offer_rules.extra_begin = static_cast<uint32_t>(rules_extra.size());
        rules.push_back(offer_rules);
        rules_extra += a.rules_extra;
        if (a.reused_columns) {
            if (stored) records += a.reused_record;
            records_digest = detail::digest(a.reused_record, records_digest);
        } else {
            const std::string plain = detail::encode_record(offer);
            if (stored) records += packer->pack(plain);
            records_digest = detail::digest(plain, records_digest);
        }
        if (stored) record_offsets.push_back(records.size());
    }
};

// A cell of a Z-order curve over latitude and longitude (about 600 m at 16 bits each):
// sorting by cell puts nearby offers next to each other.
uint32_t spatial_cell(LatLon location) {
    const auto y = static_cast<uint32_t>((location.lat + 90) / 180 * 65535);
    const auto x = static_cast<uint32_t>((location.lon + 180) / 360 * 65535);
    uint32_t cell = 0;
    for (int bit = 15; bit >= 0; --bit) cell = cell << 2 | (y >> bit & 1) << 1 | (x >> bit & 1);
    return cell;
}

// Where an offer is stored. Every local search reads all the remote offers open everywhere (no
// zone, or France among them: as Placement lists them) and the remote offers of each of its
// place's zone keys, whole: those are stored together, whether or not they are also delivered in
// person (40 % of them in the generated catalogues), else they lie one cache line apart among the
// in-person offers, over the whole columns file (docs/benchmarks.md, "Remote offers stored
// together"). So: offers delivered in person only, by cell; then the remote offers open
// everywhere by cell; then the other remote offers by their first zone key (a digest: two keys
// sharing one only share a run) and cell; then the offers with no location. The R-trees sort
// their entries by place, not position: their leaves stay small wherever an offer is stored.
uint64_t storage_key(const detail::AcceptedOffer& a) {
    const auto location = a.offer->location();
    const uint32_t cell = location ? spatial_cell(*location) : UINT32_MAX;
    const bool open_everywhere =
        a.zone_keys.empty() ||
        std::find(a.zone_keys.begin(), a.zone_keys.end(), "france") != a.zone_keys.end();
    if (a.offer->is_remote() && open_everywhere) return uint64_t{1} << 60 | cell;
    if (a.offer->is_remote()) {
        const uint64_t zone = detail::digest(a.zone_keys.front()) & 0xFFFFFFF;
        return uint64_t{2} << 60 | zone << 32 | cell;
    }
    if (!location) return uint64_t{3} << 60;
    return cell;
}

}  // namespace

BuildReport Index::build(const fs::path& dir, std::vector<Offer> offers,
                         const BuildOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const Gazetteer gazetteer = detail::gazetteer_of(options);
    const Taxonomy& taxonomy = options.taxonomy ? *options.taxonomy : Taxonomy::builtin();

    detail::build_phase("build start");
    BuildReport report;
    report.read = offers.size();
    // The offers in id order by their ranks: moving the offers themselves (some thirty strings
    // each) took 12 s of a 1,000,000-offer build on a shared machine. Offers of one id keep the
    // order given (the first is kept, the others refused).
    std::vector<uint32_t> by_id(offers.size());
    for (uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
    std::stable_sort(by_id.begin(), by_id.end(),
                     [&](uint32_t a, uint32_t b) { return offers[a].id < offers[b].id; });
    detail::build_phase("offers sorted");

    // Check each offer, in id order; keep the accepted ones with their commune and zone keys.
    std::vector<detail::AcceptedOffer> accepted =
        detail::accept_offers(offers, by_id, gazetteer, taxonomy, report);
    report.loaded = accepted.size();
    detail::build_phase("accepted");
    if (options.before_writing) options.before_writing(report);
    if (options.dry_run) return report;
    detail::write_generation(dir, accepted, gazetteer, taxonomy, options, {}, nullptr,
                             options.expected_current, report);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

namespace detail {

fs::path data_table_dir(const char* table) {
    return data_dir() / table;
}

Gazetteer gazetteer_of(const BuildOptions& options) {
    return options.gazetteer ? *options.gazetteer
                             : Gazetteer::load_csv(shared_data_dir() / "gazetteer");
}

fs::path text_data_dir(const BuildOptions& options) {
    if (!options.text_data_dir.empty()) return options.text_data_dir;
    return data_table_dir("text");
}

TextDocument text_of(const Offer& offer, const Taxonomy& taxonomy) {
    TextDocument document{offer.nom + ". " + offer.structure_nom,
                          taxonomy.theme_text(offer),
                          offer.description + ". " + offer.publics_precisions + ". " +
                              offer.conditions_acces + ". " + offer.frais_precisions,
                          {}};
    std::vector<std::string>& codes = document.codes;
    for (auto& theme : offer.thematiques) {
        codes.push_back(code_term("thematique", theme));
        if (auto t = taxonomy.thematiques().find(theme))
            codes.push_back(
                code_term("categorie", taxonomy.categories().code(taxonomy.category_of(*t))));
    }
    for (auto& p : offer.publics) codes.push_back(code_term("public", p));
    if (!offer.type.empty()) codes.push_back(code_term("type", offer.type));
    if (!offer.structure_typologie.empty())
        codes.push_back(code_term("typologie", offer.structure_typologie));
    return document;
}

// The dictionary the records are compressed with (index/record_pack.hpp). An update keeps the
// previous generation's, so that the records it reuses are copied as they are stored; a build
// trains one on a sample of its records, spread over the catalogue.
static std::string record_dictionary(const std::vector<AcceptedOffer>& accepted,
                                     const fs::path& previous) {
    const bool reuses = std::any_of(accepted.begin(), accepted.end(),
                                    [](const AcceptedOffer& a) { return a.reused_columns; });
    if (reuses) return std::string(MappedFile(previous / files::record_dictionary).view());
    constexpr size_t samples_wanted = 8000;
    const size_t step = std::max<size_t>(1, accepted.size() / samples_wanted);
    std::vector<std::string> samples;
    for (size_t rank = 0; rank < accepted.size(); rank += step)
        samples.push_back(encode_record(*accepted[rank].offer));
    return train_record_dictionary(samples);
}

void write_generation(const fs::path& dir, const std::vector<AcceptedOffer>& accepted,
                      const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                      const BuildOptions& options, const TextReuse& reuse,
                      const DuplicateReuse* duplicates, const std::string& based_on,
                      BuildReport& report) {
    // Store them in spatial order (storage_key), so that the offers of an area are read
    // together; by_id keeps the id order (ids are unique: the order is total).
    std::vector<uint32_t> order(accepted.size());
    std::vector<uint64_t> key(accepted.size());
    for (uint32_t rank = 0; rank < accepted.size(); ++rank) {
        order[rank] = rank;
        key[rank] = storage_key(accepted[rank]);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
    std::vector<uint32_t> by_id(accepted.size());
    for (uint32_t position = 0; position < order.size(); ++position)
        by_id[order[position]] = position;

    // The text index, the longest part, is written on a thread of its own while the rest of
    // the generation is computed and written (the two share nothing but the offers, read only).
    // Reused offers keep their analysed text: only the others' is read again.
    // The others' text is made on that thread as it is analysed, not all held at once.
    std::vector<TextEntry> text_entries(order.size());
    for (uint32_t position = 0; position < order.size(); ++position) {
        const AcceptedOffer& a = accepted[order[position]];
        text_entries[position].reused = a.reused_text.first;
        text_entries[position].reused_end = a.reused_text.second;
    }
    // The generation's eligibility tables must open with its publics: refused here, before
    // anything is written, rather than when every search opens it.
    EligibilityTables::builtin().public_rules(taxonomy.publics());
    fs::create_directories(dir);
    DirectoryLock lock(dir / "LOCK");
    const std::string previous = current_generation(dir);
    if (!based_on.empty() && previous != based_on)
        throw IndexBusyError("index " + dir.string() + " occupé : la génération " + previous +
                             " est devenue courante pendant ce chargement (il avait lu " +
                             based_on + ") ; rien n'a été écrit, relancez le chargement");
    int number = 0;
    for (auto& entry : fs::directory_iterator(dir))
        number = std::max(number, generation_number(entry.path().filename().string()));
    char name[32];
    std::snprintf(name, sizeof name, "gen-%06d", number + 1);
    report.generation = name;
    const fs::path tmp = dir / (report.generation + ".tmp");
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    // A failed build leaves nothing behind: the directory is as it was (declared before the
    // text thread's future, so that the thread has stopped writing when it runs).
    struct RemovedUnlessKept {
        fs::path path, current_tmp;
        bool kept = false;
        ~RemovedUnlessKept() {
            std::error_code ignored;
            if (kept) return;
            fs::remove_all(path, ignored);
            fs::remove(current_tmp, ignored);
        }
    } unfinished{tmp, dir / "CURRENT.tmp"};
    // Declared after what it reads: on an exception, its destructor waits for the thread first.
    std::future<void> text_written = std::async(std::launch::async, [&] {
        write_text_index(
            tmp / files::text, text_entries, text_data_dir(options), reuse,
            [&](size_t position) { return text_of(*accepted[order[position]].offer, taxonomy); });
    });

    build_phase("storage order, text thread started");
    // The records' dictionary is trained meanwhile (on a sample: a second or two).
    std::future<std::string> dictionary =
        std::async(build_threads() == 1 ? std::launch::deferred : std::launch::async,
                   [&] { return record_dictionary(accepted, dir / previous); });

    // Quality at the build date, and the clusters of duplicates across sources (by id rank).
    const auto duplicates_started = std::chrono::steady_clock::now();
    const Date today = options.today ? *options.today : local_now().date;
    std::vector<const Offer*> ranked(accepted.size());
    std::vector<double> quality(accepted.size());
    in_halves(accepted.size(), [&](int, size_t begin, size_t end) {
        for (size_t rank = begin; rank < end; ++rank) {
            ranked[rank] = accepted[rank].offer;
            quality[rank] = score_qualite(*accepted[rank].offer, today);
        }
    });
    build_phase("quality (duplicates next)");
    std::vector<DuplicatePair> pairs;
    if (duplicates) {
        pairs = find_duplicate_pairs(ranked, &duplicates->seek, &duplicates->involving);
        pairs.insert(pairs.end(), duplicates->kept.begin(), duplicates->kept.end());
        std::sort(pairs.begin(), pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
            return std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b);
        });
    } else {
        pairs = find_duplicate_pairs(ranked);
    }
    std::vector<StoredPair> evidence;
    for (const DuplicatePair& p : pairs) {
        const DuplicateEvidence& e = p.evidence;
        evidence.push_back({p.a, p.b, e.distance_m, e.name_similarity, e.address_similarity,
                            e.same_siret, e.same_siren, e.same_phone, e.approximate, 0});
    }
    const std::vector<std::vector<uint32_t>> clusters =
        duplicate_clusters(ranked, pairs, renamings());
    std::vector<uint32_t> cluster_of(accepted.size(), no_cluster);
    for (uint32_t k = 0; k < clusters.size(); ++k)
        for (uint32_t rank : clusters[k]) cluster_of[rank] = k;
    report.duplicate_clusters = clusters.size();
    report.quality_and_duplicates_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - duplicates_started)
            .count();

    build_phase("quality and duplicates");
    RecordPacker packer(dictionary.get());
    Generation generation;
    generation.packer = &packer;
    // The columns and the digest of every record in order on this thread, which packs the
    // first records too; the others are packed on a thread of their own and stored after them.
    std::string tail;
    std::vector<uint64_t> tail_ends;
    in_halves(
        order.size(),
        [&](int part, size_t begin, size_t end) {
            if (part == 0) {
                for (uint32_t position = 0; position < order.size(); ++position)
                    generation.add(
                        accepted[order[position]], order[position], taxonomy,
                        static_cast<uint8_t>(std::lround(quality[order[position]] * 100)),
                        cluster_of[order[position]] != no_cluster, position < end);
                return;
            }
            RecordPacker own(packer.dictionary());
            for (size_t position = begin; position < end; ++position) {
                const AcceptedOffer& a = accepted[order[position]];
                tail += a.reused_columns ? a.reused_record : own.pack(encode_record(*a.offer));
                tail_ends.push_back(tail.size());
            }
        },
        0.45);
    const uint64_t tail_begin = generation.records.size();
    generation.records += tail;
    tail = {};
    for (uint64_t end : tail_ends) generation.record_offsets.push_back(tail_begin + end);
    build_phase("records packed");
    // Clusters by position: each offer's cluster, each cluster's members best first; the pairs
    // with their evidence for review.
    std::vector<uint32_t> clusters_by_position(accepted.size(), no_cluster);
    std::vector<uint32_t> cluster_begin{0}, cluster_members;
    for (uint32_t k = 0; k < clusters.size(); ++k) {
        for (uint32_t rank : clusters[k]) {
            clusters_by_position[by_id[rank]] = k;
            cluster_members.push_back(by_id[rank]);
        }
        cluster_begin.push_back(static_cast<uint32_t>(cluster_members.size()));
    }
    std::string pairs_text;
    for (const DuplicatePair& p : pairs) {
        const DuplicateEvidence& e = p.evidence;
        char numbers[96];
        std::snprintf(numbers, sizeof numbers, "%.1f\t%.3f\t%.3f\t%d\t%d\t%d\t%d", e.distance_m,
                      e.name_similarity, e.address_similarity, e.same_siret, e.same_siren,
                      e.same_phone, e.approximate);
        pairs_text += ranked[p.a]->id + '\t' + ranked[p.b]->id + '\t' + numbers + '\n';
    }

    write_file(tmp / files::columns, bytes_of(generation.columns));
    write_file(tmp / files::records, generation.records);
    write_file(tmp / files::record_offsets, bytes_of(generation.record_offsets));
    write_file(tmp / files::record_dictionary, packer.dictionary());
    write_file(tmp / files::zones, bytes_of(generation.zones));
    write_file(tmp / files::by_id, bytes_of(by_id));
    write_file(tmp / files::zone_keys, join_lines(generation.zone_keys));
    write_file(tmp / files::sources, join_lines(generation.sources));
    gazetteer.save(tmp / files::gazetteer);
    taxonomy.save(tmp / files::taxonomy);
    write_file(tmp / files::rules, bytes_of(generation.rules));
    write_file(tmp / files::rules_extra, generation.rules_extra);
    write_file(tmp / files::clusters, bytes_of(clusters_by_position));
    write_file(tmp / files::cluster_begin, bytes_of(cluster_begin));
    write_file(tmp / files::cluster_members, bytes_of(cluster_members));
    write_file(tmp / files::duplicate_pairs, pairs_text);
    write_file(tmp / duplicate_evidence_file, bytes_of(evidence));
    build_phase("columns and lists written");
    std::optional<uint32_t> france_key;
    if (auto france = generation.zone_key_ids.find("france");
        france != generation.zone_key_ids.end())
        france_key = france->second;
    write_placement(tmp, generation.columns, generation.zones, france_key,
                    {generation.columns.size(), gazetteer.size(), generation.zone_keys.size(),
                     taxonomy.categories().size()});
    fs::create_directories(tmp / files::eligibility);
    for (auto& table : fs::directory_iterator(data_table_dir("eligibility")))
        if (table.path().extension() == ".tsv")
            fs::copy_file(table.path(), tmp / files::eligibility / table.path().filename());
    write_facet_bits(tmp / facet_bits_file, generation.columns, taxonomy);
    text_written.get();  // rethrows what the text index's thread threw
    build_phase("placement and facet bits, text index joined");
    // The text weights' bounds by range need the text index and the offers' quality.
    std::vector<uint8_t> quality_by_position(generation.columns.size());
    for (size_t p = 0; p < generation.columns.size(); ++p)
        quality_by_position[p] = generation.columns[p].quality;
    // The two read the text index and write a file each: side by side.
    std::future<void> block_max_written =
        std::async(build_threads() == 1 ? std::launch::deferred : std::launch::async,
                   [&] { write_block_max(tmp / files::text, quality_by_position); });
    try {
        write_slot_facets(tmp / slot_facets_file, tmp / files::text, generation.columns, taxonomy);
    } catch (...) {
        block_max_written.wait();
        throw;
    }
    block_max_written.get();
    build_phase("block max and slot facets");
    // The content's digest makes meta.json, whose digest names the generation in cursors,
    // differ between generations of the same name in two index directories.
    char content[17];
    std::snprintf(content, sizeof content, "%016llx",
                  static_cast<unsigned long long>(
                      digest(bytes_of(generation.columns), generation.records_digest)));
    nlohmann::json meta = {{"format", "cartoffre-index"},
                           {"version", index_format_version},
                           {"record_layout", record_layout()},
                           {"generation", report.generation},
                           {"offers", report.loaded},
                           {"rejected", report.rejected},
                           {"previous", previous},
                           {"content", content}};
    write_file(tmp / files::meta, meta.dump(2) + "\n");
    sync_directory(tmp);

    build_phase("synced");
    atomic_rename(tmp, dir / report.generation);
    unfinished.path = dir / report.generation;  // not current yet: removed if CURRENT fails
    write_file(dir / "CURRENT.tmp", report.generation + "\n");
    // From the rename on, CURRENT may name the new generation: it must stay.
    unfinished.kept = true;
    atomic_rename(dir / "CURRENT.tmp", dir / files::current);
    remove_old_generations(dir, report.generation, previous);
}

}  // namespace detail

}  // namespace cartoffre
