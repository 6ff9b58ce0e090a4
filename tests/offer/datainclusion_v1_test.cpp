// The data·inclusion v1 service as the API answers it (include/cartoffre/datainclusion_v1.hpp):
// the text Python's json.dumps(ensure_ascii=False, separators=(",", ":")) wrote of the same
// service, which the portal sent before. The expected texts below are Python's output;
// tests/python/test_api_v1_encoder.py compares the two over every offer of the real index.

#include "cartoffre/datainclusion_v1.hpp"

#include <catch2/catch.hpp>

using namespace cartoffre;

namespace {

std::string latitude_text(double latitude) {
    Offer offer;
    offer.latitude = latitude;
    const std::string text = datainclusion_v1::service_json(offer);
    const size_t start = text.find("\"latitude\":") + 11;
    return text.substr(start, text.find(',', start) - start);
}

}  // namespace

TEST_CASE("A v1 service lists the schema's fields in order, then its structure") {
    Offer offer;
    offer.id = "dora--s1";
    offer.source = "dora";
    offer.structure_id = "dora--st1";
    offer.structure_nom = "Mission locale";
    offer.nom = "Atelier CV";
    offer.thematiques = {"numerique--utiliser-un-ordinateur", "trouver-un-emploi--cv"};
    offer.latitude = 50.7226;
    offer.longitude = 2.5387;
    offer.nombre_semaines = 12;
    offer.statut = "ONLINE";  // cartoffre's: not a v1 field
    offer.criteria.age_min = 16;
    // Python: json.dumps(service_of(offer), ensure_ascii=False, separators=(",", ":"))
    CHECK(datainclusion_v1::service_json(offer) ==
          R"({"adresse":"","code_insee":"","code_postal":"","commune":"","complement_adresse":"",)"
          R"("conditions_acces":"","contact_nom_prenom":"","courriel":"","date_maj":"",)"
          R"("description":"","frais":"","frais_precisions":"","horaires_accueil":"",)"
          R"("id":"dora--s1","latitude":50.7226,"lien_mobilisation":"","lien_source":"",)"
          R"("longitude":2.5387,"mobilisable_par":[],"mobilisation_precisions":"",)"
          R"("modes_accueil":[],"modes_mobilisation":[],"nom":"Atelier CV",)"
          R"("nombre_semaines":12,"publics":[],"publics_precisions":"","source":"dora",)"
          R"("structure_id":"dora--st1","telephone":"","thematiques":)"
          R"(["numerique--utiliser-un-ordinateur","trouver-un-emploi--cv"],"type":"",)"
          R"("volume_horaire_hebdomadaire":null,"zone_eligibilite":[],"structure":)"
          R"({"accessibilite_lieu":null,"adresse":null,"code_insee":null,"code_postal":null,)"
          R"("commune":null,"complement_adresse":null,"courriel":null,"date_maj":null,)"
          R"("description":null,"horaires_accueil":null,"id":"dora--st1","latitude":null,)"
          R"("lien_source":null,"longitude":null,"nom":"Mission locale","reseaux_porteurs":[],)"
          R"("siret":null,"site_web":null,"source":"dora","telephone":null}})");
}

TEST_CASE("A structure's SIRET is written when the offer has one") {
    Offer offer;
    offer.structure_siret = "13000548100010";
    CHECK(datainclusion_v1::service_json(offer).find(R"("siret":"13000548100010")") !=
          std::string::npos);
}

TEST_CASE("Numbers are written as Python's repr writes them") {
    // repr(): shortest digits that read back, positional from 1e-4 to below 1e16, ".0" if whole
    CHECK(latitude_text(48.8566) == "48.8566");
    CHECK(latitude_text(2.0) == "2.0");
    CHECK(latitude_text(-0.0) == "-0.0");
    CHECK(latitude_text(0.0001) == "0.0001");
    CHECK(latitude_text(1e-05) == "1e-05");
    CHECK(latitude_text(-1.5e-07) == "-1.5e-07");
    CHECK(latitude_text(1e15) == "1000000000000000.0");
    CHECK(latitude_text(1e16) == "1e+16");
    CHECK(latitude_text(123456789.125) == "123456789.125");
    CHECK(latitude_text(0.1 + 0.2) == "0.30000000000000004");
    CHECK(latitude_text(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(latitude_text(5e-324) == "5e-324");
}

TEST_CASE("Texts are escaped as json.dumps escapes them without ensure_ascii") {
    Offer offer;
    offer.nom =
        "a\"b\\c\nd\te\x01"
        "f\x7fg\xc3\xa9\xe2\x80\xa8h\b\f\r";
    const std::string text = datainclusion_v1::service_json(offer);
    // Python: json.dumps("a\"b\\c\nd\te\x01f\x7fgé\u2028h\b\f\r", ensure_ascii=False)
    CHECK(text.find("\"nom\":\"a\\\"b\\\\c\\nd\\te\\u0001f\x7fg\xc3\xa9\xe2\x80\xa8h\\b\\f\\r\"") !=
          std::string::npos);
}

TEST_CASE("An item is the service and its whole km, null for a remote-only offer") {
    Offer offer;
    offer.id = "a--1";
    std::string out;
    datainclusion_v1::append_item(out, offer, 39);
    const std::string service = datainclusion_v1::service_json(offer);
    CHECK(out == "{\"service\":" + service + ",\"distance\":39}");
    out.clear();
    datainclusion_v1::append_item(out, offer, std::nullopt);
    CHECK(out == "{\"service\":" + service + ",\"distance\":null}");
}

TEST_CASE("Distances are PostgreSQL's integer cast of the exact km on PostGIS's sphere") {
    CHECK(datainclusion_v1::whole_km(11.4774) == 11);  // the library's 11.5 would give 12
    CHECK(datainclusion_v1::whole_km(11.5) == 12);     // half away from zero
    CHECK(datainclusion_v1::whole_km(0.49) == 0);
    // The portal's Python gave, for these two points: 37.2200720308748 (the same double).
    const double km = datainclusion_v1::sphere_km({50.7226, 2.5387}, {50.6311, 3.0468});
    CHECK(km == 37.2200720308748);
    CHECK(datainclusion_v1::whole_km(km) == 37);
}
