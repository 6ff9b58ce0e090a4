#pragma once
// Official geography (COG): communes with their centres, postcodes, EPCI, départements and
// régions, and the resolution of a place typed by a person into communes and points.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/geo.hpp"

namespace cartoffre {

// A commune as the gazetteer holds it: its texts are views into the gazetteer's image, valid
// while that Gazetteer (or a copy of it) lives. Gazetteer::commune builds one without allocating.
struct Commune {
    std::string_view code;    // INSEE code: 01001, 2A004, 97411, 75111
    std::string_view name;    // Saint-Denis
    std::string_view type;    // commune-actuelle, arrondissement-municipal, commune-deleguee...
    std::string_view parent;  // for arrondissements and delegated communes: the current one
    std::string_view departement;  // 01, 2A, 974
    std::string_view region;       // 84
    std::string_view epci;         // SIREN of its EPCI (arrondissements: their parent's), may be ""
    std::string_view postcode_codes;  // its postcodes packed, 5 characters each: "7701077000"
    long population = 0;
    std::optional<LatLon> centre;

    bool is_current() const {
        return type == "commune-actuelle" || type == "arrondissement-municipal";
    }
    size_t postcode_count() const { return postcode_codes.size() / 5; }
    std::string_view postcode(size_t i) const { return postcode_codes.substr(5 * i, 5); }
    std::vector<std::string_view> postcodes() const;
};

// A resolved place: the communes it covers and the points distances are measured from.
struct Place {
    enum class Kind { commune, postcode, point };
    Kind kind = Kind::point;
    std::string label;                     // "Melun (77)", "code postal 75011", "48.85,2.35"
    std::vector<uint32_t> communes;        // gazetteer indices; an offer located in one is inside
    std::vector<LatLon> origins;           // distances are measured from the nearest of these
    std::optional<uint32_t> zone_commune;  // the commune whose zones an offer must cover
    std::vector<std::string> notices;      // ambiguities resolved by a documented rule
};

// One proposal of Gazetteer::complete: a current commune or arrondissement.
struct PlaceCompletion {
    uint32_t commune = 0;  // gazetteer index
    std::string label;     // "Melun (77)"
    std::string place;     // what resolve() reads as this very commune: the label, or insee:CODE
                           // where two communes of the département share the name
    std::string postcode;  // the postcode the prefix matched, or empty
};

class Gazetteer {
  public:
    // Reads communes_fr_2026.csv, epci_fr_2026.csv, departements_fr_2026.csv and
    // regions_fr_2026.csv from `dir`. Throws DataError naming the file and line on bad rows.
    static Gazetteer load_csv(const std::filesystem::path& dir);
    // The binary image an index keeps so that it works without the CSVs (gazetteer.bin): the
    // same bytes for the same tables. load() maps it and checks its header; opening does no
    // work per commune. Throws IndexError naming the file when it is damaged.
    void save(const std::filesystem::path& file) const;
    static Gazetteer load(const std::filesystem::path& file);

    Gazetteer();  // no communes
    // Copies share the immutable image: copying is cheap.
    ~Gazetteer();
    Gazetteer(Gazetteer&&) noexcept;
    Gazetteer& operator=(Gazetteer&&) noexcept;
    Gazetteer(const Gazetteer&);
    Gazetteer& operator=(const Gazetteer&);

    uint32_t size() const;  // communes, indexed 0..size()-1 in the order of the COG table
    Commune commune(uint32_t index) const;  // throws std::out_of_range past size()
    // The index of a commune by INSEE code; current communes and arrondissements take
    // precedence over a delegated commune sharing their code.
    std::optional<uint32_t> find_code(std::string_view insee) const;
    // Communes (current and arrondissements) using a postcode.
    std::vector<uint32_t> find_postcode(std::string_view postcode) const;
    // Arrondissements of Paris, Lyon, Marseille for their commune; empty otherwise.
    std::vector<uint32_t> arrondissements(uint32_t commune) const;
    // Nearest current commune centre to a point.
    std::optional<uint32_t> nearest(LatLon point) const;

    std::string departement_name(std::string_view code) const;  // empty when unknown
    std::string region_name(std::string_view code) const;
    std::string epci_name(std::string_view siren) const;
    bool is_departement(std::string_view code) const;
    bool is_epci(std::string_view siren) const;
    bool is_region(std::string_view code) const;
    std::vector<std::string> departements_of_region(std::string_view code) const;

    // Resolves what a person typed. Accepted forms, in this order:
    //   "lat,lon"                      a point (decimal degrees)
    //   "insee:CODE", "cp:CODE"        explicit INSEE code or postcode
    //   five characters                a postcode when it is one, otherwise an INSEE code; when
    //                                  both (3,203 strings: 13001 is Marseille 1er as a postcode,
    //                                  Aix-en-Provence as a code) the postcode wins and a notice
    //                                  names the other reading
    //   "Name (dd)"                    the commune of that name in département dd
    //   "Name"                         case-, accent-, hyphen-insensitive, St/Ste = Saint/Sainte;
    //                                  a namesake 10 times as populous as the others, or a
    //                                  commune the name begins ("Aix": Aix-en-Provence) as
    //                                  docs/design/gazetteer.md says, is chosen with a notice
    //   "Name dd", "Name 59100", "59100 Name"  as on an address, when the whole text names no
    //                                  commune ("Paris 11" is the arrondissement)
    // Throws PlaceError: unknown place (with close names as suggestions), ambiguous name
    // (listing every candidate with its département), invalid coordinates, a text longer than
    // 200 characters ("lieu trop long").
    Place resolve(std::string_view text) const;
    // Close matches for a misspelt or ambiguous name, best first, as "Name (dd)"; none for a
    // text longer than 200 characters (as complete()).
    std::vector<std::string> suggest(std::string_view text, size_t max = 3) const;
    // Places whose name starts with what a person is typing, for autocompletion: the name folded
    // as resolve() folds it ("st eti" finds Saint-Étienne), optionally followed by "(dd" to keep
    // one département; or the start of a postcode ("770"), else of an INSEE code ("2A00").
    // Current communes and arrondissements only, the most populous first.
    std::vector<PlaceCompletion> complete(std::string_view prefix, size_t max = 10) const;

  private:
    struct Impl;
    std::shared_ptr<const Impl> m_impl;
};

// Where the real data is: $CARTOFFRE_SHARED_DATA, else the checkout's for programs run from a
// build tree (declared with data_dir() in cartoffre/data_dirs.hpp, which says how).
std::filesystem::path shared_data_dir();

}  // namespace cartoffre
