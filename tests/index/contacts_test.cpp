// The contacts a hit pools (lib/index/contacts.hpp), read as views without copying each piece:
// the same phones and e-mails, in the same order, as the plain reading they replace (kept below
// as the oracle), over random texts made of the pieces catalogues write.

#include "index/contacts.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <random>
#include <string>
#include <vector>

using namespace cartoffre;

namespace {

// The plain reading: each piece copied, joining words replaced in a copy of the whole text.
std::vector<std::string> plain_pieces(std::string text, const std::string& separators) {
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

void plain_add_once(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

std::vector<std::string> plain_phones(const std::string& text) {
    std::vector<std::string> numbers;
    for (const std::string& piece : plain_pieces(text, "/,;|\n")) {
        std::string d;
        for (char c : piece)
            if (c >= '0' && c <= '9') d += c;
        if (d.rfind("0033", 0) == 0) d = "0" + d.substr(4);
        if (d.size() == 11 && d.rfind("33", 0) == 0) d = "0" + d.substr(2);
        bool national = !d.empty() && d.size() % 10 == 0;
        for (size_t i = 0; national && i < d.size(); i += 10) national = d[i] == '0';
        if (!national) {
            plain_add_once(numbers, piece);
            continue;
        }
        for (size_t i = 0; i < d.size(); i += 10) {
            std::string spaced;
            for (size_t k = 0; k < 10; k += 2)
                spaced += (spaced.empty() ? "" : " ") + d.substr(i + k, 2);
            plain_add_once(numbers, spaced);
        }
    }
    return numbers;
}

std::vector<std::string> plain_emails(const std::string& text) {
    std::vector<std::string> addresses;
    for (std::string piece : plain_pieces(text, "/,;| \t\n")) {
        if (piece.rfind("mailto:", 0) == 0) piece = piece.substr(7);
        if (piece.find('@') == std::string::npos) continue;
        std::transform(piece.begin(), piece.end(), piece.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        plain_add_once(addresses, piece);
    }
    return addresses;
}

// A text of the pieces catalogues write in their phone and e-mail fields, and their joints.
std::string random_contact(std::mt19937& random) {
    static const std::vector<std::string> parts = {"01 64 79 59 39",
                                                   "0164795939",
                                                   "06.12.34.56.78",
                                                   "+33 6 12 34 56 78",
                                                   "0033164795939",
                                                   "33164795939",
                                                   "3949",
                                                   "01 64",
                                                   " ou ",
                                                   " et ",
                                                   " OU ",
                                                   " ET ",
                                                   " / ",
                                                   ", ",
                                                   "; ",
                                                   "|",
                                                   "\n",
                                                   " - ",
                                                   ":",
                                                   ".",
                                                   " ",
                                                   "\t",
                                                   "mailto:",
                                                   "Accueil@Mairie.fr",
                                                   "autre@x.fr",
                                                   "contact@",
                                                   "@",
                                                   "ou",
                                                   "et",
                                                   "Tél. ",
                                                   "É@ü.fr",
                                                   "",
                                                   "0",
                                                   "12",
                                                   "poste 12"};
    std::string text;
    for (int n = static_cast<int>(random() % 7); n > 0; --n) text += parts[random() % parts.size()];
    return text;
}

}  // namespace

TEST_CASE("Phones and e-mails read as views are those of the plain reading, in its order") {
    std::mt19937 random(20);
    for (int i = 0; i < 20000; ++i) {
        const std::string text = random_contact(random);
        INFO('"' << text << '"');
        REQUIRE(detail::phone_numbers(text) == plain_phones(text));
        REQUIRE(detail::email_addresses(text) == plain_emails(text));
    }
    // Joining words that share a space are replaced in the plain reading's order: " ou " first.
    CHECK(detail::phone_numbers("01 64 79 59 39 et ou 06 12 34 56 78") ==
          plain_phones("01 64 79 59 39 et ou 06 12 34 56 78"));
}

TEST_CASE("An offer pools its own contacts, then another's, each once") {
    Offer o;
    o.telephone = "01.64.79.59.39 / 0164795939 ou 06 12 34 56 78";
    o.courriel = "Accueil@Mairie.fr ; mailto:accueil@mairie.fr";
    o.lien_source = "https://a.fr";
    detail::pool_contacts(o, o);
    CHECK(o.telephones == std::vector<std::string>{"01 64 79 59 39", "06 12 34 56 78"});
    CHECK(o.courriels == std::vector<std::string>{"accueil@mairie.fr"});
    CHECK(o.liens == std::vector<std::string>{"https://a.fr"});
    Offer other;
    other.telephone = "06 12 34 56 78 / 3949";
    other.courriel = "autre@x.fr";
    other.lien_mobilisation = "https://b.fr";
    other.lien_source = "https://a.fr";
    detail::pool_contacts(o, other);
    CHECK(o.telephones == std::vector<std::string>{"01 64 79 59 39", "06 12 34 56 78", "3949"});
    CHECK(o.courriels == std::vector<std::string>{"accueil@mairie.fr", "autre@x.fr"});
    CHECK(o.liens == std::vector<std::string>{"https://a.fr", "https://b.fr"});
}
