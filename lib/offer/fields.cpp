// The field tables (include/cartoffre/fields.hpp). Their order is the binary record's: a field
// added anywhere but at the end of a table, or removed, changes the record's layout, so
// index_format_version (lib/index/snapshot.hpp) is raised with it.

#include "cartoffre/fields.hpp"

namespace cartoffre {

const std::vector<Field<Offer>>& offer_fields() {
    using O = Offer;
    constexpr auto identity = FieldOrigin::identity;
    constexpr auto structure = FieldOrigin::structure;
    constexpr auto service = FieldOrigin::service;
    constexpr auto index = FieldOrigin::index;
    static const std::vector<Field<O>> fields = {
        {"id", &O::id, identity, true},
        {"source", &O::source, identity, true},
        {"structure_id", &O::structure_id, identity, true},
        {"structure_nom", &O::structure_nom, structure},
        {"structure_siret", &O::structure_siret, structure},
        {"structure_typologie", &O::structure_typologie, structure},
        {"nom", &O::nom, service, true},
        {"description", &O::description, service, true},
        {"lien_source", &O::lien_source},
        {"date_maj", &O::date_maj, service, true},
        {"statut", &O::statut},
        {"type", &O::type},
        {"thematiques", &O::thematiques},
        {"publics", &O::publics},
        {"publics_precisions", &O::publics_precisions},
        {"frais", &O::frais},
        {"frais_precisions", &O::frais_precisions},
        {"modes_accueil", &O::modes_accueil},
        {"zone_eligibilite", &O::zone_eligibilite},
        {"modes_mobilisation", &O::modes_mobilisation},
        {"mobilisable_par", &O::mobilisable_par},
        {"mobilisation_precisions", &O::mobilisation_precisions},
        {"lien_mobilisation", &O::lien_mobilisation},
        {"conditions_acces", &O::conditions_acces},
        {"contact_nom_prenom", &O::contact_nom_prenom},
        {"telephone", &O::telephone},
        {"courriel", &O::courriel},
        {"adresse", &O::adresse},
        {"complement_adresse", &O::complement_adresse},
        {"code_postal", &O::code_postal},
        {"code_insee", &O::code_insee},
        {"commune", &O::commune},
        {"latitude", &O::latitude},
        {"longitude", &O::longitude},
        // cartoffre's: the coordinates are the commune's centre, not the address's (v1 has no
        // such field; other readers ignore it). Kept so that an export reads back the same.
        {"localisation_approximative", &O::location_approximate},
        {"horaires_accueil", &O::horaires_accueil},
        {"volume_horaire_hebdomadaire", &O::volume_horaire_hebdomadaire},
        {"nombre_semaines", &O::nombre_semaines},
        {"score_qualite", &O::score_qualite, index},
        {"doublons", &O::doublons, index},
        {"doublon_prefere", &O::doublon_prefere, index},
        {"telephones", &O::telephones, index},
        {"courriels", &O::courriels, index},
        {"liens", &O::liens, index},
    };
    return fields;
}

// cartoffre's extension of the v1 service, in an object "criteres" that other readers ignore:
// eligibility criteria and availability (the standard has no such fields). Closures are ISO
// 8601 intervals, "2026-12-24/2027-01-02".
const std::vector<Field<Criteria>>& criteria_fields() {
    using C = Criteria;
    static const std::vector<Field<C>> fields = {
        {"age_min", &C::age_min},
        {"age_max", &C::age_max},
        {"statuts_requis", &C::statuses_required},
        {"statuts_exclus", &C::statuses_excluded},
        {"genre", &C::genre},
        {"diplome_max", &C::diplome_max},
        {"accueil", &C::accueil},
        {"prescription", &C::prescription_required},
        {"permis", &C::permis_required},
        {"vehicule", &C::vehicule_required},
        {"places_total", &C::places_total},
        {"places_libres", &C::places_free},
        {"places_date", &C::places_date},
        {"session_debut", &C::session_start},
        {"session_fin", &C::session_end},
        {"suspendue_jusqu_au", &C::suspended_until},
        {"fermetures", &C::closures},
    };
    return fields;
}

const std::vector<Field<Structure>>& structure_fields() {
    using S = Structure;
    constexpr auto identity = FieldOrigin::identity;
    constexpr auto service = FieldOrigin::service;
    static const std::vector<Field<S>> fields = {
        {"id", &S::id, identity, true},
        {"source", &S::source, identity, true},
        {"nom", &S::nom, service, true},
        {"date_maj", &S::date_maj, service, true},
        {"siret", &S::siret},
        // data·inclusion v0's, dropped by v1: the structure's kind, which a caseworker names.
        {"typologie", &S::typologie},
        {"description", &S::description},
        {"adresse", &S::adresse},
        {"complement_adresse", &S::complement_adresse},
        {"code_postal", &S::code_postal},
        {"code_insee", &S::code_insee},
        {"commune", &S::commune},
        {"latitude", &S::latitude},
        {"longitude", &S::longitude},
        {"telephone", &S::telephone},
        {"courriel", &S::courriel},
        {"site_web", &S::site_web},
        {"lien_source", &S::lien_source},
        {"horaires_accueil", &S::horaires_accueil},
        {"accessibilite_lieu", &S::accessibilite_lieu},
        {"reseaux_porteurs", &S::reseaux_porteurs},
    };
    return fields;
}

bool mappable(const Field<Offer>& field) {
    const bool text_or_list =
        std::holds_alternative<std::string Offer::*>(field.member) ||
        std::holds_alternative<std::vector<std::string> Offer::*>(field.member);
    return text_or_list &&
           (field.origin == FieldOrigin::service || field.origin == FieldOrigin::structure);
}

}  // namespace cartoffre
