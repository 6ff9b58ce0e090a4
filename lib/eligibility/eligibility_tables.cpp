// The code lists of data/eligibility/: statuses, diploma levels, publics as profile facts.

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <unordered_map>

#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "eligibility/eligibility.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

constexpr int max_age = 130;

struct Row {
    size_t line = 0;
    std::vector<std::string> cells;
};

// A table as data/taxonomy's: '#' comments, one of them "# version N", a header naming the
// columns (checked, so that a column moved by hand is caught), then tab-separated rows.
class Table {
  public:
    Table(fs::path file, const std::vector<std::string>& header) : m_file(std::move(file)) {
        std::ifstream in(m_file);
        if (!in) throw DataError("impossible de lire la table d'éligibilité " + m_file.string());
        bool versioned = false, headed = false;
        std::string line;
        for (size_t number = 1; std::getline(in, line); ++number) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.rfind("# version ", 0) == 0) {
                versioned = positive(line.substr(10));
                if (!versioned) fail(number, "la version n'est pas un nombre positif");
            }
            if (line.empty() || line[0] == '#') continue;
            Row row{number, split(line, '\t')};
            if (!headed) {
                if (row.cells != header) fail(number, "en-tête attendu : " + join(header, ", "));
                headed = true;
            } else if (row.cells.size() != header.size()) {
                fail(number, std::to_string(header.size()) +
                                 " colonnes séparées par des tabulations attendues, " +
                                 std::to_string(row.cells.size()) + " trouvées");
            } else {
                m_rows.push_back(std::move(row));
            }
        }
        if (!versioned)
            throw DataError(m_file.string() + " : pas de ligne de commentaire « # version N »");
        if (!headed) throw DataError(m_file.string() + " : pas de ligne d'en-tête");
    }

    const std::vector<Row>& rows() const { return m_rows; }
    const fs::path& file() const { return m_file; }

    [[noreturn]] void fail(size_t line, const std::string& why) const {
        throw DataError(m_file.string() + ":" + std::to_string(line) + " : " + why);
    }

    static std::vector<std::string> split(const std::string& text, char separator) {
        std::vector<std::string> parts;
        size_t start = 0;
        for (;;) {
            size_t end = text.find(separator, start);
            parts.push_back(text.substr(start, end - start));
            if (end == std::string::npos) return parts;
            start = end + 1;
        }
    }

  private:
    static bool positive(const std::string& text) {
        int value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        return error == std::errc() && end == text.data() + text.size() && value > 0;
    }
    static std::string join(const std::vector<std::string>& parts, const char* separator) {
        std::string out;
        for (auto& part : parts) out += (out.empty() ? "" : separator) + part;
        return out;
    }

    fs::path m_file;
    std::vector<Row> m_rows;
};

std::optional<int> read_age(const Table& table, const Row& row, const std::string& text,
                            const char* column) {
    if (text.empty()) return std::nullopt;
    int value = -1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > max_age)
        table.fail(row.line, std::string("champ ") + column + " : « " + text +
                                 " » n'est pas un âge de 0 à " + std::to_string(max_age));
    return value;
}

}  // namespace

struct EligibilityTables::Impl {
    struct Status {
        std::string code, label, plural;
        uint32_t implied = 0;  // itself and what it implies, transitively
    };
    std::vector<Status> statuses;
    std::unordered_map<std::string, uint32_t> status_bits;
    std::vector<Code> diplomas;
    std::unordered_map<std::string, uint8_t> diploma_levels;
    fs::path publics_file;
    struct Public {
        size_t line;
        PublicRule rule;
    };
    std::unordered_map<std::string, Public> publics;

    void read_statuses(const fs::path& file);
    void read_diplomas(const fs::path& file);
    void read_publics(const fs::path& file);
};

void EligibilityTables::Impl::read_statuses(const fs::path& file) {
    Table table(file, {"code", "label", "plural", "implies"});
    for (const Row& row : table.rows()) {
        const std::string& code = row.cells[0];
        if (code.empty() || row.cells[1].empty() || row.cells[2].empty())
            table.fail(row.line, "un statut a un code, un libellé et un pluriel");
        if (statuses.size() == 32)
            table.fail(row.line, "plus de 32 statuts : l'index n'en garde que 32");
        if (!status_bits.emplace(code, static_cast<uint32_t>(statuses.size())).second)
            table.fail(row.line, "statut « " + code + " » en double");
        statuses.push_back({code, row.cells[1], row.cells[2], 1u << statuses.size()});
    }
    // Implications may name a later row: resolve them once every code is known.
    for (size_t i = 0; i < statuses.size(); ++i) {
        const Row& row = table.rows()[i];
        if (row.cells[3].empty()) continue;
        for (const std::string& code : Table::split(row.cells[3], ';')) {
            auto bit = status_bits.find(code);
            if (bit == status_bits.end())
                table.fail(row.line, "champ implies : code de statut inconnu « " + code + " »");
            statuses[i].implied |= 1u << bit->second;
        }
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (Status& status : statuses) {
            uint32_t implied = status.implied;
            for (uint32_t bits = status.implied; bits; bits &= bits - 1)
                implied |= statuses[static_cast<uint32_t>(__builtin_ctz(bits))].implied;
            changed |= implied != status.implied;
            status.implied = implied;
        }
    }
    // Profile.qpv and Profile.frr are read as these two statuses.
    for (const char* code : {"qpv", "frr"})
        if (!status_bits.count(code))
            throw DataError(file.string() + " : le statut de résidence « " + code + " » manque");
}

