#pragma once
// Catalogues in the data·inclusion v1 exchange format: a structures file and a services file,
// each a JSON array of objects (or JSON Lines, one object a line), plain or gzip-compressed.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cartoffre/loader.hpp"
#include "cartoffre/offer.hpp"

namespace cartoffre {

class Gazetteer;
class Taxonomy;

struct Catalogue {
    std::vector<Structure> structures;
    std::vector<Offer> offers;  // services, completed from their structures
};

// Reads a v1 catalogue as it is written, without checking its places and codes against the
// geography and the standard (load_data_inclusion_v1 does, for indexing). Services inherit their
// structure's location, contacts and hours when they have none (inherit_from_structure). Throws
// DataError naming the file and the position of malformed JSON (line and column), or the record
// (index and id) and field of a bad value.
Catalogue read_data_inclusion_v1(const std::filesystem::path& structures,
                                 const std::filesystem::path& services);

struct CatalogueLoad {
    Catalogue catalogue;
    LoadReport report;  // counts of services: read = loaded + rejected
};

// Reads a v1 catalogue as a partner's catalogue is loaded (loader.hpp): each service checked
// like a mapping's row. A record with a bad value, a service without its structure (or whose
// structure is rejected) or with an id already seen, is rejected and reported (structures'
// faults are listed too, field "structure"); coordinates not finite, at 0,0 or outside France
// are dropped, swapped ones put back, those too far from the stated commune moved to its
// centre (flagged approximate), missing ones replaced by it; unknown codes, zones and commune
// codes are dropped; hours that do not parse kept as text; each warned. Throws DataError only
// for a file that cannot be read or is not JSON (line and column).
CatalogueLoad load_data_inclusion_v1(const std::filesystem::path& structures,
                                     const std::filesystem::path& services,
                                     const Gazetteer& gazetteer, const Taxonomy& taxonomy);

// Writes a catalogue in the same format (JSON arrays, UTF-8).
void write_data_inclusion_v1(const Catalogue& catalogue, const std::filesystem::path& structures,
                             const std::filesystem::path& services);

// One record as write_data_inclusion_v1 writes it (one JSON object, fields in the standard's
// order, empty ones left out), for writers that stream records one at a time.
std::string data_inclusion_json(const Structure& structure);
std::string data_inclusion_json(const Offer& service);

}  // namespace cartoffre
