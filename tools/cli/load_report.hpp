#pragma once
// What a load says about the rows it did not take: the reader's rejections and warnings
// (LoadIssue, with their line) and the index's rejections (RejectedOffer, by id), each with the
// file it came from, on the output and in the report CSV (--report).

#include <cstdio>
#include <string>
#include <vector>

#include "cartoffre/index.hpp"
#include "cartoffre/loader.hpp"
#include "cli/output_file.hpp"

namespace cartoffre::cli {

struct ReportLine {
    std::string file;
    LoadIssue issue;
    bool out_of_scope = false;  // a value the mapping's row filters left out (issue.value)
};

// The reader's issues of `report` (read from `file`), as report lines; then one line per value
// its row filters left out of scope, with the rows it counts.
inline void add_issues(std::vector<ReportLine>& lines, const std::string& file,
                       const LoadReport& report) {
    for (const LoadIssue& issue : report.issues) lines.push_back({file, issue});
    for (const OutOfScopeValue& v : report.out_of_scope_values) {
        LoadIssue issue;
        issue.field = v.column;
        issue.value = v.value;
        issue.reason = "hors champ : " + std::to_string(v.rows) + " lignes";
        lines.push_back({file, issue, true});
    }
}

// The index's rejections, each with the file its offer came from (`file_of(id)`).
template <class FileOf>
void add_rejections(std::vector<ReportLine>& lines, const std::vector<RejectedOffer>& rejected,
                    const FileOf& file_of) {
    for (const RejectedOffer& r : rejected) {
        LoadIssue issue;
        issue.source_id = r.id;
        issue.field = "index";
        issue.reason = r.reason;
        issue.rejected = true;
        lines.push_back({file_of(r), issue});
    }
}

// `text` safe for a terminal: control characters (an id may hold one: that is why it was
// rejected) are shown as \xNN, not sent to the terminal; line breaks too unless `lines`.
inline std::string printable(const std::string& text, bool lines = false) {
    std::string out;
    for (unsigned char c : text) {
        if ((c < 0x20 && !(lines && c == '\n')) || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

inline size_t rejected_count(const std::vector<ReportLine>& lines) {
    size_t n = 0;
    for (const ReportLine& l : lines) n += l.issue.rejected;
    return n;
}

// One line per issue: position (the line of a CSV file, header is 1; the record of a JSON
// file; empty for a rejection by the index, which names the offer by id), source_id, field,
// value, reason, status (rejected, warning, or out-of-scope: a value the mapping's row filters
// left out, no position, its rows counted in the reason), file. UTF-8, every field quoted.
inline void write_report(const std::string& path, const std::vector<ReportLine>& lines) {
    OutputFile out(path);
    std::string& o = out.buffer();
    auto field = [&o](const std::string& s) {
        o += '"';
        for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
        o += '"';
    };
    o += "position,source_id,field,value,reason,status,file\n";
    for (const ReportLine& l : lines) {
        const LoadIssue& i = l.issue;
        if (i.field != "index" && !l.out_of_scope) o += std::to_string(i.position);
        o += ',';
        field(i.source_id), o += ',', field(i.field), o += ',', field(i.value), o += ',';
        field(i.reason), o += ',';
        o += l.out_of_scope ? "out-of-scope," : i.rejected ? "rejected," : "warning,";
        field(l.file), o += '\n';
        out.flush_if_full();
    }
    out.finish();
}

// The rejected rows on the output: all of them without a report file; else the first 20 and
// where the others are.
inline void print_rejections(const std::vector<ReportLine>& lines, const std::string& report) {
    size_t shown = 0, rejected = 0;
    for (const ReportLine& l : lines) {
        if (!l.issue.rejected) continue;
        ++rejected;
        if (!report.empty() && shown == 20) continue;
        ++shown;
        const LoadIssue& i = l.issue;
        std::string where = l.file;
        const bool csv = where.size() >= 4 && where.compare(where.size() - 4, 4, ".csv") == 0;
        if (i.field != "index")
            where += (csv ? " ligne " : " enregistrement ") + std::to_string(i.position);
        if (!i.source_id.empty()) where += " (id " + i.source_id + ")";
        const std::string line = i.field == "index"
                                     ? "rejet à l'indexation : " + where + " : " + i.reason
                                     : "rejet : " + where + " : " + i.field + " : " + i.reason;
        std::printf("  %s\n", printable(line).c_str());
    }
    if (rejected > shown)
        std::printf("  ... et %zu autres rejets, tous dans le rapport %s\n", rejected - shown,
                    report.c_str());
}

}  // namespace cartoffre::cli
