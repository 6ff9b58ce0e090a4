#pragma once
// The filters of a Query, each declared once: its Python keyword, the command's option, its
// member and a French help text. The cursor's fingerprint, the command's options and Python's
// keyword arguments walk this table, so a filter added here reaches all three
// (CONTRIBUTING.md, "Adding a filter"); what it keeps is compile_filters' work
// (lib/index/search_context.cpp). The codes of the query's enums are here too.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cartoffre/query.hpp"

namespace cartoffre {

// What a filter holds is the type of its member.
using FilterMember =
    std::variant<std::string Query::*, std::vector<std::string> Query::*, double Query::*,
                 bool Query::*, std::optional<LatLon> Query::*, std::optional<Box> Query::*,
                 std::optional<Date> Query::*, std::optional<LocalDateTime> Query::*,
                 std::optional<Profile> Query::*, Remote Query::*, EligibilityMode Query::*>;

struct QueryFilter {
    const char* name;    // Python's keyword argument
    const char* option;  // the command's options that set it, space-separated ("words": its
                         // positional words)
    FilterMember member;
    const char* help;  // French: the command's --help and Python's docstring
};

// Every member of Query that narrows or judges the match set (not sort, limit and cursor,
// which order and page it).
const std::vector<QueryFilter>& query_filters();

// The codes of an enum, as the command, Python and the JSON spell them.
template <class Enum>
struct EnumCode {
    Enum value;
    const char* code;
};
template <class Enum>
const std::vector<EnumCode<Enum>>& enum_codes();
template <>
const std::vector<EnumCode<Remote>>& enum_codes<Remote>();
template <>
const std::vector<EnumCode<SortOrder>>& enum_codes<SortOrder>();
template <>
const std::vector<EnumCode<EligibilityMode>>& enum_codes<EligibilityMode>();

template <class Enum>
const char* code_of(Enum value) {
    for (auto& c : enum_codes<Enum>())
        if (c.value == value) return c.code;
    return "";
}

template <class Enum>
std::optional<Enum> parse_code(std::string_view text) {
    for (auto& c : enum_codes<Enum>())
        if (text == c.code) return c.value;
    return std::nullopt;
}

// "include, exclude or only": the codes for a message.
template <class Enum>
std::string codes_list(const char* last_separator = " or ") {
    const auto& codes = enum_codes<Enum>();
    std::string out;
    for (size_t i = 0; i < codes.size(); ++i)
        out += (i == 0                  ? ""
                : i + 1 == codes.size() ? last_separator
                                        : ", ") +
               std::string(codes[i].code);
    return out;
}

}  // namespace cartoffre
