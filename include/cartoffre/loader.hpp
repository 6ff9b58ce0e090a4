#pragma once
// Partner catalogues of any shape loaded through a mapping: one small declarative JSON file per
// partner saying how its columns become offer fields (data/mappings/). Every row read is either
// loaded (perhaps with warnings) or rejected, and the report says where and why.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/taxonomy.hpp"

namespace cartoffre {

struct LoadIssue {
    size_t position = 0;    // the line (CSV, header is line 1) or record number in the file
    std::string source_id;  // the row's stable id in its catalogue, when known
    std::string field;      // the offer field concerned
    std::string value;      // the value as read
    std::string reason;
    bool rejected = false;  // the row was not loaded; else it was, with this warning
};

// Rows a mapping's row filters left out ("rows"), for one filtered column and value.
struct OutOfScopeValue {
    std::string column;
    std::string value;
    size_t rows = 0;
};

struct LoadReport {
    std::string source;
    std::string file;
    size_t read = 0;  // rows read = loaded + out_of_scope + rejected, always
    size_t loaded = 0;
    size_t warned = 0;  // loaded rows with at least one warning
    size_t rejected = 0;
    // Rows outside the catalogue's scope by the mapping's row filters (a directory's town halls,
    // a partner's drafts): neither loaded nor rejected, counted per value, most rows first.
    size_t out_of_scope = 0;
    std::vector<OutOfScopeValue> out_of_scope_values;
    size_t placed_at_commune_centre = 0;  // no usable coordinates: at the commune's centre
    // Coordinates too far from the stated commune (a wrong geocode): at the commune's centre.
    size_t moved_to_commune_centre = 0;
    std::vector<LoadIssue> issues;

    // A few lines in French for the terminal: the counts, the values left out of scope, then
    // the most frequent reasons.
    std::string summary() const;
    // One line per issue: position, source id, field, value, reason, status (CSV, UTF-8); then
    // one line per value left out of scope (status out-of-scope, no position).
    void write_csv(const std::filesystem::path& file) const;
};

// How one partner's catalogue becomes offers. Throws DataError naming the mapping file and the
// key that is wrong.
class Mapping {
  public:
    static Mapping load(const std::filesystem::path& file);

    const std::string& source() const;
    // The catalogue's usual file, relative to the shared data directory; may be empty.
    const std::string& default_input() const;

    struct Impl;
    const Impl& impl() const { return *m_impl; }

  private:
    std::shared_ptr<const Impl> m_impl;
};

struct LoadResult {
    std::vector<Offer> offers;
    LoadReport report;
};

// Where a long load is, for a progress display (the library prints nothing itself).
struct LoadProgress {
    const char* phase = "";  // "jointure" (reading a joined file), "lecture" (rows mapped)
    size_t rows = 0;         // rows read so far in this phase
    double seconds = 0;      // since the phase began
};
using LoadProgressCallback = std::function<void(const LoadProgress&)>;

// Reads `input` through `mapping`: each row becomes an offer or a rejection. Coordinates with a
// decimal comma are read; swapped ones are put back and warned; missing or unusable ones, and
// those too far from the stated commune (30 km; more for the largest communes), are replaced
// by the commune's centre (from code_insee, or postcode and commune name), flagged
// approximate and warned; unknown codes and zones are dropped with a warning; hours that do
// not parse are kept as text and warned; a CSV row with broken quotes is rejected with its
// line. Throws DataError when the file cannot be read at all, is not text where text is
// expected (UTF-16, binary), or lacks a column the mapping names (with the nearest ones).
// `progress`, when given, is called every few thousand rows and once at the end of a phase.
LoadResult load_catalogue(const Mapping& mapping, const std::filesystem::path& input,
                          const Gazetteer& gazetteer, const Taxonomy& taxonomy,
                          const LoadProgressCallback& progress = {});

}  // namespace cartoffre
