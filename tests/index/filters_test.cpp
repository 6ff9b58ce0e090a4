// The filter table (include/cartoffre/filters.hpp): every filter enters the cursor's
// fingerprint, and the enums' codes read back. The command's options and Python's keywords
// are checked against the same table in tests/python/test_tables.py.

#include "cartoffre/filters.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "index/cursor.hpp"

using namespace cartoffre;

namespace {

// Sets the filter to a value other than the query's default.
struct Change {
    void operator()(std::string& v) const { v += "x"; }
    void operator()(std::vector<std::string>& v) const { v.push_back("x"); }
    void operator()(double& v) const { v += 1.5; }
    void operator()(bool& v) const { v = !v; }
    void operator()(std::optional<LatLon>& v) const { v = LatLon{48.5, 2.5}; }
    void operator()(std::optional<Box>& v) const { v = Box{48, 2, 49, 3}; }
    void operator()(std::optional<Date>& v) const { v = Date{2026, 11, 24}; }
    void operator()(std::optional<LocalDateTime>& v) const {
        v = LocalDateTime{Date{2026, 11, 24}, 600};
    }
    void operator()(std::optional<Profile>& v) const {
        v = Profile{};
        v->age = 23;
    }
    void operator()(Remote& v) const { v = v == Remote::only ? Remote::include : Remote::only; }
    void operator()(EligibilityMode& v) const {
        v = v == EligibilityMode::strict ? EligibilityMode::inclusive : EligibilityMode::strict;
    }
};

}  // namespace

TEST_CASE("Changing any filter changes the cursor's fingerprint", "[filters]") {
    // With a person: the mode decides what a page holds only then.
    Query base;
    base.profile = Profile{};
    const uint32_t print = detail::fingerprint(base);
    std::set<std::string> names;
    for (const QueryFilter& filter : query_filters()) {
        INFO(filter.name);
        CHECK(names.insert(filter.name).second);  // one entry a filter
        Query changed = base;
        std::visit([&](auto member) { Change{}(changed.*member); }, filter.member);
        CHECK(detail::fingerprint(changed) != print);
    }
    CHECK(names.size() >= 20);
}

TEST_CASE("Sort, limit and cursor page the match set and stay out of the fingerprint",
          "[filters]") {
    Query a, b;
    b.limit = 5;
    b.cursor = "abc";
    CHECK(detail::fingerprint(a) == detail::fingerprint(b));
}

TEST_CASE("Every code of the query's enums reads back", "[filters]") {
    for (auto& c : enum_codes<Remote>()) CHECK(parse_code<Remote>(code_of(c.value)) == c.value);
    for (auto& c : enum_codes<SortOrder>())
        CHECK(parse_code<SortOrder>(code_of(c.value)) == c.value);
    for (auto& c : enum_codes<EligibilityMode>())
        CHECK(parse_code<EligibilityMode>(code_of(c.value)) == c.value);
    CHECK_FALSE(parse_code<Remote>("partout"));
    CHECK(codes_list<Remote>() == "include, exclude or only");
}
