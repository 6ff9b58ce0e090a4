// The plain dicts of to_dict(): only str, int, float, bool, None, lists and dicts, so that
// json.dumps or a web framework takes them as they are. Keys are the attribute names.

#include "convert.hpp"

namespace cartoffre::python {

namespace {

py::object optional_value(const std::optional<double>& v) {
    return v ? py::object(py::float_(*v)) : py::object(py::none());
}

py::object optional_value(const std::optional<int>& v) {
    return v ? py::object(py::int_(*v)) : py::object(py::none());
}

py::object optional_value(const std::optional<bool>& v) {
    return v ? py::object(py::bool_(*v)) : py::object(py::none());
}

py::dict criteria_dict(const Criteria& c) {
    py::list closures;
    for (auto& closure : c.closures) {
        py::dict d;
        d["from"] = closure.from;
        d["to"] = closure.to;
        closures.append(d);
    }
    py::dict d;
    d["age_min"] = optional_value(c.age_min);
    d["age_max"] = optional_value(c.age_max);
    d["statuses_required"] = c.statuses_required;
    d["statuses_excluded"] = c.statuses_excluded;
    d["genre"] = c.genre;
    d["diplome_max"] = c.diplome_max;
    d["accueil"] = c.accueil;
    d["prescription_required"] = c.prescription_required;
    d["permis_required"] = c.permis_required;
    d["vehicule_required"] = c.vehicule_required;
    d["places_total"] = optional_value(c.places_total);
    d["places_free"] = optional_value(c.places_free);
    d["places_date"] = c.places_date;
    d["session_start"] = c.session_start;
    d["session_end"] = c.session_end;
    d["suspended_until"] = c.suspended_until;
    d["closures"] = closures;
    return d;
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

py::dict offer_dict(const Offer& o) {
    py::dict d;
    d["id"] = o.id;
    d["source"] = o.source;
    d["structure_id"] = o.structure_id;
    d["structure_nom"] = o.structure_nom;
    d["structure_siret"] = o.structure_siret;
    d["nom"] = o.nom;
    d["description"] = o.description;
    d["lien_source"] = o.lien_source;
    d["date_maj"] = o.date_maj;
    d["type"] = o.type;
    d["thematiques"] = o.thematiques;
    d["publics"] = o.publics;
    d["publics_precisions"] = o.publics_precisions;
    d["frais"] = o.frais;
    d["frais_precisions"] = o.frais_precisions;
    d["modes_accueil"] = o.modes_accueil;
    d["zone_eligibilite"] = o.zone_eligibilite;
    d["modes_mobilisation"] = o.modes_mobilisation;
    d["mobilisable_par"] = o.mobilisable_par;
    d["mobilisation_precisions"] = o.mobilisation_precisions;
    d["lien_mobilisation"] = o.lien_mobilisation;
    d["conditions_acces"] = o.conditions_acces;
    d["contact_nom_prenom"] = o.contact_nom_prenom;
    d["telephone"] = o.telephone;
    d["courriel"] = o.courriel;
    d["adresse"] = o.adresse;
    d["complement_adresse"] = o.complement_adresse;
    d["code_postal"] = o.code_postal;
    d["code_insee"] = o.code_insee;
    d["commune"] = o.commune;
    d["latitude"] = optional_value(o.latitude);
    d["longitude"] = optional_value(o.longitude);
    d["location"] = point_list(o.location());
    d["location_approximate"] = o.location_approximate;
    d["horaires_accueil"] = o.horaires_accueil;
    d["volume_horaire_hebdomadaire"] = optional_value(o.volume_horaire_hebdomadaire);
    d["nombre_semaines"] = optional_value(o.nombre_semaines);
    d["criteria"] = criteria_dict(o.criteria);
    d["score_qualite"] = optional_value(o.score_qualite);
    d["doublons"] = o.doublons;
    d["doublon_prefere"] = o.doublon_prefere;
    return d;
}

py::dict reason_dict(const Reason& reason) {
    py::dict d;
    d["code"] = reason.code;
    d["outcome"] = verdict_code(reason.outcome);
    d["text"] = reason.text;
    return d;
}

namespace {

py::list reason_dicts(const std::optional<Eligibility>& eligibility) {
    py::list out;
    if (eligibility)
        for (auto& reason : eligibility->reasons) out.append(reason_dict(reason));
    return out;
}

}  // namespace

py::dict hit_dict(const Hit& hit) {
    py::dict d;
    d["offer"] = offer_dict(hit.offer);
    d["distance_km"] = optional_value(hit.distance_km);
    d["score"] = hit.score;
    d["verdict"] = verdict_of(hit.eligibility);
    d["reasons"] = reason_dicts(hit.eligibility);
    return d;
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
    py::dict d;
    d["offer"] = offer_dict(e.offer);
    d["verdict"] = verdict_code(e.eligibility.verdict);
    d["reasons"] = reason_dicts(e.eligibility);
    d["distance_km"] = optional_value(e.distance_km);
    return d;
}

py::dict results_dict(const ResultsView& view) {
    const Results& r = view.results;
    py::list hits;
    for (auto& hit : r.hits) hits.append(hit_dict(hit));
    py::dict d;
    d["total"] = r.total;
    d["next_cursor"] = r.next_cursor.empty() ? py::object(py::none()) : py::str(r.next_cursor);
    d["facets"] = facets_dict(r.facets);
    d["place"] = r.place ? py::object(place_dict(describe(*r.place, view.index.gazetteer())))
                         : py::object(py::none());
    d["notices"] = r.notices;
    d["unknown_words"] = r.unknown_words;
    d["suggestion"] = r.suggestion;
    d["corrected"] = r.corrected;
    d["hits"] = hits;
    return d;
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
