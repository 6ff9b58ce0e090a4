#pragma once
// The contacts a cluster of duplicates pools (docs/design/duplicates.md): each member's phones,
// e-mails and links, once each, so that the record kept by exclude_duplicates carries what the
// other catalogues knew. Read when an offer is read: on the query path.

#include <string>
#include <vector>

#include "cartoffre/offer.hpp"

namespace cartoffre::detail {

// A text's phone numbers, each French one as "01 23 45 67 89", others as written.
std::vector<std::string> phone_numbers(const std::string& text);
// A text's e-mail addresses, in lower case.
std::vector<std::string> email_addresses(const std::string& text);
// Adds `from`'s phones, e-mails and links to `into`'s pooled lists (telephones, courriels,
// liens), each once.
void pool_contacts(Offer& into, const Offer& from);

}  // namespace cartoffre::detail
