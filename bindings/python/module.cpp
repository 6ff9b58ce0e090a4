// The module `cartoffre._cartoffre`: the library's errors as exception classes, and its values
// (offers, hits, results, places, profiles) as read-only Python objects. Index is bound in
// index_binding.cpp.
//
// Results are not copied into Python objects field by field: a Results object owns the
// library's page of hits, and attributes are converted only when read, so a search costs little
// more than the C++ call.

#include "cartoffre/data_dirs.hpp"
#include "cartoffre/datainclusion_v1.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/fields.hpp"
#include "cartoffre/filters.hpp"
#include "cartoffre/version.hpp"
#include "convert.hpp"

namespace cartoffre::python {
void bind_index(py::module_& m);
void bind_coverage(py::module_& m);       // coverage_binding.cpp
void bind_datainclusion(py::module_& m);  // datainclusion_binding.cpp
}  // namespace cartoffre::python

using namespace cartoffre;
using namespace cartoffre::python;

namespace {

void bind_errors(py::module_& m) {
    auto& error = py::register_exception<Error>(m, "Error", PyExc_Exception);
    error.attr("__doc__") = "Base of every error of cartoffre; its message names what is wrong.";
    // Places, queries and data are bad values: ValueError too, for callers that catch that.
    const py::tuple value_error = py::make_tuple(error, py::handle(PyExc_ValueError));
    py::register_exception<PlaceError>(m, "PlaceError", value_error).attr("__doc__") =
        "A place that does not resolve (the message suggests close names) or is ambiguous.";
    auto& query_error = py::register_exception<QueryError>(m, "QueryError", value_error);
    query_error.attr("__doc__") =
        "A query that cannot be run: unknown code, invalid radius, date or cursor...";
    // Registered after QueryError: pybind11 tries the latest translators first.
    py::register_exception<StaleCursorError>(m, "StaleCursorError", query_error).attr("__doc__") =
        "A cursor of another generation than the Index's: the index changed since the first "
        "page (a load, then refresh()). Search again without cursor.";
    py::register_exception<DataError>(m, "DataError", value_error).attr("__doc__") =
        "Input data that cannot be read.";
    py::register_exception<IndexError>(m, "IndexError", error).attr("__doc__") =
        "An index directory that is missing, unreadable or of another format version.";
}

void bind_offer(py::module_& m) {
    py::class_<Closure>(m, "Closure", "A period an offer is closed, dates inclusive (YYYY-MM-DD).")
        .def_readonly("from_", &Closure::from, "first day closed")
        .def_readonly("to", &Closure::to, "last day closed");

    py::class_<Criteria> criteria(
        m, "Criteria", "Eligibility criteria and availability of an offer (empty: none).");
    py::class_<Offer> offer(m, "Offer",
                            "A data·inclusion service with its structure, read-only. Field names "
                            "are the standard's (French); score_qualite, doublons, "
                            "doublon_prefere, telephones, courriels and liens are set by the "
                            "index.");
    // Every field of the tables (include/cartoffre/fields.hpp) under its data·inclusion v1 name.
    for (auto& field : criteria_fields())
        std::visit([&](auto member) { criteria.def_readonly(field.name, member); }, field.member);
    for (auto& field : offer_fields())
        std::visit([&](auto member) { offer.def_readonly(field.name, member); }, field.member);
    offer.def_readonly("criteres", &Offer::criteria, "the criteria (Criteria)");
    // The names these attributes had before they followed the tables; kept for code using them.
    offer.def_readonly("criteria", &Offer::criteria)
        .def_readonly("location_approximate", &Offer::location_approximate);
    criteria.def_readonly("statuses_required", &Criteria::statuses_required)
        .def_readonly("statuses_excluded", &Criteria::statuses_excluded)
        .def_readonly("prescription_required", &Criteria::prescription_required)
        .def_readonly("permis_required", &Criteria::permis_required)
        .def_readonly("vehicule_required", &Criteria::vehicule_required)
        .def_readonly("places_free", &Criteria::places_free)
        .def_readonly("session_start", &Criteria::session_start)
        .def_readonly("session_end", &Criteria::session_end)
        .def_readonly("suspended_until", &Criteria::suspended_until)
        .def_readonly("closures", &Criteria::closures);
    offer
        .def_property_readonly(
            "name", [](const Offer& o) { return o.nom; }, "the offer's name (nom)")
        .def_property_readonly(
            "location", [](const Offer& o) { return point_tuple(o.location()); },
            "(latitude, longitude), or None when the offer has no coordinates")
        .def_property_readonly("is_remote", &Offer::is_remote, "offered a-distance")
        .def("to_dict", &offer_dict, "Every field as a JSON-ready dict.")
        .def(
            "v1_json", [](const Offer& o) { return py::bytes(datainclusion_v1::service_json(o)); },
            "The data·inclusion API v1 service with its structure, as UTF-8 JSON (bytes): "
            "what json.dumps(ensure_ascii=False, separators=(',', ':')) gives of it.")
        .def("__repr__", [](const Offer& o) {
            return "<cartoffre.Offer " + py::repr(py::str(o.id)).cast<std::string>() + " " +
                   py::repr(py::str(o.nom)).cast<std::string>() + ">";
        });
}

void bind_results(py::module_& m) {
    py::class_<Reason>(m, "Reason", "One criterion of a verdict, with a short French sentence.")
        .def_readonly("code", &Reason::code, "the criterion: age, statuts-requis, residence...")
        .def_property_readonly(
            "outcome", [](const Reason& r) { return verdict_code(r.outcome); },
            "eligible, to-check or ineligible")
        .def_readonly("text", &Reason::text, "the sentence for the caseworker")
        .def("to_dict", &reason_dict, "{'code', 'outcome', 'text'}")
        .def("__repr__", [](const Reason& r) {
            return "<cartoffre.Reason " + r.code + " " + verdict_code(r.outcome) + ">";
        });

    py::class_<Hit>(m, "Hit", "One offer of a page of results.")
        .def_readonly("offer", &Hit::offer, "the Offer")
        .def_readonly("distance_km", &Hit::distance_km,
                      "from the place, one decimal; None for a remote offer or without place")
        .def_readonly("score", &Hit::score, "the ranking score (relevance, or blended)")
        .def_property_readonly(
            "verdict", [](const Hit& h) { return verdict_of(h.eligibility); },
            "no-criteria, eligible, to-check or ineligible with a profile; None without")
        .def_property_readonly(
            "reasons", [](const Hit& h) { return reasons_list(h.eligibility); },
            "the verdict's reasons (list of Reason), ineligible first; [] without a profile")
        .def("to_dict", &hit_dict, "The hit, its offer and reasons as a JSON-ready dict.")
        .def("__repr__", [](const Hit& h) {
            return "<cartoffre.Hit " + py::repr(py::str(h.offer.id)).cast<std::string>() + ">";
        });

    py::class_<PlaceInfo>(m, "Place", "How a place was understood.")
        .def_readonly("kind", &PlaceInfo::kind, "commune, postcode or point")
        .def_readonly("label", &PlaceInfo::label, "e.g. 'Melun (77)'")
        .def_property_readonly(
            "communes", [](const PlaceInfo& p) { return py::list(place_dict(p)["communes"]); },
            "the communes covered: list of {'code', 'name', 'departement'}")
        .def_property_readonly(
            "origins",
            [](const PlaceInfo& p) {
                py::list out;
                for (auto& o : p.origins) out.append(py::make_tuple(o.lat, o.lon));
                return out;
            },
            "the points distances are measured from: list of (lat, lon)")
        .def_readonly("notices", &PlaceInfo::notices, "ambiguities resolved by a rule")
        .def("to_dict", &place_dict, "The place as a JSON-ready dict.")
        .def("__repr__", [](const PlaceInfo& p) { return "<cartoffre.Place " + p.label + ">"; });

    py::class_<ResultsView>(m, "Results",
                            "One page of a search: iterate it for its hits; total, facets and "
                            "next_cursor cover the whole match set.")
        .def_property_readonly(
            "total", [](const ResultsView& v) { return v.results.total; },
            "offers matching, all pages together")
        .def_property_readonly(
            "next_cursor",
            [](const ResultsView& v) -> py::object {
                if (v.results.next_cursor.empty()) return py::none();
                return py::str(v.results.next_cursor);
            },
            "give it as cursor= for the next page; None on the last page")
        .def_property_readonly(
            "facets", [](const ResultsView& v) { return facets_dict(v.results.facets); },
            "{'categories', 'types', 'frais', 'publics', 'kinds'}: lists of {'code', 'label', "
            "'count'}")
        .def_property_readonly(
            "place",
            [](const ResultsView& v) -> py::object {
                if (!v.results.place) return py::none();
                return py::cast(describe(*v.results.place, v.index.gazetteer()));
            },
            "how the place was understood (Place), or None")
        .def_property_readonly(
            "notices", [](const ResultsView& v) { return v.results.notices; },
            "e.g. a five-digit code read as a postcode")
        .def_property_readonly(
            "unknown_words", [](const ResultsView& v) { return v.results.unknown_words; },
            "words found nowhere in the index")
        .def_property_readonly(
            "suggestion", [](const ResultsView& v) { return v.results.suggestion; },
            "'vouliez-vous dire' for misspelt words, or ''")
        .def_property_readonly(
            "corrected", [](const ResultsView& v) { return v.results.corrected; },
            "True when nothing matched the words as typed: the hits are the suggestion's")
        .def_property_readonly(
            "understood",
            [](const ResultsView& v) {
                py::list out;
                for (auto& u : v.results.understood) {
                    py::dict d;
                    d["words"] = u.words;
                    d["meaning"] = u.meaning;
                    d["codes"] = u.codes;
                    out.append(d);
                }
                return out;
            },
            "words naming codes of the field's vocabulary: [{'words', 'meaning', 'codes'}]")
        .def_property_readonly(
            "hits",
            [](py::object self) {
                auto& v = self.cast<ResultsView&>();
                py::list out;
                // Views into this Results, which they keep alive.
                for (auto& hit : v.results.hits)
                    out.append(py::cast(&hit, py::return_value_policy::reference_internal, self));
                return out;
            },
            "the hits of this page (list of Hit)")
        .def_property_readonly(
            "unplaced", [](const ResultsView& v) { return v.results.unplaced; },
            "a local search's first page: how many offers match but have no known place (no "
            "local search finds them; unplaced=True without near lists them)")
        .def_property_readonly(
            "nearest_beyond",
            [](py::object self) {
                auto& v = self.cast<ResultsView&>();
                py::list out;
                for (auto& hit : v.results.nearest_beyond)
                    out.append(py::cast(&hit, py::return_value_policy::reference_internal, self));
                return out;
            },
            "a local search's first page that found nothing: the nearest matching offers beyond "
            "the radius, nearest first, at most 3 (list of Hit, with distance_km)")
        .def("__len__", [](const ResultsView& v) { return v.results.hits.size(); })
        .def("__iter__", [](py::object self) { return py::iter(self.attr("hits")); })
        .def("to_dict", &results_dict, "The page, its hits and facets as a JSON-ready dict.")
        .def("__repr__", [](const ResultsView& v) {
            return "<cartoffre.Results total=" + std::to_string(v.results.total) +
                   " hits=" + std::to_string(v.results.hits.size()) + ">";
        });

    py::class_<Explanation>(m, "Explanation",
                            "Why an offer is, or is not, proposed to a person at a place.")
        .def_readonly("offer", &Explanation::offer, "the Offer")
        .def_property_readonly(
            "verdict", [](const Explanation& e) { return verdict_code(e.eligibility.verdict); },
            "no-criteria, eligible, to-check or ineligible")
        .def_property_readonly(
            "reasons", [](const Explanation& e) { return reasons_list(e.eligibility); },
            "every reason (list of Reason), ineligible first")
        .def_readonly("distance_km", &Explanation::distance_km,
                      "from the place, one decimal; None when remote or without place")
        .def("to_dict", &explanation_dict, "The explanation as a JSON-ready dict.");
}

void bind_profile(py::module_& m) {
    py::class_<Profile>(
        m, "Profile",
        "A person's situation, for one search: every fact optional (a criterion needing a "
        "missing fact gives 'to-check'). cartoffre never stores nor logs it; its repr shows no "
        "fact, so that it cannot leak into logs or tracebacks.")
        .def(py::init(&make_profile), py::arg("age") = py::none(),
             py::arg("birth_date") = py::none(), py::arg("genre") = "", py::arg("lives_in") = "",
             py::arg("qpv") = py::none(), py::arg("frr") = py::none(),
             py::arg("statuses") = py::tuple(), py::arg("statuses_complete") = false,
             py::arg("diplome") = "", py::arg("permis") = py::none(),
             py::arg("vehicule") = py::none(),
             "age: int years; birth_date: datetime.date or 'YYYY-MM-DD' (gives the age on the "
             "search's day); genre: 'femme', 'homme' or ''; lives_in: a place resolving to one "
             "commune; qpv, frr, permis, vehicule: True, False or None (unknown); statuses: "
             "any iterable of status codes (data/eligibility/statuses.tsv); statuses_complete: "
             "they are all the person holds; diplome: a code of diplomas.tsv or ''.")
        .def_readonly("age", &Profile::age)
        .def_property_readonly("birth_date",
                               [](const Profile& p) -> py::object {
                                   if (!p.birth_date) return py::none();
                                   return py::str(p.birth_date->to_string());
                               })
        .def_readonly("genre", &Profile::genre)
        .def_readonly("lives_in", &Profile::lives_in)
        .def_readonly("qpv", &Profile::qpv)
        .def_readonly("frr", &Profile::frr)
        .def_readonly("statuses", &Profile::statuses)
        .def_readonly("statuses_complete", &Profile::statuses_complete)
        .def_readonly("diplome", &Profile::diplome)
        .def_readonly("permis", &Profile::permis)
        .def_readonly("vehicule", &Profile::vehicule)
        .def("to_dict", &profile_dict, "The facts as a JSON-ready dict (the caller's to keep).")
        .def("__repr__", [](const Profile&) { return "<cartoffre.Profile (facts not shown)>"; });
}

}  // namespace

