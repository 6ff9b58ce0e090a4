#pragma once
// The fields of an offer, of its criteria and of a structure, each declared once: its
// data·inclusion v1 name, its member and where it comes from. The catalogue's reader and
// writer, the mappings, the index's records, the exports and the JSON of the command and of
// Python all walk these tables, so a field added to a table is read, stored, written and shown
// everywhere (CONTRIBUTING.md, "Adding an offer field").

#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "cartoffre/offer.hpp"

namespace cartoffre {

// What a field holds is the type of its member: text, a list of codes or texts, an optional
// number or integer, a flag, or closure periods.
template <class Record>
using FieldMember = std::variant<std::string Record::*, std::vector<std::string> Record::*,
                                 std::optional<double> Record::*, std::optional<int> Record::*,
                                 bool Record::*, std::vector<Closure> Record::*>;

enum class FieldOrigin {
    service,    // a field of the catalogue's record (v1, or cartoffre's extension of it)
    identity,   // id, source, structure_id: a loader makes them, a mapping cannot set them
    structure,  // an offer's copy of its structure's (structure_nom): not in a v1 service
    index,      // set by the index (score_qualite, doublons): in no catalogue and no record
};

template <class Record>
struct Field {
    const char* name;  // as data·inclusion v1 names it, or cartoffre's extension
    FieldMember<Record> member;
    FieldOrigin origin = FieldOrigin::service;
    bool required = false;  // the v1 schema requires it: a writer writes it even when empty
};

// In the order of the index's binary record (id first) and of the CSV export's columns. An
// offer's criteria are its member `criteria`, written as the object "criteres".
const std::vector<Field<Offer>>& offer_fields();
const std::vector<Field<Criteria>>& criteria_fields();
const std::vector<Field<Structure>>& structure_fields();

// Whether a mapping (data/mappings/) may fill the offer field: texts and lists a catalogue
// gives, not the identity a loader makes nor what the index computes.
bool mappable(const Field<Offer>& field);

// Calls visit(value) with the field's value in `record` (const or not): a std::string&, a
// std::vector<std::string>&...
template <class Record, class Visit>
void visit_field(const Field<std::remove_const_t<Record>>& field, Record& record, Visit&& visit) {
    std::visit([&](auto member) { visit(record.*member); }, field.member);
}

}  // namespace cartoffre
