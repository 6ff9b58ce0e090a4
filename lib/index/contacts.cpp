// The contacts a cluster of duplicates pools (index/contacts.hpp).

#include "index/contacts.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace cartoffre::detail {

namespace {

constexpr const char* joining_words[] = {" ou ", " et ", " OU ", " ET "};

// Calls each(piece) for the pieces of a field that may hold several values ("01 .. / 06 ..",
// "a@b.fr ; c@d.fr"), trimmed, as views: every hit of a page reads its contacts, and most
// fields hold one value with no joining word, read here without a copy.
template <class Each>
void each_piece(std::string_view text, std::string_view separators, Each&& each) {
    std::string joined;  // only when a joining word stands between two values
    for (const char* word : joining_words) {
        if (text.find(word) == std::string_view::npos) continue;
        if (joined.empty()) joined = text;
        for (size_t at; (at = joined.find(word)) != std::string::npos;) joined.replace(at, 4, "/");
        text = joined;
    }
    auto flush = [&](std::string_view piece) {
        const size_t first = piece.find_first_not_of(" \t-.:");
        const size_t last = piece.find_last_not_of(" \t-.:");
        if (first != std::string_view::npos) each(piece.substr(first, last - first + 1));
    };
    size_t from = 0;
    for (size_t at = 0; at < text.size(); ++at)
        if (separators.find(text[at]) != std::string_view::npos) {
            flush(text.substr(from, at - from));
            from = at + 1;
        }
    flush(text.substr(from));
}

void add_once(std::vector<std::string>& list, std::string_view value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
        list.emplace_back(value);
}

// Adds the text's phone numbers to `list`, each once.
void add_phones(std::string_view text, std::vector<std::string>& list) {
    std::string d;
    each_piece(text, "/,;|\n", [&](std::string_view piece) {
        d.clear();
        for (char c : piece)
            if (c >= '0' && c <= '9') d += c;
        if (d.rfind("0033", 0) == 0) d.replace(0, 4, "0");
        if (d.size() == 11 && d.rfind("33", 0) == 0) d.replace(0, 2, "0");
        // Two numbers written with no separator but spaces or dashes ("01 .. 06 ..").
        bool national = !d.empty() && d.size() % 10 == 0;
        for (size_t i = 0; national && i < d.size(); i += 10) national = d[i] == '0';
        if (!national) return add_once(list, piece);
        for (size_t i = 0; i < d.size(); i += 10) {
            char spaced[14];  // "01 23 45 67 89"
            for (size_t k = 0, out = 0; k < 10; ++k) {
                if (k > 0 && k % 2 == 0) spaced[out++] = ' ';
                spaced[out++] = d[i + k];
            }
            add_once(list, std::string_view(spaced, sizeof spaced));
        }
    });
}

// Adds the text's e-mail addresses, in lower case, to `list`, each once.
void add_emails(std::string_view text, std::vector<std::string>& list) {
    std::string lower;
    each_piece(text, "/,;| \t\n", [&](std::string_view piece) {
        if (piece.rfind("mailto:", 0) == 0) piece.remove_prefix(7);
        if (piece.find('@') == std::string_view::npos) return;
        lower.assign(piece);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        add_once(list, lower);
    });
}

}  // namespace

std::vector<std::string> phone_numbers(const std::string& text) {
    std::vector<std::string> numbers;
    add_phones(text, numbers);
    return numbers;
}

std::vector<std::string> email_addresses(const std::string& text) {
    std::vector<std::string> addresses;
    add_emails(text, addresses);
    return addresses;
}

// Straight into the pooled lists: adding each number once to `into.telephones` is adding once
// each of phone_numbers(), which are already distinct.
void pool_contacts(Offer& into, const Offer& from) {
    add_phones(from.telephone, into.telephones);
    add_emails(from.courriel, into.courriels);
    add_once(into.liens, from.lien_mobilisation);
    add_once(into.liens, from.lien_source);
}

}  // namespace cartoffre::detail
