#pragma once
// Offers as compact binary records, decoded only for the hits of a page.
// Layout: fields in a fixed order, each string as a varint length and its bytes, each list as
// a varint count and its strings, optionals behind a presence byte. The id comes first so
// that an id lookup decodes nothing else.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartoffre/offer.hpp"

namespace cartoffre::detail {

std::string encode_record(const Offer& offer);
// Throws IndexError on a truncated or malformed record.
Offer decode_record(std::string_view bytes);
// The same into `offer`, whose fields of the record it sets (those the index computes, such as
// score_qualite or doublons, it leaves as they are).
void decode_record(std::string_view bytes, Offer& offer);
std::string_view record_id(std::string_view bytes);

// A record read in place: where each of its fields lies, found once, then read as a text, a
// list or a number without building an Offer. The v1 pages (search_v1.cpp) copy the page's
// fields straight out of the records: decoding a whole Offer costs more than writing it.
class RecordView {
  public:
    // Throws IndexError on a truncated or malformed record.
    explicit RecordView(std::string_view bytes);
    // By the field's place in offer_fields(), each of its kind (a text field's text...); a
    // field the index computes (FieldOrigin::index) is in no record and reads as empty.
    std::string_view text(size_t field) const;
    // The list's texts, into `out` (cleared first).
    void list(size_t field, std::vector<std::string_view>& out) const;
    std::optional<double> number(size_t field) const;
    std::optional<int> integer(size_t field) const;

  private:
    std::vector<std::string_view> m_fields;  // a text field's text, another's stored bytes
};

// A digest of the record's layout: the names and kinds of the fields it holds, in order. Kept
// in meta.json and checked at open, so that an index written before a field was added to a
// table (include/cartoffre/fields.hpp) is refused rather than misread: adding a field needs no
// raise of index_format_version.
std::string record_layout();

}  // namespace cartoffre::detail
