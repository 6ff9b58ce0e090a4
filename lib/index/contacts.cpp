// The contacts a cluster of duplicates pools (index/contacts.hpp).

#include "index/contacts.hpp"

#include <algorithm>
#include <string_view>

namespace cartoffre::detail {

namespace {

constexpr std::string_view joining_words[] = {" ou ", " et ", " OU ", " ET "};

// A set of bytes, tested by one load: every hit of a page reads its contacts, and a search of
// the separators for each byte of the text cost more than the rest of the page's decoding.
struct ByteSet {
    bool has[256] = {};
    constexpr explicit ByteSet(std::string_view bytes) {
        for (char c : bytes) has[static_cast<unsigned char>(c)] = true;
    }
    bool operator()(char c) const { return has[static_cast<unsigned char>(c)]; }
};
constexpr ByteSet phone_separators("/,;|\n");
constexpr ByteSet email_separators("/,;| \t\n");
constexpr ByteSet trimmed(" \t-.:");

// Whether a joining word stands in the text: one pass over its spaces.
bool has_joining_word(std::string_view text) {
    for (size_t at = text.find(' '); at != std::string_view::npos && at + 3 < text.size();
         at = text.find(' ', at + 1))
        if (text[at + 3] == ' ')
            for (std::string_view word : joining_words)
                if (text.compare(at, word.size(), word) == 0) return true;
    return false;
}

// Calls each(piece) for the pieces of a field that may hold several values ("01 .. / 06 ..",
// "a@b.fr ; c@d.fr"), trimmed, as views: most fields hold one value with no joining word, read
// here without a copy.
template <class Each>
void each_piece(std::string_view text, const ByteSet& separators, Each&& each) {
    std::string joined;  // only when a joining word stands between two values
    if (has_joining_word(text))
        for (std::string_view word : joining_words) {
            if (text.find(word) == std::string_view::npos) continue;
            if (joined.empty()) joined = text;
            for (size_t at; (at = joined.find(word)) != std::string::npos;)
                joined.replace(at, word.size(), "/");
            text = joined;
        }
    auto flush = [&](std::string_view piece) {
        size_t first = 0, end = piece.size();
        while (first < end && trimmed(piece[first])) ++first;
        while (end > first && trimmed(piece[end - 1])) --end;
        if (first < end) each(piece.substr(first, end - first));
    };
    size_t from = 0;
    for (size_t at = 0; at < text.size(); ++at)
        if (separators(text[at])) {
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
    if (text.empty()) return;
    std::string d;
    each_piece(text, phone_separators, [&](std::string_view piece) {
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

// Adds the text's e-mail addresses, in lower case, to `list`, each once. ASCII letters only,
// whatever the process's locale: a byte of a UTF-8 name is no letter of its own.
void add_emails(std::string_view text, std::vector<std::string>& list) {
    if (text.empty()) return;
    std::string lower;
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    each_piece(text, email_separators, [&](std::string_view piece) {
        if (piece.substr(0, 7) == "mailto:") piece.remove_prefix(7);
        if (piece.find('@') == std::string_view::npos) return;
        if (std::none_of(piece.begin(), piece.end(), upper)) return add_once(list, piece);
        lower.assign(piece);
        for (char& c : lower)
            if (upper(c)) c = static_cast<char>(c - 'A' + 'a');
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
