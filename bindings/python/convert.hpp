#pragma once
// Shared by the binding's files: the objects Python sees beside the library's own types, the
// reading of Python arguments into the library's values, and the plain dicts of to_dict().
//
// Every function here runs with the GIL held; only Index calls run without it (module.cpp).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cartoffre/error.hpp"
#include "cartoffre/filters.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/query.hpp"

namespace cartoffre::python {

namespace py = pybind11;

// A resolved place with its communes named: the library's Place holds gazetteer indices, only
// meaningful with the gazetteer that made them.
struct PlaceInfo {
    struct CommuneName {
        std::string code, name, departement;
    };
    std::string kind;  // commune, postcode, point
    std::string label;
    std::vector<CommuneName> communes;
    std::vector<LatLon> origins;
    std::vector<std::string> notices;
};
PlaceInfo describe(const Place& place, const Gazetteer& gazetteer);

// One page of results with the index it came from (whose gazetteer names the place's
// communes). Results are converted to Python objects only as they are read.
struct ResultsView {
    Results results;
    Index index;
};

// --- Python arguments to library values (arguments.cpp). `name` is the argument's name in
// the error message. Wrong types raise TypeError, wrong values QueryError (a ValueError).
std::string text_arg(py::handle value, const char* name);  // str; None is ""
// A str is one code; any other iterable gives its strings (sorted, duplicates dropped).
std::vector<std::string> codes_arg(py::handle value, const char* name);
double number_arg(py::handle value, const char* name);
size_t count_arg(py::handle value, const char* name);  // an int >= 0
bool flag_arg(py::handle value, const char* name);
std::optional<bool> optional_flag_arg(py::handle value, const char* name);
// (lat, lon), (south, west, north, east) or None.
std::optional<LatLon> point_arg(py::handle value, const char* name);
std::optional<Box> box_arg(py::handle value, const char* name);
std::optional<Date> date_arg(py::handle value, const char* name);             // date, "YYYY-MM-DD"
std::optional<LocalDateTime> moment_arg(py::handle value, const char* name);  // datetime, text
std::filesystem::path path_arg(py::handle value, const char* name);           // str, PathLike
// One of an enum's codes (include/cartoffre/filters.hpp): "include", "exclude" or "only".
template <class Enum>
Enum enum_arg(py::handle value, const char* name) {
    const std::string text = text_arg(value, name);
    if (auto parsed = parse_code<Enum>(text)) return *parsed;
    throw QueryError("unknown " + std::string(name) + " '" + text + "': expected " +
                     codes_list<Enum>());
}
// Index.search's arguments (index_binding.cpp): the words, the filters' keywords, sort, limit
// and cursor; TypeError for any other.
Query make_query(const py::args& args, const py::kwargs& kwargs);
// A Profile, a dict of Profile's keywords, or None.
std::optional<Profile> profile_arg(py::handle value);
Profile make_profile(py::handle age, py::handle birth_date, py::handle genre, py::handle lives_in,
                     py::handle qpv, py::handle frr, py::handle statuses,
                     py::handle statuses_complete, py::handle diplome, py::handle permis,
                     py::handle vehicule);

// --- Plain JSON-ready dicts (convert.cpp): dates as ISO strings, points as [lat, lon].
py::dict offer_dict(const Offer& offer);
py::dict reason_dict(const Reason& reason);
py::dict hit_dict(const Hit& hit);
py::dict facets_dict(const Facets& facets);
py::dict place_dict(const PlaceInfo& place);
py::dict profile_dict(const Profile& profile);
py::dict explanation_dict(const Explanation& explanation);
py::dict results_dict(const ResultsView& view);
py::dict completion_dict(const PlaceCompletion& completion, const Gazetteer& gazetteer);
py::object point_tuple(const std::optional<LatLon>& point);            // (lat, lon) or None
py::list reasons_list(const std::optional<Eligibility>& eligibility);  // [] without a profile
py::object verdict_of(const std::optional<Eligibility>& eligibility);  // code or None

}  // namespace cartoffre::python
