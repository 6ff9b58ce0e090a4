#pragma once
// The search options, one set for `search` and `export`: words, place, filters, order and the
// person, so that what a caseworker sees in a search is what a data team exports. The filters'
// options come from the filter table (include/cartoffre/filters.hpp): a filter of a kind bound
// here (codes, text, number, flag, enum, date, box) needs no change in this file.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "cartoffre/filters.hpp"
#include "cartoffre/query.hpp"
#include "cli/numbers.hpp"
#include "cli/person.hpp"

namespace cartoffre::cli {

// "sud,ouest,nord,est": four decimal numbers.
inline std::optional<Box> parse_box(const std::string& text) {
    Box b{};
    char end = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf%c", &b.south, &b.west, &b.north, &b.east,
                    &end) != 4)
        return std::nullopt;
    return b;
}

// Enum options take their codes (include, exclude, only) and nothing else.
template <class Enum>
CLI::Validator codes_of() {
    std::vector<std::string> codes;
    for (auto& c : enum_codes<Enum>()) codes.push_back(c.code);
    return one_of(codes);
}

struct SearchOptions {
    Query query;
    std::vector<std::string> words;
    bool free_only = false;
    std::string sort = "auto";
    PersonOptions person;

    void add_to(CLI::App& command) {
        const size_t before = command.get_options().size();
        for (const QueryFilter& filter : query_filters()) add_filter(command, filter);
        command.add_option("--sort", sort, "auto|distance|relevance|blend")
            ->check(codes_of<SortOrder>());
        person.add_to(command);
        const std::vector<CLI::Option*> all = command.get_options();
        m_options.assign(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    }

    // True when any of these options was given: the index is then narrowed down by a search.
    bool given() const {
        for (const CLI::Option* o : m_options)
            if (o->count() > 0) return true;
        return false;
    }

    // The query as typed.
    Query apply() {
        Query q = query;
        for (auto& w : words) q.text += (q.text.empty() ? "" : " ") + w;
        if (free_only) q.frais.push_back("gratuit");
        for (auto& [set, text] : m_texts) set(q, text);
        person.apply(q);
        q.sort = *parse_code<SortOrder>(sort);
        return q;
    }

  private:
    using Setter = std::function<void(Query&, const std::string&)>;

    void add_filter(CLI::App& command, const QueryFilter& f) {
        const std::string name = f.name;
        // The person's options, shared with `explain`, are bound by PersonOptions; a point is
        // typed "lat,lon" to --near.
        if (PersonOptions::binds(name) || name == "point") return;
        if (name == "text") {
            command.add_option("words", words, f.help);
            return;
        }
        if (name == "frais") command.add_flag("--free", free_only, "Gratuit seulement");
        const std::string option = std::string(f.option).substr(0, std::string(f.option).find(' '));
        std::visit([&](auto member) { bind(command, option, member, f.help); }, f.member);
    }

    void bind(CLI::App& command, const std::string& option, double Query::*member,
              const char* help) {
        CLI::Option* o = command.add_option(option, query.*member, help);
        if (member == &Query::radius_km) o->check(radius_km());
    }
    void bind(CLI::App& command, const std::string& option, bool Query::*member, const char* help) {
        command.add_flag(option, query.*member, help);
    }
    void bind(CLI::App& command, const std::string& option, std::string Query::*member,
              const char* help) {
        command.add_option(option, query.*member, help);
    }
    void bind(CLI::App& command, const std::string& option, std::vector<std::string> Query::*member,
              const char* help) {
        command.add_option(option, query.*member, std::string(help));
    }
    template <class Enum, std::enable_if_t<std::is_enum_v<Enum>, int> = 0>
    void bind(CLI::App& command, const std::string& option, Enum Query::*member, const char* help) {
        auto& text = m_texts
                         .emplace_back(
                             [member](Query& q, const std::string& typed) {
                                 if (!typed.empty()) q.*member = *parse_code<Enum>(typed);
                             },
                             std::string())
                         .second;
        command.add_option(option, text, help)->check(codes_of<Enum>());
    }
    void bind(CLI::App& command, const std::string& option, std::optional<Date> Query::*member,
              const char* help) {
        auto& text = m_texts
                         .emplace_back(
                             [member](Query& q, const std::string& typed) {
                                 if (!typed.empty()) q.*member = parse_date(typed);
                             },
                             std::string())
                         .second;
        command.add_option(option, text, help);
    }
    void bind(CLI::App& command, const std::string& option, std::optional<Box> Query::*member,
              const char* help) {
        auto& text = m_texts
                         .emplace_back(
                             [member](Query& q, const std::string& typed) {
                                 if (!typed.empty()) q.*member = parse_box(typed);
                             },
                             std::string())
                         .second;
        command.add_option(option, text, help)->check([](const std::string& typed) {
            return parse_box(typed) ? std::string()
                                    : "« " + typed + " » : attendu sud,ouest,nord,est";
        });
    }
    // Kinds no option of this file takes (a point, a moment, a profile): a filter of such a
    // kind is bound where its options are (PersonOptions).
    template <class Other>
    void bind(CLI::App&, const std::string&, Other, const char*) {}

    std::vector<const CLI::Option*> m_options;
    // Options read as text, then into the query by apply(); stable addresses (CLI11 keeps
    // pointers to them).
    std::list<std::pair<Setter, std::string>> m_texts;
};

}  // namespace cartoffre::cli
