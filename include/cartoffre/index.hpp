#pragma once
// The index: offers written to a directory by generations, opened read-only, searched.
//
// Thread safety: an Index is a cheap handle on an immutable snapshot of one generation.
// Copies share it; any number of threads may call its const methods at once. Building a new
// generation never disturbs an Index already open: it keeps answering from its generation,
// whatever loads happen, until it is dropped or refresh() moves it to the newest one (its
// generation stays on disk meanwhile: a build removes only generations no reader holds).

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/duplicates.hpp"
#include "cartoffre/eligibility.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/query.hpp"
#include "cartoffre/taxonomy.hpp"

namespace cartoffre {

namespace detail {
struct Snapshot;        // one open generation, the library's own (pimpl)
struct SnapshotAccess;  // the library's own readers of it beside Index's members
}  // namespace detail

struct BuildReport;
struct CoverageQuery;  // cartoffre/coverage.hpp
struct CoverageReport;

struct BuildOptions {
    // The geography to keep in the index; loaded from shared_data_dir()/gazetteer when null.
    const Gazetteer* gazetteer = nullptr;
    // The code tables; Taxonomy::builtin() when null.
    const Taxonomy* taxonomy = nullptr;
    // Synonyms and stopwords; data_dir()/text when empty (include/cartoffre/data_dirs.hpp).
    std::filesystem::path text_data_dir;
    // The day score_qualite measures freshness to; the local date when not set.
    std::optional<Date> today;
    // Checks and counts only: nothing is written in the directory (no generation, no lock, no
    // temporary file); the report says what a real build or update would do.
    bool dry_run = false;
    // Called once every offer is checked, with the report's counts and rejections, before
    // anything is written: an exception it throws leaves the index as it was (how a caller
    // refuses a reload that would remove most of a source). Called in a dry run too.
    std::function<void(const BuildReport&)> before_writing;
    // When not empty, the generation that must still be current when the new one is switched
    // in (the one the caller read); else IndexBusyError and nothing is written.
    std::string expected_current;
};

// An offer a build or an update did not take, and why.
struct RejectedOffer {
    std::string id;
    std::string source;
    std::string reason;  // the sentence also in BuildReport::errors
};

struct BuildReport {
    size_t read = 0;      // offers given
    size_t loaded = 0;    // offers in the new generation
    size_t rejected = 0;  // read = loaded + rejected
    size_t placed_at_commune_centre = 0;
    std::vector<std::string> errors;             // one sentence per rejected offer
    std::vector<RejectedOffer> rejected_offers;  // the same, with each offer's id and source
    std::string generation;
    double seconds = 0;
    size_t duplicate_clusters = 0;              // clusters of probable duplicates across sources
    double quality_and_duplicates_seconds = 0;  // of `seconds`
    // Of an update: the source's offers new, changed (same id, another record), unchanged and
    // gone (counted against the previous generation; `read`, `rejected` and `errors` are of the
    // offers given, `loaded` of the whole generation). Only accepted offers are new, changed or
    // unchanged: read = added + changed + unchanged + rejected; an offer of the previous
    // generation whose new row is rejected is counted removed (it is no longer in the index).
    // `reused` offers kept what the previous generation derived from them; when none could be (no
    // previous generation, or one made with other tables), `full_build` says why.
    size_t added = 0, changed = 0, unchanged = 0, removed = 0, reused = 0;
    // Duplicate pairs between offers far from every change, kept without comparing them again.
    size_t duplicate_pairs_reused = 0;
    std::string full_build;
};

// Why an offer is, or is not, proposed to a person at a place: its verdict with every reason,
// the place's checks (distance, zone, hours) among them.
struct Explanation {
    Offer offer;
    Eligibility eligibility;
    std::optional<double> distance_km;  // from the place, one decimal; none when remote
};

// Source names are what reports and files are named after: 1 to 64 characters of [a-z0-9_-],
// the first a letter or digit. Returns why `source` is refused, or nothing when it is valid.
std::optional<std::string> invalid_source_name(std::string_view source);
// Offer ids are shown in terminals, CSV reports and web pages: 1 to 256 bytes of valid UTF-8,
// without control characters (U+0000-U+001F, U+007F-U+009F), nor '<', '>', '"' or '`'.
// Returns why `id` is refused, or nothing when it is valid.
std::optional<std::string> invalid_offer_id(std::string_view id);

class Index {
  public:
    // Writes a new generation of the index in `dir` from `offers` and makes it current
    // atomically. Offers with unknown codes, duplicate ids, or an id or source name refused by
    // invalid_offer_id / invalid_source_name are rejected and reported; an offer without
    // coordinates but with a known commune is placed at the commune's centre.
    // A crash or an exception leaves the previous generation current and intact.
    static BuildReport build(const std::filesystem::path& dir, std::vector<Offer> offers,
                             const BuildOptions& options = {});

