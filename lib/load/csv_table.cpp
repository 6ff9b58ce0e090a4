#include "load/csv_table.hpp"

#include <cstdint>
#include <cstring>

#include "cartoffre/error.hpp"
#include "detail/mapped_file.hpp"
#include "load/gzip_file.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

void check_text_file(const fs::path& file, bool compressed) {
    std::string head(4096, '\0');
    size_t size = 0;
    try {
        InputFile in(file);
        in.stream().read(head.data(), static_cast<std::streamsize>(head.size()));
        size = static_cast<size_t>(in.stream().gcount());
        if (!compressed && in.compressed()) {
            throw DataError(file.string() +
                            " : fichier compressé par gzip sous un nom sans « .gz » : "
                            "nommez-le « " +
                            file.filename().string() + ".gz » ou décompressez-le");
        }
    } catch (const std::ios::failure&) {
        throw DataError(file.string() + " : fichier compressé illisible (gzip tronqué ?)");
    }
    head.resize(size);
    auto refuse = [&](const std::string& why) { throw DataError(file.string() + " : " + why); };
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
    if (size >= 2 && ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF)))
        refuse("fichier en UTF-16 (marque d'ordre des octets " +
               std::string(byte(0) == 0xFF ? "FF FE" : "FE FF") + ") : enregistrez-le en UTF-8");
    if (head.compare(0, 4, "PK\x03\x04") == 0)
        refuse(
            "archive ZIP (un classeur XLSX ou ODS ?) lue comme du texte : donnez-le avec son "
            "extension (.xlsx, .ods) ou enregistrez-le en CSV UTF-8");
    // NUL bytes: UTF-16 without a byte-order mark puts them in every other byte of ASCII text;
    // anything else with NUL bytes is not text.
    size_t nul_even = 0, nul_odd = 0;
    for (size_t i = 0; i < size; ++i)
        if (head[i] == '\0') ++(i % 2 ? nul_odd : nul_even);
    if (nul_even + nul_odd == 0) return;
    const size_t pairs = size / 2;
    if (pairs > 0 && (nul_odd * 4 >= pairs * 3 || nul_even * 4 >= pairs * 3) &&
        (nul_odd == 0 || nul_even == 0))
        refuse("fichier en UTF-16 (" + std::string(nul_odd ? "petit-boutiste" : "gros-boutiste") +
               ", sans marque d'ordre des octets) : enregistrez-le en UTF-8");
    size_t first = head.find('\0');
    size_t line = 1;
    for (size_t i = 0; i < first; ++i) line += head[i] == '\n';
    refuse("fichier binaire, pas du texte : octet nul à la ligne " + std::to_string(line) +
           " (octet " + std::to_string(first + 1) + ")" +
           (nul_even + nul_odd == size ? ", le fichier n'a que des octets nuls" : ""));
}

