#pragma once
// An offer is a data·inclusion v1 service together with the structure that provides it.
// Field names follow the standard (French) so a reader can check them against the schema.

#include <optional>
#include <string>
#include <vector>

#include "cartoffre/geo.hpp"

namespace cartoffre {

struct Structure {
    std::string id;  // source--localid
    std::string source;
    std::string nom;
    std::string siret;
    // Its kind (data·inclusion v0 "typologie": ACI, ML, CCAS...; Taxonomy::typologies()).
    std::string typologie;
    std::string description;
    std::string adresse;
    std::string complement_adresse;
    std::string code_postal;
    std::string code_insee;
    std::string commune;
    std::optional<double> latitude;
    std::optional<double> longitude;
    std::string telephone;
    std::string courriel;
    std::string site_web;
    std::string lien_source;
    std::string horaires_accueil;
    std::string accessibilite_lieu;
    std::string date_maj;
    std::vector<std::string> reseaux_porteurs;
};

// A period an offer is closed, dates inclusive (YYYY-MM-DD).
struct Closure {
    std::string from;
    std::string to;
};

// Eligibility criteria and availability beyond the v1 fields (empty means none). Codes are those
// of data/eligibility/ (statuses.tsv, diplomas.tsv); dates are YYYY-MM-DD.
struct Criteria {
    std::optional<int> age_min;
    std::optional<int> age_max;
    std::vector<std::string> statuses_required;  // the person holds at least one
    std::vector<std::string> statuses_excluded;  // the person holds none
    std::string genre;                           // femme or homme: reserved to; empty: anyone
    std::string diplome_max;                     // the highest diploma admitted; empty: any
    // How the offer welcomes the publics it lists (as Soliguide): inconditionnel (anyone),
    // preferentiel (the listed publics first, others welcome), exclusif (only them); empty when
    // not said (a person outside the listed publics is then "to check").
    std::string accueil;
    bool prescription_required = false;  // orientation by a professional
    bool permis_required = false;        // driving licence
    bool vehicule_required = false;
    std::optional<int> places_total;
    std::optional<int> places_free;
    std::string places_date;  // the day the free places were counted
    std::string session_start;
    std::string session_end;
    std::string suspended_until;
    std::vector<Closure> closures;
};

struct Offer {
    std::string id;  // source--localid, unique in an index
    std::string source;
    std::string structure_id;
    std::string structure_nom;
    std::string structure_siret;
    // Its structure's kind (ACI, ML, CCAS...: Taxonomy::typologies()), as the catalogue states it.
    std::string structure_typologie;
    std::string nom;
    std::string description;
    std::string lien_source;
    std::string date_maj;  // YYYY-MM-DD
    // cartoffre's: the source's own status of the offer, as it states it (Soliguide: ONLINE,
    // DRAFT, OFFLINE, PERMANENTLY_CLOSED...); empty when the source states none.
    std::string statut;
    std::string type;  // one of types-de-services, or empty
    std::vector<std::string> thematiques;
    std::vector<std::string> publics;
    std::string publics_precisions;
    std::string frais;  // gratuit, payant or empty
    std::string frais_precisions;
    std::vector<std::string> modes_accueil;  // en-presentiel, a-distance
    std::vector<std::string> zone_eligibilite;
    std::vector<std::string> modes_mobilisation;
    std::vector<std::string> mobilisable_par;
    std::string mobilisation_precisions;
    std::string lien_mobilisation;
    std::string conditions_acces;
    std::string contact_nom_prenom;
    std::string telephone;
    std::string courriel;
    std::string adresse;
    std::string complement_adresse;
    std::string code_postal;
    std::string code_insee;
    std::string commune;
    std::optional<double> latitude;
    std::optional<double> longitude;
    bool location_approximate = false;  // placed at its commune's centre, not at its address
    std::string horaires_accueil;       // OpenStreetMap opening_hours
    std::optional<double> volume_horaire_hebdomadaire;
    std::optional<int> nombre_semaines;
    Criteria criteria;
    // Set by the index, never read from a catalogue: data·inclusion's quality score at the build
    // date (include/cartoffre/quality.hpp), and the probable duplicates of this offer in other
    // catalogues, best first (include/cartoffre/duplicates.hpp); `doublon_prefere` when this offer
    // is the one of its cluster that exclude_duplicates prefers. `telephones`, `courriels` and
    // `liens` pool the contacts of the place across its cluster, this offer's first (phones as
    // "01 23 45 67 89"; links: lien_mobilisation and lien_source), so that the record kept by
    // exclude_duplicates carries what the others knew.
    std::optional<double> score_qualite;
    std::vector<std::string> doublons;
    bool doublon_prefere = false;
    std::vector<std::string> telephones;
    std::vector<std::string> courriels;
    std::vector<std::string> liens;

    std::optional<LatLon> location() const {
        if (latitude && longitude) return LatLon{*latitude, *longitude};
        return std::nullopt;
    }
    bool is_remote() const;     // offered a-distance
    bool is_in_person() const;  // en-presentiel, or no mode stated
};

// Fills a service's empty address, coordinates, contacts and hours from its structure, as the
// standard says a service without its own location is reached at its structure's.
void inherit_from_structure(Offer& offer, const Structure& structure);

}  // namespace cartoffre
