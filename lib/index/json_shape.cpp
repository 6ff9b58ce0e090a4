#include "index/json_shape.hpp"

#include "cartoffre/fields.hpp"
#include "cartoffre/json.hpp"

namespace cartoffre::detail {

namespace {

Json value(const std::string& v) {
    return v;
}
Json value(const std::vector<std::string>& v) {
    return v;
}
Json value(bool v) {
    return v;
}
template <class Number>
Json value(const std::optional<Number>& v) {
    return v ? Json(*v) : Json(nullptr);
}
Json value(const std::vector<Closure>& v) {
    Json out = Json::array();
    for (auto& c : v) out.push_back(c.from + "/" + c.to);
    return out;
}

template <class Record>
void put_fields(Json& out, const std::vector<Field<Record>>& fields, const Record& record) {
    for (auto& field : fields)
        visit_field(field, record, [&](auto& v) { out[field.name] = value(v); });
}

Json facet_json(const std::vector<FacetCount>& counts) {
    Json out = Json::array();
    for (auto& c : counts)
        out.push_back({{"code", c.code}, {"label", c.label}, {"count", c.count}});
    return out;
}

const char* kind_code(Place::Kind kind) {
    switch (kind) {
        case Place::Kind::commune:
            return "commune";
        case Place::Kind::postcode:
            return "postcode";
        case Place::Kind::point:
            break;
    }
    return "point";
}

Json reasons_json(const std::optional<Eligibility>& eligibility) {
    Json out = Json::array();
    if (eligibility)
        for (auto& reason : eligibility->reasons) out.push_back(reason_json(reason));
    return out;
}

}  // namespace

Json offer_json(const Offer& offer) {
    Json out = Json::object();
    put_fields(out, offer_fields(), offer);
    Json criteria = Json::object();
    put_fields(criteria, criteria_fields(), offer.criteria);
    out["criteres"] = std::move(criteria);
    return out;
}

Json reason_json(const Reason& reason) {
    return {
        {"code", reason.code}, {"outcome", verdict_code(reason.outcome)}, {"text", reason.text}};
}

Json hit_json(const Hit& hit) {
    Json out = Json::object();
    out["offer"] = offer_json(hit.offer);
    out["distance_km"] = value(hit.distance_km);
    out["score"] = hit.score;
    out["verdict"] = hit.eligibility ? Json(verdict_code(hit.eligibility->verdict)) : Json(nullptr);
    out["reasons"] = reasons_json(hit.eligibility);
    return out;
}

Json explanation_json(const Explanation& e) {
    Json out = Json::object();
    out["offer"] = offer_json(e.offer);
    out["verdict"] = verdict_code(e.eligibility.verdict);
    out["reasons"] = reasons_json(e.eligibility);
    out["distance_km"] = value(e.distance_km);
    return out;
}

Json place_json(const Place& place, const Gazetteer& gazetteer) {
    Json communes = Json::array(), origins = Json::array();
    for (uint32_t c : place.communes) {
        const Commune commune = gazetteer.commune(c);
        communes.push_back({{"code", std::string(commune.code)},
                            {"name", std::string(commune.name)},
                            {"departement", std::string(commune.departement)}});
    }
    for (auto& origin : place.origins) origins.push_back({origin.lat, origin.lon});
    Json out = Json::object();
    out["kind"] = kind_code(place.kind);
    out["label"] = place.label;
    out["communes"] = std::move(communes);
    out["origins"] = std::move(origins);
    out["notices"] = place.notices;
    return out;
}

Json results_json(const Results& r, const Gazetteer& gazetteer) {
    Json hits = Json::array();
    for (auto& hit : r.hits) hits.push_back(hit_json(hit));
    Json out = Json::object();
    out["total"] = r.total;
    out["next_cursor"] = r.next_cursor.empty() ? Json(nullptr) : Json(r.next_cursor);
    out["facets"] = {{"categories", facet_json(r.facets.categories)},
                     {"types", facet_json(r.facets.types)},
                     {"frais", facet_json(r.facets.frais)},
                     {"publics", facet_json(r.facets.publics)},
                     {"kinds", facet_json(r.facets.kinds)}};
    out["place"] = r.place ? place_json(*r.place, gazetteer) : Json(nullptr);
    out["notices"] = r.notices;
    out["unknown_words"] = r.unknown_words;
    out["suggestion"] = r.suggestion;
    out["corrected"] = r.corrected;
    Json understood = Json::array();
    for (auto& u : r.understood)
        understood.push_back({{"words", u.words}, {"meaning", u.meaning}, {"codes", u.codes}});
    out["understood"] = std::move(understood);
    out["hits"] = std::move(hits);
    out["unplaced"] = r.unplaced;
    Json beyond = Json::array();
    for (auto& hit : r.nearest_beyond) beyond.push_back(hit_json(hit));
    out["nearest_beyond"] = std::move(beyond);
    return out;
}

}  // namespace cartoffre::detail

namespace cartoffre {

std::string to_json(const Offer& offer, int indent) {
    return detail::offer_json(offer).dump(indent);
}
std::string to_json(const Explanation& explanation, int indent) {
    return detail::explanation_json(explanation).dump(indent);
}
std::string to_json(const Results& results, const Gazetteer& gazetteer, int indent) {
    return detail::results_json(results, gazetteer).dump(indent);
}
std::string to_json(const Place& place, const Gazetteer& gazetteer, int indent) {
    return detail::place_json(place, gazetteer).dump(indent);
}

}  // namespace cartoffre
