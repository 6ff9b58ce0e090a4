// cartoffre.Index and the module's place functions. Arguments are read with the GIL held; the
// library call runs without it (other Python threads go on meanwhile); its result becomes a
// Python object once the GIL is back.

#include <algorithm>
#include <chrono>
#include <mutex>

#include "cartoffre/error.hpp"
#include "cartoffre/filters.hpp"
#include "convert.hpp"

namespace cartoffre::python {

namespace {

const char* const index_doc =
    "An opened index: an immutable snapshot of one generation, shared by every thread.\n\n"
    "Thread contract: any number of Python threads may call search, get, explain, "
    "resolve_place, complete_place and refresh on one Index at the same time; each call "
    "releases the GIL while the library works, so searches run in parallel on several cores.\n\n"
    "Generations: loading a catalogue never disturbs an Index already open. It answers from "
    "the generation it opened, whatever loads happen (that generation stays on disk while it "
    "is held), until refresh() moves it to the newest one; a call under way finishes with the "
    "generation it started with, and a Results keeps the generation that made it. A cursor "
    "names its generation: given to an Index that moved on, it raises StaleCursorError (search "
    "again without cursor), never a page mixing two generations.";

// The gazetteer of the real data, for resolve_place without an index: read once, on first use.
const Gazetteer& shared_gazetteer() {
    static std::once_flag once;
    static std::unique_ptr<Gazetteer> gazetteer;
    std::call_once(once, [] {
        gazetteer =
            std::make_unique<Gazetteer>(Gazetteer::load_csv(shared_data_dir() / "gazetteer"));
    });
    return *gazetteer;
}

void place_args(Query& q, py::handle near, py::handle point, py::handle radius_km) {
    q.place = text_arg(near, "near");
    q.point = point_arg(point, "point");
    q.radius_km = number_arg(radius_km, "radius_km");
}

void person_args(Query& q, py::handle profile, py::handle today, py::handle open_at,
                 py::handle open_on) {
    q.profile = profile_arg(profile);
    q.today = date_arg(today, "today");
    q.open_at = moment_arg(open_at, "open_at");
    q.open_on = date_arg(open_on, "open_on");
}

// One filter's keyword argument into the query, by the kind of its member.
struct SetFilter {
    Query& q;
    py::handle value;
    const char* name;
    void operator()(std::string Query::*m) { q.*m = text_arg(value, name); }
    void operator()(std::vector<std::string> Query::*m) { q.*m = codes_arg(value, name); }
    void operator()(double Query::*m) { q.*m = number_arg(value, name); }
    void operator()(bool Query::*m) { q.*m = flag_arg(value, name); }
    void operator()(std::optional<LatLon> Query::*m) { q.*m = point_arg(value, name); }
    void operator()(std::optional<Box> Query::*m) { q.*m = box_arg(value, name); }
    void operator()(std::optional<Date> Query::*m) { q.*m = date_arg(value, name); }
    void operator()(std::optional<LocalDateTime> Query::*m) { q.*m = moment_arg(value, name); }
    void operator()(std::optional<Profile> Query::*m) { q.*m = profile_arg(value); }
    void operator()(Remote Query::*m) { q.*m = enum_arg<Remote>(value, name); }
    void operator()(EligibilityMode Query::*m) { q.*m = enum_arg<EligibilityMode>(value, name); }
};

}  // namespace

// Index.search's arguments: the words (the one positional argument), every filter of the
// table (include/cartoffre/filters.hpp) by its name, then sort, limit and cursor. A keyword
// not among them is a TypeError, as for any Python function.
Query make_query(const py::args& args, const py::kwargs& kwargs) {
    if (args.size() > 1)
        throw py::type_error("search() takes the words as its only positional argument, got " +
                             std::to_string(args.size()));
    if (args.size() == 1 && kwargs.contains("text"))
        throw py::type_error("search() got multiple values for argument 'text'");
    for (auto item : kwargs) {
        const std::string key = py::str(item.first).cast<std::string>();
        const bool known = key == "sort" || key == "limit" || key == "cursor" ||
                           std::any_of(query_filters().begin(), query_filters().end(),
                                       [&](const QueryFilter& f) { return key == f.name; });
        if (!known)
            throw py::type_error("search() got an unexpected keyword argument '" + key + "'");
    }
    Query q;
    for (const QueryFilter& filter : query_filters()) {
        py::handle value;
        if (std::string(filter.name) == "text" && args.size() == 1)
            value = args[0];
        else if (kwargs.contains(filter.name))
            value = kwargs[filter.name];
        else
            continue;
        std::visit(SetFilter{q, value, filter.name}, filter.member);
    }
    if (kwargs.contains("sort")) q.sort = enum_arg<SortOrder>(kwargs["sort"], "sort");
    if (kwargs.contains("limit")) q.limit = count_arg(kwargs["limit"], "limit");
    if (kwargs.contains("cursor")) q.cursor = text_arg(kwargs["cursor"], "cursor");
    return q;
}

namespace {

// The docstring of Index.search: its keywords from the table.
std::string search_doc() {
    std::string doc =
        "search(text='', **filters, sort='auto', limit=20, cursor=None): searches offers; "
        "returns a Results page.\n\nFilters (keyword arguments; codes as a str or any iterable "
        "of str, an offer matching any):\n";
    for (const QueryFilter& f : query_filters())
        doc += std::string("  ") + f.name + ": " + f.help + "\n";
    doc += "  sort: " + codes_list<SortOrder>() +
           "\n  limit: hits a page (0: count and facets only)\n"
           "  cursor: next_cursor of the previous page (StaleCursorError when the Index has moved "
           "to another generation since)\n\n"
           "Raises PlaceError, QueryError (StaleCursorError for a cursor of another generation), "
           "TypeError. Releases the GIL while searching.";
    return doc;
}

ResultsView search(const Index& index, const py::args& args, const py::kwargs& kwargs) {
    const Query q = make_query(args, kwargs);
    // A copy holds one generation for the search and its Results (whose place's communes are
    // that generation's gazetteer's), whatever refresh() does meanwhile.
    const Index pinned = index;
    Results results;
    {
        py::gil_scoped_release unlocked;
        results = pinned.search(q);
    }
    return ResultsView{std::move(results), pinned};
}

// For bench_binding.py: the seconds of each of `repeats` library searches of the query that
// Index.search would run with the same keywords, timed in C++ without Python in the loop.
std::vector<double> search_seconds(const Index& index, size_t repeats, const py::args& args,
                                   const py::kwargs& kwargs) {
    const Query q = make_query(args, kwargs);
    std::vector<double> seconds;
    py::gil_scoped_release unlocked;
    for (size_t i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const Results results = index.search(q);
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return seconds;
}

Explanation explain(const Index& index, py::handle id, py::handle near, py::handle point,
                    py::handle radius_km, py::handle profile, py::handle today, py::handle open_at,
                    py::handle open_on) {
    const std::string offer = text_arg(id, "id");
    Query q;
    place_args(q, near, point, radius_km);
    person_args(q, profile, today, open_at, open_on);
    py::gil_scoped_release unlocked;
    return index.explain(offer, q);
}

PlaceInfo resolve(const Gazetteer& gazetteer, py::handle text) {
    const std::string typed = text_arg(text, "text");
    py::gil_scoped_release unlocked;
    return describe(gazetteer.resolve(typed), gazetteer);
}

py::list complete(const Gazetteer& gazetteer, py::handle prefix, py::handle limit) {
    const std::string typed = text_arg(prefix, "prefix");
    const size_t max = count_arg(limit, "limit");
    std::vector<PlaceCompletion> found;
    {
        py::gil_scoped_release unlocked;
        found = gazetteer.complete(typed, max);
    }
    py::list out;
    for (auto& c : found) out.append(completion_dict(c, gazetteer));
    return out;
}

Gazetteer gazetteer_of(py::handle index) {
    if (index.is_none()) {
        py::gil_scoped_release unlocked;
        return shared_gazetteer();
    }
    if (!py::isinstance<Index>(index))
        throw py::type_error(std::string("index must be a cartoffre.Index or None, not ") +
                             Py_TYPE(index.ptr())->tp_name);
    return index.cast<const Index&>().gazetteer();
}

}  // namespace

void bind_index(py::module_& m) {
    const py::none none;
    py::class_<Index>(m, "Index", index_doc)
        .def_static(
            "open",
            [](py::handle path) {
                const std::filesystem::path dir = path_arg(path, "path");
                py::gil_scoped_release unlocked;
                return Index::open(dir);
            },
            py::arg("path"),
            "Opens the current generation of the index in directory `path` (str or "
            "os.PathLike). Raises cartoffre.IndexError when missing or unreadable.")
        .def_property_readonly("size", &Index::size, "number of offers")
        .def_property_readonly("generation", &Index::generation,
                               "the generation held (its directory's name, e.g. 'gen-000003')")
        .def(
            "refresh",
            [](Index& index) {
                py::gil_scoped_release unlocked;
                return index.refresh();
            },
            "Moves this Index to the current generation of its directory when it holds an "
            "older one (a load happened); returns whether it moved. Safe while other threads "
            "search: each search keeps the generation it started with. Cursors of the previous "
            "generation then raise StaleCursorError. Raises cartoffre.IndexError when the "
            "current generation cannot be opened (the Index keeps its generation).")
        .def("__len__", &Index::size)
        .def("search", &search, search_doc().c_str())
        .def(
            "get",
            [](const Index& index, py::handle id) {
                const std::string offer = text_arg(id, "id");
                py::gil_scoped_release unlocked;
                return index.get(offer);
            },
            py::arg("id"), "The Offer with this id, or None.")
        .def("explain", &explain, py::arg("id"), py::arg("near") = none, py::arg("point") = none,
             py::arg("radius_km") = 50.0, py::arg("profile") = none, py::arg("today") = none,
             py::arg("open_at") = none, py::arg("open_on") = none,
             "Why offer `id` is, or is not, proposed to this person at this place, on this day "
             "and moment: an Explanation with the verdict and every reason. Raises QueryError "
             "when no offer has that id, PlaceError for a place that does not resolve.")
        .def(
            "resolve_place",
            [](const Index& index, py::handle text) { return resolve(index.gazetteer(), text); },
            py::arg("text"),
            "How a place is understood (Place), with the index's geography. Raises PlaceError "
            "with close names as suggestions.")
        .def(
            "departements_of_region",
            [](const Index& index, const std::string& code) {
                return index.gazetteer().departements_of_region(code);
            },
            py::arg("code"),
            "The codes of the départements of region `code` (INSEE, '84'), from the index's "
            "geography (the COG); empty for a code that names no region.")
        .def(
            "complete_place",
            [](const Index& index, py::handle prefix, py::handle limit) {
                return complete(index.gazetteer(), prefix, limit);
            },
            py::arg("prefix"), py::arg("limit") = 10,
            "Places starting with what is being typed, the most populous first, for "
            "autocompletion: a list of {'label', 'code', 'name', 'departement', 'postcodes', "
            "'population', 'lat', 'lon', 'place', 'postcode'}; 'place' is the text that "
            "resolves to that very commune (give it as near=).")
        .def("__repr__", [](const Index& index) {
            return "<cartoffre.Index generation=" + index.generation() +
                   " size=" + std::to_string(index.size()) + ">";
        });

    m.def("_search_seconds", &search_seconds, py::arg("index"), py::arg("repeats"),
          "For benchmarks: the seconds of each of `repeats` library searches of the query "
          "Index.search runs with the same keywords, timed in C++.");
    m.def(
        "resolve_place",
        [](py::handle text, py::handle index) { return resolve(gazetteer_of(index), text); },
        py::arg("text"), py::arg("index") = none,
        "How a place is understood (Place): with the index's geography, or without index with "
        "the real data's (read once, on first use). Raises PlaceError.");
    m.def(
        "complete_place",
        [](py::handle prefix, py::handle limit, py::handle index) {
            return complete(gazetteer_of(index), prefix, limit);
        },
        py::arg("prefix"), py::arg("limit") = 10, py::arg("index") = none,
        "Index.complete_place, with the index's geography or the real data's.");
}

}  // namespace cartoffre::python
