#pragma once
// Which member of a cluster of duplicates stands for it (docs/design/duplicates.md; the
// contacts it pools: index/contacts.hpp): the freshest record first, a record under an
// organisation's old name (data/duplicates/renamed.tsv) being older than the renaming; then the
// most complete; then the smallest id.

#include <filesystem>
#include <string>
#include <vector>

#include "cartoffre/date.hpp"
#include "cartoffre/offer.hpp"

namespace cartoffre::detail {

// A row of data/duplicates/renamed.tsv: an organisation's old name, the new one, the day it took
// effect and the text that says so. Names are kept folded (detail::fold).
struct Renaming {
    std::string old_name, new_name;
    Date date;
    std::string source;
};

// Reads a table of renamings; throws DataError (in French) naming the file and line of a bad row.
std::vector<Renaming> read_renamings(const std::filesystem::path& file);
// The table of data_dir()/duplicates/renamed.tsv, read once (by the build only).
const std::vector<Renaming>& renamings();

// Whether the folded words of `name` hold the folded words of `pattern` in a row.
bool name_holds(const std::string& name, const std::string& pattern);

// How fresh a record is, as YYYY-MM-DD ("" when nothing says): its date_maj, raised to the day
// of a renaming whose new name it bears (it was written after it) and lowered to the day before
// one whose old name alone it bears (it was written before it, whatever its date says).
std::string freshness(const Offer& offer, const std::vector<Renaming>& table);
// How many of a caseworker's facts it gives: phone, e-mail, opening hours, coordinates at the
// address, a description.
int completeness(const Offer& offer);
// Whether `a` stands for a cluster before `b`: fresher, then more complete, then smaller id
// (duplicate_clusters applies the same order from keys computed once per member).
bool stands_before(const Offer& a, const Offer& b, const std::vector<Renaming>& table);

}  // namespace cartoffre::detail
