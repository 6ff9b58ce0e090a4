// The contacts a cluster of duplicates pools (index/contacts.hpp).

#include "index/contacts.hpp"

#include <algorithm>
#include <cctype>

namespace cartoffre::detail {

namespace {

// The pieces of a field that may hold several values ("01 .. / 06 ..", "a@b.fr ; c@d.fr").
std::vector<std::string> pieces(std::string text, const std::string& separators) {
    for (const char* word : {" ou ", " et ", " OU ", " ET "})
        for (size_t at; (at = text.find(word)) != std::string::npos;) text.replace(at, 4, "/");
    std::vector<std::string> out;
    std::string piece;
    auto flush = [&] {
        const size_t first = piece.find_first_not_of(" \t-.:");
        const size_t last = piece.find_last_not_of(" \t-.:");
        if (first != std::string::npos) out.push_back(piece.substr(first, last - first + 1));
        piece.clear();
    };
    for (char c : text) {
        if (separators.find(c) != std::string::npos)
            flush();
        else
            piece += c;
    }
    flush();
    return out;
}

std::string spaced(const std::string& ten) {
    std::string out;
    for (size_t i = 0; i < ten.size(); i += 2) out += (out.empty() ? "" : " ") + ten.substr(i, 2);
    return out;
}

void add_once(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

}  // namespace

std::vector<std::string> phone_numbers(const std::string& text) {
    std::vector<std::string> numbers;
    for (const std::string& piece : pieces(text, "/,;|\n")) {
        std::string d;
        for (char c : piece)
            if (c >= '0' && c <= '9') d += c;
        if (d.rfind("0033", 0) == 0) d = "0" + d.substr(4);
        if (d.size() == 11 && d.rfind("33", 0) == 0) d = "0" + d.substr(2);
        // Two numbers written with no separator but spaces or dashes ("01 .. 06 ..").
        bool national = !d.empty() && d.size() % 10 == 0;
        for (size_t i = 0; national && i < d.size(); i += 10) national = d[i] == '0';
        if (national)
            for (size_t i = 0; i < d.size(); i += 10) add_once(numbers, spaced(d.substr(i, 10)));
        else
            add_once(numbers, piece);
    }
    return numbers;
}

std::vector<std::string> email_addresses(const std::string& text) {
    std::vector<std::string> addresses;
    for (std::string piece : pieces(text, "/,;| \t\n")) {
        if (piece.rfind("mailto:", 0) == 0) piece = piece.substr(7);
        if (piece.find('@') == std::string::npos) continue;
        std::transform(piece.begin(), piece.end(), piece.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        add_once(addresses, piece);
    }
    return addresses;
}

void pool_contacts(Offer& into, const Offer& from) {
    for (const std::string& phone : phone_numbers(from.telephone)) add_once(into.telephones, phone);
    for (const std::string& mail : email_addresses(from.courriel)) add_once(into.courriels, mail);
    add_once(into.liens, from.lien_mobilisation);
    add_once(into.liens, from.lien_source);
}

}  // namespace cartoffre::detail
