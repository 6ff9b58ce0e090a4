// cartoffre.Index and the module's place functions. Arguments are read with the GIL held; the
// library call runs without it (other Python threads go on meanwhile); its result becomes a
// Python object once the GIL is back.

#include <chrono>
#include <mutex>

#include "cartoffre/error.hpp"
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

// The keywords of Index.search, with their defaults (also taken by _search_seconds).
#define CARTOFFRE_SEARCH_ARGS                                                                     \
    py::arg("text") = "", py::arg("near") = py::none(), py::arg("point") = py::none(),            \
    py::arg("radius_km") = 50.0, py::arg("themes") = py::tuple(),                                 \
    py::arg("publics") = py::tuple(), py::arg("types") = py::tuple(),                             \
    py::arg("frais") = py::tuple(), py::arg("sources") = py::tuple(),                             \
    py::arg("modes_accueil") = py::tuple(), py::arg("remote") = "include",                        \
    py::arg("profile") = py::none(), py::arg("mode") = "strict", py::arg("today") = py::none(),   \
    py::arg("open_at") = py::none(), py::arg("open_on") = py::none(),                             \
    py::arg("available") = false, py::arg("bbox") = py::none(), py::arg("sort") = "auto",         \
    py::arg("limit") = 20, py::arg("cursor") = py::none(), py::arg("exclude_duplicates") = false, \
    py::arg("min_quality") = 0.0

Query make_query(py::handle text, py::handle near, py::handle point, py::handle radius_km,
                 py::handle themes, py::handle publics, py::handle types, py::handle frais,
                 py::handle sources, py::handle modes_accueil, py::handle remote,
                 py::handle profile, py::handle mode, py::handle today, py::handle open_at,
                 py::handle open_on, py::handle available, py::handle bbox, py::handle sort,
                 py::handle limit, py::handle cursor, py::handle exclude_duplicates,
                 py::handle min_quality) {
    Query q;
    q.text = text_arg(text, "text");
    place_args(q, near, point, radius_km);
    q.thematiques = codes_arg(themes, "themes");
    q.publics = codes_arg(publics, "publics");
    q.types = codes_arg(types, "types");
    q.frais = codes_arg(frais, "frais");
    q.sources = codes_arg(sources, "sources");
    q.modes_accueil = codes_arg(modes_accueil, "modes_accueil");
    q.remote = remote_arg(remote);
    person_args(q, profile, today, open_at, open_on);
    q.mode = mode_arg(mode);
    q.available = flag_arg(available, "available");
    q.bbox = box_arg(bbox, "bbox");
    q.sort = sort_arg(sort);
    q.limit = count_arg(limit, "limit");
    q.cursor = text_arg(cursor, "cursor");
    q.exclude_duplicates = flag_arg(exclude_duplicates, "exclude_duplicates");
    q.min_quality = number_arg(min_quality, "min_quality");
    return q;
}

template <class... Handles>
ResultsView search(const Index& index, Handles... args) {
    const Query q = make_query(args...);
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
template <class... Handles>
std::vector<double> search_seconds(const Index& index, size_t repeats, Handles... args) {
    const Query q = make_query(args...);
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

using H = py::handle;
constexpr auto search_call =
    &search<H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H>;
constexpr auto search_seconds_call =
    &search_seconds<H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H>;

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
        .def("search", search_call, CARTOFFRE_SEARCH_ARGS,
             "Searches offers; returns a Results page.\n\n"
             "text: words, any order. near: a place as typed ('Melun', 'Saint-Denis (93)', "
             "'75011', 'insee:77288', '48.85,2.35') or point=(lat, lon); radius_km around it. "
             "themes, publics, types, frais, sources, modes_accueil: codes (a str or any "
             "iterable of str; an offer matches any). remote: include, exclude or only (offers "
             "delivered a-distance). profile: a Profile (or a dict of its keywords) gives each "
             "hit a verdict; mode: strict (only offers open to the person) or inclusive (all, "
             "ineligible last). today: the day of the search (datetime.date or 'YYYY-MM-DD'). "
             "open_at: open at that moment (datetime.datetime or 'YYYY-MM-DDTHH:MM'; naive: Paris "
             "time, aware: converted; each offer judged by its own département's clock); "
             "open_on: open some time that day. available: not suspended, closed or full. "
             "bbox: (south, west, north, east), a map viewport: only in-person offers located "
             "inside (with a place too, both hold). "
             "sort: auto, distance, "
             "relevance or blend. limit: hits a page (0: count and facets only). cursor: "
             "next_cursor of the previous page (StaleCursorError when the Index has moved to "
             "another generation since). exclude_duplicates: one offer per cluster of "
             "probable "
             "duplicates across sources. min_quality: only offers whose score_qualite (0 to 1) "
             "is at least this.\n\n"
             "Raises PlaceError, QueryError (StaleCursorError for a cursor of another generation), "
             "TypeError. Releases the GIL while searching.")
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

    m.def("_search_seconds", search_seconds_call, py::arg("index"), py::arg("repeats"),
          CARTOFFRE_SEARCH_ARGS,
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