    // Replaces the offers of `source` by `offers` (that source's whole catalogue, by stable id:
    // new ids inserted, known ones updated, missing ones deleted) in a new generation made
    // current atomically, as build() does. The generation is the same as build() over the
    // other sources' offers and these would write, but the other sources' offers and the
    // unchanged ones keep their records, columns, rules, zones and analysed text from the
    // previous generation: only the new and changed offers are checked and analysed. An offer
    // whose id another source holds is rejected. Without a previous generation, or when it was
    // built with other tables (gazetteer, taxonomy, eligibility, text), it is a full build.
    // Throws DataError for a source name that invalid_source_name refuses, IndexBusyError when
    // another load made a generation current while this one was read.
    static BuildReport update(const std::filesystem::path& dir, const std::string& source,
                              std::vector<Offer> offers, const BuildOptions& options = {});

    // Opens the current generation. Throws IndexError when missing or unreadable.
    static Index open(const std::filesystem::path& dir);

    // A copy holds the generation the original held at that moment; refresh() moves only the
    // handle it is called on.
    Index(const Index& other);
    Index& operator=(const Index& other);

    // Moves this handle to the current generation of its directory when it holds an older one;
    // says whether it moved. Safe while other threads search, get or explain with the same
    // handle: each call keeps the generation it started with to its end. Throws IndexError
    // when the current generation cannot be opened; the handle then keeps its generation.
    bool refresh();

    // Throws PlaceError for a place that does not resolve, QueryError for a bad query,
    // StaleCursorError for a cursor of another generation than this handle's (a page of one
    // generation is never continued with another's offers: search again without cursor).
    Results search(const Query& query) const;
    std::optional<Offer> get(std::string_view id) const;
    // Every offer of the generation in id order, or those of one source.
    std::vector<Offer> offers(std::string_view source = {}) const;
    // The same, one offer at a time: memory stays flat however large the index (exports).
    void for_each_offer(const std::function<void(const Offer&)>& visit,
                        std::string_view source = {}) const;
    // The offer `id` judged for `query`'s profile, place, radius, day and hours (its words and
    // filters are not used). Throws QueryError when no offer has that id, PlaceError or
    // QueryError as search() does.
    Explanation explain(std::string_view id, const Query& query) const;

    // The clusters of probable duplicates across sources found at build, with the evidence of
    // each pair, for review.
    std::vector<DuplicateCluster> duplicates() const;

    // How far each commune of a territory is from the offer, per category, and the figures per
    // area (cartoffre/coverage.hpp). Throws PlaceError for a territory code that is unknown,
    // QueryError for a bad subject, filter or radius.
    CoverageReport coverage(const CoverageQuery& query) const;

    // Of the generation held at the call: values, since refresh() may drop that generation
    // right after (a Gazetteer copy shares its mapped image).
    size_t size() const;
    std::string generation() const;
    Gazetteer gazetteer() const;
    Taxonomy taxonomy() const;

  private:
    friend struct detail::SnapshotAccess;
    explicit Index(std::shared_ptr<const detail::Snapshot> snapshot);
    // The generation held now; a caller keeps the pointer for the whole of its call.
    std::shared_ptr<const detail::Snapshot> snapshot() const;
    // Read and written with std::atomic_load / std::atomic_store (refresh() swaps it).
    std::shared_ptr<const detail::Snapshot> m_snapshot;
};

}  // namespace cartoffre
