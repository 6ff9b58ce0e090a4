#pragma once
// Offers as compact binary records, decoded only for the hits of a page.
// Layout: fields in a fixed order, each string as a varint length and its bytes, each list as
// a varint count and its strings, optionals behind a presence byte. The id comes first so
// that an id lookup decodes nothing else.

#include <string>
#include <string_view>

#include "cartoffre/offer.hpp"

namespace cartoffre::detail {

std::string encode_record(const Offer& offer);
// Throws IndexError on a truncated or malformed record.
Offer decode_record(std::string_view bytes);
std::string_view record_id(std::string_view bytes);

// A digest of the record's layout: the names and kinds of the fields it holds, in order. Kept
// in meta.json and checked at open, so that an index written before a field was added to a
// table (include/cartoffre/fields.hpp) is refused rather than misread: adding a field needs no
// raise of index_format_version.
std::string record_layout();

}  // namespace cartoffre::detail
