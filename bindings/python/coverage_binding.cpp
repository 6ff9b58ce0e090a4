// Index.coverage and the rows it returns (cartoffre/coverage.hpp): a commune for a subject, an
// area for a subject, and the whole report, each with a JSON-ready to_dict() for a portal layer.

#include "cartoffre/coverage.hpp"
#include "cartoffre/error.hpp"
#include "convert.hpp"

namespace cartoffre::python {

namespace {

// None for a missing number, as to_dict() writes it.
py::object optional_number(const std::optional<double>& x) {
    return x ? py::object(py::float_(*x)) : py::object(py::none());
}

py::dict commune_dict(const CommuneCoverage& c) {
    py::dict d;
    d["code"] = c.code;
    d["nom"] = c.name;
    d["departement"] = c.departement;
    d["population"] = c.population;
    d["centre"] = py::make_tuple(c.centre.lat, c.centre.lon);
    d["sujet"] = c.subject;
    d["distance_km"] = optional_number(c.nearest_km);
    d["offre_la_plus_proche"] = c.nearest_km ? py::object(py::str(c.nearest_id)) : py::none();
    d["offres_dans_le_rayon"] = c.within_radius;
    d["offres_dans_la_commune"] = c.in_commune;
    d["offres_a_distance"] = c.remote;
    d["au_dela_du_rayon"] = c.beyond_radius();
    return d;
}

py::dict area_dict(const AreaCoverage& a) {
    py::dict d;
    d["niveau"] = a.level;
    d["code"] = a.code;
    d["nom"] = a.name;
    d["sujet"] = a.subject;
    d["communes"] = a.communes;
    d["population"] = a.population;
    d["communes_au_dela"] = a.communes_beyond;
    d["population_au_dela"] = a.population_beyond;
    d["communes_avec_offre_a_distance"] = a.communes_with_remote;
    d["distance_mediane_km"] = optional_number(a.median_km);
    d["distance_p90_km"] = optional_number(a.p90_km);
    d["offres"] = a.offers;
    d["offres_pour_10000_habitants"] = a.offers_per_10000;
    d["doublons"] = a.duplicates;
    d["part_doublons"] = a.duplicate_share;
    d["offres_avec_places"] = a.offers_with_places;
    d["places"] = a.places_total;
    d["places_libres"] = a.places_free;
    d["part_places_libres"] = optional_number(a.free_share);
    return d;
}

py::dict offer_side_dict(const AreaOffers& side, const CoverageReport& r) {
    py::dict d, by_category, by_source;
    py::list missing;
    for (size_t k = 0; k < r.categories.size(); ++k) {
        if (side.by_category[k])
            by_category[py::str(r.categories[k])] = side.by_category[k];
        else
            missing.append(r.categories[k]);
    }
    for (size_t k = 0; k < r.sources.size(); ++k)
        if (side.by_source[k]) by_source[py::str(r.sources[k])] = side.by_source[k];
    d["niveau"] = side.level;
    d["code"] = side.code;
    d["nom"] = side.name;
    d["offres"] = side.offers;
    d["par_categorie"] = by_category;
    d["par_source"] = by_source;
    d["categories_sans_offre"] = missing;
    return d;
}

py::dict report_dict(const CoverageReport& r) {
    py::dict d;
    py::list communes, areas, totals, sides;
    for (const CommuneCoverage& c : r.communes) communes.append(commune_dict(c));
    for (const AreaCoverage& a : r.areas) areas.append(area_dict(a));
    for (const AreaCoverage& a : r.totals) totals.append(area_dict(a));
    for (const AreaOffers& side : r.offer_side) sides.append(offer_side_dict(side, r));
    d["rayon_km"] = r.radius_km;
    d["sujets"] = r.subjects;
    d["communes"] = communes;
    d["zones"] = areas;
    d["totaux"] = totals;
    d["offre"] = sides;
    d["avertissements"] = r.warnings;
    return d;
}

// A path read by the catalogue readers, a dict {commune: area}, or rows (commune, area[, name]).
AreaTable areas_arg(py::handle value) {
    if (py::isinstance<py::str>(value) || py::hasattr(value, "__fspath__"))
        return AreaTable::load(path_arg(value, "areas"));
    AreaTable table;
    table.file = "areas";
    size_t line = 0;
    auto add = [&](py::handle commune, py::handle area, py::handle name) {
        table.rows.push_back({++line, text_arg(commune, "areas"), text_arg(area, "areas"),
                              name.is_none() ? "" : text_arg(name, "areas")});
    };
    if (py::isinstance<py::dict>(value)) {
        for (auto item : value.cast<py::dict>()) add(item.first, item.second, py::none());
        return table;
    }
    for (py::handle row : value) {
        const py::tuple t = py::tuple(py::reinterpret_borrow<py::object>(row));
        if (t.size() < 2 || t.size() > 3)
            throw py::type_error("areas rows are (commune, area) or (commune, area, name)");
        add(t[0], t[1], t.size() == 3 ? py::handle(t[2]) : py::handle(py::none()));
    }
    return table;
}

CoverageReport coverage(const Index& index, py::handle departements, py::handle regions,
                        py::handle epcis, py::handle communes, py::handle themes,
                        py::handle radius_km, py::handle by, py::handle areas, py::handle publics,
                        py::handle types, py::handle frais, py::handle sources,
                        py::handle modes_accueil, py::handle min_quality, py::handle profile,
                        py::handle today, py::handle open_at, py::handle open_on,
                        py::handle available) {
    CoverageQuery q;
    const std::pair<Territory::Kind, std::vector<std::string>> kinds[] = {
        {Territory::Kind::departement, codes_arg(departements, "departements")},
        {Territory::Kind::region, codes_arg(regions, "regions")},
        {Territory::Kind::epci, codes_arg(epcis, "epcis")},
        {Territory::Kind::communes, codes_arg(communes, "communes")}};
    for (const auto& [kind, codes] : kinds) {
        if (codes.empty()) continue;
        if (q.territory.kind != Territory::Kind::france)
            throw QueryError(
                "give one kind of territory: departements, regions, epcis or communes");
        q.territory = {kind, codes};
    }
    q.subjects = codes_arg(themes, "themes");
    q.radius_km = number_arg(radius_km, "radius_km");
    const std::string level = text_arg(by, "by");
    q.by = level == "epci"          ? AreaLevel::epci
           : level == "departement" ? AreaLevel::departement
           : level == "region"      ? AreaLevel::region
           : level == "commune"     ? AreaLevel::commune
                                    : throw QueryError(
                                          "by: commune, epci, departement or region, "
                                              "not '" +
                                          level + "'");
    if (!areas.is_none()) {
        q.areas = areas_arg(areas);
        q.by = AreaLevel::table;
    }
    q.filters.publics = codes_arg(publics, "publics");
    q.filters.types = codes_arg(types, "types");
    q.filters.frais = codes_arg(frais, "frais");
    q.filters.sources = codes_arg(sources, "sources");
    q.filters.modes_accueil = codes_arg(modes_accueil, "modes_accueil");
    q.filters.min_quality = number_arg(min_quality, "min_quality");
    q.filters.profile = profile_arg(profile);
    q.filters.today = date_arg(today, "today");
    q.filters.open_at = moment_arg(open_at, "open_at");
    q.filters.open_on = date_arg(open_on, "open_on");
    q.filters.available = flag_arg(available, "available");
    py::gil_scoped_release unlocked;
    return index.coverage(q);
}

}  // namespace

void bind_coverage(py::module_& m) {
    py::class_<CommuneCoverage>(m, "CommuneCoverage",
                                "One commune for one subject (category or thématique).")
        .def_readonly("code", &CommuneCoverage::code)
        .def_readonly("name", &CommuneCoverage::name)
        .def_readonly("departement", &CommuneCoverage::departement)
        .def_readonly("population", &CommuneCoverage::population)
        .def_readonly("subject", &CommuneCoverage::subject)
        .def_readonly("nearest_km", &CommuneCoverage::nearest_km,
                      "from the commune's centre to the nearest in-person offer open to its "
                      "residents, or None")
        .def_readonly("nearest_id", &CommuneCoverage::nearest_id)
        .def_readonly("within_radius", &CommuneCoverage::within_radius)
        .def_readonly("in_commune", &CommuneCoverage::in_commune)
        .def_readonly("remote", &CommuneCoverage::remote, "remote offers open to its residents")
        .def_property_readonly("beyond_radius", &CommuneCoverage::beyond_radius)
        .def("to_dict", &commune_dict, "A JSON-ready dict (French keys, as the command's CSV)");
    py::class_<AreaCoverage>(m, "AreaCoverage", "One area (or the territory) for one subject.")
        .def_readonly("level", &AreaCoverage::level)
        .def_readonly("code", &AreaCoverage::code)
        .def_readonly("name", &AreaCoverage::name)
        .def_readonly("subject", &AreaCoverage::subject)
        .def_readonly("communes", &AreaCoverage::communes)
        .def_readonly("population", &AreaCoverage::population)
        .def_readonly("communes_beyond", &AreaCoverage::communes_beyond)
        .def_readonly("population_beyond", &AreaCoverage::population_beyond)
        .def_readonly("median_km", &AreaCoverage::median_km)
        .def_readonly("p90_km", &AreaCoverage::p90_km)
        .def_readonly("offers", &AreaCoverage::offers)
        .def_readonly("offers_per_10000", &AreaCoverage::offers_per_10000)
        .def_readonly("duplicate_share", &AreaCoverage::duplicate_share)
        .def_readonly("places_total", &AreaCoverage::places_total)
        .def_readonly("places_free", &AreaCoverage::places_free)
        .def("to_dict", &area_dict, "A JSON-ready dict (French keys, as the command's CSV)");
    py::class_<CoverageReport>(m, "Coverage", "What Index.coverage measured.")
        .def_readonly("radius_km", &CoverageReport::radius_km)
        .def_readonly("subjects", &CoverageReport::subjects)
        .def_readonly("communes", &CoverageReport::communes, "CommuneCoverage rows")
        .def_readonly("areas", &CoverageReport::areas, "AreaCoverage rows, per area and subject")
        .def_readonly("totals", &CoverageReport::totals, "the territory, one per subject")
        .def_readonly("warnings", &CoverageReport::warnings)
        .def_property_readonly(
            "offer_side",
            [](const CoverageReport& r) {
                py::list sides;
                for (const AreaOffers& side : r.offer_side) sides.append(offer_side_dict(side, r));
                return sides;
            },
            "per area: offers by category and source, categories without offer (dicts)")
        .def("to_dict", &report_dict, "Everything as JSON-ready dicts and lists");

    const py::none none;
    const py::tuple empty;
    py::reinterpret_borrow<py::class_<Index>>(m.attr("Index"))
        .def("coverage", &coverage, py::arg("departements") = empty, py::arg("regions") = empty,
             py::arg("epcis") = empty, py::arg("communes") = empty, py::arg("themes") = empty,
             py::arg("radius_km") = 15.0, py::arg("by") = "commune", py::arg("areas") = none,
             py::arg("publics") = empty, py::arg("types") = empty, py::arg("frais") = empty,
             py::arg("sources") = empty, py::arg("modes_accueil") = empty,
             py::arg("min_quality") = 0.0, py::arg("profile") = none, py::arg("today") = none,
             py::arg("open_at") = none, py::arg("open_on") = none, py::arg("available") = false,
             "How far each commune of a territory is from the offer, per category or thématique "
             "(themes; default the 16 categories): a Coverage with a CommuneCoverage per commune "
             "and subject, AreaCoverage rows per area (by: commune, epci, departement, region; "
             "or areas: a table commune -> area as a file path, a dict or (commune, area[, "
             "name]) rows) and for the whole territory. The territory: departements, regions, "
             "epcis or communes (codes; one kind), else all of France. Filters and profile as "
             "in search; only offers the person may enter count. Raises PlaceError, "
             "QueryError, DataError. Releases the GIL while measuring.");
}

}  // namespace cartoffre::python