void EligibilityTables::Impl::read_diplomas(const fs::path& file) {
    Table table(file, {"code", "label"});
    for (const Row& row : table.rows()) {
        if (row.cells[0].empty() || row.cells[1].empty())
            table.fail(row.line, "un diplôme a un code et un libellé");
        if (diplomas.size() == 254) table.fail(row.line, "plus de 254 niveaux de diplôme");
        if (!diploma_levels.emplace(row.cells[0], static_cast<uint8_t>(diplomas.size() + 1)).second)
            table.fail(row.line, "diplôme « " + row.cells[0] + " » en double");
        diplomas.push_back({row.cells[0], row.cells[1]});
    }
}

void EligibilityTables::Impl::read_publics(const fs::path& file) {
    Table table(file, {"public", "everyone", "age_min", "age_max", "genre", "statuses"});
    publics_file = file;
    for (const Row& row : table.rows()) {
        const std::vector<std::string>& cells = row.cells;
        PublicRule rule;
        if (cells[1] != "yes" && !cells[1].empty())
            table.fail(row.line, "champ everyone : « " + cells[1] + " » : yes ou vide attendu");
        rule.everyone = cells[1] == "yes";
        rule.age_min = read_age(table, row, cells[2], "age_min");
        rule.age_max = read_age(table, row, cells[3], "age_max");
        if (rule.age_min && rule.age_max && *rule.age_min > *rule.age_max)
            table.fail(row.line, "champ age_max : " + cells[3] + " est sous age_min " + cells[2]);
        if (!cells[4].empty() && cells[4] != "femme" && cells[4] != "homme")
            table.fail(row.line, "champ genre : « " + cells[4] + " » : femme ou homme attendu");
        rule.genre = cells[4];
        if (!cells[5].empty())
            for (const std::string& code : Table::split(cells[5], ';')) {
                auto bit = status_bits.find(code);
                if (bit == status_bits.end())
                    table.fail(row.line,
                               "champ statuses : code de statut inconnu « " + code + " »");
                rule.statuses |= 1u << bit->second;
            }
        const bool facts = rule.age_min || rule.age_max || !rule.genre.empty() || rule.statuses;
        if (rule.everyone == facts)
            table.fail(row.line, rule.everyone
                                     ? "un public pour tous (everyone) n'a pas d'autre critère"
                                     : "un public a everyone ou un critère");
        if (!publics.emplace(cells[0], Public{row.line, rule}).second)
            table.fail(row.line, "public « " + cells[0] + " » en double");
    }
}

EligibilityTables EligibilityTables::load(const fs::path& dir) {
    auto impl = std::make_shared<Impl>();
    impl->read_statuses(dir / "statuses.tsv");
    impl->read_diplomas(dir / "diplomas.tsv");
    impl->read_publics(dir / "publics.tsv");
    EligibilityTables tables;
    tables.m_impl = std::move(impl);
    return tables;
}

const EligibilityTables& EligibilityTables::builtin() {
    static const EligibilityTables tables = load(data_dir() / "eligibility");
    return tables;
}

std::optional<uint32_t> EligibilityTables::status_bit(std::string_view code) const {
    auto it = m_impl->status_bits.find(std::string(code));
    if (it == m_impl->status_bits.end()) return std::nullopt;
    return it->second;
}

const std::string& EligibilityTables::status_code(uint32_t bit) const {
    return m_impl->statuses.at(bit).code;
}

const std::string& EligibilityTables::status_label(uint32_t bit) const {
    return m_impl->statuses.at(bit).label;
}

const std::string& EligibilityTables::status_plural(uint32_t bit) const {
    return m_impl->statuses.at(bit).plural;
}

size_t EligibilityTables::status_count() const {
    return m_impl->statuses.size();
}

uint32_t EligibilityTables::implied_statuses(uint32_t bits) const {
    uint32_t implied = bits;
    for (uint32_t b = bits; b; b &= b - 1) {
        const uint32_t bit = static_cast<uint32_t>(__builtin_ctz(b));
        if (bit < m_impl->statuses.size()) implied |= m_impl->statuses[bit].implied;
    }
    return implied;
}

std::optional<uint8_t> EligibilityTables::diploma_level(std::string_view code) const {
    auto it = m_impl->diploma_levels.find(std::string(code));
    if (it == m_impl->diploma_levels.end()) return std::nullopt;
    return it->second;
}

const std::string& EligibilityTables::diploma_label(uint8_t level) const {
    return m_impl->diplomas.at(static_cast<size_t>(level) - 1).label;
}

std::vector<EligibilityTables::PublicRule> EligibilityTables::public_rules(
    const Vocabulary& publics) const {
    std::vector<PublicRule> rules;
    for (const Code& code : publics.codes()) {
        auto it = m_impl->publics.find(code.code);
        if (it == m_impl->publics.end())
            throw DataError(m_impl->publics_file.string() + " : pas de règle pour le public « " +
                            code.code + " »");
        rules.push_back(it->second.rule);
    }
    // A row the vocabulary does not know is a misspelt public that would silently never apply.
    for (auto& [code, row] : m_impl->publics)
        if (!publics.find(code))
            throw DataError(m_impl->publics_file.string() + ":" + std::to_string(row.line) +
                            " : « " + code + " » n'est pas un code de la liste des publics");
    return rules;
}

}  // namespace cartoffre::detail
