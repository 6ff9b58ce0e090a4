#pragma once
// The words of the synthetic catalogue: kinds of structures with their name patterns and the
// services they usually offer, and the field's everyday phrases for descriptions, addresses
// and hours. Codes named here are data·inclusion v1 codes; the generator keeps only those its
// taxonomy knows.

#include <string_view>
#include <vector>

namespace cartoffre::detail::generator {

// A service a kind of structure offers: its main thématique, its type, a name and a sentence
// of description in the words caseworkers use. Only services that can sensibly be delivered
// at a distance (advice, information, online help) are ever generated as remote.
struct ServiceTemplate {
    const char* theme;
    const char* type;
    const char* name;
    const char* detail;
    bool remote = false;
};

// Name patterns may use {commune} (Melun), {de commune} (de Melun, d'Évry, du Mans),
// {territoire} (du Pays de Meaux: the commune's EPCI, else {de commune}), {nom} (an
// association's name: Le Tremplin) and {dep} (the département code: 77).
struct StructureKind {
    const char* key;
    double weight;        // relative share among structures
    long min_population;  // found only in communes of at least this population
    std::vector<const char*> names;
    const char* about;  // first sentence of its services' descriptions; may use patterns
    std::vector<const char*> categories;  // further thématiques come from these categories
    std::vector<const char*> publics;     // the publics it usually serves
    std::vector<ServiceTemplate> services;
};

// Every kind: social action (generator_kinds_social.cpp), then employment, training and
// mobility (generator_kinds_work.cpp).
const std::vector<StructureKind>& structure_kinds();
const std::vector<StructureKind>& social_kinds();
const std::vector<StructureKind>& employment_kinds();

const std::vector<const char*>& association_names();
const std::vector<const char*>& street_kinds();  // rue, avenue...
const std::vector<const char*>& street_names();  // de la République...
const std::vector<const char*>& address_complements();
const std::vector<const char*>& opening_hours();      // OpenStreetMap opening_hours
const std::vector<const char*>& access_conditions();  // for anyone
const std::vector<const char*>& fee_details();
const std::vector<const char*>& mobilisation_details();

// A sentence saying whom a service is for, and a short precision, by public code; empty when
// the code has none.
std::string_view public_sentence(std::string_view code);
std::string_view public_precision(std::string_view code);
// A condition of access that goes with a public, or empty.
std::string_view access_condition(std::string_view code);
// How a person reaches the service: through a professional, by themselves, or both; in
// person or only at a distance.
std::string_view orientation_sentence(bool by_professionals, bool by_users, bool remote_only);

}  // namespace cartoffre::detail::generator