PYBIND11_MODULE(_cartoffre, m) {
    m.doc() = "cartoffre: search France's offre d'insertion near a person. See cartoffre.Index.";
    bind_errors(m);
    bind_offer(m);
    bind_results(m);
    bind_profile(m);
    bind_index(m);
    bind_coverage(m);
    bind_datainclusion(m);
    m.attr("__version__") = cartoffre::version;
    // The tables (include/cartoffre/fields.hpp, filters.hpp), for the tests that check every
    // field and filter reaches every format and front end.
    m.def("_offer_fields", [] {
        static const char* const origins[] = {"service", "identity", "structure", "index"};
        py::list out;
        for (auto& f : offer_fields())
            out.append(py::dict(py::arg("name") = f.name,
                                py::arg("origin") = origins[static_cast<int>(f.origin)]));
        return out;
    });
    m.def("_criteria_fields", [] {
        py::list out;
        for (auto& f : criteria_fields()) out.append(f.name);
        return out;
    });
    m.def("_query_filters", [] {
        static const char* const kinds[] = {"text", "codes",  "number",  "flag", "point", "box",
                                            "date", "moment", "profile", "enum", "enum"};
        static_assert(std::variant_size_v<FilterMember> == std::size(kinds));
        py::list out;
        for (auto& f : query_filters())
            out.append(py::dict(py::arg("name") = f.name, py::arg("options") = f.option,
                                py::arg("kind") = kinds[f.member.index()],
                                py::arg("help") = f.help));
        return out;
    });
    // Where the tables are found (include/cartoffre/data_dirs.hpp): beside an installed package,
    // the source tree from a build tree, or $CARTOFFRE_DATA.
    m.def(
        "data_dir", [] { return data_dir().string(); },
        "The directory of cartoffre's tables this process reads; raises DataError if none.");
}
