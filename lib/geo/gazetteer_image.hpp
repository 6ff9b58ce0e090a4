#pragma once
// The gazetteer's binary image (gazetteer.bin): everything an index open needs laid out so that
// mapping the file is the whole of loading it. Lookups are binary searches over sorted arrays of
// the image; nothing is parsed, hashed or folded when it opens.
//
// Layout (little-endian, as the machines we run on): a Header (magic, version, commune count,
// total size, offset and size of every section), then the sections, each 8-byte aligned, where
// the header says (the writer puts the pool last: it fills while the others are written):
//   pool         the strings (repeated ones stored once); a Ref is (offset, size) into it
//   communes     one Record per commune, in the order of the COG table
//   by_code      Keyed (INSEE code, commune), one per code: the first current commune, else the
//                first commune with it
//   by_postcode  Keyed (postcode, commune) for current communes and arrondissements
//   by_name      Keyed (place_key of the name, commune), arrondissements also as "paris 11" and
//                "paris 11e"
//   arrondissements  commune indices; a Record's range lists its city's arrondissements
//   departements, regions, epcis  Named (code, name, région), sorted by code
// Keyed arrays are sorted by (key, commune). The header and section bounds are checked when the
// image opens; a Ref or a commune index is checked where it is read, so a damaged image throws
// IndexError instead of reading outside it, and opening costs no work per commune.

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/geo.hpp"

namespace cartoffre::detail {

// The key names are compared by: folded, "st"/"ste" spelt out.
std::string place_key(std::string_view text);

namespace gazetteer_image {

constexpr char magic[8] = {'c', 'a', 'r', 't', 'g', 'a', 'z', '\n'};
constexpr uint32_t version = 1;

struct Ref {
    uint32_t offset = 0, size = 0;
};

enum Flag : uint32_t { has_centre = 1, current = 2, arrondissement = 4 };

struct Record {
    Ref code, name, type, parent, departement, region, epci;
    Ref postcodes;  // 5 characters each, packed: "7701077000"
    int64_t population = 0;
    double lat = 0, lon = 0;
    uint32_t flags = 0;
    uint32_t arrondissements_begin = 0, arrondissements_count = 0;
    uint32_t unused = 0;  // written as zero: no padding byte is left undefined
};
static_assert(sizeof(Record) == 104, "Record has no padding");

struct Keyed {
    Ref key;
    uint32_t commune = 0;
};
static_assert(sizeof(Keyed) == 12, "Keyed has no padding");

struct Named {
    Ref code, name, region;  // region: a département's région, else empty
};
static_assert(sizeof(Named) == 24, "Named has no padding");

enum Section : uint32_t {
    pool,
    communes,
    by_code,
    by_postcode,
    by_name,
    arrondissements,
    departements,
    regions,
    epcis,
    section_count
};

struct SectionRef {
    uint64_t offset = 0, size = 0;  // bytes
};

struct Header {
    char magic[8];
    uint32_t version = 0, communes = 0;
    uint64_t total_size = 0;
    SectionRef sections[section_count];
};
static_assert(sizeof(Header) == 24 + 16 * section_count, "Header has no padding");

}  // namespace gazetteer_image

// What load_csv reads, before it becomes an image.
struct CommuneRow {
    std::string code, name, type, parent, departement, region, epci;
    std::vector<std::string> postcodes;  // 5 characters each
    long population = 0;
    std::optional<LatLon> centre;
};
struct GazetteerTables {
    std::vector<CommuneRow> communes;
    std::map<std::string, std::pair<std::string, std::string>> departements;  // -> name, région
    std::map<std::string, std::string> regions, epcis;                        // code -> name
};

// The image of these tables: the same bytes for the same tables.
std::string write_gazetteer_image(const GazetteerTables& tables);

// Reads an image held elsewhere (a mapping, a buffer): `bytes` must outlive it. Throws
// IndexError naming `file` when the header or a section is wrong; accessors throw it on a
// reference out of range.
class GazetteerImage {
  public:
    GazetteerImage() = default;
    GazetteerImage(std::string_view bytes, std::string file);

    uint32_t size() const { return m_communes; }
    gazetteer_image::Record record(uint32_t commune) const;
    std::string_view text(gazetteer_image::Ref ref) const;
    // Entries of a Keyed or Named section.
    size_t count(gazetteer_image::Section section) const { return m_count[section]; }
    template <class T>
    T entry(gazetteer_image::Section section, size_t i) const {
        T out;
        std::memcpy(&out, m_bytes.data() + m_offset[section] + i * sizeof(T), sizeof(T));
        return out;
    }
    // The commune of entry i of a Keyed section, checked.
    uint32_t keyed_commune(gazetteer_image::Section section, size_t i) const;
    // The range [first, last) of a Keyed section whose key is `key`, or starts with it.
    std::pair<size_t, size_t> equal_range(gazetteer_image::Section section,
                                          std::string_view key) const;
    std::pair<size_t, size_t> prefix_range(gazetteer_image::Section section,
                                           std::string_view prefix) const;
    // The entry of a Named section with this code.
    std::optional<gazetteer_image::Named> named(gazetteer_image::Section section,
                                                std::string_view code) const;
    uint32_t arrondissement(uint32_t i) const;  // entry i of the arrondissements section
    const std::string& file() const { return m_file; }

  private:
    [[noreturn]] void fail(const std::string& what) const;
    template <class Less>
    size_t partition_point(gazetteer_image::Section section, Less less) const;

    std::string_view m_bytes;
    std::string m_file;
    uint32_t m_communes = 0;
    uint64_t m_offset[gazetteer_image::section_count] = {};
    uint64_t m_count[gazetteer_image::section_count] = {};
};

}  // namespace cartoffre::detail