namespace {

// True when one of the eight bytes of `word` is `c` (the classic bit trick: a byte of
// word ^ c*0x01..01 is zero exactly where `c` is).
bool has_byte(uint64_t word, char c) {
    const uint64_t x = word ^ (0x0101010101010101ull * static_cast<unsigned char>(c));
    return ((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) != 0;
}

struct CsvRecord {
    size_t count = 0;      // fields read into the buffer
    size_t line = 0;       // the record's first line
    size_t last_line = 0;  // its last line
    std::string problem;   // broken quotes: why, naming the lines; empty otherwise
};

// The same rules as GDAL's CSV reader at several times its speed (GDAL spends most of a load
// building features), and stricter quotes: a quote that GDAL would let run over the following
// lines is a problem of its record, not 40 rows read as one.
class CsvScanner {
  public:
    CsvScanner(std::string_view text, char separator) : m_text(text), m_separator(separator) {}

    // The next record's fields into `fields` (reusing their storage); false at the end.
    bool next(std::vector<std::string>& fields, CsvRecord& r) {
        // Blank lines between records are skipped.
        while (m_at < m_text.size() && (m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
            if (m_text[m_at] == '\n') ++m_line;
            ++m_at;
        }
        if (m_at >= m_text.size()) return false;
        r.line = m_line;
        r.count = 0;
        r.problem.clear();
        m_start = m_at;
        for (;;) {
            if (r.count == fields.size()) fields.emplace_back();
            std::string& field = fields[r.count++];
            field.clear();
            if (m_at < m_text.size() && m_text[m_at] == '"' && !quoted(field, r)) return true;
            // Up to the next separator or end of line.
            size_t end = m_at;
            // Eight bytes at a time while none is the separator or a newline (most fields are
            // a few words long, descriptions a few hundred bytes).
            for (uint64_t word; end + 8 <= m_text.size(); end += 8) {
                std::memcpy(&word, m_text.data() + end, 8);
                if (has_byte(word, m_separator) || has_byte(word, '\n')) break;
            }
            while (end < m_text.size() && m_text[end] != m_separator && m_text[end] != '\n') ++end;
            size_t stop = end;
            if (stop > m_at && m_text[stop - 1] == '\r') --stop;
            field.append(m_text.substr(m_at, stop - m_at));
            m_at = end;
            if (m_at < m_text.size() && m_text[m_at] == m_separator) {
                ++m_at;
                continue;
            }
            r.last_line = m_line;
            if (m_at < m_text.size()) ++m_at, ++m_line;  // the '\n'
            return true;
        }
    }

    // Drops the rest of a broken record: reading resumes on the line after its first.
    void resume_after_first_line(CsvRecord& r) {
        const size_t end = m_text.find('\n', m_start);
        m_at = end == std::string_view::npos ? m_text.size() : end + 1;
        m_line = r.line + 1;
    }

  private:
    // A quoted field at m_at into `field`; false (r.problem set, the fields read before it
    // kept) when its quotes are broken.
    bool quoted(std::string& field, CsvRecord& r) {
        const size_t opened = m_line;
        ++m_at;
        for (;;) {
            const size_t quote = m_text.find('"', m_at);
            if (quote == std::string_view::npos)
                return broken(r, "un champ entre guillemets ouvert ligne " +
                                     std::to_string(opened) +
                                     " n'est jamais refermé (le fichier finit avant)");
            for (size_t i = m_at; i < quote; ++i) m_line += m_text[i] == '\n';
            field.append(m_text.substr(m_at, quote - m_at));
            m_at = quote + 1;
            if (m_at < m_text.size() && m_text[m_at] == '"') {
                field += '"';
                ++m_at;
            } else {
                break;
            }
        }
        // After the closing quote: spaces, then a separator or the end of the line.
        size_t after = m_at;
        while (after < m_text.size() && (m_text[after] == ' ' || m_text[after] == '\t')) ++after;
        const bool line_end =
            after == m_text.size() || m_text[after] == '\n' ||
            (m_text[after] == '\r' && (after + 1 == m_text.size() || m_text[after + 1] == '\n'));
        if (line_end || m_text[after] == m_separator) {
            m_at = after;
            return true;
        }
        std::string stray(m_text.substr(after, std::min<size_t>(30, m_text.size() - after)));
        stray = stray.substr(0, stray.find_first_of("\r\n"));
        return broken(r, "guillemets mal placés : le champ ouvert par un guillemet ligne " +
                             std::to_string(opened) + " se ferme ligne " + std::to_string(m_line) +
                             ", suivi de « " + stray +
                             " » au lieu d'un séparateur (un guillemet non doublé ou jamais "
                             "refermé ?)");
    }

    bool broken(CsvRecord& r, std::string why) {
        --r.count;  // the broken field is not given
        r.problem = std::move(why);
        r.last_line = r.line;
        resume_after_first_line(r);
        return false;
    }

    std::string_view m_text;
    char m_separator;
    size_t m_at = 0;
    size_t m_start = 0;  // where the current record began
    size_t m_line = 1;
};

// The separator of a header line: the one of , ; TAB | it holds most (outside quotes).
char separator_of(std::string_view header) {
    size_t counts[4] = {0, 0, 0, 0};
    const char candidates[4] = {',', ';', '\t', '|'};
    bool quoted = false;
    for (char c : header) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        for (int k = 0; k < 4; ++k) counts[k] += c == candidates[k];
    }
    int best = 0;
    for (int k = 1; k < 4; ++k)
        if (counts[k] > counts[best]) best = k;
    return candidates[best];
}

}  // namespace

void read_csv_table(const fs::path& file, const ReadOptions& options,
                    const std::function<void(const std::vector<std::string>&)>& header,
                    const std::function<void(const Row&)>& handle) {
    MappedFile mapped;
    try {
        mapped = MappedFile(file);
    } catch (const std::exception& e) {
        throw DataError("impossible de lire " + file.string() + " : " + e.what());
    }
    std::string_view text = mapped.view();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte-order mark
    // Lines ended by CR alone (Mac OS 9 exports): read as line ends.
    std::string converted;
    if (const size_t cr = text.find('\r'); cr != std::string_view::npos && cr < text.find('\n') &&
                                           (cr + 1 == text.size() || text[cr + 1] != '\n')) {
        converted.assign(text);
        for (size_t i = 0; i < converted.size(); ++i)
            if (converted[i] == '\r' && (i + 1 == converted.size() || converted[i + 1] != '\n'))
                converted[i] = '\n';
        text = converted;
    }
    if (text.find('\n') == std::string_view::npos)
        throw DataError(file.string() +
                        " : le fichier s'arrête dans sa ligne d'en-tête (aucune fin de ligne, "
                        "aucune ligne de données) : fichier coupé ?");
    const char separator = options.separator.empty()
                               ? separator_of(text.substr(0, text.find('\n')))
                               : (options.separator == "\\t" ? '\t' : options.separator[0]);
    const bool latin1 = options.encoding == "ISO-8859-1" || options.encoding == "latin1";
    CsvScanner scanner(text, separator);
    std::vector<std::string> fields;
    CsvRecord record;
    Row row;
    if (!scanner.next(fields, record)) throw DataError(file.string() + " : pas de ligne d'en-tête");
    if (!record.problem.empty())
        throw DataError(file.string() + ":1 : ligne d'en-tête illisible : " + record.problem);
    for (size_t i = 0; i < record.count; ++i)
        row.columns.push_back(latin1 ? latin1_to_utf8(fields[i]) : fields[i]);
    if (header) header(row.columns);
    row.values.assign(row.columns.size(), std::string());
    row.index_columns();
    const size_t width = row.columns.size();
    while (scanner.next(fields, record)) {
        row.position = record.line;  // the header is line 1
        // A quoted field over several lines that leaves a record of another width is a quote
        // left open: the record is refused, its next line read as the next record.
        if (record.problem.empty() && record.last_line > record.line && record.count != width) {
            record.problem = "l'enregistrement des lignes " + std::to_string(record.line) + " à " +
                             std::to_string(record.last_line) + " a " +
                             std::to_string(record.count) + " champs pour " +
                             std::to_string(width) + " colonnes : un guillemet ouvert ligne " +
                             std::to_string(record.line) + " n'est sans doute pas refermé";
            record.count = 0;
            scanner.resume_after_first_line(record);
        } else if (record.problem.empty() && record.count > width) {
            record.problem = std::to_string(record.count) + " champs pour " +
                             std::to_string(width) + " colonnes (un séparateur de trop ?)";
        }
        row.problem = record.problem;
        for (size_t i = 0; i < width; ++i) {
            if (i >= record.count)
                row.values[i].clear();
            else if (latin1)
                row.values[i] = latin1_to_utf8(fields[i]);
            else
                row.values[i].swap(fields[i]);
        }
        handle(row);
    }
}

}  // namespace cartoffre::detail
