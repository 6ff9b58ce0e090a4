// Updating one source of an index: a new generation where that source's offers are replaced,
// the other sources' offers and the unchanged ones keeping what the previous generation derived
// from them (records, columns, rules, zones, analysed text), so that a reload costs little more
// than its changed rows and the linear rebuilding of the lists every generation holds.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "cartoffre/error.hpp"
#include "cartoffre/index.hpp"
#include "geo/spatial.hpp"
#include "index/generation.hpp"
#include "index/record.hpp"
#include "index/snapshot.hpp"
#include "text/text_forward.hpp"
#include "text/text_vocabulary.hpp"

namespace cartoffre {

namespace fs = std::filesystem;
using detail::DuplicatePair;
using detail::national_phone_of;
using detail::shared_phones;

namespace {

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whether the files of `made` are those of `kept` (one file, or a directory's files).
bool same_files(const fs::path& made, const fs::path& kept) {
    std::error_code error;
    if (!fs::is_directory(made, error))
        return fs::exists(kept, error) && file_bytes(made) == file_bytes(kept);
    size_t count = 0;
    for (auto& entry : fs::directory_iterator(made)) {
        ++count;
        if (!same_files(entry.path(), kept / entry.path().filename())) return false;
    }
    return fs::is_directory(kept, error) &&
           count == static_cast<size_t>(
                        std::distance(fs::directory_iterator(kept), fs::directory_iterator()));
}

// Why the previous generation in `generation` cannot lend what it derived (it was built with
// other tables, or before the text index kept its spelling counts), or empty when it can.
std::string why_not_reusable(const fs::path& dir, const fs::path& generation,
                             const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                             const BuildOptions& options) {
    using namespace detail;
    std::error_code error;
    if (!fs::exists(generation / files::text / "spellings.tsv", error) ||
        !fs::exists(generation / duplicate_evidence_file, error))
        return "the previous generation has no spelling counts or duplicate evidence (made by an "
               "older version)";
    // The tables as this build would write them, compared with the generation's. The directory
    // goes whatever happens (a full disk, an exception); one a killed process left is swept by
    // the next generation written (remove_old_generations).
    struct CheckDirectory {
        fs::path path;
        ~CheckDirectory() {
            std::error_code ignored;
            fs::remove_all(path, ignored);
        }
    } check{dir / ("gen-check-" + std::to_string(::getpid()) + ".tmp")};
    fs::remove_all(check.path, error);
    fs::create_directories(check.path);
    gazetteer.save(check.path / files::gazetteer);
    taxonomy.save(check.path / files::taxonomy);
    std::string why;
    if (!same_files(check.path / files::gazetteer, generation / files::gazetteer))
        why = "another gazetteer";
    else if (!same_files(check.path / files::taxonomy, generation / files::taxonomy))
        why = "another taxonomy";
    if (!why.empty()) return why;
    for (const char* name : {synonyms_file, stopwords_file, vocabulary_file})
        if (!same_files(text_data_dir(options) / name, generation / files::text / name))
            return std::string("another ") + name;
    for (auto& table : fs::directory_iterator(data_table_dir("eligibility")))
        if (table.path().extension() == ".tsv" &&
            !same_files(table.path(), generation / files::eligibility / table.path().filename()))
            return "another eligibility table " + table.path().filename().string();
    return {};
}

// Where duplicate candidates are sought (duplicates.cpp): longitude scaled by the cosine of the
// latitude, in degrees.
detail::GeoPoint projected(LatLon l) {
    return detail::GeoPoint(l.lon * std::cos(l.lat * M_PI / 180), l.lat);
}

// Around an offer added, changed or removed, the duplicate candidates of other offers may change:
// an offer's 8 nearest of other sources within 300 m, or its commune's when placed at the
// centre. Offers farther than `near` (about 1.1 km, in projected degrees) from every such offer,
// and in none of their communes, keep their pairs with each other; the pairs of the others are
// found again, from every offer that could be their candidate (within twice that distance, or
// in their communes), and those of the offers holding a phone that became shared by a network or
// stopped being (no evidence then). None are kept when many offers changed.
constexpr double near = 0.01;

std::optional<detail::DuplicateReuse> duplicates_to_reuse(
    const detail::Snapshot& s, const std::vector<detail::AcceptedOffer>& accepted,
    const std::deque<Offer>& dropped) {
    std::vector<const Offer*> before, after;
    std::vector<detail::GeoEntry> changed_points;
    std::unordered_set<std::string> changed_communes;
    auto note_changed = [&](const Offer& o) {
        if (auto l = o.location()) changed_points.emplace_back(projected(*l), 0);
        if (!o.code_insee.empty()) changed_communes.insert(o.code_insee);
    };
    detail::DuplicateReuse reuse;
    reuse.seek.assign(accepted.size(), 0);
    reuse.involving.assign(accepted.size(), 0);
    std::vector<uint32_t> rank_of_position(s.size, UINT32_MAX);
    for (uint32_t rank = 0; rank < accepted.size(); ++rank) {
        const detail::AcceptedOffer& a = accepted[rank];
        after.push_back(a.offer);
        if (a.previous_position == UINT32_MAX) {
            note_changed(*a.offer);
            reuse.involving[rank] = 1;
        } else {
            rank_of_position[a.previous_position] = rank;
            before.push_back(a.offer);
        }
    }
    for (const Offer& o : dropped) {
        note_changed(o);
        before.push_back(&o);
    }
    if (changed_points.size() * 10 > accepted.size()) return std::nullopt;
    // A phone that became shared by a network, or stopped being, changes the evidence of the
    // pairs of the offers holding it.
    const auto shared_before = shared_phones(before), shared_after = shared_phones(after);
    std::unordered_set<std::string> phones_changed;
    for (auto& phone : shared_before)
        if (!shared_after.count(phone)) phones_changed.insert(phone);
    for (auto& phone : shared_after)
        if (!shared_before.count(phone)) phones_changed.insert(phone);
    if (!phones_changed.empty())
        for (uint32_t rank = 0; rank < accepted.size(); ++rank)
            if (phones_changed.count(national_phone_of(*accepted[rank].offer)))
                reuse.involving[rank] = 1;

    const detail::GeoTree tree(changed_points.begin(), changed_points.end());
    std::unordered_set<std::string> involved_communes = changed_communes;
    std::vector<double> distance(accepted.size(), HUGE_VAL);
    std::vector<detail::GeoEntry> nearest;
    for (uint32_t rank = 0; rank < accepted.size(); ++rank) {
        const Offer& o = *accepted[rank].offer;
        if (auto l = o.location(); l && !changed_points.empty()) {
            nearest.clear();
            tree.query(detail::bgi::nearest(projected(*l), 1), std::back_inserter(nearest));
            distance[rank] = detail::bg::distance(projected(*l), nearest.front().first);
        }
        if (distance[rank] <= near || changed_communes.count(o.code_insee))
            reuse.involving[rank] = 1;
        if (reuse.involving[rank] && !o.code_insee.empty()) involved_communes.insert(o.code_insee);
    }
    for (uint32_t rank = 0; rank < accepted.size(); ++rank)
        reuse.seek[rank] = reuse.involving[rank] || distance[rank] <= 2 * near ||
                           involved_communes.count(accepted[rank].offer->code_insee);

    const fs::path file = s.directory / detail::duplicate_evidence_file;
    const std::string bytes = file_bytes(file);
    if (bytes.size() % sizeof(detail::StoredPair) != 0)
        throw IndexError("fichier d'index " + file.string() + " abîmé");
    for (size_t k = 0; k < bytes.size() / sizeof(detail::StoredPair); ++k) {
        detail::StoredPair p;
        std::memcpy(&p, bytes.data() + k * sizeof p, sizeof p);
        if (p.a >= s.size || p.b >= s.size)
            throw IndexError("fichier d'index " + file.string() + " abîmé");
        const uint32_t a = rank_of_position[s.by_id[p.a]], b = rank_of_position[s.by_id[p.b]];
        if (a == UINT32_MAX || b == UINT32_MAX || reuse.involving[a] || reuse.involving[b])
            continue;
        DuplicatePair pair{a, b, {}};
        pair.evidence.distance_m = p.distance_m;
        pair.evidence.name_similarity = p.name_similarity;
        pair.evidence.address_similarity = p.address_similarity;
        pair.evidence.same_siret = p.same_siret;
        pair.evidence.same_siren = p.same_siren;
        pair.evidence.same_phone = p.same_phone;
        pair.evidence.approximate = p.approximate;
        reuse.kept.push_back(pair);
    }
    return reuse;
}

}  // namespace

BuildReport Index::update(const fs::path& dir, const std::string& source, std::vector<Offer> offers,
                          const BuildOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const Gazetteer gazetteer = detail::gazetteer_of(options);
    const Taxonomy& taxonomy = options.taxonomy ? *options.taxonomy : Taxonomy::builtin();
    BuildOptions same_options = options;
    same_options.gazetteer = &gazetteer;
    same_options.taxonomy = &taxonomy;
    if (auto why = invalid_source_name(source)) throw DataError(*why);
    for (const Offer& o : offers)
        if (o.source != source)
            throw DataError("offre " + o.id + " : champ source : « " + o.source +
                            " » dans une mise à jour de la source « " + source + " »");

    std::error_code error;
    std::optional<Index> previous;
    std::string full_build;
    if (!fs::exists(dir / detail::files::current, error))
        full_build = "no previous generation";
    else
        previous = Index::open(dir);
    // A dry run writes nothing, not even the tables compared: it counts as an update would.
    if (previous && full_build.empty() && !options.dry_run)
        full_build = why_not_reusable(dir, previous->m_snapshot->directory, gazetteer, taxonomy,
                                      same_options);

    std::sort(offers.begin(), offers.end(),
              [](const Offer& a, const Offer& b) { return a.id < b.id; });
    BuildReport report;
    report.read = offers.size();
    if (!full_build.empty()) {
        // Every offer is checked and analysed again: the other sources' as they were.
        std::vector<Offer> all;
        std::unordered_map<std::string, std::string> before;  // this source's ids -> records
        if (previous)
            for (Offer& o : previous->offers()) {
                o.score_qualite.reset();
                o.doublons.clear();
                o.doublon_prefere = false;
                o.telephones.clear();
                o.courriels.clear();
                o.liens.clear();
                if (o.source == source)
                    before.emplace(o.id, detail::encode_record(o));
                else
                    all.push_back(std::move(o));
            }
        // Each id given: new, changed or unchanged, once the build accepted one offer of it
        // (counted in the callback below, before anything is written). An id another source
        // holds is refused here: the build would keep one of the two, whichever sorts first.
        enum Outcome { added, changed, unchanged };
        struct Given {
            Outcome how;
            size_t offers = 0;
        };
        std::unordered_map<std::string, Given> given;
        std::unordered_set<std::string> others;
        for (const Offer& o : all) others.insert(o.id);
        const size_t previous_count = before.size();
        size_t refused = 0;
        for (Offer& o : offers) {
            if (others.count(o.id)) {
                detail::reject(
                    report, o,
                    "offer " + o.id + ": field id: duplicate id (another source has it)");
                ++refused;
                continue;
            }
            auto it = before.find(o.id);
            Outcome how = added;
            if (it != before.end()) {
                Offer completed = o;
                bool placed = false;
                detail::place_at_commune_centre(completed, gazetteer, placed);
                how = detail::encode_record(completed) == it->second ? unchanged : changed;
                before.erase(it);
            }
            ++given.emplace(o.id, Given{how}).first->second.offers;
            all.push_back(std::move(o));
        }
        const BuildReport refusals = report;
        BuildOptions build_options = same_options;
        if (previous) build_options.expected_current = previous->generation();
        build_options.before_writing = [&](const BuildReport& built) {
            std::unordered_map<std::string, size_t> rejected;  // this source's, by id
            for (const RejectedOffer& r : built.rejected_offers)
                if (r.source == source) ++rejected[r.id];
            for (auto& [id, g] : given) {
                auto r = rejected.find(id);
                if (r != rejected.end() && r->second >= g.offers) continue;  // none accepted
                ++(g.how == added     ? report.added
                   : g.how == changed ? report.changed
                                      : report.unchanged);
            }
            report.removed = previous_count - report.changed - report.unchanged;
            report.loaded = built.loaded;
            // The other sources' offers the new tables refuse are listed too (with their
            // source); `rejected` counts the offers given.
            report.errors = refusals.errors;
            report.rejected_offers = refusals.rejected_offers;
            report.rejected = refused;
            for (const RejectedOffer& r : built.rejected_offers) {
                report.errors.push_back(r.reason);
                report.rejected_offers.push_back(r);
                report.rejected += r.source == source;
            }
            if (options.before_writing) options.before_writing(report);
        };
        const BuildReport built = build(dir, std::move(all), build_options);
        report.placed_at_commune_centre = built.placed_at_commune_centre;
        report.generation = built.generation;
        report.duplicate_clusters = built.duplicate_clusters;
        report.quality_and_duplicates_seconds = built.quality_and_duplicates_seconds;
        report.full_build = full_build;
        report.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return report;
    }

    // The previous generation's offers in id order: the other sources' are kept with what was
    // derived from them; this source's are compared with the offers given.
    const detail::Snapshot& s = *previous->m_snapshot;
    const detail::ForwardIndex forward(s.directory / detail::files::text,
                                       static_cast<uint32_t>(s.size));
    const auto reused = [&](uint32_t position, const Offer* offer) {
        detail::AcceptedOffer a;
        a.offer = offer;
        const detail::OfferColumns& c = s.columns[position];
        if (c.commune != detail::no_commune) a.commune = c.commune;
        for (uint32_t k = 0; k < c.zones_count; ++k)
            a.zone_keys.push_back(s.zone_keys[s.zones[c.zones_begin + k]]);
        a.rules = s.rules[position];
        a.rules_extra = std::string(s.rules_extra(position));
        a.reused_columns = &c;
        a.reused_record = s.stored_record(position);
        a.reused_text = forward.entries(position);
        a.previous_position = position;
        return a;
    };
    std::deque<Offer> kept;  // decoded: quality and duplicates are judged over every offer
    std::vector<detail::AcceptedOffer> accepted;
    accepted.reserve(s.size + offers.size());
    std::unordered_map<std::string_view, uint32_t> before;  // this source's ids -> positions
    for (uint32_t rank = 0; rank < s.size; ++rank) {
        const uint32_t position = s.by_id[rank];
        if (s.sources[s.columns[position].source] == source) {
            before.emplace(s.id(position), position);
            continue;
        }
        kept.push_back(detail::decode_record(s.record(position)));
        accepted.push_back(reused(position, &kept.back()));
    }

    // The offers given: unchanged when their record, once completed as a build completes it,
    // is the one stored; the others are checked and analysed.
    size_t rejected_known = 0;  // rows rejected whose id the previous generation holds
    std::deque<Offer> dropped;  // the changed and removed offers, as stored
    std::vector<detail::TextDocument> dropped_texts;
    for (size_t i = 0; i < offers.size(); ++i) {
        Offer& offer = offers[i];
        const bool duplicate_id = i > 0 && offers[i - 1].id == offer.id;
        if (!duplicate_id && !offer.id.empty()) {
            const uint32_t rank = s.lower_bound(offer.id);
            const uint32_t position = rank < s.size ? s.by_id[rank] : 0;
            if (rank < s.size && s.id(position) == offer.id &&
                s.sources[s.columns[position].source] != source) {
                detail::reject(report, offer,
                               "offer " + offer.id + ": field id: duplicate id (source " +
                                   s.sources[s.columns[position].source] + " has it)");
                continue;
            }
        }
        auto known = duplicate_id ? before.end() : before.find(offer.id);
        if (known != before.end()) {
            Offer completed = offer;
            bool placed = false;
            detail::place_at_commune_centre(completed, gazetteer, placed);
            if (detail::encode_record(completed) == s.record(known->second)) {
                offer = std::move(completed);
                report.placed_at_commune_centre += placed;
                accepted.push_back(reused(known->second, &offer));
                before.erase(known);
                ++report.unchanged;
                continue;
            }
        }
        // A rejected row whose id was known drops the stored offer: it is counted removed.
        auto a = detail::accept_offer(offer, duplicate_id, gazetteer, taxonomy, report);
        if (known != before.end()) {
            if (a)
                ++report.changed;
            else
                ++rejected_known;
            dropped.push_back(detail::decode_record(s.record(known->second)));
            dropped_texts.push_back(detail::text_of(dropped.back(), taxonomy));
            before.erase(known);
        } else if (a) {
            ++report.added;
        }
        if (a) accepted.push_back(std::move(*a));
    }
    report.removed = before.size() + rejected_known;
    for (auto& [id, position] : before) {
        dropped.push_back(detail::decode_record(s.record(position)));
        dropped_texts.push_back(detail::text_of(dropped.back(), taxonomy));
    }
    report.reused = report.unchanged + kept.size();
    std::sort(accepted.begin(), accepted.end(),
              [](const detail::AcceptedOffer& a, const detail::AcceptedOffer& b) {
                  return a.offer->id < b.offer->id;
              });
    report.loaded = accepted.size();
    if (options.before_writing) options.before_writing(report);
    if (options.dry_run) {
        report.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return report;
    }

    // The spelling counts of the documents kept: the previous ones less the dropped texts'.
    detail::TextReuse reuse;
    reuse.stems = forward.stems_by_number();
    reuse.spellings = detail::read_spellings(s.directory / detail::files::text);
    for (auto& [word, count] :
         detail::spellings_of(dropped_texts, detail::text_data_dir(options))) {
        auto it = reuse.spellings.find(word);
        if (it == reuse.spellings.end() || it->second < count)
            throw IndexError("index " + dir.string() + " : les orthographes de la génération " +
                             s.generation + " n'ont pas le mot « " + word +
                             " » d'une offre qu'elle contient");
        it->second -= count;
    }
    const std::optional<detail::DuplicateReuse> duplicates =
        duplicates_to_reuse(s, accepted, dropped);
    report.duplicate_pairs_reused = duplicates ? duplicates->kept.size() : 0;
    detail::write_generation(dir, accepted, gazetteer, taxonomy, same_options, reuse,
                             duplicates ? &*duplicates : nullptr, s.generation, report);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace cartoffre
