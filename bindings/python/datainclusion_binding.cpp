// What the portal's data·inclusion v1 routes do for every service of a page
// (tools/portal/api_v1_paging.py, api_v1.py), done here: a whole /search/services page searched
// and written by the library (_v1_search_page), or, for the searches Python filters, the order
// key of each hit and the items' JSON (include/cartoffre/datainclusion_v1.hpp). In Python these
// loops cost more than the library's search of a 5,000-service page.

#include <algorithm>
#include <cmath>
#include <utility>

#include "cartoffre/datainclusion_v1.hpp"
#include "convert.hpp"

namespace cartoffre::python {

namespace {

namespace v1 = datainclusion_v1;

// data·inclusion's distance of a hit: the whole km of the exact distance. The hit's distance
// is rounded to 0.1 km, within 0.05 of the exact one: only near a half can it round to another
// whole km, and only there is the exact one computed, from the place's first origin.
std::optional<long> whole_km(const Hit& hit, const std::optional<LatLon>& origin) {
    if (!hit.distance_km) return std::nullopt;
    double km = *hit.distance_km;
    const auto location = hit.offer.location();
    if (origin && location && std::abs(std::fmod(km, 1.0) - 0.5) < 0.06)
        km = v1::sphere_km(*origin, *location);
    return v1::whole_km(km);
}

// data·inclusion's order key of a hit: (ineligible, remote-only, whole km, id).
struct Key {
    bool ineligible;
    std::optional<long> km;
    const Hit* hit;

    bool operator<(const Key& other) const {
        if (ineligible != other.ineligible) return other.ineligible;
        if (km.has_value() != other.km.has_value()) return km.has_value();  // nulls last
        if (km != other.km) return *km < *other.km;
        return hit->offer.id < other.hit->offer.id;  // UTF-8 bytes sort as Python's code points
    }
    py::tuple to_python() const {
        return py::make_tuple(py::bool_(ineligible), py::bool_(!km), py::int_(km.value_or(0)),
                              py::str(hit->offer.id));
    }
};

std::vector<Key> keys_of(const Results& results) {
    std::optional<LatLon> origin;
    if (results.place && !results.place->origins.empty()) origin = results.place->origins.front();
    std::vector<Key> keys;
    keys.reserve(results.hits.size());
    for (const Hit& hit : results.hits)
        keys.push_back({hit.eligibility && hit.eligibility->verdict == Verdict::ineligible,
                        whole_km(hit, origin), &hit});
    return keys;
}

// [(key, hit)] of a page, in the library's order; each hit a view into the Results, which it
// keeps alive. The key orders as data·inclusion does (whole km, nulls last, then id; an
// inclusive search for a person puts the ineligible last).
py::list v1_keys(py::object self) {
    py::list out;
    for (const Key& key : keys_of(self.cast<const ResultsView&>().results))
        out.append(py::make_tuple(
            key.to_python(), py::cast(key.hit, py::return_value_policy::reference_internal, self)));
    return out;
}

// The items of a page, comma-separated, from [(Offer, whole km or None)].
py::bytes v1_items(const py::iterable& entries) {
    std::vector<std::pair<const Offer*, std::optional<long>>> items;
    for (py::handle entry : entries) {
        const auto pair = py::reinterpret_borrow<py::tuple>(entry);
        if (pair.size() != 2) throw py::type_error("_v1_items: (Offer, km or None) pairs");
        const std::optional<long> km =
            pair[1].is_none() ? std::nullopt : std::optional<long>(pair[1].cast<long>());
        items.emplace_back(&pair[0].cast<const Offer&>(), km);
    }
    std::string out;
    {
        // The offers stay alive: the caller's list holds them for the call.
        py::gil_scoped_release unlocked;
        out.reserve(items.size() * 2048);
        for (size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += ',';
            v1::append_item(out, *items[i].first, items[i].second);
        }
    }
    return py::bytes(out);
}

// /search/services's page searched and written by the library, or None when the query matches
// more than one search reads (the portal then reads the order in pages). The bytes are the
// whole answer; (bytes, total) so that the caller can add its extensions' keys.
py::object v1_search_page(const Index& index, size_t page, size_t size, const py::kwargs& kwargs) {
    const Query q = make_query(py::args(), kwargs);
    const Index pinned = index;
    thread_local std::string buffer;  // kept: its pages stay mapped from one answer to the next
    datainclusion_v1::ServicesPage written;
    {
        py::gil_scoped_release unlocked;
        written = datainclusion_v1::search_services(pinned, q, page, size, buffer);
    }
    if (!written.complete) return py::none();
    py::bytes answer(buffer);
    if (buffer.capacity() > (size_t{16} << 20)) std::string().swap(buffer);  // not 16 MB a thread
    return py::make_tuple(std::move(answer), written.results.total);
}

}  // namespace

void bind_datainclusion(py::module_& m) {
    m.def("_v1_keys", &v1_keys, py::arg("results"),
          "For the portal's data·inclusion v1 routes: [(key, Hit)] of a Results, key = "
          "(ineligible, remote-only, whole km, id), data·inclusion's order.");
    m.def("_v1_search_page", &v1_search_page, py::arg("index"), py::arg("page"), py::arg("size"),
          "For the portal's /api/v1/search/services: (answer, total) of the page `page` of "
          "`size` of the search Index.search runs with the same keywords (sort, limit and cursor "
          "are its own), in data·inclusion's order, the whole answer {items, total, page, size, "
          "pages} as UTF-8 JSON (bytes); None when it matches more than 10,000 offers.");
    m.def("_v1_items", &v1_items, py::arg("entries"),
          "For the portal's data·inclusion v1 routes: the items {service, distance} of "
          "[(Offer, whole km or None)], as comma-separated UTF-8 JSON (bytes).");
}

}  // namespace cartoffre::python
