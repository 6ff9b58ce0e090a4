#include "detail/csv.hpp"

#include <cstdlib>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> fields(1);
    auto end_record = [&] {
        if (fields.size() > 1 || !fields[0].empty()) records.push_back(std::move(fields));
        fields.assign(1, std::string());
    };
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                fields.back() += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                fields.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            end_record();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    end_record();
    return records;
}

std::vector<std::string> split_csv_line(const std::string& line) {
    auto records = parse_csv(line);
    return records.empty() ? std::vector<std::string>(1) : std::move(records.front());
}

CsvReader::CsvReader(const std::filesystem::path& file) : m_file(file), m_in(file) {
    std::string header;
    if (!m_in || !std::getline(m_in, header))
        throw DataError("impossible de lire " + file.string() + " : fichier absent ou vide");
    m_line = 1;
    if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);  // byte order mark
    auto names = split_csv_line(header);
    for (size_t i = 0; i < names.size(); ++i) m_columns[names[i]] = i;
}

bool CsvReader::next() {
    std::string text;
    while (std::getline(m_in, text)) {
        ++m_line;
        if (text.empty() || text == "\r") continue;
        m_fields = split_csv_line(text);
        if (m_fields.size() != m_columns.size())
            throw DataError(m_file.string() + ":" + std::to_string(m_line) + " : " +
                            std::to_string(m_columns.size()) + " champs attendus, " +
                            std::to_string(m_fields.size()) + " trouvés");
        return true;
    }
    return false;
}

const std::string& CsvReader::field(const std::string& column) const {
    auto it = m_columns.find(column);
    if (it == m_columns.end())
        throw DataError(m_file.string() + " : pas de colonne « " + column + " » dans l'en-tête");
    return m_fields[it->second];
}

std::optional<double> CsvReader::number(const std::string& column) const {
    const std::string& text = field(column);
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (*end != '\0') fail(column, "nombre décimal attendu");
    return value;
}

void CsvReader::fail(const std::string& column, const std::string& why) const {
    const std::string value = m_columns.count(column) ? field(column) : std::string();
    throw DataError(m_file.string() + ":" + std::to_string(m_line) + " : champ " + column +
                    " : valeur « " + value + " » : " + why);
}

}  // namespace cartoffre::detail
