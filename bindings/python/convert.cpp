// The plain dicts of to_dict(): only str, int, float, bool, None, lists and dicts, so that
// json.dumps or a web framework takes them as they are. Offers, hits, explanations and pages
// are the command's --json (lib/index/json_shape.hpp), converted.

#include "convert.hpp"

#include "index/json_shape.hpp"

namespace cartoffre::python {

namespace {

py::object optional_value(const std::optional<int>& v) {
    return v ? py::object(py::int_(*v)) : py::object(py::none());
}

py::object optional_value(const std::optional<bool>& v) {
    return v ? py::object(py::bool_(*v)) : py::object(py::none());
}

// JSON has no tuples: a point in a dict is a [lat, lon] list, so that a dict read back from
// json.loads equals the one given to json.dumps.
py::object point_list(const std::optional<LatLon>& p) {
    if (!p) return py::none();
    py::list out;
    out.append(p->lat);
    out.append(p->lon);
    return out;
}

}  // namespace

PlaceInfo describe(const Place& place, const Gazetteer& gazetteer) {
    PlaceInfo info;
    info.kind = place.kind == Place::Kind::commune    ? "commune"
                : place.kind == Place::Kind::postcode ? "postcode"
                                                      : "point";
    info.label = place.label;
    for (uint32_t c : place.communes) {
        const Commune commune = gazetteer.commune(c);
        info.communes.push_back({std::string(commune.code), std::string(commune.name),
                                 std::string(commune.departement)});
    }
    info.origins = place.origins;
    info.notices = place.notices;
    return info;
}

py::object point_tuple(const std::optional<LatLon>& point) {
    if (!point) return py::none();
    return py::make_tuple(point->lat, point->lon);
}

py::object verdict_of(const std::optional<Eligibility>& eligibility) {
    if (!eligibility) return py::none();
    return py::str(verdict_code(eligibility->verdict));
}

py::list reasons_list(const std::optional<Eligibility>& eligibility) {
    py::list out;
    if (eligibility)
        for (auto& reason : eligibility->reasons) out.append(py::cast(reason));
    return out;
}

// The one JSON shape (lib/index/json_shape.hpp), the command's --json's, as Python values.
py::object to_python(const detail::Json& v) {
    switch (v.type()) {
        case detail::Json::value_t::object: {
            py::dict d;
            for (auto& [key, item] : v.items()) d[py::str(key)] = to_python(item);
            return std::move(d);
        }
        case detail::Json::value_t::array: {
            py::list l(v.size());
            for (size_t i = 0; i < v.size(); ++i) l[i] = to_python(v[i]);
            return std::move(l);
        }
        case detail::Json::value_t::string:
            return py::str(v.get_ref<const std::string&>());
        case detail::Json::value_t::boolean:
            return py::bool_(v.get<bool>());
        case detail::Json::value_t::number_integer:
            return py::int_(v.get<long long>());
        case detail::Json::value_t::number_unsigned:
            return py::int_(v.get<unsigned long long>());
        case detail::Json::value_t::number_float:
            return py::float_(v.get<double>());
        default:
            return py::none();
    }
}

py::dict offer_dict(const Offer& o) {
    return to_python(detail::offer_json(o));
}

py::dict reason_dict(const Reason& reason) {
    return to_python(detail::reason_json(reason));
}

py::dict hit_dict(const Hit& hit) {
    return to_python(detail::hit_json(hit));
}

py::dict facets_dict(const Facets& facets) {
    auto counts = [](const std::vector<FacetCount>& list) {
        py::list out;
        for (auto& f : list) {
            py::dict d;
            d["code"] = f.code;
            d["label"] = f.label;
            d["count"] = f.count;
            out.append(d);
        }
        return out;
    };
    py::dict d;
    d["categories"] = counts(facets.categories);
    d["types"] = counts(facets.types);
    d["frais"] = counts(facets.frais);
    d["publics"] = counts(facets.publics);
    d["kinds"] = counts(facets.kinds);
    return d;
}

py::dict place_dict(const PlaceInfo& place) {
    py::list communes, origins;
    for (auto& c : place.communes) {
        py::dict d;
        d["code"] = c.code;
        d["name"] = c.name;
        d["departement"] = c.departement;
        communes.append(d);
    }
    for (auto& p : place.origins) origins.append(point_list(p));
    py::dict d;
    d["kind"] = place.kind;
    d["label"] = place.label;
    d["communes"] = communes;
    d["origins"] = origins;
    d["notices"] = place.notices;
    return d;
}

py::dict profile_dict(const Profile& p) {
    py::dict d;
    d["age"] = optional_value(p.age);
    d["birth_date"] = p.birth_date ? py::object(py::str(p.birth_date->to_string())) : py::none();
    d["genre"] = p.genre;
    d["lives_in"] = p.lives_in;
    d["qpv"] = optional_value(p.qpv);
    d["frr"] = optional_value(p.frr);
    d["statuses"] = p.statuses;
    d["statuses_complete"] = p.statuses_complete;
    d["diplome"] = p.diplome;
    d["permis"] = optional_value(p.permis);
    d["vehicule"] = optional_value(p.vehicule);
    return d;
}

py::dict explanation_dict(const Explanation& e) {
    return to_python(detail::explanation_json(e));
}

py::dict results_dict(const ResultsView& view) {
    return to_python(detail::results_json(view.results, view.index.gazetteer()));
}

py::dict completion_dict(const PlaceCompletion& completion, const Gazetteer& gazetteer) {
    const Commune c = gazetteer.commune(completion.commune);
    py::dict d;
    d["label"] = completion.label;
    d["code"] = c.code;
    d["name"] = c.name;
    d["departement"] = c.departement;
    d["postcodes"] = c.postcodes();
    d["population"] = c.population;
    d["lat"] = c.centre ? py::object(py::float_(c.centre->lat)) : py::object(py::none());
    d["lon"] = c.centre ? py::object(py::float_(c.centre->lon)) : py::object(py::none());
    d["place"] = completion.place;
    d["postcode"] = completion.postcode;
    return d;
}

}  // namespace cartoffre::python
