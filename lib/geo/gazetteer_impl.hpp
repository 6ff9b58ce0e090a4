#pragma once
// What a Gazetteer holds (cartoffre/gazetteer.hpp): its image and the lookups over it, shared by
// gazetteer.cpp (opening, codes, postcodes, completion) and place_names.cpp (names as typed).

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "detail/mapped_file.hpp"
#include "geo/gazetteer_image.hpp"
#include "geo/spatial.hpp"

namespace cartoffre {

namespace gi = detail::gazetteer_image;

struct Gazetteer::Impl {
    detail::MappedFile mapped;  // the image, when opened from a file
    std::string owned;          // the image, when built from the CSVs
    std::string_view bytes;     // one of them
    detail::GazetteerImage image;
    // Only nearest() needs a tree of centres: built at its first call, so that a command
    // resolving a place by name does not pay for it when the index opens.
    mutable std::once_flag centres_once;
    mutable detail::GeoTree centres;

    static std::shared_ptr<const Impl> of_bytes(std::string image, std::string name);
    static std::shared_ptr<const Impl> of_file(const std::filesystem::path& file);

    Commune commune(uint32_t c) const;
    bool current(uint32_t c) const { return image.record(c).flags & gi::current; }
    std::optional<uint32_t> find_code(std::string_view code) const;
    std::vector<uint32_t> keyed(gi::Section section, std::string_view key) const;
    std::vector<uint32_t> arrondissements(uint32_t c) const;
    const detail::GeoTree& centre_tree() const;
    Place commune_place(uint32_t c) const;
    Place postcode_place(std::string_view postcode) const;
    std::vector<uint32_t> named(std::string_view key) const;
    // A place typed as a name (place_names.cpp): "Nom", "Nom (dd)", "Nom dd", "Nom 59100",
    // "59100 Nom"; homonyms chosen by population or refused. `g` gives the suggestions.
    Place named_place(const std::string& text, const Gazetteer& g) const;
    std::optional<std::pair<uint32_t, std::vector<uint32_t>>> dominant(
        const std::string& key, const std::vector<uint32_t>& exact) const;
    std::string label(uint32_t c) const {
        const Commune commune = this->commune(c);
        return std::string(commune.name) + " (" + std::string(commune.departement) + ")";
    }
};

}  // namespace cartoffre
