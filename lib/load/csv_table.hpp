#pragma once
// Plain CSV catalogues read by the project's own scanner, and the checks every text catalogue
// (CSV, GeoJSON, JSON records) passes before it is read: files that are not UTF-8 or ASCII text
// are refused with what they are (UTF-16, binary, a ZIP spreadsheet, gzip under another name).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "load/table_reader.hpp"

namespace cartoffre::detail {

// Throws DataError naming the file when its first bytes show it is not text the readers can
// take (UTF-16 with or without a byte-order mark, NUL bytes, a ZIP or gzip archive read as
// plain text). `compressed`: the file is read through gzip, its decompressed bytes are checked.
void check_text_file(const std::filesystem::path& file, bool compressed);

// Reads a plain CSV file: a header line, any of the four separators found from it (or the
// declared one), RFC 4180 quotes, lines ended by LF, CRLF or CR alone (old Mac files), missing
// fields empty. A record whose quotes are broken (a quote never closed, text after a closing
// quote, a quoted field running over lines into a record of the wrong width) or that has more
// fields than the header is given with Row::problem set, naming its line; reading resumes on
// the next line. Throws DataError for a file cut inside its header line.
void read_csv_table(const std::filesystem::path& file, const ReadOptions& options,
                    const std::function<void(const std::vector<std::string>&)>& header,
                    const std::function<void(const Row&)>& handle);

}  // namespace cartoffre::detail
