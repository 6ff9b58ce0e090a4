// Loading a partner's catalogue: the file read row by row (joined to a second file by key when
// the mapping says so), each row made an offer by a RowLoader (load/row_loader.hpp), progress
// told as it goes. Read = loaded + out of scope + rejected: nothing is lost silently.

#include "cartoffre/loader.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "load/mapping_check.hpp"
#include "load/mapping_rules.hpp"
#include "load/row_loader.hpp"
#include "load/table_reader.hpp"

namespace cartoffre {

namespace fs = std::filesystem;

namespace {

// Calls the progress callback every 4096 rows, and at the end of the phase.
class Progress {
  public:
    Progress(const LoadProgressCallback& callback, const char* phase)
        : m_callback(callback), m_begin(std::chrono::steady_clock::now()) {
        m_state.phase = phase;
    }
    void row() {
        if (++m_state.rows % 4096 == 0 && m_callback) tell();
    }
    void done() {
        if (m_callback) tell();
    }

  private:
    void tell() {
        m_state.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_begin).count();
        m_callback(m_state);
    }
    const LoadProgressCallback& m_callback;
    std::chrono::steady_clock::time_point m_begin;
    LoadProgress m_state;
};

}  // namespace

LoadResult load_catalogue(const Mapping& mapping, const fs::path& input, const Gazetteer& gazetteer,
                          const Taxonomy& taxonomy, const LoadProgressCallback& progress) {
    LoadResult result;
    LoadReport& report = result.report;
    report.source = mapping.source();
    report.file = input.string();
    const Mapping::Impl& m = mapping.impl();
    detail::RowLoader loader(m, gazetteer, taxonomy, report);
    // The joined file, by key: its rows are few (structures) next to the loaded ones.
    std::unordered_map<std::string, detail::Row> joined;
    if (m.join) {
        const fs::path other = fs::path(m.join->input).is_absolute()
                                   ? fs::path(m.join->input)
                                   : input.parent_path() / m.join->input;
        Progress joining(progress, "jointure");
        detail::ColumnCheck joined_columns(m, other, true);
        detail::for_each_row(
            other, m.join->read,
            [&](const detail::Row& row) {
                joining.row();
                joined_columns.row(row);
                const std::string key = detail::fill(m.join->key, row);
                if (!key.empty()) joined.emplace(key, row);  // the first row of a key is kept
            },
            [&](const std::vector<std::string>& columns) { joined_columns.header(columns); });
        joined_columns.finish();
        joining.done();
    }
    // An offer is a large object (1.4 kB): room for the rows the file probably holds (one per
    // 512 bytes or more) saves moving them all each time the vector grows. Capacity never
    // used costs address space only; at most 200,000 offers (280 MB) so that one reservation
    // does not fail on a small machine that does not overcommit memory.
    std::error_code unknown_size;
    const uintmax_t bytes = fs::file_size(input, unknown_size);
    if (!unknown_size) result.offers.reserve(std::min<uintmax_t>(bytes / 512, 200'000));
    Progress reading(progress, "lecture");
    // A file with a header is checked before its first row; JSON records after their last, as
    // each record has only the members it fills (an error all the same: no offer is given).
    detail::ColumnCheck columns(m, input, false);
    auto header = [&](const std::vector<std::string>& names) { columns.header(names); };
    detail::for_each_row(
        input, m.read,
        [&](const detail::Row& row) {
            reading.row();
            columns.row(row);
            ++report.read;
            const detail::Row* at = &row;
            detail::Row with;
            if (m.join) {
                auto found = joined.find(detail::fill(m.join->on, row));
                if (found != joined.end()) {
                    with = row;
                    for (size_t c = 0; c < found->second.columns.size(); ++c) {
                        with.columns.push_back(m.join->as + "." + found->second.columns[c]);
                        with.values.push_back(found->second.values[c]);
                    }
                    at = &with;
                }
            }
            loader.load(*at, result.offers);
        },
        header);
    columns.finish();
    reading.done();
    loader.finish(report);
    report.loaded = result.offers.size();
    return result;
}

}  // namespace cartoffre
