#pragma once
// The code lists of the data·inclusion v1 standard, as tables the project writes in
// data/taxonomy/: thématiques (in 16 categories), publics, types, frais, modes d'accueil,
// modes de mobilisation, mobilisable par; and the structures' kinds (typologies: ACI, mission
// locale, CCAS...), from data·inclusion's v0 list. Each code gets a small number, its bit in the
// index.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cartoffre {

struct Offer;

struct Code {
    std::string code;   // famille--garde-denfants
    std::string label;  // Garde d'enfants
};

// One code list. Codes keep the order of the table; a code's position is its number.
class Vocabulary {
  public:
    Vocabulary() = default;
    Vocabulary(std::string name, std::vector<Code> codes);

    const std::string& name() const { return m_name; }
    const std::vector<Code>& codes() const { return m_codes; }
    size_t size() const { return m_codes.size(); }
    std::optional<uint32_t> find(std::string_view code) const;
    const std::string& code(uint32_t number) const { return m_codes.at(number).code; }
    const std::string& label(uint32_t number) const { return m_codes.at(number).label; }

  private:
    std::string m_name;
    std::vector<Code> m_codes;
    std::unordered_map<std::string, uint32_t> m_numbers;
};

class Taxonomy {
  public:
    // Reads the tables of a directory laid out as data/taxonomy/. Throws DataError.
    static Taxonomy load(const std::filesystem::path& dir);
    // data_dir()/taxonomy: $CARTOFFRE_DATA, an installation, ... (cartoffre/data_dirs.hpp).
    static std::filesystem::path default_dir();
    static const Taxonomy& builtin();  // load(default_dir()) once

    const Vocabulary& categories() const { return m_categories; }
    const Vocabulary& thematiques() const { return m_thematiques; }
    const Vocabulary& publics() const { return m_publics; }
    const Vocabulary& types() const { return m_types; }
    const Vocabulary& frais() const { return m_frais; }
    const Vocabulary& modes_accueil() const { return m_modes_accueil; }
    const Vocabulary& modes_mobilisation() const { return m_modes_mobilisation; }
    const Vocabulary& mobilisable_par() const { return m_mobilisable_par; }
    const Vocabulary& typologies() const { return m_typologies; }

    uint32_t category_of(uint32_t theme) const { return m_category_of.at(theme); }
    // Checks every coded field of an offer; throws DataError naming the offer, field and value.
    void validate(const Offer& offer) const;
    // The labels of an offer's thématiques with their categories and of its structure's kind,
    // for full-text indexing: "garde d'enfants" or "entreprise adaptée" finds the offers coded
    // so, whatever their own words. Not the labels of publics and types: their words ("emploi",
    // "aide", "formation", "accompagnement") are in most offers' labels and would flood every
    // search (the vocabulary reads "jeunes" or "rsa" as their codes instead).
    std::string theme_text(const Offer& offer) const;

    // Writes the tables to a directory (an index keeps the taxonomy it was built with).
    void save(const std::filesystem::path& dir) const;

  private:
    Vocabulary m_categories, m_thematiques, m_publics, m_types, m_frais, m_modes_accueil,
        m_modes_mobilisation, m_mobilisable_par, m_typologies;
    std::vector<uint32_t> m_category_of;
};

}  // namespace cartoffre
